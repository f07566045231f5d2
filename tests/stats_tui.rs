//! Issue 15 §2: the statistics screen (`#`), driven by keys through the app on a small caseload
//! counted by hand: the headline and charts with their numbers (snapshots at 80x24 and 45x20,
//! no colour needed), `Enter` on a bar opening the list filtered to exactly those people, `Esc`
//! coming back, the frequency view's order and percents, and the trend's sparklines or the
//! sentence saying the history is too short.

mod tui_support;

use caseload::domain::model::{Gender, Hearing, Record};
use caseload::domain::trend::{self, Event, EventKind, YearMonth};
use caseload::domain::weights::Weights;
use caseload::store::Store;
use caseload::tui::app::{App, Effect, Mode};
use caseload::tui::screens::Screen;
use caseload::tui::screens::stats::{Row, StatsScreen};
use caseload::tui::stats::StatsResult;
use std::sync::Arc;
use tui_support::{date, draw, key, text, today};

/// A name, prison, court and arrest date.
type Person = (
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    (i32, u32, u32),
);

/// Eight people, counted by hand (today 1 December 2026):
///
/// | # | prison               | court of next hearing | held since | months |
/// |---|----------------------|-----------------------|------------|--------|
/// | 1 | Central Jail Multan  | Multan special        | 2025-04-01 | 20     |
/// | 2 | Central Jail Multan  | Multan special        | 2026-11-20 | 0      |
/// | 3 | Central Jail Multan  | ATC Lahore            | 2026-10-01 | 2      |
/// | 4 | District Jail, Lahore| Multan special II     | 2026-06-15 | 5      |
/// | 5 | Women Jail Multan    | Multan special        | 2026-01-10 | 10     |
/// | 6 | (not recorded)       | (not recorded)        | 2023-01-01 | 47     |
/// | 7 | District Jail, Lahore| ATC Lahore            | 2021-05-01 | 67     |
/// | 8 | Central Jail Multan  | Multan special (the hearing's; the case's is ATC Lahore) | 2026-09-01 | 3 |
///
/// So prisons 4 / 2 / 1 / 1 not recorded; courts 4 / 2 / 1 / 1; custody bands 0-3m: 2 (#2,
/// #3), 3-6m: 2 (#4, #8), 6-12m: 1, 1-2y: 1, 2-3y: 0, 3-5y: 1, 5y+: 1. Person 5 is a woman;
/// person 1 has a lawyer.
fn caseload() -> Vec<Record> {
    let people: [Person; 8] = [
        (
            "Muhammad Aslam",
            Some("Central Jail Multan"),
            Some("Multan special"),
            (2025, 4, 1),
        ),
        (
            "Zahid Hussain",
            Some("Central Jail Multan"),
            Some("Multan special"),
            (2026, 11, 20),
        ),
        (
            "Gul Khan",
            Some("Central Jail Multan"),
            Some("ATC Lahore"),
            (2026, 10, 1),
        ),
        (
            "Rashid Ali",
            Some("District Jail, Lahore"),
            Some("Multan special II"),
            (2026, 6, 15),
        ),
        (
            "Bushra Bibi",
            Some("Women Jail Multan"),
            Some("Multan special"),
            (2026, 1, 10),
        ),
        ("Imran Shah", None, None, (2023, 1, 1)),
        (
            "Bilal Ahmed",
            Some("District Jail, Lahore"),
            Some("ATC Lahore"),
            (2021, 5, 1),
        ),
        (
            "Kashif Ali",
            Some("Central Jail Multan"),
            Some("ATC Lahore"),
            (2026, 9, 1),
        ),
    ];
    let mut records: Vec<Record> = people
        .iter()
        .enumerate()
        .map(|(i, (name, prison, court, (y, m, d)))| {
            let mut r = Record::new(name, date(*y, *m, *d));
            r.detainee.id = i as i64 + 1;
            r.detainee.gender = Some(Gender::Male);
            r.detainee.prison = prison.map(str::to_string);
            r.case.court = court.map(str::to_string);
            r
        })
        .collect();
    records[0].case.lawyer = Some("Ayesha Khan".into());
    records[4].detainee.gender = Some(Gender::Female);
    records[7].hearings.push(Hearing {
        id: 0,
        date: date(2026, 12, 9),
        court: Some("Multan special".into()),
        purpose: Some("bail".into()),
        outcome: None,
    });
    records
}

