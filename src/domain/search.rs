//! Fuzzy search over the ranked caseload: which people match a query, in urgency order, with the
//! matched characters of each name for highlighting. Pure: no terminal, no IO.
//!
//! Each searchable field (name, father's name, FIR number, prison, police station) is matched on
//! its own with skim's algorithm and the best field wins. The name and father's name are also
//! matched on their name keys ([`super::name_match`], issue 16 §2): "mohd aslam" and "محمد اسلم"
//! find "Muhammad Aslam", which no subsequence match does. Results keep the ranked order, not
//! the match score (a filtered list is still a triage list); [`names_first`] puts the name-key
//! matches first, exact before variant, where the list is in urgency order.

use super::model::Record;
use super::name_match::{NameMatch, NameQuery};
use super::names::NameTable;
use super::triage::Ranked;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use std::collections::HashMap;
use std::sync::Arc;

/// One person who matches a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Index into the ranked slice (not into the records).
    pub position: usize,
    /// The best field's match score (0 when the query is blank).
    pub score: i64,
    /// Char indices in `detainee.name` that the query matched, for highlighting; empty when the
    /// name itself did not match (another field did).
    pub name_positions: Positions,
    /// The name or father's name matched on its name key (`None`: by the fuzzy match only).
    pub kind: Option<NameMatch>,
}

/// The char indices of a name that a query matched, shared by every hit on the same name: a
/// one-letter search of a million people was spending its time copying them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Positions(Option<Arc<[usize]>>);

impl Positions {
    pub fn as_slice(&self) -> &[usize] {
        self.0.as_deref().unwrap_or(&[])
    }

    pub fn is_empty(&self) -> bool {
        self.as_slice().is_empty()
    }
}

impl From<Vec<usize>> for Positions {
    fn from(positions: Vec<usize>) -> Positions {
        Positions((!positions.is_empty()).then(|| positions.into()))
    }
}

impl<const N: usize> PartialEq<[usize; N]> for Positions {
    fn eq(&self, other: &[usize; N]) -> bool {
        self.as_slice() == other
    }
}

/// Puts the name-key matches first (exact, then variant, then the fuzzy ones), each group in
/// the order it was in: what a search in urgency order shows.
pub fn names_first(hits: &mut [Hit]) {
    hits.sort_by_key(|hit| match hit.kind {
        Some(NameMatch::Exact) => 0,
        Some(NameMatch::Variant) => 1,
        None => 2,
    });
}

/// Whether `query` holds a name for name-key matching: a longer query may then find people a
/// shorter one did not ("moh" → "mohd" finds "Muhammad"), so results cannot be narrowed.
pub fn names_a_name(query: &str) -> bool {
    !NameQuery::new(NameTable::builtin(), query).is_empty()
}

/// What search can read: the searchable text fields of the `index`th person — the name, then the
/// father's name, FIR number, prison and police station. Implemented by the full records and by
/// the compact [`Roster`](super::roster::Roster), which interns its texts.
pub trait Corpus {
    fn fields(&self, index: usize) -> Option<(&str, [Option<&str>; 4])>;

    /// The interned ids of the `index`th person's texts, when the corpus interns them: each
    /// distinct text is then matched once per query and thread, and looked up by id for
    /// everyone else (no text hashed per person). `None`: remembered by the text.
    fn text_ids(&self, _index: usize) -> Option<TextIds> {
        None
    }

    /// One more than the largest id of names and of places (0, 0 without ids).
    fn id_counts(&self) -> (usize, usize) {
        (0, 0)
    }
}

/// A person's interned texts as [`Corpus::text_ids`] gives them: the name and father's name
/// are ids of one table, the prison and police station of another; 0 is "not recorded".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TextIds {
    pub name: u32,
    pub father: u32,
    pub prison: u32,
    pub police_station: u32,
}

impl Corpus for [Record] {
    fn fields(&self, index: usize) -> Option<(&str, [Option<&str>; 4])> {
        let record = self.get(index)?;
        let d = &record.detainee;
        let c = &record.case;
        Some((
            &d.name,
            [
                d.father_name.as_deref(),
                c.fir_number.as_deref(),
                d.prison.as_deref(),
                c.police_station.as_deref(),
            ],
        ))
    }
}

