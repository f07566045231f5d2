//! The duplicate review (`D`, issue 16 §3) driven by keys through the real keymap, every
//! effect run against a store as the event loop runs it: open it, choose per field, merge,
//! undo, and "not the same person" remembered. Snapshots at 80x24 and 45x20 (one record above
//! the other on a narrow terminal).

mod tui_support;

use caseload::domain::model::{Finding, Gender, Hearing, Record, Weakness};
use caseload::domain::weights::Weights;
use caseload::store::Store;
use caseload::tui::app::{App, Mode};
use tui_support::{date, draw, text, today, type_and_run_at, typed};

fn hearing(on: chrono::NaiveDate) -> Hearing {
    Hearing {
        id: 0,
        date: on,
        court: Some("ASJ Rawalpindi".into()),
        purpose: Some("bail".into()),
        outcome: None,
    }
}

/// The same man recorded after the FIR and again after a prison visit, and someone else.
fn caseload() -> Vec<Record> {
    let mut fir = Record::new("Muhammad Aslam", date(2026, 3, 1));
    fir.detainee.gender = Some(Gender::Male);
    fir.detainee.father_name = Some("Ghulam Rasool".into());
    fir.detainee.age_at_arrest = Some(34);
    fir.case.fir_number = Some("112/2026".into());
    fir.case.police_station = Some("Saddar".into());
    fir.hearings.push(hearing(date(2026, 12, 9)));
    let mut visit = Record::new("Mohd. Aslam", date(2026, 3, 1));
    visit.detainee.gender = Some(Gender::Male);
    visit.detainee.father_name = Some("Gulam Rasul".into());
    visit.detainee.age_at_arrest = Some(35);
    visit.detainee.prison = Some("Adiala".into());
    visit.hearings.push(hearing(date(2026, 12, 20)));
    visit.findings.push(Finding {
        code: Weakness::NoLabReport,
        note: None,
    });
    let mut other = Record::new("Zahid Hussain", date(2026, 10, 1));
    other.detainee.gender = Some(Gender::Male);
    other.detainee.age_at_arrest = Some(16);
    vec![fir, visit, other]
}

fn stored() -> (Store, App) {
    let mut store = Store::open_in_memory().expect("memory");
    for record in caseload() {
        store.add(&record).expect("add");
    }
    let roster = store.load_roster(today()).expect("roster");
    let mut app = App::from_roster(roster, today(), Weights::default(), "caseload".into());
    app.set_archived(store.load_archived().expect("archived"));
    (store, app)
}

fn run(store: &mut Store, app: &mut App, keys: &str) {
    type_and_run_at(store, app, keys, 80, 24);
}

fn pairs(app: &App) -> Vec<(i64, i64)> {
    let review = app.duplicates().expect("the review is open");
    review.pairs().iter().map(|p| (p.id_a, p.id_b)).collect()
}

#[test]
fn d_opens_the_pair_side_by_side_with_the_differences_marked() {
    let (mut store, mut app) = stored();
    run(&mut store, &mut app, "D");
    assert_eq!(app.screen(), Mode::Duplicates);
    assert_eq!(pairs(&app), [(1, 2)]);
    let screen = text(&draw(&mut app, 80, 24));
    insta::assert_snapshot!("duplicates_80x24", screen);
    assert!(screen.contains("≠ Name"), "{screen}");
    assert!(screen.contains("#1 (kept)"), "{screen}");
    let narrow = text(&draw(&mut app, 45, 20));
    insta::assert_snapshot!("duplicates_45x20", narrow);
    assert!(narrow.contains("▸ #1 Muhammad Aslam"), "{narrow}");
    assert!(narrow.contains("  #2 Mohd. Aslam"), "{narrow}");
}

