//! The filter language of issue 14 §1, term by term against a small caseload whose people differ
//! in exactly the facts each term reads; its errors; `-T` as the exact complement of `T`; and
//! the roster path agreeing with the one-person path.

use caseload::domain::filter::{Context, Filter, FilterError, Subject, filter_roster};
use caseload::domain::model::{
    BailStatus, Finding, Gender, Health, Hearing, Law, Record, Stage, Substance, Weakness,
};
use caseload::domain::roster::Roster;
use caseload::domain::triage::{Band, Facts, Ranked};
use caseload::domain::weights::Weights;
use chrono::NaiveDate;
use proptest::prelude::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn today() -> NaiveDate {
    date(2026, 12, 1)
}

fn hearing(on: NaiveDate, court: Option<&str>) -> Hearing {
    Hearing {
        id: 0,
        date: on,
        court: court.map(str::to_string),
        purpose: None,
        outcome: None,
    }
}

/// Aslam: overdue statutory bail, Multan, has a lawyer and a hearing today. Bushra: a pregnant
/// woman in Karachi, no lawyer, hearing in 4 days. Kashif: 16 at arrest, statutory bail near,
/// TB, no hearing. Rashid: released, aged 65.
fn people() -> Vec<(Record, i64, Band)> {
    let mut a = Record::new("Muhammad Aslam", date(2025, 6, 1));
    a.detainee.id = 1;
    a.detainee.gender = Some(Gender::Male);
    a.detainee.age_at_arrest = Some(30);
    a.detainee.prison = Some("Central Jail Multan".into());
    a.case.court = Some("Special Court CNS Multan".into());
    a.case.lawyer = Some("Ayesha Siddiqui".into());
    a.case.police_station = Some("Saddar".into());
    a.case.district = Some("Multan".into());
    a.case.law = Law::Punjab2025;
    a.case.stage = Stage::Trial;
    a.case.bail_status = Some(BailStatus::Rejected);
    a.case.substance = Some(Substance::Heroin);
    a.findings.push(Finding {
        code: Weakness::SampleLate,
        note: None,
    });
    a.hearings.push(hearing(today(), None));

    let mut b = Record::new("Bushra Bibi", date(2026, 11, 1));
    b.detainee.id = 2;
    b.detainee.gender = Some(Gender::Female);
    b.detainee.pregnant = Some(true);
    b.detainee.age_at_arrest = Some(25);
    b.detainee.prison = Some("Women Jail Karachi".into());
    b.case.court = Some("Sessions Court Karachi".into());
    b.case.police_station = Some("Clifton".into());
    b.case.district = Some("Karachi South".into());
    b.case.law = Law::Sindh2024;
    b.case.bail_status = Some(BailStatus::Pending);
    b.case.substance = Some(Substance::Charas);
    b.hearings
        .push(hearing(date(2026, 12, 5), Some("ATC Karachi")));

    let mut c = Record::new("Kashif Ali", date(2025, 12, 10));
    c.detainee.id = 3;
    c.detainee.gender = Some(Gender::Male);
    c.detainee.age_at_arrest = Some(16);
    c.detainee.health = vec![Health::Tb];
    c.detainee.prison = Some("Central Jail Multan".into());
    c.case.district = Some("Multan".into());
    c.case.stage = Stage::Trial;
    c.case.substance = Some(Substance::Opium);

    let mut d = Record::new("Rashid Mehmood", date(2024, 1, 1));
    d.detainee.id = 4;
    d.detainee.age_at_arrest = Some(63);
    d.case.lawyer = Some("Imran Khan".into());
    d.case.court = Some("Sessions Court Lahore".into());
    d.case.stage = Stage::Released;
    d.hearings.push(hearing(date(2026, 12, 20), None));

    vec![
        (a, 120, Band::Critical),
        (b, 70, Band::High),
        (c, 90, Band::High),
        (d, 10, Band::Low),
    ]
}

fn context(weights: &Weights) -> Context<'_> {
    Context {
        today: today(),
        weights,
        me: Some("ayesha siddiqui"),
    }
}

