//! Reading the compact roster of a big caseload fast. Each table is scanned once in rowid order
//! (no per-detainee seeks into `cases`, which an SQL join costs): `detainees` on the store's own
//! connection while `cases`, `hearings` and `findings` are read on a second connection in a
//! thread; the two halves are joined in memory by id. Both connections read the same snapshot.

use super::{Context, Store, StoreError, fast_code, fast_date, iso, split_list};
use crate::domain::model::{BailStatus, Gender, Health, Law, Stage, Substance, Weakness};
use crate::domain::roster::{Names, Roster};
use crate::domain::search;
use crate::domain::triage::{Codes, Facts};
use chrono::NaiveDate;
use rusqlite::{Connection, Row};
use std::collections::HashMap;

/// A small page cache: every table is read once, so a big cache only adds memory.
const READ_CACHE: &str = "PRAGMA cache_size = -4096";
const NORMAL_CACHE: &str = "PRAGMA cache_size = -65536";

const PEOPLE_SQL: &str = "SELECT id, gender, date_of_birth, age_at_arrest, juvenile_claimed,
        pregnant, due_date, children_in_prison, health, name, father_name, prison
     FROM detainees WHERE archived = 0 ORDER BY id";
/// The same without the text columns, when no text is wanted.
const PEOPLE_FACTS_SQL: &str = "SELECT id, gender, date_of_birth, age_at_arrest, juvenile_claimed,
        pregnant, due_date, children_in_prison, health
     FROM detainees WHERE archived = 0 ORDER BY id";
const CASES_SQL: &str = "SELECT id, detainee_id, law, arrest_date, quantity_grams, stage,
        bail_status, capital_charge, previous_conviction, delay_by_defence, first_offence,
        substance, fir_date, previous_conviction_death_life, judgment_date, lawyer,
        fir_number, police_station, court
     FROM cases ORDER BY id";
const CASES_FACTS_SQL: &str = "SELECT id, detainee_id, law, arrest_date, quantity_grams, stage,
        bail_status, capital_charge, previous_conviction, delay_by_defence, first_offence,
        substance, fir_date, previous_conviction_death_life, judgment_date, lawyer
     FROM cases ORDER BY id";
/// A full scan, not the date index: most stored hearings lie ahead in a live caseload, and one
/// index seek per hearing costs four times a scan of the table.
const HEARINGS_SQL: &str =
    "SELECT case_id, id, date, court FROM hearings NOT INDEXED WHERE date >= ?1";
const FINDINGS_SQL: &str = "SELECT case_id, code FROM findings ORDER BY id";

/// Which text fields a load keeps.
#[derive(Debug, Clone, Copy)]
enum Text<'q> {
    /// Every field, for the roster.
    All,
    /// None: only whether the person matches this search query (as [`search::filter`] would).
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

/// Typed reads of a row, each error naming the file, table, row and column.
impl Context<'_> {
    fn text<'r>(&self, row: &'r Row, i: usize) -> Result<Option<&'r str>, StoreError> {
        row.get_ref(i)
            .and_then(|v| v.as_str_or_null().map_err(Into::into))
            .map_err(|e| self.sqlite(e))
    }

    fn int(&self, row: &Row, i: usize) -> Result<Option<i64>, StoreError> {
        row.get(i).map_err(|e| self.sqlite(e))
    }

    fn flag(&self, row: &Row, i: usize) -> Result<Option<bool>, StoreError> {
        Ok(self.int(row, i)?.map(|n| n != 0))
    }

    /// Text as stored, not yet checked to be UTF-8: codes and dates are compared as bytes.
    fn bytes<'r>(&self, row: &'r Row, i: usize) -> Result<Option<&'r [u8]>, StoreError> {
        row.get_ref(i)
            .and_then(|v| v.as_bytes_or_null().map_err(Into::into))
            .map_err(|e| self.sqlite(e))
    }

    fn date(
        &self,
        row: &Row,
        i: usize,
        (table, id, column): (&'static str, i64, &'static str),
    ) -> Result<Option<NaiveDate>, StoreError> {
        let Some(b) = self.bytes(row, i)? else {
            return Ok(None);
        };
        date_of(b).map(Some).ok_or_else(|| {
            let s = String::from_utf8_lossy(b);
            self.bad(table, id, column, format!("'{s}' is not a YYYY-MM-DD date"))
        })
    }

    fn code<T: Copy + std::str::FromStr<Err = String>>(
        &self,
        row: &Row,
        i: usize,
        all: &[T],
        code: fn(T) -> &'static str,
        (table, id, column): (&'static str, i64, &'static str),
    ) -> Result<Option<T>, StoreError> {
        let Some(b) = self.bytes(row, i)? else {
            return Ok(None);
        };
        if let Some(&v) = all.iter().find(|&&v| code(v).as_bytes() == b) {
            return Ok(Some(v));
        }
        let s = String::from_utf8_lossy(b);
        fast_code(all, code, &s)
            .map(Some)
            .map_err(|r| self.bad(table, id, column, r))
    }
}

