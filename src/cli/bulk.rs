//! `caseload update --filter EXPR field=value… [--dry-run] [--all-or-none]`: the same change
//! for everyone a filter selects (issue 14 §5). Every selected record is changed in memory and
//! checked first: one bad value for anyone and nothing is written. `--dry-run` shows who would
//! change and how. Then everyone is saved in one transaction ([`Store::update_many`]), each
//! with their own check and audit rows: someone another user changed since the selection was
//! read is reported and left as they are (with `--all-or-none`: nobody is changed).

use super::edit::{apply, parse_assignments};
use super::list::parse_filter;
use super::{Settings, say};
use crate::domain::edit::Field;
use crate::domain::filter::Context;
use crate::domain::model::AuditAction;
use crate::domain::selection::select_records;
use crate::store::{ManyChange, OpenMode, Store};
use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;

/// One person's planned change.
type Planned = ManyChange;

/// `caseload update --filter EXPR field=value… [--dry-run]`.
pub(super) fn run(
    context: &Settings,
    today: NaiveDate,
    expr: &str,
    args: &[String],
    (dry_run, all_or_none): (bool, bool),
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
    // Versions first: a save between the two reads then shows as a newer version (reported),
    // never as a change written over.
    let versions = store.versions()?;
    let records = store.load_all()?;
    let me = store.staff_name(store.actor())?;
    let cx = Context {
        today,
        weights: &weights,
        me: me.as_deref(),
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
                // Not among the versions: added after they were read; checked as changed.
                version: versions.get(&before.detainee.id).copied().unwrap_or(-1),
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
    save(&mut store, &planned, already, all_or_none)
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

/// Saves the planned changes in one transaction; reports who was changed meanwhile.
fn save(store: &mut Store, planned: &[Planned], already: usize, all_or_none: bool) -> Result<()> {
    let outcome = store.update_many(planned, AuditAction::Edit, all_or_none)?;
    let saved = outcome.saved.len();
    let people = if saved == 1 { "person" } else { "people" };
    say::out(format_args!(
        "updated {saved} {people} ({already} already so)"
    ));
    if !outcome.changed_meanwhile.is_empty() {
        let ids: Vec<String> = outcome
            .changed_meanwhile
            .iter()
            .map(|id| format!("#{id}"))
            .collect();
        let what = if all_or_none {
            "so nobody was changed (--all-or-none)"
        } else {
            "left as they are"
        };
        say::err(format_args!(
            "changed by someone else since they were read, {what}: {} (see `caseload history ID`)",
            ids.join(" ")
        ));
        if all_or_none {
            bail!("{} people changed meanwhile; nothing changed", ids.len());
        }
    }
    Ok(())
}
