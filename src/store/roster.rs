//! Reading the compact roster of a big caseload fast. Each table is scanned once in rowid order
//! (no per-detainee seeks into `cases`, which an SQL join costs): `detainees` on the store's own
//! connection while `cases`, `hearings` and `findings` are read on a second connection in a
//! thread; the two halves are joined in memory by id. Both connections read the same snapshot.

use super::{Context, Store, StoreError};
use crate::domain::model::{BailStatus, Gender, Health, Law, Stage, Substance, Weakness};
use crate::domain::roster::{PlaceSet, Roster};
use crate::domain::triage::{Codes, Facts};
use chrono::NaiveDate;
use rusqlite::Connection;

mod ranking;
mod scan;
pub use ranking::RankingFacts;
use scan::{Upcoming, attach_findings, attach_upcoming, join, read_cases, read_people};

/// A small page cache: every table is read once, so a big cache only adds memory.
const READ_CACHE: &str = "PRAGMA cache_size = -4096";
const NORMAL_CACHE: &str = "PRAGMA cache_size = -65536";

/// Which text fields a load keeps.
#[derive(Debug, Clone, Copy)]
enum Text<'q> {
    /// Every field, for the roster.
    All,
    /// None: only whether the person matches this search query (as
    /// [`search::filter`](crate::domain::search::filter) would).
    Matches(&'q str),
    /// None but the places named.
    Places(PlaceSet),
}

impl Text<'_> {
    /// Whether the read keeps the court each next hearing names.
    fn hearing_courts(self) -> bool {
        match self {
            Text::All => true,
            Text::Places(set) => set.court,
            Text::Matches(_) => false,
        }
    }
}

/// In `latest`: the person has no case.
const NO_CASE: u32 = u32::MAX;

/// The detainee half of a person's facts.
#[derive(Debug)]
struct Person {
    gender: Option<Gender>,
    date_of_birth: Option<NaiveDate>,
    age_at_arrest: Option<u32>,
    juvenile_claimed: Option<bool>,
    pregnant: Option<bool>,
    due_date: Option<NaiveDate>,
    children_in_prison: Option<u32>,
    health: Codes<Health>,
}

/// The case half, with the case's next hearing and findings.
#[derive(Debug)]
struct CaseFacts {
    id: i64,
    detainee_id: i64,
    law: Law,
    arrest_date: NaiveDate,
    quantity_grams: Option<f64>,
    stage: Stage,
    bail_status: Option<BailStatus>,
    capital_charge: Option<bool>,
    previous_conviction: Option<bool>,
    delay_by_defence: Option<bool>,
    first_offence: Option<bool>,
    substance: Option<Substance>,
    fir_date: Option<NaiveDate>,
    previous_conviction_death_life: Option<bool>,
    judgment_date: Option<NaiveDate>,
    has_lawyer: bool,
    findings: Codes<Weakness>,
    next_hearing: Option<NaiveDate>,
}

fn facts(p: &Person, c: &CaseFacts) -> Facts {
    Facts {
        gender: p.gender,
        date_of_birth: p.date_of_birth,
        age_at_arrest: p.age_at_arrest,
        juvenile_claimed: p.juvenile_claimed,
        pregnant: p.pregnant,
        due_date: p.due_date,
        children_in_prison: p.children_in_prison,
        health: p.health.clone(),
        law: c.law,
        arrest_date: c.arrest_date,
        quantity_grams: c.quantity_grams,
        stage: c.stage,
        bail_status: c.bail_status,
        capital_charge: c.capital_charge,
        previous_conviction: c.previous_conviction,
        delay_by_defence: c.delay_by_defence,
        first_offence: c.first_offence,
        substance: c.substance,
        fir_date: c.fir_date,
        previous_conviction_death_life: c.previous_conviction_death_life,
        judgment_date: c.judgment_date,
        has_lawyer: c.has_lawyer,
        findings: c.findings.clone(),
        next_hearing: c.next_hearing,
    }
}

