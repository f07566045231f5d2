//! A4 pages as plain drawing operations (text, rectangles, rules), laid out with a cursor that
//! turns the page when it is full, then drawn with krilla in DejaVu Sans (embedded, subset;
//! Arabic-script text shaped right to left), with "page N of M" at the foot of each page. The
//! statistics report and the hearing checklists share it, so both are laid out and tested the
//! same way (the operations can be checked without a PDF reader).

use super::{PdfError, is_arabic_script};
use crate::domain::text::sanitize;
use krilla::Document;
use krilla::color::luma;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke, StrokeDash};
use krilla::text::{Font, TextDirection};

const SANS: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
pub(crate) const PAGE_W: f32 = 595.0;
pub(crate) const PAGE_H: f32 = 842.0;
pub(crate) const MARGIN: f32 = 50.0;
pub(crate) const BODY: f32 = 9.5;

/// One thing drawn on a page; `y` is the text baseline or the top of a rectangle.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Op {
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
pub(crate) fn text_width(text: &str, size: f32) -> f32 {
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
pub(crate) fn clip(text: &str, size: f32, width: f32) -> String {
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

/// `text` broken at spaces into lines no wider than `width` (measured as [`text_width`]); a word
/// wider than a line is cut with an ellipsis. Always at least one line.
pub(crate) fn wrap(text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in sanitize(text).split_whitespace() {
        let longer = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && text_width(&longer, size) > width {
            lines.push(clip(&line, size, width));
            line = word.to_string();
        } else {
            line = longer;
        }
    }
    lines.push(clip(&line, size, width));
    lines
}

/// The operations that set `text` at (`x`, `y`): see [`Layout::text`].
fn text_ops(x: f32, y: f32, size: f32, text: &str) -> Vec<Op> {
    let text = sanitize(text);
    let (latin, rest) = text.split_at(text.find(is_arabic_script).unwrap_or(text.len()));
    let mut ops = Vec::new();
    if !latin.trim().is_empty() {
        ops.push(Op::Text {
            x,
            y,
            size,
            text: latin.to_string(),
        });
    }
    if !rest.is_empty() {
        let after = if latin.is_empty() {
            0.0
        } else {
            text_width(latin, size) + 2.0
        };
        ops.push(Op::Text {
            x: x + after,
            y,
            size,
            text: rest.to_string(),
        });
    }
    ops
}

/// Pages of drawing operations, with a cursor that starts a new page when one is full.
pub(crate) struct Layout {
    pub(crate) pages: Vec<Vec<Op>>,
    pub(crate) y: f32,
    /// The running header of the pages after the first (it may change from page to page).
    pub(crate) header: String,
}

impl Layout {
    pub(crate) fn new(header: String) -> Layout {
        let mut l = Layout {
            pages: Vec::new(),
            y: 0.0,
            header,
        };
        l.new_page();
        l
    }

    pub(crate) fn new_page(&mut self) {
        let mut ops = Vec::new();
        if !self.pages.is_empty() {
            ops = text_ops(MARGIN, MARGIN - 18.0, 8.0, &self.header);
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
    pub(crate) fn need(&mut self, h: f32) {
        if self.y + h > PAGE_H - MARGIN {
            self.new_page();
        }
    }

    pub(crate) fn push(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    /// Text at `x` on the current line. Latin text before an Urdu (Arabic-script) part is set
    /// left to right and the rest right to left after it, so "Name: محمد اسلم" reads right in
    /// both scripts.
    pub(crate) fn text(&mut self, x: f32, size: f32, text: &str) {
        for op in text_ops(x, self.y, size, text) {
            self.push(op);
        }
    }

    /// `text` wrapped to `width` at `x`, turning the page when one is full.
    pub(crate) fn lines(&mut self, x: f32, width: f32, size: f32, text: &str) {
        for line in wrap(text, size, width) {
            self.need(size * 1.4);
            self.text(x, size, &line);
            self.y += size * 1.35;
        }
    }

    pub(crate) fn right(&mut self, right_edge: f32, size: f32, text: &str) {
        let x = right_edge - text_width(text, size);
        self.text(x, size, text);
    }

    pub(crate) fn heading(&mut self, text: &str) {
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
    pub(crate) fn paragraph(&mut self, size: f32, text: &str) {
        let per_line = ((PAGE_W - 2.0 * MARGIN) / (0.55 * size)) as usize;
        for line in textwrap::wrap(&sanitize(text), per_line.max(20)) {
            self.need(size * 1.4);
            self.text(MARGIN, size, &line);
            self.y += size * 1.4;
        }
    }
}

/// Draws the pages, with "page N of M" at the foot of each.
pub(crate) fn draw(pages: &[Vec<Op>]) -> Result<Vec<u8>, PdfError> {
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