/// The first names of everyone `expr` keeps, by the one-person path; checks that the roster
/// path keeps the same people.
fn kept(expr: &str) -> Vec<&'static str> {
    let weights = Weights::default();
    let cx = context(&weights);
    let filter = Filter::parse(expr).unwrap_or_else(|e| panic!("{expr}: {e}"));
    let people = people();
    let mut names = Vec::new();
    for (record, total, band) in &people {
        let facts = Facts::of(record, today());
        let subject = subject(record, &facts, *total, *band);
        if filter.matches(&subject, &cx) {
            names.push(first_name(&record.detainee.name));
        }
    }
    let records: Vec<Record> = people.iter().map(|(r, _, _)| r.clone()).collect();
    let roster = Roster::from_records(&records, today());
    let ranked: Vec<Ranked> = people
        .iter()
        .enumerate()
        .map(|(index, (_, total, band))| Ranked {
            index,
            total: *total,
            band: *band,
        })
        .collect();
    let by_roster: Vec<&str> = filter_roster(&roster, &ranked, &filter, &cx)
        .into_iter()
        .map(|p| first_name(&records[ranked[p].index].detainee.name))
        .collect();
    assert_eq!(by_roster, names, "{expr}: roster path differs");
    names
}

fn first_name(name: &str) -> &'static str {
    match name.split(' ').nth(1) {
        Some("Aslam") => "aslam",
        Some("Bibi") => "bushra",
        Some("Ali") => "kashif",
        _ => "rashid",
    }
}

fn subject<'a>(r: &'a Record, facts: &'a Facts, total: i64, band: Band) -> Subject<'a> {
    Subject::of_record(r, facts, total, band, today())
}

#[test]
fn every_term_keeps_exactly_whom_it_should() {
    let cases: &[(&str, &[&str])] = &[
        ("", &["aslam", "bushra", "kashif", "rashid"]),
        ("court:multan", &["aslam"]),
        ("court:MULTAN", &["aslam"]),
        ("court:atc", &["bushra"]), // the next hearing's own court
        ("court:sessions", &["bushra", "rashid"]),
        ("prison:\"central jail\"", &["aslam", "kashif"]),
        ("prison:\"women jail\"", &["bushra"]),
        ("lawyer:ayesha", &["aslam"]),
        ("lawyer:me", &["aslam"]),
        ("lawyer:me,imran", &["aslam", "rashid"]),
        ("ps:saddar", &["aslam"]),
        ("district:multan", &["aslam", "kashif"]),
        ("district:\"karachi south\"", &["bushra"]),
        ("band:critical", &["aslam"]),
        ("band:critical,high", &["aslam", "bushra", "kashif"]),
        ("band:c,l", &["aslam", "rashid"]),
        ("gender:f", &["bushra"]),
        ("gender:male", &["aslam", "kashif"]),
        ("law:sindh2024", &["bushra"]),
        ("law:p", &["aslam"]),
        ("law:cnsa1997", &["kashif", "rashid"]),
        ("stage:trial", &["aslam", "kashif"]),
        ("stage:i", &["bushra"]),
        ("stage:released", &["rashid"]),
        ("bail:rejected", &["aslam"]),
        ("bail:r,p", &["aslam", "bushra"]),
        ("substance:heroin", &["aslam"]),
        ("substance:charas,opium", &["bushra", "kashif"]),
        ("is:juvenile", &["kashif"]),
        ("is:pregnant", &["bushra"]),
        ("is:woman", &["bushra"]),
        ("is:sick", &["kashif", "rashid"]),
        ("is:overdue", &["aslam"]),
        ("is:near", &["kashif"]),
        ("is:released", &["rashid"]),
        ("is:juvenile,pregnant", &["bushra", "kashif"]),
        ("has:lawyer", &["aslam", "rashid"]),
        ("has:hearing", &["aslam", "bushra", "rashid"]),
        ("has:weakness", &["aslam"]),
        ("weakness:sample_late", &["aslam"]),
        ("weakness:no_lab_report", &[]),
        ("hearing:today", &["aslam"]),
        ("hearing:7d", &["aslam", "bushra"]),
        ("hearing:2026-12-20", &["rashid"]),
        ("hearing:20/12/2026", &["rashid"]),
        ("hearing:none", &["kashif"]),
        ("days>365", &["aslam", "rashid"]),
        ("days<=90", &["bushra"]),
        ("days=30", &["bushra"]),
        ("score>=100", &["aslam"]),
        ("score<60", &["rashid"]),
        ("age<18", &["kashif"]),
        ("age>=60", &["rashid"]),
        ("-has:lawyer", &["bushra", "kashif"]),
        ("-court:multan", &["bushra", "kashif", "rashid"]),
        ("band:critical,high -has:lawyer", &["bushra", "kashif"]),
        ("district:multan is:juvenile", &["kashif"]),
        ("court:multan band:critical", &["aslam"]),
        // `=`: the whole name (case aside); a court is the one they appear before next.
        ("prison=\"central jail multan\"", &["aslam", "kashif"]),
        ("prison=\"central jail\"", &[]),
        ("court=\"atc karachi\"", &["bushra"]),
        ("court=\"Sessions Court Karachi\"", &[]),
        (
            "court=\"sessions court lahore\",\"special court cns multan\"",
            &["aslam", "rashid"],
        ),
        ("court=sessions", &[]),
        // A comma inside quotes is part of the name.
        ("prison:\"jail multan, x\",karachi", &["bushra"]),
        ("has:prison", &["aslam", "bushra", "kashif"]),
        ("-has:court", &["kashif"]),
        ("has:ps,district", &["aslam", "bushra", "kashif"]),
        // Whole calendar months from arrest, as the custody bands of `stats` count them.
        ("months<3", &["bushra"]),
        ("months>=3 months<12", &["kashif"]),
        ("months>=12 months<24", &["aslam"]),
        ("months>=24", &["rashid"]),
    ];
    for (expr, want) in cases {
        assert_eq!(kept(expr), *want, "{expr}");
    }
}