/// Fills in the case half of `f`.
fn set_case(f: &mut Facts, c: &CaseFacts) {
    f.law = c.law;
    f.arrest_date = c.arrest_date;
    f.quantity_grams = c.quantity_grams;
    f.stage = c.stage;
    f.bail_status = c.bail_status;
    f.capital_charge = c.capital_charge;
    f.previous_conviction = c.previous_conviction;
    f.delay_by_defence = c.delay_by_defence;
    f.first_offence = c.first_offence;
    f.substance = c.substance;
    f.fir_date = c.fir_date;
    f.previous_conviction_death_life = c.previous_conviction_death_life;
    f.judgment_date = c.judgment_date;
    f.has_lawyer = c.has_lawyer;
    f.findings = c.findings.clone();
    f.next_hearing = c.next_hearing;
}

/// Optional text values back to back in one buffer.
#[derive(Debug, Default)]
struct Texts {
    buf: String,
    /// End of each value in `buf` (a NULL is empty), and which values were not NULL.
    ends: Vec<usize>,
    some: Vec<bool>,
}

impl Texts {
    fn push(&mut self, text: Option<&str>) {
        self.buf.push_str(text.unwrap_or(""));
        self.ends.push(self.buf.len());
        self.some.push(text.is_some());
    }

    fn get(&self, index: usize) -> Option<&str> {
        if !*self.some.get(index)? {
            return None;
        }
        let start = index.checked_sub(1).map_or(0, |i| self.ends[i]);
        self.buf.get(start..self.ends[index])
    }
}

/// Interned places (prisons, police stations: a few hundred values for a million people), and
/// each row's place: 0 for NULL, else its index in `names` + 1.
#[derive(Debug, Default)]
struct Places {
    names: Vec<Box<str>>,
    /// Fx hashing (rustc-hash), as the statistics do: the keys are the clinic's own place
    /// names, and a million lookups are a visible part of a filtered read.
    ids: rustc_hash::FxHashMap<Box<str>, u32>,
    of: Vec<u32>,
}

impl Places {
    /// The id of `place` (0 for NULL), adding it if new.
    fn intern(&mut self, place: Option<&str>) -> u32 {
        let Some(place) = place else { return 0 };
        if let Some(&id) = self.ids.get(place) {
            return id;
        }
        self.names.push(place.into());
        let id = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.ids.insert(place.into(), id);
        id
    }

    fn push(&mut self, place: Option<&str>) {
        let id = self.intern(place);
        self.of.push(id);
    }

    /// These names, with `of` as the rows' ids.
    fn with_rows(self, of: Vec<u32>) -> Places {
        Places { of, ..self }
    }

    /// Row `row`'s interned id (0: not recorded, or the column was not read).
    fn id(&self, row: usize) -> u32 {
        self.of.get(row).copied().unwrap_or(0)
    }

    /// The same places, one row per person: each person's latest case's (`latest[person]`,
    /// `NO_CASE` for none). Nothing when the column was not read.
    fn by_person(mut self, latest: &[u32]) -> Places {
        if self.of.is_empty() {
            return self;
        }
        self.of = latest
            .iter()
            .map(|&case| self.of.get(case as usize).copied().unwrap_or(0))
            .collect();
        self
    }

    fn get(&self, row: usize) -> Option<&str> {
        let id = *self.of.get(row)?;
        let name = self.names.get(usize::try_from(id).ok()?.checked_sub(1)?)?;
        Some(name)
    }
}

/// The detainee half of the load: facts, and the text as `text` asks.
#[derive(Debug, Default)]
struct PeoplePart {
    /// Everyone's detainee facts; with `Text::All` they go straight into `roster` instead.
    people: Vec<Person>,
    /// Every detainee id, in order.
    ids: Vec<i64>,
    /// With `Text::All`: everyone with their names, the case half still to fill in.
    roster: Roster,
    /// With `Text::Matches`.
    matches: Vec<bool>,
    /// With `Text::Places` naming the prison.
    prisons: Places,
    /// Upcoming hearings, for the cases: read here to balance the two threads.
    upcoming: Upcoming,
    /// Every finding as (case id, code), in id order: read here to balance the two threads.
    findings: Vec<(i64, Weakness)>,
}

