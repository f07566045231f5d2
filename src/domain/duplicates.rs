//! Duplicate candidates (issue 16 §3): pairs of records that may be one person, each with a
//! score and its reasons in words. Pure: the caller brings the people, the pairs the clinic said
//! are not the same person, and `today`. Nothing here merges; it only suggests.
//!
//! Scanning everyone against everyone is quadratic, so people are grouped ("blocked") first: by
//! the phonetic codes of their name and father's name, and by CNIC, prisoner number and FIR
//! number with police station. Only people who share a group are scored. The phonetic code only
//! groups: the score comes from name keys and the other facts.

use super::model::Record;
use super::names::{NameKey, NameTable};
use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use std::collections::HashSet;
use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher, Hash};
use std::sync::Arc;

mod score;
mod words;
use score::{compact, digits, score, score_in_words};
pub use words::{may_be, who};

/// What the duplicate check knows of one person.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Candidate {
    /// Database id (0 for a record not saved yet).
    pub id: i64,
    pub name: String,
    pub father_name: Option<String>,
    pub date_of_birth: Option<NaiveDate>,
    /// Age in whole years today (from the date of birth, else the age at arrest).
    pub age: Option<u32>,
    pub cnic: Option<String>,
    pub prisoner_number: Option<String>,
    pub fir_number: Option<String>,
    pub police_station: Option<String>,
}

impl Candidate {
    /// The duplicate-check facts of a record as of `today`.
    pub fn from_record(record: &Record, today: NaiveDate) -> Candidate {
        let d = &record.detainee;
        Candidate {
            id: d.id,
            name: d.name.clone(),
            father_name: d.father_name.clone(),
            date_of_birth: d.date_of_birth,
            age: record.age_on(today),
            cnic: d.cnic.clone(),
            prisoner_number: d.prisoner_number.clone(),
            fir_number: record.case.fir_number.clone(),
            police_station: record.case.police_station.clone(),
        }
    }
}

/// Points each kind of evidence adds (or takes away) and the least score worth showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scoring {
    pub same_name_key: i32,
    pub name_variant: i32,
    /// Spelt alike but for vowels and doubled letters ([`NameKey::spelt_alike`]): needs other
    /// evidence (the father's name, the age) to reach [`Scoring::min_score`].
    ///
    /// [`NameKey::spelt_alike`]: crate::domain::names::NameKey::spelt_alike
    pub name_spelt_alike: i32,
    pub same_father: i32,
    pub father_variant: i32,
    /// Both fathers' names recorded and they do not meet.
    pub different_father: i32,
    pub same_birth_date: i32,
    /// Ages within [`Scoring::age_tolerance`] years.
    pub close_age: i32,
    /// Ages further apart than twice the tolerance.
    pub distant_age: i32,
    pub age_tolerance: u32,
    pub same_cnic: i32,
    /// Both CNICs recorded and different: almost surely two people.
    pub different_cnic: i32,
    pub same_prisoner_number: i32,
    pub same_fir_and_station: i32,
    /// Pairs scoring below this are not reported.
    pub min_score: i32,
}

impl Default for Scoring {
    fn default() -> Self {
        Scoring {
            same_name_key: 40,
            name_variant: 30,
            name_spelt_alike: 20,
            same_father: 25,
            father_variant: 20,
            different_father: -25,
            same_birth_date: 15,
            close_age: 10,
            distant_age: -25,
            age_tolerance: 2,
            same_cnic: 60,
            different_cnic: -80,
            same_prisoner_number: 40,
            same_fir_and_station: 15,
            min_score: 50,
        }
    }
}

/// Two people who may be one, with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// The smaller id first.
    pub id_a: i64,
    pub id_b: i64,
    pub score: i32,
    /// One sentence: "same name key and father's name; ages 34 and 35".
    pub reasons: String,
}

/// Pairs the clinic has said are not the same person: never suggested again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NotSame(HashSet<(i64, i64)>);

impl NotSame {
    /// An empty list.
    pub fn new() -> NotSame {
        NotSame::default()
    }

    /// Remembers that `a` and `b` are two people (in either order).
    pub fn insert(&mut self, a: i64, b: i64) {
        self.0.insert(ordered(a, b));
    }

    /// Whether `a` and `b` were said to be two people.
    pub fn contains(&self, a: i64, b: i64) -> bool {
        self.0.contains(&ordered(a, b))
    }
}

impl FromIterator<(i64, i64)> for NotSame {
    fn from_iter<I: IntoIterator<Item = (i64, i64)>>(iter: I) -> Self {
        NotSame(iter.into_iter().map(|(a, b)| ordered(a, b)).collect())
    }
}

