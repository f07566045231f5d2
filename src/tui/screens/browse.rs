//! What the browsing screens (list, detail, released, hearings) share: the keys that open a
//! form, export or copy a checklist, undo, or go to another view (the duplicate review too). Each screen passes only the
//! actions it offers, with the person or day they act on.

use super::form::FormScreen;
use super::{CalendarScreen, Cx, ExportScreen, HearingsScreen, Op, Screen, Step, Transition};
use crate::tui::action::Action;
use crate::tui::app::{Effect, Purpose, Subject};

/// Carries out a shared browsing action on person `id` (or the `subject` an export is of).
/// `None`: not a shared action.
pub fn act(action: Action, cx: &Cx, id: Option<i64>, subject: Option<Subject>) -> Option<Step> {
    let load = |purpose| match id {
        Some(id) => Step::effect(Effect::Load { id, purpose }),
        None => Step::stay(),
    };
    Some(match action {
        Action::TogglePrivate => Step::stay().with(Op::TogglePrivate),
        Action::Hearings => {
            let hearings = HearingsScreen::build(cx.caseload, cx.shown.as_deref().map(|v| &v[..]));
            Step::to(Transition::Push(Screen::Hearings(hearings)))
        }
        // The month of the hearings the list's filter and search let through.
        Action::Calendar => {
            let shown = HearingsScreen::build(cx.caseload, cx.shown.as_deref().map(|v| &v[..]));
            let calendar = CalendarScreen::of(shown, cx.caseload.today);
            Step::to(Transition::Push(Screen::Calendar(Box::new(calendar))))
        }
        Action::Export => match subject {
            Some(subject) => Step::to(Transition::Push(Screen::Export(ExportScreen::new(subject)))),
            None => Step::stay(),
        },
        Action::Copy => match subject {
            Some(subject) => Step::effect(Effect::Copy(subject)),
            None => Step::stay(),
        },
        Action::Add => Step::to(Transition::Push(Screen::Form(FormScreen::add()))),
        Action::Duplicates => Step::to(Transition::Push(Screen::Duplicates(Box::default()))),
        Action::Edit => load(Purpose::Edit),
        Action::RecordHearing => load(Purpose::Hearing),
        Action::Archive => load(Purpose::Archive),
        Action::Undo => Step::stay().with(Op::Undo),
        Action::Redo => Step::stay().with(Op::Redo),
        _ => return None,
    })
}
