//! The effect runner: carries out what the app asked for (export, copy, read a record, save a
//! change, find or answer likely duplicates, drop a draft) against the store, feeding each result back to the app. Shared by the
//! event loop and the tests, which run the same effects without a terminal.

use super::app::{App, Effect, Purpose};
use super::effects;
use super::screens::duplicates::{Found, REVIEWED};
use crate::domain::duplicates::{self, Scoring};
use crate::domain::edit::Change;
use crate::store::{Store, StoreError};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::Path;

/// Carries out one effect (and any it leads to) against the store, feeding the results back to
/// the app. Returns true when the app asked to quit. Shared by the event loop and the tests.
pub fn execute(
    store: &mut Store,
    app: &mut App,
    effect: Effect,
    export: &effects::ExportSettings,
    draft: Option<&Path>,
) -> bool {
    let mut queue = vec![effect];
    while let Some(effect) = queue.pop() {
        match effect {
            Effect::Quit => return true,
            // Job control needs the terminal: the event loop does it (see `run_effect`).
            Effect::Suspend => {}
            Effect::Export {
                subject,
                format,
                include_health,
            } => {
                app.show_message(effects::export(
                    store,
                    app,
                    export,
                    &subject,
                    format,
                    include_health,
                ));
            }
            Effect::Copy(subject) => {
                let message = effects::copy(store, app, export, &subject);
                app.show_message(message);
            }
            Effect::Load { id, purpose } => {
                let history = store.history(id).unwrap_or_default();
                match store.get_versioned(id) {
                    Ok(found) => queue.extend(app.loaded(id, purpose, found, history)),
                    Err(e) => app.show_error(e.to_string()),
                }
            }
            Effect::Save(change) => queue.extend(save(store, app, &change)),
            Effect::Search(request) => app.search_done(request.run()),
            Effect::CheckLikely(record) => match store.likely_matches(&record, app.today()) {
                Ok(matches) => queue.extend(app.likely_checked(*record, matches)),
                Err(e) => app.show_error(e.to_string()),
            },
            Effect::FindDuplicates => match find_duplicates(store, app.today()) {
                Ok(found) => app.duplicates_found(found),
                Err(e) => app.show_error(e.to_string()),
            },
            Effect::MarkNotSame { a, b } => match store.mark_not_same(a, b) {
                Ok(_) => app.not_same_marked(a, b),
                Err(e) => app.show_error(e.to_string()),
            },
            Effect::Stats(request) => app.stats_done(request.answer(store)),
            Effect::SaveView(view) => match store.save_view(&view) {
                Ok(()) => app.view_saved(*view),
                Err(e) => app.show_error(e.to_string()),
            },
            Effect::Many(request) => match super::bulk::run(store, &request, app.today()) {
                Ok(landed) => app.many_landed(&request, landed),
                Err(e) => app.show_error(e.to_string()),
            },
            Effect::DiscardDraft => {
                if let Some(path) = draft {
                    let _ = std::fs::remove_file(path);
                }
            }
        }
    }
    false
}

/// The pairs the duplicate review shows (the best [`REVIEWED`], the pairs answered "not the
/// same person" left out), with both people's records and versions.
fn find_duplicates(store: &Store, today: NaiveDate) -> Result<Found, StoreError> {
    let records = store.load_all()?;
    let not_same = store.not_same()?;
    let mut pairs = duplicates::pairs_among(&records, today, Scoring::default(), &not_same);
    pairs.truncate(REVIEWED);
    let mut people = HashMap::new();
    for id in pairs.iter().flat_map(|p| [p.id_a, p.id_b]) {
        if !people.contains_key(&id)
            && let Some(found) = store.get_versioned(id)?
        {
            people.insert(id, found);
        }
    }
    Ok(Found { pairs, people })
}

/// Carries out a change and hands the result to the app; returns the read that follows it.
fn save(store: &mut Store, app: &mut App, change: &Change) -> Option<Effect> {
    match store.apply(change) {
        Ok(saved) => {
            let id = saved.record.detainee.id;
            if let Change::Merge(merge) | Change::Unmerge(merge) = change {
                // The other person was archived or came back with the survivor.
                let other = store.get_versioned(merge.other).ok().flatten();
                app.refresh(vec![(merge.other, other)]);
            }
            app.apply_saved(saved);
            return Some(Effect::Load {
                id,
                purpose: Purpose::History,
            });
        }
        // A merge over a changed record is not re-applied field by field: the review shows
        // both records again as they now are.
        Err(e @ StoreError::Conflict { .. })
            if matches!(change, Change::Merge(_) | Change::Unmerge(_)) =>
        {
            app.show_error(e.to_string());
            app.duplicates_changed();
        }
        Err(StoreError::Conflict {
            found,
            theirs,
            yours,
            ..
        }) => app.show_conflict(found, *theirs, *yours),
        Err(e) => app.show_error(e.to_string()),
    }
    None
}
