//! The performance harness behind BENCHMARKS.md: generates caseloads, times the real binary cold
//! (list, search, import, generate) against the `sqlite3`/`fzf` references, and drives the App
//! with key events, drawing through the TUI's own `draw_frame` into a writer that counts bytes.
//! Shared by `cargo bench --bench perf` (full sizes) and the CI smoke test (10k, debug).

// wait4 reaps the children (for their peak RSS), which clippy cannot see.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::zombie_processes,
    clippy::type_complexity
)]

use caseload::domain::checklist::{Privacy, Rules};
use caseload::domain::daysheet::{DayFilter, day_sheet};
use caseload::domain::demo;
use caseload::domain::model::{Hearing, Record};
use caseload::domain::render;
use caseload::domain::weights::Weights;
use caseload::store::{OpenMode, Store};
use caseload::tui::app::{App, Effect};
use caseload::tui::{draw_frame, loader};
use chrono::{Days, NaiveDate};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::cell::Cell;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::rc::Rc;
use std::time::{Duration, Instant};

/// The query typed in the search measurements, as in the issue.
pub const QUERY: &str = "muhamad asl";

/// What to run.
pub struct Config {
    pub sizes: Vec<usize>,
    /// Repeats of each cold-start measurement.
    pub runs: usize,
    /// Where databases and CSV files go (reused between runs when the size matches).
    pub dir: PathBuf,
    /// The `caseload` binary to time.
    pub bin: PathBuf,
    pub today: NaiveDate,
    /// Largest size at which import is measured (a 1M import takes minutes today).
    pub import_max: usize,
}

/// One measured figure.
#[derive(Debug, Clone)]
pub struct Figure {
    pub size: usize,
    pub measure: String,
    pub unit: &'static str,
    pub median: f64,
    pub p95: f64,
    pub target: String,
    /// The reference's median, same unit, when there is one.
    pub reference: Option<(String, f64)>,
    /// Whether the target is met (None: no numeric target).
    pub met: Option<bool>,
}

fn stat(samples: &mut [f64]) -> (f64, f64) {
    if samples.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    samples.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.95))
}

/// A writer that only counts what would reach the terminal.
#[derive(Clone, Default)]
pub struct Counter(pub Rc<Cell<usize>>);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.set(self.0.get() + buf.len());
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Runs `bin args…` with output to /dev/null; wall time and peak RSS (KB) of the child.
fn timed_child(program: &Path, args: &[&str], shell: Option<&str>) -> (Duration, u64) {
    let rss_file = std::env::temp_dir().join(format!("caseload-bench-rss-{}", std::process::id()));
    let _ = std::fs::remove_file(&rss_file);
    let mut command = match shell {
        Some(script) => {
            let mut c = Command::new("sh");
            c.arg("-c").arg(script);
            c
        }
        // Through GNU time when present: a child spawned straight from this (large) process
        // inherits its peak RSS across exec, so its own `ru_maxrss` would be ours.
        None if Path::new("/usr/bin/time").exists() => {
            let mut c = Command::new("/usr/bin/time");
            c.args(["-f", "%M", "-o"])
                .arg(&rss_file)
                .arg(program)
                .args(args);
            c
        }
        None => {
            let mut c = Command::new(program);
            c.args(args);
            c
        }
    };
    command.stdout(Stdio::null()).stderr(Stdio::null());
    let started = Instant::now();
    let child = command.spawn().expect("spawn");
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waiting on our own child; rusage is a plain C struct.
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    let elapsed = started.elapsed();
    assert!(pid > 0, "wait4 failed");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{} {args:?} {shell:?} failed",
        program.display()
    );
    let measured = std::fs::read_to_string(&rss_file)
        .ok()
        .and_then(|text| text.trim().lines().last()?.trim().parse().ok());
    let _ = std::fs::remove_file(&rss_file);
    (elapsed, measured.unwrap_or(usage.ru_maxrss as u64))
}

