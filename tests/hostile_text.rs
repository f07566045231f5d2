//! Hostile text from a CSV, rendered through the real crossterm backend into a byte buffer: no
//! escape sequence reaches the terminal but the program's own, and Urdu survives.

use caseload::domain::weights::Weights;
use caseload::tui::action::Action;
use caseload::tui::app::App;
use caseload::tui::view;
use chrono::NaiveDate;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;

const HOSTILE_CSV: &str = concat!(
    "name,father_name,arrest_date,prison,police_station,fir_number,notes\n",
    // Clear the screen, then move the cursor home.
    "\"Evil\u{1b}[2J\u{1b}[HClear\",Father,2026-06-01,Central Jail Karachi,Kalri,1/2026,x\n",
    // Set the window title (OSC 0) and write the clipboard (OSC 52), BEL and ST terminated.
    "\"Title\u{1b}]0;pwned\u{7}\",\"Clip\u{1b}]52;c;cm0gLXJmIH4=\u{1b}\\\\\",2026-06-02,Adiala,Saddar,2/2026,x\n",
    // C1 controls: CSI as a single code point, and NEL.
    "\"C1\u{9b}31mred\u{85}\",Father,2026-06-03,Adiala,Saddar,3/2026,x\n",
    // Bidi overrides that would make a name read backwards.
    "\"Ali\u{202e}nawsR\u{202c}\u{2066}x\u{2069}\u{200f}\u{61c}\",Father,2026-06-04,Adiala,Saddar,4/2026,x\n",
    // Urdu and emoji must survive.
    "محمد اسلم 🙂,غلام رسول,2026-06-05,Adiala,Saddar,5/2026,x\n",
);

/// The longest name the limits allow (200 characters), with 5,000 characters of notes.
fn long_name_csv() -> String {
    format!(
        "{}\"{}\",Father,2026-06-06,Adiala,Saddar,6/2026,{}\n",
        HOSTILE_CSV,
        "A".repeat(200),
        "N".repeat(5000)
    )
}

/// Every escape sequence in `bytes`, as text after the ESC.
fn escape_sequences(bytes: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = bytes;
    while let Some(at) = rest.find('\u{1b}') {
        let tail = &rest[at + 1..];
        let end = tail
            .char_indices()
            .find(|(i, c)| *i > 0 && c.is_ascii_alphabetic())
            .map_or(tail.len(), |(i, c)| i + c.len_utf8());
        found.push(tail[..end].to_string());
        rest = &tail[end.min(tail.len())..];
    }
    found
}

/// A writer whose bytes stay readable after the backend took it.
#[derive(Clone, Default)]
struct Captured(Rc<RefCell<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Renders the app's current screen through crossterm into bytes.
fn render(app: &App, width: u16, height: u16) -> String {
    let captured = Captured::default();
    let backend = CrosstermBackend::new(captured.clone());
    let mut terminal = Terminal::with_options(
        backend,
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, width, height)),
        },
    )
    .expect("terminal");
    terminal
        .draw(|frame| {
            view::draw(frame, app);
        })
        .expect("draw");
    drop(terminal);
    let bytes = captured.0.borrow().clone();
    String::from_utf8(bytes).expect("utf8 output")
}

fn assert_only_own_sequences(output: &str) {
    for sequence in escape_sequences(output) {
        // ratatui's own: CSI cursor moves, colours/attributes, cursor show/hide.
        assert!(sequence.starts_with('['), "foreign escape: ESC{sequence:?}");
        assert!(!sequence.contains("2J"), "clear screen got through");
        let last = sequence.chars().last().unwrap_or(' ');
        assert!("Hmlh".contains(last), "unexpected CSI: ESC{sequence:?}");
    }
    for forbidden in [
        '\u{7}', '\u{9b}', '\u{85}', '\u{202e}', '\u{2066}', '\u{200f}', '\u{61c}',
    ] {
        assert!(
            !output.contains(forbidden),
            "{forbidden:?} reached the terminal"
        );
    }
    assert!(!output.contains("\u{1b}]"), "OSC reached the terminal");
}

#[test]
fn hostile_names_never_reach_the_terminal_as_control_sequences() {
    let records = caseload::import::parse_csv("hostile.csv", long_name_csv().as_bytes())
        .expect("hostile text is still valid CSV");
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    let mut app = App::new(records, today, Weights::default(), "caseload".into());
    let list = render(&app, 80, 24);
    assert_only_own_sequences(&list);
    assert!(list.contains("محمد"), "Urdu lost: {list}");
    assert!(list.contains("🙂"));
    assert!(list.contains('…'), "the 200-character name is cut");

    // Every person's detail page, where notes and every field are shown.
    for _ in 0..app.visible_len() {
        app.update(Action::Open);
        let page = render(&app, 80, 24);
        assert_only_own_sequences(&page);
        app.update(Action::Back);
        app.update(Action::MoveDown);
    }
    // And the wide layout with list and detail side by side.
    assert_only_own_sequences(&render(&app, 160, 40));
}

