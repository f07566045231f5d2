//! "Record hearing": the outcome (chosen from a list), the next date and a note, for one person.
//! Says what the outcome will do (bail granted, acquittal and release take the person out of the
//! custody list).

use super::{error_style, heading_style, selected_style};
use crate::domain::model::Outcome;
use crate::domain::text;
use crate::domain::theme::Theme;
use crate::tui::app::App;
use crate::tui::form::{HearingField, HearingForm};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

const LABEL: usize = 10;

/// Draws the hearing form; returns how many lines it has.
pub fn render(frame: &mut Frame, area: Rect, app: &App, form: &HearingForm) -> usize {
    if area.width == 0 || area.height == 0 {
        return 0;
    }
    let width = usize::from(area.width);
    let mut lines = vec![Line::styled(
        text::clip(&format!("Record hearing: {}", form.name), width),
        heading_style(&app.theme),
    )];
    let value_width = width.saturating_sub(LABEL + 3).max(1);
    for field in HearingField::ALL {
        let focused = form.focus == field;
        let value = match field {
            HearingField::Outcome if focused => format!("◀ {} ▶", form.outcome.label()),
            HearingField::Outcome => form.outcome.label().to_string(),
            HearingField::Next => form.next.clone(),
            HearingField::Note => form.note.clone(),
        };
        let value = if focused && field != HearingField::Outcome {
            format!("{value}▏")
        } else {
            value
        };
        lines.push(field_row(
            field.label(),
            &value,
            focused,
            (LABEL, value_width),
            &app.theme,
        ));
        if field == HearingField::Next
            && let Some(reason) = &form.error
        {
            for part in text::wrap(&format!("✗ {reason}"), width.saturating_sub(4).max(1)) {
                lines.push(Line::styled(format!("    {part}"), error_style(&app.theme)));
            }
        }
    }
    lines.push(Line::default());
    let effect = match form.outcome {
        Outcome::BailGranted => "Bail granted: leaves the custody list (kept in R, released).",
        Outcome::Acquitted | Outcome::Released => {
            "Leaves the custody list (kept in R, released/archived)."
        }
        Outcome::BailRefused => "Bail status becomes rejected.",
        Outcome::ChargeFramed => "An investigation moves to trial.",
        Outcome::JudgmentReserved => "Stage becomes judgment reserved.",
        Outcome::Convicted => "Stage becomes convicted.",
        _ => "Stage and bail stay as they are.",
    };
    for part in text::wrap(effect, width.max(1)) {
        lines.push(Line::from(part));
    }
    let choices: Vec<&str> = Outcome::ALL.iter().map(|o| o.label()).collect();
    for part in text::wrap(
        &format!("←/→ outcome: {}", choices.join(" · ")),
        width.max(1),
    ) {
        lines.push(Line::from(part));
    }
    let total = lines.len();
    frame.render_widget(Paragraph::new(lines), area);
    total
}

/// One field of a short form: a marker on the focused one, the label, the value (reversed when
/// focused, so it shows without colour), in `(label, value)` cells.
pub fn field_row(
    label: &str,
    value: &str,
    focused: bool,
    (label_width, value_width): (usize, usize),
    theme: &Theme,
) -> Line<'static> {
    let marker = if focused { "›" } else { " " };
    let cell = text::cell(value, value_width.min(40));
    Line::from(vec![
        Span::raw(format!("{marker} {} ", text::cell(label, label_width))),
        if focused {
            Span::styled(cell, selected_style(theme))
        } else {
            Span::raw(cell)
        },
    ])
}
