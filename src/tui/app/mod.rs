//! The app: the [`Caseload`] model, the list at the root and the screens stacked above it, and
//! the one function that changes them: [`App::update`] hands an [`Action`] to the screen on top,
//! applies the [`Step`] it returns (the only place the stack and the model change), and returns
//! the [`Effect`]s the event loop must carry out. The loop feeds the results back
//! ([`App::loaded`], [`App::apply_saved`], [`App::show_conflict`], [`App::refresh`]). No
//! terminal, no IO: every screen and flow is testable with synthetic keys and a `TestBackend`.

mod bulk;
mod clinic;
mod duplicates;
mod effect;
mod mouse;
mod reads;
mod reloads;

pub use effect::{Effect, Purpose, Rows, Subject, Tap, Viewport};

use super::action::Action;
use super::caseload::Caseload;
pub use super::cursor::visible_offset;
use super::form::{Draft, Form, HearingForm};
use super::keymap::Keymap;
use super::screens::{
    ConfirmScreen, ConflictScreen, Cx, FormScreen, HearingScreen, HelpScreen, ListScreen, Op,
    Screen, Step, Transition,
};
use super::searcher::{Judged, SearchResult};
use super::undo::Pending;
use crate::domain::edit::{AuditEntry, Change, Versioned};
use crate::domain::model::{AuditAction, Record};
use crate::domain::roster::Roster;
use crate::domain::theme::{Theme, ThemeName};
use crate::domain::weights::Weights;
use chrono::NaiveDate;
use std::sync::Arc;

pub use super::screens::{Conflict, Question};

/// Why a change is refused on a file the user may only read, and what fixes it (fits 80 columns).
pub const READ_ONLY: &str =
    "Read-only: to make changes, ask the file's owner for group write access.";

/// Which screen is showing (the tag the keymap knows; defined apart so keys flow one way).
pub use super::mode::Mode;

/// The keys that would change a record: refused on a file the user may only read.
const CHANGES: &[Action] = &[
    Action::Add,
    Action::Bulk,
    Action::SaveView,
    Action::Edit,
    Action::RecordHearing,
    Action::Archive,
    Action::Restore,
    Action::Undo,
    Action::Redo,
    Action::Merge,
    Action::NotSame,
];