fn app() -> App {
    App::new(caseload(), today(), Weights::default(), "caseload".into())
}

/// A history with people added in three months: a trend to draw.
fn history() -> trend::Trend {
    let added = |year, month| Event {
        month: YearMonth { year, month },
        kind: EventKind::Added,
    };
    let events = [
        added(2026, 9),
        added(2026, 11),
        added(2026, 11),
        added(2026, 12),
    ];
    trend::monthly(&events, today())
}

/// Types keys at `w`x`h`, answering each effect as the loop would: a search and the
/// statistics counted here (the trend is `history`, so nothing depends on the clock).
fn type_at(app: &mut App, keys: &str, trend: &trend::Trend, w: u16, h: u16) {
    draw(app, w, h);
    for token in keys.split_whitespace() {
        let Some(action) = app.keymap.action(app.screen(), key(token)) else {
            continue;
        };
        for effect in app.update(action) {
            match effect {
                Effect::Search(request) => app.search_done(request.run()),
                Effect::Stats(request) => app.stats_done(StatsResult {
                    generation: request.generation,
                    numbers: Arc::new(request.count()),
                    trend: Ok(Arc::new(trend.clone())),
                }),
                _ => {}
            }
        }
        draw(app, w, h);
    }
}

fn type_keys(app: &mut App, keys: &str) {
    type_at(app, keys, &history(), 80, 24);
}

fn stats(app: &App) -> &StatsScreen {
    match app.stack().last() {
        Some(Screen::Stats(s)) => s,
        other => panic!("not on the statistics screen: {other:?}"),
    }
}

/// Moves the selection down to the bar labelled `label` (from the first one).
fn select(app: &mut App, label: &str) {
    type_keys(app, "g");
    for _ in 0..40 {
        let s = stats(app);
        if let Some(Row::Bar { label: l, .. }) = s.rows().get(s.selected)
            && l == label
        {
            return;
        }
        type_keys(app, "j");
    }
    panic!("no bar {label}");
}

/// The count on the selected bar.
fn selected_count(app: &App) -> u64 {
    let s = stats(app);
    match s.rows().get(s.selected) {
        Some(Row::Bar { count, .. }) => *count,
        other => panic!("not a bar: {other:?}"),
    }
}

#[test]
fn hash_opens_the_numbers_with_every_chart_counted_at_80x24() {
    let mut app = app();
    type_keys(&mut app, "#");
    assert_eq!(app.screen(), Mode::Stats);
    insta::assert_snapshot!("stats_80x24", text(&draw(&mut app, 80, 24)));
    // The last bar shows what is under it: the courts and the trend, with their numbers.
    type_keys(&mut app, "G");
    insta::assert_snapshot!("stats_80x24_end", text(&draw(&mut app, 80, 24)));
}

#[test]
fn at_45x20_the_headline_stays_and_the_charts_scroll() {
    let mut app = app();
    type_at(&mut app, "#", &history(), 45, 20);
    insta::assert_snapshot!("stats_45x20", text(&draw(&mut app, 45, 20)));
    type_at(&mut app, "<pgdn> <pgdn>", &history(), 45, 20);
    let screen = text(&draw(&mut app, 45, 20));
    assert!(
        screen.contains("in custody"),
        "the headline stays: {screen}"
    );
    assert!(
        screen.contains("By prison"),
        "scrolled to the prisons: {screen}"
    );
}

#[test]
fn enter_on_a_court_opens_exactly_its_people_and_esc_comes_back() {
    let mut app = app();
    type_keys(&mut app, "#");
    select(&mut app, "Multan special");
    assert_eq!(selected_count(&app), 4);
    type_keys(&mut app, "<enter>");
    assert_eq!(app.screen(), Mode::List);
    assert_eq!(
        app.list().list_query().filter_text,
        "court=\"Multan special\""
    );
    // Not "Multan special II", and person 8 by their next hearing's court.
    assert_eq!(app.visible_len(), 4);
    type_keys(&mut app, "<esc>");
    assert_eq!(app.screen(), Mode::Stats);
    assert_eq!(app.list().list_query().filter_text, "");
    let s = stats(&app);
    assert!(
        matches!(s.rows().get(s.selected), Some(Row::Bar { label, .. }) if label == "Multan special"),
        "the same bar is selected again"
    );
    type_keys(&mut app, "<esc>");
    assert_eq!(app.screen(), Mode::List);
    assert_eq!(app.visible_len(), 8);
}

