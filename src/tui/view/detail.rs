//! One person's page: the full urgency breakdown first (each reason with its points and legal
//! basis, the total and band, and the statutory-bail date: the reason for the rank is the point
//! of the page), then every fact the clinic holds. Long pages scroll; the same page fills the
//! right half of a wide list screen.

use super::{band_style, heading_style};
use crate::domain::model::Record;
use crate::domain::text;
use crate::domain::triage::{self, Ranked, format_grams};
use crate::tui::app::App;
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// What the privacy screen shows instead of health details and notes.
const PRIVATE: &str = "hidden (privacy screen: press p)";

/// Label column width (the values start one space after it).
const LABEL: usize = 20;

/// From this width the breakdown and the facts stand side by side, each half still wide
/// enough for a reason and its points on one line.
pub const SIDE_BY_SIDE: u16 = 120;

/// Draws the selected person's page from line `scroll`; returns how many lines the page has.
/// From [`SIDE_BY_SIDE`] columns the breakdown fills the left half and the facts the right.
pub fn render(frame: &mut Frame, area: Rect, app: &App, scroll: usize) -> usize {
    if area.width == 0 || area.height == 0 {
        return 0;
    }
    let found = app
        .row(app.selected())
        .map(|(position, ranked, person, _)| (position, ranked, person, app.record(person.id)));
    let columns: Vec<(Rect, Vec<Line<'static>>)> = match found {
        Some((position, ranked, _, Some(record))) if area.width >= SIDE_BY_SIDE => {
            let left = Rect {
                width: area.width / 2,
                ..area
            };
            let right = Rect {
                x: area.x + left.width + 1,
                width: area.width - left.width - 1,
                ..area
            };
            let (mut why, split) = page_split(app, position, ranked, record, left.width);
            why.truncate(split);
            let (facts, split) = page_split(app, position, ranked, record, right.width);
            // The facts start with a heading's blank line: drop it so both halves align.
            let facts = facts.into_iter().skip(split + 1).collect();
            vec![(left, why), (right, facts)]
        }
        Some((position, ranked, _, Some(record))) => {
            vec![(area, page(app, position, ranked, record, area.width))]
        }
        Some((position, ranked, person, None)) => vec![(
            area,
            reading(app, position, ranked, person.names.name, area.width),
        )],
        None => vec![(area, vec![Line::from("No one selected.")])],
    };
    let total = columns
        .iter()
        .map(|(_, lines)| lines.len())
        .max()
        .unwrap_or(0);
    let start = scroll.min(total.saturating_sub(usize::from(area.height)));
    for (rect, lines) in columns {
        let shown: Vec<Line> = lines
            .into_iter()
            .skip(start)
            .take(usize::from(area.height))
            .collect();
        frame.render_widget(Paragraph::new(shown), rect);
    }
    total
}

/// The top of the page while the full record is being read (a moment, from the file).
fn reading(
    app: &App,
    position: usize,
    ranked: Ranked,
    name: &str,
    width: u16,
) -> Vec<Line<'static>> {
    let width = usize::from(width);
    vec![
        Line::styled(
            text::clip(&shown_name(app, name), width),
            heading_style(&app.theme),
        ),
        rank_line(app, position, ranked, ranked.total, width),
        Line::default(),
        Line::from(text::clip("Reading the full record…", width)),
    ]
}

/// `Rank 3 of 412 · HIGH · 57 points`.
fn rank_line(
    app: &App,
    position: usize,
    ranked: Ranked,
    total: i64,
    width: usize,
) -> Line<'static> {
    Line::from(vec![
        Span::raw(text::clip(
            &format!("Rank {} of {} · ", position + 1, app.ranked().len()),
            width,
        )),
        Span::styled(
            ranked.band.shout().to_string(),
            band_style(ranked.band, &app.theme),
        ),
        Span::raw(format!(" · {total} points")),
    ])
}

/// Every line of one person's page, wrapped to `width`.
pub fn page(
    app: &App,
    position: usize,
    ranked: Ranked,
    record: &Record,
    width: u16,
) -> Vec<Line<'static>> {
    page_split(app, position, ranked, record, width).0
}

/// The page's lines and where the facts start (after the name, rank and breakdown).
fn page_split(
    app: &App,
    position: usize,
    ranked: Ranked,
    record: &Record,
    width: u16,
) -> (Vec<Line<'static>>, usize) {
    let width = usize::from(width);
    let mut page = Page {
        lines: Vec::new(),
        width,
        heading: heading_style(&app.theme),
    };
    let d = &record.detainee;
    let today = app.today();
    let urgency = triage::score(record, today, app.weights());

    page.lines.push(Line::from(vec![Span::styled(
        text::clip(&shown_name(app, &d.name), width),
        heading_style(&app.theme),
    )]));
    page.lines
        .push(rank_line(app, position, ranked, urgency.total, width));
    why_this_rank(&mut page, app, record, &urgency, today);
    let facts = page.lines.len();

    person_facts(&mut page, app, record, today);
    case_facts(&mut page, record, today);
    hearings_and_findings(&mut page, record, today);
    notes_and_history(&mut page, app, record);
    (page.lines, facts)
}

