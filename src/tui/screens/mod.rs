//! The screens, one file each: each holds its own state, turns an [`Action`] into a [`Step`]
//! (where to go, what the loop must do, what the model must change), and declares its footer
//! keys and header word. [`super::app::App`] keeps them on a stack above the list and is the
//! only place a step is applied.
//!
//! Adding a screen: a file here with its state and `update`, a variant of [`Screen`] (and a
//! [`Mode`] for its keymap table), a view file under `tui/view/`, and its `[table]` in
//! `assets/keymap.toml`.

pub mod browse;
pub mod bulk;
pub mod calendar;
pub mod confirm;
pub mod conflict;
pub mod detail;
pub mod duplicates;
pub mod export;
pub mod form;
pub mod hearing;
pub mod hearings;
pub mod help;
pub mod list;
pub mod released;
pub mod stats;
pub mod views;

use super::action::Action;
use super::app::{Effect, Viewport};
use super::caseload::Caseload;
use super::mode::Mode;
use super::searcher::Judged;
use super::undo::Pending;
use crate::domain::model::Record;
use std::sync::Arc;

pub use bulk::BulkScreen;
pub use calendar::CalendarScreen;
pub use confirm::{ConfirmScreen, Question};
pub use conflict::{Conflict, ConflictScreen};
pub use detail::DetailScreen;
pub use duplicates::DuplicatesScreen;
pub use export::ExportScreen;
pub use form::FormScreen;
pub use hearing::HearingScreen;
pub use hearings::HearingsScreen;
pub use help::HelpScreen;
pub use list::ListScreen;
pub use released::ReleasedScreen;
pub use stats::StatsScreen;
pub use views::ViewsScreen;

/// A screen above the list, with its state. (The list is the root, held apart: it can never be
/// popped, so "no screen at all" cannot happen.)
#[derive(Debug, Clone)]
pub enum Screen {
    Detail(DetailScreen),
    Hearings(HearingsScreen),
    Released(ReleasedScreen),
    Form(FormScreen),
    Hearing(HearingScreen),
    Export(ExportScreen),
    Confirm(ConfirmScreen),
    Conflict(ConflictScreen),
    Help(HelpScreen),
    Calendar(Box<CalendarScreen>),
    Stats(Box<StatsScreen>),
    Bulk(BulkScreen),
    Views(ViewsScreen),
    Duplicates(Box<DuplicatesScreen>),
}

impl Screen {
    /// The tag the keymap selects its table by.
    pub fn mode(&self) -> Mode {
        match self {
            Screen::Detail(_) => Mode::Detail,
            Screen::Hearings(_) => Mode::Hearings,
            Screen::Released(_) => Mode::Released,
            Screen::Form(_) => Mode::Form,
            Screen::Hearing(_) => Mode::Hearing,
            Screen::Export(_) => Mode::Export,
            Screen::Confirm(_) => Mode::Confirm,
            Screen::Conflict(_) => Mode::Conflict,
            Screen::Help(_) => Mode::Help,
            Screen::Calendar(_) => Mode::Calendar,
            Screen::Stats(_) => Mode::Stats,
            Screen::Bulk(s) => s.mode(),
            Screen::Views(s) => s.mode(),
            Screen::Duplicates(_) => Mode::Duplicates,
        }
    }

    /// Drawn over the screen beneath it rather than in its place.
    pub fn is_overlay(&self) -> bool {
        matches!(self, Screen::Export(_))
    }

    /// Part of editing one record: closed together when the edit ends.
    pub fn is_edit(&self) -> bool {
        matches!(
            self,
            Screen::Form(_)
                | Screen::Hearing(_)
                | Screen::Confirm(_)
                | Screen::Conflict(_)
                | Screen::Bulk(_)
        )
    }

    /// Applies one action.
    pub fn update(&mut self, cx: &Cx, action: Action) -> Step {
        match self {
            Screen::Detail(s) => s.update(cx, action),
            Screen::Hearings(s) => s.update(cx, action),
            Screen::Released(s) => s.update(cx, action),
            Screen::Form(s) => s.update(cx, action),
            Screen::Hearing(s) => s.update(cx, action),
            Screen::Export(s) => s.update(action),
            Screen::Confirm(s) => s.update(action),
            Screen::Conflict(s) => s.update(action),
            Screen::Help(s) => s.update(cx, action),
            Screen::Calendar(s) => s.update(action),
            Screen::Stats(s) => s.update(cx, action),
            Screen::Bulk(s) => s.update(cx, action),
            Screen::Views(s) => s.update(cx, action),
            Screen::Duplicates(s) => s.update(cx, action),
        }
    }

    /// The footer: text before the keys, and the actions whose keys it shows.
    pub fn footer(&self) -> (String, &'static [Action]) {
        match self {
            Screen::Detail(_) => (String::new(), detail::KEYS),
            Screen::Hearings(_) => (String::new(), hearings::KEYS),
            Screen::Released(_) => (String::new(), released::KEYS),
            Screen::Form(_) | Screen::Hearing(_) => (String::new(), form::KEYS),
            Screen::Export(s) => (s.prompt(), export::KEYS),
            Screen::Confirm(s) => (String::new(), s.keys()),
            Screen::Conflict(_) => (String::new(), conflict::KEYS),
            Screen::Help(_) => (String::new(), help::KEYS),
            Screen::Calendar(_) => (String::new(), calendar::KEYS),
            Screen::Stats(_) => (String::new(), stats::KEYS),
            Screen::Bulk(s) if s.typing.is_some() => (String::new(), form::KEYS),
            Screen::Bulk(_) => (String::new(), bulk::KEYS),
            Screen::Views(s) if s.naming.is_some() => (String::new(), form::KEYS),
            Screen::Views(_) => (String::new(), views::KEYS),
            Screen::Duplicates(_) => (String::new(), duplicates::KEYS),
        }
    }

