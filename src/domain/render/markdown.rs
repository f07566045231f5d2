//! Markdown: for review, version control and pasting into documents.

use super::{cover_rows, hearing_line, item_sections};
use crate::domain::daysheet::Export;
use crate::domain::text::sanitize;
use std::fmt::Write;

/// Escapes text so names and notes cannot become Markdown markup or break a table.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in sanitize(text).chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '|' | '<' | '>' | '[' | ']' | '#'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Renders an export as Markdown.
pub fn markdown(export: &Export) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {}\n\n_{}_\n",
        md(&export.title),
        md(&export.generated)
    );
    if export.cover {
        let _ = writeln!(
            out,
            "| # | Court | Name | Band | Why now | Main argument |\n|---|---|---|---|---|---|"
        );
        for (i, row) in cover_rows(export).iter().enumerate() {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                i + 1,
                md(&row.court),
                md(&row.name),
                row.band,
                md(&row.reason),
                md(&row.argument)
            );
        }
        if export.checklists.is_empty() {
            let _ = writeln!(out, "\nNo hearings on this day.");
        }
        out.push('\n');
    }
    for c in &export.checklists {
        let _ = writeln!(
            out,
            "## {} (#{}): {} {}\n",
            md(&c.name),
            c.id,
            c.band.shout(),
            c.total
        );
        let _ = writeln!(out, "**Hearing:** {}\n", md(&hearing_line(c)));
        for (title, entries) in [("Who", &c.who), ("Case", &c.case)] {
            let _ = writeln!(out, "### {title}\n");
            for e in entries {
                let _ = writeln!(out, "- **{}:** {}", e.label, md(&e.value));
            }
            out.push('\n');
        }
        let _ = writeln!(out, "### Why now\n");
        for w in &c.why_now {
            let _ = writeln!(out, "- {:+} {}", w.points, md(&w.text));
        }
        let _ = writeln!(out, "- **Total: {} ({})**\n", c.total, c.band.shout());
        for (kind, title) in item_sections(c) {
            let _ = writeln!(out, "### {title}\n");
            let mut any = false;
            for item in c.items_of(kind) {
                any = true;
                let _ = writeln!(
                    out,
                    "- [ ] {}  \n  _Basis: {}_",
                    md(&item.text),
                    md(&item.basis)
                );
            }
            if !any {
                let _ = writeln!(out, "- none");
            }
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "### Outcome\n\nOutcome: ______________________________\n\nNext date: ______________\n"
        );
    }
    out
}
