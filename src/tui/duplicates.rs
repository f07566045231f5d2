//! The duplicate review's pairs (issue 16, `D`), found off the input thread: scoring every
//! pair of a big file takes seconds, so with a file the loop runs [`find`] on a thread with its
//! own connection ([`spawn`], as the loader and the statistics do) and the screen says it is
//! looking until the answer lands; a database in memory (tests) is searched in the runner.

pub use super::screens::duplicates::Found;
use super::screens::duplicates::REVIEWED;
use crate::domain::duplicates::{self, Scoring};
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
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let found = Store::open_with_key(&path, OpenMode::MustExist, key.as_deref())
            .and_then(|store| find(&store, today))
            .map_err(|e| e.to_string());
        let _ = sender.send(found);
    });
    receiver
}
