//! The report as one self-contained HTML page: charts as inline SVG (bars, not text art), the
//! DejaVu Sans font embedded (so it prints the same anywhere and shapes Urdu names), black and
//! grey only with every bar's number printed beside it, and nothing loaded from the network.

use super::{Block, Chart, Shown, StatsReport, TrendPart};
use crate::domain::render::esc;
use base64::Engine;
use std::fmt::Write;

const SANS: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");

const STYLE: &str = "
body { font-family: 'Report Sans', 'DejaVu Sans', sans-serif; margin: 2em auto; max-width: 52em; color: #000; line-height: 1.4; }
h1 { font-size: 1.6em; margin-bottom: 0.1em; }
h2 { font-size: 1.2em; border-bottom: 2px solid #000; padding-bottom: 0.15em; margin-top: 1.6em; }
.notice { border: 1px solid #000; padding: 0.4em 0.7em; font-size: 0.9em; }
.meta { color: #333; font-size: 0.9em; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { padding: 0.2em 0.5em; border-bottom: 1px solid #999; text-align: right; }
th:first-child, td:first-child { text-align: left; }
th { border-bottom: 2px solid #000; }
dl.headline { display: grid; grid-template-columns: max-content max-content; gap: 0.1em 1.5em; }
dl.headline dd { margin: 0; text-align: right; font-variant-numeric: tabular-nums; }
svg text { font-family: 'Report Sans', 'DejaVu Sans', sans-serif; font-size: 12px; }
@page { size: A4; margin: 15mm; }
@media print { body { margin: 0; max-width: none; } section { break-inside: avoid; } }
";

/// Renders the report as one HTML page.
pub fn html(report: &StatsReport) -> String {
    let font = base64::engine::general_purpose::STANDARD.encode(SANS);
    let mut out = String::with_capacity(font.len() + 64 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; font-src data:; img-src data:\">\n\
         <title>{title}</title>\n<style>@font-face {{ font-family: 'Report Sans'; \
         src: url(data:font/ttf;base64,{font}) format('truetype'); }}{STYLE}</style>\n\
         </head>\n<body>\n<h1>{title}</h1>\n<p class=\"meta\">As of {as_of}",
        title = esc(&report.title),
        as_of = esc(&report.as_of),
    );
    if let Some(scope) = &report.scope {
        let _ = write!(
            out,
            " · people chosen by the filter <code>{}</code>",
            esc(scope)
        );
    }
    let _ = writeln!(out, "</p>\n<p class=\"notice\">{}</p>", esc(&report.notice));
    headline(&mut out, &report.headline);
    let _ = writeln!(
        out,
        "<section>\n<h2>{}</h2>",
        esc(&report.custody_bands.title)
    );
    bar_chart(&mut out, &report.custody_bands);
    out.push_str("</section>\n");
    for block in &report.tables {
        table(&mut out, block);
    }
    trend(&mut out, &report.trend);
    out.push_str("</body>\n</html>\n");
    out
}

fn headline(out: &mut String, items: &[(String, Shown)]) {
    out.push_str("<section>\n<h2>Headline</h2>\n<dl class=\"headline\">\n");
    for (label, value) in items {
        let _ = writeln!(
            out,
            "<dt>{}</dt><dd>{}</dd>",
            esc(label),
            esc(&value.text())
        );
    }
    out.push_str("</dl>\n</section>\n");
}

const LABEL_W: f64 = 90.0;
const BAR_W: f64 = 440.0;
const ROW_H: f64 = 24.0;

/// Horizontal bars, black, the number printed at the end of each; a hidden count is a dashed
/// empty box with its `<N`.
fn bar_chart(out: &mut String, chart: &Chart) {
    let max = chart.longest();
    let height = ROW_H * chart.bars.len() as f64 + 8.0;
    let _ = writeln!(
        out,
        "<svg role=\"img\" aria-label=\"{}\" width=\"640\" height=\"{height}\" \
         viewBox=\"0 0 640 {height}\" xmlns=\"http://www.w3.org/2000/svg\">",
        esc(&chart.title)
    );
    for (i, (label, value)) in chart.bars.iter().enumerate() {
        let y = 4.0 + ROW_H * i as f64;
        let w = BAR_W * value.count() as f64 / max as f64;
        let _ = writeln!(
            out,
            "<text x=\"0\" y=\"{}\">{}</text>",
            y + 16.0,
            esc(label)
        );
        match value {
            Shown::Count(_) => {
                let _ = writeln!(
                    out,
                    "<rect class=\"bar\" x=\"{LABEL_W}\" y=\"{y}\" width=\"{w:.1}\" height=\"18\" \
                     fill=\"#222\"/>"
                );
            }
            Shown::Hidden(_) => {
                let _ = writeln!(
                    out,
                    "<rect class=\"hidden\" x=\"{LABEL_W}\" y=\"{y}\" width=\"18\" height=\"18\" \
                     fill=\"none\" stroke=\"#000\" stroke-dasharray=\"3 2\"/>"
                );
            }
        }
        let at = LABEL_W + w.max(18.0) + 6.0;
        let _ = writeln!(
            out,
            "<text class=\"value\" x=\"{at:.1}\" y=\"{}\">{}</text>",
            y + 16.0,
            esc(&value.text())
        );
    }
    out.push_str("</svg>\n");
}

fn table(out: &mut String, block: &Block) {
    let _ = writeln!(out, "<section>\n<h2>{}</h2>", esc(&block.title));
    if let Some(note) = &block.note {
        let _ = writeln!(out, "<p class=\"meta\">{}</p>", esc(note));
    }
    out.push_str("<table>\n<thead><tr>");
    for h in &block.header {
        let _ = write!(out, "<th>{}</th>", esc(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &block.rows {
        out.push_str("<tr>");
        for c in row {
            let _ = write!(out, "<td>{}</td>", esc(c));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// Months across: the first two measures as paired columns (black: added; white with a black
/// outline: released), then every measure in a table.
fn trend(out: &mut String, t: &TrendPart) {
    out.push_str("<section>\n<h2>Trend, last 12 months</h2>\n");
    if let Some(why) = &t.too_short {
        let _ = writeln!(out, "<p class=\"notice\">{}</p>", esc(why));
    } else {
        trend_chart(out, t);
    }
    out.push_str("<table>\n<thead><tr><th>month</th>");
    for (name, _) in &t.series {
        let _ = write!(out, "<th>{}</th>", esc(name));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (m, month) in t.months.iter().enumerate() {
        let _ = write!(out, "<tr><td>{}</td>", esc(month));
        for (_, values) in &t.series {
            let v = values.get(m).map_or_else(String::new, Shown::text);
            let _ = write!(out, "<td>{}</td>", esc(&v));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn trend_chart(out: &mut String, t: &TrendPart) {
    let (width, height, base) = (640.0, 200.0, 170.0);
    let max = t.longest();
    let step = (width - 20.0) / t.months.len().max(1) as f64;
    let _ = writeln!(
        out,
        "<svg role=\"img\" aria-label=\"people added and released per month\" width=\"{width}\" \
         height=\"{height}\" viewBox=\"0 0 {width} {height}\" xmlns=\"http://www.w3.org/2000/svg\">\n\
         <line x1=\"10\" y1=\"{base}\" x2=\"{}\" y2=\"{base}\" stroke=\"#000\"/>",
        width - 10.0
    );
    for (m, month) in t.months.iter().enumerate() {
        let x = 10.0 + step * m as f64;
        for (s, (_, values)) in t.series.iter().take(2).enumerate() {
            let v = values.get(m).map_or(0, Shown::count);
            let h = 140.0 * v as f64 / max as f64;
            let fill = if s == 0 { "#222" } else { "#fff" };
            let _ = writeln!(
                out,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{h:.1}\" fill=\"{fill}\" \
                 stroke=\"#000\"/>",
                x + 4.0 + s as f64 * step * 0.4,
                base - h,
                step * 0.38
            );
        }
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{}\" font-size=\"10\">{}</text>",
            x + 2.0,
            base + 14.0,
            esc(month.get(2..).unwrap_or(month))
        );
    }
    let legend = |i: usize| t.series.get(i).map_or("", |(n, _)| n.as_str());
    let _ = writeln!(
        out,
        "<rect x=\"10\" y=\"4\" width=\"10\" height=\"10\" fill=\"#222\" stroke=\"#000\"/>\
         <text x=\"24\" y=\"13\">{}</text>\
         <rect x=\"180\" y=\"4\" width=\"10\" height=\"10\" fill=\"#fff\" stroke=\"#000\"/>\
         <text x=\"194\" y=\"13\">{}</text>\n</svg>",
        esc(legend(0)),
        esc(legend(1))
    );
}
