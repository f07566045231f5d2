//! The one ranking order (README "How caseload orders people"): most points first; among equal
//! scores the earlier statutory-bail date (an open s.497 clock, none last), then the longer time
//! in custody, then the lower id. Every list, sheet, export and screen sorts with [`RankKey`]:
//! `list`, the TUI list, the Hearings screen (by date, then this order), the day sheet and
//! `checklist --date`. Ranking a million people uses the packed form of the same key.

use super::model::Record;
use super::triage::{Band, Facts, statutory_bail_of, total};
use super::weights::Weights;
use chrono::{Datelike, NaiveDate};
use std::cmp::Reverse;

/// Everything the order compares, in order: derive(Ord) on these fields *is* the ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct RankKey {
    points: Reverse<i64>,
    /// The date an open (unblocked) statutory-bail clock falls due; `NaiveDate::MAX` for none.
    bail_due: NaiveDate,
    days_in_custody: Reverse<i64>,
    id: i64,
}

impl RankKey {
    /// The key of a person with these facts and this id, scored `total` on `today`.
    pub fn new(f: &Facts, total: i64, id: i64, today: NaiveDate, weights: &Weights) -> RankKey {
        RankKey {
            points: Reverse(total),
            bail_due: open_bail_due(f, weights).unwrap_or(NaiveDate::MAX),
            days_in_custody: Reverse(f.days_in_custody(today)),
            id,
        }
    }

    /// The key of a full record (the day sheet, the checklist of a date).
    pub fn of(record: &Record, today: NaiveDate, weights: &Weights) -> RankKey {
        let f = Facts::of(record, today);
        let (points, _) = total(&f, today, weights);
        RankKey::new(&f, points, record.detainee.id, today, weights)
    }
}

fn open_bail_due(f: &Facts, weights: &Weights) -> Option<NaiveDate> {
    statutory_bail_of(f, weights)
        .filter(|sb| sb.blocked_by.is_none())
        .map(|sb| sb.due)
}

/// One ranked person: an index into the records slice, and what the list needs to sort and colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ranked {
    pub index: usize,
    pub total: i64,
    pub band: Band,
}

/// The people at `positions` of `ranked`, placed by their index (the order they are stored):
/// `None` where nobody is. Going through people in stored order reads memory front to back,
/// which a ranked order does not (at a million people, most of a filter's or a count's time).
pub fn by_stored_order(
    ranked: &[Ranked],
    positions: impl IntoIterator<Item = usize>,
) -> Vec<Option<Ranked>> {
    let len = ranked.iter().map(|r| r.index + 1).max().unwrap_or(0);
    let mut by_index = vec![None; len];
    for r in positions.into_iter().filter_map(|p| ranked.get(p)) {
        by_index[r.index] = Some(*r);
    }
    by_index
}

/// People in custody in the ranking order ([`RankKey`]), the same on every run.
pub fn rank(records: &[Record], today: NaiveDate, weights: &Weights) -> Vec<Ranked> {
    rank_by(
        records.len(),
        |i| {
            let record = &records[i];
            record
                .in_custody()
                .then(|| (Facts::of(record, today), record.detainee.id))
        },
        today,
        weights,
    )
}

/// The ranking key, then input order; and the band to keep.
type SortKey = (RankKey, usize, Band);

/// [`rank`] over any collection: `facts(i)` gives the facts and detainee id of the `i`th person
/// of `len`, or `None` for someone not to rank. Scores with the fast path [`total`].
pub fn rank_by<F: std::borrow::Borrow<Facts>>(
    len: usize,
    facts: impl Fn(usize) -> Option<(F, i64)>,
    today: NaiveDate,
    weights: &Weights,
) -> Vec<Ranked> {
    // One sort key per person; the index last keeps equal keys in input order, as a stable sort.
    let mut keys: Vec<SortKey> = (0..len)
        .filter_map(|index| {
            let (f, id) = facts(index)?;
            let f = f.borrow();
            if !f.in_custody() {
                return None;
            }
            let (total, band) = total(f, today, weights);
            Some((RankKey::new(f, total, id, today, weights), index, band))
        })
        .collect();
    keys.sort_unstable_by_key(|&(key, index, _)| (key, index));
    keys.into_iter()
        .map(|(key, index, band)| Ranked {
            index,
            total: key.points.0,
            band,
        })
        .collect()
}

