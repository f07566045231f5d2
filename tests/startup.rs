//! Starting at any size: the first frame shows the cached most urgent people, everyone loads on
//! a thread behind it, and nothing changed meanwhile is lost.

use caseload::domain::demo;
use caseload::domain::weights::Weights;
use caseload::store::{OpenMode, Store};
use caseload::tui::loader::{self, Loaded, PREVIEW};
use caseload::tui::{Watch, app::App};
use chrono::NaiveDate;
use std::time::Duration;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).expect("valid")
}

fn load_everyone(path: &std::path::Path) -> Loaded {
    loader::spawn(path.to_path_buf(), None, today(), Weights::default())
        .recv_timeout(Duration::from_secs(60))
        .expect("the loader answers")
        .expect("loads")
}

fn top_ids(app: &App, n: usize) -> Vec<i64> {
    (0..n)
        .filter_map(|row| app.row(row).map(|(_, _, p, _)| p.id))
        .collect()
}

#[test]
fn the_first_frame_shows_the_cached_top_and_loading_switches_to_everyone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("clinic.db");
    let mut store = Store::open(&path, OpenMode::CreateIfMissing).expect("store");
    store
        .insert_all(demo::generate(1500, 9, today()))
        .expect("insert");

    // No cache yet: an empty preview that says it is loading.
    let app = loader::preview(&store, today(), Weights::default(), "t".into()).expect("preview");
    assert_eq!(app.ranked().len(), 0);
    assert!(app.loading().is_some());
    let loaded = load_everyone(&path);
    let everyone: Vec<i64> = loaded
        .ranked
        .iter()
        .take(PREVIEW)
        .map(|r| loaded.roster.entry(r.index).expect("entry").id)
        .collect();
    let cache = store
        .rank_cache()
        .expect("read")
        .expect("written by the loader");
    assert_eq!(cache.top, everyone);
    assert_eq!(cache.people, loaded.ranked.len());

    // Next start: the preview is exactly the top of the full ranking.
    let mut app =
        loader::preview(&store, today(), Weights::default(), "t".into()).expect("preview");
    assert_eq!(app.loading(), Some(loaded.ranked.len()));
    assert_eq!(top_ids(&app, PREVIEW), everyone);

    // Loading completes under the user: the selected person stays selected.
    let mut watch = Watch::new(&store).expect("watch");
    for _ in 0..5 {
        app.update(caseload::tui::action::Action::MoveDown);
    }
    let selected = app.selected_id();
    let loaded = load_everyone(&path);
    let audit = loaded.audit;
    app.roster_loaded(loaded.roster, loaded.ranked, loaded.archived);
    watch.catch_up(&store, &mut app, audit).expect("catch up");
    assert_eq!(app.loading(), None);
    assert_eq!(app.selected_id(), selected);
    assert_eq!(app.ranked().len(), cache.people);
}

#[test]
fn a_change_made_while_everyone_loads_is_not_lost() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("clinic.db");
    let mut store = Store::open(&path, OpenMode::CreateIfMissing).expect("store");
    store
        .insert_all(demo::generate(800, 4, today()))
        .expect("insert");
    let mut app =
        loader::preview(&store, today(), Weights::default(), "t".into()).expect("preview");
    let mut watch = Watch::new(&store).expect("watch");
    let loaded = load_everyone(&path);

    // After the loader's snapshot, someone is added (by another connection).
    let mut writer = Store::open(&path, OpenMode::MustExist).expect("writer");
    let mut added = caseload::domain::model::Record::new("Parveen Bibi", today());
    added.detainee.pregnant = Some(true);
    added.detainee.gender = Some(caseload::domain::model::Gender::Female);
    let saved = writer.add(&added).expect("add");

    let audit = loaded.audit;
    app.roster_loaded(loaded.roster, loaded.ranked, loaded.archived);
    watch.catch_up(&store, &mut app, audit).expect("catch up");
    let found = (0..app.visible_len()).any(|row| {
        app.row(row)
            .is_some_and(|(_, _, p, _)| p.id == saved.record.detainee.id)
    });
    assert!(found, "the person added while loading is on the list");
}

#[test]
fn a_big_change_elsewhere_reloads_behind_the_screen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("clinic.db");
    let mut store = Store::open(&path, OpenMode::CreateIfMissing).expect("store");
    store
        .insert_all(demo::generate(300, 4, today()))
        .expect("insert");
    let loaded = load_everyone(&path);
    let mut app = App::from_roster(loaded.roster, today(), Weights::default(), "t".into());
    let before = app.ranked().len();
    let mut watch = Watch::new(&store).expect("watch");
    watch.reload_behind = true;

    // Someone imports 700 more people (more than are worth reading one by one).
    let mut writer = Store::open(&path, OpenMode::MustExist).expect("writer");
    writer
        .insert_all(demo::generate(700, 5, today()))
        .expect("import");
    assert!(watch.poll(&store, &mut app).expect("poll"));
    assert!(watch.take_reload(), "left to the loader");
    assert_eq!(app.ranked().len(), before, "nothing read in the loop");

    app.reloading();
    assert!(app.is_reloading());
    let loaded = load_everyone(&path);
    let audit = loaded.audit;
    app.roster_loaded(loaded.roster, loaded.ranked, loaded.archived);
    watch.catch_up(&store, &mut app, audit).expect("catch up");
    assert!(!app.is_reloading());
    assert!(app.ranked().len() > before);
}
