//! Hearing checklists: the rules give the right items for each kind of person, health details
//! stay out unless asked, and each format renders to a reviewed golden file.

use caseload::domain::checklist::{ItemKind, Privacy, Rules, checklist};
use caseload::domain::daysheet::{DayFilter, day_sheet, person_sheet};
use caseload::domain::model::{
    BailStatus, Finding, Gender, Health, Hearing, Law, Record, Stage, Substance, Weakness,
};
use caseload::domain::render;
use caseload::domain::triage::score;
use caseload::domain::weights::Weights;
use chrono::NaiveDate;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid")
}

fn today() -> NaiveDate {
    date(2026, 12, 1)
}

fn hearing_day() -> NaiveDate {
    date(2026, 12, 3)
}

fn hearing(court: &str) -> Hearing {
    Hearing {
        id: 0,
        date: hearing_day(),
        court: Some(court.into()),
        purpose: Some("bail".into()),
        outcome: None,
    }
}

fn person(id: i64, name: &str, gender: Gender, arrest: NaiveDate) -> Record {
    let mut r = Record::new(name, arrest);
    r.detainee.id = id;
    r.detainee.gender = Some(gender);
    r.detainee.father_name = Some("Muhammad Rafiq".into());
    r.detainee.age_at_arrest = Some(30);
    r.detainee.prison = Some("Central Jail Karachi".into());
    r.detainee.prisoner_number = Some(format!("CJK-{id:04}"));
    r.case.stage = Stage::Trial;
    r.case.bail_status = Some(BailStatus::Rejected);
    r.case.lawyer = Some("Ayesha Siddiqui".into());
    r.case.fir_number = Some(format!("FIR {id}/2026"));
    r.case.police_station = Some("Kalri".into());
    r.case.substance = Some(Substance::Charas);
    r.case.quantity_grams = Some(1200.0);
    r.case.court = Some("Special Court CNS Karachi-I".into());
    r.hearings.push(hearing("Special Court CNS Karachi-I"));
    r
}

/// A woman past six months, a man past one year, a juvenile under sixteen, a Sindh 2024 case.
fn caseload() -> Vec<Record> {
    let mut woman = person(1, "Shazia Bibi", Gender::Female, date(2026, 4, 20));
    woman.detainee.pregnant = Some(true);
    woman.detainee.due_date = Some(date(2027, 2, 1));
    woman.detainee.health = vec![Health::Hiv];
    woman.case.quantity_grams = Some(60.0);
    let man = person(2, "Imran Ali", Gender::Male, date(2025, 10, 1));
    let mut child = person(3, "Bilal Ahmed", Gender::Male, date(2026, 9, 1));
    child.detainee.age_at_arrest = Some(15);
    child.case.bail_status = Some(BailStatus::NotApplied);
    child.case.lawyer = None;
    let mut sindh = person(4, "Ghulam Mustafa", Gender::Male, date(2025, 9, 1));
    sindh.case.law = Law::Sindh2024;
    sindh.findings = vec![Finding {
        code: Weakness::SampleLate,
        note: Some("dispatched on day 5".into()),
    }];
    sindh.detainee.health = vec![Health::OpioidDependence];
    vec![woman, man, child, sindh]
}

fn items_for(record: &Record, privacy: Privacy) -> Vec<(ItemKind, String, String)> {
    let weights = Weights::default();
    let urgency = score(record, today(), &weights);
    let c = checklist(
        record,
        record.next_hearing(today()),
        &urgency,
        today(),
        &weights,
        &Rules::defaults(),
        privacy,
    );
    c.items
        .into_iter()
        .map(|i| (i.kind, i.text, i.basis))
        .collect()
}

fn has(items: &[(ItemKind, String, String)], kind: ItemKind, text_part: &str) -> bool {
    items
        .iter()
        .any(|(k, text, _)| *k == kind && text.contains(text_part))
}

#[test]
fn the_shipped_rules_parse() {
    Rules::from_toml(caseload::domain::checklist::DEFAULT_RULES_TOML).expect("defaults parse");
}