/// [`rank_by`] on two or more threads, for `facts` whose detainee ids rise with the index (as a
/// roster loaded from the file does; otherwise it falls back to [`rank_by`]). The same order.
pub fn rank_by_parallel<F: std::borrow::Borrow<Facts>>(
    len: usize,
    facts: impl Fn(usize) -> Option<(F, i64)> + Sync,
    today: NaiveDate,
    weights: &Weights,
) -> Vec<Ranked> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let chunk = len.div_ceil(threads).max(1);
    let runs: Vec<KeyRun> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..len)
            .step_by(chunk)
            .map(|start| {
                let facts = &facts;
                s.spawn(move || key_run(start..(start + chunk).min(len), facts, today, weights))
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    if !ids_rise(runs.iter()) || u32::try_from(len).is_err() {
        return rank_by(len, facts, today, weights);
    }
    merge_runs(runs.into_iter().map(|r| r.keys).collect())
        .into_iter()
        .map(|key| {
            let total = unpack_total(key);
            Ranked {
                index: (key & u128::from(u32::MAX)) as usize,
                total,
                band: Band::of(total, weights),
            }
        })
        .collect()
}

/// Whether ids rise within each run and from each run to the next (chunks in index order):
/// then a run's index stands for its id in the packed keys.
fn ids_rise<'a>(runs: impl Iterator<Item = &'a KeyRun>) -> bool {
    let mut last = None;
    for run in runs {
        if !run.ids_rise || last.zip(run.first_id).is_some_and(|(a, b)| a >= b) {
            return false;
        }
        last = run.last_id.or(last);
    }
    true
}

/// The sorted keys of one chunk, and whether its ids rise.
struct KeyRun {
    keys: Vec<u128>,
    ids_rise: bool,
    first_id: Option<i64>,
    last_id: Option<i64>,
}

fn key_run<F: std::borrow::Borrow<Facts>>(
    range: std::ops::Range<usize>,
    facts: &impl Fn(usize) -> Option<(F, i64)>,
    today: NaiveDate,
    weights: &Weights,
) -> KeyRun {
    let mut run = kept_run(range, facts, |_: &Ranked| false, today, weights).run;
    run.keys.sort_unstable();
    run
}

/// [`RankKey`] (with the index standing for the id, which rises with it) as one integer:
/// sorting it ascending is [`rank_by`]'s order. Points are clamped to 32 bits (no score comes
/// near), dates are days from 0001-01-01 (32 bits; none = the largest), days in custody fit 32
/// bits (chrono's dates span under 2^28 days), indexes are checked to.
fn pack_key(key: &RankKey, index: usize) -> u128 {
    let points = key.points.0.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32;
    let points = u32::MAX - ((points as u32) ^ (1 << 31));
    let due = if key.bail_due == NaiveDate::MAX {
        u32::MAX
    } else {
        u32::try_from(key.bail_due.num_days_from_ce()).unwrap_or(0)
    };
    let days = u32::MAX - u32::try_from(key.days_in_custody.0).unwrap_or(u32::MAX);
    (u128::from(points) << 96)
        | (u128::from(due) << 64)
        | (u128::from(days) << 32)
        | (index as u128 & u128::from(u32::MAX))
}

fn unpack_total(key: u128) -> i64 {
    let points = u32::MAX - (key >> 96) as u32;
    i64::from((points ^ (1 << 31)) as i32)
}