#[test]
fn lawyer_me_without_a_mapping_finds_nobody() {
    let weights = Weights::default();
    let cx = Context {
        me: None,
        ..context(&weights)
    };
    let filter = Filter::parse("lawyer:me").expect("parses");
    for (record, total, band) in people() {
        let facts = Facts::of(&record, today());
        assert!(!filter.matches(&subject(&record, &facts, total, band), &cx));
    }
}

#[test]
fn free_words_are_handed_back_for_search() {
    let f = Filter::parse("court:multan aslam \"ghulam rasool\" 123/2025").expect("parses");
    assert_eq!(f.search, "aslam ghulam rasool 123/2025");
    assert!(!f.is_empty());
    let words = Filter::parse("  muhammad   aslam ").expect("parses");
    assert_eq!(words.search, "muhammad aslam");
    assert!(words.is_empty());
    // Urdu text and times are words, not terms.
    assert_eq!(
        Filter::parse("محمد 10:30").expect("parses").search,
        "محمد 10:30"
    );
}

#[test]
fn malformed_terms_say_what_is_expected_in_one_line() {
    let cases: &[(&str, &str)] = &[
        (
            "cuort:multan",
            "unknown field 'cuort' — did you mean court?",
        ),
        ("prsion:x", "unknown field 'prsion' — did you mean prison?"),
        (
            "colour:red",
            "unknown field 'colour' — fields are court, prison, lawyer, ps, district, band, gender, law, stage, bail, substance, is, has, weakness, hearing, days, months, score, age",
        ),
        (
            "band:urgent",
            "'band:urgent': expected one of low, medium, high, critical",
        ),
        (
            "substance:c",
            "'substance:c': expected one of charas, heroin, opium, ice, cocaine, poppy_straw, other ('c' could be charas or cocaine)",
        ),
        (
            "is:tall",
            "'is:tall': expected one of juvenile, pregnant, woman, sick, overdue, near, released",
        ),
        (
            "has:car",
            "'has:car': expected one of lawyer, hearing, weakness, prison, court, ps, district",
        ),
        (
            "hearing:soon",
            "'hearing:soon': expected today, Nd (within N days), a date such as 2026-12-20, or none",
        ),
        (
            "days>many",
            "'days>many': expected a whole number (or several, comma-separated)",
        ),
        (
            "court>3",
            "'court>3': expected court:VALUE (only days, months, score and age compare with >)",
        ),
        (
            "court:",
            "'court:': expected a value after court: (quote values with spaces)",
        ),
        (
            "band:high,",
            "'band:high,': expected a value after band: (quote values with spaces)",
        ),
        (
            "prison:\"women jail",
            "'prison:\"women jail': a quote is not closed",
        ),
        (
            "-aslam",
            "'-aslam': '-' negates a term such as court:X; search words cannot be negated",
        ),
    ];
    for (expr, want) in cases {
        let err = Filter::parse(expr).expect_err(expr);
        let text = err.to_string();
        assert_eq!(text, *want, "{expr}");
        assert!(!text.contains('\n'), "{expr}: one line");
    }
    assert!(matches!(
        Filter::parse("cuort:x"),
        Err(FilterError::UnknownFieldNear {
            suggestion: "court",
            ..
        })
    ));
}

