//! The statistics screen's numbers (issue 15 §2), off the input thread: the app asks
//! ([`StatsRequest`], a snapshot of the roster, the ranking and the rows the list shows) and the
//! screen says "counting…" until the answer lands. The counting is `domain::stats` (the same
//! headline and `--by` rows as `caseload stats`), the trend `domain::trend` over the file's
//! history: the one read here of the store, on a thread with its own connection (as the loader
//! does), because a history scan of a big file takes longer than a frame.

use crate::domain::roster::Roster;
use crate::domain::search::Hit;
use crate::domain::stats::{self, Field, GroupRow, Headline};
use crate::domain::trend::{self, Trend};
use crate::domain::trend_events::events_of_history;
use crate::domain::triage::Ranked;
use crate::store::{OpenMode, Store, StoreError};
use crate::tui::searcher::Judged;
use chrono::NaiveDate;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver};

/// The numbers of the people the list showed when the screen opened.
#[derive(Debug, Clone, PartialEq)]
pub struct Numbers {
    pub headline: Headline,
    /// One `--by` table per field of [`Field::ALL`], in that order, most people first.
    pub groups: Vec<(Field, Vec<GroupRow>)>,
}

impl Numbers {
    /// The rows of `field`, most people first.
    pub fn rows(&self, field: Field) -> &[GroupRow] {
        self.groups
            .iter()
            .find(|(f, _)| *f == field)
            .map_or(&[], |(_, rows)| rows.as_slice())
    }
}

/// What the statistics screen asked for.
#[derive(Clone)]
pub struct StatsRequest {
    /// Which opening of the screen asked; an answer for an older one is dropped.
    pub generation: u64,
    pub roster: Arc<Roster>,
    pub ranked: Arc<Vec<Ranked>>,
    /// The rows the list shows (its filter and search); `None`: everyone in custody.
    pub shown: Option<Arc<Vec<Hit>>>,
    /// Today and the weights (the list's).
    pub judged: Arc<Judged>,
}

/// The answer, for [`App::stats_done`](super::app::App::stats_done).
#[derive(Debug, Clone, PartialEq)]
pub struct StatsResult {
    pub generation: u64,
    pub numbers: Arc<Numbers>,
    /// The monthly trend of the whole file, or why the history could not be read.
    pub trend: Result<Arc<Trend>, String>,
}

impl StatsRequest {
    /// Counts the people asked for, here and now.
    pub fn count(&self) -> Numbers {
        let people: Vec<Ranked> = match &self.shown {
            Some(hits) => hits
                .iter()
                .filter_map(|h| self.ranked.get(h.position).copied())
                .collect(),
            None => self.ranked.to_vec(),
        };
        let subjects = stats::subjects_of_roster(&self.roster, &people);
        let (today, weights) = (self.judged.today, &self.judged.weights);
        let tables = stats::group_by_each(&subjects, &Field::ALL, today, weights);
        Numbers {
            headline: stats::headline(&subjects, today, weights),
            groups: Field::ALL.into_iter().zip(tables).collect(),
        }
    }

    /// The numbers, and the trend read from `store`.
    pub fn answer(&self, store: &Store) -> StatsResult {
        StatsResult {
            generation: self.generation,
            numbers: Arc::new(self.count()),
            trend: read_trend(store, self.judged.today)
                .map(Arc::new)
                .map_err(|e| e.to_string()),
        }
    }
}

/// The monthly trend of everyone on file (released and archived people too: a trend counts
/// people leaving custody), as `caseload stats --trend monthly` counts it without a filter.
pub fn read_trend(store: &Store, today: NaiveDate) -> Result<Trend, StoreError> {
    let events: Vec<trend::Event> = store
        .trend_histories(today)?
        .iter()
        .flat_map(|history| events_of_history(history, today))
        .collect();
    Ok(trend::monthly(&events, today))
}

/// Answers `request` on a thread with its own connection to the file at `path`.
pub fn spawn(request: StatsRequest, path: PathBuf, key: Option<String>) -> Receiver<StatsResult> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let result = match Store::open_with_key(&path, OpenMode::MustExist, key.as_deref()) {
            Ok(store) => request.answer(&store),
            Err(e) => StatsResult {
                generation: request.generation,
                numbers: Arc::new(request.count()),
                trend: Err(e.to_string()),
            },
        };
        let _ = sender.send(result);
    });
    receiver
}

// Compared and printed by what was asked, not by the (large) roster it runs on.
impl PartialEq for StatsRequest {
    fn eq(&self, other: &StatsRequest) -> bool {
        self.generation == other.generation && self.judged.today == other.judged.today
    }
}

impl fmt::Debug for StatsRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StatsRequest")
            .field("generation", &self.generation)
            .field("people", &self.shown.as_ref().map(|h| h.len()))
            .finish()
    }
}
