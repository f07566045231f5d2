//! Issue 17 §2: every screen at 45x20 (a phone at court), each reached the way a user reaches
//! it (the shared `reach`), as a snapshot. Reviewed by eye: the name, the band and the one
//! most useful column stay readable, long text wraps rather than being cut to a few letters.
//! The checks beside each snapshot hold whatever the snapshot says.

mod tui_support;

use caseload::tui::app::{App, Mode};
use tui_support::{draw, people, reach, stored_with, text, type_and_run_at, typed};

const W: u16 = 45;
const H: u16 = 20;

/// The screen of `app` at 45x20, drawn twice (the first draw settles the viewport).
fn screen(app: &mut App) -> String {
    draw(app, W, H);
    text(&draw(app, W, H))
}

fn snapshot(mode: Mode) -> String {
    let mut app = reach(mode, &people());
    assert_eq!(app.screen(), mode, "reached {mode:?}");
    let shown = screen(&mut app);
    for line in shown.lines() {
        assert!(
            tui_support::width(line) <= usize::from(W),
            "{mode:?}: {line}"
        );
    }
    shown
}

macro_rules! narrow {
    ($($name:ident: $mode:ident,)*) => {
        $(
            #[test]
            fn $name() {
                insta::assert_snapshot!(stringify!($name), snapshot(Mode::$mode));
            }
        )*
    };
}

narrow! {
    list_45x20: List,
    search_45x20: Search,
    filter_45x20: Filter,
    detail_45x20: Detail,
    hearings_45x20: Hearings,
    export_45x20: Export,
    help_45x20: Help,
    form_45x20: Form,
    hearing_form_45x20: Hearing,
    confirm_45x20: Confirm,
    conflict_45x20: Conflict,
    released_45x20: Released,
    calendar_45x20: Calendar,
    stats_45x20: Stats,
    bulk_45x20: Bulk,
    views_45x20: Views,
    duplicates_45x20: Duplicates,
}

#[test]
fn filter_error_45x20_wraps_in_full() {
    let (mut store, mut app) = stored_with(&people());
    let keys = format!("f {}", typed("court:multan and bnad:critical"));
    type_and_run_at(&mut store, &mut app, &keys, W, H);
    assert_eq!(app.screen(), Mode::Filter);
    let shown = screen(&mut app);
    // The error is read whole, not cut at the edge.
    let footer: String = shown.lines().rev().take(4).collect::<Vec<_>>().join(" ");
    assert!(footer.contains("bnad"), "{shown}");
    insta::assert_snapshot!("filter_error_45x20", shown);
}

#[test]
fn the_list_keeps_name_band_and_hearing_at_45() {
    let shown = snapshot(Mode::List);
    let titles = shown.lines().nth(1).unwrap_or_default();
    for column in ["Name", "Band", "Hearing"] {
        assert!(titles.contains(column), "{column} in {titles}");
    }
    assert!(shown.contains("Bushra Bibi"), "{shown}");
    assert!(shown.contains("CRITICAL"), "{shown}");
}
