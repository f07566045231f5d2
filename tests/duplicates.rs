//! Duplicate candidates (issue 16 §3) through the public API: pairs found with their reasons,
//! non-pairs not found, the "not the same person" list respected, likely matches for a new
//! record, and (ignored) the time of a scan over a million demo people.

use caseload::domain::demo;
use caseload::domain::duplicates::{Candidate, Index, NotSame, Pair, Scoring};
use caseload::domain::names::NameTable;
use chrono::NaiveDate;
use proptest::prelude::*;

fn person(id: i64, name: &str, father: Option<&str>, age: Option<u32>) -> Candidate {
    Candidate {
        id,
        name: name.into(),
        father_name: father.map(Into::into),
        age,
        ..Candidate::default()
    }
}

fn pairs_of(people: Vec<Candidate>, not_same: &NotSame) -> Vec<Pair> {
    Index::new(NameTable::builtin(), people, Scoring::default()).pairs(not_same)
}

#[test]
fn pairs_are_found_with_reasons_in_words() {
    let cases: &[(Candidate, Candidate, i32, &str)] = &[
        (
            person(1, "Muhammad Aslam", Some("Ghulam Rasool"), Some(34)),
            person(2, "Mohd Aslam", Some("Gulam Rasul"), Some(35)),
            75,
            "same name key and father's name; ages 34 and 35",
        ),
        (
            person(1, "محمد اسلم", Some("غلام رسول"), Some(34)),
            person(2, "Muhammad Aslam", Some("Ghulam Rasool"), Some(34)),
            65,
            "same father's name; name spelt \"محمد اسلم\" and \"Muhammad Aslam\"; both aged 34",
        ),
        (
            person(1, "Muhammad Aslam", None, Some(34)),
            person(2, "Mohd. Aslam", Some("Ghulam Rasool"), Some(36)),
            50,
            "same name key; ages 34 and 36",
        ),
        (
            person(1, "Rubina Kasi", Some("Zahid Kasi"), Some(30)),
            person(2, "Rubeena Kasi", Some("Zahid Kasi"), Some(31)),
            55,
            "same father's name; names spelt alike: \"Rubina Kasi\" and \"Rubeena Kasi\"; \
             ages 30 and 31",
        ),
        (
            person(1, "Shakeel Ahmad", Some("Naseem Khan"), Some(40)),
            person(2, "Shakil Ahmed", Some("Nasim Khan"), Some(41)),
            50,
            "names spelt alike: \"Shakeel Ahmad\" and \"Shakil Ahmed\"; \
             father's name in another spelling; ages 40 and 41",
        ),
        (
            Candidate {
                cnic: Some("35202-1234567-1".into()),
                ..person(1, "Bilal", None, None)
            },
            Candidate {
                cnic: Some("3520212345671".into()),
                ..person(2, "Bilal Ahmed", None, None)
            },
            60,
            "same CNIC",
        ),
        (
            Candidate {
                prisoner_number: Some("CJK/2025/00123".into()),
                fir_number: Some("FIR 12/2025".into()),
                police_station: Some("Saddar".into()),
                ..person(1, "Zahid Butt", Some("Akbar Butt"), None)
            },
            Candidate {
                prisoner_number: Some("cjk/2025/00123".into()),
                fir_number: Some("FIR-12/2025".into()),
                police_station: Some("saddar".into()),
                ..person(2, "Zahid Butt", Some("Akbar Butt"), None)
            },
            120,
            "same name key, father's name, prisoner number and FIR number and police station",
        ),
    ];
    for (a, b, score, reasons) in cases {
        let found = pairs_of(vec![a.clone(), b.clone()], &NotSame::new());
        let expected = Pair {
            id_a: 1,
            id_b: 2,
            score: *score,
            reasons: reasons.to_string(),
        };
        assert_eq!(found, [expected], "{} / {}", a.name, b.name);
    }
}

