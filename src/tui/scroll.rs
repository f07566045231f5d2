//! Scrolling with the terminal's own scroll region instead of repainting shifted rows.
//!
//! When the next frame is the previous one with a band of full-width rows moved up or down by
//! `k` rows (the list scrolled), it is cheaper to tell the terminal to scroll that band (set the
//! region with DECSTBM `CSI top;bottom r`, delete or insert `k` lines at its top, `CSI r`) and
//! repaint only what still differs from the shifted screen: the row scrolled in, a moved
//! highlight, a counter.
//!
//! Everything here is a pure function of two [`Buffer`]s, independent of what the screens draw:
//! [`find`] picks the band that saves the most bytes (or none), [`apply`] shifts a buffer the
//! way the terminal shifts the screen, and [`write`] emits the escape sequences.
//! `tui::draw_frame` ties them to ratatui's diff.

use ratatui::buffer::{Buffer, Cell, CellDiffOption};
use std::hash::{Hash, Hasher};
use std::io::{self, Write};

/// A scroll of the full-width rows `top..=bottom` (0-based rows of the buffer) by `lines`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Band {
    pub top: u16,
    pub bottom: u16,
    pub lines: u16,
    /// Content moves up (new rows appear at the bottom) or down (new rows at the top).
    pub up: bool,
}

/// Estimated bytes of moving the cursor to the start of a run of changed cells (`CSI y;x H`).
const RUN_COST: i64 = 8;

/// Bytes a scroll costs beyond a plain frame: SGR reset, DECSTBM, move, DL/IL, region reset,
/// save/restore cursor, and the second SGR reset that ratatui's second diff ends with.
const SCROLL_COST: i64 = 40;

/// A scroll must save at least this much beyond its own cost: not worth a terminal round of
/// region changes (and the risk on odd terminals) for a few bytes.
const MIN_SAVING: i64 = 32;

/// The band whose scroll, followed by a cell diff against the shifted `old`, writes the fewest
/// bytes to turn `old` into `new`; `None` when no scroll saves enough (nothing moved, the band is
/// small, the sizes differ, or a cell asks for special diffing).
pub fn find(old: &Buffer, new: &Buffer) -> Option<Band> {
    if old.area != new.area || old.area.height < 2 || old.area.width == 0 {
        return None;
    }
    let width = usize::from(new.area.width);
    let height = usize::from(new.area.height);
    let old_keys = keys(old)?;
    let new_keys = keys(new)?;
    let blank = key(&Cell::EMPTY);
    // Bytes of a cell of `new` when written (its symbol; styles are ignored in the estimate).
    let sizes: Vec<i64> = new
        .content
        .iter()
        .map(|c| c.symbol().len() as i64)
        .collect();
    let row = |r: usize| r * width..(r + 1) * width;
    // Estimated bytes of repainting new row `n` over a screen row showing `old_row`.
    let cost = |old_row: Option<usize>, n: usize| -> i64 {
        let new_row = &new_keys[row(n)];
        let size = &sizes[row(n)];
        let mut total = 0;
        let mut in_run = false;
        for x in 0..width {
            let before = old_row.map_or(blank, |o| old_keys[o * width + x]);
            if before == new_row[x] {
                in_run = false;
            } else {
                total += size[x] + if in_run { 0 } else { RUN_COST };
                in_run = true;
            }
        }
        total
    };
    let base: Vec<i64> = (0..height).map(|r| cost(Some(r), r)).collect();
    if base.iter().sum::<i64>() < SCROLL_COST + MIN_SAVING {
        return None;
    }
    // Saving of a row that is scrolled in blank and then painted.
    let blank_saving: Vec<i64> = (0..height).map(|r| base[r] - cost(None, r)).collect();

    // Trying every shift cell by cell is height² × width compares (~1M at 200x50, too slow per
    // key). So first rank every shift with rows compared in chunks of cells, then weigh the few
    // best exactly.
    let candidates = rough_shifts(&old_keys, &new_keys, &sizes, width, &blank_saving);
    candidates
        .iter()
        .take(EXACT)
        .filter_map(|&(_, k, up)| {
            let at = |r: usize| if up { r } else { height - 1 - r };
            let saving = |r: usize| base[at(r)] - cost(Some(at(r + k)), at(r));
            best_band(height, k, up, saving, &blank_saving)
        })
        .max_by_key(|(total, _)| *total)
        .filter(|(total, _)| *total >= SCROLL_COST + MIN_SAVING)
        .map(|(_, band)| band)
}