/// A name as the screen may show it: initials only behind the privacy screen.
fn shown_name(app: &App, name: &str) -> String {
    if app.private {
        text::short_name(name)
    } else {
        name.to_string()
    }
}

/// Who the person is: the facts the law reads about them (age, pregnancy, health...).
fn person_facts(page: &mut Page, app: &App, record: &Record, today: NaiveDate) {
    let d = &record.detainee;
    page.heading("Person");
    page.field("Name", Some(shown_name(app, &d.name)));
    page.field(
        "Father/husband",
        d.father_name.as_deref().map(|n| shown_name(app, n)),
    );
    page.field("Gender", d.gender.map(|g| g.label().to_string()));
    page.field(
        "Age at arrest",
        record.age_at_arrest().map(|a| a.to_string()),
    );
    page.field("Juvenile claimed", yes_no(d.juvenile_claimed));
    let pregnant = match (d.pregnant, d.due_date) {
        (Some(true), Some(due)) if due < today => Some(format!(
            "yes, due {due}: due date passed — update the record"
        )),
        (Some(true), Some(due)) => Some(format!("yes, due {due}")),
        (Some(true), None) => Some("yes, due date not recorded".to_string()),
        (other, _) => yes_no(other),
    };
    page.field("Pregnant", pregnant);
    page.field(
        "Children in prison",
        d.children_in_prison.map(|n| n.to_string()),
    );
    let health: Vec<&str> = d.health.iter().map(|h| h.label()).collect();
    let health = match (health.is_empty(), app.private) {
        (true, _) => None,
        (false, true) => Some(PRIVATE.to_string()),
        (false, false) => Some(health.join(", ")),
    };
    page.field("Health", health);
    page.field("Prison", d.prison.clone());
    page.field("Prisoner no.", d.prisoner_number.clone());
}

/// The case: law, FIR, custody, charge, stage, court and lawyer.
fn case_facts(page: &mut Page, record: &Record, today: NaiveDate) {
    let c = &record.case;
    page.heading("Case");
    page.field("Law", Some(c.law.label().to_string()));
    page.field("Section", c.section.clone());
    page.field("FIR no.", c.fir_number.clone());
    page.field("FIR date", c.fir_date.map(|d| d.to_string()));
    page.field("Police station", c.police_station.clone());
    page.field("District", c.district.clone());
    page.field("Arrest date", Some(c.arrest_date.to_string()));
    page.field(
        "Days in custody",
        Some(record.days_in_custody(today).to_string()),
    );
    page.field("Substance", c.substance.map(|s| s.label().to_string()));
    page.field(
        "Quantity",
        c.quantity_grams.map(|g| format!("{} g", format_grams(g))),
    );
    page.field("Stage", Some(c.stage.label().to_string()));
    page.field("Bail", c.bail_status.map(|b| b.label().to_string()));
    page.field("Capital charge", yes_no(c.capital_charge));
    page.field("Previous conviction", yes_no(c.previous_conviction));
    page.field(
        "Prior: death/life",
        yes_no(c.previous_conviction_death_life),
    );
    if c.stage == crate::domain::model::Stage::Convicted {
        page.field("Judgment date", c.judgment_date.map(|d| d.to_string()));
        page.field("Sentence", c.sentence_years.map(|y| format!("{y} years")));
    }
    page.field("Delay by defence", yes_no(c.delay_by_defence));
    page.field("First offence", yes_no(c.first_offence));
    page.field("Court", c.court.clone());
    page.field("Lawyer", c.lawyer.clone());
}

/// Hearings (with their outcomes) and weakness findings.
fn hearings_and_findings(page: &mut Page, record: &Record, today: NaiveDate) {
    page.heading("Hearings");
    if record.hearings.is_empty() {
        page.text("none recorded", 2);
    }
    for h in &record.hearings {
        let mut line = h.date.to_string();
        for part in [&h.court, &h.purpose].into_iter().flatten() {
            line.push_str(" · ");
            line.push_str(part);
        }
        let outcome = match (&h.outcome, h.date >= today) {
            (Some(outcome), _) => format!(" → {outcome}"),
            (None, true) => " (coming)".to_string(),
            (None, false) => " → outcome not recorded".to_string(),
        };
        line.push_str(&outcome);
        page.text(&line, 2);
    }

    page.heading("Weakness findings");
    if record.findings.is_empty() {
        page.text("none recorded", 2);
    }
    for f in &record.findings {
        let note = f
            .note
            .as_deref()
            .map_or(String::new(), |n| format!(": {n}"));
        page.text(&format!("{}{note}", f.code.label()), 2);
    }
}

