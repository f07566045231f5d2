//! `caseload duplicates` end to end (issue 16 §3): pairs that may be one person found with
//! their reasons in words, people who only look alike not paired, `--min-score`, and the three
//! formats.

mod support;

use support::{caseload, fails, ok, write};

const HEADER: &str =
    "name,father_name,gender,age,prison,arrest_date,cnic,prisoner_number,fir_number,police_station";

/// A caseload of `rows` (CSV lines after the header), imported into a fresh database.
fn imported(rows: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = format!("{HEADER}\n{}\n", rows.join("\n"));
    let file = write(dir.path(), "people.csv", &text);
    ok(caseload(dir.path()).arg("import").arg(&file));
    dir
}

/// `duplicates --format csv` as rows of (id_a, id_b, score, reasons).
fn pairs(dir: &std::path::Path, extra: &[&str]) -> Vec<(i64, i64, i32, String)> {
    let (out, _) = ok(caseload(dir)
        .args(["duplicates", "--format", "csv"])
        .args(extra));
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(header, ["id_a", "id_b", "score", "reasons"]);
    reader
        .records()
        .map(|r| {
            let r = r.expect("row");
            (
                r[0].parse().expect("id_a"),
                r[1].parse().expect("id_b"),
                r[2].parse().expect("score"),
                r[3].to_string(),
            )
        })
        .collect()
}

#[test]
fn pairs_that_may_be_one_person_are_found_with_reasons_in_words() {
    let cases: &[(&str, &str, &str, i32, &str)] = &[
        (
            "spellings of one name and one father",
            "Muhammad Aslam,Ghulam Rasool,m,34,Adiala,2026-03-01,,,,",
            "Mohd. Aslam,Gulam Rasul,m,35,Adiala,2026-05-10,,,,",
            75,
            "same name key and father's name; ages 34 and 35",
        ),
        (
            "Urdu and Latin script",
            "محمد اسلم,غلام رسول,m,34,Adiala,2026-03-01,,,,",
            "Muhammad Aslam,Ghulam Rasool,m,34,Adiala,2026-05-10,,,,",
            65,
            "same father's name; name spelt \"محمد اسلم\" and \"Muhammad Aslam\"; both aged 34",
        ),
        (
            "one CNIC written two ways",
            "Bilal,,m,,Camp Jail,2026-03-01,35202-1234567-1,,,",
            "Bilal Ahmed,,m,,Camp Jail,2026-05-10,3520212345671,,,",
            60,
            "same CNIC",
        ),
        (
            "one prisoner number, another spelling",
            "Imran Khan,Sher Khan,m,40,Kot Lakhpat,2026-03-01,,CJK/2025/00123,,",
            "Imran Khan,Sher Khan,m,41,Kot Lakhpat,2026-05-10,,cjk/2025/00123,,",
            115,
            "same name key, father's name and prisoner number; ages 40 and 41",
        ),
    ];
    for (why, a, b, score, reasons) in cases {
        let dir = imported(&[a, b]);
        assert_eq!(
            pairs(dir.path(), &[]),
            [(1, 2, *score, reasons.to_string())],
            "{why}"
        );
    }
}

#[test]
fn people_who_only_look_alike_are_not_paired() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "Muhammad and Mahmud share a phonetic code, not a name",
            "Muhammad Aslam,Ghulam Rasool,m,34,Adiala,2026-03-01,,,,",
            "Mahmud Aslam,Ghulam Rasool,m,34,Adiala,2026-05-10,,,,",
        ),
        (
            "brothers Ahmad and Hamid",
            "Ahmad Ali,Bashir Ahmad,m,30,Adiala,2026-03-01,,,,",
            "Hamid Ali,Bashir Ahmad,m,30,Adiala,2026-05-10,,,,",
        ),
        (
            "one name, two fathers",
            "Muhammad Aslam,Ghulam Rasool,m,34,Adiala,2026-03-01,,,,",
            "Muhammad Aslam,Noor Muhammad,m,34,Adiala,2026-05-10,,,,",
        ),
        (
            "one name, ages far apart",
            "Muhammad Aslam,,m,24,Adiala,2026-03-01,,,,",
            "Muhammad Aslam,,m,52,Adiala,2026-05-10,,,,",
        ),
        (
            "two CNICs",
            "Muhammad Aslam,Ghulam Rasool,m,34,Adiala,2026-03-01,3520212345671,,,",
            "Muhammad Aslam,Ghulam Rasool,m,34,Adiala,2026-05-10,4210198765432,,,",
        ),
        (
            "co-accused in one FIR",
            "Zahid Butt,Akbar Butt,m,30,Adiala,2026-03-01,,,12/2025,Saddar",
            "Kashif Memon,Arif Memon,m,31,Adiala,2026-03-01,,,12/2025,Saddar",
        ),
    ];
    for (why, a, b) in cases {
        let dir = imported(&[a, b]);
        assert_eq!(pairs(dir.path(), &[]), [], "{why}");
        let (table, _) = ok(caseload(dir.path()).arg("duplicates"));
        assert_eq!(table, "no likely duplicates\n", "{why}");
    }
}