#[test]
fn every_bar_opens_as_many_people_as_it_counts() {
    let labels = [
        "critical",
        "high",
        "medium",
        "low",
        "0-3m",
        "3-6m",
        "6-12m",
        "1-2y",
        "2-3y",
        "3-5y",
        "5y+",
        "Central Jail Multan",
        "District Jail, Lahore",
        "Women Jail Multan",
        "(not recorded)",
        "ATC Lahore",
        "Multan special II",
    ];
    for label in labels {
        let mut app = app();
        type_keys(&mut app, "#");
        select(&mut app, label);
        let count = selected_count(&app);
        type_keys(&mut app, "<enter>");
        let filter = app.list().list_query().filter_text.clone();
        assert_eq!(app.visible_len() as u64, count, "{label}: {filter}");
    }
}

#[test]
fn a_bar_narrows_the_filter_already_on_the_list() {
    let mut app = app();
    type_keys(&mut app, "f g e n d e r : m <enter> #");
    assert_eq!(
        stats(&app).numbers.as_ref().map(|n| n.headline.in_custody),
        Some(7)
    );
    select(&mut app, "Multan special");
    assert_eq!(selected_count(&app), 3);
    type_keys(&mut app, "<enter>");
    assert_eq!(
        app.list().list_query().filter_text,
        "gender:m court=\"Multan special\""
    );
    assert_eq!(app.visible_len(), 3);
    type_keys(&mut app, "<esc>");
    assert_eq!(app.list().list_query().filter_text, "gender:m");
}

#[test]
fn frequency_lists_values_most_first_with_percents() {
    let mut app = app();
    type_keys(&mut app, "# F");
    let chooser = text(&draw(&mut app, 80, 24));
    assert!(
        chooser
            .lines()
            .any(|l| l.contains("prison ") && l.ends_with(" 4 values")),
        "{chooser}"
    );
    type_keys(&mut app, "<enter>");
    let screen = text(&draw(&mut app, 80, 24));
    insta::assert_snapshot!("stats_frequency_prison_80x24", screen);
    let rows: Vec<(String, u64)> = stats(&app)
        .rows()
        .into_iter()
        .filter_map(|r| match r {
            Row::Bar { label, count, .. } => Some((label, count)),
            _ => None,
        })
        .collect();
    let expected = [
        ("Central Jail Multan", 4),
        ("District Jail, Lahore", 2),
        ("Women Jail Multan", 1),
        ("(not recorded)", 1),
    ];
    let expected: Vec<(String, u64)> = expected.iter().map(|(l, n)| (l.to_string(), *n)).collect();
    assert_eq!(rows, expected);
    for percent in ["50%", "25%", "13%"] {
        assert!(screen.contains(percent), "{percent}: {screen}");
    }
    // Enter on a value opens its people; Esc comes back to the same frequency.
    type_keys(&mut app, "j <enter>");
    assert_eq!(app.visible_len(), 2);
    type_keys(&mut app, "<esc>");
    assert!(stats(&app).heading().contains("frequency: prison"));
    type_keys(&mut app, "<esc>");
    assert!(!stats(&app).heading().contains("frequency"));
}

#[test]
fn a_short_history_is_said_in_a_sentence_not_drawn() {
    let mut app = app();
    let short = trend::monthly(&[], today());
    type_at(&mut app, "# G", &short, 80, 24);
    let screen = text(&draw(&mut app, 80, 200));
    assert!(
        screen.contains("Too little history for a trend"),
        "{screen}"
    );
    assert!(!screen.contains("now 0"), "{screen}");
}

#[test]
fn the_runner_counts_and_reads_the_trend_from_the_store() {
    // The trend is read from the file's history: the same people, saved.
    let mut store = Store::open_in_memory().expect("memory");
    store.insert_records(&caseload()).expect("insert");
    let mut app = app();
    let exports = caseload::tui::effects::ExportSettings {
        rules: caseload::domain::checklist::Rules::defaults(),
        dir: std::env::temp_dir().join("caseload-test-exports"),
    };
    draw(&mut app, 80, 24);
    let action = app.keymap.action(Mode::List, key("#")).expect("# is bound");
    for effect in app.update(action) {
        caseload::tui::execute(&mut store, &mut app, effect, &exports, None);
    }
    let s = stats(&app);
    assert_eq!(s.numbers.as_ref().map(|n| n.headline.in_custody), Some(8));
    assert!(matches!(s.trend, Some(Ok(_))), "{:?}", s.trend);
}

