//! The add/edit form: every field of DOMAIN.md §6, one per line, label then value; the field with
//! the cursor is highlighted, list fields show their choices, and any problem is shown beside the
//! field (or under it when the terminal is narrow). Scrolls to keep the cursor in sight.

use super::{error_style, heading_style, selected_style};
use crate::domain::edit::{Field, Kind};
use crate::domain::text;
use crate::domain::theme::Theme;
use crate::tui::app::App;
use crate::tui::form::Form;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Label column width.
const LABEL: usize = 20;

/// Draws the form; returns how many lines it has.
pub fn render(frame: &mut Frame, area: Rect, app: &App, form: &Form) -> usize {
    if area.width == 0 || area.height == 0 {
        return 0;
    }
    let (lines, focus_line) = lines(form, &app.theme, usize::from(area.width));
    let rows = usize::from(area.height);
    let total = lines.len();
    // Keep the title on top when it fits, and the focused field (and its problem) in sight.
    let start = (focus_line + 2)
        .saturating_sub(rows)
        .min(total.saturating_sub(rows));
    let shown: Vec<Line> = lines.into_iter().skip(start).take(rows).collect();
    frame.render_widget(Paragraph::new(shown), area);
    total
}

/// The form's lines, and the line the focused field is on.
pub fn lines(form: &Form, theme: &Theme, width: usize) -> (Vec<Line<'static>>, usize) {
    let mut out = vec![Line::styled(
        text::clip(&form.title(), width),
        heading_style(theme),
    )];
    // A phone (45 columns) still gets whole labels: the value keeps 22 cells (a name, a date)
    // and the label takes the rest, up to its full width.
    let label_width = LABEL.min(width.saturating_sub(3 + 22).max(width / 3));
    let value_width = width.saturating_sub(label_width + 3).clamp(1, 24);
    let beside = width >= label_width + 3 + value_width + 12;
    let mut focus_line = 0;
    for (i, &field) in Field::ALL.iter().enumerate() {
        let focused = i == form.focus;
        if focused {
            focus_line = out.len();
        }
        let marker = if focused { "›" } else { " " };
        let required = if field.required() { "*" } else { "" };
        let label = format!("{}{required}", field.label());
        let value = shown_value(form, field, &form.values[i], focused);
        let mut spans = vec![Span::raw(format!(
            "{marker} {} ",
            text::cell(&label, label_width)
        ))];
        let value_cell = text::cell(&value, value_width);
        spans.push(if focused {
            Span::styled(value_cell, selected_style(theme))
        } else {
            Span::raw(value_cell)
        });
        let error = form.errors[i].as_deref();
        let mut more = Vec::new();
        if let (Some(reason), true) = (error, beside) {
            // Beside the value; what does not fit continues under it, in the same column.
            let at = label_width + 3 + value_width + 1;
            let room = width.saturating_sub(at).max(1);
            let mut parts = text::wrap(&format!("✗ {reason}"), room).into_iter();
            let first = parts.next().unwrap_or_default();
            spans.push(Span::styled(format!(" {first}"), error_style(theme)));
            for part in parts {
                more.push(Line::styled(
                    format!("{}{part}", " ".repeat(at)),
                    error_style(theme),
                ));
            }
        }
        out.push(Line::from(spans));
        out.extend(more);
        if let (Some(reason), false) = (error, beside) {
            for part in text::wrap(&format!("✗ {reason}"), width.saturating_sub(4).max(1)) {
                out.push(Line::styled(format!("    {part}"), error_style(theme)));
            }
        }
        if focused && let Some(hint) = hint(form, field) {
            for part in text::wrap(&hint, width.saturating_sub(4).max(1)) {
                out.push(Line::from(format!("    {part}")));
            }
        }
    }
    (out, focus_line)
}

fn shown_value(form: &Form, field: Field, value: &str, focused: bool) -> String {
    let _ = form;
    match field.kind() {
        Kind::Choice => {
            let v = if value.is_empty() { "—" } else { value };
            if focused {
                format!("◀ {v} ▶")
            } else {
                v.to_string()
            }
        }
        Kind::Multi if value.is_empty() => "—".to_string(),
        Kind::Multi => value.replace(';', ", "),
        _ if focused => format!("{value}▏"),
        _ => value.to_string(),
    }
}

/// What the focused field accepts.
fn hint(form: &Form, field: Field) -> Option<String> {
    match field.kind() {
        Kind::Choice => Some(format!(
            "←/→ choose: {}",
            field
                .choices()
                .iter()
                .map(|c| if c.is_empty() { "—" } else { c })
                .collect::<Vec<_>>()
                .join(" ")
        )),
        Kind::Multi => {
            let choices = field.choices();
            let code = choices.get(form.option).copied().unwrap_or_default();
            let ticked = form.values[form.focus].split(';').any(|s| s.trim() == code);
            let mark = if ticked { "[x]" } else { "[ ]" };
            Some(format!(
                "←/→ option {}/{}: {mark} {code} · space ticks",
                form.option + 1,
                choices.len()
            ))
        }
        Kind::Date => Some("YYYY-MM-DD, DD/MM/YYYY, DD-MM-YYYY or DD.MM.YYYY".into()),
        _ => None,
    }
}
