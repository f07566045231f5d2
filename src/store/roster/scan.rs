//! The table scans of the fast roster read: each of `detainees`, `cases`, `hearings` and
//! `findings` once in rowid order, values decoded straight from SQLite's bytes, and the two
//! halves joined in memory by id.

use super::{CaseFacts, CasesPart, NO_CASE, PeoplePart, Person, Places, Text, facts};
use crate::domain::model::{BailStatus, Gender, Health, Law, Stage, Substance, Weakness};
use crate::domain::roster::PlaceSet;
use crate::domain::roster::{Names, Roster};
use crate::domain::search;
use crate::domain::triage::Codes;
use crate::store::{Context, StoreError, fast_code, fast_date, iso, split_list};
use chrono::NaiveDate;
use rusqlite::{Connection, Row};

pub(super) const PEOPLE_SQL: &str =
    "SELECT id, gender, date_of_birth, age_at_arrest, juvenile_claimed,
        pregnant, due_date, children_in_prison, health, name, father_name, prison
     FROM detainees WHERE archived = 0 ORDER BY id";

/// The same without the text columns, when no text is wanted.
pub(super) const PEOPLE_FACTS_SQL: &str =
    "SELECT id, gender, date_of_birth, age_at_arrest, juvenile_claimed,
        pregnant, due_date, children_in_prison, health
     FROM detainees WHERE archived = 0 ORDER BY id";

/// The case columns every read takes: the triage facts, and the lawyer (whether one is
/// recorded).
macro_rules! case_facts_columns {
    () => {
        "SELECT id, detainee_id, law, arrest_date, quantity_grams, stage,
        bail_status, capital_charge, previous_conviction, delay_by_defence, first_offence,
        substance, fir_date, previous_conviction_death_life, judgment_date, lawyer"
    };
}

pub(super) const CASES_SQL: &str = concat!(
    case_facts_columns!(),
    ", fir_number, police_station, court, district FROM cases ORDER BY id"
);

/// Where the place columns of a [`Text::Places`] read are (after the facts).
#[derive(Debug, Clone, Copy, Default)]
struct PlaceColumns {
    police_station: Option<usize>,
    court: Option<usize>,
    district: Option<usize>,
}

/// The facts columns and only the place columns `set` names: a column not asked for costs
/// SQLite's decoding even when it is never read.
fn places_sql(set: PlaceSet) -> (String, PlaceColumns) {
    let mut sql = String::from(case_facts_columns!());
    let mut at = LAWYER;
    let mut column = |wanted: bool, name: &str| {
        wanted.then(|| {
            sql.push_str(", ");
            sql.push_str(name);
            at += 1;
            at
        })
    };
    let columns = PlaceColumns {
        police_station: column(set.police_station, "police_station"),
        court: column(set.court, "court"),
        district: column(set.district, "district"),
    };
    sql.push_str(" FROM cases ORDER BY id");
    (sql, columns)
}

/// The lawyer's column in every case read.
const LAWYER: usize = 15;

/// A full scan, not the date index: most stored hearings lie ahead in a live caseload, and one
/// index seek per hearing costs four times a scan of the table. Today's hearing once its
/// outcome is recorded has been held: it is not the next one ([`Record::next_hearing`]).
///
/// [`Record::next_hearing`]: crate::domain::model::Record::next_hearing
pub(super) const HEARINGS_SQL: &str = "SELECT case_id, id, date, court FROM hearings NOT INDEXED \
     WHERE date > ?1 OR (date = ?1 AND outcome IS NULL)";

pub(super) const FINDINGS_SQL: &str = "SELECT case_id, code FROM findings ORDER BY id";

