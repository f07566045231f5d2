//! One table-driven case per urgency rule of DOMAIN.md §4 (total and reason text), and the
//! properties every score must keep.

use caseload::domain::model::{
    BailStatus, Finding, Gender, Health, Hearing, Law, Record, Stage, Weakness,
};
use caseload::domain::triage::{Band, Facts, rank, score, total};
use caseload::domain::weights::Weights;
use chrono::{Days, NaiveDate};
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).expect("valid")
}

fn days_ago(n: u64) -> NaiveDate {
    today() - Days::new(n)
}

fn days_ahead(n: u64) -> NaiveDate {
    today() + Days::new(n)
}

fn hearing(date: NaiveDate) -> Hearing {
    Hearing {
        id: 0,
        date,
        court: Some("Special Court CNS Karachi-I".into()),
        purpose: None,
        outcome: None,
    }
}

/// A man of 30 arrested today, with a lawyer, a pending bail application, 500 g and a hearing in
/// three weeks: scores nothing, so each case below shows exactly one rule.
fn base() -> Record {
    let mut r = Record::new("Imran Ali", today());
    r.detainee.gender = Some(Gender::Male);
    r.detainee.age_at_arrest = Some(30);
    r.case.stage = Stage::Trial;
    r.case.lawyer = Some("Ayesha Siddiqui".into());
    r.case.bail_status = Some(BailStatus::Pending);
    r.case.quantity_grams = Some(500.0);
    r.hearings.push(hearing(days_ahead(21)));
    r
}

fn woman() -> Record {
    let mut r = base();
    r.detainee.gender = Some(Gender::Female);
    r
}

struct Case {
    name: &'static str,
    record: Record,
    total: i64,
    /// (signal, points, text) that must appear among the reasons.
    expect: &'static [(&'static str, i64, &'static str)],
}

