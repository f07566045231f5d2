//! Counting the statistics on every core: each slice of people is tallied on its own thread
//! and the tallies added up (at a million people one core took longer than reading the file).
//! Medians are worked out once over everyone's days, never averaged from the slices.

use super::{
    BandCounts, CustodyBands, DaysSummary, Field, GroupRow, Headline, Subject, marks,
    months_in_custody, nearest_rank, summarise_days,
};
use crate::domain::model::{Gender, Stage};
use crate::domain::parallel;
use crate::domain::triage::Band;
use crate::domain::weights::Weights;
use chrono::NaiveDate;

/// A value's row and the days in custody of its people (for the median). Fx hashing (the
/// rustc-hash crate): the keys are the clinic's own place names, not hostile input, and
/// counting every field of 100,000 people took under half the time with it (one run each).
type Groups<'a> = rustc_hash::FxHashMap<Option<&'a str>, (GroupRow, Vec<i64>)>;

/// People the statistics count, by index: a slice of subjects, or people read for counting
/// (`caseload stats` counts a million without making a subject of each first).
pub trait Source: Sync {
    /// Indexes run over `0..slots()`.
    fn slots(&self) -> usize;
    /// The `index`th person, `None` for nobody to count there.
    fn subject(&self, index: usize) -> Option<Subject<'_>>;
}

impl Source for [Subject<'_>] {
    fn slots(&self) -> usize {
        self.len()
    }

    fn subject(&self, index: usize) -> Option<Subject<'_>> {
        self.get(index).copied()
    }
}

/// The headline numbers over `people` (anyone not in custody is skipped).
pub fn headline(people: &[Subject], today: NaiveDate, weights: &Weights) -> Headline {
    headline_of(people, today, weights)
}

/// [`headline`] over any [`Source`], counted on every core in slices and added up (at a
/// million people one core took longer than the read).
pub fn headline_of(
    people: &(impl Source + ?Sized),
    today: NaiveDate,
    weights: &Weights,
) -> Headline {
    let threads = parallel::threads_for(people.slots());
    let parts = parallel::in_chunks(people.slots(), threads, |range| {
        vec![tally(
            range.filter_map(|i| people.subject(i)),
            today,
            weights,
        )]
    });
    let mut h = Headline::empty(today);
    let mut days = Vec::with_capacity(people.slots());
    for (part, part_days) in parts {
        h.add(&part);
        days.extend(part_days);
    }
    h.days_in_custody = summarise_days(&mut days);
    h
}

impl Headline {
    fn empty(as_of: NaiveDate) -> Headline {
        Headline {
            as_of,
            in_custody: 0,
            pre_trial: 0,
            convicted: 0,
            women: 0,
            transgender: 0,
            juveniles: 0,
            pregnant: 0,
            with_children: 0,
            children_in_prison: 0,
            sick: 0,
            statutory_bail_due: 0,
            statutory_bail_near: 0,
            no_lawyer: 0,
            no_hearing: 0,
            days_in_custody: DaysSummary::default(),
            custody_bands: CustodyBands::default(),
            bands: BandCounts::default(),
        }
    }

    /// Adds the counts of `other` (not its days summary: medians do not add).
    fn add(&mut self, other: &Headline) {
        self.in_custody += other.in_custody;
        self.pre_trial += other.pre_trial;
        self.convicted += other.convicted;
        self.women += other.women;
        self.transgender += other.transgender;
        self.juveniles += other.juveniles;
        self.pregnant += other.pregnant;
        self.with_children += other.with_children;
        self.children_in_prison += other.children_in_prison;
        self.sick += other.sick;
        self.statutory_bail_due += other.statutory_bail_due;
        self.statutory_bail_near += other.statutory_bail_near;
        self.no_lawyer += other.no_lawyer;
        self.no_hearing += other.no_hearing;
        let (mine, theirs) = (&mut self.custody_bands, &other.custody_bands);
        for (slot, n) in mine.slots_mut().into_iter().zip(theirs.counts()) {
            *slot += n;
        }
        self.bands.critical += other.bands.critical;
        self.bands.high += other.bands.high;
        self.bands.medium += other.bands.medium;
        self.bands.low += other.bands.low;
    }
}