/// Typed reads of a row, each error naming the file, table, row and column.
impl Context<'_> {
    pub(super) fn text<'r>(&self, row: &'r Row, i: usize) -> Result<Option<&'r str>, StoreError> {
        row.get_ref(i)
            .and_then(|v| v.as_str_or_null().map_err(Into::into))
            .map_err(|e| self.sqlite(e))
    }

    pub(super) fn int(&self, row: &Row, i: usize) -> Result<Option<i64>, StoreError> {
        row.get(i).map_err(|e| self.sqlite(e))
    }

    pub(super) fn flag(&self, row: &Row, i: usize) -> Result<Option<bool>, StoreError> {
        Ok(self.int(row, i)?.map(|n| n != 0))
    }

    /// Text as stored, not yet checked to be UTF-8: codes and dates are compared as bytes.
    pub(super) fn bytes<'r>(&self, row: &'r Row, i: usize) -> Result<Option<&'r [u8]>, StoreError> {
        row.get_ref(i)
            .and_then(|v| v.as_bytes_or_null().map_err(Into::into))
            .map_err(|e| self.sqlite(e))
    }

    pub(super) fn date(
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

    pub(super) fn code<T: Copy + std::str::FromStr<Err = String>>(
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
pub(super) fn date_of(b: &[u8]) -> Option<NaiveDate> {
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
pub(super) fn not_blank(b: &[u8]) -> bool {
    b.iter().any(|c| c.is_ascii() && !c.is_ascii_whitespace())
        || String::from_utf8_lossy(b).trim() != ""
}

pub(super) fn read_people(
    conn: &Connection,
    cx: Context,
    (text, today): (Text, NaiveDate),
    capacity: usize,
) -> Result<PeoplePart, StoreError> {
    let sql = match text {
        Text::Places(set) if !set.prison => PEOPLE_FACTS_SQL,
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
            Text::Places(set) => {
                if set.prison {
                    part.prisons.push(cx.text(row, 11)?);
                }
                part.people.push(person);
            }
        }
    }
    drop(rows);
    drop(stmt);
    part.findings = read_findings(conn, cx)?;
    part.upcoming = read_upcoming(conn, cx, today, text.hearing_courts())?;
    Ok(part)
}

pub(super) fn person(row: &Row, cx: Context, id: i64) -> Result<Person, StoreError> {
    let t = "detainees";
    let health = split_list(cx.text(row, 8)?.unwrap_or(""))
        .map(|code| {
            fast_code(Health::ALL, Health::code, code).map_err(|r| cx.bad(t, id, "health", r))
        })
        .collect::<Result<Codes<Health>, _>>()?;
    Ok(Person {
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

/// Cases, with the text `text` asks for (their hearings and findings are read with the people,
/// to share the work between the two threads evenly).
pub(super) fn read_cases(
    conn: &Connection,
    cx: Context,
    text: Text,
    capacity: usize,
) -> Result<CasesPart, StoreError> {
    let mut part = CasesPart {
        cases: Vec::with_capacity(capacity),
        ..CasesPart::default()
    };
    let (sql, places) = match text {
        Text::Places(set) => places_sql(set),
        _ => (CASES_SQL.to_string(), PlaceColumns::default()),
    };
    let mut stmt = conn.prepare_cached(&sql).map_err(|e| cx.sqlite(e))?;
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
                part.lawyers.push(cx.text(row, LAWYER)?);
                part.districts.push(cx.text(row, 19)?);
            }
            Text::Matches(query) => {
                let fields = [cx.text(row, 16)?, cx.text(row, 17)?];
                part.matches
                    .push(search::matches_any(fields.into_iter().flatten(), query));
            }
            Text::Places(set) => {
                if set.lawyer {
                    part.lawyers.push(cx.text(row, LAWYER)?);
                }
                let read = |at: Option<usize>, into: &mut Places| -> Result<(), StoreError> {
                    if let Some(at) = at {
                        into.push(cx.text(row, at)?);
                    }
                    Ok(())
                };
                read(places.police_station, &mut part.stations)?;
                read(places.court, &mut part.courts)?;
                read(places.district, &mut part.districts)?;
            }
        }
    }
    Ok(part)
}

pub(super) fn case(
    row: &Row,
    cx: Context,
    id: i64,
    detainee_id: i64,
) -> Result<CaseFacts, StoreError> {
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
        has_lawyer: cx.bytes(row, LAWYER)?.is_some_and(not_blank),
        findings: Codes::new(),
        next_hearing: None,
    })
}

