//! Search on the name key where people use it (issue 16 §2): the TUI's `/` search and
//! `caseload list --search` find "Muhammad Aslam" from "mohammad aslam", "mohd aslam" and
//! "محمد اسلم", the exact name-key matches first, then the variants, then the fuzzy ones.

mod support;
mod tui_support;

use caseload::domain::model::Record;
use caseload::domain::weights::Weights;
use caseload::tui::app::{App, Effect};
use support::{caseload, ok, write};
use tui_support::{date, key, today, typed};

/// Spellings of one man, a namesake by fuzzy letters only, and a different name.
const NAMES: [&str; 6] = [
    "Mohd. Aslam",
    "Muhammad Aslam",
    "Aslam Khan",
    "محمد اسلم",
    "Mahmud Aslam",
    "Mohammad Aslami",
];

/// The names the list shows, top to bottom, after typing `keys`.
fn shown_after(keys: &str) -> Vec<String> {
    let records: Vec<Record> = NAMES
        .iter()
        .map(|n| Record::new(n, date(2026, 6, 1)))
        .collect();
    let mut app = App::new(records, today(), Weights::default(), "caseload".into());
    for token in keys.split_whitespace() {
        if let Some(action) = app.keymap.action(app.screen(), key(token)) {
            for effect in app.update(action) {
                if let Effect::Search(request) = effect {
                    app.search_done(request.run());
                }
            }
        }
    }
    (0..app.visible_len())
        .filter_map(|i| app.row(i).map(|(_, _, p, _)| p.names.name.to_string()))
        .collect()
}

#[test]
fn the_tui_search_finds_every_spelling_exact_matches_first() {
    for query in ["mohammad aslam", "mohd aslam", "محمد اسلم"] {
        let shown = shown_after(&format!("/ {}", typed(query)));
        let spellings = ["Mohd. Aslam", "Muhammad Aslam", "محمد اسلم"];
        for name in spellings {
            assert!(shown.contains(&name.to_string()), "{query}: {shown:?}");
        }
        assert!(
            !shown.contains(&"Mahmud Aslam".to_string()),
            "{query}: {shown:?}"
        );
        // The same script's spellings are exact; the other script's a variant, after them.
        let urdu = shown.iter().position(|n| n == "محمد اسلم").expect("urdu");
        let latin = shown
            .iter()
            .position(|n| n == "Muhammad Aslam")
            .expect("latin");
        assert_eq!(query.is_ascii(), latin < urdu, "{query}: {shown:?}");
    }
    // The fuzzy match still finds what it found, after the name-key matches.
    let shown = shown_after(&format!("/ {}", typed("mohammad asl")));
    assert_eq!(
        shown.last().map(String::as_str),
        Some("Mohammad Aslami"),
        "{shown:?}"
    );
}

#[test]
fn list_search_finds_every_spelling_exact_matches_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rows: Vec<String> = NAMES.iter().map(|n| format!("{n},2026-06-01")).collect();
    let csv = format!("name,arrest_date\n{}\n", rows.join("\n"));
    let file = write(dir.path(), "people.csv", &csv);
    ok(caseload(dir.path()).arg("import").arg(&file));
    for query in ["mohammad aslam", "mohd aslam", "محمد اسلم"] {
        let (out, _) =
            ok(caseload(dir.path()).args(["list", "--format", "csv", "--search", query]));
        let mut reader = csv::Reader::from_reader(out.as_bytes());
        let column = reader
            .headers()
            .expect("header")
            .iter()
            .position(|h| h == "name")
            .expect("name column");
        let names: Vec<String> = reader
            .records()
            .map(|r| r.expect("row")[column].to_string())
            .collect();
        let spellings = &names[..3];
        for name in ["Mohd. Aslam", "Muhammad Aslam", "محمد اسلم"] {
            assert!(spellings.contains(&name.to_string()), "{query}: {names:?}");
        }
        assert_eq!(
            names[0].is_ascii(),
            query.is_ascii(),
            "{query}: exact first: {names:?}"
        );
        // Then the fuzzy matches: a longer name holding the query's letters.
        let fuzzy: &[&str] = if query.is_ascii() {
            &["Mohammad Aslami"]
        } else {
            &[]
        };
        assert_eq!(&names[3..], fuzzy, "{query}: {names:?}");
    }
}
