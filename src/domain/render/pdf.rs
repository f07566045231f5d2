//! Checklists and day sheets as A4 PDF documents through krilla (a maintained PDF library with
//! font subsetting and text shaping), laid out as the statistics report is (`page.rs`):
//! proportional DejaVu Sans, embedded; the title and each section as a real heading over a
//! rule; the day sheet's cover as a ruled table; a box to tick before every item; a running
//! header with the hearing's date and court on each person's pages; "page N of M" at the foot.
//! Urdu and other Arabic-script text is shaped right to left.

use super::page::{BODY, Layout, MARGIN, Op, PAGE_W, draw, wrap};
use super::{cover_rows, hearing_line, item_sections};
use crate::domain::checklist::{Checklist, Entry};
use crate::domain::daysheet::Export;

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
#[error("cannot make the PDF: {0}")]
pub struct PdfError(String);

impl PdfError {
    /// A PDF error with this reason (for the other documents drawn with krilla).
    pub fn new(reason: &str) -> PdfError {
        PdfError(reason.to_string())
    }
}

/// Whether `c` is Arabic script (Urdu): such text is set right to left.
pub(crate) fn is_arabic_script(c: char) -> bool {
    matches!(c as u32, 0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF)
}

/// The width of the text column.
const WIDTH: f32 = PAGE_W - 2.0 * MARGIN;
/// Where a label's value starts.
const VALUE_AT: f32 = 120.0;
/// The cover table's columns: title and width in points (they add up to [`WIDTH`]).
const COVER: [(&str, f32); 6] = [
    ("#", 18.0),
    ("Name", 100.0),
    ("Band", 52.0),
    ("Court", 95.0),
    ("Why now", 115.0),
    ("Argue", 115.0),
];
const SMALL: f32 = 8.0;

/// Renders an export as PDF bytes.
pub fn pdf(export: &Export) -> Result<Vec<u8>, PdfError> {
    draw(&layout(export))
}

/// The export laid out as pages of drawing operations.
pub(crate) fn layout(export: &Export) -> Vec<Vec<Op>> {
    let mut l = Layout::new(export.title.clone());
    l.y += 12.0;
    for line in wrap(&export.title, 18.0, WIDTH) {
        l.text(MARGIN, 18.0, &line);
        l.y += 22.0;
    }
    l.lines(MARGIN, WIDTH, SMALL, &export.generated);
    if export.cover {
        cover(&mut l, export);
    }
    for (i, c) in export.checklists.iter().enumerate() {
        l.header = format!("{} · {}", hearing_line(c), c.name);
        // Each person on a page of their own (a single checklist starts under the title).
        if i > 0 || export.cover {
            l.new_page();
        }
        person(&mut l, c);
    }
    l.pages
}

/// The day sheet's cover: a ruled table of every hearing, the header row again on a new page.
fn cover(l: &mut Layout, export: &Export) {
    l.heading("Hearings of the day");
    let rows = cover_rows(export);
    if rows.is_empty() {
        l.lines(MARGIN, WIDTH, BODY, "No hearings on this day.");
        return;
    }
    let header: Vec<String> = COVER.iter().map(|(t, _)| t.to_string()).collect();
    table_row(l, &header, true);
    for (i, row) in rows.iter().enumerate() {
        let cells = [
            (i + 1).to_string(),
            row.name.clone(),
            row.band.to_string(),
            row.court.clone(),
            row.reason.clone(),
            row.argument.clone(),
        ];
        let height = row_height(&cells);
        if l.y + height > super::page::PAGE_H - MARGIN {
            l.new_page();
            table_row(l, &header, true);
        }
        table_row(l, &cells, false);
    }
}

/// How tall a cover row is: its most wrapped cell.
fn row_height(cells: &[String]) -> f32 {
    let lines = cells
        .iter()
        .zip(COVER)
        .map(|(text, (_, w))| wrap(text, SMALL, w - 4.0).len())
        .max()
        .unwrap_or(1);
    lines as f32 * 10.0 + 6.0
}

/// One row of the cover table, each cell wrapped in its column, a rule under it (the header
/// row shaded, a heavier rule).
fn table_row(l: &mut Layout, cells: &[String], header: bool) {
    let height = row_height(cells);
    let top = l.y;
    if header {
        l.push(Op::Rect {
            x: MARGIN,
            y: top,
            w: WIDTH,
            h: height,
            grey: 225,
            outline: false,
            dashed: false,
        });
    }
    let mut x = MARGIN;
    for (text, (_, w)) in cells.iter().zip(COVER) {
        l.y = top + 10.0;
        for line in wrap(text, SMALL, w - 4.0) {
            l.text(x + 2.0, SMALL, &line);
            l.y += 10.0;
        }
        x += w;
    }
    l.y = top + height;
    l.push(Op::Rule {
        x1: MARGIN,
        x2: PAGE_W - MARGIN,
        y: l.y,
        width: if header { 1.0 } else { 0.4 },
    });
}

