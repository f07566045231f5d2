//! Noticing other processes' commits: `PRAGMA data_version` tells that the file changed, the
//! audit trail says who changed, and the app is brought up to date person by person (or, after
//! a big change such as an import elsewhere, reloaded whole).

use super::app::App;
use crate::store::{Store, StoreError};

/// At most this many changed people are reloaded one by one; more means a full reload.
const INCREMENTAL: usize = 500;

/// What the loop last saw of the file, to notice other processes' commits.
pub struct Watch {
    data_version: i64,
    last_audit: i64,
    /// Leave a full reload to the loop (which runs it on the loader thread) instead of
    /// reading everyone here.
    pub reload_behind: bool,
    reload: bool,
}

impl Watch {
    pub fn new(store: &Store) -> Result<Watch, StoreError> {
        Ok(Watch {
            data_version: store.data_version()?,
            last_audit: store.last_audit_id()?,
            reload_behind: false,
            reload: false,
        })
    }

    /// Brings the app up to date if another connection committed since the last look. Returns
    /// whether anything changed (so the loop redraws only then).
    pub fn poll(&mut self, store: &Store, app: &mut App) -> Result<bool, StoreError> {
        let version = store.data_version()?;
        if version == self.data_version {
            return Ok(false);
        }
        self.data_version = version;
        self.apply_since(store, app, self.last_audit)
    }

    /// Applies every change audited after row `since` (the loader's snapshot): the app was just
    /// given everyone as of that row.
    pub fn catch_up(
        &mut self,
        store: &Store,
        app: &mut App,
        since: i64,
    ) -> Result<bool, StoreError> {
        self.data_version = store.data_version()?;
        self.apply_since(store, app, since)
    }

    fn apply_since(
        &mut self,
        store: &Store,
        app: &mut App,
        since: i64,
    ) -> Result<bool, StoreError> {
        let (changed, last) = store.changed_since(since, INCREMENTAL)?;
        self.last_audit = last;
        match changed {
            Some(ids) if ids.is_empty() => return Ok(false),
            Some(ids) => {
                let mut found = Vec::with_capacity(ids.len());
                for id in ids {
                    found.push((id, store.get_versioned(id)?));
                }
                app.refresh(found);
            }
            // Too many to read one by one (an import elsewhere): reload everyone, behind the
            // screen when the loop can.
            None if self.reload_behind => self.reload = true,
            None => app.replace_roster(store.load_roster(app.today())?, store.load_archived()?),
        }
        // A merge elsewhere archived someone: the view names whom they were merged into.
        app.set_merges(store.merged_into()?);
        Ok(true)
    }

    /// Whether everyone must be reloaded (only asked for when reloading behind the screen).
    pub fn take_reload(&mut self) -> bool {
        std::mem::take(&mut self.reload)
    }
}