/// Sorted runs merged into one sorted list.
fn merge_runs(mut runs: Vec<Vec<u128>>) -> Vec<u128> {
    while runs.len() > 1 {
        let b = runs.pop().unwrap_or_default();
        let a = runs.pop().unwrap_or_default();
        let mut merged = Vec::with_capacity(a.len() + b.len());
        let (mut i, mut j) = (0, 0);
        while i < a.len() && j < b.len() {
            if a[i] <= b[j] {
                merged.push(a[i]);
                i += 1;
            } else {
                merged.push(b[j]);
                j += 1;
            }
        }
        merged.extend_from_slice(&a[i..]);
        merged.extend_from_slice(&b[j..]);
        runs.push(merged);
    }
    runs.pop().unwrap_or_default()
}

/// A test of scored people, one per thread: a filter's [`Keeper`](super::filter::Keeper), or
/// any closure.
pub trait Keep {
    fn keeps(&mut self, r: &Ranked) -> bool;
}

impl<F: FnMut(&Ranked) -> bool> Keep for F {
    fn keeps(&mut self, r: &Ranked) -> bool {
        self(r)
    }
}

/// The people a filter keeps, in the ranking order, each with their position in the ranking
/// of everyone in custody (0 = most urgent), and how many are in custody.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct KeptRanks {
    pub kept: Vec<(usize, Ranked)>,
    pub in_custody: usize,
}

/// [`rank_by_parallel`] narrowed to the people `keeper` keeps, without sorting everyone: each
/// person is scored and tested where they are stored, only the kept are sorted, and each kept
/// person's position is counted from the keys of the rest (a filter that keeps a few hundred
/// of a million sorts a few hundred). When many are kept, everyone is sorted after all.
/// `keeper()` makes one test per thread (a filter caches per thread). The same positions and
/// order as ranking everyone and filtering.
pub fn rank_kept<F, K>(
    len: usize,
    facts: impl Fn(usize) -> Option<(F, i64)> + Sync,
    keeper: impl Fn() -> K + Sync,
    today: NaiveDate,
    weights: &Weights,
) -> KeptRanks
where
    F: std::borrow::Borrow<Facts>,
    K: Keep,
{
    let threads = super::parallel::threads_for(len);
    let runs = super::parallel::in_chunks(len, threads, |range| {
        vec![kept_run(range, &facts, keeper(), today, weights)]
    });
    if !ids_rise(runs.iter().map(|r| &r.run)) || u32::try_from(len).is_err() {
        return rank_then_keep(len, facts, keeper(), today, weights);
    }
    let mut kept: Vec<(u128, Band)> = runs.iter().flat_map(|r| r.kept.iter().copied()).collect();
    kept.sort_unstable_by_key(|&(key, _)| key);
    let keys: Vec<u128> = kept.iter().map(|&(key, _)| key).collect();
    let in_custody = runs.iter().map(|r| r.run.keys.len()).sum();
    let positions = if keys.len() <= in_custody / FEW_KEPT_PER {
        positions_by_counting(&keys, &runs)
    } else {
        positions_by_sorting(&keys, runs)
    };
    let kept = kept
        .iter()
        .zip(positions)
        .map(|(&(key, band), position)| {
            let r = Ranked {
                index: (key & u128::from(u32::MAX)) as usize,
                total: unpack_total(key),
                band,
            };
            (position, r)
        })
        .collect();
    KeptRanks { kept, in_custody }
}

/// Up to one kept person in this many in custody, each one's position is counted by a binary
/// search per person in custody; beyond it sorting everyone is quicker. Measured at 1M (paired
/// against `list`, counting / sorting): 2k kept 0.95 / 0.95, 27k 1.00 / 1.13, 60k 1.00 / 1.02,
/// 128k 1.00 / 1.20, 186k 1.14 / 1.08.
const FEW_KEPT_PER: usize = 8;

