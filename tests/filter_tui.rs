//! The filter line (`f`) and sorting (`s`, `S`) in the terminal UI (issue 14 §1 and §4): typed
//! into the app through the real keymap on a realistic demo caseload, each result checked
//! against the same filter run over the full records, and what the header and footer say.

use caseload::domain::demo;
use caseload::domain::filter::{Context, Filter, Subject};
use caseload::domain::model::Record;
use caseload::domain::triage::{self, Facts};
use caseload::domain::weights::Weights;
use caseload::tui::app::{App, Effect, Mode};
use caseload::tui::keymap::Key;
use caseload::tui::view;
use chrono::NaiveDate;
use crossterm::event::KeyEvent;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::collections::BTreeSet;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).expect("date")
}

/// The demo caseload, numbered as a file would number it.
fn records() -> Vec<Record> {
    let mut records: Vec<Record> = demo::generate(400, 7, today()).collect();
    for (i, record) in records.iter_mut().enumerate() {
        record.detainee.id = i as i64 + 1;
    }
    records
}

fn app() -> App {
    App::new(records(), today(), Weights::default(), "caseload".into())
}

fn key(token: &str) -> KeyEvent {
    let spec = token
        .strip_prefix('<')
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(token);
    let key = Key::parse(spec).expect("test key parses");
    KeyEvent::new(key.code, key.modifiers)
}

/// Draws at 80x24 and returns the screen's lines.
fn screen(app: &mut App) -> Vec<String> {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    let mut viewport = None;
    terminal
        .draw(|frame| viewport = Some(view::draw(frame, app)))
        .expect("draw");
    app.set_viewport(viewport.expect("drawn"));
    let buffer = terminal.backend().buffer();
    (0..24)
        .map(|y| (0..80).map(|x| buffer[(x, y)].symbol()).collect::<String>())
        .map(|line| line.trim_end().to_string())
        .collect()
}

/// Types keys ("<space>" for a space, "<esc>"…), or a whole text with `typed`. Searches run
/// here, as the loop's worker would; returns how many were asked for.
fn press(app: &mut App, keys: &[&str]) -> usize {
    let mut searches = 0;
    for token in keys {
        screen(app);
        let Some(action) = app.keymap.action(app.screen(), key(token)) else {
            continue;
        };
        for effect in app.update(action) {
            if let Effect::Search(request) = effect {
                searches += 1;
                app.search_done(request.run());
            }
        }
    }
    searches
}

fn typed(text: &str) -> Vec<String> {
    text.chars()
        .map(|c| match c {
            ' ' => "<space>".to_string(),
            c => c.to_string(),
        })
        .collect()
}

fn filter(app: &mut App, expr: &str) {
    press(app, &["f"]);
    let keys = typed(expr);
    press(app, &keys.iter().map(String::as_str).collect::<Vec<_>>());
}

/// The ids the list shows, in order.
fn shown(app: &App) -> Vec<i64> {
    (0..app.visible_len())
        .filter_map(|row| app.row(row).map(|(_, _, person, _)| person.id))
        .collect()
}

/// Who `expr` keeps among the records in custody, judged on the full records.
fn expected(expr: &str) -> BTreeSet<i64> {
    let filter = Filter::parse(expr).expect("parses");
    let weights = Weights::default();
    let cx = Context {
        today: today(),
        weights: &weights,
        me: None,
    };
    records()
        .iter()
        .filter(|r| r.in_custody())
        .filter(|r| {
            let facts = Facts::of(r, today());
            let scored = triage::score(r, today(), &weights);
            let subject = Subject::of_record(r, &facts, scored.total, scored.band, today());
            filter.matches(&subject, &cx)
        })
        .map(|r| r.detainee.id)
        .collect()
}

#[test]
fn the_filter_line_narrows_the_list_to_exactly_who_the_terms_keep() {
    for expr in [
        "band:critical",
        "band:critical,high -has:lawyer",
        "gender:f",
        "is:juvenile",
        "days>365",
        "hearing:none",
        "is:overdue",
        "law:sindh2024 stage:trial",
    ] {
        let mut app = app();
        let everyone = app.visible_len();
        filter(&mut app, expr);
        let got: BTreeSet<i64> = shown(&app).into_iter().collect();
        assert_eq!(got, expected(expr), "{expr}");
        assert!(got.len() < everyone, "{expr} keeps fewer than everyone");
        // Shown most urgent first: the rank column is the urgency rank.
        let ranks: Vec<usize> = (0..app.visible_len())
            .filter_map(|row| app.row(row).map(|(position, ..)| position))
            .collect();
        assert!(
            ranks.windows(2).all(|w| w[0] < w[1]),
            "{expr}: in rank order"
        );
    }
}

#[test]
fn the_filter_echoes_at_once_and_its_results_come_from_the_worker() {
    let mut app = app();
    press(&mut app, &["f"]);
    assert_eq!(app.screen(), Mode::Filter);
    let Some(action) = app.keymap.action(app.screen(), key("g")) else {
        panic!("g types")
    };
    let effects = app.update(action);
    assert!(
        matches!(effects.as_slice(), [Effect::Search(_)]),
        "the query goes to the worker: {effects:?}"
    );
    let lines = screen(&mut app);
    assert!(lines[23].starts_with("filter: g"), "{}", lines[23]);
}