fn ordered(a: i64, b: i64) -> (i64, i64) {
    (a.min(b), a.max(b))
}

/// A candidate with its keys made once.
#[derive(Debug, Clone)]
struct Keyed {
    person: Candidate,
    /// Shared with everyone of the same name: a caseload repeats names by the thousand.
    name: Arc<NameKey>,
    father: Option<Arc<NameKey>>,
    /// The phonetic code of the name, and of the father's name ("" when not recorded).
    code: Arc<str>,
    father_code: Arc<str>,
    /// The CNIC's digits ("" when not recorded).
    cnic: String,
    /// The prisoner number, compacted ("" when not recorded).
    prisoner: String,
    /// FIR number and police station, compacted, when both are recorded.
    fir: Option<(String, String)>,
}

impl Keyed {
    /// The person with their names keyed (`name`, `father`, and the codes of both) and their
    /// numbers compacted once, not once per pair scored.
    fn new(person: Candidate, name: Named, father: Option<Named>) -> Keyed {
        let (father, father_code) = match father {
            Some((key, code)) if !key.is_empty() => (Some(key), code),
            _ => (None, Arc::from("")),
        };
        let fir = match (&person.fir_number, &person.police_station) {
            (Some(fir), Some(station)) => Some((compact(fir), compact(station))),
            _ => None,
        };
        Keyed {
            cnic: person.cnic.as_deref().map(digits).unwrap_or_default(),
            prisoner: person
                .prisoner_number
                .as_deref()
                .map(compact)
                .unwrap_or_default(),
            fir,
            code: name.1,
            name: name.0,
            father_code,
            father,
            person,
        }
    }
}

/// The people to check, keyed and grouped for quick look-ups. Build it once per scan (or once
/// for the add form) and ask it for pairs or for the likely matches of a new record.
#[derive(Debug, Clone)]
pub struct Index {
    people: Vec<Keyed>,
    /// Every (group, member) once, sorted: the members of a group are one run.
    members: Vec<(Group, u32)>,
    /// Per person, the groups they are scored in ([`Index::scored`]); [`NO_GROUP`] in the slots
    /// left over.
    member_of: Vec<[Group; GROUPS_PER_PERSON]>,
    /// Name code → everyone with it, for people whose father's name is not recorded.
    by_name: FxHashMap<Arc<str>, Vec<u32>>,
    scoring: Scoring,
}

/// A group of people scored together: the 64-bit hash of what they share (see [`groups_of`]).
/// Two different keys with one hash (at a million people, some three million keys: a chance
/// of about one in four million that any two meet) would only put two groups' people together
/// to be scored apart: a group decides who is scored, never the score. Hashes, not the keys' texts, so that grouping a million people is one sort of numbers
/// rather than millions of texts made and looked up.
type Group = u64;

/// Largest group scored pair by pair; a larger one (thousands of people who share every code)
/// is left to the other groups rather than take hours.
pub const MAX_BLOCK: usize = 2_000;

/// Name, CNIC, prisoner number, FIR with police station: see [`groups_of`].
const GROUPS_PER_PERSON: usize = 4;

/// Marks an unused slot of [`Index::member_of`].
const NO_GROUP: Group = Group::MAX;

impl Index {
    /// Keys and groups `people` under `table`, on every core.
    pub fn new(
        table: &NameTable,
        people: impl IntoIterator<Item = Candidate>,
        scoring: Scoring,
    ) -> Index {
        let people: Vec<Candidate> = people.into_iter().collect();
        let threads = super::parallel::threads_for(people.len());
        let keyed = super::parallel::map_chunks(people, threads, |part| {
            // Names and fathers' names repeat across a caseload: key each distinct one once.
            let mut known = FxHashMap::default();
            part.into_iter()
                .map(|person| keyed_cached(table, person, &mut known))
                .collect()
        });
        Index::of(keyed, scoring)
    }

    /// Groups people already keyed.
    fn of(people: Vec<Keyed>, scoring: Scoring) -> Index {
        let mut members = Vec::with_capacity(people.len() * 2);
        let mut member_of = Vec::with_capacity(people.len());
        let mut by_name: FxHashMap<Arc<str>, Vec<u32>> = FxHashMap::default();
        for (at, keyed) in people.iter().enumerate() {
            let at = at as u32;
            let mut slots = [NO_GROUP; GROUPS_PER_PERSON];
            for (slot, group) in slots.iter_mut().zip(groups_of(keyed)) {
                members.push((group, at));
                *slot = group;
            }
            member_of.push(slots);
            if !keyed.code.is_empty() {
                by_name.entry(keyed.code.clone()).or_default().push(at);
            }
        }
        members.sort_unstable();
        members.dedup();
        // A person keeps in `member_of` only the groups they are scored in.
        for run in members.chunk_by(|a, b| a.0 == b.0) {
            if Index::scored(run) {
                continue;
            }
            for &(group, at) in run {
                for slot in &mut member_of[at as usize] {
                    if *slot == group {
                        *slot = NO_GROUP;
                    }
                }
            }
        }
        Index {
            people,
            members,
            member_of,
            by_name,
            scoring,
        }
    }