fn cases() -> Vec<Case> {
    let w = |f: &dyn Fn(&mut Record)| {
        let mut r = base();
        f(&mut r);
        r
    };
    let wo = |f: &dyn Fn(&mut Record)| {
        let mut r = woman();
        f(&mut r);
        r
    };
    vec![
        Case {
            name: "nothing applies",
            record: base(),
            total: 0,
            expect: &[],
        },
        Case {
            name: "woman",
            record: woman(),
            total: 10,
            expect: &[(
                "woman",
                10,
                "Woman: bail is the rule, refusal the exception",
            )],
        },
        Case {
            name: "pregnant from 28 weeks",
            record: wo(&|r| {
                r.detainee.pregnant = Some(true);
                r.detainee.due_date = Some(days_ahead(12 * 7));
            }),
            total: 65,
            expect: &[("pregnant", 55, "Pregnant, 28 weeks (due 2027-02-23)")],
        },
        Case {
            name: "pregnant before 28 weeks is lifted to the high floor",
            record: wo(&|r| {
                r.detainee.pregnant = Some(true);
                r.detainee.due_date = Some(days_ahead(20 * 7));
            }),
            total: 60,
            expect: &[
                ("pregnant", 40, "Pregnant, 20 weeks (due 2027-04-20)"),
                (
                    "floor_high",
                    10,
                    "Floor: pregnant is at least high priority",
                ),
            ],
        },
        Case {
            name: "pregnant, due date unknown",
            record: wo(&|r| r.detainee.pregnant = Some(true)),
            total: 60,
            expect: &[("pregnant", 40, "Pregnant (due date not recorded)")],
        },
        Case {
            name: "juvenile",
            record: w(&|r| r.detainee.age_at_arrest = Some(17)),
            total: 60,
            expect: &[
                (
                    "juvenile",
                    45,
                    "Juvenile: 17 at arrest, must be held apart from adults",
                ),
                (
                    "floor_high",
                    15,
                    "Floor: juvenile is at least high priority",
                ),
            ],
        },
        Case {
            name: "under sixteen, from date of birth",
            record: w(&|r| {
                r.detainee.age_at_arrest = None;
                r.detainee.date_of_birth = NaiveDate::from_ymd_opt(2011, 6, 1);
            }),
            total: 60,
            expect: &[
                (
                    "juvenile",
                    45,
                    "Juvenile: 15 at arrest, must be held apart from adults",
                ),
                ("under_sixteen", 10, "Under 16: bail is the rule"),
                ("floor_high", 5, "Floor: juvenile is at least high priority"),
            ],
        },
        Case {
            name: "juvenile claimed, age unverified",
            record: w(&|r| {
                r.detainee.age_at_arrest = None;
                r.detainee.juvenile_claimed = Some(true);
            }),
            total: 25,
            expect: &[(
                "juvenile_claimed",
                25,
                "Says under 18, age not verified: age determination needed",
            )],
        },
        Case {
            name: "one child in prison",
            record: wo(&|r| r.detainee.children_in_prison = Some(1)),
            total: 20,
            expect: &[(
                "children_in_prison",
                10,
                "1 child living with her in prison",
            )],
        },
        Case {
            name: "children in prison are capped",
            record: wo(&|r| r.detainee.children_in_prison = Some(4)),
            total: 30,
            expect: &[(
                "children_in_prison",
                20,
                "4 children living with her in prison",
            )],
        },
        Case {
            name: "sick",
            record: w(&|r| r.detainee.health = vec![Health::Hiv, Health::Tb]),
            total: 15,
            expect: &[("sick_or_infirm", 15, "Sick or infirm: HIV, TB")],
        },
        Case {
            name: "infirm by age",
            record: w(&|r| r.detainee.age_at_arrest = Some(64)),
            total: 15,
            expect: &[("sick_or_infirm", 15, "Sick or infirm: aged 64")],
        },
        Case {
            name: "untreated opioid dependence",
            record: w(&|r| r.detainee.health = vec![Health::OpioidDependence]),
            total: 8,
            expect: &[(
                "opioid_dependence",
                8,
                "Opioid dependence: withdrawal in custody, needs substitution therapy",
            )],
        },
        Case {
            name: "time in custody",
            record: w(&|r| r.case.arrest_date = days_ago(200)),
            total: 11,
            expect: &[(
                "time_in_custody",
                11,
                "In custody 200 days, since arrest on 2026-05-15",
            )],
        },
        Case {
            name: "time in custody is capped at two years; statutory bail blocked by defence delay",
            record: w(&|r| {
                r.case.arrest_date = days_ago(1000);
                r.case.delay_by_defence = Some(true);
            }),
            total: 40,
            expect: &[(
                "time_in_custody",
                40,
                "In custody 1000 days, since arrest on 2024-03-06",
            )],
        },
        Case {
            name: "statutory bail due: a man past one year",
            record: w(&|r| r.case.arrest_date = NaiveDate::from_ymd_opt(2025, 10, 27).expect("d")),
            total: 60,
            expect: &[
                (
                    "statutory_bail_due",
                    30,
                    "Statutory bail due since 2026-10-28, 34 days ago",
                ),
                (
                    "time_in_custody",
                    22,
                    "In custody 400 days, since arrest on 2025-10-27",
                ),
                (
                    "floor_high",
                    8,
                    "Floor: statutory bail due is at least high priority",
                ),
            ],
        },
        Case {
            name: "statutory bail due: a woman past six months",
            record: wo(&|r| r.case.arrest_date = NaiveDate::from_ymd_opt(2026, 5, 1).expect("d")),
            total: 60,
            expect: &[(
                "statutory_bail_due",
                30,
                "Statutory bail due since 2026-11-02, 29 days ago",
            )],
        },
        Case {
            name: "statutory bail near",
            record: w(&|r| r.case.arrest_date = NaiveDate::from_ymd_opt(2025, 12, 20).expect("d")),
            total: 29,
            expect: &[(
                "statutory_bail_near",
                10,
                "Statutory bail falls due on 2026-12-21, in 20 days",
            )],
        },
        Case {
            // An offence before the 2023 amendment: death was still a punishment under s.9.
            name: "capital charge doubles the period",
            record: w(&|r| {
                r.case.arrest_date = NaiveDate::from_ymd_opt(2025, 10, 27).expect("d");
                r.case.fir_date = NaiveDate::from_ymd_opt(2022, 6, 1);
                r.case.capital_charge = Some(true);
            }),
            total: 22,
            expect: &[],
        },
        Case {
            name: "sindh 2024: statutory bail points to the High Court",
            record: w(&|r| {
                r.case.arrest_date = NaiveDate::from_ymd_opt(2025, 10, 27).expect("d");
                r.case.law = Law::Sindh2024;
            }),
            total: 60,
            expect: &[(
                "statutory_bail_due",
                30,
                "Statutory bail due since 2026-10-28, 34 days ago; Sindh 2024 s.35 bars trial-court bail: High Court writ",
            )],
        },
        Case {
            name: "low quantity",
            record: w(&|r| {
                r.case.substance = Some(caseload::domain::model::Substance::Charas);
                r.case.quantity_grams = Some(80.0);
            }),
            total: 10,
            expect: &[("low_quantity", 10, "Low quantity: 80 g")],
        },
        Case {
            name: "no lawyer",
            record: w(&|r| r.case.lawyer = None),
            total: 15,
            expect: &[("no_lawyer", 15, "No lawyer assigned")],
        },
        Case {
            name: "bail never sought",
            record: w(&|r| {
                r.case.bail_status = Some(BailStatus::NotApplied);
                r.case.arrest_date = days_ago(30);
            }),
            total: 12,
            expect: &[(
                "bail_never_sought",
                10,
                "No bail application after 30 days in custody",
            )],
        },
        Case {
            name: "hearing tomorrow",
            record: w(&|r| r.hearings = vec![hearing(days_ahead(1))]),
            total: 15,
            expect: &[(
                "hearing_soon",
                15,
                "Hearing tomorrow (2026-12-02): prepare now",
            )],
        },
        Case {
            name: "hearing within a week",
            record: w(&|r| r.hearings = vec![hearing(days_ahead(5))]),
            total: 8,
            expect: &[(
                "hearing_soon",
                8,
                "Hearing in 5 days (2026-12-06): prepare now",
            )],
        },
        Case {
            name: "no hearing scheduled (past hearings do not count)",
            record: w(&|r| r.hearings = vec![hearing(days_ago(3))]),
            total: 8,
            expect: &[("no_hearing_scheduled", 8, "No future hearing date recorded")],
        },
        Case {
            name: "first offence",
            record: w(&|r| r.case.first_offence = Some(true)),
            total: 5,
            expect: &[("first_offence", 5, "First offence")],
        },
    ]
}

