//! The app's state and the one function that changes it: [`App::update`] takes an [`Action`]
//! and returns the [`Effect`]s the event loop must carry out (load a record, save a change,
//! quit). The loop feeds the results back ([`App::loaded`], [`App::apply_saved`],
//! [`App::show_conflict`], [`App::refresh`]). No terminal, no IO: every screen and flow is
//! testable with synthetic keys and a `TestBackend`.

use super::action::Action;
use super::cursor::step;
pub use super::cursor::visible_offset;
use super::editor::{self, Edited};
use super::form::{Draft, Form, HearingForm, Target};
use super::hearings::Hearings;
use super::keymap::Keymap;
use super::searcher::{SearchRequest, SearchResult};
use crate::domain::edit::{self, AuditEntry, Change, Versioned};
use crate::domain::model::{AuditAction, Record};
use crate::domain::render::Format;
use crate::domain::roster::{Person, Roster};
use crate::domain::search::{self, Hit};
use crate::domain::triage::Ranked;
use crate::domain::weights::Weights;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::Arc;

/// Why a change is refused on a file the user may only read, and what fixes it (fits 80 columns).
pub const READ_ONLY: &str =
    "Read-only: to make changes, ask the file's owner for group write access.";

/// Which screen is showing (the tag the keymap knows; defined apart so keys flow one way).
pub use super::mode::Mode as Screen;

/// Why the app asked for a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Show its history on the detail page.
    History,
    /// Open the edit form on it.
    Edit,
    /// Open the hearing form on it.
    Hearing,
    /// Ask whether to archive it.
    Archive,
    /// Restore it.
    Restore,
}

/// What an export or copy is of (the library's one subject).
pub use crate::export::Subject;

/// Something only the event loop can do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Restore the terminal and leave.
    Quit,
    /// Restore the terminal, stop the process (job control) and redraw on continue.
    Suspend,
    /// Write a checklist file and report its path.
    Export {
        subject: Subject,
        format: Format,
        include_health: bool,
    },
    /// Put the plain-text checklist on the user's clipboard (OSC 52), health withheld.
    Copy(Subject),
    /// Read person `id` (with version and history) and hand it to [`App::loaded`].
    Load { id: i64, purpose: Purpose },
    /// Run a search (on a worker, so typing never waits) and hand the hits to
    /// [`App::search_done`].
    Search(SearchRequest),
    /// Carry out a change; hand the result to [`App::apply_saved`], [`App::show_conflict`] or
    /// [`App::show_error`].
    Save(Box<Change>),
    /// Remove the kept draft file (the user restored or discarded it).
    DiscardDraft,
}

/// A yes/no question and what "yes" does.
#[derive(Debug, Clone, PartialEq)]
pub enum Question {
    /// Archive this person.
    Archive { id: i64, version: i64, name: String },
    /// Close the form, losing what was typed.
    DiscardForm,
    /// A draft from a session that ended: restore it (yes) or discard it (no).
    RestoreDraft(Box<Draft>),
}

/// A save refused because someone else saved first.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub id: i64,
    /// The version in the file now.
    pub found: i64,
    pub theirs: Record,
    pub yours: Record,
    /// What you started from, when known (to re-apply only your changes).
    pub base: Option<Record>,
    /// The change that was refused.
    pub change: Change,
    /// Field, theirs, yours: every field where the two differ.
    pub rows: Vec<(String, String, String)>,
    /// The form it came from, to go back to.
    pub form: Option<Form>,
}

/// A change of this session that `u` can undo (and `ctrl-r` redo).
#[derive(Debug, Clone, PartialEq)]
enum Undoable {
    /// The record went from `before` to `after`, now at `version`.
    Edited {
        id: i64,
        before: Box<Record>,
        after: Box<Record>,
        version: i64,
    },
    /// Archived (`true`) or restored, now at `version`.
    Archived {
        id: i64,
        archived: bool,
        version: i64,
    },
}

/// What a save in flight was, so its result lands on the right stack.
#[derive(Debug, Clone, PartialEq)]
enum Pending {
    /// A change the user made; `before` is the record before it (none for an add).
    Change {
        before: Option<Box<Record>>,
    },
    Undo(Undoable),
    Redo(Undoable),
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
    /// The list shows the selected person's page beside it (a wide terminal).
    pub side_pane: bool,
}

impl Default for Viewport {
    fn default() -> Viewport {
        Viewport {
            list_rows: 21,
            page_rows: 22,
            page_lines: 0,
            side_pane: false,
        }
    }
}

/// Everything the screens show, and where the user is.
#[derive(Debug, Clone)]
pub struct App {
    /// Everyone not archived, compact: what the list ranks, shows and searches. Shared with a
    /// search in flight; a change while one runs copies it first.
    roster: Arc<Roster>,
    /// People in custody, most urgent first (indexes into `roster`).
    ranked: Arc<Vec<Ranked>>,
    /// Full records read for the screens that need them (detail, forms), by detainee id.
    details: HashMap<i64, Record>,
    /// `details` holds every record (an app made from records): nothing needs loading.
    all_details: bool,
    archived: Vec<Record>,
    /// The released/archived view: roster indexes (out of custody), then `archived`. Built
    /// when the view opens, not on every change.
    out: Vec<OutRow>,
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
    /// The user may only read the file: keys that would change a record are refused.
    pub read_only: bool,
    hearings: Hearings,
    export: Option<Subject>,
    export_health: bool,
    export_return: Screen,
    screen: Screen,
    help_return: Screen,
    /// Where a form, question or conflict returns to.
    back_to: Screen,
    query: String,
    /// `None`: everyone in `ranked`. Some: the people matching `filter_query`.
    filter: Option<Arc<Vec<Hit>>>,
    filter_query: String,
    /// Counts search requests; only the latest one's answer is shown.
    search_generation: u64,
    /// A search for `query` is running: the list still shows the previous result.
    searching: bool,
    /// The ranking changed while a search ran: its answer was dropped, ask again.
    resend_search: bool,
    selected: usize,
    list_offset: usize,
    out_selected: usize,
    scroll: usize,
    viewport: Viewport,
    form: Option<Form>,
    hearing: Option<HearingForm>,
    question: Option<Question>,
    conflict: Option<Conflict>,
    history: Option<(i64, Vec<AuditEntry>)>,
    message: Option<String>,
    pending: Option<Pending>,
    /// The last person [`App::wanted`] asked to read.
    asked: Option<i64>,
    /// Showing the cached most urgent people while everyone loads: how many are in custody
    /// as of the last ranking.
    loading: Option<usize>,
    reloading: bool,
    undo: Vec<Undoable>,
    redo: Vec<Undoable>,
}

