//! What the issue-17 TUI tests share: a small caseload with hearings through the month, keys
//! typed through the real keymap, mouse events sent through the app, TestBackend draws.
#![allow(dead_code)]

use caseload::domain::model::{Gender, Hearing, Record};
use caseload::domain::weights::Weights;
use caseload::store::{OpenMode, Store};
use caseload::tui::app::{App, Effect};
use caseload::tui::keymap::Key;
use caseload::tui::view;
use chrono::NaiveDate;
use crossterm::event::KeyEvent;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// Tuesday 1 December 2026.
pub fn today() -> NaiveDate {
    date(2026, 12, 1)
}

fn person(id: i64, name: &str, arrested: NaiveDate, next: Option<NaiveDate>) -> Record {
    let mut record = Record::new(name, arrested);
    record.detainee.id = id;
    record.detainee.gender = Some(Gender::Male);
    if let Some(next) = next {
        record.hearings.push(Hearing {
            id: 0,
            date: next,
            court: Some("ASJ Court 3".into()),
            purpose: Some("bail".into()),
            outcome: None,
        });
    }
    record
}

/// Two hearings on 2 December (one of a person held 20 months: the most urgent), one each on 6
/// and 21 December, one on 5 January, and a person with no hearing.
pub fn caseload() -> Vec<Record> {
    let mut old = person(
        1,
        "Muhammad Aslam",
        date(2025, 4, 1),
        Some(date(2026, 12, 2)),
    );
    old.detainee.age_at_arrest = Some(64);
    old.case.lawyer = Some("Ayesha Khan".into());
    vec![
        old,
        person(
            2,
            "Zahid Hussain",
            date(2026, 11, 20),
            Some(date(2026, 12, 2)),
        ),
        person(3, "Gul Khan", date(2026, 10, 1), Some(date(2026, 12, 6))),
        person(
            4,
            "Rashid Ali",
            date(2026, 11, 25),
            Some(date(2026, 12, 21)),
        ),
        person(5, "Bilal Ahmed", date(2026, 11, 28), Some(date(2027, 1, 5))),
        person(6, "Imran Shah", date(2026, 11, 1), None),
    ]
}

pub fn app() -> App {
    App::new(caseload(), today(), Weights::default(), "caseload".into())
}

/// Turns "j", "G", "<enter>", "<pgdn>", "<ctrl-c>" into a key event.
pub fn key(token: &str) -> KeyEvent {
    let spec = token
        .strip_prefix('<')
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(token);
    let key = Key::parse(spec).expect("test key parses");
    KeyEvent::new(key.code, key.modifiers)
}

/// Draws the app at `width`x`height`, hands the viewport back as the loop does.
pub fn draw(app: &mut App, width: u16, height: u16) -> Buffer {
    draw_with_cursor(app, width, height).0
}

/// Like [`draw`], also returning where the terminal cursor was put (if shown).
pub fn draw_with_cursor(app: &mut App, width: u16, height: u16) -> (Buffer, Option<(u16, u16)>) {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    let mut viewport = None;
    terminal
        .draw(|frame| viewport = Some(view::draw(frame, app)))
        .expect("draw");
    if let Some(viewport) = viewport {
        app.set_viewport(viewport);
    }
    let backend = terminal.backend();
    let at = backend.cursor_position();
    let cursor = backend.cursor_visible().then_some((at.x, at.y));
    (backend.buffer().clone(), cursor)
}

/// Types space-separated keys through the default keymap, drawing after each at the size.
pub fn type_keys_at(app: &mut App, keys: &str, width: u16, height: u16) -> Vec<Effect> {
    draw(app, width, height);
    let mut effects = Vec::new();
    for token in keys.split_whitespace() {
        if let Some(action) = app.keymap.action(app.screen(), key(token)) {
            effects.extend(app.update(action));
        }
        draw(app, width, height);
    }
    effects
}

pub fn type_keys(app: &mut App, keys: &str) -> Vec<Effect> {
    type_keys_at(app, keys, 80, 24)
}

