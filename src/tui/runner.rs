//! The effect runner: carries out what the app asked for (export, copy, read a record, save a
//! change, drop a draft) against the store, feeding each result back to the app. Shared by the
//! event loop and the tests, which run the same effects without a terminal.

use super::app::{App, Effect, Purpose};
use super::effects;
use crate::store::{Store, StoreError};
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
            Effect::Save(change) => match store.apply(&change) {
                Ok(saved) => {
                    let id = saved.record.detainee.id;
                    app.apply_saved(saved);
                    queue.push(Effect::Load {
                        id,
                        purpose: Purpose::History,
                    });
                }
                Err(StoreError::Conflict {
                    found,
                    theirs,
                    yours,
                    ..
                }) => app.show_conflict(found, *theirs, *yours),
                Err(e) => app.show_error(e.to_string()),
            },
            Effect::Search(request) => app.search_done(request.run()),
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