/// The model, the screens, and how the session is set up.
#[derive(Debug, Clone)]
pub struct App {
    caseload: Caseload,
    /// The root screen: the ranked list (and its search), never popped.
    list: ListScreen,
    /// The screens above the list, the top one showing.
    stack: Vec<Screen>,
    /// The program title shown in the header.
    pub title: String,
    /// The colours and weights every screen draws with (`--theme`; `NO_COLOR` chooses mono).
    pub theme: Theme,
    /// Key bindings, also shown by the help screen and footer (the user's file laid over the
    /// defaults, set by the loop at start).
    pub keymap: Keymap,
    /// Privacy screen: health details masked and names shortened.
    pub private: bool,
    /// The user may only read the file: keys that would change a record are refused.
    pub read_only: bool,
    /// What the list's filter is judged against (today, weights, this login's lawyer).
    judged: Arc<Judged>,
    viewport: Viewport,
    message: Option<String>,
    /// The last person [`App::wanted`] asked to read.
    asked: Option<i64>,
    /// Where a finger or button went down, for a swipe.
    pointer: mouse::Pointer,
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
        app.caseload.keep_records(records, true);
        app
    }

    /// Ranks `roster` for `today` and opens on the list with the most urgent person selected.
    /// Full records are read through [`Effect::Load`] when a screen needs one.
    pub fn from_roster(roster: Roster, today: NaiveDate, weights: Weights, title: String) -> App {
        let judged = Arc::new(Judged {
            today,
            weights: weights.clone(),
            me: None,
        });
        App {
            caseload: Caseload::new(roster, today, weights),
            judged,
            list: ListScreen::default(),
            stack: Vec::new(),
            title,
            theme: Theme::of(ThemeName::Default),
            keymap: Keymap::default(),
            private: false,
            read_only: false,
            viewport: Viewport::default(),
            message: None,
            asked: None,
            pointer: mouse::Pointer::default(),
        }
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
        app.caseload.keep_records(records, false);
        app.caseload.set_loading(people);
        app
    }

    /// Applies one action. Returns what the loop must do; never performs IO itself.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        self.message = None;
        let mode = self.screen();
        if self.read_only
            && matches!(
                mode,
                Mode::List | Mode::Detail | Mode::Released | Mode::Duplicates
            )
            && CHANGES.contains(&action)
        {
            self.message = Some(READ_ONLY.to_string());
            return Vec::new();
        }
        let step = match action {
            Action::Quit => return vec![Effect::Quit],
            Action::Suspend => return vec![Effect::Suspend],
            // Help from anywhere but the export prompt (whose keys are its whole footer).
            Action::Help if !matches!(mode, Mode::Help | Mode::Export) => {
                Step::to(Transition::Push(Screen::Help(HelpScreen::default())))
            }
            action => {
                let cx = Cx {
                    caseload: &self.caseload,
                    viewport: &self.viewport,
                    selected: self.list.selected_id(&self.caseload),
                    judged: &self.judged,
                    shown: self.list.shown(),
                };
                match self.stack.last_mut() {
                    Some(top) => top.update(&cx, action),
                    None => self.list.update(&cx, action),
                }
            }
        };
        self.apply(step)
    }

    /// Applies a screen's step: the model first, then the stack. Returns the effects.
    fn apply(&mut self, step: Step) -> Vec<Effect> {
        let mut effects = step.effects;
        for op in step.ops {
            effects.extend(self.apply_op(op));
        }
        match step.to {
            Transition::Stay => {}
            Transition::Push(screen) => self.stack.push(screen),
            Transition::Pop => {
                self.stack.pop();
            }
            Transition::Replace(screen) => {
                self.stack.pop();
                self.stack.push(screen);
            }
            Transition::CloseEdit => self.close_edit(),
            Transition::ReopenEdit(screen) => {
                self.close_edit();
                self.stack.push(screen);
            }
            Transition::FromList(screen) => {
                self.stack.clear();
                self.stack.push(screen);
            }
        }
        if let Some(say) = step.say {
            self.message = Some(say);
        }
        effects
    }

    fn apply_op(&mut self, op: Op) -> Vec<Effect> {
        match op {
            Op::Saving(pending) => self.caseload.begin(pending),
            Op::Resending(theirs) => self.caseload.rebase_pending(&theirs),
            Op::Abandon => self.caseload.abandon(),
            Op::Undo => {
                return match self.caseload.start_undo() {
                    Some(sent) => vec![sent.into()],
                    None => {
                        self.message = Some("Nothing to undo in this session.".into());
                        Vec::new()
                    }
                };
            }
            Op::Redo => {
                return match self.caseload.start_redo() {
                    Some(sent) => vec![sent.into()],
                    None => {
                        self.message = Some("Nothing to redo.".into());
                        Vec::new()
                    }
                };
            }
            Op::Put(record) => self.upsert(record.detainee.id, Some(*record), false),
            Op::TogglePrivate => self.private = !self.private,
            Op::UseView(view) => {
                let text = crate::domain::text::sanitize(&view.filter);
                self.message = Some(format!("View '{}': {text}", view.name));
                self.list.use_view(&view);
            }
            Op::SelectRanked(position) => {
                self.list.show_everyone();
                self.list.select_row(position, self.viewport.list_rows);
            }
            Op::Drill { term, back } => {
                return self.list.drill(&self.caseload, &self.judged, &term, back);
            }
            Op::Open(id) => self.open_person(id),
        }
        Vec::new()
    }

    /// Closes every form, question and conflict on top, back to the screen they opened from.
    fn close_edit(&mut self) {
        while self.stack.last().is_some_and(Screen::is_edit) {
            self.stack.pop();
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
        self.caseload.loaded(found.record.clone(), history);
        if self.stack.last().is_some_and(Screen::is_edit) {
            // Something is being edited already: the record only refreshes what is shown.
            return Vec::new();
        }
        let name = found.record.detainee.name.clone();
        let screen = match purpose {
            Purpose::History => return Vec::new(),
            Purpose::Edit => Screen::Form(FormScreen {
                form: Form::edit(id, found.version, &found.record),
            }),
            Purpose::Hearing => Screen::Hearing(HearingScreen {
                form: HearingForm::new(id, found.version, &name),
            }),
            Purpose::Archive => Screen::Confirm(ConfirmScreen {
                question: Question::Archive {
                    id,
                    version: found.version,
                    name,
                },
            }),
            Purpose::Restore => {
                self.caseload.begin(Pending::change(None));
                return vec![Effect::Save(Box::new(Change::Restore {
                    id,
                    version: found.version,
                    action: AuditAction::Restore,
                }))];
            }
        };
        self.stack.push(screen);
        Vec::new()
    }

    /// A change landed: the record is as `saved` says. The ranking updates at once.
    pub fn apply_saved(&mut self, saved: Versioned) {
        let id = saved.record.detainee.id;
        let name = saved.record.detainee.name.clone();
        let before_custody = self
            .caseload
            .roster()
            .index_of(id)
            .and_then(|i| self.caseload.roster().person(i))
            .map(|p| p.facts.in_custody());
        let keep = self.selected_id();
        let verb = self.caseload.landed(&saved);
        self.after_change(keep);
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
        self.close_edit();
        if !after_custody && matches!(self.stack.last(), Some(Screen::Detail(_))) {
            self.stack.pop();
        }
        if after_custody {
            self.select_id(id);
        }
    }

    /// A save was refused because the record moved on to version `found` with `theirs`.
    pub fn show_conflict(&mut self, found: i64, theirs: Record, yours: Record) {
        let Some(change) = self.last_change(&yours) else {
            return;
        };
        let base = self.caseload.pending().and_then(Pending::base);
        let conflict = Conflict::new(change, found, theirs, yours, base, self.form().cloned());
        let screen = Screen::Conflict(ConflictScreen {
            conflict: Box::new(conflict),
            scroll: 0,
        });
        if matches!(self.stack.last(), Some(Screen::Conflict(_))) {
            self.stack.pop();
        }
        self.stack.push(screen);
    }

    /// The refused change, rebuilt from what is open: the form, the hearing form, or the undo
    /// in flight.
    fn last_change(&self, yours: &Record) -> Option<Change> {
        if let Some(form) = self.form()
            && let super::form::Target::Edit { id, version, .. } = &form.target
        {
            return Some(Change::Update {
                id: *id,
                version: *version,
                record: yours.clone(),
                action: AuditAction::Edit,
            });
        }
        if let Some(h) = self.hearing_form() {
            let mut h = h.clone();
            return h.build().map(|entry| Change::Hearing {
                id: h.id,
                version: h.version,
                entry,
                today: self.caseload.today,
            });
        }
        self.caseload.pending().and_then(Pending::change_sent)
    }

    /// Shows a one-line message in the footer until the next key (what an export wrote…).
    pub fn show_message(&mut self, message: String) {
        self.message = Some(message);
    }

    /// A save failed for another reason (a duplicate, a refused hearing): the form stays open.
    pub fn show_error(&mut self, message: String) {
        self.caseload.abandon();
        self.message = Some(message);
    }

    fn upsert(&mut self, id: i64, record: Option<Record>, archived: bool) {
        let keep = self.selected_id();
        self.caseload.put(id, record, archived);
        self.after_change(keep);
    }

    /// After the roster changed: the search, the released view and the selection follow.
    fn after_change(&mut self, keep: Option<i64>) {
        let rows = self.viewport.list_rows;
        self.list
            .after_change(&self.caseload, &self.judged, keep, rows);
        for screen in &mut self.stack {
            match screen {
                Screen::Released(released) => released.rebuild(&self.caseload),
                Screen::Duplicates(review) => review.mark_stale(),
                _ => {}
            }
        }
    }

    fn select_id(&mut self, id: i64) {
        let rows = self.viewport.list_rows;
        self.list.select_id(&self.caseload, id, rows);
        for screen in &mut self.stack {
            if let Screen::Released(released) = screen {
                released.select_id(&self.caseload, id);
            }
        }
    }

    /// The form open now, as a draft to keep if the terminal goes away.
    pub fn draft(&self) -> Option<Draft> {
        if !self.stack.last().is_some_and(Screen::is_edit) {
            return None;
        }
        self.stack.iter().rev().find_map(|screen| match screen {
            Screen::Form(s) => Some(Draft::Form(s.form.clone())),
            Screen::Hearing(s) => Some(Draft::Hearing(s.form.clone())),
            _ => None,
        })
    }

    /// Offers a draft kept from a session that ended.
    pub fn offer_draft(&mut self, draft: Draft) {
        self.stack.clear();
        self.stack.push(Screen::Confirm(ConfirmScreen {
            question: Question::RestoreDraft(Box::new(draft)),
        }));
    }

    /// The work a screen is waiting for: a search to run again after the ranking changed under
    /// it, or the selected person's full record when their page is showing (the detail screen,
    /// or beside the list on a wide terminal) and not yet read. Asks once per person, so a
    /// record that cannot be read is not asked for again and again.
    pub fn wanted(&mut self) -> Option<Effect> {
        if let Some(Screen::Duplicates(s)) = self.stack.last_mut()
            && s.take_stale()
        {
            return Some(Effect::FindDuplicates);
        }
        if let Some(request) = self.list.resend(&self.caseload, &self.judged) {
            return Some(Effect::Search(request));
        }
        let page_showing = match self.screen() {
            Mode::Detail => true,
            Mode::List | Mode::Search => self.viewport.side_pane,
            _ => false,
        };
        let id = self.selected_id().filter(|_| page_showing)?;
        if self.caseload.has_record(id) || self.asked == Some(id) {
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
        let last = viewport.page_lines.saturating_sub(viewport.page_rows);
        let list_rows = viewport.list_rows;
        self.viewport = viewport;
        match self.stack.last_mut() {
            Some(Screen::Detail(s)) => s.scroll = s.scroll.min(last),
            Some(Screen::Help(s)) => s.scroll = s.scroll.min(last),
            Some(Screen::Conflict(s)) => s.scroll = s.scroll.min(last),
            _ => {}
        }
        self.list.fit(&self.caseload, list_rows);
    }

    /// A search finished. Shown only if it answers the latest query.
    pub fn search_done(&mut self, result: SearchResult) {
        self.list.search_done(result);
    }

    /// The statistics screen's numbers were counted: it shows them (also the one kept while
    /// the list shows a bar's people).
    pub fn stats_done(&mut self, result: super::stats::StatsResult) {
        for screen in &mut self.stack {
            if let Screen::Stats(stats) = screen {
                stats.answered(&result);
            }
        }
        self.list.stats_done(&result);
    }
}

/// Every field where their record and yours differ: (field, theirs, yours).
pub use super::screens::conflict::conflict_rows;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::render::Format;

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
                    // A new order is computed off the input thread.
                    Effect::Search(_) => {
                        assert!(matches!(action, Action::CycleSort | Action::ReverseSort))
                    }
                    Effect::Stats(_) => assert_eq!(action, Action::Stats),
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
        assert_eq!(app.screen(), Mode::Export);
        app.update(Action::ToggleHealth);
        assert_eq!(
            app.update(Action::ExportHtml),
            vec![Effect::Export {
                subject: Subject::Person(1),
                format: Format::Html,
                include_health: true
            }]
        );
        assert_eq!(app.screen(), Mode::List);
    }
}