/// Stands in for a case with a bad value until the join knows whether anyone loaded needs it.
pub(super) fn placeholder_case(id: i64, detainee_id: i64) -> CaseFacts {
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

/// Each case's hearings on or after `today` that are still to be held, as (case id, date,
/// court id in `courts`): the earliest of each run of rows for one case (a case's hearings
/// mostly sit together in id order); [`attach_upcoming`] keeps the earliest per case.
#[derive(Debug, Default)]
pub(super) struct Upcoming {
    hearings: Vec<(i64, NaiveDate, u32)>,
    courts: Places,
}

pub(super) fn read_upcoming(
    conn: &Connection,
    cx: Context,
    today: NaiveDate,
    courts: bool,
) -> Result<Upcoming, StoreError> {
    // Dates are ISO text, so text order is date order.
    let today = iso(today);
    let mut stmt = conn.prepare(HEARINGS_SQL).map_err(|e| cx.sqlite(e))?;
    let mut rows = stmt.query([&today]).map_err(|e| cx.sqlite(e))?;
    let mut upcoming = Upcoming::default();
    while let Some(row) = rows.next().map_err(|e| cx.sqlite(e))? {
        let case_id: i64 = row.get(0).map_err(|e| cx.sqlite(e))?;
        let id: i64 = row.get(1).map_err(|e| cx.sqlite(e))?;
        let Some(date) = cx.date(row, 2, ("hearings", id, "date"))? else {
            continue;
        };
        let same_case = upcoming.hearings.last_mut().filter(|h| h.0 == case_id);
        if same_case.as_ref().is_some_and(|h| h.1 <= date) {
            continue;
        }
        let court = if courts {
            upcoming.courts.intern(cx.text(row, 3)?)
        } else {
            0
        };
        match same_case {
            Some(earlier) => *earlier = (case_id, date, court),
            None => upcoming.hearings.push((case_id, date, court)),
        }
    }
    Ok(upcoming)
}

/// Each case's next hearing (the earliest; of two on one day, the first recorded) and its
/// court, onto the cases.
pub(super) fn attach_upcoming(part: &mut CasesPart, upcoming: Upcoming) {
    let mut courts = vec![0; part.cases.len()];
    let mut hint = 0;
    for (case_id, date, court) in upcoming.hearings {
        let Some(index) = find(&part.cases, |c| c.id, case_id, hint) else {
            continue;
        };
        hint = index + 1;
        let next = &mut part.cases[index].next_hearing;
        if next.is_none_or(|n| date < n) {
            *next = Some(date);
            courts[index] = court;
        }
    }
    part.hearing_courts = upcoming.courts.with_rows(courts);
}

pub(super) fn read_findings(
    conn: &Connection,
    cx: Context,
) -> Result<Vec<(i64, Weakness)>, StoreError> {
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
pub(super) fn attach_findings(cases: &mut [CaseFacts], findings: &[(i64, Weakness)]) {
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
pub(super) fn find<T>(items: &[T], key: impl Fn(&T) -> i64, id: i64, hint: usize) -> Option<usize> {
    for at in [hint, hint + 1] {
        if items.get(at).is_some_and(|item| key(item) == id) {
            return Some(at);
        }
    }
    items.binary_search_by_key(&id, key).ok()
}

/// For each person, the index of their latest (highest id) case; or the error of a case with a
/// bad value that belongs to someone loaded.
pub(super) fn join(people: &[i64], cases: &mut CasesPart) -> Result<Vec<u32>, StoreError> {
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
