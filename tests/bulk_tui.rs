//! Acting on many people at once in the TUI (issue 14 §5): marks, the choices, the question,
//! one transaction against a real file, one `u` that undoes it all, someone else's change
//! meanwhile reported (or nobody changed, all or none), the marked people's sheet.

mod tui_support;

use caseload::domain::model::AuditAction;
use caseload::store::{OpenMode, Store};
use caseload::tui::app::Mode;
use chrono::NaiveDate;
use tui_support::{Clinic, today};

#[test]
fn space_marks_star_marks_everyone_shown_and_esc_clears() {
    let mut clinic = Clinic::new();
    clinic.keys("<space> <space>");
    assert_eq!(clinic.app.list().marked().len(), 2);
    let screen = clinic.screen();
    assert!(screen.contains("2 marked"), "{screen}");
    assert_eq!(
        screen.lines().filter(|l| l.starts_with("* ")).count(),
        2,
        "a mark in the first column:\n{screen}"
    );
    clinic.keys("<space>");
    assert_eq!(clinic.app.list().marked().len(), 3, "space moved down");
    clinic.keys("<esc>");
    assert!(
        clinic.app.list().marked().is_empty(),
        "esc clears the marks"
    );
    clinic.keys("*");
    assert_eq!(clinic.app.list().marked().len(), clinic.app.visible_len());
    clinic.keys("*");
    assert!(
        clinic.app.list().marked().is_empty(),
        "* again unmarks them"
    );
}

#[test]
fn assigning_a_lawyer_to_three_marked_people_is_one_change_and_one_u_undoes_it() {
    let mut clinic = Clinic::new();
    let before = clinic.lawyers();
    clinic.keys("<space> <space> <space> b");
    assert_eq!(clinic.app.screen(), Mode::Bulk);
    let screen = clinic.screen();
    assert!(screen.contains("Act on 3 marked"), "{screen}");
    clinic.keys("<enter>");
    assert_eq!(clinic.app.screen(), Mode::Form, "typing the lawyer");
    clinic.typed("Sana Mir");
    clinic.keys("<enter>");
    assert_eq!(clinic.app.screen(), Mode::Confirm);
    let screen = clinic.screen();
    assert!(
        screen.contains("Change 3 people: Lawyer → 'Sana Mir'?"),
        "{screen}"
    );
    assert_eq!(
        clinic.lawyers(),
        before,
        "nothing written before the answer"
    );

    clinic.keys("y");
    assert_eq!(clinic.app.screen(), Mode::List);
    let message = clinic.app.message().expect("a message").to_string();
    assert!(
        message.starts_with("3 people: Lawyer → 'Sana Mir'"),
        "{message}"
    );
    let marked_ids: Vec<i64> = clinic
        .lawyers()
        .iter()
        .enumerate()
        .filter(|(_, l)| l.as_deref() == Some("Sana Mir"))
        .map(|(i, _)| i as i64 + 1)
        .collect();
    assert_eq!(marked_ids.len(), 3, "{:?}", clinic.lawyers());
    assert!(
        clinic.app.list().marked().is_empty(),
        "marks clear once saved"
    );
    let history = clinic.store.history(marked_ids[0]).expect("history");
    assert!(
        history
            .iter()
            .any(|e| e.action == "edit" && e.field.as_deref() == Some("lawyer")),
        "audited per record: {history:?}"
    );

    clinic.keys("u");
    let message = clinic.app.message().expect("a message").to_string();
    assert!(message.starts_with("3 people: undone"), "{message}");
    assert_eq!(clinic.lawyers(), before, "one u undid all three");
    for &id in &marked_ids {
        assert_eq!(
            clinic
                .app
                .caseload()
                .record_by_id(id)
                .map(|r| r.case.lawyer.clone()),
            Some(before[id as usize - 1].clone()),
            "the screen's copy follows the file"
        );
    }
    clinic.keys("<ctrl-r>");
    assert_eq!(
        clinic
            .lawyers()
            .iter()
            .filter(|l| l.as_deref() == Some("Sana Mir"))
            .count(),
        3,
        "redo does it again"
    );
}

/// Someone else's save to one of the marked people after they were marked.
fn colleague_changes(clinic: &Clinic, id: i64) {
    let mut other =
        Store::open(&clinic.dir.path().join("clinic.db"), OpenMode::MustExist).expect("open");
    let found = other.get_versioned(id).expect("read").expect("there");
    let mut record = found.record.clone();
    record.detainee.prison = Some("Camp Jail Lahore".into());
    other
        .update(id, found.version, &record, AuditAction::Edit)
        .expect("their save");
}

