//! The ranked list of people in custody, and the search typed over it (`/`): the query shows at
//! once, the search runs on a worker, and the list keeps the previous result until it lands.
//! The list is the root of the screen stack.

use super::stats::{Scope, StatsScreen};
use super::{BulkScreen, Cx, ReleasedScreen, Screen, Step, Transition, ViewsScreen, browse};
use crate::domain::filter::Filter;
use crate::domain::roster::Person;
use crate::domain::search::Hit;
use crate::domain::triage::Ranked;
use crate::tui::action::Action;
use crate::tui::app::{Effect, Purpose, Subject};
use crate::tui::caseload::Caseload;
use crate::tui::cursor::Cursor;
use crate::tui::mode::Mode;
use crate::tui::searcher::{Judged, ListQuery, SearchRequest, SearchResult};
use std::collections::BTreeSet;
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

/// The footer's keys while people are marked.
pub const MARKED_KEYS: &[Action] = &[
    Action::Bulk,
    Action::Mark,
    Action::MarkAll,
    Action::Back,
    Action::Help,
];

/// The footer's keys while typing a search or a filter.
pub const SEARCH_KEYS: &[Action] = &[
    Action::SearchAccept,
    Action::SearchCancel,
    Action::SearchBackspace,
];

/// What is being typed into the footer line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Line {
    Search,
    Filter,
}

/// The list's state: what it is narrowed and ordered by, the rows that answer it, the selection.
#[derive(Debug, Clone, Default)]
pub struct ListScreen {
    typing: Option<Line>,
    /// What the list asks for (the rows follow from the worker).
    query: ListQuery,
    /// The filter line before this edit began (Esc puts it back).
    filter_before: Option<(String, Option<Arc<Filter>>)>,
    /// Why the filter line as typed does not parse (shown on the line; the last valid filter
    /// stays in force).
    filter_error: Option<String>,
    /// `None`: everyone in the ranking. Some: the rows answering `shown_for`, in order.
    shown: Option<Arc<Vec<Hit>>>,
    shown_for: ListQuery,
    /// Counts requests; only the latest one's answer is shown.
    generation: u64,
    /// A query is running: the list still shows the previous rows.
    searching: bool,
    /// The ranking changed while a query ran: its answer was dropped, ask again.
    resend: bool,
    /// The people marked for acting on many at once (by id: marks survive filters and sorts).
    marked: BTreeSet<i64>,
    pub cursor: Cursor,
    /// Opened from the statistics screen (`Enter` on a bar): the query before, and that
    /// screen, which `Esc` brings back.
    from_stats: Option<(ListQuery, Box<StatsScreen>)>,
    /// Counts openings of the statistics screen; only the latest one's numbers are shown.
    stats_asked: u64,
}

impl ListScreen {
    /// Browsing, or typing a search or a filter.
    pub fn mode(&self) -> Mode {
        match self.typing {
            None => Mode::List,
            Some(Line::Search) => Mode::Search,
            Some(Line::Filter) => Mode::Filter,
        }
    }