impl Corpus for Vec<Record> {
    fn fields(&self, index: usize) -> Option<(&str, [Option<&str>; 4])> {
        self.as_slice().fields(index)
    }
}

/// Everyone in `ranked` who matches `query`, in ranked (urgency) order. A blank query matches
/// every position. A big list is split across the machine's cores.
pub fn filter<C: Corpus + ?Sized + Sync>(records: &C, ranked: &[Ranked], query: &str) -> Vec<Hit> {
    let query = query.trim();
    if query.is_empty() {
        return (0..ranked.len()).map(blank_hit).collect();
    }
    search(records, ranked, 0..ranked.len(), query)
}

/// Like [`filter`], but when `query` only appends to the query that produced `previous`, re-checks
/// just the previous hits (a longer pattern can only match a subset). `previous_query` is the
/// query `previous` was computed for.
pub fn narrow<C: Corpus + ?Sized + Sync>(
    records: &C,
    ranked: &[Ranked],
    previous: &[Hit],
    previous_query: &str,
    query: &str,
) -> Vec<Hit> {
    let grows = !previous_query.trim().is_empty()
        && !names_a_name(query)
        && query.starts_with(previous_query)
        && query.trim_start() == query
        && previous_query.trim_start() == previous_query;
    if !grows {
        return filter(records, ranked, query);
    }
    let candidates = previous.iter().map(|hit| hit.position);
    search(records, ranked, candidates, query.trim())
}

/// Like [`filter`], but only among `positions` of `ranked` (a filter's result): the
/// search then costs the people the filter kept, not everyone.
pub fn within<C: Corpus + ?Sized + Sync>(
    records: &C,
    ranked: &[Ranked],
    positions: &[usize],
    query: &str,
) -> Vec<Hit> {
    let query = query.trim();
    if query.is_empty() {
        return positions.iter().map(|&p| blank_hit(p)).collect();
    }
    search(records, ranked, positions.iter().copied(), query)
}

/// The hits among the `candidates` positions of `ranked`, in ranked order. People are visited in
/// corpus order, not ranked order: the corpus is then read front to back (a roster's entries and
/// text stay in the CPU caches), on one thread per core for a big list.
fn search<C: Corpus + ?Sized + Sync>(
    records: &C,
    ranked: &[Ranked],
    candidates: impl Iterator<Item = usize>,
    query: &str,
) -> Vec<Hit> {
    // By corpus index, the ranked position + 1 of each candidate (0: not a candidate).
    let end = ranked.iter().map(|r| r.index + 1).max().unwrap_or(0);
    let mut wanted = vec![0usize; end];
    let mut count = 0;
    for position in candidates {
        if let Some(r) = ranked.get(position) {
            wanted[r.index] = position + 1;
            count += 1;
        }
    }
    let threads = crate::domain::parallel::threads_for(count);
    let chunks = crate::domain::parallel::in_chunks(end, threads, |range| {
        let mut scorer = Scorer::new(query, records.id_counts());
        // Room for everyone: memory not written to is never touched, and a one-letter query
        // that keeps most people is not copied as its list grows.
        let mut hits = Vec::with_capacity(range.len());
        let people = wanted[range.clone()].iter().zip(range);
        for (slot, index) in people.filter(|(slot, _)| **slot != 0) {
            let ids = records.text_ids(index).unwrap_or_default();
            let fields = records.fields(index);
            hits.extend(fields.and_then(|fields| scorer.hit(fields, ids, slot - 1)));
        }
        vec![hits]
    });
    in_ranked_order(chunks, ranked.len())
}

