//! The app's state and the one function that changes it: [`App::update`] takes an [`Action`]
//! and returns the [`Effect`]s the event loop must carry out. No terminal, no IO: every screen
//! and flow is testable with synthetic keys and a `TestBackend`.

use super::action::Action;
use super::hearings::Hearings;
use super::keymap::Keymap;
use crate::domain::model::Record;
use crate::domain::render::Format;
use crate::domain::search::{self, Hit};
use crate::domain::triage::{self, Ranked};
use crate::domain::weights::Weights;
use chrono::NaiveDate;

/// Which screen is showing; also selects the keymap table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Screen {
    /// The ranked list of people in custody.
    List,
    /// The list, with the search query being typed.
    Search,
    /// One person's full record and score breakdown.
    Detail,
    /// Coming hearings by date, filterable by court and lawyer.
    Hearings,
    /// Choosing the format of an export.
    Export,
    /// Every key and what it does.
    Help,
}

/// What an export or copy is of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// One person's checklist (index into the records).
    Person(usize),
    /// A court day's sheet, with the Hearings screen's filters.
    Day {
        date: NaiveDate,
        court: Option<String>,
        lawyer: Option<String>,
    },
}

/// Something only the event loop can do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Restore the terminal and leave.
    Quit,
    /// Write a checklist file and report its path.
    Export {
        subject: Subject,
        format: Format,
        include_health: bool,
    },
    /// Put the plain-text checklist on the user's clipboard (OSC 52), health withheld.
    Copy(Subject),
}

/// What the last draw found room for; the loop hands it back so paging and scroll limits match
/// the screen. The defaults fit an 80x24 terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewport {
    /// Rows of people the list shows.
    pub list_rows: usize,
    /// Lines of text the detail or help body shows.
    pub page_rows: usize,
    /// Lines the detail or help text has in all.
    pub page_lines: usize,
}

impl Default for Viewport {
    fn default() -> Viewport {
        Viewport {
            list_rows: 21,
            page_rows: 22,
            page_lines: 0,
        }
    }
}

/// Everything the screens show, and where the user is.
#[derive(Debug, Clone)]
pub struct App {
    records: Vec<Record>,
    ranked: Vec<Ranked>,
    /// The day urgency is computed for.
    pub today: NaiveDate,
    /// The clinic's weights.
    pub weights: Weights,
    /// The program title shown in the header.
    pub title: String,
    /// Draw without colour (the `NO_COLOR` convention); bands stay readable as text.
    pub no_color: bool,
    /// Key bindings, also shown by the help screen and footer.
    pub keymap: Keymap,
    /// Privacy screen: health details masked and names shortened.
    pub private: bool,
    /// A one-line message from the last effect (the path written…), until the next key.
    pub status: Option<String>,
    hearings: Hearings,
    export: Option<Subject>,
    export_health: bool,
    export_return: Screen,
    screen: Screen,
    help_return: Screen,
    query: String,
    /// `None`: everyone in `ranked`. Some: the people matching `filter_query`.
    filter: Option<Vec<Hit>>,
    filter_query: String,
    selected: usize,
    list_offset: usize,
    scroll: usize,
    viewport: Viewport,
}

impl App {
    /// Ranks `records` for `today` and opens on the list with the most urgent person selected.
    pub fn new(records: Vec<Record>, today: NaiveDate, weights: Weights, title: String) -> App {
        let ranked = triage::rank(&records, today, &weights);
        App {
            records,
            ranked,
            today,
            weights,
            title,
            no_color: false,
            keymap: Keymap::default(),
            private: false,
            status: None,
            hearings: Hearings::default(),
            export: None,
            export_health: false,
            export_return: Screen::List,
            screen: Screen::List,
            help_return: Screen::List,
            query: String::new(),
            filter: None,
            filter_query: String::new(),
            selected: 0,
            list_offset: 0,
            scroll: 0,
            viewport: Viewport::default(),
        }
    }

