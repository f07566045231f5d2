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
use std::collections::{HashMap, HashSet};

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
    name: NameKey,
    father: Option<NameKey>,
    /// The phonetic code of the name.
    code: String,
}

/// The people to check, keyed and grouped for quick look-ups. Build it once per scan (or once
/// for the add form) and ask it for pairs or for the likely matches of a new record.
#[derive(Debug, Clone)]
pub struct Index {
    people: Vec<Keyed>,
    /// Group → indices into `people`.
    blocks: HashMap<String, Vec<u32>>,
    /// Name code → everyone with it, for people whose father's name is not recorded.
    by_name: HashMap<String, Vec<u32>>,
    scoring: Scoring,
}

/// Largest group scored pair by pair; a larger one (thousands of people who share every code)
/// is left to the other groups rather than take hours.
pub const MAX_BLOCK: usize = 2_000;

impl Index {
    /// Keys and groups `people` under `table`.
    pub fn new(
        table: &NameTable,
        people: impl IntoIterator<Item = Candidate>,
        scoring: Scoring,
    ) -> Index {
        let mut index = Index {
            people: Vec::new(),
            blocks: HashMap::new(),
            by_name: HashMap::new(),
            scoring,
        };
        // Names and fathers' names repeat across a caseload: key each distinct one once.
        let mut known: HashMap<String, (NameKey, String)> = HashMap::new();
        for person in people {
            let keyed = keyed_cached(table, person, &mut known);
            let at = index.people.len() as u32;
            for block in blocks(&keyed) {
                index.blocks.entry(block).or_default().push(at);
            }
            if !keyed.code.is_empty() {
                index
                    .by_name
                    .entry(keyed.code.clone())
                    .or_default()
                    .push(at);
            }
            index.people.push(keyed);
        }
        index
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
    /// ids).
    pub fn pairs(&self, not_same: &NotSame) -> Vec<Pair> {
        let mut seen: HashSet<(u32, u32)> = HashSet::new();
        let mut pairs = Vec::new();
        for members in self.blocks.values() {
            if members.len() < 2 || members.len() > MAX_BLOCK {
                continue;
            }
            for (n, &i) in members.iter().enumerate() {
                for &j in &members[n + 1..] {
                    let (a, b) = (&self.people[i as usize], &self.people[j as usize]);
                    if a.person.id == b.person.id && a.person.id != 0 {
                        continue;
                    }
                    if not_same.contains(a.person.id, b.person.id)
                        || !seen.insert((i.min(j), i.max(j)))
                    {
                        continue;
                    }
                    pairs.extend(self.score(a, b));
                }
            }
        }
        // Someone whose father's name is not recorded is grouped by name with everyone.
        for (i, a) in self
            .people
            .iter()
            .enumerate()
            .filter(|(_, k)| k.father.is_none())
        {
            let i = i as u32;
            for &j in self.same_name(&a.code) {
                let b = &self.people[j as usize];
                if b.father.is_none() || not_same.contains(a.person.id, b.person.id) {
                    continue;
                }
                if seen.insert((i.min(j), i.max(j))) {
                    pairs.extend(self.score(a, b));
                }
            }
        }
        sort(&mut pairs);
        pairs
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
        let groups = blocks(&new).into_iter().map(|block| {
            self.blocks
                .get(&block)
                .map(Vec::as_slice)
                .unwrap_or_default()
        });
        // Without a father's name, everyone of that name; with one, also those recorded without.
        let by_name = match new.father {
            None => self.same_name(&new.code),
            Some(_) => self
                .blocks
                .get(&format!("n:{}|", new.code))
                .map(Vec::as_slice)
                .unwrap_or_default(),
        };
        for members in groups.chain([by_name]) {
            for &i in members {
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
        }
        pairs.sort_by(|a, b| b.score.cmp(&a.score).then(a.id_a.cmp(&b.id_a)));
        pairs
    }

    fn score(&self, a: &Keyed, b: &Keyed) -> Option<Pair> {
        let (score, reasons) = score(&self.scoring, a, b);
        (score >= self.scoring.min_score).then(|| {
            let (id_a, id_b) = ordered(a.person.id, b.person.id);
            Pair {
                id_a,
                id_b,
                score,
                reasons,
            }
        })
    }
}

fn sort(pairs: &mut [Pair]) {
    pairs.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(a.id_a.cmp(&b.id_a))
            .then(a.id_b.cmp(&b.id_b))
    });
}

/// Like [`keyed`], remembering the keys (and name codes) of the names already seen.
fn keyed_cached(
    table: &NameTable,
    person: Candidate,
    known: &mut HashMap<String, (NameKey, String)>,
) -> Keyed {
    let mut lookup = |text: &str| {
        if let Some(found) = known.get(text) {
            return found.clone();
        }
        let key = table.key(text);
        let code = key.phonetic();
        let found = (key, code);
        known.insert(text.to_string(), found.clone());
        found
    };
    let (name, code) = lookup(&person.name);
    let father = person
        .father_name
        .as_deref()
        .map(|f| lookup(f).0)
        .filter(|k| !k.is_empty());
    Keyed {
        code,
        person,
        name,
        father,
    }
}

