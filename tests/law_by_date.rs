//! Issue 12, one case per defect: the law by date, place, stage and person. Each case is a
//! situation, the score reasons it must give (signal, points, part of the text), those it must
//! not, the notices a lawyer must read, and the checklist items that must and must not appear.
//! Plus issue 11 point 9 (dates that cannot be) where it touches the rules.

use caseload::domain::checklist::{Privacy, Rules, checklist};
use caseload::domain::edit::{Field, apply_fields};
use caseload::domain::model::{
    BailStatus, Finding, Gender, Health, Law, Record, Stage, Substance, Weakness,
};
use caseload::domain::triage::score;
use caseload::domain::weights::Weights;
use chrono::NaiveDate;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid")
}

fn today() -> NaiveDate {
    date(2026, 12, 1)
}

/// A man of 30 on trial under CNSA, with a lawyer and a pending bail application.
fn man(arrest: NaiveDate) -> Record {
    let mut r = Record::new("Imran Ali", arrest);
    r.detainee.id = 1;
    r.detainee.gender = Some(Gender::Male);
    r.detainee.age_at_arrest = Some(30);
    r.case.stage = Stage::Trial;
    r.case.lawyer = Some("Ayesha Siddiqui".into());
    r.case.bail_status = Some(BailStatus::Pending);
    r
}

fn with(mut r: Record, f: impl FnOnce(&mut Record)) -> Record {
    f(&mut r);
    r
}

struct Case {
    name: &'static str,
    record: Record,
    weights: Weights,
    rules: Rules,
    /// (signal, points, part of the reason's text or basis).
    reasons: &'static [(&'static str, i64, &'static str)],
    no_reasons: &'static [&'static str],
    notices: &'static [&'static str],
    items: &'static [&'static str],
    absent: &'static [&'static str],
}

impl Case {
    fn new(name: &'static str, record: Record) -> Case {
        Case {
            name,
            record,
            weights: Weights::default(),
            rules: Rules::defaults(),
            reasons: &[],
            no_reasons: &[],
            notices: &[],
            items: &[],
            absent: &[],
        }
    }
}

