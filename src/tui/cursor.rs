//! One movement for every list-like screen: the arithmetic of up/down/page/first/last, and the
//! first row to draw so the selected one stays in view.

use super::action::Action;

/// Where `position` goes on `action`, clamped to `0..=last`; `page` is the rows one page moves
/// (at least one). Actions that are not movement leave it where it was (still clamped).
pub fn step(position: usize, action: Action, page: usize, last: usize) -> usize {
    let page = page.max(1);
    match action {
        Action::MoveDown => position.saturating_add(1),
        Action::MoveUp => position.saturating_sub(1),
        Action::PageDown => position.saturating_add(page),
        Action::PageUp => position.saturating_sub(page),
        Action::First => 0,
        Action::Last => last,
        _ => position,
    }
    .min(last)
}

/// The first row to draw so that `selected` is visible in `rows` rows, moving `offset` as little
/// as possible.
pub fn visible_offset(offset: usize, selected: usize, rows: usize) -> usize {
    if rows == 0 || selected < offset {
        selected
    } else if selected >= offset + rows {
        selected + 1 - rows
    } else {
        offset
    }
}

/// A selected row and the first row drawn.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    pub selected: usize,
    pub offset: usize,
}

impl Cursor {
    /// Applies a movement over `len` rows of which `rows` fit on screen.
    pub fn apply(&mut self, action: Action, len: usize, rows: usize) {
        self.selected = step(self.selected, action, rows, len.saturating_sub(1));
        self.offset = visible_offset(self.offset, self.selected, rows);
    }

    /// Keeps the selection within `len` rows and in view in `rows` rows (after the rows changed).
    pub fn clamp(&mut self, len: usize, rows: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
        self.offset = visible_offset(self.offset, self.selected, rows);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_moves_only_as_far_as_needed() {
        assert_eq!(visible_offset(0, 3, 10), 0);
        assert_eq!(visible_offset(0, 10, 10), 1);
        assert_eq!(visible_offset(5, 2, 10), 2);
        assert_eq!(visible_offset(5, 7, 0), 7);
    }

    #[test]
    fn steps_are_clamped() {
        assert_eq!(step(0, Action::MoveUp, 10, 5), 0);
        assert_eq!(step(4, Action::PageDown, 10, 5), 5);
        assert_eq!(step(4, Action::Last, 10, 5), 5);
        assert_eq!(step(4, Action::First, 10, 5), 0);
        assert_eq!(step(9, Action::Quit, 10, 5), 5);
    }
}