fn have(tool: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// Feeds `key` to the app as the event loop does (reading any record the page on screen needs
/// before drawing) and draws; returns (time, bytes written).
fn press(
    terminal: &mut Terminal<CrosstermBackend<Counter>>,
    app: &mut App,
    store: &mut Store,
    counter: &Counter,
    event: KeyEvent,
) -> (Duration, usize) {
    let before = counter.0.get();
    let started = Instant::now();
    if let Some(action) = app.keymap.action(app.screen(), event) {
        app.update(action);
    }
    read_wanted(app, store);
    draw_frame(terminal, app).expect("draw");
    (started.elapsed(), counter.0.get() - before)
}

/// Reads what the page on screen waits for, as the event loop does before drawing.
fn read_wanted(app: &mut App, store: &mut Store) {
    let exports = caseload::tui::effects::ExportSettings {
        rules: Rules::defaults(),
        dir: std::env::temp_dir().join("caseload-bench-exports"),
    };
    while let Some(effect) = app.wanted() {
        caseload::tui::execute(store, app, effect, &exports, None);
    }
}

fn terminal(width: u16, height: u16) -> (Terminal<CrosstermBackend<Counter>>, Counter) {
    let counter = Counter::default();
    let terminal = Terminal::with_options(
        CrosstermBackend::new(counter.clone()),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, width, height)),
        },
    )
    .expect("terminal");
    (terminal, counter)
}

/// A row of the import format (DOMAIN.md §6) for a demo record.
fn csv_row(r: &Record) -> Vec<String> {
    let d = &r.detainee;
    let c = &r.case;
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    let yn = |v: Option<bool>| v.map_or(String::new(), |b| if b { "yes" } else { "no" }.into());
    let date = |v: Option<NaiveDate>| v.map_or(String::new(), |d| d.to_string());
    vec![
        d.name.clone(),
        o(&d.father_name),
        d.gender.map_or(String::new(), |g| g.code().into()),
        date(d.date_of_birth),
        d.age_at_arrest.map_or(String::new(), |a| a.to_string()),
        yn(d.juvenile_claimed),
        yn(d.pregnant),
        date(d.due_date),
        d.children_in_prison
            .map_or(String::new(), |n| n.to_string()),
        d.health
            .iter()
            .map(|h| h.code())
            .collect::<Vec<_>>()
            .join(";"),
        o(&d.prison),
        o(&d.prisoner_number),
        c.law.code().into(),
        o(&c.section),
        o(&c.fir_number),
        o(&c.police_station),
        o(&c.district),
        date(c.fir_date),
        c.arrest_date.to_string(),
        date(r.hearings.last().map(|h| h.date)),
        c.substance.map_or(String::new(), |s| s.code().into()),
        c.quantity_grams.map_or(String::new(), |q| q.to_string()),
        c.stage.code().into(),
        c.bail_status.map_or(String::new(), |b| b.code().into()),
        yn(c.capital_charge),
        yn(c.previous_conviction),
        yn(c.delay_by_defence),
        yn(c.first_offence),
        o(&c.court),
        o(&c.lawyer),
        o(&d.notes),
        r.findings
            .iter()
            .map(|f| f.code.code())
            .collect::<Vec<_>>()
            .join(";"),
    ]
}

const CSV_HEADER: &str = "name,father_name,gender,date_of_birth,age,juvenile_claimed,pregnant,due_date,children_in_prison,health,prison,prisoner_number,law,section,fir_number,police_station,district,fir_date,arrest_date,next_hearing,substance,quantity_grams,stage,bail_status,capital_charge,previous_conviction,delay_by_defence,first_offence,court,lawyer,notes,weaknesses";

fn write_csv(path: &Path, size: usize, today: NaiveDate) {
    let mut w = csv::Writer::from_path(path).expect("csv");
    w.write_record(CSV_HEADER.split(',')).expect("header");
    for r in demo::generate(size, 99, today) {
        w.write_record(csv_row(&r)).expect("row");
    }
    w.flush().expect("flush");
}

