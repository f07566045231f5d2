//! Name-aware search recall (issue 16 §2): a fixture of people written many ways, each query
//! asked of everyone; recall and precision are printed and held to a floor. Today's fuzzy
//! subsequence match is measured on the same fixture for comparison.

use caseload::domain::name_match::{NameMatch, NameQuery};
use caseload::domain::names::NameTable;
use caseload::domain::search;

/// (identity, how the name was written). The same identity is the same person.
const PEOPLE: &[(u32, &str)] = &[
    (1, "Muhammad Aslam"),
    (1, "Mohd. Aslam"),
    (1, "Mohammad Aslam"),
    (1, "محمد اسلم"),
    (1, "Mohammed Aslam"),
    (1, "Md Aslam"),
    (2, "Ghulam Rasool"),
    (2, "Gulam Rasul"),
    (2, "غلام رسول"),
    (2, "Ghulam Rasul"),
    (3, "Ahmad Hussain"),
    (3, "Ahmed Husain"),
    (3, "احمد حسین"),
    (3, "Ahmed Hussein"),
    (4, "Bushra Bibi"),
    (4, "Mst. Bushra Bibi"),
    (4, "Bushra Bi"),
    (4, "بشریٰ بی بی"),
    (5, "Abdul Sattar"),
    (5, "Abd-ul Sattar"),
    (5, "عبدالستار"),
    (5, "Abdul Satar"),
    (6, "Habib Ullah"),
    (6, "Habibullah"),
    (6, "Habib Ulla"),
    (6, "حبیب اللہ"),
    (7, "Yousaf Khan"),
    (7, "Yusuf Khan"),
    (7, "یوسف خان"),
    (7, "Yousuf Khan"),
    // Others, some with a name that shares a phonetic code or a word with those above.
    (8, "Mahmud Aslam"),
    (9, "Muhammad Akram"),
    (10, "Hamid Hussain"),
    (11, "Ghulam Qadir"),
    (12, "Bushra Parveen"),
    (13, "Mahmood Khan"),
    (14, "محمود اسلم"),
    (15, "Ahmad Hamid"),
];

struct Counts {
    found_right: usize,
    found_wrong: usize,
    expected: usize,
}

impl Counts {
    fn recall(&self) -> f64 {
        self.found_right as f64 / self.expected as f64
    }
    fn precision(&self) -> f64 {
        self.found_right as f64 / (self.found_right + self.found_wrong).max(1) as f64
    }
}

/// Asks every written name as a query of everyone else; a hit is right when it is the same
/// identity. Only identities written more than one way are asked.
fn measure(matches: impl Fn(&str, &str) -> bool) -> Counts {
    let mut counts = Counts {
        found_right: 0,
        found_wrong: 0,
        expected: 0,
    };
    for (qi, (who, query)) in PEOPLE.iter().enumerate() {
        if PEOPLE.iter().filter(|(w, _)| w == who).count() < 2 {
            continue;
        }
        for (pi, (other, name)) in PEOPLE.iter().enumerate() {
            if pi == qi {
                continue;
            }
            let same = who == other;
            counts.expected += usize::from(same);
            if matches(query, name) {
                match same {
                    true => counts.found_right += 1,
                    false => counts.found_wrong += 1,
                }
            }
        }
    }
    counts
}

#[test]
fn name_aware_search_finds_spelling_variants() {
    let table = NameTable::builtin();
    let names = |query: &str, name: &str| {
        NameQuery::new(table, query)
            .classify_key(&table.key(name))
            .is_some()
    };
    let fuzzy = |query: &str, name: &str| search::matches_any([name], query);
    let ours = measure(names);
    let today = measure(fuzzy);
    println!(
        "name-aware: recall {:.2} ({}/{}), precision {:.2} ({} wrong)",
        ours.recall(),
        ours.found_right,
        ours.expected,
        ours.precision(),
        ours.found_wrong
    );
    println!(
        "fuzzy subsequence (today): recall {:.2}, precision {:.2}",
        today.recall(),
        today.precision()
    );
    assert!(ours.recall() >= 0.8, "recall {:.2}", ours.recall());
    assert!(
        ours.precision() >= 0.95,
        "precision {:.2}",
        ours.precision()
    );
    assert!(ours.recall() > today.recall());
}

#[test]
fn the_issue_queries_find_every_spelling_exact_first() {
    let table = NameTable::builtin();
    let spellings = [
        "Muhammad Aslam",
        "Mohd. Aslam",
        "Mohammad Aslam",
        "محمد اسلم",
    ];
    for query in ["mohammad aslam", "mohd aslam", "محمد اسلم"] {
        let q = NameQuery::new(table, query);
        for name in spellings {
            let found = q.classify_key(&table.key(name)).map(|(kind, _)| kind);
            let expected = match (query.is_ascii(), name.is_ascii()) {
                (true, true) => NameMatch::Exact,
                (false, false) => NameMatch::Exact,
                _ => NameMatch::Variant,
            };
            assert_eq!(found, Some(expected), "{query} / {name}");
        }
    }
    // `محمد` alone finds the Latin spellings.
    let q = NameQuery::new(table, "محمد");
    assert!(
        spellings
            .iter()
            .all(|n| q.classify_key(&table.key(n)).is_some())
    );
}