#[test]
fn a_woman_past_six_months_gets_statutory_and_first_proviso_bail() {
    let items = items_for(&caseload()[0], Privacy::default());
    assert!(has(
        &items,
        ItemKind::Argument,
        "passed the statutory period on 2026-10-21"
    ));
    assert!(has(&items, ItemKind::Argument, "Bail for a woman"));
    assert!(has(&items, ItemKind::Argument, "Low quantity (60 g)"));
    assert!(has(
        &items,
        ItemKind::Document,
        "Medical certificate of pregnancy"
    ));
    assert!(has(&items, ItemKind::Request, "Antenatal care"));
}

#[test]
fn a_man_past_one_year_gets_statutory_bail_with_its_date() {
    let items = items_for(&caseload()[1], Privacy::default());
    let statutory = items
        .iter()
        .find(|(k, t, _)| *k == ItemKind::Argument && t.starts_with("Statutory bail"))
        .expect("statutory bail argument");
    // Detention must *exceed* one year: the first day past 2026-10-01.
    assert!(statutory.1.contains("2026-10-02"), "{}", statutory.1);
    assert_eq!(statutory.2, "CrPC s.497 third proviso");
    assert!(!has(&items, ItemKind::Argument, "Bail for a woman"));
}

#[test]
fn a_juvenile_under_sixteen_gets_jjsa_bail_transfer_and_age_proof() {
    let items = items_for(&caseload()[2], Privacy::default());
    assert!(has(
        &items,
        ItemKind::Argument,
        "Juvenile under sixteen (age 15 at arrest), heinous offence"
    ));
    assert!(has(
        &items,
        ItemKind::Argument,
        "Bail for a person under sixteen"
    ));
    assert!(has(
        &items,
        ItemKind::Request,
        "Transfer out of the adult prison"
    ));
    assert!(has(&items, ItemKind::Document, "Age proof"));
    assert!(has(&items, ItemKind::Document, "vakalatnama"));
}

#[test]
fn a_sindh_2024_case_gets_the_writ_route_not_trial_court_bail() {
    let items = items_for(&caseload()[3], Privacy::default());
    assert!(has(
        &items,
        ItemKind::Argument,
        "constitutional petition in the High Court"
    ));
    assert!(
        !items
            .iter()
            .any(|(k, t, _)| *k == ItemKind::Argument && t.starts_with("Statutory bail:"))
    );
    assert!(has(&items, ItemKind::Argument, "more than 72 hours"));
}

#[test]
fn each_weakness_code_becomes_an_argument_with_its_basis() {
    for code in Weakness::ALL {
        let mut r = caseload()[1].clone();
        r.findings = vec![Finding {
            code: *code,
            note: None,
        }];
        let plain = caseload()[1].clone();
        let with = items_for(&r, Privacy::default());
        let without = items_for(&plain, Privacy::default());
        let added: Vec<_> = with.iter().filter(|i| !without.contains(i)).collect();
        assert_eq!(added.len(), 1, "{code}: {added:?}");
        assert_eq!(added[0].0, ItemKind::Argument, "{code}");
        assert!(!added[0].2.is_empty(), "{code}");
    }
}

#[test]
fn a_person_with_no_hearing_gets_a_sheet_that_says_so() {
    let mut r = caseload()[1].clone();
    r.hearings.clear();
    let export = person_sheet(
        &r,
        today(),
        &Weights::default(),
        &Rules::defaults(),
        Privacy::default(),
        "generated".into(),
    );
    let text = render::plain(&export);
    assert!(text.contains("No hearing scheduled"), "{text}");
    assert!(text.contains("No future hearing date recorded"), "{text}");
}

#[test]
fn health_details_stay_out_unless_asked() {
    let records = caseload();
    let weights = Weights::default();
    let sheet = |include_health| {
        day_sheet(
            &records,
            hearing_day(),
            &DayFilter::default(),
            today(),
            &weights,
            &Rules::defaults(),
            Privacy { include_health },
            "generated".into(),
        )
    };
    for text in [
        render::plain(&sheet(false)),
        render::markdown(&sheet(false)),
        render::html(&sheet(false)),
    ] {
        for word in ["HIV", "opioid", "Opioid", "substitution"] {
            assert!(!text.contains(word), "{word} leaked");
        }
        assert!(
            text.contains("Pregnant"),
            "pregnancy is a legal ground and stays"
        );
    }
    let with = render::plain(&sheet(true));
    assert!(with.contains("HIV") && with.contains("substitution therapy"));
}