/// [`fast_date`] on bytes: `YYYY-MM-DD` read directly, anything else through the parser.
fn date_of(b: &[u8]) -> Option<NaiveDate> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return std::str::from_utf8(b).ok().and_then(fast_date);
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

/// A lawyer is recorded when the name is not blank (`str::trim`'s idea of blank).
fn not_blank(b: &[u8]) -> bool {
    b.iter().any(|c| c.is_ascii() && !c.is_ascii_whitespace())
        || String::from_utf8_lossy(b).trim() != ""
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
    matches: Vec<bool>,
    /// A bad value in a case, reported only if the case belongs to someone loaded.
    errors: Vec<(usize, StoreError)>,
}

fn read_people(
    conn: &Connection,
    cx: Context,
    text: Text,
    capacity: usize,
) -> Result<PeoplePart, StoreError> {
    let sql = match text {
        Text::Nothing => PEOPLE_FACTS_SQL,
        _ => PEOPLE_SQL,
    };
    let mut part = PeoplePart {
        ids: Vec::with_capacity(capacity),
        ..PeoplePart::default()
    };
    match text {
        Text::All => part.roster = Roster::with_capacity(capacity),
        _ => part.people.reserve_exact(capacity),
    }
    let no_case = placeholder_case(0, 0);
    let mut stmt = conn.prepare(sql).map_err(|e| cx.sqlite(e))?;
    let mut rows = stmt.query([]).map_err(|e| cx.sqlite(e))?;
    while let Some(row) = rows.next().map_err(|e| cx.sqlite(e))? {
        let id: i64 = row.get(0).map_err(|e| cx.sqlite(e))?;
        let person = person(row, cx, id)?;
        part.ids.push(id);
        match text {
            Text::All => {
                let names = Names {
                    name: cx.text(row, 9)?.unwrap_or(""),
                    father_name: cx.text(row, 10)?,
                    prison: cx.text(row, 11)?,
                    ..Names::default()
                };
                part.roster.push(id, names, facts(&person, &no_case));
            }
            Text::Matches(query) => {
                let fields = [cx.text(row, 9)?, cx.text(row, 10)?, cx.text(row, 11)?];
                part.matches
                    .push(search::matches_any(fields.into_iter().flatten(), query));
                part.people.push(person);
            }
            Text::Nothing => part.people.push(person),
        }
    }
    drop(rows);
    drop(stmt);
    part.findings = read_findings(conn, cx)?;
    Ok(part)
}

fn person(row: &Row, cx: Context, id: i64) -> Result<Person, StoreError> {
    let t = "detainees";
    let health = split_list(cx.text(row, 8)?.unwrap_or(""))
        .map(|code| {
            fast_code(Health::ALL, Health::code, code).map_err(|r| cx.bad(t, id, "health", r))
        })
        .collect::<Result<Codes<Health>, _>>()?;
    Ok(Person {
        id,
        gender: cx.code(row, 1, Gender::ALL, Gender::code, (t, id, "gender"))?,
        date_of_birth: cx.date(row, 2, (t, id, "date_of_birth"))?,
        age_at_arrest: cx.int(row, 3)?.map(|n| n as u32),
        juvenile_claimed: cx.flag(row, 4)?,
        pregnant: cx.flag(row, 5)?,
        due_date: cx.date(row, 6, (t, id, "due_date"))?,
        children_in_prison: cx.int(row, 7)?.map(|n| n as u32),
        health,
    })
}