/// The hits of every chunk (each at its own position of `len`) in position order: each is put
/// where it goes rather than sorted (a one-letter query keeps most of a million people).
fn in_ranked_order(mut chunks: Vec<Vec<Hit>>, len: usize) -> Vec<Hit> {
    if let [only] = chunks.as_mut_slice()
        && only.is_sorted_by_key(|hit| hit.position)
    {
        return std::mem::take(only);
    }
    let count: usize = chunks.iter().map(Vec::len).sum();
    if count < len / 64 {
        // A few hits (a narrowed search): sorting them beats a table as long as everyone.
        let mut hits: Vec<Hit> = chunks.into_iter().flatten().collect();
        hits.sort_unstable_by_key(|hit| hit.position);
        return hits;
    }
    // By position: the chunk and the place in it of the hit there.
    let mut at = vec![u64::MAX; len];
    for (c, hits) in chunks.iter().enumerate() {
        for (i, hit) in hits.iter().enumerate() {
            at[hit.position] = ((c as u64) << 32) | i as u64;
        }
    }
    let mut ordered = Vec::with_capacity(count);
    for found in at.into_iter().filter(|&at| at != u64::MAX) {
        let hit = &mut chunks[(found >> 32) as usize][(found & u64::from(u32::MAX)) as usize];
        ordered.push(std::mem::replace(hit, blank_hit(0)));
    }
    ordered
}

fn blank_hit(position: usize) -> Hit {
    Hit {
        position,
        score: 0,
        name_positions: Positions::default(),
        kind: None,
    }
}

/// Distinct texts a scorer remembers by text per query; past it (a caseload of all-different
/// names) it stops remembering rather than grow. Texts with ids are all remembered, by id.
const REMEMBER: usize = 65_536;

/// A name-key match: how, and the char indices of the name words that matched.
type Keyed = Option<(NameMatch, Positions)>;

/// One kind of result remembered per distinct text: by interned id in a table as long as the
/// ids (0 in it: not yet worked out, else one more than the result's place), or by the text
/// itself for a corpus without ids.
struct Memo<'a, T> {
    slots: Vec<u32>,
    results: Vec<T>,
    by_text: HashMap<&'a str, T>,
}

impl<'a, T: Clone> Memo<'a, T> {
    fn new(ids: usize) -> Self {
        Memo {
            slots: vec![0; ids],
            results: Vec::new(),
            by_text: HashMap::new(),
        }
    }

    /// The result for `text` (interned as `id`, 0 without one), worked out by `find` the first
    /// time only.
    fn get(&mut self, text: &'a str, id: u32, find: impl FnOnce() -> T) -> T {
        if let Some(slot) = self.slots.get_mut(id as usize).filter(|_| id != 0) {
            if *slot == 0 {
                self.results.push(find());
                *slot = self.results.len() as u32;
            }
            return self.results[*slot as usize - 1].clone();
        }
        if let Some(known) = self.by_text.get(text) {
            return known.clone();
        }
        let found = find();
        if self.by_text.len() < REMEMBER {
            self.by_text.insert(text, found.clone());
        }
        found
    }
}

/// Scores people for one query on one thread. Names, prisons and police stations repeat across
/// a caseload, so each distinct text is matched (and keyed) once and its result remembered.
struct Scorer<'a, 'q> {
    matcher: SkimMatcherV2,
    query: &'q str,
    /// The query as a name key; `None` when it holds no name words (a FIR number).
    named: Option<NameQuery>,
    /// By name id: the fuzzy match with the name's matched chars, the fuzzy score alone (a
    /// father's name), and the name-key match.
    names: Memo<'a, Option<(i64, Positions)>>,
    fathers: Memo<'a, Option<i64>>,
    keys: Memo<'a, Keyed>,
    /// By place id: prisons and police stations. (FIR numbers nearly all differ: matched each.)
    places: Memo<'a, Option<i64>>,
}

impl<'a, 'q> Scorer<'a, 'q> {
    /// A scorer for `query` over a corpus with these [`Corpus::id_counts`].
    fn new(query: &'q str, (names, places): (usize, usize)) -> Self {
        let named = NameQuery::new(NameTable::builtin(), query);
        Scorer {
            matcher: SkimMatcherV2::default().ignore_case(),
            query,
            named: (!named.is_empty()).then_some(named),
            names: Memo::new(names),
            fathers: Memo::new(names),
            keys: Memo::new(names),
            places: Memo::new(places),
        }
    }