/// Every shift `(saving, k, up)` that saves anything, best first, by a rough estimate: rows
/// compared in chunks of [`CHUNK`] cells instead of cell by cell.
fn rough_shifts(
    old_keys: &[u64],
    new_keys: &[u64],
    sizes: &[i64],
    width: usize,
    blank_saving: &[i64],
) -> Vec<(i64, usize, bool)> {
    let height = blank_saving.len();
    let chunks = width.div_ceil(CHUNK);
    let fold = |keys: &[u64]| -> Vec<u64> {
        keys.chunks(width)
            .flat_map(|row| row.chunks(CHUNK))
            .map(|chunk| chunk.iter().fold(0, |h, k| (h ^ k).rotate_left(5)))
            .collect()
    };
    let (old_chunks, new_chunks) = (fold(old_keys), fold(new_keys));
    let chunk_sizes: Vec<i64> = sizes
        .chunks(width)
        .flat_map(|row| row.chunks(CHUNK))
        .map(|chunk| chunk.iter().sum())
        .collect();
    let rough = |o: usize, n: usize| -> i64 {
        let mut total = 0;
        let mut in_run = false;
        for c in 0..chunks {
            if old_chunks[o * chunks + c] == new_chunks[n * chunks + c] {
                in_run = false;
            } else {
                total += chunk_sizes[n * chunks + c] + if in_run { 0 } else { RUN_COST };
                in_run = true;
            }
        }
        total
    };
    let rough_base: Vec<i64> = (0..height).map(|r| rough(r, r)).collect();
    let mut candidates: Vec<(i64, usize, bool)> = Vec::new();
    for up in [true, false] {
        let at = |r: usize| if up { r } else { height - 1 - r };
        for k in 1..height {
            let saving = |r: usize| rough_base[at(r)] - rough(at(r + k), at(r));
            if let Some((total, _)) = best_band(height, k, up, saving, blank_saving) {
                candidates.push((total, k, up));
            }
        }
    }
    candidates.sort_unstable_by_key(|(total, _, _)| std::cmp::Reverse(*total));
    candidates
}

/// Cells per chunk when ranking shifts.
const CHUNK: usize = 8;

/// How many of the best-ranked shifts are weighed cell by cell.
const EXACT: usize = 3;

/// The best region for a scroll by `k` rows (`up`, or down: up with rows numbered from the
/// bottom), with its saving. `saving(r)`: what row `r` saves when it shows old row `r + k`
/// (this direction's numbering); `blank_saving`: what a row saves when scrolled in blank
/// (screen numbering).
fn best_band(
    height: usize,
    k: usize,
    up: bool,
    saving: impl Fn(usize) -> i64,
    blank_saving: &[i64],
) -> Option<(i64, Band)> {
    let at = |r: usize| if up { r } else { height - 1 - r };
    let mut best: Option<(i64, Band)> = None;
    // Region `t..=b` with `e = b - k` its last shifted row: the best run of shifted rows ending
    // at `e` (Kadane), plus the k rows scrolled in blank below it.
    let mut run = 0;
    let mut start = 0;
    let mut blanks: i64 = (1..=k).map(|r| blank_saving[at(r)]).sum();
    for e in 0..height - k {
        if e > 0 {
            blanks += blank_saving[at(e + k)] - blank_saving[at(e)];
        }
        if run <= 0 {
            run = 0;
            start = e;
        }
        run += saving(e);
        let total = run + blanks;
        // The rows that moved must pay for the scroll themselves: blanking alone (a cheap
        // erase) is not what this is for.
        if run >= MIN_SAVING && best.is_none_or(|(b, _)| total > b) {
            let (first, last) = (at(start), at(e + k));
            best = Some((
                total,
                Band {
                    top: first.min(last) as u16,
                    bottom: first.max(last) as u16,
                    lines: k as u16,
                    up,
                },
            ));
        }
    }
    best
}

/// One fingerprint per cell (equal cells, equal keys; a collision only skews the estimate, the
/// real diff is exact). `None` when a cell asks for special diffing: those are left to ratatui.
fn keys(buffer: &Buffer) -> Option<Vec<u64>> {
    buffer
        .content
        .iter()
        .map(|c| (c.diff_option == CellDiffOption::None).then(|| key(c)))
        .collect()
}

fn key(cell: &Cell) -> u64 {
    let mut hasher = Fnv(0xcbf2_9ce4_8422_2325);
    cell.hash(&mut hasher);
    hasher.finish()
}

/// FNV-1a style: cells are a few bytes, SipHash's setup would dominate.
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }
    // Colours, modifiers and enum tags arrive as integers: one step each, not one per byte.
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0 ^ n).wrapping_mul(0x0100_0000_01b3);
    }
    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }
    fn write_u16(&mut self, n: u16) {
        self.write_u64(u64::from(n));
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn write_isize(&mut self, n: isize) {
        self.write_u64(n as u64);
    }
}

/// Shifts `buffer` as the terminal shifts the screen for `band`: rows outside the band stay,
/// rows scrolled in are blank in the default style.
pub fn apply(buffer: &mut Buffer, band: Band) {
    let width = usize::from(buffer.area.width);
    let rows =
        &mut buffer.content[usize::from(band.top) * width..(usize::from(band.bottom) + 1) * width];
    let moved = usize::from(band.lines) * width;
    let len = rows.len();
    if band.up {
        rows.rotate_left(moved);
        rows[len - moved..].fill(Cell::EMPTY);
    } else {
        rows.rotate_right(moved);
        rows[..moved].fill(Cell::EMPTY);
    }
}