/// The counts of one slice of people, and the days in custody of those counted.
fn tally<'a>(
    people: impl Iterator<Item = Subject<'a>>,
    today: NaiveDate,
    weights: &Weights,
) -> (Headline, Vec<i64>) {
    let mut h = Headline::empty(today);
    let mut days = Vec::with_capacity(people.size_hint().1.unwrap_or(0));
    for s in people.filter(|s| s.facts.in_custody()) {
        let f = s.facts;
        let m = marks(f, today, weights);
        h.in_custody += 1;
        h.pre_trial += u64::from(m.pre_trial);
        h.convicted += u64::from(f.stage == Stage::Convicted);
        h.women += u64::from(m.woman);
        h.transgender += u64::from(f.gender == Some(Gender::Transgender));
        h.juveniles += u64::from(m.juvenile);
        h.pregnant += u64::from(f.pregnant == Some(true));
        let children = f.children_in_prison.unwrap_or(0);
        h.with_children += u64::from(children > 0);
        h.children_in_prison += u64::from(children);
        let sick = f.health.iter().any(|x| x.is_sickness())
            || f.age_on(today)
                .is_some_and(|a| a >= weights.thresholds.elderly_age);
        h.sick += u64::from(sick);
        h.statutory_bail_due += u64::from(m.bail_due);
        h.statutory_bail_near += u64::from(m.bail_near);
        h.no_lawyer += u64::from(!f.has_lawyer);
        h.no_hearing += u64::from(f.next_hearing.is_none());
        h.custody_bands.add(months_in_custody(f.arrest_date, today));
        match s.band {
            Band::Critical => h.bands.critical += 1,
            Band::High => h.bands.high += 1,
            Band::Medium => h.bands.medium += 1,
            Band::Low => h.bands.low += 1,
        }
        days.push(f.days_in_custody(today));
    }
    (h, days)
}

/// One [`group_by`] table per field of `fields`, in one pass: each person's marks are worked
/// out once however many fields are counted (the statistics screen counts every field). Slices
/// are counted on every core and their tables added up.
pub fn group_by_each(
    people: &[Subject],
    fields: &[Field],
    today: NaiveDate,
    weights: &Weights,
) -> Vec<Vec<GroupRow>> {
    group_by_each_of(people, fields, today, weights)
}

/// [`group_by_each`] over any [`Source`].
pub fn group_by_each_of(
    people: &(impl Source + ?Sized),
    fields: &[Field],
    today: NaiveDate,
    weights: &Weights,
) -> Vec<Vec<GroupRow>> {
    let threads = parallel::threads_for(people.slots());
    let parts = parallel::in_chunks(people.slots(), threads, |range| {
        let slice = range.filter_map(|i| people.subject(i));
        vec![group_slice(slice, fields, today, weights)]
    });
    let mut parts = parts.into_iter();
    let mut tables = parts.next().unwrap_or_default();
    for part in parts {
        for (table, other) in tables.iter_mut().zip(part) {
            for (value, (row, days)) in other {
                let (mine, my_days) = table.entry(value).or_insert_with(|| (row.zeroed(), vec![]));
                mine.add(&row);
                my_days.extend(days);
            }
        }
    }
    tables.resize_with(fields.len(), Groups::default);
    tables.into_iter().map(sorted_rows).collect()
}

/// The tables of [`group_by_each`] over one slice of people.
fn group_slice<'a>(
    people: impl Iterator<Item = Subject<'a>>,
    fields: &[Field],
    today: NaiveDate,
    weights: &Weights,
) -> Vec<Groups<'a>> {
    let mut tables: Vec<Groups> = fields.iter().map(|_| Groups::default()).collect();
    for s in people.filter(|s| s.facts.in_custody()) {
        let m = marks(s.facts, today, weights);
        let days = s.facts.days_in_custody(today);
        for (field, groups) in fields.iter().zip(&mut tables) {
            let value = field.value(&s);
            let (row, in_group) = groups.entry(value).or_insert_with(|| {
                let row = GroupRow {
                    value: value.map(str::to_string),
                    ..GroupRow::default()
                };
                (row, Vec::new())
            });
            row.in_custody += 1;
            row.pre_trial += u64::from(m.pre_trial);
            row.women += u64::from(m.woman);
            row.juveniles += u64::from(m.juvenile);
            row.statutory_bail_due += u64::from(m.bail_due);
            row.no_lawyer += u64::from(!s.facts.has_lawyer);
            in_group.push(days);
        }
    }
    tables
}

impl GroupRow {
    /// The same value with nothing counted.
    fn zeroed(&self) -> GroupRow {
        GroupRow {
            value: self.value.clone(),
            ..GroupRow::default()
        }
    }

    /// Adds the counts of `other` (not its median: medians do not add).
    fn add(&mut self, other: &GroupRow) {
        self.in_custody += other.in_custody;
        self.pre_trial += other.pre_trial;
        self.women += other.women;
        self.juveniles += other.juveniles;
        self.statutory_bail_due += other.statutory_bail_due;
        self.no_lawyer += other.no_lawyer;
    }
}

/// The rows of one table with their medians, most people first (ties: by value, not recorded
/// last).
fn sorted_rows(groups: Groups) -> Vec<GroupRow> {
    let mut rows: Vec<GroupRow> = groups
        .into_values()
        .map(|(mut row, mut days)| {
            row.median_days = nearest_rank(&mut days, 50);
            row
        })
        .collect();
    rows.sort_by(|a, b| {
        b.in_custody
            .cmp(&a.in_custody)
            .then_with(|| a.value.is_none().cmp(&b.value.is_none()))
            .then_with(|| a.value.cmp(&b.value))
    });
    rows
}
