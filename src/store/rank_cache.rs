//! The rank cache: who was most urgent when the list was last ranked. The TUI shows those people
//! (re-scored for today) in its first frame, in milliseconds at any size, while the whole
//! roster loads and ranks behind it; then it rewrites the cache if the top has changed.

use super::{Store, StoreError, iso};
use crate::domain::roster::Roster;
use chrono::NaiveDate;
use rusqlite::OptionalExtension;

/// The cached top of the ranking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RankCache {
    /// The day it was ranked for.
    pub as_of: NaiveDate,
    /// How many people were in custody then.
    pub people: usize,
    /// Detainee ids, most urgent first.
    pub top: Vec<i64>,
}

impl Store {
    /// The cached top of the ranking, if any (an unreadable cache counts as none).
    pub fn rank_cache(&self) -> Result<Option<RankCache>, StoreError> {
        let row = self
            .conn
            .query_row(
                "SELECT as_of, people, top FROM rank_cache WHERE id = 1",
                [],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, i64>(1)?,
                        row.get::<_, Vec<u8>>(2)?,
                    ))
                },
            )
            .optional()
            .map_err(|e| self.sqlite(e))?;
        Ok(row.and_then(|(as_of, people, top)| {
            Some(RankCache {
                as_of: NaiveDate::parse_from_str(&as_of, "%Y-%m-%d").ok()?,
                people: usize::try_from(people).ok()?,
                top: top
                    .chunks_exact(8)
                    .map(|b| i64::from_le_bytes(b.try_into().expect("8 bytes")))
                    .collect(),
            })
        }))
    }

    /// Replaces the cached top of the ranking, unless it already says the same or the file is
    /// read-only for this user (the cache only speeds up the next start).
    pub fn write_rank_cache(&self, cache: &RankCache) -> Result<bool, StoreError> {
        if self.is_read_only() || self.rank_cache()?.as_ref() == Some(cache) {
            return Ok(false);
        }
        let top: Vec<u8> = cache.top.iter().flat_map(|id| id.to_le_bytes()).collect();
        self.conn
            .execute(
                "INSERT OR REPLACE INTO rank_cache (id, as_of, people, top) VALUES (1, ?1, ?2, ?3)",
                rusqlite::params![iso(cache.as_of), cache.people as i64, top],
            )
            .map_err(|e| self.sqlite(e))?;
        Ok(true)
    }

    /// The whole roster, and the last audit row from before it was read: every change after
    /// that row is caught up afterwards (applying one twice is harmless; missing one is not).
    pub fn roster_snapshot(&self, today: NaiveDate) -> Result<(Roster, i64), StoreError> {
        let audit = self.last_audit_id()?;
        Ok((self.load_roster(today)?, audit))
    }
}