/// The case half: facts with hearings and findings, and text as asked.
#[derive(Debug, Default)]
struct CasesPart {
    cases: Vec<CaseFacts>,
    /// FIR number of each case, with `Text::All`; the places also with `Text::Places`
    /// naming them.
    texts: Texts,
    stations: Places,
    /// The case's court and lawyer, and the court named by its next hearing (`Text::All`):
    /// for the Hearings screen.
    courts: Places,
    lawyers: Places,
    hearing_courts: Places,
    /// The case's district (`Text::All`): for `district:X` filters.
    districts: Places,
    matches: Vec<bool>,
    /// A bad value in a case, reported only if the case belongs to someone loaded.
    errors: Vec<(usize, StoreError)>,
}

impl Store {
    /// Every detainee with their latest case as a compact [`Roster`] for ranking and search,
    /// with hearings reduced to the next one on or after `today`. A fraction of the time and
    /// memory of [`Store::load_all`]; load full records by id with [`Store::get`].
    pub fn load_roster(&self, today: NaiveDate) -> Result<Roster, StoreError> {
        let (people, cases, latest) = self.read_parts(today, Text::All)?;
        let mut roster = people.roster;
        for (index, &at) in latest.iter().enumerate() {
            let Some(case) = cases.cases.get(at as usize) else {
                continue;
            };
            if let Some(facts) = roster.facts_mut(index) {
                set_case(facts, case);
            }
            let at = at as usize;
            roster.set_case_text(index, cases.texts.get(at), cases.stations.get(at));
            roster.set_docket(index, cases.courts.get(at), cases.lawyers.get(at));
            roster.set_hearing_court(index, cases.hearing_courts.get(at));
            roster.set_district(index, cases.districts.get(at));
        }
        // Like the SQL join before: someone without a case is not on the roster.
        if latest.contains(&NO_CASE) {
            let mut index = 0;
            roster.retain(|_| {
                index += 1;
                latest[index - 1] != NO_CASE
            });
        }
        roster.shrink_to_fit();
        Ok(roster)
    }

    /// What `caseload list` needs to rank everyone and search, without any names: see
    /// [`RankingFacts`]. With a `query`, [`RankingFacts::matches`] says who
    /// [`search::filter`](crate::domain::search::filter) would keep.
    pub fn load_ranking_facts(
        &self,
        today: NaiveDate,
        query: Option<&str>,
    ) -> Result<RankingFacts, StoreError> {
        let text = match query.map(str::trim).filter(|q| !q.is_empty()) {
            Some(query) => Text::Matches(query),
            None => Text::Places(PlaceSet::NONE),
        };
        let (people, cases, latest) = self.read_parts(today, text)?;
        Ok(RankingFacts::join(people, cases, &latest))
    }

    /// Everyone's facts as [`Store::load_ranking_facts`] reads them, with only the place texts
    /// `places` names (for a filter's `court:X`, a `--by prison`): no names, so a filtered list
    /// costs about what the list does.
    pub fn load_facts_and_places(
        &self,
        today: NaiveDate,
        places: PlaceSet,
    ) -> Result<RankingFacts, StoreError> {
        let (people, cases, latest) = self.read_parts(today, Text::Places(places))?;
        Ok(RankingFacts::join(people, cases, &latest))
    }