/// Who a row of the released/archived view is.
#[derive(Debug, Clone, Copy)]
pub struct OutPerson<'a> {
    pub id: i64,
    pub name: &'a str,
    pub stage: crate::domain::model::Stage,
}

/// A row of the released/archived view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum OutRow {
    /// Out of custody (bail, acquittal, release): index into the roster.
    Released(usize),
    /// Archived: index into the archived records.
    Archived(usize),
}

impl App {
    /// Ranks `records` for `today` and opens on the list with the most urgent person selected.
    /// Keeps every record, so no screen needs the store to read one (tests, small caseloads).
    /// Records never saved (id 0) are numbered from 1, so each is someone.
    pub fn new(mut records: Vec<Record>, today: NaiveDate, weights: Weights, title: String) -> App {
        if records.iter().any(|r| r.detainee.id == 0) {
            for (i, record) in records.iter_mut().enumerate() {
                record.detainee.id = i as i64 + 1;
            }
        }
        let roster = Roster::from_records(&records, today);
        let mut app = App::from_roster(roster, today, weights, title);
        app.details = records.into_iter().map(|r| (r.detainee.id, r)).collect();
        app.all_details = true;
        app
    }

    /// Ranks `roster` for `today` and opens on the list with the most urgent person selected.
    /// Full records are read through [`Effect::Load`] when a screen needs one.
    pub fn from_roster(roster: Roster, today: NaiveDate, weights: Weights, title: String) -> App {
        let ranked = roster.rank(today, &weights);
        let mut app = App {
            roster: Arc::new(roster),
            ranked: Arc::new(ranked),
            details: HashMap::new(),
            all_details: false,
            archived: Vec::new(),
            out: Vec::new(),
            today,
            weights,
            title,
            no_color: false,
            keymap: Keymap::default(),
            private: false,
            read_only: false,
            hearings: Hearings::default(),
            export: None,
            export_health: false,
            export_return: Screen::List,
            screen: Screen::List,
            help_return: Screen::List,
            back_to: Screen::List,
            query: String::new(),
            filter: None,
            filter_query: String::new(),
            search_generation: 0,
            searching: false,
            resend_search: false,
            selected: 0,
            list_offset: 0,
            out_selected: 0,
            scroll: 0,
            viewport: Viewport::default(),
            form: None,
            hearing: None,
            question: None,
            conflict: None,
            history: None,
            message: None,
            pending: None,
            asked: None,
            loading: None,
            reloading: false,
            undo: Vec::new(),
            redo: Vec::new(),
        };
        app.rebuild_out();
        app
    }