#[test]
fn a_malformed_term_is_one_line_on_the_filter_line_and_keeps_the_last_good_filter() {
    let mut app = app();
    filter(&mut app, "band:critical");
    let critical = shown(&app);
    press(&mut app, &["<enter>", "f"]);
    // Typed so far, "cuort" is a free search word: a valid line.
    press(&mut app, &["<space>", "c", "u", "o", "r", "t"]);
    let before = shown(&app);
    press(&mut app, &[":", "x"]);
    let lines = screen(&mut app);
    assert!(
        lines[23].contains("unknown field 'cuort' — did you mean court?"),
        "{}",
        lines[23]
    );
    assert_eq!(shown(&app), before, "the last valid filter stays in force");
    press(&mut app, &["<enter>"]);
    assert_eq!(
        app.screen(),
        Mode::Filter,
        "a line that does not parse stays open"
    );
    press(&mut app, &["<esc>"]);
    assert_eq!(app.screen(), Mode::List);
    assert_eq!(
        app.list().filter_line(),
        ("band:critical", None),
        "Esc puts back the filter"
    );
    assert_eq!(shown(&app), critical);
    let header = &screen(&mut app)[0];
    assert!(header.contains("filter: band:critical"), "{header}");
    assert!(
        header.contains(&format!("{}/", critical.len())),
        "N of M: {header}"
    );
}

#[test]
fn filter_and_search_combine_and_esc_clears_the_search_then_the_filter() {
    let mut app = app();
    filter(&mut app, "gender:m");
    press(&mut app, &["<enter>"]);
    let men = shown(&app);
    let name = app
        .row(3)
        .map(|(_, _, p, _)| p.names.name.to_string())
        .expect("a man");
    let first = name
        .split_whitespace()
        .next()
        .expect("a first name")
        .to_lowercase();
    press(&mut app, &["/"]);
    let keys = typed(&first);
    press(
        &mut app,
        &keys.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    press(&mut app, &["<enter>"]);
    let both = shown(&app);
    assert!(
        !both.is_empty() && both.len() < men.len(),
        "{first}: {both:?}"
    );
    assert!(
        both.iter().all(|id| men.contains(id)),
        "the search stays within the filter"
    );
    let header = &screen(&mut app)[0];
    assert!(header.contains(&format!("search: {first}")), "{header}");
    assert!(header.contains("filter: gender:m"), "{header}");
    press(&mut app, &["<esc>"]);
    assert_eq!(shown(&app), men, "Esc drops the search first");
    press(&mut app, &["<esc>"]);
    assert!(!app.is_filtered(), "then the filter");
}

#[test]
fn free_words_in_the_filter_line_are_the_fuzzy_search() {
    let mut app = app();
    let name = app
        .row(0)
        .map(|(_, _, p, _)| p.names.name.to_string())
        .expect("someone");
    let word = name
        .split_whitespace()
        .last()
        .expect("a word")
        .to_lowercase();
    filter(&mut app, &format!("{word} is:sick"));
    let mut by_search = self::app();
    press(&mut by_search, &["/"]);
    let keys = typed(&word);
    press(
        &mut by_search,
        &keys.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let sick = expected("is:sick");
    let want: Vec<i64> = shown(&by_search)
        .into_iter()
        .filter(|id| sick.contains(id))
        .collect();
    assert_eq!(shown(&app), want);
}

#[test]
fn s_cycles_the_sort_keeping_the_urgency_rank_and_capital_s_turns_it_round() {
    let mut app = app();
    press(&mut app, &["s"]);
    let header = &screen(&mut app)[0];
    assert!(header.contains("sort: days"), "{header}");
    let days = |app: &App| -> Vec<i64> {
        (0..app.visible_len())
            .filter_map(|row| app.row(row))
            .map(|(_, _, p, _)| p.facts.days_in_custody(today()))
            .collect()
    };
    let sorted = days(&app);
    assert_eq!(sorted.len(), app.ranked().len(), "sorting hides no one");
    assert!(
        sorted.windows(2).all(|w| w[0] >= w[1]),
        "longest in custody first"
    );
    let (rank, _, _, _) = app.row(0).expect("a row");
    let lines = screen(&mut app);
    assert!(
        lines[2].trim_start().starts_with(&(rank + 1).to_string()),
        "the # column is the urgency rank: {}",
        lines[2]
    );
    press(&mut app, &["S"]);
    assert!(screen(&mut app)[0].contains("sort: days, reversed"));
    let reversed = days(&app);
    assert!(reversed.windows(2).all(|w| w[0] <= w[1]), "shortest first");
    // Round the keys back to the ranking.
    for _ in 1..caseload::domain::sort::SortKey::ALL.len() {
        press(&mut app, &["s"]);
    }
    press(&mut app, &["S"]);
    assert!(
        !app.is_filtered(),
        "back to the ranking: nothing to compute"
    );
}

#[test]
fn the_hearings_screen_opened_from_a_filtered_list_lists_only_those_people() {
    let mut app = app();
    filter(&mut app, "gender:f");
    press(&mut app, &["<enter>", "H"]);
    assert_eq!(app.screen(), Mode::Hearings);
    let women: BTreeSet<i64> = shown_ids_before_hearings();
    let hearings = app.hearings().expect("open");
    assert!(!hearings.is_empty(), "some women have hearings");
    for i in 0..hearings.len() {
        let row = hearings.row(i).expect("row");
        let id = app.roster().person(row.index).expect("person").id;
        assert!(women.contains(&id), "{id} is not a woman in custody");
    }
}

fn shown_ids_before_hearings() -> BTreeSet<i64> {
    expected("gender:f")
}

#[test]
fn the_help_screen_lists_the_filter_and_sort_keys() {
    let mut app = app();
    press(&mut app, &["?"]);
    let mut text = Vec::new();
    for _ in 0..12 {
        text.extend(screen(&mut app));
        press(&mut app, &["<pgdn>"]);
    }
    let text = text.join("\n");
    for needle in [
        "Narrow the list with a filter line",
        "Sort by the next key",
        "Turn the sort order round",
    ] {
        assert!(text.contains(needle), "{needle}");
    }
}