/// Cases, then each case's next hearing on or after `today` and its findings.
fn read_cases(
    conn: &Connection,
    cx: Context,
    text: Text,
    today: NaiveDate,
    capacity: usize,
) -> Result<CasesPart, StoreError> {
    let mut part = CasesPart {
        cases: Vec::with_capacity(capacity),
        ..CasesPart::default()
    };
    let sql = match text {
        Text::Nothing => CASES_FACTS_SQL,
        _ => CASES_SQL,
    };
    let mut stmt = conn.prepare(sql).map_err(|e| cx.sqlite(e))?;
    let mut rows = stmt.query([]).map_err(|e| cx.sqlite(e))?;
    while let Some(row) = rows.next().map_err(|e| cx.sqlite(e))? {
        let id: i64 = row.get(0).map_err(|e| cx.sqlite(e))?;
        let detainee_id: i64 = row.get(1).map_err(|e| cx.sqlite(e))?;
        let case = case(row, cx, id, detainee_id).unwrap_or_else(|error| {
            part.errors.push((part.cases.len(), error));
            placeholder_case(id, detainee_id)
        });
        part.cases.push(case);
        match text {
            Text::All => {
                part.texts.push(cx.text(row, 16)?);
                part.stations.push(cx.text(row, 17)?);
                part.courts.push(cx.text(row, 18)?);
                part.lawyers.push(cx.text(row, 15)?);
            }
            Text::Matches(query) => {
                let fields = [cx.text(row, 16)?, cx.text(row, 17)?];
                part.matches
                    .push(search::matches_any(fields.into_iter().flatten(), query));
            }
            Text::Nothing => {}
        }
    }
    drop(rows);
    drop(stmt);
    read_hearings(conn, cx, today, matches!(text, Text::All), &mut part)?;
    Ok(part)
}

fn case(row: &Row, cx: Context, id: i64, detainee_id: i64) -> Result<CaseFacts, StoreError> {
    let t = "cases";
    Ok(CaseFacts {
        id,
        detainee_id,
        law: cx
            .code(row, 2, Law::ALL, Law::code, (t, id, "law"))?
            .unwrap_or(Law::Cnsa1997),
        arrest_date: cx
            .date(row, 3, (t, id, "arrest_date"))?
            .ok_or_else(|| cx.bad(t, id, "arrest_date", "missing".into()))?,
        quantity_grams: row.get(4).map_err(|e| cx.sqlite(e))?,
        stage: cx
            .code(row, 5, Stage::ALL, Stage::code, (t, id, "stage"))?
            .unwrap_or(Stage::Investigation),
        bail_status: cx.code(
            row,
            6,
            BailStatus::ALL,
            BailStatus::code,
            (t, id, "bail_status"),
        )?,
        capital_charge: cx.flag(row, 7)?,
        previous_conviction: cx.flag(row, 8)?,
        delay_by_defence: cx.flag(row, 9)?,
        first_offence: cx.flag(row, 10)?,
        substance: cx.code(
            row,
            11,
            Substance::ALL,
            Substance::code,
            (t, id, "substance"),
        )?,
        fir_date: cx.date(row, 12, (t, id, "fir_date"))?,
        previous_conviction_death_life: cx.flag(row, 13)?,
        judgment_date: cx.date(row, 14, (t, id, "judgment_date"))?,
        has_lawyer: cx.bytes(row, 15)?.is_some_and(not_blank),
        findings: Codes::new(),
        next_hearing: None,
    })
}

/// Stands in for a case with a bad value until the join knows whether anyone loaded needs it.
fn placeholder_case(id: i64, detainee_id: i64) -> CaseFacts {
    CaseFacts {
        id,
        detainee_id,
        law: Law::Cnsa1997,
        arrest_date: NaiveDate::MIN,
        quantity_grams: None,
        stage: Stage::Released,
        bail_status: None,
        capital_charge: None,
        previous_conviction: None,
        delay_by_defence: None,
        first_offence: None,
        substance: None,
        fir_date: None,
        previous_conviction_death_life: None,
        judgment_date: None,
        has_lawyer: false,
        findings: Codes::new(),
        next_hearing: None,
    }
}

