//! The styles the screens draw with, all from the app's [`Theme`] (issue 17 §6): a screen asks
//! for a role or a band, never for a colour, so `--theme`, the config's `[tui] theme` and
//! `NO_COLOR` (mono) change every screen at once.

use crate::domain::theme::{Paint, Rgb, Role, Theme, ThemeName};
use crate::domain::triage::Band;
use ratatui::style::{Color, Modifier, Style};

/// A theme's paint as a terminal style.
pub fn paint_style(theme: &Theme, paint: Paint) -> Style {
    let mut style = Style::new();
    if let Some(fg) = paint.fg {
        style = style.fg(colour(theme, fg));
    }
    if let Some(bg) = paint.bg {
        style = style.bg(colour(theme, bg));
    }
    let modifiers = [
        (paint.bold, Modifier::BOLD),
        (paint.underline, Modifier::UNDERLINED),
        (paint.reversed, Modifier::REVERSED),
    ];
    for (on, modifier) in modifiers {
        if on {
            style = style.add_modifier(modifier);
        }
    }
    style
}

/// The default theme names the ANSI colours by their xterm values: drawn as the ANSI colours
/// themselves, so a terminal whose palette the user tuned keeps its look. Other themes mean
/// their exact RGB values (the contrast test is computed from them).
fn colour(theme: &Theme, rgb: Rgb) -> Color {
    if theme.name == ThemeName::Default {
        match rgb {
            Rgb(205, 0, 0) => return Color::Red,
            Rgb(205, 205, 0) => return Color::Yellow,
            Rgb(0, 205, 205) => return Color::Cyan,
            _ => {}
        }
    }
    Color::Rgb(rgb.0, rgb.1, rgb.2)
}

fn role(theme: &Theme, role: Role) -> Style {
    paint_style(theme, theme.paint(role))
}

/// Behind everything: the theme's own background and text colour, when it sets them.
pub fn base_style(theme: &Theme) -> Style {
    let mut style = role(theme, Role::Text);
    if let Some(bg) = theme.background {
        style = style.bg(colour(theme, bg));
    }
    style
}

/// A band's label (the word is always drawn with it). Critical is bold in every theme.
pub fn band_style(band: Band, theme: &Theme) -> Style {
    paint_style(theme, theme.band(band).paint())
}

/// A band on the selected row: the row's colours, the band's weight.
pub fn band_selected_style(band: Band, theme: &Theme) -> Style {
    paint_style(theme, theme.band_selected(band).paint())
}

/// A band on a list row, in the row's colours when the row is the selected one.
pub fn band_on_row(band: Band, selected: bool, theme: &Theme) -> Style {
    if selected {
        band_selected_style(band, theme)
    } else {
        band_style(band, theme)
    }
}

/// The characters the search matched.
pub fn match_style(theme: &Theme) -> Style {
    role(theme, Role::Match)
}

/// The selected row (reverse video in the default and mono themes, which needs no colour).
pub fn selected_style(theme: &Theme) -> Style {
    role(theme, Role::Selected)
}

/// A field's problem, a refused save: bold, so it stands out without colour too.
pub fn error_style(theme: &Theme) -> Style {
    role(theme, Role::Error)
}

/// Headings and column titles.
pub fn heading_style(theme: &Theme) -> Style {
    role(theme, Role::Heading)
}

/// Hints and the footer's keys.
pub fn muted_style(theme: &Theme) -> Style {
    role(theme, Role::Muted)
}

/// Today on the month calendar.
pub fn today_style(theme: &Theme) -> Style {
    role(theme, Role::Today)
}
