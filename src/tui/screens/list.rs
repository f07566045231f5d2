//! The ranked list of people in custody, and the search typed over it (`/`): the query shows at
//! once, the search runs on a worker, and the list keeps the previous result until it lands.
//! The list is the root of the screen stack.

use super::{Cx, ReleasedScreen, Screen, Step, Transition, browse};
use crate::domain::roster::Person;
use crate::domain::search::{self, Hit};
use crate::domain::triage::Ranked;
use crate::tui::action::Action;
use crate::tui::app::{Effect, Purpose, Subject};
use crate::tui::caseload::Caseload;
use crate::tui::cursor::Cursor;
use crate::tui::mode::Mode;
use crate::tui::searcher::{SearchRequest, SearchResult};
use std::sync::Arc;

/// The footer's keys while browsing.
pub const KEYS: &[Action] = &[
    Action::Open,
    Action::Search,
    Action::Back,
    Action::Add,
    Action::Edit,
    Action::RecordHearing,
    Action::Hearings,
    Action::Help,
    Action::Quit,
];

/// The footer's keys while typing a search.
pub const SEARCH_KEYS: &[Action] = &[
    Action::SearchAccept,
    Action::SearchCancel,
    Action::SearchBackspace,
];

/// The list's state: the search and the selection.
#[derive(Debug, Clone, Default)]
pub struct ListScreen {
    /// The query is being typed (the footer is the search line).
    typing: bool,
    query: String,
    /// `None`: everyone in the ranking. Some: the people matching `filter_query`.
    filter: Option<Arc<Vec<Hit>>>,
    filter_query: String,
    /// Counts search requests; only the latest one's answer is shown.
    generation: u64,
    /// A search for `query` is running: the list still shows the previous result.
    searching: bool,
    /// The ranking changed while a search ran: its answer was dropped, ask again.
    resend: bool,
    pub cursor: Cursor,
}

impl ListScreen {
    /// Browsing, or typing a search.
    pub fn mode(&self) -> Mode {
        if self.typing {
            Mode::Search
        } else {
            Mode::List
        }
    }

    pub fn update(&mut self, cx: &Cx, action: Action) -> Step {
        if self.typing {
            return self.type_search(cx, action);
        }
        match action {
            Action::Back => self.clear_search(),
            Action::Open if self.visible_len(cx.caseload) > 0 => {
                let open = Step::to(Transition::Push(Screen::Detail(Default::default())));
                return match cx.selected {
                    Some(id) => open.and(Effect::Load {
                        id,
                        purpose: Purpose::History,
                    }),
                    None => open,
                };
            }
            Action::Search => self.typing = true,
            Action::ToggleReleased => {
                let released = ReleasedScreen::build(cx.caseload);
                return Step::to(Transition::Push(Screen::Released(released)));
            }
            Action::TogglePrivate
            | Action::Hearings
            | Action::Calendar
            | Action::Export
            | Action::Copy
            | Action::Add
            | Action::Edit
            | Action::RecordHearing
            | Action::Archive
            | Action::Undo
            | Action::Redo => {
                let subject = cx.selected.map(Subject::Person);
                return browse::act(action, cx, cx.selected, subject).unwrap_or_default();
            }
            movement => self.move_by(cx, movement),
        }
        Step::stay()
    }

    fn type_search(&mut self, cx: &Cx, action: Action) -> Step {
        match action {
            Action::Back | Action::SearchCancel => {
                self.clear_search();
                self.typing = false;
            }
            Action::SearchAccept => {
                if self.query.trim().is_empty() {
                    self.clear_search();
                }
                self.typing = false;
            }
            Action::SearchBackspace => {
                self.query.pop();
                return self.refilter(cx.caseload);
            }
            Action::Insert(c) => {
                self.query.push(c);
                return self.refilter(cx.caseload);
            }
            movement => self.move_by(cx, movement),
        }
        Step::stay()
    }

    fn move_by(&mut self, cx: &Cx, action: Action) {
        let len = self.visible_len(cx.caseload);
        self.cursor.apply(action, len, cx.viewport.list_rows);
    }

    /// Keeps the selection in `rows` rows.
    pub fn fit(&mut self, caseload: &Caseload, rows: usize) {
        let len = self.visible_len(caseload);
        self.cursor.clamp(len, rows);
    }

    /// How many people the list shows (after any search).
    pub fn visible_len(&self, caseload: &Caseload) -> usize {
        self.filter
            .as_ref()
            .map_or(caseload.ranked().len(), |hits| hits.len())
    }