/// Terms over every field, for the complement property.
const TERMS: &[&str] = &[
    "court:multan",
    "court:karachi,lahore",
    "prison:jail",
    "lawyer:me",
    "lawyer:khan",
    "ps:saddar",
    "district:multan",
    "band:critical,high",
    "band:low",
    "gender:f",
    "gender:m,t",
    "law:sindh2024",
    "stage:trial",
    "bail:rejected,pending",
    "substance:heroin",
    "is:juvenile",
    "is:pregnant",
    "is:woman",
    "is:sick",
    "is:overdue",
    "is:near",
    "is:released",
    "has:lawyer",
    "has:hearing",
    "has:weakness",
    "weakness:sample_late",
    "hearing:today",
    "hearing:7d",
    "hearing:2026-12-20",
    "hearing:none",
    "days>365",
    "days<=90",
    "score>=100",
    "age<18",
    "age>=60,16",
];

fn arb_record() -> impl Strategy<Value = (Record, i64)> {
    (
        0i64..1500,
        prop::option::of(0u32..80),
        prop::option::of(prop::sample::select(Gender::ALL)),
        prop::sample::select(Stage::ALL),
        prop::option::of(prop::sample::select(BailStatus::ALL)),
        prop::option::of(prop::sample::select(
            &["Central Jail Multan", "Women Jail Karachi"][..],
        )),
        prop::option::of(prop::sample::select(&["Ayesha Siddiqui", "Imran Khan"][..])),
        prop::option::of(-5i64..30),
        any::<bool>(),
        -20i64..200,
    )
        .prop_map(
            |(days, age, gender, stage, bail, prison, lawyer, hearing_in, finding, total)| {
                let mut r = Record::new("Test Person", today() - chrono::Days::new(days as u64));
                r.detainee.age_at_arrest = age;
                r.detainee.gender = gender;
                r.detainee.pregnant = Some(gender == Some(Gender::Female) && days % 3 == 0);
                r.detainee.prison = prison.map(str::to_string);
                r.case.stage = stage;
                r.case.bail_status = bail;
                r.case.lawyer = lawyer.map(str::to_string);
                r.case.court = Some(
                    if days % 2 == 0 {
                        "Special Court Multan"
                    } else {
                        "Lahore"
                    }
                    .into(),
                );
                r.case.district = Some("Multan".into());
                if let Some(n) = hearing_in {
                    r.hearings
                        .push(hearing(today() + chrono::Duration::days(n), None));
                }
                if finding {
                    r.findings.push(Finding {
                        code: Weakness::SampleLate,
                        note: None,
                    });
                }
                (r, total)
            },
        )
}

proptest! {
    #[test]
    fn not_is_exactly_the_complement(term in prop::sample::select(TERMS), (record, total) in arb_record()) {
        let weights = Weights::default();
        let cx = context(&weights);
        let facts = Facts::of(&record, today());
        let s = subject(&record, &facts, total, Band::of(total, &weights));
        let yes = Filter::parse(term).expect("parses").matches(&s, &cx);
        let no = Filter::parse(&format!("-{term}")).expect("parses").matches(&s, &cx);
        prop_assert_ne!(yes, no, "{}", term);
    }
}