#[test]
fn each_rule_gives_its_points_and_reason() {
    let weights = Weights::default();
    for case in cases() {
        let urgency = score(&case.record, today(), &weights);
        assert_eq!(
            urgency.total, case.total,
            "{}: {:#?}",
            case.name, urgency.reasons
        );
        for (signal, points, text) in case.expect {
            assert!(
                urgency
                    .reasons
                    .iter()
                    .any(|r| r.signal == *signal && r.points == *points && r.text == *text),
                "{}: expected {signal} {points} {text:?} in {:#?}",
                case.name,
                urgency.reasons
            );
        }
        let sum: i64 = urgency.reasons.iter().map(|r| r.points).sum();
        assert_eq!(sum, urgency.total, "{}", case.name);
    }
}

#[test]
fn each_weakness_finding_scores_its_weight() {
    let weights = Weights::default();
    let expected = [
        (Weakness::SampleLate, 15),
        (Weakness::NoLabReport, 12),
        (Weakness::LabReportDefective, 12),
        (Weakness::CustodyChainGap, 12),
        (Weakness::PacketsNotSampled, 10),
        (Weakness::QuantityDisputed, 10),
        (Weakness::NearSlabBoundary, 8),
        (Weakness::ProsecutionDelay, 8),
        (Weakness::NoIndependentWitness, 2),
        (Weakness::Other, 5),
    ];
    for (code, points) in expected {
        let mut r = base();
        r.findings.push(Finding { code, note: None });
        let urgency = score(&r, today(), &weights);
        assert_eq!(urgency.total, points, "{code}");
        assert_eq!(urgency.reasons[0].signal, code.code());
        assert_eq!(
            urgency.reasons[0].text,
            format!("Weak case: {}", code.label())
        );
    }
}

#[test]
fn bands_follow_the_thresholds() {
    let weights = Weights::default();
    assert_eq!(Band::of(100, &weights), Band::Critical);
    assert_eq!(Band::of(99, &weights), Band::High);
    assert_eq!(Band::of(60, &weights), Band::High);
    assert_eq!(Band::of(59, &weights), Band::Medium);
    assert_eq!(Band::of(30, &weights), Band::Medium);
    assert_eq!(Band::of(29, &weights), Band::Low);
}

#[test]
fn clinic_weights_change_the_score() {
    let weights = Weights::from_toml("[points]\nno_lawyer = 50\n").expect("valid");
    let mut r = base();
    r.case.lawyer = None;
    assert_eq!(score(&r, today(), &weights).total, 50);
}

#[test]
fn released_people_are_not_ranked_and_order_is_by_score() {
    let weights = Weights::default();
    let mut released = base();
    released.case.stage = Stage::Released;
    let mut bailed = base();
    bailed.case.bail_status = Some(BailStatus::Granted);
    let mut juvenile = base();
    juvenile.detainee.age_at_arrest = Some(16);
    let records = vec![base(), released, juvenile, bailed];
    let order: Vec<usize> = rank(&records, today(), &weights)
        .iter()
        .map(|r| r.index)
        .collect();
    assert_eq!(order, vec![2, 0]);
}

