//! PDF through krilla (a maintained PDF library with font subsetting and text shaping): the
//! plain-text layout set in DejaVu Sans Mono on A4, each person on a new page. Urdu and other
//! Arabic-script text is set in DejaVu Sans, shaped right to left.

use super::plain;
use crate::domain::daysheet::Export;
use krilla::Document;
use krilla::geom::Point;
use krilla::page::PageSettings;
use krilla::text::{Font, TextDirection};

const MONO: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSansMono.ttf");
const SANS: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");

const PAGE_WIDTH: f32 = 595.0; // A4 in points
const PAGE_HEIGHT: f32 = 842.0;
const MARGIN: f32 = 56.0;
const FONT_SIZE: f32 = 9.5;
const LINE_HEIGHT: f32 = 12.0;
/// DejaVu Sans Mono advances 0.602 em per character.
const ADVANCE: f32 = 0.602 * FONT_SIZE;

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

/// Renders an export as PDF bytes.
pub fn pdf(export: &Export) -> Result<Vec<u8>, PdfError> {
    let mono = Font::new(MONO.into(), 0).ok_or_else(|| PdfError("bad mono font".into()))?;
    let sans = Font::new(SANS.into(), 0).ok_or_else(|| PdfError("bad sans font".into()))?;
    let text = plain(export);
    let lines_per_page = ((PAGE_HEIGHT - 2.0 * MARGIN) / LINE_HEIGHT) as usize;

    // Split into pages: a new page at each person's separator line, and when a page is full.
    let mut pages: Vec<Vec<&str>> = vec![Vec::new()];
    for line in text.lines() {
        let starts_person = line.starts_with("=====");
        let page = pages.last_mut().map_or(0, |p| p.len());
        if (starts_person && page > 0) || page >= lines_per_page {
            pages.push(Vec::new());
        }
        if let Some(page) = pages.last_mut()
            && !(starts_person && page.is_empty())
        {
            page.push(line);
        }
    }

    let mut document = Document::new();
    let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
        .ok_or_else(|| PdfError("bad page size".into()))?;
    let total = pages.len();
    for (number, lines) in pages.iter().enumerate() {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        for (i, line) in lines.iter().enumerate() {
            let y = MARGIN + LINE_HEIGHT * (i as f32 + 1.0);
            draw_line(&mut surface, line, y, &mono, &sans);
        }
        let footer = format!("page {} of {total}", number + 1);
        surface.draw_text(
            Point::from_xy(
                PAGE_WIDTH - MARGIN - footer.len() as f32 * ADVANCE,
                PAGE_HEIGHT - MARGIN / 2.0,
            ),
            mono.clone(),
            FONT_SIZE,
            &footer,
            false,
            TextDirection::LeftToRight,
        );
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| PdfError(format!("{e:?}")))
}

/// Draws one line: Latin text in the mono font; from the first Arabic-script character on, the
/// rest in the sans font, shaped as right-to-left text.
fn draw_line(surface: &mut krilla::surface::Surface, line: &str, y: f32, mono: &Font, sans: &Font) {
    let split = line.find(is_arabic_script).unwrap_or(line.len());
    let (latin, rest) = line.split_at(split);
    if !latin.trim().is_empty() {
        surface.draw_text(
            Point::from_xy(MARGIN, y),
            mono.clone(),
            FONT_SIZE,
            latin,
            false,
            TextDirection::LeftToRight,
        );
    }
    if !rest.is_empty() {
        let x = MARGIN + latin.chars().count() as f32 * ADVANCE;
        surface.draw_text(
            Point::from_xy(x, y),
            sans.clone(),
            FONT_SIZE,
            rest,
            false,
            TextDirection::RightToLeft,
        );
    }
}