#[test]
fn different_people_are_not_paired() {
    let cases: &[(Candidate, Candidate, &str)] = &[
        (
            person(1, "Muhammad Aslam", Some("Ghulam Rasool"), Some(34)),
            person(2, "Mahmud Aslam", Some("Ghulam Rasool"), Some(34)),
            "different names that share a phonetic code",
        ),
        (
            person(1, "Ahmad Ali", Some("Bashir Ahmad"), Some(30)),
            person(2, "Hamid Ali", Some("Bashir Ahmad"), Some(30)),
            "brothers: Ahmad and Hamid",
        ),
        (
            person(1, "Rubina Kasi", None, Some(30)),
            person(2, "Rubeena Kasi", None, Some(30)),
            "names spelt alike, nothing else to go on",
        ),
        (
            person(1, "Muhammad Aslam", Some("Ghulam Rasool"), Some(34)),
            person(2, "Muhammad Aslam", Some("Noor Muhammad"), Some(34)),
            "same name, different fathers",
        ),
        (
            person(1, "Muhammad Aslam", None, Some(24)),
            person(2, "Muhammad Aslam", None, Some(52)),
            "same name, ages far apart",
        ),
        (
            Candidate {
                cnic: Some("3520212345671".into()),
                ..person(1, "Muhammad Aslam", Some("Ghulam Rasool"), Some(34))
            },
            Candidate {
                cnic: Some("4210198765432".into()),
                ..person(2, "Muhammad Aslam", Some("Ghulam Rasool"), Some(34))
            },
            "different CNICs",
        ),
        (
            Candidate {
                fir_number: Some("12/2025".into()),
                police_station: Some("Saddar".into()),
                ..person(1, "Zahid Butt", Some("Akbar Butt"), Some(30))
            },
            Candidate {
                fir_number: Some("12/2025".into()),
                police_station: Some("Saddar".into()),
                ..person(2, "Kashif Memon", Some("Arif Memon"), Some(31))
            },
            "co-accused in one FIR",
        ),
    ];
    for (a, b, why) in cases {
        assert_eq!(
            pairs_of(vec![a.clone(), b.clone()], &NotSame::new()),
            [],
            "{why}"
        );
    }
}

#[test]
fn not_the_same_person_is_never_suggested_again() {
    let people = vec![
        person(7, "Muhammad Aslam", Some("Ghulam Rasool"), Some(34)),
        person(9, "Mohd Aslam", Some("Ghulam Rasool"), Some(34)),
        person(12, "Mohammad Aslam", Some("Ghulam Rasool"), Some(35)),
    ];
    let all = pairs_of(people.clone(), &NotSame::new());
    let ids: Vec<(i64, i64)> = all.iter().map(|p| (p.id_a, p.id_b)).collect();
    assert_eq!(ids, [(7, 9), (7, 12), (9, 12)]);
    let not_same: NotSame = [(12, 7)].into_iter().collect();
    let left: Vec<(i64, i64)> = pairs_of(people.clone(), &not_same)
        .iter()
        .map(|p| (p.id_a, p.id_b))
        .collect();
    assert_eq!(left, [(7, 9), (9, 12)]);
    let index = Index::new(NameTable::builtin(), people, Scoring::default());
    let new = person(12, "Mohammad Aslam", Some("Ghulam Rasool"), Some(35));
    let matches = index.likely_matches(NameTable::builtin(), new, &not_same);
    assert_eq!(matches.iter().map(|p| p.id_a).collect::<Vec<_>>(), [9]);
}

#[test]
fn a_new_record_is_checked_against_the_caseload() {
    let table = NameTable::builtin();
    let index = Index::new(
        table,
        vec![
            person(12, "Muhammad Aslam", Some("Ghulam Rasool"), Some(34)),
            person(13, "Muhammad Akram", Some("Ghulam Rasool"), Some(34)),
            person(14, "Mohd Aslam", None, Some(33)),
        ],
        Scoring::default(),
    );
    // "Mohd Aslam" at the add form, father's name as another clinic wrote it.
    let new = person(0, "Mohd Aslam", Some("Gulam Rasul"), Some(35));
    let found = index.likely_matches(table, new, &NotSame::new());
    let summary: Vec<(i64, i32)> = found.iter().map(|p| (p.id_a, p.score)).collect();
    assert_eq!(summary, [(12, 75), (14, 50)]);
    assert_eq!(found[0].id_b, 0);
    assert_eq!(found[1].reasons, "same name key; ages 33 and 35");
    let nobody = person(0, "Kashif Memon", Some("Arif Memon"), Some(40));
    assert_eq!(index.likely_matches(table, nobody, &NotSame::new()), []);
}