/// One person's checklist: who, the case, why now, the items to tick, the outcome to fill in.
fn person(l: &mut Layout, c: &Checklist) {
    l.need(120.0);
    l.y += 16.0;
    l.text(MARGIN, 15.0, &c.name);
    l.y += 16.0;
    let summary = format!("#{} · {} · {} points", c.id, c.band.shout(), c.total);
    l.lines(MARGIN, WIDTH, 10.0, &summary);
    l.lines(
        MARGIN,
        WIDTH,
        10.0,
        &format!("Hearing: {}", hearing_line(c)),
    );
    entries(l, "Who", &c.who);
    entries(l, "Case", &c.case);
    l.heading("Why now");
    for w in &c.why_now {
        l.need(14.0);
        l.right(MARGIN + 26.0, BODY, &format!("{:+}", w.points));
        l.lines(MARGIN + 34.0, WIDTH - 34.0, BODY, &w.text);
    }
    l.need(14.0);
    l.right(MARGIN + 26.0, BODY, &c.total.to_string());
    l.lines(
        MARGIN + 34.0,
        WIDTH - 34.0,
        BODY,
        &format!("total ({})", c.band.shout()),
    );
    for (kind, title) in item_sections(c) {
        l.heading(title);
        let mut any = false;
        for item in c.items_of(kind) {
            any = true;
            l.need(26.0);
            checkbox(l);
            l.lines(MARGIN + 16.0, WIDTH - 16.0, BODY, &item.text);
            l.lines(
                MARGIN + 16.0,
                WIDTH - 16.0,
                SMALL,
                &format!("Basis: {}", item.basis),
            );
            l.y += 3.0;
        }
        if !any {
            l.lines(MARGIN, WIDTH, BODY, "none");
        }
    }
    outcome(l);
}

/// A heading and one label/value line per entry (values wrapped beside their labels).
fn entries(l: &mut Layout, title: &str, entries: &[Entry]) {
    l.heading(title);
    for e in entries {
        l.need(14.0);
        l.text(MARGIN, BODY, e.label);
        l.lines(MARGIN + VALUE_AT, WIDTH - VALUE_AT, BODY, &e.value);
    }
}

/// An empty box to tick, on the current line.
fn checkbox(l: &mut Layout) {
    l.push(Op::Rect {
        x: MARGIN + 2.0,
        y: l.y - 8.0,
        w: 8.0,
        h: 8.0,
        grey: 255,
        outline: true,
        dashed: false,
    });
}

/// The outcome and the next date, as lines to write on.
fn outcome(l: &mut Layout) {
    l.heading("Outcome");
    for (label, length) in [("Outcome", WIDTH - 70.0), ("Next date", 150.0)] {
        l.need(26.0);
        l.y += 8.0;
        l.text(MARGIN, BODY, label);
        l.push(Op::Rule {
            x1: MARGIN + 70.0,
            x2: MARGIN + 70.0 + length,
            y: l.y + 2.0,
            width: 0.5,
        });
        l.y += 18.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::checklist::{ItemKind, WhyNow};
    use crate::domain::triage::Band;

    fn checklist(id: i64, name: &str) -> Checklist {
        Checklist {
            id,
            name: name.into(),
            hearing: None,
            who: vec![Entry {
                label: "Prison",
                value: "Central Jail Multan".into(),
            }],
            case: Vec::new(),
            total: 120,
            band: Band::Critical,
            why_now: vec![WhyNow {
                text: "In custody 400 days".into(),
                points: 40,
            }],
            items: (0..30)
                .map(|i| crate::domain::checklist::Item {
                    kind: ItemKind::Argument,
                    text: format!("Argument {i}: the sample reached the laboratory late"),
                    basis: "CNSA s.34".into(),
                })
                .collect(),
            health_included: false,
        }
    }

    #[test]
    fn every_page_keeps_to_the_paper_and_each_person_starts_a_page() {
        let export = Export {
            title: "Court day 2026-12-03".into(),
            generated: "Prepared by caseload".into(),
            cover: true,
            checklists: vec![checklist(1, "Muhammad Aslam"), checklist(2, "محمد اسلم")],
        };
        let pages = layout(&export);
        assert!(pages.len() >= 3, "a cover and two people: {}", pages.len());
        for ops in &pages {
            for op in ops {
                if let Op::Text { x, y, .. } = op {
                    assert!(*x >= MARGIN - 0.1 && *x < PAGE_W - MARGIN, "{op:?}");
                    assert!(
                        *y > 0.0 && *y <= super::super::page::PAGE_H - MARGIN,
                        "{op:?}"
                    );
                }
            }
        }
        let boxes = pages
            .iter()
            .flatten()
            .filter(|op| matches!(op, Op::Rect { outline: true, .. }))
            .count();
        assert_eq!(boxes, 60, "a box before every item");
        // The second person's first page opens with the running header, then their name.
        let starts: Vec<&Vec<Op>> = pages
            .iter()
            .filter(|ops| {
                ops.iter()
                    .any(|op| matches!(op, Op::Text { text, size, .. } if text == "محمد اسلم" && *size == 15.0))
            })
            .collect();
        assert!(
            matches!(&starts[0][0], Op::Text { text, .. } if text.contains("No hearing scheduled"))
        );
    }
}