    /// Applies one action. Returns what the loop must do; never performs IO itself.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        self.status = None;
        match (self.screen, action) {
            (_, Action::Quit) => return vec![Effect::Quit],
            (Screen::Export, Action::Back) => {
                self.export = None;
                self.screen = self.export_return;
            }
            (Screen::Export, Action::ToggleHealth) => self.export_health = !self.export_health,
            (
                Screen::Export,
                Action::ExportMarkdown
                | Action::ExportText
                | Action::ExportHtml
                | Action::ExportPdf,
            ) => {
                let format = match action {
                    Action::ExportMarkdown => Format::Markdown,
                    Action::ExportText => Format::Text,
                    Action::ExportHtml => Format::Html,
                    _ => Format::Pdf,
                };
                self.screen = self.export_return;
                if let Some(subject) = self.export.take() {
                    return vec![Effect::Export {
                        subject,
                        format,
                        include_health: self.export_health,
                    }];
                }
            }
            (Screen::Export, _) => {}
            (Screen::List | Screen::Detail | Screen::Hearings, Action::TogglePrivate) => {
                self.private = !self.private;
            }
            (Screen::List | Screen::Detail, Action::Hearings) => {
                self.hearings = Hearings::build(&self.records, &self.ranked, self.today);
                self.screen = Screen::Hearings;
            }
            (Screen::Hearings, Action::Back) => self.screen = Screen::List,
            (Screen::Hearings, Action::CycleCourt) => self.hearings.cycle_court(),
            (Screen::Hearings, Action::CycleLawyer) => self.hearings.cycle_lawyer(),
            (Screen::Hearings, Action::Open) => self.open_hearing_person(),
            (screen @ (Screen::List | Screen::Detail | Screen::Hearings), Action::Export) => {
                if let Some(subject) = self.subject() {
                    self.export = Some(subject);
                    self.export_health = false;
                    self.export_return = screen;
                    self.screen = Screen::Export;
                }
            }
            (Screen::List | Screen::Detail | Screen::Hearings, Action::Copy) => {
                if let Some(subject) = self.subject() {
                    return vec![Effect::Copy(subject)];
                }
            }
            (Screen::Hearings, movement) => self.move_hearing(movement),
            (Screen::Help, Action::Help) => {}
            (screen, Action::Help) => {
                self.help_return = screen;
                self.screen = Screen::Help;
                self.scroll = 0;
            }
            (Screen::Help, Action::Back) => {
                self.screen = self.help_return;
                self.scroll = 0;
            }
            (Screen::Detail, Action::Back) => self.screen = Screen::List,
            (Screen::List, Action::Back) => self.clear_search(),
            (Screen::Search, Action::Back | Action::SearchCancel) => {
                self.clear_search();
                self.screen = Screen::List;
            }
            (Screen::List, Action::Open) if self.visible_len() > 0 => {
                self.screen = Screen::Detail;
                self.scroll = 0;
            }
            (Screen::List, Action::Search) => self.screen = Screen::Search,
            (Screen::Search, Action::SearchAccept) => {
                if self.query.trim().is_empty() {
                    self.clear_search();
                }
                self.screen = Screen::List;
            }
            (Screen::Search, Action::SearchBackspace) => {
                self.query.pop();
                self.refilter();
            }
            (Screen::Search, Action::Insert(c)) => {
                self.query.push(c);
                self.refilter();
            }
            (Screen::List | Screen::Search, movement) => self.move_selection(movement),
            (Screen::Detail | Screen::Help, movement) => self.scroll_page(movement),
        }
        Vec::new()
    }

    /// Records what the last draw found room for, and keeps the selection and scroll within it.
    pub fn set_viewport(&mut self, viewport: Viewport) {
        self.viewport = viewport;
        self.scroll = self.scroll.min(self.max_scroll());
        self.keep_selection_visible();
    }

    /// The screen showing.
    pub fn screen(&self) -> Screen {
        self.screen
    }

    /// The search query as typed.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// A search filter is in force (the list shows only matches).
    pub fn is_filtered(&self) -> bool {
        self.filter.is_some()
    }

    /// All records, ranked or not.
    pub fn records(&self) -> &[Record] {
        &self.records
    }

    /// Everyone in custody, most urgent first.
    pub fn ranked(&self) -> &[Ranked] {
        &self.ranked
    }

    /// How many people the list shows (after any filter).
    pub fn visible_len(&self) -> usize {
        self.filter.as_ref().map_or(self.ranked.len(), Vec::len)
    }

    /// The `row`th person the list shows: their position in `ranked` (rank − 1), their ranking,
    /// record, and search hit if filtered.
    pub fn row(&self, row: usize) -> Option<(usize, Ranked, &Record, Option<&Hit>)> {
        let (position, hit) = match &self.filter {
            Some(hits) => {
                let hit = hits.get(row)?;
                (hit.position, Some(hit))
            }
            None => (row, None),
        };
        let ranked = *self.ranked.get(position)?;
        let record = self.records.get(ranked.index)?;
        Some((position, ranked, record, hit))
    }

    /// The selected row of the list.
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// The first row the list showed last time (the view keeps the selection in sight).
    pub fn list_offset(&self) -> usize {
        self.list_offset
    }

    /// The Hearings screen's list and filters.
    pub fn hearings(&self) -> &Hearings {
        &self.hearings
    }

    /// The screen an export prompt was opened from (drawn beneath it).
    pub fn export_return(&self) -> Screen {
        self.export_return
    }

    /// Whether the export being chosen will include health details.
    pub fn export_includes_health(&self) -> bool {
        self.export_health
    }

    /// What `x` or `y` would export now: the hearing's day on the Hearings screen, else the
    /// selected person.
    fn subject(&self) -> Option<Subject> {
        if self.screen == Screen::Hearings {
            let row = self.hearings.selected_row()?;
            return Some(Subject::Day {
                date: row.date,
                court: self.hearings.court().map(str::to_string),
                lawyer: self.hearings.lawyer().map(str::to_string),
            });
        }
        self.row(self.selected)
            .map(|(_, ranked, _, _)| Subject::Person(ranked.index))
    }

    /// Opens the person of the selected hearing, selecting them in the (unfiltered) list.
    fn open_hearing_person(&mut self) {
        let Some(index) = self.hearings.selected_row().map(|r| r.index) else {
            return;
        };
        if let Some(position) = self.ranked.iter().position(|r| r.index == index) {
            self.clear_search();
            self.selected = position;
            self.keep_selection_visible();
            self.screen = Screen::Detail;
            self.scroll = 0;
        }
    }

    fn move_hearing(&mut self, action: Action) {
        let last = self.hearings.len().saturating_sub(1);
        let page = self.viewport.list_rows.max(1);
        let selected = self.hearings.selected;
        self.hearings.selected = match action {
            Action::MoveDown => selected.saturating_add(1),
            Action::MoveUp => selected.saturating_sub(1),
            Action::PageDown => selected.saturating_add(page),
            Action::PageUp => selected.saturating_sub(page),
            Action::First => 0,
            Action::Last => last,
            _ => selected,
        }
        .min(last);
        self.hearings.offset = visible_offset(
            self.hearings.offset,
            self.hearings.selected,
            self.viewport.list_rows,
        );
    }

    /// Lines scrolled in the detail or help screen.
    pub fn scroll(&self) -> usize {
        self.scroll
    }

    fn clear_search(&mut self) {
        self.query.clear();
        self.filter_query.clear();
        if self.filter.take().is_some() {
            self.selected = 0;
            self.list_offset = 0;
        }
    }

    fn refilter(&mut self) {
        self.filter = if self.query.trim().is_empty() {
            None
        } else {
            Some(match &self.filter {
                Some(previous) => search::narrow(
                    &self.records,
                    &self.ranked,
                    previous,
                    &self.filter_query,
                    &self.query,
                ),
                None => search::filter(&self.records, &self.ranked, &self.query),
            })
        };
        self.filter_query = self.query.clone();
        self.selected = 0;
        self.list_offset = 0;
    }

    fn move_selection(&mut self, action: Action) {
        let last = self.visible_len().saturating_sub(1);
        let page = self.viewport.list_rows.max(1);
        self.selected = match action {
            Action::MoveDown => self.selected.saturating_add(1),
            Action::MoveUp => self.selected.saturating_sub(1),
            Action::PageDown => self.selected.saturating_add(page),
            Action::PageUp => self.selected.saturating_sub(page),
            Action::First => 0,
            Action::Last => last,
            _ => self.selected,
        }
        .min(last);
        self.keep_selection_visible();
    }

    fn scroll_page(&mut self, action: Action) {
        let page = self.viewport.page_rows.max(1);
        self.scroll = match action {
            Action::MoveDown => self.scroll.saturating_add(1),
            Action::MoveUp => self.scroll.saturating_sub(1),
            Action::PageDown => self.scroll.saturating_add(page),
            Action::PageUp => self.scroll.saturating_sub(page),
            Action::First => 0,
            Action::Last => usize::MAX,
            _ => self.scroll,
        }
        .min(self.max_scroll());
    }

    fn max_scroll(&self) -> usize {
        self.viewport
            .page_lines
            .saturating_sub(self.viewport.page_rows)
    }

    fn keep_selection_visible(&mut self) {
        self.list_offset = visible_offset(self.list_offset, self.selected, self.viewport.list_rows);
    }
}