/// The position among everyone of each of the sorted `keys`: how many keys of everyone are
/// smaller, counted per thread in gaps between kept keys, then added up.
fn positions_by_counting(keys: &[u128], runs: &[KeptRun]) -> Vec<usize> {
    let counts = super::parallel::in_chunks(runs.len(), runs.len(), |range| {
        range
            .map(|r| {
                // gaps[j]: keys of this run above kept key j-1, up to kept key j.
                let mut gaps = vec![0usize; keys.len() + 1];
                for key in &runs[r].run.keys {
                    gaps[keys.partition_point(|k| k < key)] += 1;
                }
                gaps
            })
            .collect::<Vec<_>>()
    });
    // Gap j holds the kept key j itself (as many kept keys are below it as its place) and
    // everyone else below it and above kept key j-1: the keys up to gap j, less itself, are
    // the keys below it.
    let mut up_to = 0;
    (0..keys.len())
        .map(|j| {
            up_to += counts.iter().map(|gaps| gaps[j]).sum::<usize>();
            up_to - 1
        })
        .collect()
}

/// The same as [`positions_by_counting`], by sorting everyone's keys and walking them.
fn positions_by_sorting(keys: &[u128], runs: Vec<KeptRun>) -> Vec<usize> {
    let sorted = merge_runs(
        runs.into_iter()
            .map(|mut r| {
                r.run.keys.sort_unstable();
                r.run.keys
            })
            .collect(),
    );
    let mut positions = Vec::with_capacity(keys.len());
    let mut at = 0;
    for key in keys {
        at += sorted[at..].partition_point(|k| k < key);
        positions.push(at);
    }
    positions
}

/// One chunk's keys (everyone in custody, unsorted) and the keys and bands of those kept.
struct KeptRun {
    run: KeyRun,
    kept: Vec<(u128, Band)>,
}

fn kept_run<F: std::borrow::Borrow<Facts>>(
    range: std::ops::Range<usize>,
    facts: &impl Fn(usize) -> Option<(F, i64)>,
    mut keep: impl Keep,
    today: NaiveDate,
    weights: &Weights,
) -> KeptRun {
    let mut run = KeyRun {
        keys: Vec::new(),
        ids_rise: true,
        first_id: None,
        last_id: None,
    };
    let mut kept = Vec::new();
    for index in range {
        let Some((f, id)) = facts(index) else {
            continue;
        };
        run.ids_rise &= run.last_id.is_none_or(|last| last < id);
        run.first_id = run.first_id.or(Some(id));
        run.last_id = Some(id);
        let f = f.borrow();
        if f.in_custody() {
            let (total, band) = total(f, today, weights);
            let key = pack_key(&RankKey::new(f, total, id, today, weights), index);
            run.keys.push(key);
            if keep.keeps(&Ranked { index, total, band }) {
                kept.push((key, band));
            }
        }
    }
    KeptRun { run, kept }
}

/// [`rank_kept`] the slow way, for people whose ids do not rise with the index.
fn rank_then_keep<F: std::borrow::Borrow<Facts>>(
    len: usize,
    facts: impl Fn(usize) -> Option<(F, i64)>,
    mut keep: impl Keep,
    today: NaiveDate,
    weights: &Weights,
) -> KeptRanks {
    let ranked = rank_by(len, facts, today, weights);
    KeptRanks {
        in_custody: ranked.len(),
        kept: ranked
            .into_iter()
            .enumerate()
            .filter(|(_, r)| keep.keeps(r))
            .collect(),
    }
}

/// Each person's band where `keeper` keeps them (`None`: not kept, not in custody, or no
/// case), in stored order and unsorted: what a count needs, without ranking anyone.
pub fn bands_kept<F, K>(
    len: usize,
    facts: impl Fn(usize) -> Option<(F, i64)> + Sync,
    keeper: impl Fn() -> K + Sync,
    today: NaiveDate,
    weights: &Weights,
) -> Vec<Option<Band>>
where
    F: std::borrow::Borrow<Facts>,
    K: Keep,
{
    let threads = super::parallel::threads_for(len);
    super::parallel::in_chunks(len, threads, |range| {
        let mut keep = keeper();
        range
            .map(|index| {
                let (f, _) = facts(index)?;
                let f = f.borrow();
                if !f.in_custody() {
                    return None;
                }
                let (total, band) = total(f, today, weights);
                keep.keeps(&Ranked { index, total, band }).then_some(band)
            })
            .collect()
    })
}