/// Writes the scroll for `band` of a buffer whose first row is screen row `y` (0-based): resets
/// colours and attributes first (a scrolled-in row is erased in the current background), sets
/// the region (DECSTBM), moves to its top row and deletes (DL, content moves up) or inserts (IL,
/// down) `lines` lines there, then resets the region. DL/IL inside a region scroll it exactly
/// like SU/SD, and unlike SU/SD (`CSI S`/`CSI T`) they exist on the Linux console and VT220-class
/// terminals too (see `infocmp linux`: `csr`, `il`, `dl`, no `indn`/`rin`). Both DECSTBM and the
/// move leave the cursor elsewhere; the caller saves and restores it.
pub fn write<W: Write>(out: &mut W, band: Band, y: u16) -> io::Result<()> {
    let top = u32::from(y) + u32::from(band.top) + 1;
    let bottom = u32::from(y) + u32::from(band.bottom) + 1;
    let verb = if band.up { 'M' } else { 'L' };
    let lines = band.lines;
    write!(
        out,
        "\x1b[m\x1b[{top};{bottom}r\x1b[{top}H\x1b[{lines}{verb}\x1b[r"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;

    fn buffer(lines: &[&str]) -> Buffer {
        Buffer::with_lines(lines.iter().copied())
    }

    fn list(first: usize, rows: usize) -> Vec<String> {
        let mut lines = vec!["header: the caseload        ".to_string()];
        // Rows as different from each other as a list's people are.
        let abc = "abcdefghijklmnopqrstuvwxyz";
        lines.extend((first..first + rows).map(|i| {
            let at = i * 7 % 26;
            format!("{i:04} {}{}", &abc[at..], &abc[..at])[..28].to_string()
        }));
        lines.push("footer: 12 of 900           ".to_string());
        lines
    }

    #[test]
    fn one_row_down_the_list_is_a_scroll_up_of_the_body() {
        let old = list(0, 8);
        let new = list(1, 8);
        let old = buffer(&old.iter().map(String::as_str).collect::<Vec<_>>());
        let new = buffer(&new.iter().map(String::as_str).collect::<Vec<_>>());
        let band = find(&old, &new).expect("a scroll");
        assert_eq!(
            band,
            Band {
                top: 1,
                bottom: 8,
                lines: 1,
                up: true
            }
        );
        let mut shifted = old.clone();
        apply(&mut shifted, band);
        // Only the row scrolled in is left to paint.
        let differing: Vec<u16> = shifted.diff(&new).iter().map(|(_, y, _)| *y).collect();
        assert!(differing.iter().all(|y| *y == 8), "{differing:?}");
    }

    #[test]
    fn up_the_list_scrolls_down() {
        let old = list(5, 8);
        let new = list(2, 8);
        let old = buffer(&old.iter().map(String::as_str).collect::<Vec<_>>());
        let new = buffer(&new.iter().map(String::as_str).collect::<Vec<_>>());
        let band = find(&old, &new).expect("a scroll");
        assert_eq!(
            band,
            Band {
                top: 1,
                bottom: 8,
                lines: 3,
                up: false
            }
        );
    }

    #[test]
    fn nothing_moved_or_too_little_is_no_scroll() {
        let same = list(0, 8);
        let same = buffer(&same.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(find(&same, &same), None);
        // Two short rows swapping places: a scroll would cost more than it saves.
        let old = buffer(&["ab", "cd", "ef"]);
        let new = buffer(&["cd", "ef", "gh"]);
        assert_eq!(find(&old, &new), None);
        // Different sizes (a resize) never scroll.
        let small = Buffer::empty(Rect::new(0, 0, 28, 9));
        let old = list(0, 8);
        let old = buffer(&old.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(find(&old, &small), None);
    }

    #[test]
    fn unrelated_frames_do_not_scroll() {
        let old: Vec<String> = (0..10).map(|i| format!("{i:>30}")).collect();
        let new: Vec<String> = (0..10).map(|i| format!("{:<30}", i * 7 + 3)).collect();
        let old = buffer(&old.iter().map(String::as_str).collect::<Vec<_>>());
        let new = buffer(&new.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(find(&old, &new), None);
    }

    #[test]
    fn apply_blanks_the_rows_scrolled_in() {
        let mut b = buffer(&["aa", "bb", "cc", "dd"]);
        apply(
            &mut b,
            Band {
                top: 1,
                bottom: 3,
                lines: 1,
                up: true,
            },
        );
        assert_eq!(b, buffer(&["aa", "cc", "dd", "  "]));
        apply(
            &mut b,
            Band {
                top: 0,
                bottom: 2,
                lines: 2,
                up: false,
            },
        );
        assert_eq!(b, buffer(&["  ", "  ", "aa", "  "]));
    }

    #[test]
    fn write_emits_region_scroll_and_reset() {
        let mut out = Vec::new();
        let band = Band {
            top: 1,
            bottom: 21,
            lines: 2,
            up: false,
        };
        write(&mut out, band, 0).expect("write");
        assert_eq!(out, b"\x1b[m\x1b[2;22r\x1b[2H\x1b[2L\x1b[r");
    }
}