fn cases() -> Vec<Case> {
    let old = date(2021, 6, 1); // CNSA before the 2022 amendment
    let recent = date(2026, 3, 1); // CNSA as amended 2022 and 2023
    vec![
        // 1. Slabs follow the date and the statute.
        Case {
            reasons: &[("low_quantity", 10, "Old CNSA s.9(a): up to 2 years")],
            items: &["Low quantity (80 g)", "Old CNSA s.9(a)"],
            ..Case::new(
                "1a old CNSA offence: the old s.9(a) slab",
                with(man(old), |r| {
                    r.case.substance = Some(Substance::Heroin);
                    r.case.quantity_grams = Some(80.0);
                }),
            )
        },
        Case {
            reasons: &[("low_quantity", 10, "s.9(1) table (2022)")],
            notices: &["slab_unconfirmed"],
            items: &["unconfirmed: check against the Gazette"],
            absent: &["Old CNSA s.9(a)"],
            ..Case::new(
                "1b later CNSA offence: the 2022 table, unconfirmed",
                with(man(recent), |r| {
                    r.case.substance = Some(Substance::Charas);
                    r.case.quantity_grams = Some(80.0);
                }),
            )
        },
        Case {
            no_reasons: &["low_quantity"],
            absent: &["Old CNSA s.9(a)", "Low quantity ("],
            ..Case::new(
                "1c later CNSA offence: 80 g of heroin is above the lowest refined-drug row",
                with(man(recent), |r| {
                    r.case.substance = Some(Substance::Heroin);
                    r.case.quantity_grams = Some(80.0);
                }),
            )
        },
        Case {
            no_reasons: &["low_quantity"],
            notices: &["slab_not_encoded"],
            items: &["slab for this Act (KP CNSA 2019) is not encoded"],
            absent: &["Low quantity (", "Old CNSA"],
            ..Case::new(
                "1d KP 2019: slab not encoded",
                with(man(recent), |r| {
                    r.case.law = Law::Kp2019;
                    r.case.substance = Some(Substance::Charas);
                    r.case.quantity_grams = Some(80.0);
                }),
            )
        },
        // 2. A capital charge after the 2023 amendment: flagged, non-capital period.
        Case {
            reasons: &[("statutory_bail_due", 30, "Statutory bail due since 2026-10-28")],
            notices: &["capital_after_2023"],
            items: &["passed the statutory period on 2026-10-28"],
            ..Case::new(
                "2a capital charge on a 2025 CNSA offence",
                with(man(date(2025, 10, 27)), |r| r.case.capital_charge = Some(true)),
            )
        },
        Case {
            weights: Weights::from_toml("[law]\ncapital_after_2023_as_recorded = true\n")
                .expect("valid"),
            no_reasons: &["statutory_bail_due"],
            notices: &["capital_after_2023"],
            absent: &["passed the statutory period"],
            ..Case::new(
                "2b the clinic keeps the recorded capital charge",
                with(man(date(2025, 10, 27)), |r| r.case.capital_charge = Some(true)),
            )
        },
        // 3. The fourth proviso names death-or-life convictions only; a blocked clock is shown.
        Case {
            reasons: &[("statutory_bail_due", 30, "2026-10-28")],
            items: &["passed the statutory period on 2026-10-28"],
            ..Case::new(
                "3a any previous conviction does not block statutory bail",
                with(man(date(2025, 10, 27)), |r| r.case.previous_conviction = Some(true)),
            )
        },
        Case {
            no_reasons: &["statutory_bail_due"],
            notices: &["statutory_bail_blocked"],
            items: &[
                "passed the period on 2026-10-28, but a previous conviction for an offence punishable with death or life",
                "not occasioned by the accused",
            ],
            absent: &["release is mandatory"],
            ..Case::new(
                "3b a death-or-life conviction blocks it, and the clock is still shown",
                with(man(date(2025, 10, 27)), |r| {
                    r.case.previous_conviction = Some(true);
                    r.case.previous_conviction_death_life = Some(true);
                }),
            )
        },
        // 4. Sindh 2024: every CrPC s.497 item replaced or qualified.
        Case {
            reasons: &[("prosecution_delay", 8, "High Court petition")],
            no_reasons: &["woman", "bail_never_sought"],
            items: &[
                "first-proviso grounds (woman, under sixteen, sick or infirm) are not available in the trial court",
                "a ground for the High Court petition, not for s.497 bail",
                "Early and day-to-day trial",
                "constitutional petition in the High Court",
            ],
            absent: &[
                "Bail for a woman",
                "An early trial date",
                "The delay is the prosecution's: adjournments",
                "release is mandatory",
            ],
            ..Case::new(
                "4a Sindh 2024: a woman, prosecution delay, no bail application",
                with(man(date(2025, 10, 27)), |r| {
                    r.case.law = Law::Sindh2024;
                    r.detainee.gender = Some(Gender::Female);
                    r.case.bail_status = Some(BailStatus::NotApplied);
                    r.findings.push(Finding {
                        code: Weakness::ProsecutionDelay,
                        note: None,
                    });
                }),
            )
        },
        Case {
            notices: &["sindh_before_act"],
            ..Case::new(
                "4b a Sindh 2024 case whose FIR predates the Act",
                with(man(date(2024, 6, 1)), |r| r.case.law = Law::Sindh2024),
            )
        },
        Case {
            items: &["Conflict: JJSA 2018 s.6", "Sindh Act s.35 bars bail"],
            ..Case::new(
                "4c a juvenile under Sindh 2024: the JJSA vs s.35 conflict stated",
                with(man(date(2025, 10, 27)), |r| {
                    r.case.law = Law::Sindh2024;
                    r.detainee.age_at_arrest = Some(16);
                }),
            )
        },
        // 5. Juveniles: JJSA s.6 by offence class; s.3 legal aid.
        Case {
            items: &["heinous offence (over 7 years): bail is discretionary at 16-17"],
            absent: &["entitled to bail", "bail shall be granted"],
            ..Case::new(
                "5a a 17-year-old, 1.2 kg under the old slabs (9(c)): heinous, discretionary",
                with(man(old), |r| {
                    r.detainee.age_at_arrest = Some(17);
                    r.case.quantity_grams = Some(1200.0);
                }),
            )
        },
        Case {
            items: &["Juvenile under sixteen (age 15 at arrest), heinous offence"],
            absent: &["discretionary at 16-17"],
            ..Case::new(
                "5b a 15-year-old in the same offence: entitled to bail",
                with(man(old), |r| {
                    r.detainee.age_at_arrest = Some(15);
                    r.case.quantity_grams = Some(1200.0);
                }),
            )
        },
        Case {
            items: &[
                "major offence (3 to 7 years): bail shall be granted",
                "Free legal aid at State expense",
            ],
            absent: &["discretionary"],
            ..Case::new(
                "5c a 17-year-old, 500 g under the old slabs (9(b)), no lawyer: major; s.3 legal aid",
                with(man(old), |r| {
                    r.detainee.age_at_arrest = Some(17);
                    r.case.quantity_grams = Some(500.0);
                    r.case.lawyer = None;
                }),
            )
        },
        // 6. Who the first proviso names.
        Case {
            no_reasons: &["woman", "statutory_bail_due"],
            reasons: &[("statutory_bail_near", 10, "2026-12-21")],
            notices: &["transgender"],
            items: &["Transgender: treated under the men's statutory-bail period", "counsel's call"],
            absent: &["Bail for a woman"],
            ..Case::new(
                "6a a transgender detainee: treated as a man, and it says so",
                with(man(date(2025, 12, 20)), |r| {
                    r.detainee.gender = Some(Gender::Transgender)
                }),
            )
        },
        Case {
            reasons: &[("woman", 10, "Woman"), ("statutory_bail_due", 30, "2026-11-02")],
            notices: &["pregnant_gender_blank"],
            items: &["Bail for a woman", "Medical certificate of pregnancy"],
            ..Case::new(
                "6b pregnant, gender blank: treated as a woman (six months)",
                with(man(date(2026, 5, 1)), |r| {
                    r.detainee.gender = None;
                    r.detainee.pregnant = Some(true);
                    r.detainee.due_date = Some(date(2027, 1, 20));
                }),
            )
        },
        Case {
            no_reasons: &["children_in_prison"],
            notices: &["children_for_a_man"],
            absent: &["Welfare of the children"],
            ..Case::new(
                "6c children in prison recorded for a man: not scored, flagged",
                with(man(today()), |r| r.detainee.children_in_prison = Some(2)),
            )
        },
        Case {
            reasons: &[("children_in_prison", 15, "2 children")],
            notices: &["child_over_age_limit"],
            items: &["A child aged 8 lives with her in prison", "Welfare of the children"],
            ..Case::new(
                "6d a child past the usual age limit (unconfirmed) is flagged",
                with(man(today()), |r| {
                    r.detainee.gender = Some(Gender::Female);
                    r.detainee.children_in_prison = Some(2);
                    r.detainee.children_ages = vec![3, 8];
                }),
            )
        },
        // 7. Convicted people: a post-conviction checklist and urgency.
        Case {
            reasons: &[("appeal_deadline_near", 40, "Appeal deadline 2026-12-10, in 9 days")],
            no_reasons: &["woman", "low_quantity", "bail_never_sought", "time_in_custody", "no_hearing_scheduled"],
            notices: &["appeal_deadline", "sentence_served"],
            items: &[
                "longer than the sentence of 2 years",
                "Appeal to the High Court: deadline 2026-12-10",
                "appeal period unconfirmed",
                "s.9A is not retrospective",
                "release on probation",
                "Suspension of the sentence",
                "Certified copy of the judgment",
            ],
            absent: &[
                "Bail for a woman",
                "Low quantity (",
                "proportionality of continued detention",
                "An early trial date",
                "Statutory bail",
                "no remission, probation or parole",
            ],
            ..Case::new(
                "7a a woman convicted of an old CNSA offence, first offender",
                with(man(old), |r| {
                    r.detainee.gender = Some(Gender::Female);
                    r.case.stage = Stage::Convicted;
                    r.case.quantity_grams = Some(80.0);
                    r.case.first_offence = Some(true);
                    r.case.bail_status = Some(BailStatus::NotApplied);
                    r.case.judgment_date = Some(date(2026, 11, 10));
                    r.case.sentence_years = Some(2.0);
                }),
            )
        },
        Case {
            items: &["CNSA s.9A (offence on 2026-03-01, after the 2022 amendment)"],
            absent: &["release on probation", "not retrospective"],
            notices: &["judgment_date_missing"],
            ..Case::new(
                "7b convicted of a later CNSA offence: s.9A bars probation",
                with(man(recent), |r| {
                    r.case.stage = Stage::Convicted;
                    r.case.first_offence = Some(true);
                }),
            )
        },
        // 8. Off by one: detention must exceed the period.
        Case {
            reasons: &[("statutory_bail_near", 10, "falls due on 2026-12-02, in 1 days")],
            no_reasons: &["statutory_bail_due"],
            ..Case::new("8 arrested 2025-12-01: due 2026-12-02", man(date(2025, 12, 1)))
        },
        // 9. A clinic can switch a rule off or reword it, in the weights and the checklist.
        Case {
            weights: Weights::from_toml(
                "[signals.no_lawyer]\ndisabled = true\n[signals.woman]\nbasis = \"Clinic's own basis\"\n",
            )
            .expect("valid"),
            rules: Rules::defaults()
                .extended(
                    Rules::from_toml(
                        "[[item]]\nid = \"woman_bail\"\ndisabled = true\n\n[[item]]\nid = \"fir\"\ntext = \"Certified copy of the FIR\"\n",
                    )
                    .expect("parses"),
                )
                .expect("merges"),
            reasons: &[("woman", 10, "Clinic's own basis")],
            no_reasons: &["no_lawyer"],
            items: &["Certified copy of the FIR"],
            absent: &["Bail for a woman", "FIR (first information report)"],
            ..Case::new(
                "9 a clinic switches off no_lawyer and woman_bail, rewords a basis and the FIR",
                with(man(today()), |r| {
                    r.detainee.gender = Some(Gender::Female);
                    r.case.lawyer = None;
                }),
            )
        },
        // Issue 11 point 9: a due date that has passed stops the pregnancy points.
        Case {
            no_reasons: &["pregnant"],
            notices: &["due_date_passed"],
            items: &["due date 2026-09-01 passed — update the record"],
            ..Case::new(
                "11.9 a pregnancy whose due date has passed",
                with(man(date(2026, 5, 1)), |r| {
                    r.detainee.gender = Some(Gender::Female);
                    r.detainee.pregnant = Some(true);
                    r.detainee.due_date = Some(date(2026, 9, 1));
                }),
            )
        },
    ]
}

