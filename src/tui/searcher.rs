//! Search that never blocks typing: the app asks for a search ([`SearchRequest`]) and draws the
//! query at once; a worker thread runs it against a shared snapshot of the roster and ranking
//! and hands the hits back. A request superseded before it starts is skipped, and a longer query
//! narrows from the last result instead of searching everyone again.

use crate::domain::roster::Roster;
use crate::domain::search::{self, Hit};
use crate::domain::triage::Ranked;
use std::fmt;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};

/// One search to run: `query` over everyone in `ranked`.
#[derive(Clone)]
pub struct SearchRequest {
    /// Which keystroke asked; only the answer to the latest is shown.
    pub generation: u64,
    pub query: String,
    pub roster: Arc<Roster>,
    pub ranked: Arc<Vec<Ranked>>,
    /// The last result shown and its query: a query that only grew re-checks just those hits.
    pub previous: Option<(String, Arc<Vec<Hit>>)>,
}

/// What a search found, for [`App::search_done`](super::app::App::search_done).
#[derive(Debug, Clone, PartialEq)]
pub struct SearchResult {
    pub generation: u64,
    pub query: String,
    pub hits: Vec<Hit>,
}

impl SearchRequest {
    /// Runs the search here and now.
    pub fn run(&self) -> SearchResult {
        let hits = match &self.previous {
            Some((previous_query, previous)) => search::narrow(
                &*self.roster,
                &self.ranked,
                previous,
                previous_query,
                &self.query,
            ),
            None => search::filter(&*self.roster, &self.ranked, &self.query),
        };
        SearchResult {
            generation: self.generation,
            query: self.query.clone(),
            hits,
        }
    }
}

// Compared and printed by what was asked, not by the (large) roster it runs on.
impl PartialEq for SearchRequest {
    fn eq(&self, other: &SearchRequest) -> bool {
        self.generation == other.generation && self.query == other.query
    }
}

impl fmt::Debug for SearchRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SearchRequest")
            .field("generation", &self.generation)
            .field("query", &self.query)
            .field("narrowing", &self.previous.as_ref().map(|(q, _)| q))
            .finish()
    }
}

/// The worker thread and its two channels.
pub struct Searcher {
    requests: Sender<SearchRequest>,
    results: Receiver<SearchResult>,
}

impl Searcher {
    /// Starts the worker; it ends when the searcher is dropped.
    pub fn spawn() -> Searcher {
        let (requests, inbox) = mpsc::channel::<SearchRequest>();
        let (outbox, results) = mpsc::channel();
        std::thread::spawn(move || {
            while let Ok(mut request) = inbox.recv() {
                // Typing outruns searching: skip to the newest request waiting.
                while let Ok(newer) = inbox.try_recv() {
                    request = newer;
                }
                if outbox.send(request.run()).is_err() {
                    break;
                }
            }
        });
        Searcher { requests, results }
    }

    /// Queues a search (a newer one makes any older queued one moot).
    pub fn send(&self, request: SearchRequest) {
        let _ = self.requests.send(request);
    }

    /// A finished search, if one is ready.
    pub fn try_result(&self) -> Option<SearchResult> {
        self.results.try_recv().ok()
    }
}