    /// The best field's score; the matcher runs only on fields that hold the query's characters
    /// in order (for the others it finds nothing, at the cost of copying the field to chars).
    fn hit(
        &mut self,
        (name, others): (&'a str, [Option<&'a str>; 4]),
        ids: TextIds,
        position: usize,
    ) -> Option<Hit> {
        let (matcher, query) = (&self.matcher, self.query);
        let named = self.names.get(name, ids.name, || {
            may_match(name, query)
                .then(|| matcher.fuzzy_indices(name, query))
                .flatten()
                .map(|(score, positions)| (score, positions.into()))
        });
        let by_key = keyed(&self.named, &mut self.keys, name, ids.name);
        let [father, fir, prison, station] = others;
        let father_key = match (&by_key, father) {
            (None, Some(father)) => keyed(&self.named, &mut self.keys, father, ids.father),
            _ => None,
        };
        let kind = by_key
            .as_ref()
            .or(father_key.as_ref())
            .map(|(kind, _)| *kind);
        let fuzzy = |memo: &mut Memo<'a, Option<i64>>, text: Option<&'a str>, id: u32| {
            let text = text?;
            memo.get(text, id, || {
                may_match(text, query)
                    .then(|| matcher.fuzzy_match(text, query))
                    .flatten()
            })
        };
        let fir = fir.filter(|fir| may_match(fir, query));
        let best = [
            fuzzy(&mut self.fathers, father, ids.father),
            fir.and_then(|fir| matcher.fuzzy_match(fir, query)),
            fuzzy(&mut self.places, prison, ids.prison),
            fuzzy(&mut self.places, station, ids.police_station),
            named.as_ref().map(|(score, _)| *score),
        ]
        .into_iter()
        .flatten()
        .max();
        if best.is_none() && kind.is_none() {
            return None;
        }
        // Highlight what matched: the name's words on a name-key match, else the fuzzy letters.
        let name_positions = by_key.map(|(_, p)| p).or(named.map(|(_, p)| p));
        Some(Hit {
            position,
            score: best.unwrap_or(0),
            name_positions: name_positions.unwrap_or_default(),
            kind,
        })
    }
}

/// How the name (or father's name) `text`, interned as `id`, meets the query (`None`: it holds
/// no name words) on its name key.
fn keyed<'a>(
    query: &Option<NameQuery>,
    keys: &mut Memo<'a, Keyed>,
    text: &'a str,
    id: u32,
) -> Keyed {
    let query = query.as_ref()?;
    keys.get(text, id, || {
        let found = query.classify_key(&NameTable::builtin().key(text));
        found.map(|(kind, positions)| (kind, positions.into()))
    })
}

/// Whether [`filter`] keeps a person whose searchable fields are `fields`: some field holds the
/// (trimmed) query's characters in order, which is exactly when skim's matcher finds a match.
/// Cheap: no matcher runs, no scores; for a names-only first pass.
pub fn matches_any<'a>(fields: impl IntoIterator<Item = &'a str>, query: &str) -> bool {
    let query = query.trim();
    query.is_empty() || fields.into_iter().any(|field| may_match(field, query))
}

