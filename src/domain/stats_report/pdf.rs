//! The report as an A4 PDF through krilla (as the checklists): proportional DejaVu Sans,
//! embedded and subset, Urdu shaped right to left; charts as vector rectangles and rules, black
//! and grey, every bar's number printed beside it. Laid out first as plain drawing operations
//! per page (`render/page.rs`, so the layout is testable without a PDF reader), then drawn.

use super::{Block, Chart, Shown, StatsReport, TrendPart};
use crate::domain::render::PdfError;
pub(super) use crate::domain::render::page::Op;
use crate::domain::render::page::{BODY, Layout, MARGIN, PAGE_W, clip, draw};

/// Renders the report as PDF bytes.
pub fn pdf(report: &StatsReport) -> Result<Vec<u8>, PdfError> {
    draw(&layout(report))
}

/// The report laid out as pages of drawing operations.
pub(super) fn layout(report: &StatsReport) -> Vec<Vec<Op>> {
    let mut l = Layout::new(format!("{} · {}", report.title, report.as_of));
    l.y += 12.0;
    l.text(MARGIN, 20.0, &report.title);
    l.y += 20.0;
    let mut meta = format!("As of {}", report.as_of);
    if let Some(scope) = &report.scope {
        meta.push_str(&format!(" · people chosen by the filter {scope}"));
    }
    l.paragraph(BODY, &meta);
    l.y += 4.0;
    l.paragraph(BODY, &report.notice);
    l.heading("Headline");
    for (label, value) in &report.headline {
        l.need(14.0);
        l.text(MARGIN, BODY, label);
        l.right(MARGIN + 260.0, BODY, &value.text());
        l.y += 13.0;
    }
    l.heading(&report.custody_bands.title);
    bars(&mut l, &report.custody_bands);
    for block in &report.tables {
        table(&mut l, block);
    }
    trend(&mut l, &report.trend);
    l.pages
}

fn bars(l: &mut Layout, chart: &Chart) {
    let max = chart.longest();
    let (left, span) = (MARGIN + 70.0, 330.0);
    for (label, value) in &chart.bars {
        l.need(18.0);
        l.text(MARGIN, BODY, label);
        let w = span * value.count() as f32 / max as f32;
        let (w, hidden) = match value {
            Shown::Count(_) => (w, false),
            Shown::Hidden(_) => (10.0, true),
        };
        l.push(Op::Rect {
            x: left,
            y: l.y - 9.0,
            w: w.max(0.5),
            h: 11.0,
            grey: 40,
            outline: hidden,
            dashed: hidden,
        });
        l.text(left + w + 5.0, BODY, &value.text());
        l.y += 16.0;
    }
}

fn table(l: &mut Layout, block: &Block) {
    l.heading(&block.title);
    if let Some(note) = &block.note {
        l.paragraph(8.5, note);
    }
    let columns = block.header.len().max(1);
    let label_w = if columns > 2 { 150.0 } else { 300.0 };
    let number_w = (PAGE_W - 2.0 * MARGIN - label_w) / (columns - 1).max(1) as f32;
    let size = 8.5;
    let row = |l: &mut Layout, cells: &[String], rule: f32| {
        l.need(14.0);
        for (c, text) in cells.iter().enumerate() {
            if c == 0 {
                let clipped = clip(text, size, label_w - 6.0);
                l.text(MARGIN, size, &clipped);
            } else {
                let edge = MARGIN + label_w + number_w * c as f32;
                let clipped = clip(text, size, number_w - 4.0);
                l.right(edge, size, &clipped);
            }
        }
        l.y += 4.0;
        l.push(Op::Rule {
            x1: MARGIN,
            x2: PAGE_W - MARGIN,
            y: l.y,
            width: rule,
        });
        l.y += 10.0;
    };
    row(&mut *l, &block.header, 1.0);
    for cells in &block.rows {
        row(&mut *l, cells, 0.3);
    }
}

fn trend(l: &mut Layout, t: &TrendPart) {
    // The heading stays on the page of its chart.
    l.need(220.0);
    l.heading("Trend, last 12 months");
    match &t.too_short {
        Some(why) => l.paragraph(BODY, why),
        None => trend_chart(l, t),
    }
    l.y += 6.0;
    let mut header = vec!["month".to_string()];
    header.extend(t.series.iter().map(|(n, _)| n.clone()));
    let rows = t
        .months
        .iter()
        .enumerate()
        .map(|(m, month)| {
            let mut row = vec![month.clone()];
            row.extend(
                t.series
                    .iter()
                    .map(|(_, v)| v.get(m).map_or_else(String::new, Shown::text)),
            );
            row
        })
        .collect();
    table(
        l,
        &Block {
            title: "Trend in numbers".into(),
            header,
            rows,
            note: None,
        },
    );
}

/// Paired columns per month: black for the first measure, white with an outline for the second.
fn trend_chart(l: &mut Layout, t: &TrendPart) {
    let height = 110.0;
    l.need(height + 40.0);
    let max = t.longest();
    for (s, (name, _)) in t.series.iter().take(2).enumerate() {
        let x = MARGIN + 160.0 * s as f32;
        l.push(Op::Rect {
            x,
            y: l.y - 8.0,
            w: 8.0,
            h: 8.0,
            grey: 40,
            outline: s == 1,
            dashed: false,
        });
        l.text(x + 12.0, BODY, name);
    }
    l.y += 8.0;
    let base = l.y + height;
    let step = (PAGE_W - 2.0 * MARGIN) / t.months.len().max(1) as f32;
    for (m, month) in t.months.iter().enumerate() {
        let x = MARGIN + step * m as f32;
        for (s, (_, values)) in t.series.iter().take(2).enumerate() {
            let h = (height - 10.0) * values.get(m).map_or(0, Shown::count) as f32 / max as f32;
            l.push(Op::Rect {
                x: x + 3.0 + s as f32 * step * 0.4,
                y: base - h,
                w: step * 0.38,
                h: h.max(0.3),
                grey: 40,
                outline: s == 1,
                dashed: false,
            });
        }
        let saved = l.y;
        l.y = base + 11.0;
        l.text(x + 2.0, 7.0, month.get(2..).unwrap_or(month));
        l.y = saved;
    }
    l.push(Op::Rule {
        x1: MARGIN,
        x2: PAGE_W - MARGIN,
        y: base,
        width: 0.8,
    });
    l.y = base + 22.0;
}