    /// The word the header shows for this screen.
    pub fn heading(&self) -> Option<String> {
        Some(match self {
            Screen::Detail(_) => "detail".into(),
            Screen::Hearings(s) => match s.hearings.day() {
                Some(day) => format!("hearings {day}"),
                None => "hearings".into(),
            },
            Screen::Released(s) if s.is_filtered() => {
                format!("{} released/archived (filtered)", s.len())
            }
            Screen::Released(s) => format!("{} released/archived", s.len()),
            Screen::Form(_) => "form".into(),
            Screen::Hearing(_) => "hearing".into(),
            Screen::Conflict(_) => "conflict".into(),
            Screen::Help(_) => "help".into(),
            Screen::Calendar(s) => s.grid().month.title(),
            Screen::Stats(s) => s.heading(),
            Screen::Bulk(s) => format!("{} marked", s.ids.len()),
            Screen::Views(s) if s.naming.is_some() => "save view".into(),
            Screen::Views(s) => format!("{} views", s.views.len()),
            Screen::Duplicates(s) if s.is_empty() => "duplicates".into(),
            Screen::Duplicates(s) => format!("duplicates {}/{}", s.pair + 1, s.len()),
            Screen::Export(_) | Screen::Confirm(_) => return None,
        })
    }

    /// Lines scrolled, for the screens that scroll a page.
    pub fn scroll(&self) -> usize {
        match self {
            Screen::Detail(s) => s.scroll,
            Screen::Help(s) => s.scroll,
            Screen::Conflict(s) => s.scroll,
            _ => 0,
        }
    }
}

/// What a screen reads besides its own state.
#[derive(Debug, Clone)]
pub struct Cx<'a> {
    pub caseload: &'a Caseload,
    /// What the last draw found room for.
    pub viewport: &'a Viewport,
    /// The person selected in the list (what the detail page shows and actions act on).
    pub selected: Option<i64>,
    /// What a filter is judged against (today, weights, this login's lawyer name).
    pub judged: &'a Arc<Judged>,
    /// The ranking positions the list shows, in order (`None`: everyone): what the Hearings
    /// screen and exports of many people narrow to.
    pub shown: Option<Arc<Vec<crate::domain::search::Hit>>>,
}

/// Where the stack goes after an action.
#[derive(Debug, Clone, Default)]
pub enum Transition {
    /// This screen stays on top.
    #[default]
    Stay,
    /// A new screen on top.
    Push(Screen),
    /// Back to the screen beneath.
    Pop,
    /// This screen gives way to another.
    Replace(Screen),
    /// The edit ends: every form, question and conflict above the browsing screens closes.
    CloseEdit,
    /// The edit ends and another form takes its place (a conflict sent back to its form).
    ReopenEdit(Screen),
    /// Back to the list, then this screen on it.
    FromList(Screen),
}

/// A change to the model or the session that only the app may make.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// A save is in flight.
    Saving(Pending),
    /// A conflict's change is sent again over their record.
    Resending(Box<Record>),
    /// The save in flight was dropped.
    Abandon,
    /// Undo or redo the last change of this session.
    Undo,
    Redo,
    /// Their record replaces ours (a conflict reloaded).
    Put(Box<Record>),
    /// The privacy screen on or off.
    TogglePrivate,
    /// Select the person at this ranking position in the (unfiltered) list.
    SelectRanked(usize),
    /// Open the list narrowed by this filter term; Esc there brings `back` again.
    Drill {
        term: String,
        back: Box<StatsScreen>,
    },
    /// Put a saved view's filter and sort on the list.
    UseView(Box<crate::domain::views::View>),
    /// Close the edit and open person `id`'s page (a new person found already recorded).
    Open(i64),
}

/// What one action does: where the stack goes, what the loop must do, what the model changes,
/// and the footer's one-line message.
#[derive(Debug, Clone, Default)]
pub struct Step {
    pub to: Transition,
    pub effects: Vec<Effect>,
    pub ops: Vec<Op>,
    pub say: Option<String>,
}

impl Step {
    /// Nothing beyond what the screen changed in itself.
    pub fn stay() -> Step {
        Step::default()
    }

    /// The stack goes to `to`.
    pub fn to(to: Transition) -> Step {
        Step {
            to,
            ..Step::default()
        }
    }

    /// The loop must do `effect`.
    pub fn effect(effect: Effect) -> Step {
        Step::stay().and(effect)
    }

    /// Says `message` in the footer.
    pub fn say(message: impl Into<String>) -> Step {
        Step {
            say: Some(message.into()),
            ..Step::default()
        }
    }

    /// Also `effect`.
    pub fn and(mut self, effect: Effect) -> Step {
        self.effects.push(effect);
        self
    }

    /// Also `op`.
    pub fn with(mut self, op: Op) -> Step {
        self.ops.push(op);
        self
    }

    /// Also says `message`.
    pub fn saying(mut self, message: impl Into<String>) -> Step {
        self.say = Some(message.into());
        self
    }
}