/// Runs every measurement at every size; prints and returns the figures.
pub fn run(cfg: &Config) -> Vec<Figure> {
    std::fs::create_dir_all(&cfg.dir).expect("bench dir");
    let today = cfg.today.to_string();
    let figures = std::cell::RefCell::new(Vec::new());
    let sqlite3 = have("sqlite3");
    let fzf = have("fzf");
    for &size in &cfg.sizes {
        let add = |measure: &str,
                   unit: &'static str,
                   samples: &mut Vec<f64>,
                   target: &str,
                   limit: Option<f64>,
                   reference: Option<(String, f64)>| {
            let (median, p95) = stat(samples);
            let met = limit
                .map(|l| p95 <= l)
                .or_else(|| reference.as_ref().map(|(_, r)| median <= *r));
            let figure = Figure {
                size,
                measure: measure.to_string(),
                unit,
                median,
                p95,
                target: target.to_string(),
                reference,
                met,
            };
            eprintln!("{}", row(&figure));
            figures.borrow_mut().push(figure);
        };
        let db = cfg.dir.join(format!("caseload-{size}.db"));
        let dbs = db.to_str().expect("utf-8 path");

        // generate (once; a matching file is reused and its rate not re-measured)
        let present = Store::open(&db, OpenMode::MustExist)
            .and_then(|s| s.count())
            .unwrap_or(-1);
        if present != size as i64 {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{dbs}{suffix}"));
            }
            let rows = size.to_string();
            let (t, _) = timed_child(
                &cfg.bin,
                &["--db", dbs, "--today", &today, "generate", "--rows", &rows],
                None,
            );
            let rate = size as f64 / t.as_secs_f64();
            add(
                "generate (people/s)",
                "/s",
                &mut vec![rate],
                "fast",
                None,
                None,
            );
        }

        // import a CSV of `size` rows into a new file
        if size <= cfg.import_max {
            let csv_path = cfg.dir.join(format!("import-{size}.csv"));
            if !csv_path.exists() {
                write_csv(&csv_path, size, cfg.today);
            }
            let target_db = cfg.dir.join(format!("import-{size}.db"));
            let mut rates = Vec::new();
            for _ in 0..cfg.runs.min(2) {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", target_db.display()));
                }
                let (t, _) = timed_child(
                    &cfg.bin,
                    &[
                        "--db",
                        target_db.to_str().expect("path"),
                        "import",
                        csv_path.to_str().expect("path"),
                    ],
                    None,
                );
                rates.push(size as f64 / t.as_secs_f64());
            }
            // Higher is better: report the slower run as p95.
            let (m, _) = stat(&mut rates);
            let low = rates.iter().cloned().fold(f64::INFINITY, f64::min);
            let met = m >= 250_000.0;
            let figure = Figure {
                size,
                measure: "import (rows/s)".into(),
                unit: "/s",
                median: m,
                p95: low,
                target: "≥ 250,000 rows/s".into(),
                reference: None,
                met: Some(met),
            };
            eprintln!("{}", row(&figure));
            figures.borrow_mut().push(figure);
        }

        // references
        let reference_read =
            sqlite3.then(|| {
                let mut s: Vec<f64> = (0..cfg.runs)
                .map(|_| {
                    let script = format!(
                        "sqlite3 '{dbs}' 'SELECT * FROM detainees; SELECT * FROM cases;' >/dev/null"
                    );
                    timed_child(Path::new("sh"), &[], Some(&script)).0.as_secs_f64() * 1e3
                })
                .collect();
                stat(&mut s).0
            });
        let reference_fzf = (sqlite3 && fzf).then(|| {
            let mut s: Vec<f64> = (0..cfg.runs)
                .map(|_| {
                    let script = format!(
                        "sqlite3 '{dbs}' 'SELECT name FROM detainees' | fzf --filter '{QUERY}' >/dev/null"
                    );
                    timed_child(Path::new("sh"), &[], Some(&script)).0.as_secs_f64() * 1e3
                })
                .collect();
            stat(&mut s).0
        });

        // cold `list --limit 20`: ranked from a cold process, and its peak memory
        let mut times = Vec::new();
        let mut rss = Vec::new();
        for _ in 0..cfg.runs {
            let (t, kb) = timed_child(
                &cfg.bin,
                &["--db", dbs, "--today", &today, "list", "--limit", "20"],
                None,
            );
            times.push(t.as_secs_f64() * 1e3);
            rss.push(kb as f64 / 1024.0);
        }
        add(
            "cold `list --limit 20`: fully ranked (ms)",
            "ms",
            &mut times,
            "≤ sqlite3 reading all detainee+case rows",
            None,
            reference_read.map(|r| ("sqlite3 read all".to_string(), r)),
        );
        let mut times = Vec::new();
        for _ in 0..cfg.runs {
            let (t, kb) = timed_child(
                &cfg.bin,
                &[
                    "--db", dbs, "--today", &today, "list", "--search", QUERY, "--limit", "20",
                ],
                None,
            );
            times.push(t.as_secs_f64() * 1e3);
            rss.push(kb as f64 / 1024.0);
        }
        add(
            "cold `list --search Q --limit 20` (ms)",
            "ms",
            &mut times,
            r"≤ sqlite3 \| fzf --filter",
            None,
            reference_fzf.map(|r| (r"sqlite3 \| fzf".to_string(), r)),
        );
        let limit = (size >= 1_000_000).then_some(200.0);
        add(
            "peak RSS, `list` (MB)",
            "MB",
            &mut rss,
            "≤ 200 MB at 1M",
            limit,
            None,
        );

        // in-process: the TUI's start as `tui::run` does it. A previous session has ranked
        // everyone and left the rank cache (the loader writes it), so the start is warm.
        let weights = Weights::default();
        let baseline_mb = rss_mb("VmRSS");
        reset_peak_rss();
        let loaded = loader::load_everyone(&db, None, cfg.today, &weights).expect("load everyone");
        drop(loaded);
        let mut first_frame = Vec::new();
        for _ in 0..cfg.runs.max(3) {
            let started = Instant::now();
            let store = Store::open(&db, OpenMode::MustExist).expect("open");
            let mut app = loader::preview(&store, cfg.today, weights.clone(), "bench".into())
                .expect("preview");
            let (mut term, _) = terminal(80, 24);
            draw_frame(&mut term, &mut app).expect("draw");
            first_frame.push(started.elapsed().as_secs_f64() * 1e3);
        }
        add(
            "TUI: first frame, most urgent rows from the rank cache (ms)",
            "ms",
            &mut first_frame,
            "≤ 100 ms warm at 1M",
            (size >= 1_000_000).then_some(100.0),
            None,
        );
        let mut store = Store::open(&db, OpenMode::MustExist).expect("open");
        let mut app =
            loader::preview(&store, cfg.today, weights.clone(), "bench".into()).expect("preview");
        let started = Instant::now();
        let loaded = loader::load_everyone(&db, None, cfg.today, &weights).expect("load everyone");
        let read = started.elapsed();
        app.roster_loaded(loaded.roster, loaded.ranked, loaded.archived);
        let (mut term, _) = terminal(80, 24);
        draw_frame(&mut term, &mut app).expect("draw");
        let everyone = started.elapsed();
        add(
            "TUI: fully ranked and searchable, behind the first frame (ms)",
            "ms",
            &mut vec![everyone.as_secs_f64() * 1e3],
            "≤ sqlite3 reading all detainee+case rows",
            None,
            reference_read.map(|r| ("sqlite3 read all".to_string(), r)),
        );
        add(
            "TUI: of which load and rank on the loader thread (ms)",
            "ms",
            &mut vec![read.as_secs_f64() * 1e3],
            "",
            None,
            None,
        );

        for (width, height) in [(80u16, 24u16), (200, 50)] {
            let (mut term, counter) = terminal(width, height);
            let mut app = app.clone();
            draw_frame(&mut term, &mut app).expect("draw");
            read_wanted(&mut app, &mut store);
            draw_frame(&mut term, &mut app).expect("draw");
            let at = format!("{width}x{height}");
            // idle: a redraw with nothing changed
            let before = counter.0.get();
            draw_frame(&mut term, &mut app).expect("draw");
            let idle = (counter.0.get() - before) as f64;
            // Idle writes nothing because the loop draws only after an event; this is what a
            // forced redraw with nothing changed costs (sync markers and cursor, no cells).
            add(
                &format!("redraw with nothing changed, bytes, {at}"),
                "B",
                &mut vec![idle],
                "idle: no redraw at all",
                None,
                None,
            );
            // selection move within the page
            let (mut t, mut b) = (Vec::new(), Vec::new());
            for i in 0..20 {
                let code = if i % 2 == 0 {
                    KeyCode::Down
                } else {
                    KeyCode::Up
                };
                let (d, n) = press(&mut term, &mut app, &mut store, &counter, key(code));
                t.push(d.as_secs_f64() * 1e3);
                b.push(n as f64);
            }
            let full = full_frame(width, height, &app);
            add(
                &format!("selection move bytes, {at}"),
                "B",
                &mut b,
                "≤ 600 B at 80x24",
                (width == 80).then_some(600.0),
                None,
            );
            add(
                &format!("selection move key→frame (ms), {at}"),
                "ms",
                &mut t,
                "≤ 16 ms",
                Some(16.0),
                None,
            );
            // viewport scroll by one row: selection on the last visible row, then down
            let rows = term.get_frame().area().height as usize;
            for _ in 0..rows {
                press(
                    &mut term,
                    &mut app,
                    &mut store,
                    &counter,
                    key(KeyCode::Down),
                );
            }
            let (mut t, mut b) = (Vec::new(), Vec::new());
            for _ in 0..20 {
                let (d, n) = press(
                    &mut term,
                    &mut app,
                    &mut store,
                    &counter,
                    key(KeyCode::Down),
                );
                t.push(d.as_secs_f64() * 1e3);
                b.push(n as f64);
            }
            add(
                &format!("scroll one row bytes, {at} (full frame {full} B)"),
                "B",
                &mut b,
                "≤ full frame; stretch ≤ 400 B",
                Some(full as f64),
                None,
            );
            add(
                &format!("scroll one row key→frame (ms), {at}"),
                "ms",
                &mut t,
                "≤ 16 ms",
                Some(16.0),
                None,
            );
            let (mut t, mut b) = (Vec::new(), Vec::new());
            for _ in 0..20 {
                let (d, n) = press(
                    &mut term,
                    &mut app,
                    &mut store,
                    &counter,
                    key(KeyCode::PageDown),
                );
                t.push(d.as_secs_f64() * 1e3);
                b.push(n as f64);
            }
            add(
                &format!("PageDown bytes, {at}"),
                "B",
                &mut b,
                "≤ full frame",
                Some(full as f64),
                None,
            );
            add(
                &format!("PageDown key→frame (ms), {at}"),
                "ms",
                &mut t,
                "≤ 16 ms",
                Some(16.0),
                None,
            );
            // search: type the query a letter at a time, then delete it. The frame that echoes
            // the key comes first; the worker's result is a second frame (timed here as the
            // search itself plus that frame, each search run to the end).
            press(
                &mut term,
                &mut app,
                &mut store,
                &counter,
                key(KeyCode::Char('/')),
            );
            let (mut t, mut b) = (Vec::new(), Vec::new());
            let (mut rt, mut rb) = (Vec::new(), Vec::new());
            let keys = QUERY
                .chars()
                .map(KeyCode::Char)
                .chain(QUERY.chars().map(|_| KeyCode::Backspace));
            for code in keys {
                let before = counter.0.get();
                let started = Instant::now();
                let mut effects = Vec::new();
                if let Some(action) = app.keymap.action(app.screen(), key(code)) {
                    effects = app.update(action);
                }
                draw_frame(&mut term, &mut app).expect("draw");
                t.push(started.elapsed().as_secs_f64() * 1e3);
                b.push((counter.0.get() - before) as f64);
                let before = counter.0.get();
                let started = Instant::now();
                for effect in effects {
                    if let Effect::Search(request) = effect {
                        app.search_done(request.run());
                    }
                }
                draw_frame(&mut term, &mut app).expect("draw");
                rt.push(started.elapsed().as_secs_f64() * 1e3);
                rb.push((counter.0.get() - before) as f64);
            }
            let search_limit = match size {
                s if s >= 1_000_000 => Some(100.0),
                s if s >= 100_000 => Some(16.0),
                _ => None,
            };
            add(
                &format!("search keystroke bytes (echo), {at}"),
                "B",
                &mut b,
                "",
                None,
                None,
            );
            add(
                &format!("search keystroke→frame (ms), {at}"),
                "ms",
                &mut t,
                "p95 ≤ 16 ms at 100k, ≤ 100 ms at 1M",
                search_limit,
                None,
            );
            add(
                &format!("search results→frame on the worker (ms), {at}"),
                "ms",
                &mut rt,
                "results may follow",
                None,
                None,
            );
            add(
                &format!("search results bytes, {at}"),
                "B",
                &mut rb,
                "",
                None,
                None,
            );
            press(&mut term, &mut app, &mut store, &counter, key(KeyCode::Esc));
        }
        add(
            "TUI: peak RSS loading, ranking, drawing, searching (MB, in process)",
            "MB",
            &mut vec![rss_mb("VmHWM")],
            "≤ 200 MB at 1M",
            (size >= 1_000_000).then_some(200.0),
            None,
        );
        add(
            "TUI: harness RSS before loading (MB, included above)",
            "MB",
            &mut vec![baseline_mb],
            "",
            None,
            None,
        );

        // checklist export: a day sheet of 500 hearings, each format
        let day = cfg.today + Days::new(3);
        let ids: Vec<i64> = app
            .ranked()
            .iter()
            .take(500)
            .filter_map(|r| app.roster().entry(r.index).map(|e| e.id))
            .collect();
        let mut sheet: Vec<Record> = store.get_many(&ids).expect("records");
        for r in &mut sheet {
            r.hearings.retain(|h| h.date != day);
            r.hearings.push(Hearing {
                id: 0,
                date: day,
                court: r.case.court.clone(),
                purpose: Some("bail".into()),
                outcome: None,
            });
        }
        let rules = Rules::defaults();
        let filter = DayFilter {
            date: Some(day),
            court: None,
            lawyer: None,
            people: None,
        };
        let formats: [(&str, fn(&caseload::domain::daysheet::Export) -> usize); 4] = [
            ("markdown", |e| render::markdown(e).len()),
            ("text", |e| render::plain(e).len()),
            ("html", |e| render::html(e).len()),
            ("pdf", |e| render::pdf(e).map(|b| b.len()).unwrap_or(0)),
        ];
        for (name, render) in formats {
            let mut t = Vec::new();
            for _ in 0..cfg.runs.min(3) {
                let started = Instant::now();
                let export = day_sheet(
                    &sheet,
                    day,
                    &filter,
                    cfg.today,
                    &weights,
                    &rules,
                    Privacy::default(),
                    "bench".into(),
                );
                assert_eq!(export.checklists.len(), sheet.len());
                assert!(render(&export) > 0);
                t.push(started.elapsed().as_secs_f64() * 1e3);
            }
            add(
                &format!("day sheet of {} hearings, {name} (ms)", sheet.len()),
                "ms",
                &mut t,
                "",
                None,
                None,
            );
        }
        drop(app);
    }
    figures.into_inner()
}

