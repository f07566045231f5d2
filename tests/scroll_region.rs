//! `draw_frame` scrolls shifted rows with the terminal's scroll region (see `tui::scroll`). These
//! tests feed the exact bytes it writes into a terminal emulator (the `vt100` crate) and check,
//! after every frame, that the emulated screen is the frame ratatui rendered: the text against
//! a `TestBackend` render of the same app, and text, colours, attributes and cursor against a
//! second emulator fed by ratatui's stock drawing (no scrolling) of the same frames.
//!
//! One thing `vt100` cannot check: after DECSTBM it puts the cursor on the region's top row,
//! where xterm and tmux put it home (row 1). The scroll moves there explicitly before deleting or
//! inserting lines; that was checked by hand in tmux (see BENCHMARKS.md).

use caseload::domain::demo;
use caseload::domain::weights::Weights;
use caseload::tui::app::App;
use caseload::tui::draw_frame;
use caseload::tui::keymap::Key;
use caseload::tui::view;
use chrono::NaiveDate;
use crossterm::event::KeyEvent;
use ratatui::backend::{CrosstermBackend, TestBackend};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::cell::RefCell;
use std::io::Write;
use std::num::NonZeroU16;
use std::rc::Rc;

/// A writer whose bytes the test can take after each frame.
#[derive(Clone, Default)]
struct Shared(Rc<RefCell<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Shared {
    fn take(&self) -> Vec<u8> {
        std::mem::take(&mut self.0.borrow_mut())
    }
}

/// A terminal drawing into `Shared` at a fixed size (no tty to ask), and its emulator.
struct Screen {
    terminal: Terminal<CrosstermBackend<Shared>>,
    out: Shared,
    emulator: vt100::Parser,
}

impl Screen {
    fn new(width: u16, height: u16) -> Screen {
        let out = Shared::default();
        let terminal = Terminal::with_options(
            CrosstermBackend::new(out.clone()),
            TerminalOptions {
                viewport: Viewport::Fixed(Rect::new(0, 0, width, height)),
            },
        )
        .expect("terminal");
        Screen {
            terminal,
            out,
            emulator: vt100::Parser::new(
                NonZeroU16::new(height).expect("rows"),
                NonZeroU16::new(width).expect("columns"),
                0,
            ),
        }
    }

    /// Feeds what the terminal was sent since the last call; returns its size in bytes.
    fn feed(&mut self) -> Vec<u8> {
        let bytes = self.out.take();
        self.emulator.process(&bytes);
        bytes
    }
}

/// What a person sees of an emulated cell: text (an erased cell shows a space), colours and
/// attributes. (The emulator also tracks whether a cell was ever written and whether a row
/// wrapped, which nobody sees and which differ between the two ways of drawing.)
fn look(cell: &vt100::Cell) -> (String, vt100::Color, vt100::Color, [bool; 5]) {
    let text = if cell.has_contents() {
        cell.contents().to_string()
    } else {
        " ".to_string()
    };
    let attributes = [
        cell.bold(),
        cell.dim(),
        cell.italic(),
        cell.underline(),
        cell.inverse(),
    ];
    (text, cell.fgcolor(), cell.bgcolor(), attributes)
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).expect("date")
}

fn app(people: usize) -> App {
    let records = demo::generate(people, 7, today())
        .enumerate()
        .map(|(i, mut r)| {
            r.detainee.id = i as i64 + 1;
            r
        })
        .collect();
    App::new(records, today(), Weights::default(), "caseload".into())
}

fn key(spec: &str) -> KeyEvent {
    let key = Key::parse(spec).expect("key");
    KeyEvent::new(key.code, key.modifiers)
}

/// Drives one app through `keys`, drawing every frame with `draw_frame` and, separately, with
/// ratatui's stock `Terminal::draw`, and checks the emulated screens after each frame. Returns
/// what `draw_frame` wrote for each key.
fn check(width: u16, height: u16, keys: &[&str]) -> Vec<Written> {
    let mut app = app(300);
    let mut subject = Screen::new(width, height);
    let mut reference = Screen::new(width, height);
    let mut written = Vec::new();
    let frame = |app: &mut App, subject: &mut Screen, reference: &mut Screen, label: &str| {
        draw_frame(&mut subject.terminal, app).expect("draw");
        let bytes = subject.feed();
        reference
            .terminal
            .draw(|frame| {
                view::draw(frame, app);
            })
            .expect("reference draw");
        reference.feed();
        let mut expected = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
        expected
            .draw(|frame| {
                view::draw(frame, app);
            })
            .expect("test draw");
        let buffer = expected.backend().buffer();
        let screen = subject.emulator.screen();
        for y in 0..height {
            for x in 0..width {
                let cell = screen.cell(y, x).expect("cell");
                if cell.is_wide_continuation() {
                    continue;
                }
                let shown = if cell.has_contents() {
                    cell.contents()
                } else {
                    " "
                };
                assert_eq!(
                    shown,
                    buffer[(x, y)].symbol(),
                    "{width}x{height} after {label}: cell ({x}, {y}) differs\nscreen:\n{}",
                    screen.contents()
                );
            }
        }
        let want = reference.emulator.screen();
        for y in 0..height {
            for x in 0..width {
                assert_eq!(
                    look(screen.cell(y, x).expect("cell")),
                    look(want.cell(y, x).expect("cell")),
                    "{width}x{height} after {label}: cell ({x}, {y}) differs from ratatui's own drawing"
                );
            }
        }
        assert_eq!(screen.hide_cursor(), want.hide_cursor(), "after {label}");
        if !want.hide_cursor() {
            assert_eq!(
                screen.cursor_position(),
                want.cursor_position(),
                "after {label}"
            );
        }
        bytes
    };
    frame(&mut app, &mut subject, &mut reference, "the first frame");
    for spec in keys {
        if let Some(action) = app.keymap.action(app.screen(), key(spec)) {
            app.update(action);
        }
        let bytes = frame(&mut app, &mut subject, &mut reference, spec);
        let has = |s: &str| bytes.windows(s.len()).any(|w| w == s.as_bytes());
        let scroll = if !has("\x1b[r") {
            None
        } else if has("M\x1b[r") {
            Some('M')
        } else {
            Some('L')
        };
        written.push(Written {
            key: spec.to_string(),
            bytes: bytes.len(),
            scroll,
        });
    }
    written
}

