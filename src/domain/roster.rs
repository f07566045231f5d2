//! The roster: a compact in-memory caseload for ranking and searching a million people. Each
//! person is their triage [`Facts`] plus the few strings the list and search show (name, father's
//! name, FIR number, prison, police station). Names and places are interned (each distinct text
//! kept once, a person holds ids: search and filters match each distinct text once) and FIR
//! numbers share one text buffer, so a million people fit in well under 200 MB; full
//! [`Record`](super::model::Record)s are loaded by id only for the people actually shown.

use super::interner::Interner;
use super::model::Record;
use super::search::{Corpus, TextIds};
use super::triage::{self, Facts, Ranked};
use super::weights::Weights;
use chrono::NaiveDate;

/// One person on the roster.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Detainee id in the database.
    pub id: i64,
    pub facts: Facts,
    /// The case's court and lawyer, and the court of the next hearing when it names its own
    /// (interned like places; 0: not recorded). For the Hearings screen.
    court: u32,
    hearing_court: u32,
    lawyer: u32,
    /// The case's district (interned; 0: not recorded), for `district:X` filters.
    district: u32,
}

/// What search reads of one person, kept apart from the entries: a search of a million people
/// then reads 32 bytes a person, not a whole entry (most of its time was reading memory).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Searched {
    /// The name and father's name (ids of [`Roster::names`]), prison and police station.
    ids: TextIds,
    /// The FIR number, in the text buffer (`has_fir`: `None` differs from an empty string).
    fir_at: usize,
    fir_len: u32,
    has_fir: bool,
}

impl Searched {
    fn with_fir(self, at: usize, fir: Option<&str>) -> Searched {
        Searched {
            fir_at: at,
            fir_len: len32(fir.unwrap_or("")),
            has_fir: fir.is_some(),
            ..self
        }
    }
}

/// Everyone, as compact entries; see the module docs.
#[derive(Debug, Clone, Default)]
pub struct Roster {
    entries: Vec<Entry>,
    /// Per entry, the texts search reads.
    searched: Vec<Searched>,
    /// FIR numbers of every entry, back to back (nearly all differ: not worth interning).
    text: String,
    /// Names and fathers' names.
    names: Interner,
    /// Prisons, police stations, courts, lawyers and districts.
    places: Interner,
    /// Entries before this index are in id order (as loaded); later ones were added since.
    sorted_len: usize,
    /// Entries taken off since loading (archived or gone); empty until the first.
    removed: Vec<bool>,
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
            searched: Vec::with_capacity(capacity),
            ..Roster::default()
        }
    }

    /// Adds a person; returns their index.
    pub fn push(&mut self, id: i64, names: Names, facts: Facts) -> usize {
        let ids = TextIds {
            name: self.names.intern(Some(names.name)),
            father: self.names.intern(names.father_name),
            prison: self.intern(names.prison),
            police_station: self.intern(names.police_station),
        };
        let fir_at = self.text.len();
        self.text.push_str(names.fir_number.unwrap_or(""));
        let searched = Searched {
            ids,
            ..Searched::default()
        };
        self.searched
            .push(searched.with_fir(fir_at, names.fir_number));
        if self.sorted_len == self.entries.len() && self.entries.last().is_none_or(|e| e.id < id) {
            self.sorted_len += 1;
        }
        self.entries.push(Entry {
            id,
            facts,
            court: 0,
            hearing_court: 0,
            lawyer: 0,
            district: 0,
        });
        self.entries.len() - 1
    }

    /// Removes the last person added (the loader replaces a detainee's earlier case so).
    pub fn pop(&mut self) {
        if self.entries.pop().is_some() {
            self.sorted_len = self.sorted_len.min(self.entries.len());
        }
        if let Some(t) = self.searched.pop() {
            // Only when its FIR is the last in the buffer (its names stay interned: others may
            // share them).
            if t.fir_at + t.fir_len as usize == self.text.len() {
                self.text.truncate(t.fir_at);
            }
        }
    }

    fn intern(&mut self, place: Option<&str>) -> u32 {
        self.places.intern(place)
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
        let t = self.searched.get(index)?;
        let fir_end = t.fir_at + t.fir_len as usize;
        Some(Names {
            name: self.names.get(t.ids.name).unwrap_or(""),
            father_name: self.names.get(t.ids.father),
            fir_number: t.has_fir.then(|| &self.text[t.fir_at..fir_end]),
            prison: self.places.get(t.ids.prison),
            police_station: self.places.get(t.ids.police_station),
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
        let t = &mut self.searched[index];
        t.ids.police_station = station;
        *t = t.with_fir(fir_at, fir_number);
    }

    /// Keeps only the people `keep` says yes to, in order (their text stays in the buffer).
    pub fn retain(&mut self, mut keep: impl FnMut(&Entry) -> bool) {
        let kept: Vec<bool> = self.entries.iter().map(&mut keep).collect();
        let mut flags = kept.iter();
        self.entries.retain(|_| flags.next().is_some_and(|&k| k));
        let mut flags = kept.iter();
        self.searched.retain(|_| flags.next().is_some_and(|&k| k));
        // Order is kept, so what was in id order still is; nothing is removed this early.
        self.sorted_len = self.sorted_len.min(self.entries.len());
        self.removed.clear();
    }

    /// People in custody, most urgent first: the same order as [`triage::rank`] over the full
    /// records, with `index` into this roster.
    pub fn rank(&self, today: NaiveDate, weights: &Weights) -> Vec<Ranked> {
        triage::rank_by_parallel(
            self.entries.len(),
            |i| {
                self.is_present(i)
                    .then(|| (&self.entries[i].facts, self.entries[i].id))
            },
            today,
            weights,
        )
    }

    /// Frees spare capacity once loading is done.
    pub fn shrink_to_fit(&mut self) {
        self.entries.shrink_to_fit();
        self.searched.shrink_to_fit();
        self.text.shrink_to_fit();
        self.names.shrink_to_fit();
        self.places.shrink_to_fit();
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

    fn text_ids(&self, index: usize) -> Option<TextIds> {
        Some(self.searched.get(index)?.ids)
    }

    fn id_counts(&self) -> (usize, usize) {
        (self.names.id_count(), self.places.id_count())
    }
}

/// The interned text ids of one person (0: not recorded); see [`Roster::place_ids`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PlaceIds {
    pub prison: u32,
    pub police_station: u32,
    /// The case's court.
    pub court: u32,
    /// The court the next hearing names, when it names its own.
    pub hearing_court: u32,
    pub lawyer: u32,
    pub district: u32,
}

/// Which place texts a read keeps (a filter's `court:X`, a `--by prison`): the fast reads
/// leave the others out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PlaceSet {
    pub prison: bool,
    pub police_station: bool,
    /// The case's court and the court its next hearing names.
    pub court: bool,
    pub lawyer: bool,
    pub district: bool,
}

