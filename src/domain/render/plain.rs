//! Plain text that fits 80 columns and reads well pasted into a messaging app.

use super::{cover_rows, hearing_line, item_sections};
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
        out.push('\n');
        for (i, row) in cover_rows(export).iter().enumerate() {
            let first = format!("{:>3}. ", i + 1);
            wrap(
                &mut out,
                &format!("{} [{}] {}", row.name, row.band, row.court),
                &first,
                "     ",
            );
            wrap(
                &mut out,
                &format!("Why now: {}", row.reason),
                "     ",
                "       ",
            );
            wrap(
                &mut out,
                &format!("Argue: {}", row.argument),
                "     ",
                "       ",
            );
        }
        if export.checklists.is_empty() {
            out.push_str("No hearings on this day.\n");
        }
    }
    for c in &export.checklists {
        let _ = writeln!(out, "\n{}", "=".repeat(WIDTH));
        wrap(
            &mut out,
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
        wrap(&mut out, &format!("Hearing: {}", hearing_line(c)), "", "  ");
        for (title, entries) in [("Who", &c.who), ("Case", &c.case)] {
            heading(&mut out, title);
            for e in entries {
                wrap(&mut out, &format!("{}: {}", e.label, e.value), "  ", "    ");
            }
        }
        heading(&mut out, "Why now");
        for w in &c.why_now {
            wrap(
                &mut out,
                &w.text,
                &format!("  {:>+4}  ", w.points),
                "        ",
            );
        }
        let _ = writeln!(out, "  {:>4}  total ({})", c.total, c.band.shout());
        for (kind, title) in item_sections(c) {
            heading(&mut out, title);
            let mut any = false;
            for item in c.items_of(kind) {
                any = true;
                wrap(&mut out, &item.text, "  [ ] ", "      ");
                wrap(
                    &mut out,
                    &format!("Basis: {}", item.basis),
                    "      ",
                    "      ",
                );
            }
            if !any {
                out.push_str("  none\n");
            }
        }
        heading(&mut out, "Outcome");
        out.push_str("  Outcome: ____________________________________________\n");
        out.push_str("  Next date: ______________\n");
    }
    out
}
