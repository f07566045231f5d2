//! Plain text that fits 80 columns and reads well pasted into a messaging app.

use super::{cover_rows, hearing_line, item_sections};
use crate::domain::checklist::Checklist;
use crate::domain::daysheet::Export;
use crate::domain::text::sanitize;
use std::fmt::Write;
use textwrap::Options;

const WIDTH: usize = 80;

fn wrap(out: &mut String, text: &str, first: &str, rest: &str) {
    let options = Options::new(WIDTH)
        .initial_indent(first)
        .subsequent_indent(rest);
    for line in textwrap::wrap(&sanitize(text), options) {
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

fn heading(out: &mut String, title: &str) {
    let _ = writeln!(
        out,
        "\n{}\n{}",
        title.to_uppercase(),
        "-".repeat(title.chars().count())
    );
}

/// Renders an export as plain text, every line at most 80 columns wide.
pub fn plain(export: &Export) -> String {
    let mut out = String::new();
    wrap(&mut out, &export.title.to_uppercase(), "", "");
    wrap(&mut out, &export.generated, "", "");
    if export.cover {
        cover(&mut out, export);
    }
    for c in &export.checklists {
        checklist(&mut out, c);
    }
    out
}

/// The day sheet's cover: one entry per person, why now and what to argue.
fn cover(out: &mut String, export: &Export) {
    out.push('\n');
    for (i, row) in cover_rows(export).iter().enumerate() {
        let first = format!("{:>3}. ", i + 1);
        wrap(
            out,
            &format!("{} [{}] {}", row.name, row.band, row.court),
            &first,
            "     ",
        );
        wrap(out, &format!("Why now: {}", row.reason), "     ", "       ");
        wrap(out, &format!("Argue: {}", row.argument), "     ", "       ");
    }
    if export.checklists.is_empty() {
        out.push_str("No hearings on this day.\n");
    }
}

/// One person's checklist: who, the case, why now, the items to take, the outcome to fill in.
fn checklist(out: &mut String, c: &Checklist) {
    let _ = writeln!(out, "\n{}", "=".repeat(WIDTH));
    wrap(
        out,
        &format!(
            "{} (#{}): {}, {} points",
            c.name,
            c.id,
            c.band.shout(),
            c.total
        ),
        "",
        "  ",
    );
    wrap(out, &format!("Hearing: {}", hearing_line(c)), "", "  ");
    for (title, entries) in [("Who", &c.who), ("Case", &c.case)] {
        heading(out, title);
        for e in entries {
            wrap(out, &format!("{}: {}", e.label, e.value), "  ", "    ");
        }
    }
    heading(out, "Why now");
    for w in &c.why_now {
        wrap(out, &w.text, &format!("  {:>+4}  ", w.points), "        ");
    }
    let _ = writeln!(out, "  {:>4}  total ({})", c.total, c.band.shout());
    for (kind, title) in item_sections(c) {
        heading(out, title);
        let mut any = false;
        for item in c.items_of(kind) {
            any = true;
            wrap(out, &item.text, "  [ ] ", "      ");
            wrap(out, &format!("Basis: {}", item.basis), "      ", "      ");
        }
        if !any {
            out.push_str("  none\n");
        }
    }
    heading(out, "Outcome");
    out.push_str("  Outcome: ____________________________________________\n");
    out.push_str("  Next date: ______________\n");
}