    /// The `row`th person the list shows: their position in the ranking (rank − 1), their
    /// ranking, roster entry, and search hit if searched.
    pub fn row<'a>(
        &'a self,
        caseload: &'a Caseload,
        row: usize,
    ) -> Option<(usize, Ranked, Person<'a>, Option<&'a Hit>)> {
        let (position, hit) = match &self.filter {
            Some(hits) => {
                let hit = hits.get(row)?;
                (hit.position, Some(hit))
            }
            None => (row, None),
        };
        let ranked = *caseload.ranked().get(position)?;
        let person = caseload.roster().person(ranked.index)?;
        Some((position, ranked, person, hit))
    }

    /// The selected person's id.
    pub fn selected_id(&self, caseload: &Caseload) -> Option<i64> {
        self.row(caseload, self.cursor.selected)
            .map(|(_, _, p, _)| p.id)
    }

    /// The search query as typed.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// A search result is in force (the list shows only matches).
    pub fn is_filtered(&self) -> bool {
        self.filter.is_some()
    }

    /// A search is running.
    pub fn searching(&self) -> bool {
        self.searching
    }

    /// Drops the search: everyone shows again.
    pub fn clear_search(&mut self) {
        self.query.clear();
        self.filter_query.clear();
        // An answer still on its way is for a query that is gone.
        self.generation += 1;
        self.searching = false;
        if self.filter.take().is_some() {
            self.cursor = Cursor::default();
        }
    }

    /// The query changed: the screen shows it at once, and the search runs behind.
    fn refilter(&mut self, caseload: &Caseload) -> Step {
        if self.query.trim().is_empty() {
            self.clear_search();
            return Step::stay();
        }
        Step::effect(Effect::Search(self.search_request(caseload)))
    }

    /// A search of the current query (the latest one asked).
    pub fn search_request(&mut self, caseload: &Caseload) -> SearchRequest {
        self.generation += 1;
        self.searching = true;
        let (roster, ranked) = caseload.shared();
        SearchRequest {
            generation: self.generation,
            query: self.query.clone(),
            roster,
            ranked,
            previous: self
                .filter
                .as_ref()
                .map(|hits| (self.filter_query.clone(), Arc::clone(hits))),
        }
    }

    /// The search to send again because the ranking changed under the last one.
    pub fn resend(&mut self, caseload: &Caseload) -> Option<SearchRequest> {
        if !self.resend {
            return None;
        }
        self.resend = false;
        Some(self.search_request(caseload))
    }

    /// A search finished. Shown only if it answers the latest query, with the most urgent
    /// match selected.
    pub fn search_done(&mut self, result: SearchResult) {
        if result.generation != self.generation {
            return;
        }
        self.searching = false;
        self.filter = Some(Arc::new(result.hits));
        self.filter_query = result.query;
        self.cursor = Cursor::default();
    }

    /// The roster changed: the search result and the selection follow (keeping person `keep`).
    pub fn after_change(&mut self, caseload: &Caseload, keep: Option<i64>, rows: usize) {
        // Positions in the old hits no longer match the ranking: search again, here (a
        // change is rare next to keystrokes) so the list is never wrong for a frame.
        if self.filter.is_some() {
            let hits = search::filter(caseload.roster(), caseload.ranked(), &self.filter_query);
            self.filter = Some(Arc::new(hits));
        }
        if self.searching {
            self.generation += 1;
            self.resend = true;
        }
        if let Some(id) = keep {
            self.select_id(caseload, id, rows);
        }
        self.fit(caseload, rows);
    }

    /// Selects person `id` if the list shows them.
    pub fn select_id(&mut self, caseload: &Caseload, id: i64, rows: usize) {
        let Some(index) = caseload.roster().index_of(id) else {
            return;
        };
        let ranked = caseload.ranked();
        let found = match &self.filter {
            Some(hits) => hits
                .iter()
                .position(|h| ranked.get(h.position).is_some_and(|r| r.index == index)),
            None => ranked.iter().position(|r| r.index == index),
        };
        if let Some(row) = found {
            self.select_row(row, rows);
        }
    }

    /// Selects the `row`th person shown.
    pub fn select_row(&mut self, row: usize, rows: usize) {
        self.cursor.selected = row;
        self.cursor.offset = crate::tui::cursor::visible_offset(self.cursor.offset, row, rows);
    }
}
