//! Choosing an export's format (and whether health details go in), in the footer over the
//! screen it was asked from.

use super::{Step, Transition};
use crate::domain::render::Format;
use crate::tui::action::Action;
use crate::tui::app::{Effect, Subject};

/// The footer's keys.
pub const KEYS: &[Action] = &[
    Action::ExportMarkdown,
    Action::ExportText,
    Action::ExportHtml,
    Action::ExportPdf,
    Action::ToggleHealth,
    Action::Back,
];

/// What is being exported, and whether health details go in (withheld unless asked).
#[derive(Debug, Clone)]
pub struct ExportScreen {
    pub subject: Subject,
    pub include_health: bool,
}

impl ExportScreen {
    pub fn new(subject: Subject) -> ExportScreen {
        ExportScreen {
            subject,
            include_health: false,
        }
    }

    /// The text before the format keys.
    pub fn prompt(&self) -> String {
        format!(
            "Export as ({}):  ",
            if self.include_health {
                "WITH health details"
            } else {
                "health withheld"
            }
        )
    }

    pub fn update(&mut self, action: Action) -> Step {
        let format = match action {
            Action::Back => return Step::to(Transition::Pop),
            Action::ToggleHealth => {
                self.include_health = !self.include_health;
                return Step::stay();
            }
            Action::ExportMarkdown => Format::Markdown,
            Action::ExportText => Format::Text,
            Action::ExportHtml => Format::Html,
            Action::ExportPdf => Format::Pdf,
            _ => return Step::stay(),
        };
        Step::to(Transition::Pop).and(Effect::Export {
            subject: self.subject.clone(),
            format,
            include_health: self.include_health,
        })
    }
}
