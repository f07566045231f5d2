//! The report as an A4 PDF through krilla (as the checklists): proportional DejaVu Sans,
//! embedded and subset, Urdu shaped right to left; charts as vector rectangles and rules, black
//! and grey, every bar's number printed beside it. Laid out first as plain drawing operations
//! per page (so the layout is testable without a PDF reader), then drawn.

use super::{Block, Chart, Shown, StatsReport, TrendPart};
use crate::domain::render::{PdfError, is_arabic_script};
use crate::domain::text::sanitize;
use krilla::Document;
use krilla::color::luma;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke, StrokeDash};
use krilla::text::{Font, TextDirection};

const SANS: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 50.0;
const BODY: f32 = 9.5;

/// One thing drawn on a page; `y` is the text baseline or the top of a rectangle.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        text: String,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        grey: u8,
        outline: bool,
        dashed: bool,
    },
    Rule {
        x1: f32,
        x2: f32,
        y: f32,
        width: f32,
    },
}

/// A rough advance for placing numbers and clipping labels (DejaVu Sans: digits 0.636 em).
fn text_width(text: &str, size: f32) -> f32 {
    text.chars()
        .map(|c| match c {
            '0'..='9' => 0.636,
            ' ' => 0.3179, // 651 of 2048 units
            '<' | '%' => 0.84,
            'i' | 'l' | '.' | ',' | ':' | '(' | ')' | '-' => 0.35,
            'A'..='Z' | 'm' | 'w' => 0.75,
            _ => 0.6,
        })
        .sum::<f32>()
        * size
}

/// The text cut to fit `width`, with an ellipsis when cut.
fn clip(text: &str, size: f32, width: f32) -> String {
    let text = sanitize(text);
    if text_width(&text, size) <= width {
        return text;
    }
    let mut out = String::new();
    for c in text.chars() {
        if text_width(&out, size) + text_width("…", size) + text_width(&c.to_string(), size) > width
        {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// Pages of drawing operations, with a cursor that starts a new page when one is full.
struct Layout {
    pages: Vec<Vec<Op>>,
    y: f32,
    header: String,
}

impl Layout {
    fn new(header: String) -> Layout {
        let mut l = Layout {
            pages: Vec::new(),
            y: 0.0,
            header,
        };
        l.new_page();
        l
    }

    fn new_page(&mut self) {
        let mut ops = Vec::new();
        if !self.pages.is_empty() {
            ops.push(Op::Text {
                x: MARGIN,
                y: MARGIN - 18.0,
                size: 8.0,
                text: self.header.clone(),
            });
            ops.push(Op::Rule {
                x1: MARGIN,
                x2: PAGE_W - MARGIN,
                y: MARGIN - 13.0,
                width: 0.5,
            });
        }
        self.pages.push(ops);
        self.y = MARGIN;
    }

    /// Room for `h` points more, else a new page.
    fn need(&mut self, h: f32) {
        if self.y + h > PAGE_H - MARGIN {
            self.new_page();
        }
    }

    fn push(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    fn text(&mut self, x: f32, size: f32, text: &str) {
        self.push(Op::Text {
            x,
            y: self.y,
            size,
            text: sanitize(text),
        });
    }

    fn right(&mut self, right_edge: f32, size: f32, text: &str) {
        let x = right_edge - text_width(text, size);
        self.text(x, size, text);
    }

    fn heading(&mut self, text: &str) {
        self.need(60.0);
        self.y += 22.0;
        self.text(MARGIN, 13.0, text);
        self.y += 5.0;
        self.push(Op::Rule {
            x1: MARGIN,
            x2: PAGE_W - MARGIN,
            y: self.y,
            width: 1.2,
        });
        self.y += 14.0;
    }

    /// Wrapped lines of a paragraph at `size`.
    fn paragraph(&mut self, size: f32, text: &str) {
        let per_line = ((PAGE_W - 2.0 * MARGIN) / (0.55 * size)) as usize;
        for line in textwrap::wrap(&sanitize(text), per_line.max(20)) {
            self.need(size * 1.4);
            self.text(MARGIN, size, &line);
            self.y += size * 1.4;
        }
    }
}

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

/// Draws the pages, with "page N of M" at the foot of each.
fn draw(pages: &[Vec<Op>]) -> Result<Vec<u8>, PdfError> {
    let font = Font::new(SANS.into(), 0).ok_or_else(|| PdfError::new("bad font"))?;
    let settings =
        PageSettings::from_wh(PAGE_W, PAGE_H).ok_or_else(|| PdfError::new("bad page size"))?;
    let mut document = Document::new();
    for (n, ops) in pages.iter().enumerate() {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        let footer = format!("page {} of {}", n + 1, pages.len());
        let foot = Op::Text {
            x: PAGE_W - MARGIN - text_width(&footer, 8.0),
            y: PAGE_H - MARGIN / 2.0,
            size: 8.0,
            text: footer,
        };
        for op in ops.iter().chain([&foot]) {
            draw_op(&mut surface, op, &font);
        }
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|e| PdfError::new(&format!("{e:?}")))
}

fn black() -> krilla::paint::Paint {
    luma::Color::black().into()
}

fn draw_op(surface: &mut krilla::surface::Surface, op: &Op, font: &Font) {
    match op {
        Op::Text { x, y, size, text } => {
            let direction = if text.chars().any(is_arabic_script) {
                TextDirection::RightToLeft
            } else {
                TextDirection::LeftToRight
            };
            surface.set_fill(Some(Fill::default()));
            surface.set_stroke(None);
            let at = Point::from_xy(*x, *y);
            surface.draw_text(at, font.clone(), *size, text, false, direction);
        }
        Op::Rect {
            x,
            y,
            w,
            h,
            grey,
            outline,
            dashed,
        } => {
            let mut path = PathBuilder::new();
            let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) else {
                return;
            };
            path.push_rect(rect);
            let Some(path) = path.finish() else {
                return;
            };
            let fill = Fill {
                paint: if *outline {
                    luma::Color::white()
                } else {
                    luma::Color::new(*grey)
                }
                .into(),
                ..Fill::default()
            };
            surface.set_fill(Some(fill));
            surface.set_stroke(Some(Stroke {
                paint: black(),
                width: 0.6,
                dash: dashed.then(|| StrokeDash {
                    array: vec![2.0, 1.5],
                    offset: 0.0,
                }),
                ..Stroke::default()
            }));
            surface.draw_path(&path);
        }
        Op::Rule { x1, x2, y, width } => {
            let mut path = PathBuilder::new();
            path.move_to(*x1, *y);
            path.line_to(*x2, *y);
            let Some(path) = path.finish() else {
                return;
            };
            surface.set_fill(None);
            surface.set_stroke(Some(Stroke {
                paint: black(),
                width: *width,
                ..Stroke::default()
            }));
            surface.draw_path(&path);
        }
    }
}