/// Notes (hidden behind the privacy screen) and, once read, the record's history.
fn notes_and_history(page: &mut Page, app: &App, record: &Record) {
    let d = &record.detainee;
    page.heading("Notes");
    let notes = match (&d.notes, app.private) {
        (None, _) => "none",
        (Some(_), true) => PRIVATE,
        (Some(notes), false) => notes.as_str(),
    };
    page.text(notes, 2);

    if let Some(history) = app.history_of(d.id) {
        page.heading("History");
        if history.is_empty() {
            page.text("no changes recorded", 2);
        }
        for entry in history.iter().rev() {
            page.text(&entry.line(), 2);
        }
    }
}

/// The score breakdown: every reason with its points and legal basis, the total and band, and
/// the statutory-bail date. It is why the page exists, so it comes first.
fn why_this_rank(
    page: &mut Page,
    app: &App,
    record: &Record,
    urgency: &triage::Urgency,
    today: NaiveDate,
) {
    let width = page.width;
    page.heading("Why this rank");
    for reason in &urgency.reasons {
        let points = format!("{:+}", reason.points);
        let room = width.saturating_sub(2 + 2 + points.len());
        let shown = if app.private && text::HEALTH_SIGNALS.contains(&reason.signal) {
            "Health grounds (hidden: privacy screen)"
        } else {
            reason.text.as_str()
        };
        let mut wrapped = text::wrap(shown, room.max(1)).into_iter();
        let first = wrapped.next().unwrap_or_default();
        let pad = room.saturating_sub(text::width(&first));
        page.lines.push(Line::from(vec![
            Span::raw(text::clip(
                &format!("  {first}{}  ", " ".repeat(pad)),
                width,
            )),
            Span::styled(points, heading_style(&app.theme)),
        ]));
        for more in wrapped {
            page.lines.push(Line::from(format!("  {more}")));
        }
        page.text(&format!("basis: {}", reason.basis), 6);
    }
    page.lines.push(Line::from(vec![
        Span::styled(
            text::clip(&format!("  Total {} · ", urgency.total), width),
            heading_style(&app.theme),
        ),
        Span::styled(urgency.band.shout(), band_style(urgency.band, &app.theme)),
    ]));
    page.text(&statutory_bail_line(record, app, today), 2);
    // The version of the law and what the lawyer must read about how it applies (sanitised by
    // `text`, like every line of the page).
    page.text(&format!("Law: {}", urgency.law), 2);
    for notice in &urgency.notices {
        page.text(&format!("! {}", notice.text), 2);
    }
}

fn statutory_bail_line(record: &Record, app: &App, today: NaiveDate) -> String {
    match triage::statutory_bail(record, app.weights()) {
        None => "Statutory bail (s.497 third proviso): not applicable, trial concluded".to_string(),
        Some(sb) => {
            let days = (sb.due - today).num_days();
            let when = match days {
                d if d < 0 => format!("due since {} ({} days ago)", sb.due, -d),
                0 => format!("due today ({})", sb.due),
                d => format!("due on {} (in {d} days)", sb.due),
            };
            match sb.blocked_by {
                Some(why) => {
                    format!("Statutory bail (s.497 third proviso): {when}, blocked: {why}")
                }
                None => format!("Statutory bail (s.497 third proviso): {when}"),
            }
        }
    }
}

fn yes_no(value: Option<bool>) -> Option<String> {
    value.map(|v| if v { "yes" } else { "no" }.to_string())
}

/// A page being built: lines wrapped to a width.
struct Page {
    lines: Vec<Line<'static>>,
    width: usize,
    heading: Style,
}

impl Page {
    fn heading(&mut self, title: &str) {
        self.lines.push(Line::default());
        self.lines
            .push(Line::styled(text::clip(title, self.width), self.heading));
    }

    /// `label  value`, the value wrapped under itself; "not recorded" when unknown.
    fn field(&mut self, label: &str, value: Option<String>) {
        let value = value
            .filter(|v| !v.trim().is_empty())
            .unwrap_or_else(|| "not recorded".to_string());
        let label_width = LABEL.min(self.width / 3);
        let room = self.width.saturating_sub(label_width + 3).max(1);
        for (i, part) in text::wrap(&value, room).into_iter().enumerate() {
            let left = if i == 0 { label } else { "" };
            let line = format!("  {} {part}", text::cell(left, label_width));
            self.lines.push(Line::from(text::clip(&line, self.width)));
        }
    }

    /// Free text, wrapped and indented.
    fn text(&mut self, value: &str, indent: usize) {
        let room = self.width.saturating_sub(indent).max(1);
        for part in text::wrap(value, room) {
            let line = format!("{}{part}", " ".repeat(indent));
            self.lines.push(Line::from(text::clip(&line, self.width)));
        }
    }
}
