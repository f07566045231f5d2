//! What a bulk insert writes: each table's multi-row `INSERT` and how one row's values are
//! bound, in the order of its columns.

use super::Binder;
use crate::domain::model::{Finding, Hearing, Record};
use crate::store::values::ages_text;

/// The tables a bulk insert writes, each with one row's placeholders for a multi-row `VALUES`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum BulkTable {
    Detainees,
    Cases,
    Hearings,
    Findings,
    Audit,
}

impl BulkTable {
    pub(super) fn head(self) -> &'static str {
        match self {
            BulkTable::Detainees => {
                "INSERT INTO detainees (id, name, father_name, gender, date_of_birth, \
                 age_at_arrest, juvenile_claimed, pregnant, due_date, children_in_prison, health, \
                 prison, prisoner_number, notes, natural_key, cnic, children_ages) VALUES "
            }
            BulkTable::Cases => {
                "INSERT INTO cases (id, detainee_id, law, section, fir_number, fir_date, \
                 police_station, district, arrest_date, substance, quantity_grams, stage, \
                 bail_status, capital_charge, previous_conviction, delay_by_defence, \
                 first_offence, court, lawyer, previous_conviction_death_life, judgment_date, \
                 sentence_years) VALUES "
            }
            BulkTable::Hearings => {
                "INSERT INTO hearings (case_id, date, court, purpose, outcome) VALUES "
            }
            BulkTable::Findings => "INSERT INTO findings (case_id, code, note) VALUES ",
            BulkTable::Audit => {
                "INSERT INTO audit (at, actor, action, detainee_id, field, old_value, new_value) \
                 VALUES "
            }
        }
    }

    /// One row. The audit rows of an import share its time (?1) and actor (?2), bound once;
    /// a bare `?` takes the number after the highest one used so far.
    pub(super) fn row(self) -> &'static str {
        match self {
            BulkTable::Detainees => "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            BulkTable::Cases => "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            BulkTable::Hearings => "(?,?,?,?,?)",
            BulkTable::Findings => "(?,?,?)",
            BulkTable::Audit => "(?1,?2,'import',?,NULL,NULL,?)",
        }
    }

    /// Parameters bound once per statement, before the rows' own.
    pub(super) fn shared(self) -> usize {
        match self {
            BulkTable::Audit => 2,
            _ => 0,
        }
    }

    pub(super) fn sql(self, rows: usize) -> String {
        let mut sql = String::from(self.head());
        for i in 0..rows {
            if i > 0 {
                sql.push(',');
            }
            sql.push_str(self.row());
        }
        sql
    }
}

/// A person waiting to be written, with the ids they will get.
pub(super) struct Pending {
    pub(super) id: i64,
    pub(super) case_id: i64,
    pub(super) key: String,
    pub(super) record: Record,
}

pub(super) fn bind_detainee(b: &mut Binder, p: &Pending) -> rusqlite::Result<()> {
    let d = &p.record.detainee;
    b.put(p.id)?;
    b.put(&d.name)?;
    b.put(&d.father_name)?;
    b.put(d.gender.map(|g| g.code()))?;
    b.date(d.date_of_birth)?;
    b.put(d.age_at_arrest)?;
    b.put(d.juvenile_claimed)?;
    b.put(d.pregnant)?;
    b.date(d.due_date)?;
    b.put(d.children_in_prison)?;
    match d.health.as_slice() {
        [] => b.put("")?,
        [one] => b.put(one.code())?,
        many => {
            let list = many.iter().map(|h| h.code()).collect::<Vec<_>>().join(";");
            b.index += 1;
            b.stmt.copied_text(b.index, &list)?;
        }
    }
    b.put(&d.prison)?;
    b.put(&d.prisoner_number)?;
    b.put(&d.notes)?;
    b.put(&p.key)?;
    b.put(&d.cnic)?;
    b.index += 1;
    match ages_text(&d.children_ages) {
        Some(ages) => b.stmt.copied_text(b.index, &ages),
        None => b.stmt.null(b.index),
    }
}

pub(super) fn bind_case(b: &mut Binder, p: &Pending) -> rusqlite::Result<()> {
    let c = &p.record.case;
    b.put(p.case_id)?;
    b.put(p.id)?;
    b.put(c.law.code())?;
    b.put(&c.section)?;
    b.put(&c.fir_number)?;
    b.date(c.fir_date)?;
    b.put(&c.police_station)?;
    b.put(&c.district)?;
    b.date(Some(c.arrest_date))?;
    b.put(c.substance.map(|s| s.code()))?;
    b.put(c.quantity_grams)?;
    b.put(c.stage.code())?;
    b.put(c.bail_status.map(|s| s.code()))?;
    b.put(c.capital_charge)?;
    b.put(c.previous_conviction)?;
    b.put(c.delay_by_defence)?;
    b.put(c.first_offence)?;
    b.put(&c.court)?;
    b.put(&c.lawyer)?;
    b.put(c.previous_conviction_death_life)?;
    b.date(c.judgment_date)?;
    b.put(c.sentence_years)
}

pub(super) fn bind_hearing(
    b: &mut Binder,
    &(case_id, h): &(i64, &Hearing),
) -> rusqlite::Result<()> {
    b.put(case_id)?;
    b.date(Some(h.date))?;
    b.put(&h.court)?;
    b.put(&h.purpose)?;
    b.put(&h.outcome)
}

pub(super) fn bind_finding(
    b: &mut Binder,
    &(case_id, f): &(i64, &Finding),
) -> rusqlite::Result<()> {
    b.put(case_id)?;
    b.put(f.code.code())?;
    b.put(&f.note)
}

pub(super) fn bind_audit(b: &mut Binder, p: &Pending) -> rusqlite::Result<()> {
    b.put(p.id)?;
    b.put(&p.record.detainee.name)
}