prop_compose! {
    fn any_record()(
        female in any::<bool>(),
        age in prop::option::of(10u32..80),
        claimed in prop::option::of(any::<bool>()),
        pregnant_weeks in prop::option::of(0i64..42),
        children in prop::option::of(0u32..5),
        health in prop::collection::vec(0usize..7, 0..3),
        findings in prop::collection::vec(0usize..10, 0..4),
        grams in prop::option::of(0.0f64..3000.0),
        lawyer in any::<bool>(),
        bail in 0usize..4,
        stage in 0usize..3,
        arrested in 0u64..1500,
        hearing_in in prop::option::of(-30i64..60),
        capital in any::<bool>(),
        first in any::<bool>(),
    ) -> Record {
        let mut r = base();
        r.detainee.gender = Some(if female { Gender::Female } else { Gender::Male });
        r.detainee.age_at_arrest = age;
        r.detainee.juvenile_claimed = claimed;
        if let Some(weeks) = pregnant_weeks.filter(|_| female) {
            r.detainee.pregnant = Some(true);
            r.detainee.due_date = Some(today() + chrono::Duration::days((40 - weeks) * 7));
        }
        r.detainee.children_in_prison = children.filter(|_| female);
        r.detainee.health = health.into_iter().map(|i| Health::ALL[i]).collect();
        r.findings = findings.into_iter().map(|i| Finding { code: Weakness::ALL[i], note: None }).collect();
        r.case.quantity_grams = grams;
        r.case.lawyer = lawyer.then(|| "Ayesha Siddiqui".to_string());
        r.case.bail_status = Some([BailStatus::NotApplied, BailStatus::Pending, BailStatus::Rejected, BailStatus::NotApplied][bail]);
        r.case.stage = [Stage::Investigation, Stage::Trial, Stage::JudgmentReserved][stage];
        r.case.arrest_date = days_ago(arrested);
        r.case.capital_charge = Some(capital);
        r.case.first_offence = Some(first);
        r.hearings = hearing_in.map(|d| hearing(today() + chrono::Duration::days(d))).into_iter().collect();
        r
    }
}

/// The score's points without the band-floor lift.
fn points_before_floor(urgency: &caseload::domain::triage::Urgency) -> i64 {
    urgency
        .reasons
        .iter()
        .filter(|r| r.signal != "floor_high")
        .map(|r| r.points)
        .sum()
}

proptest! {
    #[test]
    fn fast_total_equals_the_explained_score(record in any_record()) {
        let weights = Weights::default();
        let urgency = score(&record, today(), &weights);
        let fast = total(&Facts::of(&record, today()), today(), &weights);
        prop_assert_eq!(fast, (urgency.total, urgency.band));
    }

    #[test]
    fn reasons_sum_to_the_total(record in any_record()) {
        let urgency = score(&record, today(), &Weights::default());
        prop_assert_eq!(urgency.reasons.iter().map(|r| r.points).sum::<i64>(), urgency.total);
        prop_assert!(urgency.reasons.iter().all(|r| r.points != 0 && !r.text.is_empty()));
        prop_assert_eq!(urgency.band, Band::of(urgency.total, &Weights::default()));
    }

    #[test]
    fn longer_custody_never_lowers_the_score(record in any_record(), more in 1u64..800) {
        let weights = Weights::default();
        let before = score(&record, today(), &weights).total;
        let mut longer = record.clone();
        // The same offence (its date chooses the law's version), held longer since arrest.
        longer.case.fir_date = Some(record.offence_date());
        longer.case.arrest_date = record.case.arrest_date - Days::new(more);
        prop_assert!(score(&longer, today(), &weights).total >= before);
    }

    #[test]
    fn each_signal_raises_the_score(record in any_record(), finding in 0usize..10, health in 0usize..7) {
        let weights = Weights::default();
        let before = score(&record, today(), &weights).total;
        let mut with_finding = record.clone();
        with_finding.findings.push(Finding { code: Weakness::ALL[finding], note: None });
        // A finding always adds points; the total may stay put when a band floor (statutory
        // bail due, juvenile, pregnant: at least HIGH) had lifted it above the new sum.
        let found = score(&with_finding, today(), &weights);
        prop_assert!(points_before_floor(&found) > points_before_floor(&score(&record, today(), &weights)));
        prop_assert!(found.total >= before);

        let mut no_lawyer = record.clone();
        no_lawyer.case.lawyer = None;
        prop_assert!(score(&no_lawyer, today(), &weights).total >= before);

        let mut sick = record.clone();
        sick.detainee.health.push(Health::ALL[health]);
        prop_assert!(score(&sick, today(), &weights).total >= before);

        let mut juvenile = record.clone();
        juvenile.detainee.age_at_arrest = Some(15);
        juvenile.detainee.date_of_birth = None;
        let adult_score = {
            let mut adult = record.clone();
            adult.detainee.age_at_arrest = Some(30);
            adult.detainee.date_of_birth = None;
            score(&adult, today(), &weights).total
        };
        prop_assert!(score(&juvenile, today(), &weights).total > adult_score);
    }
}