#[test]
fn merge_keeps_the_values_chosen_and_u_undoes_it_exactly() {
    let (mut store, mut app) = stored();
    let before = store.load_all().expect("all");
    // Down to the age (name, father, gender, age), keep the right one; then the prison.
    run(&mut store, &mut app, "D j j j l j l");
    let rows = app.duplicates().expect("open").rows();
    let kept: Vec<_> = rows.iter().filter(|r| r.differs).map(|r| r.keep).collect();
    use caseload::domain::merge::Side::{Left, Right};
    // Name, father, age, prison, FIR, police station differ.
    assert_eq!(kept, [Left, Left, Right, Right, Left, Left], "{rows:?}");
    run(&mut store, &mut app, "m");
    assert!(
        app.message().is_some_and(|m| m.starts_with("Merged")),
        "{:?}",
        app.message()
    );
    let after = store.load_all().expect("all");
    assert_eq!(after.len(), 2, "the other is archived");
    let survivor = after.iter().find(|r| r.detainee.id == 1).expect("kept");
    assert_eq!(survivor.detainee.name, "Muhammad Aslam");
    assert_eq!(survivor.detainee.age_at_arrest, Some(35));
    assert_eq!(survivor.detainee.prison.as_deref(), Some("Adiala"));
    assert_eq!(survivor.hearings.len(), 2);
    assert_eq!(survivor.findings.len(), 1);
    assert_eq!(app.ranked().len(), 2, "the list follows");
    assert!(
        app.duplicates().expect("still open").is_empty(),
        "found again: no pair left"
    );

    // The released/archived view says whom the other was merged into.
    run(&mut store, &mut app, "<esc> R");
    assert_eq!(app.screen(), Mode::Released);
    let archive = text(&draw(&mut app, 45, 20));
    assert!(archive.contains("merged into #1"), "{archive}");
    run(&mut store, &mut app, "<esc> D");

    run(&mut store, &mut app, "u");
    assert_eq!(store.load_all().expect("all"), before, "both as they were");
    run(&mut store, &mut app, "<esc> R");
    let archive = text(&draw(&mut app, 45, 20));
    assert!(!archive.contains("merged into"), "{archive}");
    run(&mut store, &mut app, "<esc> D");
    assert_eq!(app.ranked().len(), 3);
    assert_eq!(pairs(&app), [(1, 2)], "the pair is back for review");
    // Redo merges again.
    run(&mut store, &mut app, "<ctrl-r>");
    assert_eq!(store.load_all().expect("all").len(), 2);
}

/// Unless the user chooses, the survivor keeps its own values and takes those only the other
/// record holds (the prison here), so that a quick `m` loses nothing; `h` still keeps a gap.
#[test]
fn a_merge_without_choices_keeps_what_only_the_other_record_knows() {
    let (mut store, mut app) = stored();
    run(&mut store, &mut app, "D m");
    let after = store.load_all().expect("all");
    let survivor = after.iter().find(|r| r.detainee.id == 1).expect("kept");
    assert_eq!(survivor.detainee.name, "Muhammad Aslam");
    assert_eq!(survivor.detainee.age_at_arrest, Some(34), "its own value");
    assert_eq!(
        survivor.detainee.prison.as_deref(),
        Some("Adiala"),
        "a gap filled"
    );
    assert_eq!(survivor.case.fir_number.as_deref(), Some("112/2026"));

    let (mut store, mut app) = stored();
    // Down to the prison (name, father, gender, age, prison): keep the survivor's gap.
    run(&mut store, &mut app, "D j j j j h m");
    let after = store.load_all().expect("all");
    let survivor = after.iter().find(|r| r.detainee.id == 1).expect("kept");
    assert_eq!(survivor.detainee.prison, None, "chosen: left empty");
}

#[test]
fn not_the_same_person_is_remembered_and_esc_leaves_the_pair_for_later() {
    let (mut store, mut app) = stored();
    run(&mut store, &mut app, "D <esc>");
    assert_eq!(app.screen(), Mode::List, "Esc: later");
    assert_eq!(store.load_all().expect("all").len(), 3, "nothing merged");
    run(&mut store, &mut app, "D n");
    assert!(app.duplicates().expect("open").is_empty());
    assert!(app.message().is_some_and(|m| m.contains("two people")));
    run(&mut store, &mut app, "<esc> D");
    assert!(
        app.duplicates().expect("open").is_empty(),
        "never suggested again"
    );
    assert!(store.not_same().expect("read").contains(1, 2));
}