/// False exactly when the matcher's own first test fails: some char of `query` (ASCII case
/// folded, as skim folds) does not occur in order in `field`. Avoids the matcher's per-call
/// char buffers for the people who cannot match.
fn may_match(field: &str, query: &str) -> bool {
    if field.is_ascii() && query.is_ascii() {
        let mut hay = field.bytes();
        return query
            .bytes()
            .all(|q| hay.any(|h| h.eq_ignore_ascii_case(&q)));
    }
    let mut hay = field.chars();
    query
        .chars()
        .all(|q| hay.any(|h| h.eq_ignore_ascii_case(&q)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::triage::{Band, Ranked};
    use chrono::NaiveDate;

    fn records() -> Vec<Record> {
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
        let mut a = Record::new("Muhammad Aslam", day);
        a.detainee.prison = Some("Central Jail Karachi".into());
        let mut b = Record::new("محمد اسلم", day);
        b.detainee.father_name = Some("Ghulam Rasool".into());
        let mut c = Record::new("Bushra Bibi", day);
        c.case.fir_number = Some("FIR 123/2025".into());
        c.case.police_station = Some("Saddar".into());
        vec![a, b, c]
    }

    /// Ranked deliberately not in record order: results must follow this order.
    fn ranked() -> Vec<Ranked> {
        [2, 0, 1]
            .into_iter()
            .map(|index| Ranked {
                index,
                total: 50,
                band: Band::Medium,
            })
            .collect()
    }

    fn positions(hits: &[Hit]) -> Vec<usize> {
        hits.iter().map(|h| h.position).collect()
    }

    #[test]
    fn blank_query_keeps_everyone_in_ranked_order() {
        let hits = filter(&records(), &ranked(), "  ");
        assert_eq!(positions(&hits), [0, 1, 2]);
    }

    #[test]
    fn name_match_reports_char_positions() {
        // The Urdu spelling meets the Latin one on its name key.
        let hits = filter(&records(), &ranked(), "aslam");
        assert_eq!(positions(&hits), [1, 2]);
        assert_eq!(hits[0].name_positions, [9, 10, 11, 12, 13]);
        assert_eq!(hits[1].name_positions, [5, 6, 7, 8]);
        assert!(hits.iter().all(|h| h.kind == Some(NameMatch::Variant)));
    }

    #[test]
    fn spellings_of_a_name_are_found_exact_first_then_fuzzy() {
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
        let names = [
            "Mohd. Aslam",
            "Aslam Khan",
            "محمد اسلم",
            "Muhammad Aslam",
            "Mahmud Aslam",
        ];
        let recs: Vec<Record> = names.iter().map(|n| Record::new(n, day)).collect();
        let ranked: Vec<Ranked> = (0..recs.len())
            .map(|index| Ranked {
                index,
                total: 50,
                band: Band::Medium,
            })
            .collect();
        for query in ["mohammad aslam", "mohd aslam", "محمد اسلم"] {
            let mut hits = filter(&recs, &ranked, query);
            names_first(&mut hits);
            let found: Vec<&str> = hits.iter().map(|h| names[h.position]).collect();
            let kinds: Vec<Option<NameMatch>> = hits.iter().map(|h| h.kind).collect();
            assert!(found.contains(&"Muhammad Aslam"), "{query}: {found:?}");
            assert!(found.contains(&"Mohd. Aslam"), "{query}: {found:?}");
            assert!(found.contains(&"محمد اسلم"), "{query}: {found:?}");
            assert!(!found.contains(&"Mahmud Aslam"), "{query}: {found:?}");
            let mut sorted = kinds.clone();
            sorted.sort_by_key(|k| k.map_or(2, |k| k as u8));
            assert_eq!(kinds, sorted, "{query}: exact, then variant, then fuzzy");
            assert_eq!(kinds[0], Some(NameMatch::Exact), "{query}");
        }
    }

    #[test]
    fn other_fields_match_without_name_positions() {
        let recs = records();
        let hits = filter(&recs, &ranked(), "saddar");
        assert_eq!(positions(&hits), [0]);
        assert!(hits[0].name_positions.is_empty());
        assert_eq!(positions(&filter(&recs, &ranked(), "123/2025")), [0]);
        assert_eq!(positions(&filter(&recs, &ranked(), "ghulam")), [2]);
        assert_eq!(positions(&filter(&recs, &ranked(), "karachi")), [1]);
    }

    #[test]
    fn urdu_names_match_by_char_index() {
        let hits = filter(&records(), &ranked(), "اسلم");
        assert_eq!(positions(&hits), [1, 2], "the Latin spelling too");
        assert_eq!(hits[1].name_positions, [5, 6, 7, 8]);
    }

    #[test]
    fn narrow_equals_filter_when_query_grows() {
        let recs = records();
        let first = filter(&recs, &ranked(), "a");
        for longer in ["as", "asl", "a b", "ab"] {
            let narrowed = narrow(&recs, &ranked(), &first, "a", longer);
            assert_eq!(narrowed, filter(&recs, &ranked(), longer), "{longer}");
        }
        // Not an append: falls back to a full filter.
        let other = narrow(&recs, &ranked(), &first, "a", "sa");
        assert_eq!(other, filter(&recs, &ranked(), "sa"));
    }
}