    /// The members of `group` (none if nobody is in it).
    fn group(&self, group: Group) -> impl Iterator<Item = u32> + '_ {
        let start = self.members.partition_point(|&(g, _)| g < group);
        self.members[start..]
            .iter()
            .take_while(move |&&(g, _)| g == group)
            .map(|&(_, at)| at)
    }

    /// Whether a group (its run of `members`) is scored pair by pair: two members or more, and
    /// not too many.
    fn scored(run: &[(Group, u32)]) -> bool {
        (2..=MAX_BLOCK).contains(&run.len())
    }

    /// The first scored group people `i` and `j` are both in: the one their pair is scored in,
    /// so that a pair sharing a name and a CNIC is scored once, without a set of every pair.
    fn first_shared(&self, i: u32, j: u32) -> Option<Group> {
        let theirs = &self.member_of[j as usize];
        self.member_of[i as usize]
            .iter()
            .filter(|&&g| g != NO_GROUP && theirs.contains(&g))
            .min()
            .copied()
    }

    /// How many people the index holds.
    pub fn len(&self) -> usize {
        self.people.len()
    }

    /// Whether the index holds nobody.
    pub fn is_empty(&self) -> bool {
        self.people.is_empty()
    }

    /// Every pair scoring at least `min_score` that is not in `not_same`, best first (then by
    /// ids). The groups are scored on every core.
    pub fn pairs(&self, not_same: &NotSame) -> Vec<Pair> {
        let runs: Vec<&[(Group, u32)]> = self
            .members
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|run| Index::scored(run))
            .collect();
        let threads = super::parallel::threads_for(self.people.len());
        let mut pairs =
            super::parallel::in_chunks(runs.len() + self.people.len(), threads, |range| {
                let mut found = Vec::new();
                for item in range {
                    match item.checked_sub(runs.len()) {
                        None => self.pairs_in_group(runs[item], not_same, &mut found),
                        Some(person) => {
                            self.pairs_without_father(person as u32, not_same, &mut found)
                        }
                    }
                }
                found
            });
        sort(&mut pairs);
        pairs
    }

    /// The pairs of one scored group (its run of `members`) not scored in an earlier group.
    fn pairs_in_group(&self, run: &[(Group, u32)], not_same: &NotSame, found: &mut Vec<Pair>) {
        let group = run[0].0;
        for (n, &(_, i)) in run.iter().enumerate() {
            for &(_, j) in &run[n + 1..] {
                let (a, b) = (&self.people[i as usize], &self.people[j as usize]);
                if a.person.id == b.person.id && a.person.id != 0 {
                    continue;
                }
                if self.first_shared(i, j) != Some(group)
                    || not_same.contains(a.person.id, b.person.id)
                {
                    continue;
                }
                found.extend(self.score(a, b));
            }
        }
    }

    /// Someone whose father's name is not recorded is scored against everyone of that name who
    /// has one (those without one share a group with them already).
    fn pairs_without_father(&self, i: u32, not_same: &NotSame, found: &mut Vec<Pair>) {
        let a = &self.people[i as usize];
        if a.father.is_some() {
            return;
        }
        for &j in self.same_name(&a.code) {
            let b = &self.people[j as usize];
            if b.father.is_none()
                || self.first_shared(i, j).is_some()
                || not_same.contains(a.person.id, b.person.id)
            {
                continue;
            }
            found.extend(self.score(a, b));
        }
    }

    /// Everyone with the name code `code`, unless so many that scoring them all would not end.
    fn same_name(&self, code: &str) -> &[u32] {
        match self.by_name.get(code) {
            Some(all) if all.len() <= MAX_BLOCK => all,
            _ => &[],
        }
    }

    /// The people already in the index who may be `new` (for the add form and import
    /// warnings), best first: the pairs have `id_a` = the existing person, `id_b` = `new.id`.
    pub fn likely_matches(
        &self,
        table: &NameTable,
        new: Candidate,
        not_same: &NotSame,
    ) -> Vec<Pair> {
        let new = keyed(table, new);
        let mut tried: HashSet<u32> = HashSet::new();
        let mut pairs = Vec::new();
        let mut members: Vec<u32> = groups_of(&new).flat_map(|g| self.group(g)).collect();
        // Without a father's name, everyone of that name; with one, also those recorded without.
        match new.father {
            None => members.extend_from_slice(self.same_name(&new.code)),
            Some(_) => members.extend(self.group(name_group(&new.code, ""))),
        }
        for i in members {
            let old = &self.people[i as usize];
            let itself = old.person.id == new.person.id && new.person.id != 0;
            if itself || !tried.insert(i) || not_same.contains(old.person.id, new.person.id) {
                continue;
            }
            if let Some(mut pair) = self.score(old, &new) {
                (pair.id_a, pair.id_b) = (old.person.id, new.person.id);
                pairs.push(pair);
            }
        }
        pairs.sort_by(|a, b| b.score.cmp(&a.score).then(a.id_a.cmp(&b.id_a)));
        pairs
    }

    fn score(&self, a: &Keyed, b: &Keyed) -> Option<Pair> {
        // Most pairs a group holds fall short: count first, put the reasons in words only for
        // the few reported.
        let (score, _) = score(&self.scoring, a, b, false);
        (score >= self.scoring.min_score).then(|| {
            let (id_a, id_b) = ordered(a.person.id, b.person.id);
            Pair {
                id_a,
                id_b,
                score,
                reasons: score_in_words(&self.scoring, a, b),
            }
        })
    }
}

