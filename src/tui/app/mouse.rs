//! Taps, clicks, the wheel and swipes (issue 17 §1), turned into the same [`Action`]s keys
//! produce, from where the last draw put things ([`Viewport`]: the footer's keys, the
//! header's back marker, a list's rows). A screen never sees a mouse event, so every screen
//! behaves the same under a finger as under the keys.

use super::{App, Effect, Mode};
use crate::tui::action::Action;
use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

/// Rows one turn of the wheel moves.
const WHEEL_ROWS: usize = 3;

/// What a press left behind for the drag that may follow it.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Pointer {
    /// The line the finger is on while it is down.
    down_at: Option<u16>,
}

impl App {
    /// Handles one mouse event: a tap on a row selects it and a tap on the selected row opens
    /// it; a tap on a footer key runs it; a tap on the back marker does what Esc does; the
    /// wheel and a swipe move three rows (or one a line swiped). `None`: the event changed
    /// nothing (a move, a release), so nothing needs drawing.
    pub fn mouse(&mut self, event: MouseEvent) -> Option<Vec<Effect>> {
        let actions = self.mouse_actions(event);
        if actions.is_empty() {
            return None;
        }
        let mut effects = Vec::new();
        for action in actions {
            effects.extend(self.update(action));
        }
        Some(effects)
    }

    fn mouse_actions(&mut self, event: MouseEvent) -> Vec<Action> {
        let (x, y) = (event.column, event.row);
        match event.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                self.pointer.down_at = Some(y);
                self.tapped(x, y)
            }
            MouseEventKind::Drag(MouseButton::Left) => {
                let Some(from) = self.pointer.down_at.replace(y) else {
                    return Vec::new();
                };
                // The finger pulls the page: moving it up shows what is below.
                let rows = usize::from(from.abs_diff(y));
                if y < from {
                    self.moves(Action::MoveDown, rows)
                } else {
                    self.moves(Action::MoveUp, rows)
                }
            }
            MouseEventKind::Up(_) => {
                self.pointer.down_at = None;
                Vec::new()
            }
            MouseEventKind::ScrollDown => self.moves(Action::MoveDown, WHEEL_ROWS),
            MouseEventKind::ScrollUp => self.moves(Action::MoveUp, WHEEL_ROWS),
            _ => Vec::new(),
        }
    }

    /// A tap at cell (`x`, `y`): a footer key or the back marker, else a row.
    fn tapped(&self, x: u16, y: u16) -> Vec<Action> {
        if let Some(tap) = self
            .viewport
            .taps
            .iter()
            .find(|tap| tap.y == y && (tap.x..tap.end).contains(&x))
        {
            return vec![tap.action];
        }
        let Some(rows) = self.viewport.rows else {
            return Vec::new();
        };
        let per = rows.per.max(1);
        let on_rows = (rows.top..rows.top + rows.count * per).contains(&y);
        if !on_rows || !(rows.left..rows.right).contains(&x) {
            return Vec::new();
        }
        let row = (y - rows.top) / per;
        match rows.selected {
            Some(selected) if selected == row => self.moves(Action::Open, 1),
            Some(selected) if row > selected => {
                self.moves(Action::MoveDown, usize::from(row - selected))
            }
            Some(selected) => self.moves(Action::MoveUp, usize::from(selected - row)),
            None => Vec::new(),
        }
    }

    /// `action` `times` over, if this screen has a key for it (a form has no rows to move by,
    /// and typing screens take only what their keys do).
    fn moves(&self, action: Action, times: usize) -> Vec<Action> {
        let mode: Mode = self.screen();
        if self.keymap.keys_for(mode, action).is_empty() {
            return Vec::new();
        }
        vec![action; times]
    }
}