#[test]
fn each_defect_of_issue_12_holds_for_score_and_checklist() {
    for case in cases() {
        let urgency = score(&case.record, today(), &case.weights);
        let sheet = checklist(
            &case.record,
            None,
            &urgency,
            today(),
            &case.weights,
            &case.rules,
            Privacy {
                include_health: true,
            },
        );
        let name = case.name;
        for (signal, points, part) in case.reasons {
            assert!(
                urgency.reasons.iter().any(|r| r.signal == *signal
                    && r.points == *points
                    && (r.text.contains(part) || r.basis.contains(part))),
                "{name}: expected {signal} {points} {part:?} in {:#?}",
                urgency.reasons
            );
        }
        for signal in case.no_reasons {
            assert!(
                !urgency.reasons.iter().any(|r| r.signal == *signal),
                "{name}: {signal} must not score: {:#?}",
                urgency.reasons
            );
        }
        for id in case.notices {
            assert!(
                urgency.has_notice(id),
                "{name}: notice {id} missing: {:#?}",
                urgency.notices
            );
        }
        let lines: Vec<String> = sheet
            .items
            .iter()
            .map(|i| format!("{} | {}", i.text, i.basis))
            .collect();
        for part in case.items {
            assert!(
                lines.iter().any(|l| l.contains(part)),
                "{name}: expected an item with {part:?} in {lines:#?}"
            );
        }
        for part in case.absent {
            assert!(
                !lines.iter().any(|l| l.contains(part)),
                "{name}: no item may contain {part:?}: {lines:#?}"
            );
        }
    }
}