#[test]
fn the_demo_caseload_has_no_false_pairs_at_the_default_score() {
    let today = NaiveDate::from_ymd_opt(2026, 1, 15).expect("date");
    let people: Vec<Candidate> = demo::generate(2_000, 7, today)
        .enumerate()
        .map(|(i, r)| Candidate {
            id: i as i64 + 1,
            ..Candidate::from_record(&r, today)
        })
        .collect();
    let pairs = pairs_of(people, &NotSame::new());
    // Invented people combine common names at random, so some pairs share name, father and
    // age: every pair found must say so.
    for pair in &pairs {
        assert!(pair.reasons.starts_with("same name key"), "{pair:?}");
    }
}

proptest! {
    #[test]
    fn the_score_does_not_depend_on_the_order(
        a in "(Muhammad|Mohd|Ahmad|Ahmed|Hamid) (Aslam|Akram|Ali|Aly)",
        b in "(Muhammad|Mohd|Ahmad|Ahmed|Hamid) (Aslam|Akram|Ali|Aly)",
        fa in proptest::option::of("(Ghulam|Gulam) (Rasool|Rasul|Qadir)"),
        age_a in proptest::option::of(20u32..60),
        age_b in proptest::option::of(20u32..60),
    ) {
        let x = person(1, &a, fa.as_deref(), age_a);
        let y = person(2, &b, Some("Ghulam Rasool"), age_b);
        let forward = pairs_of(vec![x.clone(), y.clone()], &NotSame::new());
        let backward = pairs_of(vec![y, x], &NotSame::new());
        prop_assert_eq!(forward.len(), backward.len());
        for (f, b) in forward.iter().zip(&backward) {
            prop_assert_eq!((f.id_a, f.id_b, f.score), (b.id_a, b.id_b, b.score));
        }
    }
}

proptest! {
    /// Any text a CSV or a form may carry (accents, symbols, other scripts, control chars) is
    /// keyed and scored without a panic: the phonetic encoder once sliced inside a wide char.
    #[test]
    fn any_name_is_checked_without_a_panic(
        a in "\\PC{0,24}",
        b in "(Jos\u{e9}|M\u{fc}ller|\u{1b}\\[31m|\u{2028}|\u{915}\u{93f}|\u{645}\u{62d}\u{645}\u{62f}|Ali) ?\\PC{0,8}",
    ) {
        let people = vec![person(1, &a, Some(&b), Some(30)), person(2, &b, Some(&a), Some(31))];
        let index = Index::new(NameTable::builtin(), people.clone(), Scoring::default());
        let _ = index.pairs(&NotSame::new());
        let _ = index.likely_matches(NameTable::builtin(), person(0, &a, None, None), &NotSame::new());
    }
}

/// The duplicate scan over a million demo people, timed. Run with
/// `cargo test --test duplicates -- --ignored --nocapture`.
#[test]
#[ignore]
fn time_a_scan_of_a_million_people() {
    use std::time::Instant;
    let today = NaiveDate::from_ymd_opt(2026, 1, 15).expect("date");
    let count = std::env::var("DUP_COUNT")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000usize);
    let started = Instant::now();
    let people: Vec<Candidate> = demo::generate(count, 7, today)
        .enumerate()
        .map(|(i, r)| Candidate {
            id: i as i64 + 1,
            ..Candidate::from_record(&r, today)
        })
        .collect();
    let generated = started.elapsed();
    let started = Instant::now();
    let index = Index::new(NameTable::builtin(), people, Scoring::default());
    let keyed = started.elapsed();
    let started = Instant::now();
    let pairs = index.pairs(&NotSame::new());
    let scanned = started.elapsed();
    let started = Instant::now();
    let new = person(0, "Mohd Aslam Butt", Some("Gulam Rasul Butt"), Some(35));
    let found = index.likely_matches(NameTable::builtin(), new, &NotSame::new());
    let one = started.elapsed();
    println!(
        "{count} people: demo {generated:.1?}, keys and groups {keyed:.1?}, all pairs {scanned:.1?} \
         ({} pairs), likely matches for one new record {one:.1?} ({} found)",
        pairs.len(),
        found.len()
    );
}