#[test]
fn command_output_is_sanitised_too() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("h.csv"), long_name_csv()).expect("write");
    let run = |args: &[&str]| {
        let output = assert_cmd::Command::cargo_bin("caseload")
            .expect("bin")
            .current_dir(dir.path())
            .args(["--today", "2026-12-01", "--db", "h.db"])
            .args(args)
            .output()
            .expect("runs");
        assert!(output.status.success(), "{args:?}");
        String::from_utf8(output.stdout).expect("utf8")
    };
    run(&["import", "h.csv"]);
    for args in [
        vec!["list"],
        vec!["explain", "1"],
        vec!["checklist", "--date", "2026-12-01", "--format", "txt"],
        vec!["checklist", "--id", "2", "--format", "md"],
    ] {
        let out = run(&args);
        assert!(!out.contains('\u{1b}'), "{args:?}: {out}");
        assert!(
            !out.contains('\u{9b}') && !out.contains('\u{202e}'),
            "{args:?}"
        );
    }
    assert!(run(&["list"]).contains("محمد اسلم"));
}

#[test]
fn csv_output_cannot_smuggle_spreadsheet_formulas() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("f.csv"),
        "name,father_name,arrest_date,prison\n\"=HYPERLINK(\"\"http://x\"\")\",+cmd,2026-06-01,@SUM(A1)\n",
    )
    .expect("write");
    let run = |args: &[&str]| {
        let output = assert_cmd::Command::cargo_bin("caseload")
            .expect("bin")
            .current_dir(dir.path())
            .args(["--today", "2026-12-01", "--db", "f.db"])
            .args(args)
            .output()
            .expect("runs");
        assert!(output.status.success(), "{args:?}");
        String::from_utf8(output.stdout).expect("utf8")
    };
    run(&["import", "f.csv"]);
    let csv = run(&["list", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let row = reader.records().next().expect("one row").expect("parses");
    for cell in row.iter() {
        assert!(
            !cell.starts_with(['=', '+', '-', '@']),
            "formula-like cell {cell:?} in {csv}"
        );
    }
    assert!(csv.contains("'=HYPERLINK"));
}

/// The escape sequence of issue 11: retitle the window, then clear the screen.
const EVIL: &str = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{202e}";

/// Raw control bytes a terminal would act on: ESC, BEL, other C0 but newline, C1, bidi.
fn raw_controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
        })
        .collect()
}

/// Every error and confirmation path of the command line, fed hostile values: nothing raw
/// reaches standard output or standard error (messages go through `cli::say` and `main`).
#[test]
fn hostile_values_in_errors_and_confirmations_never_reach_the_terminal_raw() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let evil_csv = format!("evil{EVIL}.csv");
    std::fs::write(
        d.join(&evil_csv),
        format!("name,father_name,arrest_date,prison\n\"Ali{EVIL}\",Father,2026-06-01,Adiala\n"),
    )
    .expect("write");
    std::fs::write(
        d.join("bad-value.csv"),
        format!("name,arrest_date,gender\nAli,\"{EVIL}\",\"{EVIL}\"\n"),
    )
    .expect("write");
    std::fs::write(
        d.join("bad-column.csv"),
        format!("name,arrest_date,\"col{EVIL}\"\nAli,2026-06-01,x\n"),
    )
    .expect("write");
    let name = format!("name=Ali{EVIL}");
    let bad_date = format!("arrest_date={EVIL}");
    let bad_field = format!("na{EVIL}me=x");
    let bad_db = format!("/no{EVIL}where/c.db");
    let evil_out = format!("out{EVIL}.md");
    let runs: Vec<Vec<&str>> = vec![
        vec!["import", &evil_csv, "--dry-run"],
        vec!["import", &evil_csv],
        vec!["import", "bad-value.csv"],
        vec!["import", "bad-column.csv"],
        vec!["add", &name, "arrest_date=2026-06-02", "father_name=F"],
        vec!["add", "name=Bilal", &bad_date],
        vec!["add", &bad_field],
        vec!["update", "1", &bad_field],
        vec!["update", "1", &bad_date],
        vec!["update", "1", &name],
        vec!["hearing", "1", "--outcome", EVIL],
        vec!["hearing", "1", "--outcome", "adjourned", "--next", EVIL],
        vec!["show", "1"],
        vec!["show", "2"],
        vec!["history", "1"],
        vec!["explain", "1"],
        vec!["explain", EVIL],
        vec!["list", "--search", EVIL],
        vec![
            "checklist",
            "--id",
            "1",
            "--format",
            "txt",
            "--out",
            &evil_out,
        ],
        vec!["--today", EVIL, "list"],
        vec!["--db", &bad_db, "list"],
        vec!["--db", &bad_db, "import", &evil_csv],
        vec!["backup", &bad_db],
    ];
    for args in &runs {
        let output = assert_cmd::Command::cargo_bin("caseload")
            .expect("bin")
            .current_dir(d)
            .env("HOME", d)
            .env("XDG_DATA_HOME", d.join("data"))
            .env("XDG_CONFIG_HOME", d.join("config"))
            // Clap, told it is on a colour terminal, would pass a bad value's escapes through.
            .env("CLICOLOR_FORCE", "1")
            .args(["--today", "2026-12-01", "--db", "h.db"])
            .args(args)
            .output()
            .expect("runs");
        for (stream, bytes) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
            let text = String::from_utf8_lossy(bytes);
            let raw = raw_controls(&text);
            assert!(raw.is_empty(), "{args:?} {stream}: {raw:?} in {text}");
        }
    }
}