fn keyed(table: &NameTable, person: Candidate) -> Keyed {
    let name = table.key(&person.name);
    let father = person
        .father_name
        .as_deref()
        .map(|f| table.key(f))
        .filter(|k| !k.is_empty());
    Keyed {
        code: name.phonetic(),
        person,
        name,
        father,
    }
}

/// The groups a person is scored in: name and father's name codes; CNIC; prisoner number;
/// FIR number with police station. Someone without a father's name is grouped by name alone
/// (and scored against everyone of that name: see [`Index::pairs`]).
fn blocks(k: &Keyed) -> Vec<String> {
    let mut out = Vec::with_capacity(4);
    let name = &k.code;
    if !name.is_empty() {
        match &k.father {
            Some(father) => out.push(format!("n:{name}|{}", father.phonetic())),
            None => out.push(format!("n:{name}|")),
        }
    }
    let p = &k.person;
    if let Some(cnic) = p.cnic.as_deref().map(digits).filter(|c| !c.is_empty()) {
        out.push(format!("c:{cnic}"));
    }
    if let Some(number) = p
        .prisoner_number
        .as_deref()
        .map(compact)
        .filter(|n| !n.is_empty())
    {
        out.push(format!("p:{number}"));
    }
    if let (Some(fir), Some(station)) = (&p.fir_number, &p.police_station) {
        out.push(format!("f:{}|{}", compact(fir), compact(station)));
    }
    out
}

fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

/// Lower case without spaces, dots or dashes: "FIR 12/2025" and "fir-12/2025" are one number.
fn compact(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '.' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The score of a pair and its reasons in one sentence.
fn score(s: &Scoring, a: &Keyed, b: &Keyed) -> (i32, String) {
    let mut total = 0;
    let mut same: Vec<&str> = Vec::new();
    let mut reasons: Vec<String> = Vec::new();
    if a.name.same_key(&b.name) {
        total += s.same_name_key;
        same.push("name key");
    } else if a.name.meets(&b.name) {
        total += s.name_variant;
        reasons.push(format!(
            "name spelt \"{}\" and \"{}\"",
            a.person.name, b.person.name
        ));
    }
    match (&a.father, &b.father) {
        (Some(x), Some(y)) if x.same_key(y) => {
            total += s.same_father;
            same.push("father's name");
        }
        (Some(x), Some(y)) if x.meets(y) => {
            total += s.father_variant;
            reasons.push("father's name in another spelling".into());
        }
        (Some(_), Some(_)) => {
            total += s.different_father;
            reasons.push("different fathers' names".into());
        }
        _ => {}
    }
    let p = (&a.person, &b.person);
    match (
        p.0.cnic.as_deref().map(digits),
        p.1.cnic.as_deref().map(digits),
    ) {
        (Some(x), Some(y)) if !x.is_empty() && x == y => {
            total += s.same_cnic;
            same.push("CNIC");
        }
        (Some(x), Some(y)) if !x.is_empty() && !y.is_empty() => {
            total += s.different_cnic;
            reasons.push("different CNICs".into());
        }
        _ => {}
    }
    if let (Some(x), Some(y)) = (&p.0.prisoner_number, &p.1.prisoner_number)
        && !compact(x).is_empty()
        && compact(x) == compact(y)
    {
        total += s.same_prisoner_number;
        same.push("prisoner number");
    }
    if let (Some(fa), Some(sa), Some(fb), Some(sb)) = (
        &p.0.fir_number,
        &p.0.police_station,
        &p.1.fir_number,
        &p.1.police_station,
    ) && compact(fa) == compact(fb)
        && compact(sa) == compact(sb)
    {
        total += s.same_fir_and_station;
        same.push("FIR number and police station");
    }
    total += age_points(s, p.0, p.1, &mut same, &mut reasons);
    if !same.is_empty() {
        reasons.insert(0, format!("same {}", join_and(&same)));
    }
    (total, reasons.join("; "))
}

fn age_points(
    s: &Scoring,
    a: &Candidate,
    b: &Candidate,
    same: &mut Vec<&str>,
    reasons: &mut Vec<String>,
) -> i32 {
    if let (Some(x), Some(y)) = (a.date_of_birth, b.date_of_birth)
        && x == y
    {
        same.push("date of birth");
        return s.same_birth_date;
    }
    let (Some(x), Some(y)) = (a.age, b.age) else {
        return 0;
    };
    let gap = x.abs_diff(y);
    let (lo, hi) = (x.min(y), x.max(y));
    if gap <= s.age_tolerance {
        reasons.push(match gap {
            0 => format!("both aged {x}"),
            _ => format!("ages {lo} and {hi}"),
        });
        s.close_age
    } else if gap > 2 * s.age_tolerance {
        reasons.push(format!("ages {lo} and {hi} are far apart"));
        s.distant_age
    } else {
        0
    }
}

/// "a", "a and b", "a, b and c".
fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
