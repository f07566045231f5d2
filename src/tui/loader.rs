//! Starting fast at any size: the first frame shows the people who were most urgent at the last
//! ranking (read by id from the rank cache, re-scored for today) while a thread on its own
//! connection loads and ranks everyone, refreshes the cache, and hands the result to the loop.

use super::app::App;
use crate::domain::model::Record;
use crate::domain::roster::Roster;
use crate::domain::triage::Ranked;
use crate::domain::weights::Weights;
use crate::store::{OpenMode, RankCache, Store, StoreError};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};

/// How many people the rank cache keeps and the first frame shows: a few screens' worth.
pub const PREVIEW: usize = 200;

/// Everyone, loaded and ranked by the loader thread.
pub struct Loaded {
    pub roster: Roster,
    pub ranked: Vec<Ranked>,
    pub archived: Vec<Record>,
    /// Who each person archived by a merge was merged into.
    pub merges: HashMap<i64, i64>,
    /// The last audit row when the roster was read: changes after it are caught up.
    pub audit: i64,
}

/// The app to open with: the cached top people when there is a cache, else empty; both say
/// everyone is loading.
pub fn preview(
    store: &Store,
    today: NaiveDate,
    weights: Weights,
    title: String,
) -> Result<App, StoreError> {
    let (records, people) = match store.rank_cache()? {
        Some(cache) => {
            let top = &cache.top[..cache.top.len().min(PREVIEW)];
            (store.get_many(top)?, cache.people)
        }
        None => (Vec::new(), 0),
    };
    Ok(App::preview(records, people, today, weights, title))
}

/// Loads and ranks everyone on a thread with its own connection to the file at `path`.
pub fn spawn(
    path: PathBuf,
    key: Option<String>,
    today: NaiveDate,
    weights: Weights,
) -> Receiver<Result<Loaded, StoreError>> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(load_everyone(&path, key.as_deref(), today, &weights));
    });
    receiver
}

/// What the loader thread does: open the file again, read everyone as of one moment, rank them,
/// and refresh the rank cache for the next start.
pub fn load_everyone(
    path: &Path,
    key: Option<&str>,
    today: NaiveDate,
    weights: &Weights,
) -> Result<Loaded, StoreError> {
    let store = Store::open_with_key(path, OpenMode::MustExist, key)?;
    let (roster, audit) = store.roster_snapshot(today)?;
    let ranked = roster.rank(today, weights);
    let archived = store.load_archived()?;
    let merges = store.merged_into()?;
    let top = ranked
        .iter()
        .take(PREVIEW)
        .filter_map(|r| roster.entry(r.index).map(|e| e.id))
        .collect();
    // Best effort: a read-only file still opens, just without a faster next start.
    let _ = store.write_rank_cache(&RankCache {
        as_of: today,
        people: ranked.len(),
        top,
    });
    Ok(Loaded {
        roster,
        ranked,
        archived,
        merges,
        audit,
    })
}