    /// Both halves and the join, on two connections when the file allows a second one.
    fn read_parts(
        &self,
        today: NaiveDate,
        text: Text,
    ) -> Result<(PeoplePart, CasesPart, Vec<u32>), StoreError> {
        let cx = self.context();
        let capacity = usize::try_from(self.count()?).unwrap_or(0);
        self.conn
            .execute_batch(READ_CACHE)
            .map_err(|e| cx.sqlite(e))?;
        let parallel = match self.second_reader(cx)? {
            Some(other) => read_in_parallel(&self.conn, other, cx, text, today, capacity),
            None => Ok(None),
        };
        let parts = match parallel {
            Ok(Some(parts)) => Ok(parts),
            Ok(None) => read_people(&self.conn, cx, (text, today), capacity)
                .and_then(|people| Ok((people, read_cases(&self.conn, cx, text, capacity)?))),
            Err(e) => Err(e),
        };
        self.conn
            .execute_batch(NORMAL_CACHE)
            .map_err(|e| cx.sqlite(e))?;
        let (mut people, mut cases) = parts?;
        attach_findings(&mut cases.cases, &std::mem::take(&mut people.findings));
        attach_upcoming(&mut cases, std::mem::take(&mut people.upcoming));
        let latest = join(&people.ids, &mut cases)?;
        Ok((people, cases, latest))
    }

    /// A read-only connection to the same file, or `None` for an in-memory store.
    fn second_reader(&self, cx: Context) -> Result<Option<Connection>, StoreError> {
        if self.path.as_os_str() == ":memory:" {
            return Ok(None);
        }
        let conn = super::open::reader(&self.path, self.access).map_err(|e| cx.sqlite(e))?;
        super::apply_key(&conn, self.key.as_deref()).map_err(|e| cx.sqlite(e))?;
        conn.execute_batch(&format!("PRAGMA busy_timeout = 5000; {READ_CACHE}"))
            .map_err(|e| cx.sqlite(e))?;
        Ok(Some(conn))
    }
}

type Parts = (PeoplePart, CasesPart);

/// People on `mine`, cases on `other` in a thread, both inside read transactions that see the
/// same snapshot; `None` when writers kept committing in between (read on one connection then).
fn read_in_parallel(
    mine: &Connection,
    other: Connection,
    cx: Context,
    text: Text,
    today: NaiveDate,
    capacity: usize,
) -> Result<Option<Parts>, StoreError> {
    let Some(_reading) = same_snapshot(mine, &other, cx)? else {
        return Ok(None);
    };
    std::thread::scope(|s| {
        // The connection moves to the thread; closing it there ends its transaction.
        let cases = s.spawn(move || read_cases(&other, cx, text, capacity));
        let people = read_people(mine, cx, (text, today), capacity);
        let cases = cases
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        Ok(Some((people?, cases?)))
    })
}

/// A read transaction, rolled back when dropped.
struct Reading<'c>(&'c Connection);

impl<'c> Reading<'c> {
    fn begin(conn: &'c Connection, cx: Context) -> Result<Reading<'c>, StoreError> {
        conn.execute_batch("BEGIN").map_err(|e| cx.sqlite(e))?;
        Ok(Reading(conn))
    }
}

impl Drop for Reading<'_> {
    fn drop(&mut self) {
        // Nothing was written: ending a read transaction cannot lose anything.
        let _ = self.0.execute_batch("ROLLBACK");
    }
}

/// Read transactions on both connections that see the same snapshot: the same newest audit
/// row (every write adds one in its transaction). Retried a few times while writers commit.
/// The other connection's transaction is left open for its reader.
fn same_snapshot<'c>(
    mine: &'c Connection,
    other: &Connection,
    cx: Context,
) -> Result<Option<Reading<'c>>, StoreError> {
    let newest = "SELECT coalesce(max(id), 0) FROM audit";
    let newest_on = |conn: &Connection| -> Result<i64, StoreError> {
        conn.query_row(newest, [], |r| r.get(0))
            .map_err(|e| cx.sqlite(e))
    };
    for _ in 0..10 {
        let reading = Reading::begin(mine, cx)?;
        let theirs = Reading::begin(other, cx)?;
        if newest_on(mine)? == newest_on(other)? {
            std::mem::forget(theirs);
            return Ok(Some(reading));
        }
    }
    Ok(None)
}