#[test]
fn a_day_sheet_lists_that_days_hearings_most_urgent_first_and_filters() {
    let records = caseload();
    let weights = Weights::default();
    let sheet = day_sheet(
        &records,
        hearing_day(),
        &DayFilter::default(),
        today(),
        &weights,
        &Rules::defaults(),
        Privacy::default(),
        "generated".into(),
    );
    assert_eq!(sheet.checklists.len(), 4);
    assert!(
        sheet
            .checklists
            .windows(2)
            .all(|w| w[0].total >= w[1].total)
    );
    let none = day_sheet(
        &records,
        hearing_day(),
        &DayFilter {
            court: Some("lahore".into()),
            ..DayFilter::default()
        },
        today(),
        &weights,
        &Rules::defaults(),
        Privacy::default(),
        "generated".into(),
    );
    assert!(none.checklists.is_empty());
    assert!(render::plain(&none).contains("No hearings on this day"));
}

fn golden_sheet() -> caseload::domain::daysheet::Export {
    day_sheet(
        &caseload(),
        hearing_day(),
        &DayFilter::default(),
        today(),
        &Weights::default(),
        &Rules::defaults(),
        Privacy::default(),
        "Prepared by caseload (golden file)".into(),
    )
}

#[test]
fn golden_markdown() {
    insta::assert_snapshot!(render::markdown(&golden_sheet()));
}

#[test]
fn golden_text_fits_80_columns() {
    let text = render::plain(&golden_sheet());
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "too wide: {line}");
    }
    insta::assert_snapshot!(text);
}

#[test]
fn golden_html_loads_nothing_from_the_network() {
    let html = render::html(&golden_sheet());
    let dom = tl::parse(&html, tl::ParserOptions::default()).expect("parses");
    let parser = dom.parser();
    for node in dom.nodes() {
        if let Some(tag) = node.as_tag() {
            let name = tag.name().as_utf8_str().to_lowercase();
            assert!(
                ![
                    "script", "link", "img", "iframe", "object", "embed", "video", "audio",
                    "source"
                ]
                .contains(&name.as_str()),
                "<{name}> may load from the network"
            );
            for (key, _) in tag.attributes().iter() {
                let key = key.to_lowercase();
                assert!(
                    !["src", "href", "srcset", "action"].contains(&key.as_str()),
                    "{key}="
                );
            }
        }
        let _ = parser;
    }
    assert!(!html.contains("url(") && !html.contains("@import"));
    assert_eq!(html.matches("<section class=\"person\">").count(), 4);
    insta::assert_snapshot!(html);
}

#[test]
fn hostile_names_are_escaped_in_every_format() {
    let mut records = caseload();
    records[0].detainee.name = "<script>alert(1)</script>\u{1b}[2J| *x*".into();
    let sheet = day_sheet(
        &records,
        hearing_day(),
        &DayFilter::default(),
        today(),
        &Weights::default(),
        &Rules::defaults(),
        Privacy::default(),
        "g".into(),
    );
    let html = render::html(&sheet);
    assert!(!html.contains("<script>"));
    for text in [html, render::plain(&sheet), render::markdown(&sheet)] {
        assert!(!text.contains('\u{1b}'));
    }
}

#[test]
fn a_clinic_rule_adds_an_item() {
    let clinic = Rules::from_toml(
        "[[item]]\nkind = \"request\"\ntext = \"Ask for a female police escort\"\nbasis = \"Clinic policy\"\nwhen = [\"woman\"]\n",
    )
    .expect("parses");
    let rules = Rules::defaults().extended(clinic).expect("merges");
    let weights = Weights::default();
    let woman = &caseload()[0];
    let c = checklist(
        woman,
        None,
        &score(woman, today(), &weights),
        today(),
        &weights,
        &rules,
        Privacy::default(),
    );
    assert!(
        c.items
            .iter()
            .any(|i| i.text == "Ask for a female police escort")
    );
    let err = Rules::from_toml(
        "[[item]]\nkind = \"request\"\ntext = \"x\"\nbasis = \"y\"\nwhen = [\"tall\"]\n",
    )
    .expect_err("unknown condition");
    assert_eq!(err.to_string(), "item 1: unknown condition 'tall'");
}