fn read_hearings(
    conn: &Connection,
    cx: Context,
    today: NaiveDate,
    courts: bool,
    part: &mut CasesPart,
) -> Result<(), StoreError> {
    // Dates are ISO text, so text order is date order.
    let today = iso(today);
    let mut stmt = conn.prepare(HEARINGS_SQL).map_err(|e| cx.sqlite(e))?;
    let mut rows = stmt.query([&today]).map_err(|e| cx.sqlite(e))?;
    let mut hint = 0;
    while let Some(row) = rows.next().map_err(|e| cx.sqlite(e))? {
        let case_id: i64 = row.get(0).map_err(|e| cx.sqlite(e))?;
        let Some(index) = find(&part.cases, |c| c.id, case_id, hint) else {
            continue;
        };
        hint = index + 1;
        let id: i64 = row.get(1).map_err(|e| cx.sqlite(e))?;
        let Some(date) = cx.date(row, 2, ("hearings", id, "date"))? else {
            continue;
        };
        let next = &mut part.cases[index].next_hearing;
        if next.is_none_or(|n| date < n) {
            *next = Some(date);
            if courts {
                part.hearing_courts.set(index, cx.text(row, 3)?);
            }
        }
    }
    Ok(())
}

fn read_findings(conn: &Connection, cx: Context) -> Result<Vec<(i64, Weakness)>, StoreError> {
    let mut stmt = conn.prepare(FINDINGS_SQL).map_err(|e| cx.sqlite(e))?;
    let mut rows = stmt.query([]).map_err(|e| cx.sqlite(e))?;
    let mut findings = Vec::new();
    while let Some(row) = rows.next().map_err(|e| cx.sqlite(e))? {
        let case_id: i64 = row.get(0).map_err(|e| cx.sqlite(e))?;
        let text = cx.bytes(row, 1)?.unwrap_or_default();
        let code = Weakness::ALL
            .iter()
            .find(|w| w.code().as_bytes() == text)
            .copied()
            .or_else(|| String::from_utf8_lossy(text).parse().ok())
            .unwrap_or(Weakness::Other);
        findings.push((case_id, code));
    }
    Ok(findings)
}

/// Each finding onto its case, in id order (the reason text lists them so).
fn attach_findings(cases: &mut [CaseFacts], findings: &[(i64, Weakness)]) {
    let mut hint = 0;
    for &(case_id, code) in findings {
        if let Some(index) = find(cases, |c| c.id, case_id, hint) {
            hint = index;
            cases[index].findings.push(code);
        }
    }
}

/// The position of `id` in `items` sorted by `key`, trying `hint` and the next slot first: rows
/// read in table order mostly refer to the same or the next row of the other table.
fn find<T>(items: &[T], key: impl Fn(&T) -> i64, id: i64, hint: usize) -> Option<usize> {
    for at in [hint, hint + 1] {
        if items.get(at).is_some_and(|item| key(item) == id) {
            return Some(at);
        }
    }
    items.binary_search_by_key(&id, key).ok()
}

/// For each person, the index of their latest (highest id) case; or the error of a case with a
/// bad value that belongs to someone loaded.
fn join(people: &[i64], cases: &mut CasesPart) -> Result<Vec<u32>, StoreError> {
    let mut latest = vec![NO_CASE; people.len()];
    let mut owned = vec![false; cases.cases.len()];
    let mut hint = 0;
    for (index, case) in cases.cases.iter().enumerate() {
        let Some(person) = find(people, |&id| id, case.detainee_id, hint) else {
            continue;
        };
        hint = person;
        // Cases come in id order: a later one replaces an earlier one.
        latest[person] = u32::try_from(index).unwrap_or(NO_CASE);
        owned[index] = true;
    }
    let errors = std::mem::take(&mut cases.errors);
    match errors.into_iter().find(|(index, _)| owned[*index]) {
        Some((_, error)) => Err(error),
        None => Ok(latest),
    }
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
    /// [`RankingFacts`]. With a `query`, [`RankingFacts::matches`] says who [`search::filter`]
    /// would keep.
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
