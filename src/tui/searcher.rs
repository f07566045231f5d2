//! The list's query, off the input thread: the app asks ([`SearchRequest`]) and draws what was
//! typed at once; a worker thread runs the filter line's terms, the search words and the sort
//! against a shared snapshot of the roster and ranking, and hands the rows back. A request
//! superseded before it starts is skipped, and a longer search under the same filter narrows
//! from the last result instead of searching everyone again.

use crate::domain::filter::{self, Filter};
use crate::domain::roster::Roster;
use crate::domain::search::{self, Hit};
use crate::domain::sort::{self, Sort};
use crate::domain::triage::Ranked;
use crate::domain::weights::Weights;
use chrono::NaiveDate;
use std::fmt;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};

/// What the list shows: the filter line, the search words and the order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListQuery {
    /// The search typed at `/`.
    pub search: String,
    /// The filter line as typed (its terms are in `filter`).
    pub filter_text: String,
    /// The filter line's last valid parse (none: no filter line).
    pub filter: Option<Arc<Filter>>,
    pub sort: Sort,
}

impl ListQuery {
    /// Everyone, most urgent first: nothing to compute.
    pub fn is_everyone(&self) -> bool {
        !self.has_words()
            && self.filter.as_ref().is_none_or(|f| f.is_empty())
            && self.sort == Sort::default()
    }

    /// Whether any fuzzy search applies: the filter line's free words or the search.
    fn has_words(&self) -> bool {
        let free = self.filter.as_ref().map_or("", |f| f.search.as_str());
        !free.trim().is_empty() || !self.search.trim().is_empty()
    }
}

/// What a filter's `lawyer:me`, `hearing:7d` and `is:overdue` are judged against.
#[derive(Debug, Clone)]
pub struct Judged {
    pub today: NaiveDate,
    pub weights: Weights,
    /// The lawyer this login is mapped to.
    pub me: Option<String>,
}

/// One query to run over everyone in `ranked`.
#[derive(Clone)]
pub struct SearchRequest {
    /// Which keystroke asked; only the answer to the latest is shown.
    pub generation: u64,
    pub query: ListQuery,
    pub judged: Arc<Judged>,
    pub roster: Arc<Roster>,
    pub ranked: Arc<Vec<Ranked>>,
    /// The last rows shown and the query they answer: a search that only grew under the same
    /// filter re-checks just those rows.
    pub previous: Option<(ListQuery, Arc<Vec<Hit>>)>,
}

/// What a query found, for [`App::search_done`](super::app::App::search_done).
#[derive(Debug, Clone, PartialEq)]
pub struct SearchResult {
    pub generation: u64,
    pub query: ListQuery,
    /// The rows in the order shown (each with its ranking position and matched characters).
    pub hits: Vec<Hit>,
}

impl SearchRequest {
    /// Runs the query here and now.
    pub fn run(&self) -> SearchResult {
        let (roster, ranked) = (&*self.roster, &self.ranked[..]);
        // As `domain::selection::select` does for the CLI: the terms, then the filter's free
        // words and the search each on their own (all must match), then the sort; here with
        // each row's matched characters kept for highlighting.
        let free = self.query.filter.as_ref().map_or("", |f| f.search.as_str());
        let search = self.query.search.trim();
        // A search that only grew under the same filter can only keep some of the last rows
        // (not a name: "moh" → "mohd" finds every Muhammad on the name key).
        let grown = self.previous.as_ref().filter(|(previous, _)| {
            let before = previous.search.trim();
            previous.filter_text == self.query.filter_text
                && !before.is_empty()
                && search.starts_with(before)
                && !search::names_a_name(search)
        });
        let mut hits = match (grown, &self.query.filter) {
            (Some((_, rows)), _) => {
                let mut candidates: Vec<usize> = rows.iter().map(|h| h.position).collect();
                candidates.sort_unstable();
                search::within(roster, ranked, &candidates, search)
            }
            (None, Some(filter)) => {
                let judged = &self.judged;
                let cx = filter::Context {
                    today: judged.today,
                    weights: &judged.weights,
                    me: judged.me.as_deref(),
                };
                let mut hits = search::within(
                    roster,
                    ranked,
                    &filter::filter_roster(roster, ranked, filter, &cx),
                    free,
                );
                if !search.is_empty() {
                    let kept: Vec<usize> = hits.iter().map(|h| h.position).collect();
                    hits = search::within(roster, ranked, &kept, search);
                }
                hits
            }
            (None, None) => search::filter(roster, ranked, search),
        };
        if self.query.sort != Sort::default() {
            hits = sorted(hits, roster, ranked, self.query.sort, self.judged.today);
        } else {
            // In urgency order, the name-key matches first: exact, variant, then fuzzy.
            search::names_first(&mut hits);
        }
        SearchResult {
            generation: self.generation,
            query: self.query.clone(),
            hits,
        }
    }
}

/// `hits` (in ranked order) in `sort`'s order.
fn sorted(
    hits: Vec<Hit>,
    roster: &Roster,
    ranked: &[Ranked],
    by: Sort,
    today: NaiveDate,
) -> Vec<Hit> {
    let positions: Vec<usize> = hits.iter().map(|h| h.position).collect();
    let order = sort::sort_positions(roster, ranked, &positions, by, today);
    let mut slots: Vec<Option<Hit>> = hits.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|position| {
            let at = positions.binary_search(&position).ok()?;
            slots[at].take()
        })
        .collect()
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
            .field("search", &self.query.search)
            .field("filter", &self.query.filter_text)
            .field("sort", &self.query.sort)
            .field("narrowing", &self.previous.as_ref().map(|(q, _)| &q.search))
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

    /// Queues a query (a newer one makes any older queued one moot).
    pub fn send(&self, request: SearchRequest) {
        let _ = self.requests.send(request);
    }

    /// A finished query, if one is ready.
    pub fn try_result(&self) -> Option<SearchResult> {
        self.results.try_recv().ok()
    }
}