impl PlaceSet {
    pub const NONE: PlaceSet = PlaceSet {
        prison: false,
        police_station: false,
        court: false,
        lawyer: false,
        district: false,
    };

    /// Both sets' places.
    pub fn and(self, other: PlaceSet) -> PlaceSet {
        PlaceSet {
            prison: self.prison || other.prison,
            police_station: self.police_station || other.police_station,
            court: self.court || other.court,
            lawyer: self.lawyer || other.lawyer,
            district: self.district || other.district,
        }
    }
}

/// One person as the screens read them from the roster.
#[derive(Debug, Clone, Copy)]
pub struct Person<'a> {
    pub id: i64,
    pub names: Names<'a>,
    pub facts: &'a Facts,
}

/// Keeping a loaded roster current as people are added, edited and archived (the TUI), so a
/// change costs one entry and one ranking update, never a reload of everyone.
impl Roster {
    /// A roster of `records` (tests and small caseloads; the store builds big ones directly).
    pub fn from_records(records: &[Record], today: NaiveDate) -> Roster {
        let mut roster = Roster::with_capacity(records.len());
        for record in records {
            roster.put(record, today);
        }
        roster
    }

    /// The `index`th person, unless they have been removed.
    pub fn person(&self, index: usize) -> Option<Person<'_>> {
        if !self.is_present(index) {
            return None;
        }
        Some(Person {
            id: self.entries.get(index)?.id,
            names: self.names(index)?,
            facts: &self.entries[index].facts,
        })
    }

    /// Where person `id` is. Loaders add people in id order; people added later are appended
    /// (usually in id order too, but another process may commit out of order), so a binary
    /// search with a short linear look at the tail.
    pub fn index_of(&self, id: i64) -> Option<usize> {
        let sorted = &self.entries[..self.sorted_len.min(self.entries.len())];
        if let Ok(at) = sorted.binary_search_by_key(&id, |e| e.id)
            && self.is_present(at)
        {
            return Some(at);
        }
        (sorted.len()..self.entries.len())
            .rev()
            .find(|&i| self.entries[i].id == id && self.is_present(i))
    }

    /// Adds `record`'s person or replaces what the roster had for them; returns their index.
    pub fn put(&mut self, record: &Record, today: NaiveDate) -> usize {
        let id = record.detainee.id;
        let names = Names {
            name: &record.detainee.name,
            father_name: record.detainee.father_name.as_deref(),
            fir_number: record.case.fir_number.as_deref(),
            prison: record.detainee.prison.as_deref(),
            police_station: record.case.police_station.as_deref(),
        };
        let facts = Facts::of(record, today);
        let next_court = record.next_hearing(today).and_then(|h| h.court.as_deref());
        let index = self.put_entry(id, names, facts);
        self.set_docket(
            index,
            record.case.court.as_deref(),
            record.case.lawyer.as_deref(),
        );
        self.set_hearing_court(index, next_court);
        self.set_district(index, record.case.district.as_deref());
        index
    }

    fn put_entry(&mut self, id: i64, names: Names, facts: Facts) -> usize {
        match self.index_of(id) {
            Some(index) => {
                // The old FIR stays in the buffer, unused: edits are few, reloads reclaim it.
                let sorted_len = self.sorted_len;
                let at = self.push(id, names, facts);
                self.sorted_len = sorted_len;
                let entry = self.entries.pop().expect("just pushed");
                let searched = self.searched.pop().expect("just pushed");
                self.entries[index] = entry;
                self.searched[index] = searched;
                debug_assert_eq!(at, self.entries.len());
                index
            }
            None => self.push(id, names, facts),
        }
    }

    /// Records the case's court and lawyer of the `index`th person (loaders call it after
    /// [`Roster::push`]).
    pub fn set_docket(&mut self, index: usize, court: Option<&str>, lawyer: Option<&str>) {
        let (court, lawyer) = (self.intern(court), self.intern(lawyer));
        if let Some(e) = self.entries.get_mut(index) {
            e.court = court;
            e.lawyer = lawyer;
        }
    }

    /// Records the court the `index`th person's next hearing names (none: the case's court).
    pub fn set_hearing_court(&mut self, index: usize, court: Option<&str>) {
        let court = self.intern(court);
        if let Some(e) = self.entries.get_mut(index) {
            e.hearing_court = court;
        }
    }

    /// Records the case's district of the `index`th person (loaders call it after
    /// [`Roster::push`]).
    pub fn set_district(&mut self, index: usize, district: Option<&str>) {
        let district = self.intern(district);
        if let Some(e) = self.entries.get_mut(index) {
            e.district = district;
        }
    }

    /// Every interned text of the `index`th person, as ids ([`Roster::place`] names them), for
    /// filters that test each distinct value once.
    pub fn place_ids(&self, index: usize) -> Option<PlaceIds> {
        let e = self.entries.get(index)?;
        let t = self.searched.get(index)?;
        Some(PlaceIds {
            prison: t.ids.prison,
            police_station: t.ids.police_station,
            court: e.court,
            hearing_court: e.hearing_court,
            lawyer: e.lawyer,
            district: e.district,
        })
    }

    /// One more than the largest interned id: the size of a table indexed by id.
    pub fn place_count(&self) -> usize {
        self.places.id_count()
    }

    /// The court of the `index`th person's next hearing (its own, else the case's) and their
    /// lawyer, as interned ids: 0 is "not recorded"; [`Roster::place`] names them.
    pub fn docket(&self, index: usize) -> Option<(u32, u32)> {
        let e = self.entries.get(index)?;
        let court = if e.hearing_court != 0 {
            e.hearing_court
        } else {
            e.court
        };
        Some((court, e.lawyer))
    }

    /// The text of an interned id (prison, station, court or lawyer); `None` for 0.
    pub fn place(&self, id: u32) -> Option<&str> {
        self.places.get(id)
    }

    /// Takes person `id` off the roster (archived or gone); returns the index they had.
    /// Indexes of everyone else stay as they are.
    pub fn remove(&mut self, id: i64) -> Option<usize> {
        let index = self.index_of(id)?;
        if self.removed.len() < self.entries.len() {
            self.removed.resize(self.entries.len(), false);
        }
        self.removed[index] = true;
        Some(index)
    }

    /// Whether the `index`th entry is still someone on the roster.
    pub fn is_present(&self, index: usize) -> bool {
        index < self.entries.len() && !self.removed.get(index).copied().unwrap_or(false)
    }

    /// Updates `ranked` (this roster's ranking) for a change to the person at `index`, exactly
    /// as [`Roster::rank`] would order everyone from scratch, in O(log n) scoring.
    pub fn rerank_one(
        &self,
        ranked: &mut Vec<Ranked>,
        index: usize,
        today: NaiveDate,
        weights: &Weights,
    ) {
        if let Some(at) = ranked.iter().position(|r| r.index == index) {
            ranked.remove(at);
        }
        let Some(person) = self.person(index) else {
            return;
        };
        if !person.facts.in_custody() {
            return;
        }
        let (total, band) = triage::total(person.facts, today, weights);
        let key = |r: &Ranked| {
            let e = &self.entries[r.index];
            (
                triage::RankKey::new(&e.facts, r.total, e.id, today, weights),
                r.index,
            )
        };
        let new = Ranked { index, total, band };
        let wanted = key(&new);
        let at = ranked.partition_point(|r| key(r) < wanted);
        ranked.insert(at, new);
    }
}