#[test]
fn a_field_the_same_on_both_sides_has_nothing_to_choose() {
    let (mut store, mut app) = stored();
    // Gender is the third row and the same in both.
    run(&mut store, &mut app, "D j j l");
    assert!(
        app.message()
            .is_some_and(|m| m.contains("nothing to choose")),
        "{:?}",
        app.message()
    );
}

/// `a`, then a new person who is #1 spelt another way: name, father's name, age (the fifth
/// field), arrest date (the nineteenth), and Enter.
fn add_mohd_aslam() -> String {
    let tabs = |n: usize| vec!["<tab>"; n].join(" ");
    format!(
        "a {} <tab> {} {} {} {} {} <enter>",
        typed("Mohd Aslam"),
        typed("Gulam Rasul"),
        tabs(3),
        typed("35"),
        tabs(14),
        typed("01/11/2026")
    )
}

#[test]
fn adding_someone_already_recorded_asks_first_open_it_or_save_as_new() {
    let (mut store, mut app) = stored();
    run(&mut store, &mut app, &add_mohd_aslam());
    assert_eq!(app.screen(), Mode::Confirm, "{:?}", app.message());
    assert_eq!(store.count().expect("count"), 3, "nothing saved yet");
    let screen = text(&draw(&mut app, 80, 24));
    insta::assert_snapshot!("add_likely_match_80x24", screen);
    assert!(
        screen.contains("This may be #1 Muhammad Aslam s/o Ghulam Rasool, 34"),
        "{screen}"
    );
    // n: back to the form as typed; o: the person already recorded instead.
    run(&mut store, &mut app, "n");
    assert_eq!(app.screen(), Mode::Form);
    run(&mut store, &mut app, "<enter> o");
    assert_eq!(app.screen(), Mode::Detail);
    assert_eq!(app.selected_id(), Some(1));
    assert_eq!(store.count().expect("count"), 3);

    // y: saved as a new person after all.
    run(
        &mut store,
        &mut app,
        &format!("<esc> {} y", add_mohd_aslam()),
    );
    assert_eq!(store.count().expect("count"), 4);
    assert_eq!(app.screen(), Mode::List);
}

/// With a file the check runs off the input thread, and its answer lands later
/// (`App::likely_answered`): acted on only while the add form is on top holding the record that
/// was checked, never after the form was changed or left.
#[test]
fn a_late_likely_answer_counts_only_while_the_form_holds_that_record() {
    let (mut store, mut app) = stored();
    let typing = add_mohd_aslam().replace(" <enter>", "");
    run(&mut store, &mut app, &typing);
    let record = (app.form().cloned().expect("the form is open"))
        .build(today())
        .expect("a valid record");
    let matches = store.likely_matches(&record, today()).expect("check");
    assert!(!matches.is_empty(), "not vacuous");

    // Changed meanwhile: the answer is for another record.
    run(&mut store, &mut app, "9");
    assert!(
        app.likely_answered(record.clone(), matches.clone())
            .is_empty()
    );
    assert_eq!(app.screen(), Mode::Form);
    // As checked again: the question is asked.
    run(&mut store, &mut app, "<backspace>");
    assert!(
        app.likely_answered(record.clone(), matches.clone())
            .is_empty()
    );
    assert_eq!(app.screen(), Mode::Confirm, "{:?}", app.message());

    // Left meanwhile: nothing is saved or asked.
    let (mut store, mut app) = stored();
    run(&mut store, &mut app, &format!("{typing} <esc> y"));
    assert_eq!(app.screen(), Mode::List);
    let effects = app.likely_answered(record, Vec::new());
    assert!(effects.is_empty(), "{effects:?}");
    assert_eq!(app.screen(), Mode::List);
    assert_eq!(store.count().expect("count"), 3);
}

#[test]
fn adding_someone_new_saves_at_once() {
    let (mut store, mut app) = stored();
    let keys = format!(
        "a {} {} {} <enter>",
        typed("Nasreen Akhtar"),
        vec!["<tab>"; 18].join(" "),
        typed("01/11/2026")
    );
    run(&mut store, &mut app, &keys);
    assert_eq!(app.screen(), Mode::List, "{:?}", app.message());
    assert_eq!(store.count().expect("count"), 4);
}