/// What one key's frame sent to the terminal.
struct Written {
    key: String,
    bytes: usize,
    /// Whether it scrolled the terminal: `M` (delete lines: content up) or `L` (insert: down).
    scroll: Option<char>,
}

/// Down past the page by 9 rows, up as many, pages, jumps to the end and back, and a search that narrows the list
/// (rows move by different amounts, the cursor is shown in the footer).
fn journey(height: u16) -> Vec<&'static str> {
    let rows = usize::from(height) + 6;
    let mut keys = vec!["j"; rows];
    keys.extend(vec!["k"; rows]);
    keys.extend(["down"; 25]);
    keys.extend([
        "pgdn", "pgdn", "j", "pgup", "up", "k", "G", "k", "k", "g", "j",
    ]);
    keys.extend([
        "/",
        "m",
        "u",
        "h",
        "down",
        "down",
        "backspace",
        "backspace",
        "esc",
    ]);
    keys.extend(["end", "home"]);
    keys
}

#[test]
fn emulated_screen_matches_every_frame_at_80x24() {
    let written = check(80, 24, &journey(24));
    // 21 people fit: from the 21st `j` on, each scrolls the list by one row, and so does each
    // `k` once the selection reaches the top row again.
    for w in &written[21..30] {
        assert_eq!(w.scroll, Some('M'), "{} sent {} B", w.key, w.bytes);
        assert!(w.bytes <= 400, "{} sent {} B", w.key, w.bytes);
    }
    for w in &written[51..60] {
        assert_eq!(w.scroll, Some('L'), "{} sent {} B", w.key, w.bytes);
        assert!(w.bytes <= 400, "{} sent {} B", w.key, w.bytes);
    }
    // The selection moving within the page scrolls nothing.
    assert!(written[..20].iter().all(|w| w.scroll.is_none()));
}

#[test]
fn emulated_screen_matches_every_frame_at_200x50() {
    // Here the selected person's detail sits beside the list and changes with every move, so
    // a scroll still repaints most of the right half; the list half is scrolled.
    let written = check(200, 50, &journey(50));
    for w in written[47..56].iter().chain(&written[103..112]) {
        assert!(
            w.scroll.is_some(),
            "{} sent {} B unscrolled",
            w.key,
            w.bytes
        );
    }
}

#[test]
fn emulated_screen_matches_at_odd_sizes() {
    for (width, height) in [(40, 10), (120, 7), (139, 30), (140, 30)] {
        check(width, height, &journey(height));
    }
}

/// Two terminals drawn in turn on one thread: each frame's scroll is decided against that
/// terminal's own last frame (or not at all), never the other's.
#[test]
fn two_terminals_in_turn_stay_right() {
    let mut one = app(300);
    let mut two = app(300);
    let mut a = Screen::new(80, 24);
    let mut b = Screen::new(80, 24);
    for i in 0..40 {
        for (app, screen) in [(&mut one, &mut a), (&mut two, &mut b)] {
            let spec = if i % 3 == 0 { "k" } else { "j" };
            if let Some(action) = app.keymap.action(app.screen(), key(spec)) {
                app.update(action);
            }
            draw_frame(&mut screen.terminal, app).expect("draw");
            screen.feed();
            let mut expected = Terminal::new(TestBackend::new(80, 24)).expect("test terminal");
            expected
                .draw(|frame| {
                    view::draw(frame, app);
                })
                .expect("test draw");
            let text: Vec<String> = expected
                .backend()
                .buffer()
                .content
                .chunks(80)
                .map(|row| row.iter().map(|c| c.symbol()).collect::<String>())
                .map(|row| row.trim_end().to_string())
                .collect();
            let shown: Vec<String> = screen
                .emulator
                .screen()
                .rows(0, 80)
                .map(|row| row.trim_end().to_string())
                .collect();
            assert_eq!(shown, text, "frame {i}");
        }
    }
}
