//! Tests of the themes: WCAG contrast from the RGB values, and bands that always carry their word.

use super::*;

const BANDS: [Band; 4] = [Band::Low, Band::Medium, Band::High, Band::Critical];

#[test]
fn contrast_ratio_matches_the_wcag_reference_values() {
    let cases = [
        (Rgb::BLACK, Rgb::WHITE, 21.0),
        (Rgb::WHITE, Rgb::BLACK, 21.0),
        (Rgb(119, 119, 119), Rgb(119, 119, 119), 1.0),
        // #767676 on white is the well-known lightest grey that passes AA: 4.54:1.
        (Rgb(0x76, 0x76, 0x76), Rgb::WHITE, 4.54),
        // Pure red on white: 4.00:1 (fails AA).
        (Rgb(255, 0, 0), Rgb::WHITE, 4.00),
    ];
    for (a, b, expected) in cases {
        let ratio = contrast_ratio(a, b);
        assert!((ratio - expected).abs() < 0.01, "{a:?} on {b:?}: {ratio}");
    }
}

#[test]
fn high_contrast_passes_wcag_aa_for_every_pair_it_uses() {
    let theme = Theme::of(ThemeName::HighContrast);
    let pairs = theme.colour_pairs();
    // Every role and every band, plain and selected, has both colours known: none is left to
    // a terminal whose background we cannot see.
    assert_eq!(pairs.len(), Role::ALL.len() + 2 * BANDS.len());
    for (what, fg, bg) in pairs {
        let ratio = contrast_ratio(fg, bg);
        assert!(
            ratio >= AA_NORMAL_TEXT,
            "{what}: {fg:?} on {bg:?} is {ratio:.2}:1, below AA"
        );
    }
}

#[test]
fn every_band_carries_its_word_in_every_theme() {
    for name in ThemeName::ALL {
        let theme = Theme::of(name);
        for band in BANDS {
            assert_eq!(theme.band(band).label(), band.shout(), "{name}");
            assert_eq!(theme.band_selected(band).label(), band.shout(), "{name}");
        }
        let mut labels: Vec<&str> = BANDS.iter().map(|b| theme.band(*b).label()).collect();
        labels.dedup();
        assert_eq!(labels.len(), BANDS.len(), "{name}: words tell bands apart");
        // Critical stands out by weight too, with or without colour.
        assert!(theme.band(Band::Critical).paint().bold, "{name}");
        assert!(theme.band_selected(Band::Critical).paint().bold, "{name}");
    }
}

#[test]
fn mono_uses_no_colour_and_bands_still_read() {
    let theme = Theme::of(ThemeName::Mono);
    assert_eq!(theme.background, None);
    for role in Role::ALL {
        let paint = theme.paint(role);
        assert_eq!((paint.fg, paint.bg), (None, None), "{role:?}");
    }
    for band in BANDS {
        let paint = theme.band(band).paint();
        assert_eq!((paint.fg, paint.bg), (None, None), "{band:?}");
    }
    // Low and medium look alike in mono: only their words tell them apart, as intended.
    assert_eq!(
        theme.band(Band::Low).paint(),
        theme.band(Band::Medium).paint()
    );
    assert!(theme.paint(Role::Selected).reversed);
}

#[test]
fn default_keeps_the_colours_the_screens_use_today() {
    let theme = Theme::of(ThemeName::Default);
    let fg = |band| theme.band(band).paint().fg;
    assert_eq!(fg(Band::Critical), Some(RED));
    assert_eq!(fg(Band::High), Some(YELLOW));
    assert_eq!(fg(Band::Medium), Some(CYAN));
    assert_eq!(fg(Band::Low), None);
    assert!(theme.paint(Role::Selected).reversed);
    assert!(theme.paint(Role::Error).bold);
}

#[test]
fn a_band_on_the_selected_row_takes_the_row_colours() {
    let theme = Theme::of(ThemeName::HighContrast);
    let row = theme.paint(Role::Selected);
    for band in BANDS {
        let paint = theme.band_selected(band).paint();
        assert_eq!((paint.fg, paint.bg), (row.fg, row.bg), "{band:?}");
    }
}

#[test]
fn theme_names_parse_and_errors_name_the_setting() {
    let cases = [
        ("default", Ok(ThemeName::Default)),
        ("High-Contrast", Ok(ThemeName::HighContrast)),
        ("high_contrast", Ok(ThemeName::HighContrast)),
        (" mono ", Ok(ThemeName::Mono)),
        (
            "dark",
            Err("theme: 'dark' is not one of default, high-contrast, mono".to_string()),
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(
            text.parse::<ThemeName>().map_err(|e| e.to_string()),
            expected,
            "{text}"
        );
    }
    for name in ThemeName::ALL {
        assert_eq!(name.to_string().parse::<ThemeName>(), Ok(name));
    }
}

#[test]
fn no_color_chooses_mono_over_any_theme() {
    let cases = [
        (Some(ThemeName::HighContrast), Some("1"), ThemeName::Mono),
        (None, Some("yes"), ThemeName::Mono),
        // An empty NO_COLOR does not count (no-color.org).
        (
            Some(ThemeName::HighContrast),
            Some(""),
            ThemeName::HighContrast,
        ),
        (None, None, ThemeName::Default),
        (Some(ThemeName::Mono), None, ThemeName::Mono),
    ];
    for (requested, no_color, expected) in cases {
        assert_eq!(
            ThemeName::resolve(requested, no_color),
            expected,
            "{requested:?} {no_color:?}"
        );
    }
}
