//! Issue 17 §6: the themes as the TUI draws them. Every screen is drawn in each theme at 45x20
//! and 80x24, and the cells themselves are checked: high contrast passes WCAG AA (4.5:1) for
//! every foreground/background pair on screen, mono draws no colour, and a band is always
//! written as its word. Also `--theme` and `[tui]` in config.toml.

mod tui_support;

use caseload::config::TuiSettings;
use caseload::domain::theme::{AA_NORMAL_TEXT, Rgb, Theme, ThemeName, contrast_ratio};
use caseload::tui::app::App;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use tui_support::{MODES, draw, people, reach, text};

const SIZES: [(u16, u16); 2] = [(45, 20), (80, 24)];

/// Every screen in `name`, at each size.
fn every_screen(name: ThemeName) -> Vec<(String, Buffer)> {
    let mut drawn = Vec::new();
    for mode in MODES {
        let mut app: App = reach(mode, &people());
        app.theme = Theme::of(name);
        for (w, h) in SIZES {
            draw(&mut app, w, h);
            drawn.push((format!("{mode:?} at {w}x{h}"), draw(&mut app, w, h)));
        }
    }
    drawn
}

fn rgb(colour: Color) -> Option<Rgb> {
    match colour {
        Color::Rgb(r, g, b) => Some(Rgb(r, g, b)),
        _ => None,
    }
}

#[test]
fn high_contrast_passes_aa_on_every_cell_of_every_screen() {
    let mut pairs = std::collections::BTreeSet::new();
    for (what, buffer) in every_screen(ThemeName::HighContrast) {
        for (i, cell) in buffer.content().iter().enumerate() {
            let at = buffer.pos_of(i);
            // Every cell has both colours set: none is left to the terminal's own.
            let (Some(fg), Some(bg)) = (rgb(cell.fg), rgb(cell.bg)) else {
                panic!("{what}: cell {at:?} has {:?} on {:?}", cell.fg, cell.bg);
            };
            let (fg, bg) = if cell.modifier.contains(Modifier::REVERSED) {
                (bg, fg)
            } else {
                (fg, bg)
            };
            let ratio = contrast_ratio(fg, bg);
            assert!(
                ratio >= AA_NORMAL_TEXT,
                "{what}: {:?} at {at:?} is {fg:?} on {bg:?}, {ratio:.2}:1",
                cell.symbol()
            );
            pairs.insert((fg.0, fg.1, fg.2, bg.0, bg.1, bg.2));
        }
    }
    // The screens use more than text on black: bands, the selection, errors, matches.
    assert!(pairs.len() >= 5, "{pairs:?}");
}

#[test]
fn mono_draws_no_colour_on_any_screen() {
    for (what, buffer) in every_screen(ThemeName::Mono) {
        for cell in buffer.content() {
            assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{what}");
        }
    }
}

#[test]
fn bands_are_written_as_words_in_every_theme() {
    for name in ThemeName::ALL {
        let mut app = reach(caseload::tui::app::Mode::List, &people());
        app.theme = Theme::of(name);
        let shown = text(&draw(&mut app, 45, 20));
        for band in ["CRITICAL", "HIGH", "MEDIUM", "LOW"] {
            assert!(shown.contains(band), "{name}: {band} in\n{shown}");
        }
    }
}

#[test]
fn the_config_file_sets_mouse_and_theme_and_refuses_mistakes() {
    let settings = TuiSettings::from_toml("[tui]\nmouse = false\ntheme = \"high-contrast\"\n");
    assert_eq!(
        settings.expect("parses"),
        TuiSettings {
            mouse: Some(false),
            theme: Some(ThemeName::HighContrast)
        }
    );
    assert_eq!(
        TuiSettings::from_toml("").expect("empty"),
        TuiSettings::default()
    );
    let wrong = TuiSettings::from_toml("[tui]\ntheme = \"purple\"\n").expect_err("refused");
    assert!(
        wrong
            .to_string()
            .contains("not one of default, high-contrast, mono"),
        "{wrong}"
    );
    let typo = TuiSettings::from_toml("[tui]\nmose = false\n").expect_err("refused");
    assert!(typo.to_string().contains("mose"), "{typo}");
}

#[test]
fn an_unknown_theme_on_the_command_line_is_one_clear_sentence() {
    let out = assert_cmd::Command::cargo_bin("caseload")
        .expect("binary")
        .args(["--theme", "purple", "--db", "/nonexistent/x.db", "list"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("not one of default, high-contrast, mono"),
        "{err}"
    );
    assert!(!std::path::Path::new("/nonexistent/x.db").exists());
}
