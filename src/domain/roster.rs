//! The roster: a compact in-memory caseload for ranking and searching a million people. Each
//! person is their triage [`Facts`] plus the few strings the list and search show (name, father's
//! name, FIR number, prison, police station). Names live in one shared text buffer and prisons and
//! police stations are interned, so a million people fit in well under 200 MB; full
//! [`Record`](super::model::Record)s are loaded by id only for the people actually shown.

use super::search::Corpus;
use super::triage::{self, Facts, Ranked};
use super::weights::Weights;
use chrono::NaiveDate;
use std::collections::HashMap;

/// One person on the roster.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Detainee id in the database.
    pub id: i64,
    pub facts: Facts,
    text_at: usize,
    /// The FIR number is set apart from the names when the loader reads cases on their own.
    fir_at: usize,
    name_len: u32,
    father_len: u32,
    fir_len: u32,
    prison: u32,
    station: u32,
}

/// Everyone, as compact entries; see the module docs.
#[derive(Debug, Clone, Default)]
pub struct Roster {
    entries: Vec<Entry>,
    /// Names, fathers' names and FIR numbers of every entry, back to back.
    text: String,
    /// Interned prisons and police stations; index 0 is "not recorded".
    places: Vec<Box<str>>,
    place_ids: HashMap<Box<str>, u32>,
    /// Which fields were recorded at all (`None` differs from an empty string).
    father_some: Vec<bool>,
    fir_some: Vec<bool>,
}

/// The text fields of a person, as [`Roster::push`] takes them.
#[derive(Debug, Clone, Copy, Default)]
pub struct Names<'a> {
    pub name: &'a str,
    pub father_name: Option<&'a str>,
    pub fir_number: Option<&'a str>,
    pub prison: Option<&'a str>,
    pub police_station: Option<&'a str>,
}

impl Roster {
    /// An empty roster with room for `capacity` people.
    pub fn with_capacity(capacity: usize) -> Roster {
        Roster {
            entries: Vec::with_capacity(capacity),
            places: vec!["".into()],
            father_some: Vec::with_capacity(capacity),
            fir_some: Vec::with_capacity(capacity),
            ..Roster::default()
        }
    }

    /// Adds a person; returns their index.
    pub fn push(&mut self, id: i64, names: Names, facts: Facts) -> usize {
        if self.places.is_empty() {
            self.places.push("".into());
        }
        let text_at = self.text.len();
        self.text.push_str(names.name);
        self.text.push_str(names.father_name.unwrap_or(""));
        let fir_at = self.text.len();
        self.text.push_str(names.fir_number.unwrap_or(""));
        let prison = self.intern(names.prison);
        let station = self.intern(names.police_station);
        self.father_some.push(names.father_name.is_some());
        self.fir_some.push(names.fir_number.is_some());
        self.entries.push(Entry {
            id,
            facts,
            text_at,
            fir_at,
            name_len: len32(names.name),
            father_len: len32(names.father_name.unwrap_or("")),
            fir_len: len32(names.fir_number.unwrap_or("")),
            prison,
            station,
        });
        self.entries.len() - 1
    }

    /// Removes the last person added (the loader replaces a detainee's earlier case so).
    pub fn pop(&mut self) {
        if let Some(e) = self.entries.pop() {
            // Only when its text is the last in the buffer (a FIR set later may follow it).
            if e.fir_at + e.fir_len as usize == self.text.len() {
                self.text.truncate(e.text_at);
            }
            self.father_some.pop();
            self.fir_some.pop();
        }
    }

    fn intern(&mut self, place: Option<&str>) -> u32 {
        let Some(place) = place else { return 0 };
        if let Some(&id) = self.place_ids.get(place) {
            return id;
        }
        let id = self.places.len() as u32;
        self.places.push(place.into());
        self.place_ids.insert(place.into(), id);
        id
    }

    /// How many people.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The `index`th person.
    pub fn entry(&self, index: usize) -> Option<&Entry> {
        self.entries.get(index)
    }

    /// The mutable facts of the `index`th person (for the loader to add findings).
    pub fn facts_mut(&mut self, index: usize) -> Option<&mut Facts> {
        self.entries.get_mut(index).map(|e| &mut e.facts)
    }

    /// The text fields of the `index`th person.
    pub fn names(&self, index: usize) -> Option<Names<'_>> {
        let e = self.entries.get(index)?;
        let name_end = e.text_at + e.name_len as usize;
        let father_end = name_end + e.father_len as usize;
        let fir_end = e.fir_at + e.fir_len as usize;
        let place = |id: u32| (id != 0).then(|| &*self.places[id as usize]);
        Some(Names {
            name: &self.text[e.text_at..name_end],
            father_name: self.father_some[index].then(|| &self.text[name_end..father_end]),
            fir_number: self.fir_some[index].then(|| &self.text[e.fir_at..fir_end]),
            prison: place(e.prison),
            police_station: place(e.station),
        })
    }

    /// Sets the `index`th person's FIR number and police station (for a loader that reads cases
    /// apart from people and pushed them without).
    pub fn set_case_text(
        &mut self,
        index: usize,
        fir_number: Option<&str>,
        police_station: Option<&str>,
    ) {
        if index >= self.entries.len() {
            return;
        }
        let station = self.intern(police_station);
        let fir_at = self.text.len();
        self.text.push_str(fir_number.unwrap_or(""));
        self.fir_some[index] = fir_number.is_some();
        let e = &mut self.entries[index];
        e.station = station;
        e.fir_at = fir_at;
        e.fir_len = len32(fir_number.unwrap_or(""));
    }

    /// Keeps only the people `keep` says yes to, in order (their text stays in the buffer).
    pub fn retain(&mut self, mut keep: impl FnMut(&Entry) -> bool) {
        let kept: Vec<bool> = self.entries.iter().map(&mut keep).collect();
        let mut flags = kept.iter();
        self.entries.retain(|_| flags.next().is_some_and(|&k| k));
        let mut flags = kept.iter();
        self.father_some
            .retain(|_| flags.next().is_some_and(|&k| k));
        let mut flags = kept.iter();
        self.fir_some.retain(|_| flags.next().is_some_and(|&k| k));
    }

    /// People in custody, most urgent first: the same order as [`triage::rank`] over the full
    /// records, with `index` into this roster.
    pub fn rank(&self, today: NaiveDate, weights: &Weights) -> Vec<Ranked> {
        triage::rank_by_parallel(
            self.entries.len(),
            |i| Some((&self.entries[i].facts, self.entries[i].id)),
            today,
            weights,
        )
    }

    /// Frees spare capacity once loading is done.
    pub fn shrink_to_fit(&mut self) {
        self.entries.shrink_to_fit();
        self.text.shrink_to_fit();
        self.father_some.shrink_to_fit();
        self.fir_some.shrink_to_fit();
        self.place_ids = HashMap::new();
    }
}

fn len32(text: &str) -> u32 {
    u32::try_from(text.len()).unwrap_or(u32::MAX)
}

impl Corpus for Roster {
    fn fields(&self, index: usize) -> Option<(&str, [Option<&str>; 4])> {
        let n = self.names(index)?;
        Some((
            n.name,
            [n.father_name, n.fir_number, n.prison, n.police_station],
        ))
    }
}