#[test]
fn min_score_raises_the_bar_and_every_format_says_the_same() {
    let dir = imported(&[
        "Muhammad Aslam,Ghulam Rasool,m,34,Adiala,2026-03-01,,,,",
        "Mohd Aslam,Gulam Rasul,m,35,Adiala,2026-05-10,,,,",
        "Muhammad Aslam,,m,36,Camp Jail,2026-06-10,,,,",
    ]);
    let all = pairs(dir.path(), &[]);
    let ids: Vec<(i64, i64, i32)> = all.iter().map(|p| (p.0, p.1, p.2)).collect();
    assert_eq!(ids, [(1, 2, 75), (1, 3, 50), (2, 3, 50)]);
    let strong = pairs(dir.path(), &["--min-score", "70"]);
    assert_eq!(strong.len(), 1);
    assert_eq!((strong[0].0, strong[0].1), (1, 2));

    let (json, _) = ok(caseload(dir.path()).args(["duplicates", "--format", "json"]));
    let rows: serde_json::Value = serde_json::from_str(&json).expect("json");
    let from_json: Vec<(i64, i64, i32, String)> = rows
        .as_array()
        .expect("array")
        .iter()
        .map(|r| {
            (
                r["id_a"].as_i64().expect("id_a"),
                r["id_b"].as_i64().expect("id_b"),
                r["score"].as_i64().expect("score") as i32,
                r["reasons"].as_str().expect("reasons").to_string(),
            )
        })
        .collect();
    assert_eq!(from_json, all);

    let (table, _) = ok(caseload(dir.path()).arg("duplicates"));
    let first: Vec<&str> = table.lines().take(4).collect();
    assert_eq!(
        first,
        [
            "   75  #1 Muhammad Aslam s/o Ghulam Rasool, 34, Adiala",
            "       #2 Mohd Aslam s/o Gulam Rasul, 35, Adiala",
            "       same name key and father's name; ages 34 and 35",
            "",
        ],
        "{table}"
    );
    assert!(table.ends_with("nothing is merged\n"), "{table}");
    assert!(
        table.contains("\n3 pairs that may be one person"),
        "{table}"
    );
}

#[test]
fn a_bad_min_score_is_one_line_naming_the_option() {
    let dir = imported(&["Muhammad Aslam,Ghulam Rasool,m,34,Adiala,2026-03-01,,,,"]);
    for bad in ["0", "-5", "lots"] {
        let err = fails(caseload(dir.path()).args(["duplicates", &format!("--min-score={bad}")]));
        assert!(err.contains("--min-score"), "{err}");
    }
}

#[test]
fn a_pair_marked_not_the_same_is_never_listed_again_and_is_audited() {
    let dir = imported(&[
        "Muhammad Aslam,Ghulam Rasool,m,34,Adiala,2026-03-01,,,,",
        "Mohd Aslam,Gulam Rasul,m,35,Adiala,2026-05-10,,,,",
        "Muhammad Aslam,,m,36,Camp Jail,2026-06-10,,,,",
    ]);
    let ids = |dir: &std::path::Path| -> Vec<(i64, i64)> {
        pairs(dir, &[]).iter().map(|p| (p.0, p.1)).collect()
    };
    assert_eq!(ids(dir.path()), [(1, 2), (1, 3), (2, 3)]);
    // Either order names the pair.
    let (said, _) = ok(caseload(dir.path()).args(["duplicates", "--not-same", "2", "1"]));
    assert_eq!(
        said,
        "#1 and #2 are two people: they will not be suggested as one again\n"
    );
    assert_eq!(ids(dir.path()), [(1, 3), (2, 3)]);
    let (again, _) = ok(caseload(dir.path()).args(["duplicates", "--not-same", "1", "2"]));
    assert!(again.contains("already marked"), "{again}");
    let (history, _) = ok(caseload(dir.path()).args(["history", "2"]));
    assert!(history.contains("not_same"), "{history}");
    assert!(history.contains("#1"), "{history}");

    for bad in [["1", "1"], ["1", "99"]] {
        let err = fails(
            caseload(dir.path())
                .args(["duplicates", "--not-same"])
                .args(bad),
        );
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    let err = fails(caseload(dir.path()).args(["duplicates", "--not-same", "1"]));
    assert!(err.contains("--not-same <A> <B>"), "{err}");
    assert_eq!(
        ids(dir.path()),
        [(1, 3), (2, 3)],
        "a refused answer changes nothing"
    );
}