#[test]
fn the_version_of_the_law_is_chosen_by_the_offence_date_and_shown() {
    let weights = Weights::default();
    let mut r = man(date(2026, 8, 20));
    r.case.fir_date = Some(date(2026, 8, 15));
    let urgency = score(&r, today(), &weights);
    assert_eq!(
        urgency.law,
        "CNSA 1997 as amended 2022 and 2023 — offence 2026-08-15"
    );
    r.case.fir_date = None;
    r.case.arrest_date = date(2022, 3, 1);
    assert_eq!(
        score(&r, today(), &weights).law,
        "CNSA 1997 before the 2022 amendment — offence 2022-03-01"
    );
    r.case.law = Law::Sindh2024;
    assert!(
        score(&r, today(), &weights)
            .law
            .starts_with("Sindh CNSA 2024")
    );
}

fn problems(fields: &[(Field, &str)]) -> Vec<(Field, String)> {
    let mut record = Record::new("", NaiveDate::default());
    let mut all = vec![(Field::Name, "Ali"), (Field::ArrestDate, "2026-01-10")];
    all.extend_from_slice(fields);
    apply_fields(&mut record, &all, today())
}

#[test]
fn dates_that_cannot_be_are_refused_with_the_field_named() {
    for (field, value, part) in [
        (
            Field::ArrestDate,
            "9999-12-31",
            "is after today (2026-12-01)",
        ),
        (Field::ArrestDate, "0000-01-01", "more than 50 years ago"),
        (Field::FirDate, "2027-01-05", "is after today"),
        (
            Field::NextHearing,
            "2031-01-01",
            "more than two years ahead",
        ),
        (Field::DateOfBirth, "1800-01-01", "more than 120 years ago"),
        (Field::JudgmentDate, "2026-12-25", "is after today"),
    ] {
        let found = problems(&[(field, value)]);
        assert!(
            found
                .iter()
                .any(|(f, reason)| *f == field && reason.contains(part)),
            "{} = {value}: {found:?}",
            field.name()
        );
    }
    assert!(problems(&[(Field::FirDate, "2026-01-09")]).is_empty());
    let entry = caseload::domain::edit::HearingEntry {
        outcome: caseload::domain::model::Outcome::Adjourned,
        next: Some(date(2031, 1, 1)),
        note: None,
    };
    let err = caseload::domain::edit::apply_hearing(&man(date(2026, 1, 10)), &entry, today())
        .expect_err("years ahead");
    assert!(err.contains("more than two years ahead"), "{err}");
}