/// Bytes of a full repaint of the list at this size (the "one full frame" yardstick).
/// Starts a new peak-RSS measurement for this process (Linux: `clear_refs` 5 resets VmHWM).
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// A line of /proc/self/status (`VmRSS`, `VmHWM`) in MB; NaN where unavailable.
fn rss_mb(field: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with(field))?;
            let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(kb / 1024.0)
        })
        .unwrap_or(f64::NAN)
}

fn full_frame(width: u16, height: u16, app: &App) -> usize {
    let (mut term, counter) = terminal(width, height);
    let mut app = app.clone();
    draw_frame(&mut term, &mut app).expect("draw");
    counter.0.get()
}

/// A Markdown table row for a figure.
pub fn row(f: &Figure) -> String {
    let num = |v: f64| {
        if v.is_nan() {
            "-".to_string()
        } else if v >= 100.0 {
            format!("{v:.0}")
        } else {
            format!("{v:.1}")
        }
    };
    let (reference, ratio) = match &f.reference {
        Some((name, r)) => (
            format!("{name}: {}", num(*r)),
            format!("{:.2}", f.median / r),
        ),
        None => ("".into(), "".into()),
    };
    let met = match f.met {
        Some(true) => "yes",
        Some(false) => "**no**",
        None => "",
    };
    format!(
        "| {} | {} | {} | {} | {} | {} | {} | {} |",
        f.size,
        f.measure,
        num(f.median),
        num(f.p95),
        f.target,
        reference,
        ratio,
        met
    )
}

pub const TABLE_HEAD: &str = "| people | measure | median | p95 | target | reference (median) | ratio | met |\n| --- | --- | --- | --- | --- | --- | --- | --- |";
