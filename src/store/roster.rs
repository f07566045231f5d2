//! Reading the compact roster of a big caseload fast. Each table is scanned once in rowid order
//! (no per-detainee seeks into `cases`, which an SQL join costs): `detainees` on the store's own
//! connection while `cases`, `hearings` and `findings` are read on a second connection in a
//! thread; the two halves are joined in memory by id. Both connections read the same snapshot.

use super::{Context, Store, StoreError};
use crate::domain::model::{BailStatus, Gender, Health, Law, Stage, Substance, Weakness};
use crate::domain::roster::Roster;
use crate::domain::triage::{Codes, Facts};
use chrono::NaiveDate;
use rusqlite::Connection;
use std::collections::HashMap;

mod scan;
use scan::{attach_findings, join, read_cases, read_people};

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
    /// None at all.
    Nothing,
}

/// What the list needs to rank a big caseload: every person's triage [`Facts`] and detainee id,
/// and whether they match the search query the load was made for. No names are kept.
#[derive(Debug, Default)]
pub struct RankingFacts {
    people: Vec<Person>,
    cases: Vec<CaseFacts>,
    /// Per person, the index of their latest case in `cases` (`NO_CASE` when none).
    latest: Vec<u32>,
    /// Per person, whether the query matched their own fields; per case, its fields.
    people_match: Vec<bool>,
    cases_match: Vec<bool>,
}

const NO_CASE: u32 = u32::MAX;

impl RankingFacts {
    /// How many detainees were read (some may have no case and so no facts).
    pub fn len(&self) -> usize {
        self.people.len()
    }

    pub fn is_empty(&self) -> bool {
        self.people.is_empty()
    }

    /// The `index`th person's detainee id.
    pub fn id(&self, index: usize) -> Option<i64> {
        self.people.get(index).map(|p| p.id)
    }

    /// The `index`th person's facts and id, as [`triage::rank_by`](crate::domain::triage::rank_by)
    /// takes them; `None` for someone with no case.
    pub fn get(&self, index: usize) -> Option<(Facts, i64)> {
        let person = self.people.get(index)?;
        let case = self.cases.get(*self.latest.get(index)? as usize)?;
        Some((facts(person, case), person.id))
    }

    /// Whether the `index`th person matches the query of the load (everyone without a query).
    pub fn matches(&self, index: usize) -> bool {
        let case = self.latest.get(index).map_or(NO_CASE, |&c| c);
        self.people_match.get(index).is_none_or(|&m| m)
            || self.cases_match.get(case as usize).is_some_and(|&m| m)
    }
}

/// The detainee half of a person's facts.
#[derive(Debug)]
struct Person {
    id: i64,
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
    ids: HashMap<Box<str>, u32>,
    of: Vec<u32>,
}

impl Places {
    fn push(&mut self, place: Option<&str>) {
        let id = match place {
            None => 0,
            Some(place) => match self.ids.get(place) {
                Some(&id) => id,
                None => {
                    self.names.push(place.into());
                    let id = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
                    self.ids.insert(place.into(), id);
                    id
                }
            },
        };
        self.of.push(id);
    }

    /// Sets row `row`'s place (rows not set are NULL).
    fn set(&mut self, row: usize, place: Option<&str>) {
        if self.of.len() <= row {
            self.of.resize(row + 1, 0);
        }
        self.push(place);
        self.of.swap_remove(row);
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
    /// Every finding as (case id, code), in id order: read here to balance the two threads.
    findings: Vec<(i64, Weakness)>,
}

/// The case half: facts with hearings and findings, and text as asked.
#[derive(Debug, Default)]
struct CasesPart {
    cases: Vec<CaseFacts>,
    /// FIR number and police station of each case, with `Text::All`.
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
            None => Text::Nothing,
        };
        let (people, cases, latest) = self.read_parts(today, text)?;
        Ok(RankingFacts {
            people: people.people,
            cases: cases.cases,
            latest,
            people_match: people.matches,
            cases_match: cases.matches,
        })
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
            Ok(None) => read_people(&self.conn, cx, text, capacity).and_then(|people| {
                Ok((people, read_cases(&self.conn, cx, text, today, capacity)?))
            }),
            Err(e) => Err(e),
        };
        self.conn
            .execute_batch(NORMAL_CACHE)
            .map_err(|e| cx.sqlite(e))?;
        let (mut people, mut cases) = parts?;
        attach_findings(&mut cases.cases, &std::mem::take(&mut people.findings));
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
        let cases = s.spawn(move || read_cases(&other, cx, text, today, capacity));
        let people = read_people(mine, cx, text, capacity);
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
