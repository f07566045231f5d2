//! `Store::update_many` (issue 14 §5): many people in one transaction, each checked against
//! what the caller read and audited; someone changed meanwhile is reported and left alone, the
//! rest saved, or nobody with `all_or_none`; a bulk of 10,000 people within the 2 s.

use caseload::domain::demo;
use caseload::domain::model::{AuditAction, Record};
use caseload::store::{ManyChange, Store};
use chrono::NaiveDate;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).expect("date")
}

/// A file with `n` demo people, and everyone's planned new lawyer.
fn planned(n: usize) -> (tempfile::TempDir, Store, Vec<ManyChange>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(
        &dir.path().join("bulk.db"),
        caseload::store::OpenMode::CreateIfMissing,
    )
    .expect("open");
    let records: Vec<Record> = demo::generate(n, 7, today()).collect();
    store.insert_records(&records).expect("insert");
    let versions = store.versions().expect("versions");
    let changes = store
        .load_all()
        .expect("load")
        .into_iter()
        .map(|before| {
            let mut after = before.clone();
            after.case.lawyer = Some("Ayesha Siddiqui".into());
            let version = versions[&before.detainee.id];
            ManyChange {
                before,
                version,
                after,
            }
        })
        .filter(|c| c.before != c.after)
        .collect();
    (dir, store, changes)
}

fn lawyers(store: &Store) -> Vec<Option<String>> {
    let all = store.load_all().expect("load");
    all.into_iter().map(|r| r.case.lawyer).collect()
}

#[test]
fn someone_changed_meanwhile_is_left_alone_and_the_rest_are_saved_and_audited() {
    let (_dir, mut store, changes) = planned(40);
    let (first, second) = (&changes[0], &changes[1]);
    // Another user edits the first person after our selection was read.
    let mut theirs = first.before.clone();
    theirs.detainee.notes = Some("seen at the jail today".into());
    let v = store
        .get_versioned(first.before.detainee.id)
        .expect("get")
        .expect("there");
    store
        .update(
            first.before.detainee.id,
            v.version,
            &theirs,
            AuditAction::Edit,
        )
        .expect("their save");

    let outcome = store
        .update_many(&changes, AuditAction::Edit, false)
        .expect("saves");
    assert_eq!(outcome.changed_meanwhile, [first.before.detainee.id]);
    assert_eq!(outcome.saved.len(), changes.len() - 1);
    let kept = store
        .get(first.before.detainee.id)
        .expect("g")
        .expect("there");
    assert_eq!(kept, theirs, "their change is not written over");
    let saved = store
        .get_versioned(second.before.detainee.id)
        .expect("g")
        .expect("there");
    assert_eq!(saved.record, second.after);
    let history = store.history(second.before.detainee.id).expect("history");
    let last = history.last().expect("an audit row");
    assert_eq!(last.field.as_deref(), Some("lawyer"));
    assert_eq!(last.new_value.as_deref(), Some("Ayesha Siddiqui"));
}

#[test]
fn all_or_none_saves_nobody_when_one_was_changed_meanwhile() {
    let (_dir, mut store, changes) = planned(30);
    let before = lawyers(&store);
    let mut stale = changes.clone();
    // Read before someone's save: an older version than the file holds.
    stale[3].version -= 1;
    let outcome = store
        .update_many(&stale, AuditAction::Edit, true)
        .expect("runs");
    assert_eq!(outcome.changed_meanwhile, [stale[3].before.detainee.id]);
    assert!(outcome.saved.is_empty());
    assert_eq!(lawyers(&store), before, "nobody changed");
    // The same changes, all still current, all go in.
    let outcome = store
        .update_many(&changes, AuditAction::Edit, true)
        .expect("runs");
    assert_eq!(outcome.saved.len(), changes.len());
    assert!(
        lawyers(&store)
            .iter()
            .all(|l| l.as_deref() == Some("Ayesha Siddiqui"))
    );
}

/// The budget is 2 s for 10,000 marked people on a release build; a debug build is
/// several times slower, so this guards against a regression of an order of magnitude.
#[test]
fn ten_thousand_people_in_one_transaction() {
    let (_dir, mut store, changes) = planned(10_000);
    assert!(changes.len() > 5_000, "{}", changes.len());
    let started = std::time::Instant::now();
    let outcome = store
        .update_many(&changes, AuditAction::Edit, false)
        .expect("saves");
    let took = started.elapsed();
    assert_eq!(outcome.saved.len(), changes.len());
    eprintln!("update_many: {} people in {took:?}", changes.len());
    assert!(took.as_secs_f64() < 30.0, "{took:?}");
}

/// The TUI's marks path (`tui::bulk::run`): 10,000 marked people read, changed in one
/// transaction, and undone by one `u`, with the time printed (a figure for BENCHMARKS.md in a
/// release build: `cargo test --release --test bulk_update marks -- --nocapture`).
#[test]
fn ten_thousand_marked_people_changed_and_undone_at_once() {
    use caseload::domain::bulk::BulkEdit;
    use caseload::domain::edit::Field;
    use caseload::tui::undo::ManyRequest;
    let (_dir, mut store, _) = planned(10_000);
    let ids: Vec<i64> = store.versions().expect("versions").into_keys().collect();
    let edit = BulkEdit::Fields(vec![(Field::Lawyer, "Sana Mir".into())]);
    let request = ManyRequest::Apply {
        ids: ids.clone(),
        edit,
        all_or_none: false,
    };
    let started = std::time::Instant::now();
    let landed = caseload::tui::bulk::run(&mut store, &request, today()).expect("applies");
    let took = started.elapsed();
    let changed = landed.items.len();
    assert!(changed > 5_000, "{changed}");
    assert!(landed.changed_meanwhile.is_empty() && landed.refused.is_empty());
    let sana = |store: &Store| {
        lawyers(store)
            .iter()
            .filter(|l| l.as_deref() == Some("Sana Mir"))
            .count()
    };
    assert_eq!(sana(&store), ids.len());
    let started = std::time::Instant::now();
    let undone = caseload::tui::bulk::run(&mut store, &ManyRequest::Undo(landed.items), today())
        .expect("undoes");
    let undo_took = started.elapsed();
    assert_eq!(undone.items.len(), changed);
    assert_eq!(
        sana(&store),
        ids.len() - changed,
        "only those already so keep it"
    );
    eprintln!(
        "marks: {changed} of {} people changed in {took:?}, undone in {undo_took:?}",
        ids.len()
    );
}