#[test]
fn contradictions_about_the_person_are_refused() {
    let found = problems(&[(Field::Gender, "male"), (Field::ChildrenInPrison, "2")]);
    assert!(
        found
            .iter()
            .any(|(f, r)| *f == Field::ChildrenInPrison && r.contains("gender` is male")),
        "{found:?}"
    );
    let found = problems(&[(Field::Gender, "male"), (Field::Pregnant, "yes")]);
    assert!(
        found.iter().any(|(f, _)| *f == Field::Pregnant),
        "{found:?}"
    );
    let found = problems(&[(Field::Cnic, "12345")]);
    assert!(found.iter().any(|(f, _)| *f == Field::Cnic), "{found:?}");
    assert!(problems(&[(Field::Cnic, "42101-1234567-1")]).is_empty());
    let mut record = Record::new("", NaiveDate::default());
    let fields = [
        (Field::Name, "Ali"),
        (Field::ArrestDate, "2026-01-10"),
        (Field::Cnic, "42101-1234567-1"),
        (Field::PreviousConvictionDeathLife, "yes"),
        (Field::Stage, "convicted"),
        (Field::JudgmentDate, "2026-11-01"),
        (Field::SentenceYears, "2.5"),
    ];
    assert!(apply_fields(&mut record, &fields, today()).is_empty());
    assert_eq!(record.detainee.cnic.as_deref(), Some("4210112345671"));
    assert_eq!(record.case.previous_conviction_death_life, Some(true));
    assert_eq!(record.case.sentence_years, Some(2.5));
    let _ = Health::Hiv;
}