#[test]
fn someone_changed_meanwhile_is_named_and_left_alone_or_nobody_changes_all_or_none() {
    let mut clinic = Clinic::new();
    clinic.keys("<space> <space> b <enter>");
    let marked: Vec<i64> = clinic.app.list().marked().iter().copied().collect();
    clinic.typed("Sana Mir");
    clinic.keys("<enter>");
    // The question is open; the record is changed elsewhere. Yes reads each person now, so a
    // change before the answer is seen and kept; only one after the read is "meanwhile".
    colleague_changes(&clinic, marked[0]);
    clinic.keys("y");
    let stored = clinic.stored(marked[0]);
    assert_eq!(stored.detainee.prison.as_deref(), Some("Camp Jail Lahore"));
    assert_eq!(
        stored.case.lawyer.as_deref(),
        Some("Sana Mir"),
        "their change kept, ours added"
    );

    // All or none with a version that moved under the change: nobody is changed.
    let mut clinic = Clinic::new();
    clinic.keys("<space> <space> b");
    let marked: Vec<i64> = clinic.app.list().marked().iter().copied().collect();
    let request = caseload::tui::undo::ManyRequest::Apply {
        ids: marked.clone(),
        edit: caseload::domain::bulk::BulkEdit::Archive,
        all_or_none: true,
    };
    clinic
        .store
        .set_archived(marked[1], 1, true, AuditAction::Delete)
        .ok();
    let landed = caseload::tui::bulk::run(&mut clinic.store, &request, today()).expect("run");
    assert!(landed.none_saved, "{landed:?}");
    assert_eq!(landed.changed_meanwhile, vec![marked[1]]);
    assert!(
        clinic.store.get(marked[0]).expect("read").is_some(),
        "nobody archived"
    );
    clinic.app.many_landed(&request, landed);
    let message = clinic.app.message().expect("message").to_string();
    assert!(
        message.contains("Nobody was changed (all or none)"),
        "{message}"
    );
    assert!(message.contains(&format!("#{}", marked[1])), "{message}");
}

#[test]
fn a_bulk_archive_is_undone_by_one_u() {
    let mut clinic = Clinic::new();
    let everyone = clinic.app.visible_len();
    clinic.keys("<space> <space> b G <enter>");
    assert_eq!(clinic.app.screen(), Mode::Confirm);
    clinic.keys("y");
    assert_eq!(clinic.app.visible_len(), everyone - 2);
    assert_eq!(clinic.store.load_archived().expect("archived").len(), 2);
    clinic.keys("u");
    assert_eq!(clinic.app.visible_len(), everyone);
    assert!(clinic.store.load_archived().expect("archived").is_empty());
}

#[test]
fn the_same_outcome_and_next_date_for_every_marked_person() {
    let mut clinic = Clinic::new();
    clinic.keys("<space> <space> b j j <enter>");
    assert_eq!(clinic.app.screen(), Mode::Form);
    clinic.keys("<tab>");
    clinic.typed("2026-12-20");
    clinic.keys("<enter>");
    let screen = clinic.screen();
    assert!(
        screen.contains("hearing outcome adjourned, next 2026-12-20"),
        "{screen}"
    );
    clinic.keys("y");
    let message = clinic.app.message().expect("a message").to_string();
    let next = NaiveDate::from_ymd_opt(2026, 12, 20).expect("date");
    let with_next = (1..=6)
        .filter(|&id| clinic.stored(id).hearings.iter().any(|h| h.date == next))
        .count();
    assert_eq!(with_next, 2, "{message}");
}

#[test]
fn the_marked_peoples_checklists_go_out_as_one_sheet() {
    let mut clinic = Clinic::new();
    clinic.keys("<space> <space> <space> b j j j <enter>");
    assert_eq!(clinic.app.screen(), Mode::Export);
    clinic.keys("t");
    let message = clinic.app.message().expect("a message").to_string();
    assert!(message.contains("3 checklists"), "{message}");
    let sheet = clinic.exported();
    assert!(sheet.contains("HEARING CHECKLISTS: 3 PEOPLE"), "{sheet}");
}

#[test]
fn with_nobody_marked_b_says_how_to_mark() {
    let mut clinic = Clinic::new();
    clinic.keys("b");
    assert_eq!(clinic.app.screen(), Mode::List);
    let message = clinic.app.message().expect("a message");
    assert!(message.contains("space marks one"), "{message}");
}