    /// Applies one action. Returns what the loop must do; never performs IO itself.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        self.message = None;
        if self.read_only
            && matches!(
                self.screen,
                Screen::List | Screen::Detail | Screen::Released
            )
            && matches!(
                action,
                Action::Add
                    | Action::Edit
                    | Action::RecordHearing
                    | Action::Archive
                    | Action::Restore
                    | Action::Undo
                    | Action::Redo
            )
        {
            self.message = Some(READ_ONLY.to_string());
            return Vec::new();
        }
        match (self.screen, action) {
            (_, Action::Quit) => return vec![Effect::Quit],
            (_, Action::Suspend) => return vec![Effect::Suspend],
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
                self.screen = Screen::Hearings;
                self.hearings = Hearings::build(&self.roster, &self.ranked);
            }
            (Screen::Hearings, Action::Back) => self.screen = Screen::List,
            (Screen::Hearings, Action::CycleCourt) => self.hearings.cycle_court(),
            (Screen::Hearings, Action::CycleLawyer) => self.hearings.cycle_lawyer(),
            (Screen::Hearings, Action::Open) => return self.open_hearing_person(),
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
            (Screen::Form, action) => return self.form_action(action),
            (Screen::Hearing, action) => return self.hearing_action(action),
            (Screen::Confirm, action) => return self.answer(action),
            (Screen::Conflict, action) => return self.conflict_action(action),
            (Screen::Detail, Action::Back) => self.screen = Screen::List,
            (Screen::List, Action::Back) => self.clear_search(),
            (Screen::Search, Action::Back | Action::SearchCancel) => {
                self.clear_search();
                self.screen = Screen::List;
            }
            (Screen::List, Action::Open) if self.visible_len() > 0 => {
                self.screen = Screen::Detail;
                self.scroll = 0;
                if let Some(id) = self.selected_id() {
                    return vec![Effect::Load {
                        id,
                        purpose: Purpose::History,
                    }];
                }
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
                return self.refilter();
            }
            (Screen::Search, Action::Insert(c)) => {
                self.query.push(c);
                return self.refilter();
            }
            (Screen::List | Screen::Detail | Screen::Released, Action::Add) => {
                self.back_to = self.screen;
                self.form = Some(Form::add());
                self.screen = Screen::Form;
            }
            (Screen::List | Screen::Detail | Screen::Released, Action::Edit) => {
                return self.load_selected(Purpose::Edit);
            }
            (Screen::List | Screen::Detail, Action::RecordHearing) => {
                return self.load_selected(Purpose::Hearing);
            }
            (Screen::List | Screen::Detail, Action::Archive) => {
                return self.load_selected(Purpose::Archive);
            }
            (Screen::Released, Action::Restore) => match self.out_row(self.out_selected) {
                Some((person, true)) => {
                    let id = person.id;
                    return vec![Effect::Load {
                        id,
                        purpose: Purpose::Restore,
                    }];
                }
                Some((_, false)) => {
                    self.message = Some(
                        "Not archived: out of custody. Press e and change the stage or bail to bring them back to the list.".into(),
                    );
                }
                None => {}
            },
            (Screen::List | Screen::Released, Action::ToggleReleased) => {
                self.screen = if self.screen == Screen::List {
                    self.rebuild_out();
                    Screen::Released
                } else {
                    Screen::List
                };
            }
            (Screen::Released, Action::Back) => self.screen = Screen::List,
            (Screen::List | Screen::Detail | Screen::Released, Action::Undo) => {
                return self.undo_last();
            }
            (Screen::List | Screen::Detail | Screen::Released, Action::Redo) => {
                return self.redo_last();
            }
            (Screen::Released, movement) => self.move_out_selection(movement),
            (Screen::List | Screen::Search, movement) => self.move_selection(movement),
            (Screen::Detail | Screen::Help, movement) => self.scroll_page(movement),
        }
        Vec::new()
    }

    fn load_selected(&mut self, purpose: Purpose) -> Vec<Effect> {
        let id = if self.screen == Screen::Released {
            self.out_row(self.out_selected).map(|(p, _)| p.id)
        } else {
            self.selected_id()
        };
        match id {
            Some(id) => vec![Effect::Load { id, purpose }],
            None => Vec::new(),
        }
    }

    /// The loop read the record asked for with [`Effect::Load`] (`None`: it no longer exists).
    pub fn loaded(
        &mut self,
        id: i64,
        purpose: Purpose,
        found: Option<Versioned>,
        history: Vec<AuditEntry>,
    ) -> Vec<Effect> {
        let Some(found) = found else {
            self.message = Some(format!("Person {id} is no longer in the file."));
            return Vec::new();
        };
        self.history = Some((id, history));
        self.remember(found.record.clone());
        if matches!(
            self.screen,
            Screen::Form | Screen::Hearing | Screen::Confirm | Screen::Conflict
        ) {
            return Vec::new();
        }
        let name = found.record.detainee.name.clone();
        match purpose {
            Purpose::History => {}
            Purpose::Edit => {
                self.back_to = self.screen;
                self.form = Some(Form::edit(id, found.version, &found.record));
                self.screen = Screen::Form;
            }
            Purpose::Hearing => {
                self.back_to = self.screen;
                self.hearing = Some(HearingForm::new(id, found.version, &name));
                self.screen = Screen::Hearing;
            }
            Purpose::Archive => {
                self.back_to = self.screen;
                self.question = Some(Question::Archive {
                    id,
                    version: found.version,
                    name,
                });
                self.screen = Screen::Confirm;
            }
            Purpose::Restore => {
                self.pending = Some(Pending::Change { before: None });
                self.back_to = self.screen;
                return vec![Effect::Save(Box::new(Change::Restore {
                    id,
                    version: found.version,
                    action: AuditAction::Restore,
                }))];
            }
        }
        Vec::new()
    }

    fn form_action(&mut self, action: Action) -> Vec<Effect> {
        let Some(form) = self.form.as_mut() else {
            self.screen = self.back_to;
            return Vec::new();
        };
        match editor::edit(form, action) {
            Edited::Done => Vec::new(),
            Edited::Leave { dirty } => self.leave_form(dirty),
            Edited::Save => self.save_form(),
        }
    }

    fn hearing_action(&mut self, action: Action) -> Vec<Effect> {
        let Some(form) = self.hearing.as_mut() else {
            self.screen = self.back_to;
            return Vec::new();
        };
        match editor::edit(form, action) {
            Edited::Done => Vec::new(),
            Edited::Leave { dirty } => self.leave_form(dirty),
            Edited::Save => self.save_hearing(),
        }
    }

    /// Esc on a form: asks first when something would be lost.
    fn leave_form(&mut self, dirty: bool) -> Vec<Effect> {
        if dirty {
            self.question = Some(Question::DiscardForm);
            self.screen = Screen::Confirm;
        } else {
            self.close_forms();
        }
        Vec::new()
    }

    fn save_form(&mut self) -> Vec<Effect> {
        let Some(form) = self.form.as_mut() else {
            return Vec::new();
        };
        let Some(record) = form.build(self.today) else {
            let n = form.error_count();
            self.message = Some(format!(
                "Not saved: {n} field{} to fix (shown beside {}).",
                if n == 1 { "" } else { "s" },
                if n == 1 { "it" } else { "each" }
            ));
            return Vec::new();
        };
        let change = match &form.target {
            Target::Add => {
                self.pending = Some(Pending::Change { before: None });
                Change::Add { record }
            }
            Target::Edit { id, version, base } => {
                self.pending = Some(Pending::Change {
                    before: Some(base.clone()),
                });
                Change::Update {
                    id: *id,
                    version: *version,
                    record,
                    action: AuditAction::Edit,
                }
            }
        };
        vec![Effect::Save(Box::new(change))]
    }

    fn save_hearing(&mut self) -> Vec<Effect> {
        let Some(form) = self.hearing.as_mut() else {
            return Vec::new();
        };
        let Some(entry) = form.build() else {
            self.message = Some("Not saved: the next date is not valid.".into());
            return Vec::new();
        };
        let (id, version) = (form.id, form.version);
        let before = self.record_by_id(id).cloned().map(Box::new);
        self.pending = Some(Pending::Change { before });
        vec![Effect::Save(Box::new(Change::Hearing {
            id,
            version,
            entry,
            today: self.today,
        }))]
    }

    fn answer(&mut self, action: Action) -> Vec<Effect> {
        let yes = match action {
            Action::Yes => true,
            Action::No => false,
            _ => return Vec::new(),
        };
        let question = self.question.take();
        match question {
            Some(Question::Archive { id, version, .. }) => {
                self.screen = self.back_to;
                if yes {
                    self.pending = Some(Pending::Change { before: None });
                    return vec![Effect::Save(Box::new(Change::Archive {
                        id,
                        version,
                        action: AuditAction::Delete,
                    }))];
                }
            }
            Some(Question::DiscardForm) => {
                if yes {
                    self.close_forms();
                } else {
                    self.screen = if self.form.is_some() {
                        Screen::Form
                    } else {
                        Screen::Hearing
                    };
                }
            }
            Some(Question::RestoreDraft(draft)) => {
                self.screen = Screen::List;
                if yes {
                    self.back_to = Screen::List;
                    match *draft {
                        Draft::Form(form) => {
                            self.form = Some(form);
                            self.screen = Screen::Form;
                        }
                        Draft::Hearing(form) => {
                            self.hearing = Some(form);
                            self.screen = Screen::Hearing;
                        }
                    }
                } else {
                    self.message = Some("Draft discarded.".into());
                }
                return vec![Effect::DiscardDraft];
            }
            None => self.screen = self.back_to,
        }
        Vec::new()
    }

    fn conflict_action(&mut self, action: Action) -> Vec<Effect> {
        let Some(conflict) = self.conflict.clone() else {
            self.screen = self.back_to;
            return Vec::new();
        };
        match action {
            Action::MoveDown => {
                self.scroll = self.scroll.saturating_add(1).min(conflict.rows.len())
            }
            Action::MoveUp => self.scroll = self.scroll.saturating_sub(1),
            Action::Reload => {
                self.conflict = None;
                self.upsert(conflict.id, Some(conflict.theirs.clone()), false);
                self.close_forms();
                self.message = Some(format!(
                    "Reloaded {}: your changes were dropped.",
                    conflict.theirs.detainee.name
                ));
            }
            Action::Reapply => {
                self.conflict = None;
                let change = reapply(&conflict);
                self.pending = self.pending.take().or(Some(Pending::Change {
                    before: Some(Box::new(conflict.theirs.clone())),
                }));
                if let Some(Pending::Change { before }) = &mut self.pending {
                    *before = Some(Box::new(conflict.theirs.clone()));
                }
                return vec![Effect::Save(Box::new(change))];
            }
            Action::Back => {
                self.conflict = None;
                self.pending = None;
                match (&conflict.form, &conflict.change) {
                    (Some(_), Change::Update { record, .. }) => {
                        // Back to the form: their record with your changes, at their version.
                        let base = conflict.base.clone().unwrap_or(conflict.theirs.clone());
                        let merged = edit::merge(&base, record, &conflict.theirs);
                        let mut form = Form::edit(conflict.id, conflict.found, &conflict.theirs);
                        form.values = edit::Field::ALL.iter().map(|f| f.get(&merged)).collect();
                        form.dirty = true;
                        self.form = Some(form);
                        self.screen = Screen::Form;
                        self.message =
                            Some("Their record with your changes: check and save again.".into());
                    }
                    (_, Change::Hearing { id, entry, .. }) => {
                        let mut form =
                            HearingForm::new(*id, conflict.found, &conflict.theirs.detainee.name);
                        form.outcome = entry.outcome;
                        form.next = entry.next.map(|d| d.to_string()).unwrap_or_default();
                        form.note = entry.note.clone().unwrap_or_default();
                        form.dirty = true;
                        self.hearing = Some(form);
                        self.screen = Screen::Hearing;
                    }
                    _ => {
                        self.upsert(conflict.id, Some(conflict.theirs.clone()), false);
                        self.close_forms();
                    }
                }
            }
            _ => {}
        }
        Vec::new()
    }

    fn close_forms(&mut self) {
        self.form = None;
        self.hearing = None;
        self.question = None;
        self.screen = match self.back_to {
            Screen::Form | Screen::Hearing | Screen::Confirm | Screen::Conflict => Screen::List,
            other => other,
        };
    }

    /// A change landed: the record is as `saved` says. The ranking updates at once.
    pub fn apply_saved(&mut self, saved: Versioned) {
        let id = saved.record.detainee.id;
        let name = saved.record.detainee.name.clone();
        let before_custody = self
            .roster
            .index_of(id)
            .and_then(|i| self.roster.person(i))
            .map(|p| p.facts.in_custody());
        let pending = self.pending.take();
        self.upsert(id, Some(saved.record.clone()), saved.archived);
        let entry = |before: Option<Box<Record>>| match before {
            Some(before) => Undoable::Edited {
                id,
                before,
                after: Box::new(saved.record.clone()),
                version: saved.version,
            },
            None => Undoable::Archived {
                id,
                archived: saved.archived,
                version: saved.version,
            },
        };
        let mut verb = "Saved";
        match pending {
            Some(Pending::Change { before }) => {
                // An add, archive or restore (no `before`) is undone by archiving or restoring.
                self.undo.push(entry(before));
                self.redo.clear();
            }
            Some(Pending::Undo(item)) => {
                verb = "Undone";
                self.redo.push(item.landed(&saved, true));
            }
            Some(Pending::Redo(item)) => {
                verb = "Redone";
                self.undo.push(item.landed(&saved, false));
            }
            None => {}
        }
        let after_custody = saved.record.in_custody() && !saved.archived;
        self.message = Some(match (before_custody, after_custody, saved.archived) {
            (_, _, true) => format!("{verb}: {name} archived (u undoes)."),
            (Some(true), false, _) => {
                format!(
                    "{verb}: {name} is out of custody and left the list (R shows them; u undoes)."
                )
            }
            _ => format!("{verb}: {name} (version {}).", saved.version),
        });
        self.close_forms();
        self.conflict = None;
        if self.screen == Screen::Detail && !after_custody {
            self.screen = Screen::List;
        }
        if after_custody {
            self.select_id(id);
        }
    }

    /// A save was refused because the record moved on to version `found` with `theirs`.
    pub fn show_conflict(&mut self, found: i64, theirs: Record, yours: Record) {
        let pending = self.pending.clone();
        let Some(change) = self.last_change(&yours) else {
            return;
        };
        let base = match &pending {
            Some(Pending::Change { before }) => before.as_deref().cloned(),
            Some(Pending::Undo(Undoable::Edited { after, .. })) => Some((**after).clone()),
            Some(Pending::Redo(Undoable::Edited { before, .. })) => Some((**before).clone()),
            _ => None,
        };
        let rows = conflict_rows(&theirs, &yours);
        self.conflict = Some(Conflict {
            id: change_id(&change).unwrap_or(0),
            found,
            theirs,
            yours,
            base,
            change,
            rows,
            form: self.form.clone(),
        });
        self.scroll = 0;
        self.screen = Screen::Conflict;
    }

    fn last_change(&self, yours: &Record) -> Option<Change> {
        // Rebuilt from what is open: the form, the hearing form, or the undo in flight.
        if let Some(form) = &self.form
            && let Target::Edit { id, version, .. } = &form.target
        {
            return Some(Change::Update {
                id: *id,
                version: *version,
                record: yours.clone(),
                action: AuditAction::Edit,
            });
        }
        if let Some(h) = &self.hearing {
            let mut h = h.clone();
            return h.build().map(|entry| Change::Hearing {
                id: h.id,
                version: h.version,
                entry,
                today: self.today,
            });
        }
        match &self.pending {
            Some(Pending::Undo(item)) => Some(item.undo_change()),
            Some(Pending::Redo(item)) => Some(item.redo_change()),
            _ => None,
        }
    }

    /// A save failed for another reason (a duplicate, a refused hearing): the form stays open.
    /// Shows a one-line message in the footer until the next key (what an export wrote…).
    pub fn show_message(&mut self, message: String) {
        self.message = Some(message);
    }

    pub fn show_error(&mut self, message: String) {
        self.pending = None;
        self.message = Some(message);
    }

    /// Records another process changed: each `(id, Some(record))` is current, `None` was
    /// archived or removed. The ranking and the selection follow.
    pub fn refresh(&mut self, changed: Vec<(i64, Option<Versioned>)>) {
        let keep = self.selected_id();
        for (id, found) in changed {
            match found {
                Some(v) => self.upsert_quiet(id, Some(v.record), v.archived),
                None => self.upsert_quiet(id, None, false),
            }
        }
        self.after_change(keep);
    }

    /// Opens on the people who were most urgent at the last ranking (`records`, re-scored for
    /// `today`), while everyone (`people` at the last count) loads behind; see
    /// [`App::roster_loaded`].
    pub fn preview(
        records: Vec<Record>,
        people: usize,
        today: NaiveDate,
        weights: Weights,
        title: String,
    ) -> App {
        let roster = Roster::from_records(&records, today);
        let mut app = App::from_roster(roster, today, weights, title);
        app.details = records.into_iter().map(|r| (r.detainee.id, r)).collect();
        app.loading = Some(people);
        app
    }

    /// While the preview shows: how many people are being loaded and ranked.
    pub fn loading(&self) -> Option<usize> {
        self.loading
    }

    /// Everyone is being read again behind the screen (after a big change elsewhere); the list
    /// stays usable meanwhile.
    pub fn reloading(&mut self) {
        self.reloading = true;
    }

    /// Everyone is being read again behind the screen.
    pub fn is_reloading(&self) -> bool {
        self.reloading
    }

    /// Everyone is loaded and ranked: the list switches to them, keeping the selected person.
    pub fn roster_loaded(&mut self, roster: Roster, ranked: Vec<Ranked>, archived: Vec<Record>) {
        let keep = self.selected_id();
        self.roster = Arc::new(roster);
        self.ranked = Arc::new(ranked);
        self.archived = archived;
        self.loading = None;
        self.reloading = false;
        self.after_change(keep);
    }

    /// Everyone reloaded (after another process changed many records).
    pub fn replace_roster(&mut self, roster: Roster, archived: Vec<Record>) {
        let keep = self.selected_id();
        self.ranked = Arc::new(roster.rank(self.today, &self.weights));
        self.roster = Arc::new(roster);
        self.archived = archived;
        if !self.all_details {
            self.details.clear();
        }
        self.after_change(keep);
    }

    /// The archived records, for the released/archived view.
    pub fn set_archived(&mut self, archived: Vec<Record>) {
        self.archived = archived;
        self.rebuild_out();
    }

    fn upsert(&mut self, id: i64, record: Option<Record>, archived: bool) {
        let keep = self.selected_id();
        self.upsert_quiet(id, record, archived);
        self.after_change(keep);
    }

    /// Puts one person's new state in the roster, the archive and the ranking: one entry and
    /// one ranking update, whatever the caseload's size.
    fn upsert_quiet(&mut self, id: i64, record: Option<Record>, archived: bool) {
        self.archived.retain(|r| r.detainee.id != id);
        let index = match record {
            Some(record) if !archived => {
                let index = Arc::make_mut(&mut self.roster).put(&record, self.today);
                self.remember(record);
                Some(index)
            }
            other => {
                if let Some(record) = other {
                    self.archived.push(record);
                    self.archived.sort_by_key(|r| r.detainee.id);
                }
                self.details.remove(&id);
                Arc::make_mut(&mut self.roster).remove(id)
            }
        };
        if let Some(index) = index {
            let ranked = Arc::make_mut(&mut self.ranked);
            self.roster
                .rerank_one(ranked, index, self.today, &self.weights);
        }
    }

    /// Keeps a full record for the screens; only the last few unless every record is kept.
    fn remember(&mut self, record: Record) {
        const KEEP: usize = 256;
        if !self.all_details && self.details.len() >= KEEP {
            self.details.clear();
        }
        self.details.insert(record.detainee.id, record);
    }

    /// After the roster changed: the search, the released view and the selection follow.
    fn after_change(&mut self, keep: Option<i64>) {
        // Positions in the old hits no longer match the ranking: search again, here (a
        // change is rare next to keystrokes) so the list is never wrong for a frame.
        if self.filter.is_some() {
            let hits = search::filter(&*self.roster, &self.ranked, &self.filter_query);
            self.filter = Some(Arc::new(hits));
        }
        if self.searching {
            self.search_generation += 1;
            self.resend_search = true;
        }
        if self.screen == Screen::Released {
            self.rebuild_out();
        }
        if let Some(id) = keep {
            self.select_id(id);
        }
        let last = self.visible_len().saturating_sub(1);
        self.selected = self.selected.min(last);
        self.out_selected = self.out_selected.min(self.out.len().saturating_sub(1));
        self.keep_selection_visible();
    }

    fn rebuild_out(&mut self) {
        let mut rows: Vec<(String, OutRow)> = Vec::new();
        for i in 0..self.roster.len() {
            if let Some(p) = self.roster.person(i)
                && !p.facts.in_custody()
            {
                rows.push((p.names.name.to_lowercase(), OutRow::Released(i)));
            }
        }
        for (i, r) in self.archived.iter().enumerate() {
            rows.push((r.detainee.name.to_lowercase(), OutRow::Archived(i)));
        }
        rows.sort();
        self.out = rows.into_iter().map(|(_, row)| row).collect();
    }

    fn select_id(&mut self, id: i64) {
        if let Some(index) = self.roster.index_of(id) {
            let found = match &self.filter {
                Some(hits) => hits.iter().position(|h| {
                    self.ranked
                        .get(h.position)
                        .is_some_and(|r| r.index == index)
                }),
                None => self.ranked.iter().position(|r| r.index == index),
            };
            if let Some(row) = found {
                self.selected = row;
                self.keep_selection_visible();
            }
        }
        if let Some(row) =
            (0..self.out.len()).find(|&i| self.out_row(i).is_some_and(|(p, _)| p.id == id))
        {
            self.out_selected = row;
        }
    }

    /// The full record of `id` if read: in the kept details, else among the archived.
    fn record_by_id(&self, id: i64) -> Option<&Record> {
        self.details
            .get(&id)
            .or_else(|| self.archived.iter().find(|r| r.detainee.id == id))
    }

    fn undo_last(&mut self) -> Vec<Effect> {
        let Some(item) = self.undo.pop() else {
            self.message = Some("Nothing to undo in this session.".into());
            return Vec::new();
        };
        let change = item.undo_change();
        self.pending = Some(Pending::Undo(item));
        vec![Effect::Save(Box::new(change))]
    }

    fn redo_last(&mut self) -> Vec<Effect> {
        let Some(item) = self.redo.pop() else {
            self.message = Some("Nothing to redo.".into());
            return Vec::new();
        };
        let change = item.redo_change();
        self.pending = Some(Pending::Redo(item));
        vec![Effect::Save(Box::new(change))]
    }

    /// The form open now, as a draft to keep if the terminal goes away.
    pub fn draft(&self) -> Option<Draft> {
        match self.screen {
            Screen::Form | Screen::Confirm | Screen::Conflict if self.form.is_some() => {
                self.form.clone().map(Draft::Form)
            }
            Screen::Hearing | Screen::Confirm | Screen::Conflict if self.hearing.is_some() => {
                self.hearing.clone().map(Draft::Hearing)
            }
            _ => None,
        }
    }

    /// Offers a draft kept from a session that ended.
    pub fn offer_draft(&mut self, draft: Draft) {
        self.question = Some(Question::RestoreDraft(Box::new(draft)));
        self.back_to = Screen::List;
        self.screen = Screen::Confirm;
    }

    /// The add/edit form, when open.
    pub fn form(&self) -> Option<&Form> {
        self.form.as_ref()
    }

    /// The hearing form, when open.
    pub fn hearing_form(&self) -> Option<&HearingForm> {
        self.hearing.as_ref()
    }

    /// The question being asked, if any.
    pub fn question(&self) -> Option<&Question> {
        self.question.as_ref()
    }

    /// The conflict being shown, if any.
    pub fn conflict(&self) -> Option<&Conflict> {
        self.conflict.as_ref()
    }

    /// A one-line message for the footer (what the last action did, or why it did not).
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The audit trail loaded for person `id`, if it is the one loaded.
    pub fn history_of(&self, id: i64) -> Option<&[AuditEntry]> {
        match &self.history {
            Some((hid, entries)) if *hid == id => Some(entries),
            _ => None,
        }
    }

    /// How many changes `u` can undo.
    pub fn undo_depth(&self) -> usize {
        self.undo.len()
    }

    /// The id of the selected person in the custody list.
    pub fn selected_id(&self) -> Option<i64> {
        self.row(self.selected).map(|(_, _, p, _)| p.id)
    }

    /// How many rows the released/archived view has.
    pub fn out_len(&self) -> usize {
        self.out.len()
    }

    /// The `i`th row of the released/archived view: who, and whether they are archived.
    pub fn out_row(&self, i: usize) -> Option<(OutPerson<'_>, bool)> {
        match *self.out.get(i)? {
            OutRow::Released(j) => self.roster.person(j).map(|p| {
                let person = OutPerson {
                    id: p.id,
                    name: p.names.name,
                    stage: p.facts.stage,
                };
                (person, false)
            }),
            OutRow::Archived(j) => self.archived.get(j).map(|r| {
                let person = OutPerson {
                    id: r.detainee.id,
                    name: &r.detainee.name,
                    stage: r.case.stage,
                };
                (person, true)
            }),
        }
    }

    /// The selected row of the released/archived view.
    pub fn out_selected(&self) -> usize {
        self.out_selected
    }

    fn move_out_selection(&mut self, action: Action) {
        let last = self.out.len().saturating_sub(1);
        self.out_selected = step(self.out_selected, action, self.viewport.list_rows, last);
    }

    /// The work a screen is waiting for: a search to run again after the ranking changed under
    /// it, or the selected person's full record when their page is
    /// showing (the detail screen, or beside the list on a wide terminal) and not yet read.
    /// Asks once per person, so a record that cannot be read is not asked for again and again.
    pub fn wanted(&mut self) -> Option<Effect> {
        if self.resend_search {
            self.resend_search = false;
            return Some(Effect::Search(self.search_request()));
        }
        let page_showing = match self.screen {
            Screen::Detail => true,
            Screen::List | Screen::Search => self.viewport.side_pane,
            _ => false,
        };
        let id = self.selected_id().filter(|_| page_showing)?;
        if self.details.contains_key(&id) || self.asked == Some(id) {
            return None;
        }
        self.asked = Some(id);
        Some(Effect::Load {
            id,
            purpose: Purpose::History,
        })
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

    /// Everyone not archived, ranked or not.
    pub fn roster(&self) -> &Roster {
        &self.roster
    }

    /// The full record of person `id`, once read (see [`Effect::Load`]).
    pub fn record(&self, id: i64) -> Option<&Record> {
        self.details.get(&id)
    }

    /// Everyone in custody, most urgent first.
    pub fn ranked(&self) -> &[Ranked] {
        &self.ranked
    }

    /// How many people the list shows (after any filter).
    pub fn visible_len(&self) -> usize {
        self.filter
            .as_ref()
            .map_or(self.ranked.len(), |hits| hits.len())
    }

    /// The `row`th person the list shows: their position in `ranked` (rank − 1), their ranking,
    /// roster entry, and search hit if filtered.
    pub fn row(&self, row: usize) -> Option<(usize, Ranked, Person<'_>, Option<&Hit>)> {
        let (position, hit) = match &self.filter {
            Some(hits) => {
                let hit = hits.get(row)?;
                (hit.position, Some(hit))
            }
            None => (row, None),
        };
        let ranked = *self.ranked.get(position)?;
        let person = self.roster.person(ranked.index)?;
        Some((position, ranked, person, hit))
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
            return Some(Subject::day(
                row.date,
                self.hearings.court().map(str::to_string),
                self.hearings.lawyer().map(str::to_string),
            ));
        }
        self.row(self.selected)
            .map(|(_, _, person, _)| Subject::Person(person.id))
    }

    /// Opens the person of the selected hearing, selecting them in the (unfiltered) list.
    fn open_hearing_person(&mut self) -> Vec<Effect> {
        let Some(index) = self.hearings.selected_row().map(|r| r.index) else {
            return Vec::new();
        };
        let Some(position) = self.ranked.iter().position(|r| r.index == index) else {
            return Vec::new();
        };
        self.clear_search();
        self.selected = position;
        self.keep_selection_visible();
        self.screen = Screen::Detail;
        self.scroll = 0;
        match self.selected_id() {
            Some(id) => vec![Effect::Load {
                id,
                purpose: Purpose::History,
            }],
            None => Vec::new(),
        }
    }

    fn move_hearing(&mut self, action: Action) {
        let last = self.hearings.len().saturating_sub(1);
        let rows = self.viewport.list_rows;
        self.hearings.selected = step(self.hearings.selected, action, rows, last);
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
        // An answer still on its way is for a query that is gone.
        self.search_generation += 1;
        self.searching = false;
        if self.filter.take().is_some() {
            self.selected = 0;
            self.list_offset = 0;
        }
    }

    /// The query changed: the screen shows it at once, and the search runs behind.
    fn refilter(&mut self) -> Vec<Effect> {
        if self.query.trim().is_empty() {
            self.clear_search();
            return Vec::new();
        }
        vec![Effect::Search(self.search_request())]
    }

    fn search_request(&mut self) -> SearchRequest {
        self.search_generation += 1;
        self.searching = true;
        SearchRequest {
            generation: self.search_generation,
            query: self.query.clone(),
            roster: Arc::clone(&self.roster),
            ranked: Arc::clone(&self.ranked),
            previous: self
                .filter
                .as_ref()
                .map(|hits| (self.filter_query.clone(), Arc::clone(hits))),
        }
    }

    /// A search finished. Shown only if it answers the latest query, with the most urgent
    /// match selected.
    pub fn search_done(&mut self, result: SearchResult) {
        if result.generation != self.search_generation {
            return;
        }
        self.searching = false;
        self.filter = Some(Arc::new(result.hits));
        self.filter_query = result.query;
        self.selected = 0;
        self.list_offset = 0;
    }

    /// A search is running; the list shows the previous result until it lands.
    pub fn searching(&self) -> bool {
        self.searching
    }

    fn move_selection(&mut self, action: Action) {
        let last = self.visible_len().saturating_sub(1);
        self.selected = step(self.selected, action, self.viewport.list_rows, last);
        self.keep_selection_visible();
    }

    fn scroll_page(&mut self, action: Action) {
        let last = self.max_scroll();
        self.scroll = step(self.scroll, action, self.viewport.page_rows, last);
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

impl Undoable {
    /// The change that undoes this one (audited as `undo`).
    fn undo_change(&self) -> Change {
        match self {
            Undoable::Edited {
                id,
                before,
                version,
                ..
            } => Change::Update {
                id: *id,
                version: *version,
                record: (**before).clone(),
                action: AuditAction::Undo,
            },
            Undoable::Archived {
                id,
                archived: true,
                version,
            } => Change::Restore {
                id: *id,
                version: *version,
                action: AuditAction::Undo,
            },
            Undoable::Archived { id, version, .. } => Change::Archive {
                id: *id,
                version: *version,
                action: AuditAction::Undo,
            },
        }
    }

    /// The change that does this one again (audited as `redo`).
    fn redo_change(&self) -> Change {
        match self {
            Undoable::Edited {
                id, after, version, ..
            } => Change::Update {
                id: *id,
                version: *version,
                record: (**after).clone(),
                action: AuditAction::Redo,
            },
            Undoable::Archived {
                id,
                archived: true,
                version,
            } => Change::Archive {
                id: *id,
                version: *version,
                action: AuditAction::Redo,
            },
            Undoable::Archived { id, version, .. } => Change::Restore {
                id: *id,
                version: *version,
                action: AuditAction::Redo,
            },
        }
    }

    /// The same change, after its undo (`undone`) or redo landed as `saved`.
    fn landed(self, saved: &Versioned, undone: bool) -> Undoable {
        match self {
            Undoable::Edited {
                id, before, after, ..
            } => {
                // Re-inserted hearings get new ids: keep the side just written as stored.
                let now = Box::new(saved.record.clone());
                let (before, after) = if undone { (now, after) } else { (before, now) };
                Undoable::Edited {
                    id,
                    before,
                    after,
                    version: saved.version,
                }
            }
            Undoable::Archived { id, archived, .. } => Undoable::Archived {
                id,
                archived,
                version: saved.version,
            },
        }
    }
}

/// The refused change again, at their version: your edits re-applied over their record.
fn reapply(conflict: &Conflict) -> Change {
    let found = conflict.found;
    match conflict.change.clone() {
        Change::Update {
            id, record, action, ..
        } => {
            let base = conflict.base.clone().unwrap_or(conflict.theirs.clone());
            Change::Update {
                id,
                version: found,
                record: edit::merge(&base, &record, &conflict.theirs),
                action,
            }
        }
        Change::Hearing {
            id, entry, today, ..
        } => Change::Hearing {
            id,
            version: found,
            entry,
            today,
        },
        Change::Archive { id, action, .. } => Change::Archive {
            id,
            version: found,
            action,
        },
        Change::Restore { id, action, .. } => Change::Restore {
            id,
            version: found,
            action,
        },
        other => other,
    }
}

fn change_id(change: &Change) -> Option<i64> {
    match change {
        Change::Add { .. } => None,
        Change::Update { id, .. }
        | Change::Hearing { id, .. }
        | Change::Archive { id, .. }
        | Change::Restore { id, .. } => Some(*id),
    }
}

/// Every field where their record and yours differ: (field, theirs, yours).
pub fn conflict_rows(theirs: &Record, yours: &Record) -> Vec<(String, String, String)> {
    let mut rows = Vec::new();
    for &field in edit::Field::ALL {
        let (t, y) = (field.get(theirs), field.get(yours));
        if t != y {
            rows.push((field.name().to_string(), t, y));
        }
    }
    let hearings = |r: &Record| {
        r.hearings
            .iter()
            .rev()
            .take(2)
            .map(edit::hearing_text)
            .collect::<Vec<_>>()
            .join("; ")
    };
    if theirs.hearings != yours.hearings {
        rows.push(("hearings".into(), hearings(theirs), hearings(yours)));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn update_performs_no_io_it_asks_the_loop_in_effects() {
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
        let mut a = Record::new("A", day);
        a.detainee.id = 1;
        for &action in Action::BINDABLE {
            // Each action from a fresh list screen: no IO, only effects as data.
            let mut app = App::new(vec![a.clone()], day, Weights::default(), "t".into());
            for effect in app.update(action) {
                match effect {
                    Effect::Quit => assert_eq!(action, Action::Quit),
                    Effect::Suspend => assert_eq!(action, Action::Suspend),
                    Effect::Load { id, .. } => assert_eq!(id, 1, "{action:?}"),
                    Effect::Copy(subject) => {
                        assert_eq!(action, Action::Copy);
                        assert_eq!(subject, Subject::Person(1));
                    }
                    other => panic!("{action:?} asked for {other:?}"),
                }
            }
        }
        let mut app = App::new(vec![a], day, Weights::default(), "t".into());
        app.update(Action::Export);
        assert_eq!(app.screen(), Screen::Export);
        app.update(Action::ToggleHealth);
        assert_eq!(
            app.update(Action::ExportHtml),
            vec![Effect::Export {
                subject: Subject::Person(1),
                format: Format::Html,
                include_health: true
            }]
        );
        assert_eq!(app.screen(), Screen::List);
    }
}
