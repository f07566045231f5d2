//! Where the view drew what a tap can reach (issue 17 §1): the footer's keys, the header's
//! back marker and a list's rows, recorded in the [`Viewport`](crate::tui::app::Viewport) so
//! the app maps a tap to an action without guessing at the layout.

use crate::domain::text;
use crate::tui::action::Action;
use crate::tui::app::{App, Mode, Rows, Tap, visible_offset};
use crate::tui::hearings::Hearings;
use crate::tui::screens::released::ReleasedScreen;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

/// The header's back marker on a stacked screen.
pub const BACK: &str = "‹ back";

/// Between two footer keys.
pub const GAP: &str = " · ";

/// A footer key: its action, the footer line it is on and the cells `x..end` it was drawn
/// in, from the footer's left.
pub type Key = (u16, u16, u16, Action);

/// The footer's keys, line by line.
type KeyRows = Vec<Vec<(Action, String)>>;

/// The footer's keys in lines of `width` cells, the first after `prefix`. All on one line when
/// they fit; else the last place goes to help, which lists every key (on a touch screen the
/// footer is the toolbar, and a key cut to "h…" could be tapped by no one); where help cannot
/// open, the keys wrap onto more lines.
pub fn arrange(app: &App, prefix: &str, mut keys: Vec<(Action, String)>, width: u16) -> KeyRows {
    let width = usize::from(width);
    let gap = text::width(GAP);
    let all = keys
        .iter()
        .map(|(_, words)| text::width(words) + gap)
        .sum::<usize>();
    if text::width(prefix) + all.saturating_sub(gap) <= width {
        return vec![keys];
    }
    // Help opens from anywhere but itself and the export prompt (whose keys are its footer);
    // on a typed line `?` is a letter.
    let has_help = !matches!(app.screen(), Mode::Help | Mode::Export);
    let help = match keys.iter().position(|(action, _)| *action == Action::Help) {
        _ if !has_help => None,
        Some(at) => Some(keys.remove(at)),
        None => app
            .keymap
            .keys_for(app.screen(), Action::Help)
            .first()
            .map(|key| (Action::Help, format!("{key} {}", Action::Help.short()))),
    };
    let Some(help) = help else {
        return wrapped(prefix, keys, width);
    };
    let mut room = width.saturating_sub(text::width(prefix) + text::width(&help.1));
    let mut kept = Vec::new();
    for key in keys {
        let needs = text::width(&key.1) + gap;
        if needs > room {
            break;
        }
        room -= needs;
        kept.push(key);
    }
    kept.push(help);
    vec![kept]
}

/// The keys in as many lines of `width` as they need, the first after `prefix`.
fn wrapped(prefix: &str, keys: Vec<(Action, String)>, width: usize) -> KeyRows {
    let mut rows: KeyRows = vec![Vec::new()];
    let mut used = text::width(prefix);
    for key in keys {
        let needs = text::width(&key.1);
        let row = rows.last_mut().expect("a row");
        if !row.is_empty() && used + text::width(GAP) + needs > width {
            rows.push(vec![key]);
            used = needs;
        } else {
            used += if row.is_empty() { 0 } else { text::width(GAP) } + needs;
            row.push(key);
        }
    }
    rows
}

/// Where each key of `rows` lands. A key cut off at the right edge is left out: a tap there
/// would guess.
pub fn place(prefix: &str, rows: &[Vec<(Action, String)>], width: u16) -> Vec<Key> {
    let mut placed = Vec::new();
    for (line, row) in rows.iter().enumerate() {
        let mut x = if line == 0 { text::width(prefix) } else { 0 };
        for (i, (action, words)) in row.iter().enumerate() {
            if i > 0 {
                x += text::width(GAP);
            }
            let end = x + text::width(words);
            if end > usize::from(width) {
                break;
            }
            placed.push((line as u16, x as u16, end as u16, *action));
            x = end;
        }
    }
    placed
}

/// The footer's keys on the screen, on its first line.
pub fn in_footer(footer: Rect, keys: Vec<Key>) -> impl Iterator<Item = Tap> {
    // Lines the footer had no room for were not drawn.
    keys.into_iter()
        .filter(move |&(line, ..)| line < footer.height)
        .map(move |(line, x, end, action)| Tap {
            y: footer.y + line,
            x: footer.x + x,
            end: footer.x + end,
            action,
        })
}

/// The back marker: a tap on it does what Esc does on this screen.
pub fn back(app: &App, header: Rect, width: u16) -> Option<Tap> {
    if width == 0 {
        return None;
    }
    let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
    let action = app.keymap.action(app.screen(), esc)?;
    Some(Tap {
        y: header.y,
        x: header.x,
        end: header.x + width,
        action,
    })
}

/// The rows shown of a list of `len` with `selected` chosen, below `head` lines of titles in
/// `area`, `rows` of them at most, starting at `offset`.
fn rows_at(area: Rect, head: u16, (offset, selected, len): (usize, usize, usize)) -> Rows {
    let rows = usize::from(area.height.saturating_sub(head));
    let offset = visible_offset(offset, selected, rows);
    let count = rows.min(len.saturating_sub(offset));
    Rows {
        top: area.y + head,
        count: count as u16,
        per: 1,
        left: area.x,
        right: area.right(),
        selected: selected
            .checked_sub(offset)
            .filter(|&row| row < count)
            .map(|row| row as u16),
    }
}

/// The list's rows (one line of column titles above them).
pub fn list_rows(app: &App, area: Rect, rows: usize) -> Option<Rows> {
    (rows > 0).then(|| {
        rows_at(
            area,
            1,
            (app.list_offset(), app.selected(), app.visible_len()),
        )
    })
}

/// The hearings' rows (the filters and the column titles above them).
pub fn hearing_rows(hearings: &Hearings, area: Rect, rows: usize) -> Option<Rows> {
    let cursor = &hearings.cursor;
    (rows > 0).then(|| rows_at(area, 2, (cursor.offset, cursor.selected, hearings.len())))
}

/// The released people's rows (the column titles above them).
pub fn released_rows(screen: &ReleasedScreen, area: Rect, rows: usize) -> Option<Rows> {
    (rows > 0).then(|| rows_at(area, 1, (0, screen.cursor.selected, screen.len())))
}