/// The buffer as plain lines (colour dropped), trailing spaces trimmed.
pub fn text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let mut skip = 0;
        for x in area.left()..area.right() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            line.push_str(symbol);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The position of the first cell where `word` starts.
pub fn find(buffer: &Buffer, word: &str) -> Option<(u16, u16)> {
    let screen = text(buffer);
    screen.lines().enumerate().find_map(|(y, line)| {
        let at = line.find(word)?;
        let x = unicode_width::UnicodeWidthStr::width(&line[..at]);
        Some((x as u16, y as u16))
    })
}

/// A file holding the shared small caseload, and an app opened on it.
pub struct Clinic {
    pub dir: tempfile::TempDir,
    pub store: Store,
    pub app: App,
}

impl Clinic {
    pub fn new() -> Clinic {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut store =
            Store::open(&dir.path().join("clinic.db"), OpenMode::CreateIfMissing).expect("create");
        for mut record in caseload() {
            record.detainee.id = 0;
            store.add(&record).expect("add");
        }
        let app = App::new(
            store.load_all().expect("load"),
            today(),
            Default::default(),
            "t".into(),
        );
        Clinic { dir, store, app }
    }

    /// Types keys through the keymap, running every effect against the file as the loop does.
    pub fn keys(&mut self, keys: &str) {
        let exports = caseload::tui::effects::ExportSettings {
            rules: caseload::domain::checklist::Rules::defaults(),
            dir: self.dir.path().join("exports"),
        };
        draw(&mut self.app, 80, 24);
        for token in keys.split_whitespace() {
            let Some(action) = self.app.keymap.action(self.app.screen(), key(token)) else {
                continue;
            };
            let mut effects: Vec<Effect> = self.app.update(action);
            while let Some(effect) = effects.pop().or_else(|| self.app.wanted()) {
                caseload::tui::execute(&mut self.store, &mut self.app, effect, &exports, None);
            }
            draw(&mut self.app, 80, 24);
        }
    }

    pub fn typed(&mut self, words: &str) {
        self.keys(&typed(words));
    }

    pub fn stored(&self, id: i64) -> Record {
        self.store.get(id).expect("read").expect("there")
    }

    pub fn lawyers(&self) -> Vec<Option<String>> {
        (1..=6).map(|id| self.stored(id).case.lawyer).collect()
    }

    pub fn screen(&mut self) -> String {
        text(&draw(&mut self.app, 80, 24))
    }
}

/// The keys that type `text` (spaces as `<space>`).
pub fn typed(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c == ' ' {
                "<space>".to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Types keys through the default keymap and runs every effect against `store` as the event
/// loop does, reading what the screen waits for and drawing at `w`x`h` after each key. Returns
/// true when the app asked to quit.
pub fn type_and_run_at(
    store: &mut caseload::store::Store,
    app: &mut App,
    keys: &str,
    w: u16,
    h: u16,
) -> bool {
    let exports = caseload::tui::effects::ExportSettings {
        rules: caseload::domain::checklist::Rules::defaults(),
        dir: std::env::temp_dir().join("caseload-test-exports"),
    };
    // Read what the page waits for, draw, and read and draw again if the draw revealed a
    // page: as the loop does.
    let draw_and_read = |store: &mut caseload::store::Store, app: &mut App| {
        while let Some(effect) = app.wanted() {
            caseload::tui::execute(store, app, effect, &exports, None);
        }
        draw(app, w, h);
        while let Some(effect) = app.wanted() {
            caseload::tui::execute(store, app, effect, &exports, None);
            draw(app, w, h);
        }
    };
    draw_and_read(store, app);
    for token in keys.split_whitespace() {
        if let Some(action) = app.keymap.action(app.screen(), key(token)) {
            for effect in app.update(action) {
                if caseload::tui::execute(store, app, effect, &exports, None) {
                    return true;
                }
            }
        }
        draw_and_read(store, app);
    }
    false
}