    pub fn update(&mut self, cx: &Cx, action: Action) -> Step {
        match self.typing {
            Some(Line::Search) => return self.type_search(cx, action),
            Some(Line::Filter) => return self.type_filter(cx, action),
            None => {}
        }
        if let Some(step) = self.marks_and_views(cx, action) {
            return step;
        }
        match action {
            Action::Back if self.from_stats.is_some() => return self.back_to_stats(cx),
            Action::Stats => return self.open_stats(cx),
            Action::Back if !self.query.search.is_empty() => {
                self.query.search.clear();
                return self.requery(cx);
            }
            Action::Back if !self.query.filter_text.is_empty() => {
                self.query.filter_text.clear();
                self.query.filter = None;
                return self.requery(cx);
            }
            Action::Back => self.show_everyone(),
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
            Action::Search => self.typing = Some(Line::Search),
            Action::Filter => {
                self.filter_before =
                    Some((self.query.filter_text.clone(), self.query.filter.clone()));
                self.filter_error = None;
                self.typing = Some(Line::Filter);
            }
            Action::CycleSort => {
                self.query.sort.key = self.query.sort.key.next();
                return self.requery(cx);
            }
            Action::ReverseSort => {
                self.query.sort.reverse = !self.query.sort.reverse;
                return self.requery(cx);
            }
            Action::ToggleReleased => {
                let filter = self
                    .query
                    .filter
                    .clone()
                    .map(|f| (f, Arc::clone(cx.judged)));
                let released = ReleasedScreen::build(cx.caseload, filter);
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
            | Action::Duplicates
            | Action::Undo
            | Action::Redo => {
                let subject = cx.selected.map(Subject::Person);
                return browse::act(action, cx, cx.selected, subject).unwrap_or_default();
            }
            movement => self.move_by(cx, movement),
        }
        Step::stay()
    }

    /// Marks (and acting on the marked), and views: `None` for any other action.
    fn marks_and_views(&mut self, cx: &Cx, action: Action) -> Option<Step> {
        Some(match action {
            Action::Back if !self.marked.is_empty() => {
                self.marked.clear();
                Step::say("Marks cleared.")
            }
            Action::Views => {
                let views = ViewsScreen::pick(cx.caseload.views());
                Step::to(Transition::Push(Screen::Views(views)))
            }
            Action::SaveView if self.query.filter_text.trim().is_empty() => {
                Step::say("Filter the list first (f), then V saves it as a view.")
            }
            Action::SaveView => {
                let views = cx.caseload.views();
                let naming = ViewsScreen::save(views, &self.query.filter_text, self.query.sort);
                Step::to(Transition::Push(Screen::Views(naming)))
            }
            Action::Mark => self.toggle_mark(cx),
            Action::MarkAll => self.mark_all(cx),
            Action::Bulk if self.marked.is_empty() => {
                Step::say("Mark people first: space marks one, * everyone shown.")
            }
            Action::Bulk => {
                let ids = self.marked.iter().copied().collect();
                let screen = BulkScreen::new(ids);
                Step::to(Transition::Push(Screen::Bulk(screen)))
            }
            _ => return None,
        })
    }

    /// Marks or unmarks the selected person and moves down, so space marks a run of people.
    fn toggle_mark(&mut self, cx: &Cx) -> Step {
        let Some(id) = cx.selected else {
            return Step::stay();
        };
        if !self.marked.remove(&id) {
            self.marked.insert(id);
        }
        self.move_by(cx, Action::MoveDown);
        Step::stay()
    }

    /// Marks everyone shown; when they all are already, unmarks them.
    fn mark_all(&mut self, cx: &Cx) -> Step {
        let shown: Vec<i64> = (0..self.visible_len(cx.caseload))
            .filter_map(|row| self.row(cx.caseload, row).map(|(_, _, p, _)| p.id))
            .collect();
        if shown.iter().all(|id| self.marked.contains(id)) {
            shown.iter().for_each(|id| {
                self.marked.remove(id);
            });
            return Step::say(format!("Unmarked {}.", shown.len()));
        }
        self.marked.extend(shown);
        Step::say(format!(
            "{} marked: b acts on them, Esc clears.",
            self.marked.len()
        ))
    }

    /// Puts a view's filter and sort on the list (the search typed stays); the rows follow
    /// from the worker.
    pub fn use_view(&mut self, view: &crate::domain::views::View) {
        self.query.filter_text = view.filter.clone();
        // A view's filter was checked when it was made.
        self.query.filter = Filter::parse(&view.filter).ok().map(Arc::new);
        self.query.sort = view.sort;
        self.filter_error = None;
        self.typing = None;
        if self.query.is_everyone() {
            self.rows_for_everyone();
        } else {
            self.resend = true;
        }
    }

    /// The people marked, by id.
    pub fn marked(&self) -> &BTreeSet<i64> {
        &self.marked
    }

    /// Drops every mark (the change to them landed).
    pub fn clear_marks(&mut self) {
        self.marked.clear();
    }

    fn type_search(&mut self, cx: &Cx, action: Action) -> Step {
        match action {
            Action::Back | Action::SearchCancel => {
                self.query.search.clear();
                self.typing = None;
                return self.requery(cx);
            }
            Action::SearchAccept => {
                self.typing = None;
                if self.query.search.trim().is_empty() {
                    self.query.search.clear();
                    return self.requery(cx);
                }
            }
            Action::SearchBackspace => {
                self.query.search.pop();
                return self.requery(cx);
            }
            Action::Insert(c) => {
                self.query.search.push(c);
                return self.requery(cx);
            }
            movement => self.move_by(cx, movement),
        }
        Step::stay()
    }

    fn type_filter(&mut self, cx: &Cx, action: Action) -> Step {
        match action {
            Action::Back | Action::SearchCancel => {
                let (text, filter) = self.filter_before.take().unwrap_or_default();
                self.query.filter_text = text;
                self.query.filter = filter;
                self.filter_error = None;
                self.typing = None;
                return self.requery(cx);
            }
            // A line that does not parse stays open, saying why.
            Action::SearchAccept if self.filter_error.is_some() => {}
            Action::SearchAccept => {
                self.filter_before = None;
                self.typing = None;
            }
            Action::SearchBackspace => {
                self.query.filter_text.pop();
                return self.reparse(cx);
            }
            Action::Insert(c) => {
                self.query.filter_text.push(c);
                return self.reparse(cx);
            }
            movement => self.move_by(cx, movement),
        }
        Step::stay()
    }

    /// The filter line changed: in force at once if it parses, else its error is shown and the
    /// last valid filter stays.
    fn reparse(&mut self, cx: &Cx) -> Step {
        let text = self.query.filter_text.trim();
        if text.is_empty() {
            self.filter_error = None;
            self.query.filter = None;
            return self.requery(cx);
        }
        match Filter::parse(text) {
            Ok(filter) => {
                self.filter_error = None;
                self.query.filter = Some(Arc::new(filter));
                self.requery(cx)
            }
            Err(e) => {
                self.filter_error = Some(e.to_string());
                Step::stay()
            }
        }
    }

    /// The statistics screen over the people shown, counted on a worker.
    fn open_stats(&mut self, cx: &Cx) -> Step {
        // The preview holds only the most urgent: numbers of them would mislead.
        if let Some(people) = cx.caseload.loading() {
            return Step::say(format!(
                "Still ranking all {people}: the numbers open once everyone is loaded."
            ));
        }
        self.from_stats = None;
        self.stats_asked += 1;
        let scope = Scope {
            filter: self.query.filter_text.trim().to_string(),
            search: self.query.search.trim().to_string(),
        };
        let (screen, request) = StatsScreen::open(cx, self.stats_asked, scope);
        Step::to(Transition::Push(Screen::Stats(Box::new(screen)))).and(Effect::Stats(request))
    }

    /// Narrows the list by `term` (added to its own filter) for the statistics screen `back`,
    /// which `Esc` brings back with the list as it was.
    pub fn drill(
        &mut self,
        caseload: &Caseload,
        judged: &Arc<Judged>,
        term: &str,
        back: Box<StatsScreen>,
    ) -> Vec<Effect> {
        let text = format!("{} {term}", self.query.filter_text.trim());
        let Ok(filter) = Filter::parse(text.trim()) else {
            return Vec::new();
        };
        self.from_stats = Some((self.query.clone(), back));
        self.query.filter_text = text.trim().to_string();
        self.query.filter = Some(Arc::new(filter));
        self.filter_error = None;
        vec![Effect::Search(self.search_request(caseload, judged))]
    }

    /// Back to the statistics screen the list was narrowed from, the list as it was before.
    fn back_to_stats(&mut self, cx: &Cx) -> Step {
        let Some((query, screen)) = self.from_stats.take() else {
            return Step::stay();
        };
        self.query = query;
        self.filter_error = None;
        let step = self.requery(cx);
        Step {
            to: Transition::Push(Screen::Stats(screen)),
            ..step
        }
    }

    /// The statistics screen kept for `Esc` gets its numbers if they were still being counted.
    pub fn stats_done(&mut self, result: &crate::tui::stats::StatsResult) {
        if let Some((_, screen)) = &mut self.from_stats {
            screen.answered(result);
        }
    }

    /// The filter line as typed, and why it does not parse (if it does not).
    pub fn filter_line(&self) -> (&str, Option<&str>) {
        (&self.query.filter_text, self.filter_error.as_deref())
    }

    /// What the list asks for now.
    pub fn list_query(&self) -> &ListQuery {
        &self.query
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

    /// How many people the list shows (after any filter and search).
    pub fn visible_len(&self, caseload: &Caseload) -> usize {
        self.shown
            .as_ref()
            .map_or(caseload.ranked().len(), |hits| hits.len())
    }

    /// The `row`th person the list shows: their position in the ranking (rank − 1), their
    /// ranking, roster entry, and search hit if narrowed.
    pub fn row<'a>(
        &'a self,
        caseload: &'a Caseload,
        row: usize,
    ) -> Option<(usize, Ranked, Person<'a>, Option<&'a Hit>)> {
        let (position, hit) = match &self.shown {
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

    /// The rows the list shows, in order (`None`: everyone, most urgent first).
    pub fn shown(&self) -> Option<Arc<Vec<Hit>>> {
        self.shown.clone()
    }

    /// The selected person's id.
    pub fn selected_id(&self, caseload: &Caseload) -> Option<i64> {
        self.row(caseload, self.cursor.selected)
            .map(|(_, _, p, _)| p.id)
    }

    /// The search query as typed.
    pub fn query(&self) -> &str {
        &self.query.search
    }

    /// The list shows only some people, or in another order.
    pub fn is_filtered(&self) -> bool {
        self.shown.is_some()
    }

    /// A query is running.
    pub fn searching(&self) -> bool {
        self.searching
    }

    /// Drops the search, the filter and the sort: everyone, most urgent first.
    pub fn show_everyone(&mut self) {
        self.query = ListQuery::default();
        self.filter_error = None;
        self.rows_for_everyone();
    }

    /// Nothing narrows or reorders the list any more: drop the rows.
    fn rows_for_everyone(&mut self) {
        // An answer still on its way is for a query that is gone.
        self.generation += 1;
        self.searching = false;
        self.shown_for = ListQuery::default();
        if self.shown.take().is_some() {
            self.cursor = Cursor::default();
        }
    }

    /// The query changed: the screen shows it at once, and the rows follow from the worker.
    fn requery(&mut self, cx: &Cx) -> Step {
        if self.query.is_everyone() {
            self.rows_for_everyone();
            return Step::stay();
        }
        Step::effect(Effect::Search(self.search_request(cx.caseload, cx.judged)))
    }

    /// The request for the current query (the latest one asked).
    pub fn search_request(&mut self, caseload: &Caseload, judged: &Arc<Judged>) -> SearchRequest {
        self.generation += 1;
        self.searching = true;
        let (roster, ranked) = caseload.shared();
        SearchRequest {
            generation: self.generation,
            query: self.query.clone(),
            judged: Arc::clone(judged),
            roster,
            ranked,
            previous: self
                .shown
                .as_ref()
                .map(|hits| (self.shown_for.clone(), Arc::clone(hits))),
        }
    }

    /// The query to send again because the ranking changed under the last one.
    pub fn resend(&mut self, caseload: &Caseload, judged: &Arc<Judged>) -> Option<SearchRequest> {
        if !self.resend {
            return None;
        }
        self.resend = false;
        Some(self.search_request(caseload, judged))
    }

    /// A query finished. Shown only if it answers the latest one, with the first row selected.
    pub fn search_done(&mut self, result: SearchResult) {
        if result.generation != self.generation {
            return;
        }
        self.searching = false;
        self.shown = Some(Arc::new(result.hits));
        self.shown_for = result.query;
        self.cursor = Cursor::default();
    }

    /// The roster changed: the rows and the selection follow (keeping person `keep`).
    pub fn after_change(
        &mut self,
        caseload: &Caseload,
        judged: &Arc<Judged>,
        keep: Option<i64>,
        rows: usize,
    ) {
        // Positions in the old rows no longer match the ranking: ask again, here (a change is
        // rare next to keystrokes) so the list is never wrong for a frame.
        if self.shown.is_some() {
            let mut request = self.search_request(caseload, judged);
            request.previous = None;
            request.query = self.shown_for.clone();
            let result = request.run();
            self.searching = false;
            self.shown = Some(Arc::new(result.hits));
        }
        if self.query != self.shown_for && !self.query.is_everyone() {
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
        let found = match &self.shown {
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
