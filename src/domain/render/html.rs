//! Self-contained HTML with print CSS: no network resources, one person per printed page.

use super::{cover_rows, hearing_line, item_sections};
use crate::domain::checklist::Checklist;
use crate::domain::daysheet::Export;
use crate::domain::text::sanitize;
use std::fmt::Write;

const STYLE: &str = "
body { font-family: system-ui, 'Noto Sans', 'DejaVu Sans', sans-serif; margin: 2em; color: #111; line-height: 1.4; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; }
h2 { font-size: 1.25em; border-bottom: 2px solid #333; padding-bottom: 0.2em; }
h3 { font-size: 1em; text-transform: uppercase; letter-spacing: 0.05em; margin: 1.2em 0 0.4em; }
.generated { color: #555; font-size: 0.85em; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 0.25em 0.5em; border-bottom: 1px solid #ccc; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.1em 1em; margin: 0; }
dt { font-weight: 600; }
dd { margin: 0; }
ul.check { list-style: none; padding-left: 0; }
ul.check li::before { content: '\\2610  '; }
.basis { color: #444; font-size: 0.85em; font-style: italic; display: block; margin-left: 1.6em; }
.band { font-weight: 700; padding: 0 0.3em; border: 1px solid; }
.band.CRITICAL { color: #a00; } .band.HIGH { color: #a50; } .band.MEDIUM { color: #06a; }
.why td.points { text-align: right; width: 3em; }
.outcome p { border-bottom: 1px solid #333; height: 2em; margin: 0.5em 0; }
@page { margin: 15mm; }
@media print {
  body { margin: 0; }
  section.person { break-before: page; }
  section.person:first-of-type { break-before: auto; }
  .cover + section.person { break-before: page; }
}
";

/// Escapes text for HTML element content and attribute values.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in sanitize(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Renders an export as one self-contained HTML page.
pub fn html(export: &Export) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        esc(&export.title)
    );
    let _ = writeln!(
        out,
        "<header><h1>{}</h1><p class=\"generated\">{}</p></header>",
        esc(&export.title),
        esc(&export.generated)
    );
    if export.cover {
        cover(&mut out, export);
    }
    for c in &export.checklists {
        person(&mut out, c);
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn cover(out: &mut String, export: &Export) {
    out.push_str("<section class=\"cover\">\n<table>\n<thead><tr><th>#</th><th>Court</th><th>Name</th><th>Band</th><th>Why now</th><th>Main argument</th></tr></thead>\n<tbody>\n");
    for (i, row) in cover_rows(export).iter().enumerate() {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td><span class=\"band {}\">{}</span></td><td>{}</td><td>{}</td></tr>",
            i + 1,
            esc(&row.court),
            esc(&row.name),
            row.band,
            row.band,
            esc(&row.reason),
            esc(&row.argument)
        );
    }
    out.push_str("</tbody>\n</table>\n");
    if export.checklists.is_empty() {
        out.push_str("<p>No hearings on this day.</p>\n");
    }
    out.push_str("</section>\n");
}

fn person(out: &mut String, c: &Checklist) {
    let _ = writeln!(
        out,
        "<section class=\"person\">\n<h2>{} <small>#{}</small> <span class=\"band {}\">{} {}</span></h2>",
        esc(&c.name),
        c.id,
        c.band.shout(),
        c.band.shout(),
        c.total
    );
    let _ = writeln!(
        out,
        "<p><strong>Hearing:</strong> {}</p>",
        esc(&hearing_line(c))
    );
    for (title, entries) in [("Who", &c.who), ("Case", &c.case)] {
        let _ = writeln!(out, "<h3>{title}</h3>\n<dl>");
        for e in entries {
            let _ = writeln!(
                out,
                "<dt>{}</dt><dd dir=\"auto\">{}</dd>",
                e.label,
                esc(&e.value)
            );
        }
        out.push_str("</dl>\n");
    }
    out.push_str("<h3>Why now</h3>\n<table class=\"why\">\n");
    for w in &c.why_now {
        let _ = writeln!(
            out,
            "<tr><td class=\"points\">{:+}</td><td>{}</td></tr>",
            w.points,
            esc(&w.text)
        );
    }
    let _ = writeln!(
        out,
        "<tr><td class=\"points\"><strong>{}</strong></td><td><strong>total ({})</strong></td></tr>\n</table>",
        c.total,
        c.band.shout()
    );
    for (kind, title) in item_sections(c) {
        let _ = writeln!(out, "<h3>{title}</h3>\n<ul class=\"check\">");
        let mut any = false;
        for item in c.items_of(kind) {
            any = true;
            let _ = writeln!(
                out,
                "<li>{}<span class=\"basis\">Basis: {}</span></li>",
                esc(&item.text),
                esc(&item.basis)
            );
        }
        if !any {
            out.push_str("<li>none</li>\n");
        }
        out.push_str("</ul>\n");
    }
    out.push_str("<div class=\"outcome\"><h3>Outcome</h3><p>Outcome:</p><p>Next date:</p></div>\n</section>\n");
}