/// The first row to show so that `selected` is on screen, moving `offset` as little as possible.
pub fn visible_offset(offset: usize, selected: usize, rows: usize) -> usize {
    if rows == 0 || selected < offset {
        selected
    } else if selected >= offset + rows {
        selected + 1 - rows
    } else {
        offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_moves_only_as_far_as_needed() {
        assert_eq!(visible_offset(0, 3, 10), 0);
        assert_eq!(visible_offset(0, 10, 10), 1);
        assert_eq!(visible_offset(5, 2, 10), 2);
        assert_eq!(visible_offset(5, 7, 0), 7);
    }

    #[test]
    fn update_performs_no_io_and_returns_effects_as_data() {
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
        let records = vec![Record::new("A", day), Record::new("B", day)];
        for &action in Action::BINDABLE {
            // Each action from a fresh list screen: no IO, only effects as data.
            let mut app = App::new(records.clone(), day, Weights::default(), "t".into());
            let effects = app.update(action);
            let expected: Vec<Effect> = match action {
                Action::Quit => vec![Effect::Quit],
                Action::Copy => vec![Effect::Copy(Subject::Person(0))],
                _ => Vec::new(),
            };
            assert_eq!(effects, expected, "{action:?}");
        }
        let mut app = App::new(records, day, Weights::default(), "t".into());
        app.update(Action::Export);
        assert_eq!(app.screen(), Screen::Export);
        app.update(Action::ToggleHealth);
        assert_eq!(
            app.update(Action::ExportHtml),
            vec![Effect::Export {
                subject: Subject::Person(0),
                format: Format::Html,
                include_health: true
            }]
        );
        assert_eq!(app.screen(), Screen::List);
    }
}
