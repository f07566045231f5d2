//! The duplicate checks that read the whole file, off the input thread: the review's pairs
//! (issue 16, `D`) and the add form's likely matches (before `a` saves). Each takes seconds at
//! a million people, so with a file the loop runs them on a thread with its own connection
//! ([`spawn`], [`spawn_likely`], as the loader and the statistics do) and the screen says it is
//! looking until the answer lands; a database in memory (tests) is searched in the runner.
pub use super::screens::duplicates::Found;
use super::screens::duplicates::REVIEWED;
use crate::domain::duplicates::{self, Pair, Scoring};
use crate::domain::model::Record;
use crate::store::{OpenMode, Store, StoreError};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver};

/// The pairs the duplicate review shows (the best [`REVIEWED`], the pairs answered "not the
/// same person" left out), with both people's records and versions.
pub fn find(store: &Store, today: NaiveDate) -> Result<Found, StoreError> {
    let people = store.duplicate_candidates(today)?;
    let not_same = store.not_same()?;
    let mut pairs = duplicates::pairs_among(people, Scoring::default(), &not_same);
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

/// Finds the pairs on a thread reading `path` on its own connection.
pub fn spawn(
    path: PathBuf,
    key: Option<String>,
    today: NaiveDate,
) -> Receiver<Result<Found, String>> {
    on_own_connection(path, key, move |store| find(store, today))
}

/// What the add form's check found: the record checked and who it may already be.
pub type Likely = (Record, Vec<(Pair, Record)>);

/// Looks for who `record` may already be on a thread reading `path` on its own connection.
pub fn spawn_likely(
    path: PathBuf,
    key: Option<String>,
    record: Record,
    today: NaiveDate,
) -> Receiver<Result<Likely, String>> {
    on_own_connection(path, key, move |store| {
        let matches = store.likely_matches(&record, today)?;
        Ok((record, matches))
    })
}

/// Runs `work` on a thread with its own connection to `path`; its answer (or why there is
/// none) comes on the receiver.
fn on_own_connection<T: Send + 'static>(
    path: PathBuf,
    key: Option<String>,
    work: impl FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
) -> Receiver<Result<T, String>> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let answer = Store::open_with_key(&path, OpenMode::MustExist, key.as_deref())
            .and_then(|store| work(&store))
            .map_err(|e| e.to_string());
        let _ = sender.send(answer);
    });
    receiver
}
