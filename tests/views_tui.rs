//! Saved views and "my caseload" in the TUI (issue 14 §2–3): `v` picks a view and puts its
//! filter and sort on the list; `V` saves the list's filter for everyone on the file; `--mine`
//! opens on `lawyer:me`.

mod tui_support;

use caseload::domain::views::shipped;
use caseload::tui::app::Mode;
use tui_support::{Clinic, app, draw, text, type_keys};

fn filter_text(clinic: &Clinic) -> String {
    clinic.app.list().list_query().filter_text.clone()
}

#[test]
fn v_lists_the_views_and_enter_puts_one_on_the_list() {
    let mut clinic = Clinic::new();
    clinic.app.set_views(shipped());
    clinic.keys("v");
    assert_eq!(clinic.app.screen(), Mode::Views);
    let screen = clinic.screen();
    for view in shipped() {
        assert!(
            screen.contains(&view.name),
            "{} listed:\n{screen}",
            view.name
        );
    }
    let chosen = shipped()[1].clone();
    clinic.keys("j <enter>");
    assert_eq!(clinic.app.screen(), Mode::List);
    assert_eq!(filter_text(&clinic), chosen.filter);
    assert_eq!(clinic.app.list().list_query().sort, chosen.sort);
    let screen = clinic.screen();
    assert!(
        screen.contains(&format!("filter: {}", chosen.filter)),
        "{screen}"
    );
}

#[test]
fn capital_v_saves_the_filter_as_a_view_in_the_file_for_everyone() {
    let mut clinic = Clinic::new();
    clinic.keys("V");
    assert_eq!(clinic.app.screen(), Mode::List, "nothing to save yet");
    assert!(
        clinic
            .app
            .message()
            .unwrap_or_default()
            .contains("Filter the list first")
    );

    clinic.keys("f");
    clinic.typed("days>30");
    clinic.keys("<enter> V");
    assert_eq!(clinic.app.screen(), Mode::Form, "typing the name");
    let screen = clinic.screen();
    assert!(screen.contains("Filter: days>30"), "{screen}");
    clinic.keys("<enter>");
    assert!(
        clinic.screen().contains("a view needs a name"),
        "an empty name is refused"
    );
    clinic.typed("Held a month");
    clinic.keys("<enter>");
    assert_eq!(clinic.app.screen(), Mode::List);
    let saved = clinic.store.views().expect("views");
    assert_eq!(saved.len(), 1);
    assert_eq!(
        (saved[0].name.as_str(), saved[0].filter.as_str()),
        ("Held a month", "days>30")
    );
    assert_eq!(clinic.app.caseload().views()[0].name, "Held a month");

    // A colleague opening the file sees it; picking it gives the same list.
    let shown_before: usize = clinic.app.visible_len();
    clinic.keys("<esc>");
    assert!(filter_text(&clinic).is_empty());
    clinic.keys("v <enter>");
    assert_eq!(filter_text(&clinic), "days>30");
    assert_eq!(clinic.app.visible_len(), shown_before);
}

#[test]
fn mine_opens_on_the_lawyer_this_login_is_mapped_to() {
    let mut app = app();
    app.set_me(Some("Ayesha Khan".into()));
    app.start_filtered("lawyer:me");
    type_keys(&mut app, "");
    let mut exports = Vec::new();
    while let Some(effect) = app.wanted() {
        exports.push(effect);
    }
    for effect in exports {
        if let caseload::tui::app::Effect::Search(request) = effect {
            app.search_done(request.run());
        }
    }
    assert_eq!(app.visible_len(), 1);
    let screen = text(&draw(&mut app, 80, 24));
    assert!(screen.contains("Muhammad Aslam"), "{screen}");
    assert!(screen.contains("filter: lawyer:me"), "{screen}");
}

#[test]
fn the_released_view_opened_from_a_filtered_list_is_filtered_too() {
    use caseload::domain::edit::HearingEntry;
    use caseload::domain::model::Outcome;
    let mut clinic = Clinic::new();
    for id in [1, 2] {
        let version = clinic
            .store
            .get_versioned(id)
            .expect("read")
            .expect("there")
            .version;
        let entry = HearingEntry {
            outcome: Outcome::BailGranted,
            next: None,
            note: None,
        };
        clinic
            .store
            .record_hearing(id, version, &entry, tui_support::today())
            .expect("bail");
    }
    clinic.app = caseload::tui::app::App::new(
        clinic.store.load_all().expect("load"),
        tui_support::today(),
        Default::default(),
        "t".into(),
    );
    clinic.keys("R");
    assert_eq!(clinic.app.out_len(), 2, "both out of custody");
    clinic.keys("<esc> f");
    clinic.typed("lawyer:ayesha");
    clinic.keys("<enter> R");
    assert_eq!(clinic.app.out_len(), 1);
    let screen = clinic.screen();
    assert!(screen.contains("Muhammad Aslam"), "{screen}");
    assert!(screen.contains("(filtered)"), "{screen}");
}

#[test]
fn a_days_sheet_from_the_hearings_of_a_filtered_list_holds_only_its_people() {
    let mut clinic = Clinic::new();
    clinic.keys("f");
    clinic.typed("lawyer:ayesha");
    clinic.keys("<enter> H");
    assert_eq!(clinic.app.screen(), Mode::Hearings);
    clinic.keys("x t");
    let sheet = clinic.exported();
    assert!(sheet.contains("Muhammad Aslam"), "{sheet}");
    assert!(
        !sheet.contains("Zahid Hussain"),
        "heard the same day, but not in the list's filter:\n{sheet}"
    );
    assert!(sheet.contains("THE LIST'S FILTER"), "{sheet}");
}