/// How long the screen's numbers take to count (`STATS_PEOPLE`, default 100,000 invented
/// people): one timed run, printed. `cargo test --test stats_tui -- --ignored --nocapture`.
#[test]
#[ignore = "a timing, not a check: run by hand"]
fn counting_time_at_scale() {
    use caseload::domain::roster::Roster;
    let people: usize = std::env::var("STATS_PEOPLE")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let mut roster = Roster::with_capacity(people);
    for (i, mut record) in caseload::domain::demo::generate(people, 2026, today()).enumerate() {
        record.detainee.id = i as i64 + 1;
        roster.put(&record, today());
    }
    let weights = Weights::default();
    let ranked = roster.rank(today(), &weights);

    let request = caseload::tui::stats::StatsRequest {
        generation: 1,
        roster: Arc::new(roster),
        ranked: Arc::new(ranked),
        shown: None,
        judged: Arc::new(caseload::tui::searcher::Judged {
            today: today(),
            weights,
            me: None,
        }),
    };
    let started = std::time::Instant::now();
    let numbers = request.count();
    let took = started.elapsed();
    println!(
        "{people} people ({} in custody): counted in {} ms",
        numbers.headline.in_custody,
        took.as_millis()
    );
}

#[test]
fn nobody_in_custody_one_person_and_one_prison() {
    // Nobody: every count is 0, bars are empty, and a bar still opens its (empty) list.
    let mut nobody = App::new(Vec::new(), today(), Weights::default(), "caseload".into());
    type_keys(&mut nobody, "#");
    let screen = text(&draw(&mut nobody, 80, 24));
    assert!(screen.contains("in custody        0"), "{screen}");
    assert!(
        screen.contains("critical                              0   0%"),
        "{screen}"
    );
    type_keys(&mut nobody, "<enter>");
    assert_eq!((nobody.screen(), nobody.visible_len()), (Mode::List, 0));
    type_keys(&mut nobody, "<esc>");
    assert_eq!(nobody.screen(), Mode::Stats);

    // One person: 100% of everything they are.
    let mut one = App::new(
        caseload().into_iter().take(1).collect(),
        today(),
        Weights::default(),
        "caseload".into(),
    );
    type_keys(&mut one, "#");
    select(&mut one, "1-2y");
    assert_eq!(selected_count(&one), 1);
    assert!(text(&draw(&mut one, 80, 24)).contains("1 100%"));

    // Everyone in one prison: one row, at full length.
    let mut records = caseload();
    for r in &mut records {
        r.detainee.prison = Some("Central Jail Multan".into());
    }
    let mut app = App::new(records, today(), Weights::default(), "caseload".into());
    type_keys(&mut app, "# F <enter>");
    let rows: Vec<Row> = stats(&app).rows().into_iter().skip(1).collect();
    assert!(
        matches!(&rows[..], [Row::Bar { label, count: 8, total: 8, .. }] if label == "Central Jail Multan"),
        "{rows:?}"
    );
    assert!(text(&draw(&mut app, 80, 24)).contains("8 100%"));
}

#[test]
fn help_names_the_key_and_the_screen() {
    let mut app = app();
    type_keys(&mut app, "?");
    let help = text(&draw(&mut app, 120, 400));
    let line = help
        .lines()
        .find(|l| l.contains("Show the statistics screen"))
        .unwrap_or_else(|| panic!("{help}"));
    assert!(line.trim_start().starts_with('#'), "{line}");
    assert!(help.contains("On the statistics screen (#)"), "{help}");
    assert!(
        help.contains("count people by a field you choose"),
        "{help}"
    );
}

#[test]
fn while_everyone_loads_the_numbers_wait() {
    let mut app = App::preview(caseload(), 5000, today(), Weights::default(), "t".into());
    type_keys(&mut app, "#");
    assert_eq!(app.screen(), Mode::List);
    assert!(
        app.message()
            .is_some_and(|m| m.contains("Still ranking all 5000")),
        "{:?}",
        app.message()
    );
}