/// Every likely pair among `people` (those on the lists) under the built-in name table,
/// leaving out those in `not_same`, best first: what `caseload duplicates` prints and the
/// review screen (`D`) goes through.
pub fn pairs_among(people: Vec<Candidate>, scoring: Scoring, not_same: &NotSame) -> Vec<Pair> {
    Index::new(NameTable::builtin(), people, scoring).pairs(not_same)
}

fn sort(pairs: &mut [Pair]) {
    pairs.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(a.id_a.cmp(&b.id_a))
            .then(a.id_b.cmp(&b.id_b))
    });
}

/// A name's key and phonetic code, shared by everyone of that name.
type Named = (Arc<NameKey>, Arc<str>);

/// Like [`keyed`], remembering the keys (and name codes) of the names already seen.
fn keyed_cached(
    table: &NameTable,
    person: Candidate,
    known: &mut FxHashMap<String, Named>,
) -> Keyed {
    let mut lookup = |text: &str| {
        if let Some(found) = known.get(text) {
            return found.clone();
        }
        let key = table.key(text);
        let code = Arc::from(key.phonetic());
        let found = (Arc::new(key), code);
        known.insert(text.to_string(), found.clone());
        found
    };
    let name = lookup(&person.name);
    let father = person.father_name.as_deref().map(&mut lookup);
    Keyed::new(person, name, father)
}

fn keyed(table: &NameTable, person: Candidate) -> Keyed {
    let with_code = |key: NameKey| {
        let code = Arc::from(key.phonetic());
        (Arc::new(key), code)
    };
    let name = with_code(table.key(&person.name));
    let father = person
        .father_name
        .as_deref()
        .map(|f| with_code(table.key(f)));
    Keyed::new(person, name, father)
}

/// The groups a person is scored in: name and father's name codes; CNIC; prisoner number;
/// FIR number with police station. Someone without a father's name is grouped by name alone
/// (and scored against everyone of that name: see [`Index::pairs`]).
fn groups_of(k: &Keyed) -> impl Iterator<Item = Group> + '_ {
    let name = (!k.code.is_empty()).then(|| name_group(&k.code, &k.father_code));
    let cnic = (!k.cnic.is_empty()).then(|| group_of(("c", &k.cnic)));
    let prisoner = (!k.prisoner.is_empty()).then(|| group_of(("p", &k.prisoner)));
    let fir = k
        .fir
        .as_ref()
        .map(|(fir, station)| group_of(("f", fir, station)));
    [name, cnic, prisoner, fir].into_iter().flatten()
}

/// The group of everyone with name code `code` and father's name code `father_code` ("" when
/// not recorded).
fn name_group(code: &str, father_code: &str) -> Group {
    group_of(("n", code, father_code))
}

/// The group of `key`: a kind ("n", "c", …) and its texts. The standard library's hasher,
/// with its fixed keys, so that the groups are the same on every run.
fn group_of(key: impl Hash) -> Group {
    BuildHasherDefault::<DefaultHasher>::default().hash_one(key)
}
