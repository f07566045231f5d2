//! A yes/no question: archive this person? discard what was typed? restore a kept draft? save
//! a new person who may already be recorded?

use super::heading_style;
use crate::domain::text;
use crate::domain::theme::Theme;
use crate::tui::app::Question;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// The question and what each answer does.
pub fn question_lines(question: &Question) -> (String, Vec<String>) {
    match question {
        Question::Archive { id, name, .. } => (
            format!("Archive {name} (id {id})?"),
            vec![
                "They leave every list; the record and its history are kept.".into(),
                "Restore them from the released/archived view (R), or press u.".into(),
            ],
        ),
        Question::DiscardForm => (
            "Discard what you typed?".into(),
            vec!["Nothing has been saved.".into()],
        ),
        Question::Bulk { ids, edit } => {
            let people = if ids.len() == 1 { "person" } else { "people" };
            (
                format!("Change {} {people}: {}?", ids.len(), edit.describe()),
                vec![
                    "Each person is checked against the version you read.".into(),
                    "y: yes; anyone someone else changed meanwhile is left as they are and named."
                        .into(),
                    "a: all or none: if anyone cannot be changed, nobody is.".into(),
                    "n: no, change nothing. After saving, u undoes the whole change.".into(),
                ],
            )
        }
        Question::Likely { id, matches, .. } => {
            let mut body: Vec<String> = matches.iter().map(|m| format!("This {m}")).collect();
            body.push(format!(
                "o: open #{id} · y: save as a new person · n: back to the form"
            ));
            (
                "Already in the caseload? Nothing is saved yet.".into(),
                body,
            )
        }
        Question::RestoreDraft(draft) => (
            "A draft was kept when a session ended".into(),
            vec![
                format!("It holds {}.", draft.describe()),
                "Restore it (y) or discard it (n)?".into(),
            ],
        ),
    }
}

/// Draws the question; returns how many lines it has.
pub fn render(frame: &mut Frame, area: Rect, theme: &Theme, question: &Question) -> usize {
    if area.width == 0 || area.height == 0 {
        return 0;
    }
    let width = usize::from(area.width);
    let (title, body) = question_lines(question);
    let mut lines = vec![Line::default()];
    for part in text::wrap(&title, width.max(1)) {
        lines.push(Line::styled(part, heading_style(theme)));
    }
    lines.push(Line::default());
    for sentence in body {
        for part in text::wrap(&sentence, width.max(1)) {
            lines.push(Line::from(part));
        }
    }
    let total = lines.len();
    frame.render_widget(Paragraph::new(lines), area);
    total
}
