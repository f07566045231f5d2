//! `caseload update --filter EXPR field=value… [--dry-run]`: the same change for everyone a
//! filter selects (issue 14 §5). Every selected record is changed in memory and checked first:
//! one bad value for anyone and nothing is written. `--dry-run` shows who would change and how.
//! Then each person is saved with the per-record version check of `caseload update`: someone
//! changed by another user since the selection was read is reported and left as it is.
//!
//! Not yet one transaction: the store saves one person per transaction today (each with its
//! audit rows); a bulk transaction in the store follows with issue 14's second part.

use super::edit::{apply, parse_assignments};
use super::list::parse_filter;
use super::{Settings, say};
use crate::domain::edit::Field;
use crate::domain::filter::Context;
use crate::domain::model::{AuditAction, Record};
use crate::domain::selection::select_records;
use crate::store::{OpenMode, Store, StoreError};
use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;

/// One person's planned change.
struct Planned {
    before: Record,
    after: Record,
}

/// `caseload update --filter EXPR field=value… [--dry-run]`.
pub(super) fn run(
    context: &Settings,
    today: NaiveDate,
    expr: &str,
    args: &[String],
    dry_run: bool,
) -> Result<()> {
    let filter = parse_filter(Some(expr))?.unwrap_or_default();
    if filter.is_empty() && filter.search.trim().is_empty() {
        bail!(
            "--filter: give at least one term (to change everyone on file, say so: --filter \"days>=0\"); nothing changed"
        );
    }
    let fields = parse_assignments(args)?;
    let weights = context.weights()?;
    let mut store = context.open(OpenMode::MustExist)?;
    let records = store.load_all()?;
    let cx = Context {
        today,
        weights: &weights,
        me: None,
    };
    let selected = select_records(&records, &filter, &cx);
    let mut planned = Vec::new();
    for &at in &selected {
        let before = &records[at];
        let mut after = before.clone();
        apply(&mut after, &fields, false, today).map_err(|why| {
            anyhow!(
                "person {} ({}): {why}",
                before.detainee.id,
                before.detainee.name
            )
        })?;
        if after != *before {
            planned.push(Planned {
                before: before.clone(),
                after,
            });
        }
    }
    let already = selected.len() - planned.len();
    if dry_run {
        say::out(format_args!(
            "would change {} of {} people selected ({already} already so); nothing changed (--dry-run)",
            planned.len(),
            selected.len()
        ));
        for p in &planned {
            say::out(change_line(p, &fields));
        }
        return Ok(());
    }
    save(&mut store, &planned, already)
}

/// `  #42 Muhammad Aslam: lawyer '' → 'Ayesha Siddiqui'`.
fn change_line(p: &Planned, fields: &[(Field, String)]) -> String {
    let changes: Vec<String> = fields
        .iter()
        .filter_map(|(field, _)| {
            let (old, new) = (field.get(&p.before), field.get(&p.after));
            (old != new).then(|| format!("{} '{old}' → '{new}'", field.name()))
        })
        .collect();
    format!(
        "  #{} {}: {}",
        p.before.detainee.id,
        p.before.detainee.name,
        changes.join(", ")
    )
}

/// Saves each planned change if the person is still as they were read.
fn save(store: &mut Store, planned: &[Planned], already: usize) -> Result<()> {
    let mut saved = 0;
    let mut changed_meanwhile = Vec::new();
    for p in planned {
        let id = p.before.detainee.id;
        let Some(current) = store.get_versioned(id)? else {
            changed_meanwhile.push(id);
            continue;
        };
        if current.record != p.before || current.archived {
            changed_meanwhile.push(id);
            continue;
        }
        match store.update(id, current.version, &p.after, AuditAction::Edit) {
            Ok(_) => saved += 1,
            Err(StoreError::Conflict { .. }) => changed_meanwhile.push(id),
            Err(e) => {
                return Err(anyhow::Error::from(e).context(format!(
                    "after {saved} of {} people were updated",
                    planned.len()
                )));
            }
        }
    }
    let people = if saved == 1 { "person" } else { "people" };
    say::out(format_args!(
        "updated {saved} {people} ({already} already so)"
    ));
    if !changed_meanwhile.is_empty() {
        let ids: Vec<String> = changed_meanwhile
            .iter()
            .map(|id| format!("#{id}"))
            .collect();
        say::err(format_args!(
            "changed by someone else since they were read, left as they are: {} (see `caseload history ID`)",
            ids.join(" ")
        ));
    }
    Ok(())
}
