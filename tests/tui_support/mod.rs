//! What the issue-17 TUI tests share: a small caseload with hearings through the month, keys
//! typed through the real keymap, mouse events sent through the app, TestBackend draws.
#![allow(dead_code)]

use caseload::domain::model::AuditAction;
use caseload::domain::model::{
    BailStatus, Finding, Gender, Health, Hearing, Law, Record, Stage, Substance, Weakness,
};
use caseload::domain::weights::Weights;
use caseload::store::{OpenMode, Store};
use caseload::tui::app::{App, Effect, Mode};
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

    /// The text of the one file exported so far.
    pub fn exported(&self) -> String {
        let file = std::fs::read_dir(self.dir.path().join("exports"))
            .expect("exports")
            .next()
            .expect("one file")
            .expect("entry")
            .path();
        std::fs::read_to_string(&file).expect("read")
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

/// `records` in an in-memory store, and an app loaded from it as the real loop does: on the
/// compact roster, full records read on demand.
pub fn stored_with(records: &[Record]) -> (Store, App) {
    let mut store = Store::open_in_memory().expect("memory");
    store.insert_records(records).expect("insert");
    let mut app = App::from_roster(
        store.load_roster(today()).expect("load"),
        today(),
        Weights::default(),
        "caseload".into(),
    );
    app.set_archived(store.load_archived().expect("archived"));
    (store, app)
}

/// Types keys like [`type_keys`], and runs every effect against the store, at 80x24.
pub fn type_and_run(store: &mut Store, app: &mut App, keys: &str) -> bool {
    type_and_run_at(store, app, keys, 80, 24)
}

/// `n` Tabs.
pub fn tabs(n: usize) -> String {
    vec!["<tab>"; n].join(" ")
}

/// The edit form on the most urgent of `records`, refused because a supervisor saved them
/// first: the conflict screen. Returns the store, the app and the person's id.
pub fn conflicted_in(records: &[Record], w: u16, h: u16) -> (Store, App, i64) {
    let (mut store, mut app) = stored_with(records);
    let id = app.selected_id().expect("selected");
    type_and_run_at(&mut store, &mut app, "e", w, h);
    let v = store.get_versioned(id).expect("get").expect("there");
    let mut theirs = v.record.clone();
    theirs.case.lawyer = Some("Sana Malik".into());
    store.set_actor("supervisor");
    store
        .update(id, v.version, &theirs, AuditAction::Edit)
        .expect("their save");
    let prison = caseload::tui::form::index(caseload::domain::edit::Field::Prison);
    let keys = format!("{} <ctrl-u> {} <enter>", tabs(prison), typed("Adiala Jail"));
    type_and_run_at(&mut store, &mut app, &keys, w, h);
    (store, app, id)
}

/// The app on `mode` over `records`, reached the way a user reaches it (the size sweep and the
/// 45x20 snapshots share it). The match makes a new screen a compile error here until it says
/// how a user gets there.
pub fn reach(mode: Mode, records: &[Record]) -> App {
    let keys = match mode {
        Mode::List => "",
        Mode::Search => "/ a s",
        Mode::Filter => "f b a n d : c r i t",
        Mode::Detail => "<enter>",
        Mode::Hearings => "H",
        Mode::Export => "x",
        Mode::Help => "?",
        Mode::Form => "a x <tab> <tab> <tab> <tab> <tab> <tab> <tab> <tab> <tab> <enter>",
        Mode::Hearing => "h <tab> x <tab>",
        Mode::Confirm => "d",
        Mode::Released => "R",
        Mode::Calendar => "C",
        Mode::Stats => "#",
        Mode::Bulk => "<space> <space> b",
        Mode::Views => "v",
        Mode::Conflict => return conflicted_in(records, 80, 24).1,
        Mode::Duplicates => return reviewing(records),
    };
    let (mut store, mut app) = stored_with(records);
    app.set_views(caseload::domain::views::shipped());
    type_and_run(&mut store, &mut app, keys);
    app
}

/// The duplicate review (`D`) over `records` and a second record of Muhammad Aslam, so that
/// it shows a pair.
fn reviewing(records: &[Record]) -> App {
    let mut records = records.to_vec();
    let mut again = Record::new("Mohd. Aslam", date(2026, 1, 5));
    again.detainee.age_at_arrest = Some(35);
    again.detainee.prison = Some("Adiala Jail Rawalpindi".into());
    records.push(again);
    let (mut store, mut app) = stored_with(&records);
    type_and_run(&mut store, &mut app, "D");
    assert!(app.duplicates().is_some_and(|d| !d.is_empty()), "a pair");
    app
}

fn hearing_on(date: NaiveDate, outcome: Option<&str>) -> Hearing {
    Hearing {
        id: 0,
        date,
        court: Some("ASJ Court 3".into()),
        purpose: Some("bail".into()),
        outcome: outcome.map(str::to_string),
    }
}

/// A small fixed caseload: a pregnant woman, a man past his statutory-bail date, a juvenile, an
/// Urdu-script name, an older man with opioid dependence, a recent arrest, a released man, and a
/// name carrying an escape sequence.
pub fn people() -> Vec<Record> {
    let mut people = Vec::new();

    let mut bushra = Record::new("Bushra Bibi", date(2026, 3, 1));
    bushra.detainee.id = 1;
    bushra.detainee.gender = Some(Gender::Female);
    bushra.detainee.father_name = Some("Allah Ditta".into());
    bushra.detainee.pregnant = Some(true);
    bushra.detainee.due_date = Some(date(2027, 1, 20));
    bushra.detainee.children_in_prison = Some(2);
    bushra.detainee.prison = Some("Women Jail Karachi".into());
    bushra.detainee.prisoner_number = Some("WJK-2291".into());
    bushra.case.law = Law::Sindh2024;
    bushra.case.section = Some("9(1)3(b)".into());
    bushra.case.fir_number = Some("112/2026".into());
    bushra.case.fir_date = Some(date(2026, 2, 28));
    bushra.case.police_station = Some("Saddar".into());
    bushra.case.district = Some("Karachi South".into());
    bushra.case.substance = Some(Substance::Charas);
    bushra.case.quantity_grams = Some(80.0);
    bushra.case.bail_status = Some(BailStatus::Rejected);
    bushra
        .hearings
        .push(hearing_on(date(2026, 10, 2), Some("adjourned, no witness")));
    bushra.hearings.push(hearing_on(date(2026, 12, 2), None));
    bushra.findings.push(Finding {
        code: Weakness::SampleLate,
        note: Some("road certificate dated 5 days after seizure".into()),
    });
    bushra.detainee.notes = Some("Asks about her children's schooling.".into());
    people.push(bushra);

    let mut aslam = Record::new("Muhammad Aslam", date(2025, 6, 10));
    aslam.detainee.id = 2;
    aslam.detainee.gender = Some(Gender::Male);
    aslam.detainee.age_at_arrest = Some(34);
    aslam.detainee.health = vec![Health::Hiv];
    aslam.detainee.prison = Some("Central Jail Lahore".into());
    aslam.case.stage = Stage::Trial;
    aslam.case.lawyer = Some("Ayesha Khan".into());
    aslam.case.police_station = Some("Ravi Road".into());
    aslam.case.fir_number = Some("77/2025".into());
    aslam.case.bail_status = Some(BailStatus::NotApplied);
    aslam.hearings.push(hearing_on(
        date(2026, 11, 20),
        Some("prosecution witness absent"),
    ));
    people.push(aslam);

    let mut zahid = Record::new("Zahid Hussain", date(2026, 10, 1));
    zahid.detainee.id = 3;
    zahid.detainee.gender = Some(Gender::Male);
    zahid.detainee.age_at_arrest = Some(16);
    zahid.detainee.prison = Some("Borstal Institution Bahawalpur".into());
    zahid.case.lawyer = Some("Legal Aid Society".into());
    zahid.hearings.push(hearing_on(date(2026, 12, 6), None));
    people.push(zahid);

    let mut urdu = Record::new("محمد اسلم", date(2026, 9, 15));
    urdu.detainee.id = 4;
    urdu.detainee.gender = Some(Gender::Male);
    urdu.detainee.prison = Some("Adiala Jail Rawalpindi".into());
    urdu.case.first_offence = Some(true);
    people.push(urdu);

    let mut gul = Record::new("Gul Khan", date(2026, 7, 1));
    gul.detainee.id = 5;
    gul.detainee.gender = Some(Gender::Male);
    gul.detainee.age_at_arrest = Some(62);
    gul.detainee.health = vec![Health::OpioidDependence];
    gul.detainee.prison = Some("District Jail Peshawar".into());
    gul.case.law = Law::Kp2019;
    gul.case.quantity_grams = Some(50.0);
    gul.case.lawyer = Some("Sana Malik".into());
    gul.hearings.push(hearing_on(date(2026, 12, 20), None));
    people.push(gul);

    let mut rashid = Record::new("Rashid Ali", date(2026, 11, 20));
    rashid.detainee.id = 6;
    rashid.detainee.gender = Some(Gender::Male);
    rashid.detainee.prison = Some("Camp Jail Lahore".into());
    rashid.case.lawyer = Some("Ayesha Khan".into());
    rashid.hearings.push(hearing_on(date(2026, 12, 21), None));
    people.push(rashid);

    let mut naveed = Record::new("Naveed Akhtar", date(2025, 1, 1));
    naveed.detainee.id = 7;
    naveed.case.stage = Stage::Released;
    people.push(naveed);

    let mut odd = Record::new("Evil\u{1b}]52;c;aGk=\u{7} \u{202e}Name", date(2026, 11, 1));
    odd.detainee.id = 8;
    odd.detainee.prison = Some("Jail\u{1b}[2J".into());
    odd.case.lawyer = Some("Sana Malik".into());
    people.push(odd);

    people
}

/// How many cells `line` takes on a terminal.
pub fn width(line: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(line)
}

/// Every screen (a new one: add it here and to [`reach`]).
pub const MODES: [Mode; 17] = [
    Mode::List,
    Mode::Search,
    Mode::Filter,
    Mode::Detail,
    Mode::Hearings,
    Mode::Export,
    Mode::Help,
    Mode::Form,
    Mode::Hearing,
    Mode::Confirm,
    Mode::Conflict,
    Mode::Released,
    Mode::Calendar,
    Mode::Stats,
    Mode::Bulk,
    Mode::Views,
    Mode::Duplicates,
];
