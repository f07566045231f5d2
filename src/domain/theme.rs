//! Themes (issue 17 §6) as pure data: the RGB colours and weights of every role the screens draw
//! (text, headings, the selected row, search matches, errors, today, each band), for `default`,
//! `high-contrast` and `mono`. The view maps a [`Paint`] onto its terminal style; nothing here
//! knows of a terminal.
//!
//! Two promises are kept by construction and checked in tests: a band is only ever handed out as
//! a [`BandBadge`], its word and its paint together, so no screen can show a band by colour
//! alone; and every foreground/background pair `high-contrast` uses passes WCAG 2.x AA (4.5:1).

use super::triage::Band;
use std::fmt;
use std::str::FromStr;

/// A colour as red, green and blue, 0-255 each (sRGB).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub const BLACK: Rgb = Rgb(0, 0, 0);
    pub const WHITE: Rgb = Rgb(255, 255, 255);

    /// WCAG 2.x relative luminance, 0 (black) to 1 (white).
    pub fn luminance(self) -> f64 {
        // sRGB to linear light, as WCAG 2.x defines it (its 0.03928 threshold).
        fn linear(channel: u8) -> f64 {
            let c = f64::from(channel) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        }
        0.2126 * linear(self.0) + 0.7152 * linear(self.1) + 0.0722 * linear(self.2)
    }
}

/// WCAG 2.x contrast ratio of two colours, 1 to 21 (order does not matter).
pub fn contrast_ratio(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// WCAG 2.x level AA for normal text.
pub const AA_NORMAL_TEXT: f64 = 4.5;

/// How one thing is drawn. `None` colours are the terminal's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Paint {
    pub fg: Option<Rgb>,
    pub bg: Option<Rgb>,
    pub bold: bool,
    pub underline: bool,
    /// Reverse video: marks without colour (the selected row in `default` and `mono`).
    pub reversed: bool,
}

impl Paint {
    const PLAIN: Paint = Paint {
        fg: None,
        bg: None,
        bold: false,
        underline: false,
        reversed: false,
    };

    const fn fg(fg: Rgb) -> Paint {
        Paint {
            fg: Some(fg),
            ..Paint::PLAIN
        }
    }

    const fn on(fg: Rgb, bg: Rgb) -> Paint {
        Paint {
            fg: Some(fg),
            bg: Some(bg),
            ..Paint::PLAIN
        }
    }

    const fn bold(self) -> Paint {
        Paint { bold: true, ..self }
    }

    const fn underline(self) -> Paint {
        Paint {
            underline: true,
            ..self
        }
    }

    const fn reversed(self) -> Paint {
        Paint {
            reversed: true,
            ..self
        }
    }
}

/// What a screen draws, besides bands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Ordinary text.
    Text,
    /// Titles and column headings.
    Heading,
    /// Hints and the footer's key descriptions.
    Muted,
    /// The selected row (a band on it: [`Theme::band_selected`]).
    Selected,
    /// The letters a search matched.
    Match,
    /// A field's problem, a failed save.
    Error,
    /// Today on the month calendar.
    Today,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Text,
        Role::Heading,
        Role::Muted,
        Role::Selected,
        Role::Match,
        Role::Error,
        Role::Today,
    ];
}

/// The themes a user can choose (`--theme`, or `theme` in the config).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ThemeName {
    #[default]
    Default,
    HighContrast,
    Mono,
}

impl ThemeName {
    pub const ALL: [ThemeName; 3] = [ThemeName::Default, ThemeName::HighContrast, ThemeName::Mono];

    /// The spelling on the command line and in the config.
    pub fn code(self) -> &'static str {
        match self {
            ThemeName::Default => "default",
            ThemeName::HighContrast => "high-contrast",
            ThemeName::Mono => "mono",
        }
    }

    /// The theme in force: `NO_COLOR` (set and not empty, as no-color.org says) wins over any
    /// choice, since the user asked for no colour everywhere.
    pub fn resolve(requested: Option<ThemeName>, no_color: Option<&str>) -> ThemeName {
        if no_color.is_some_and(|v| !v.is_empty()) {
            ThemeName::Mono
        } else {
            requested.unwrap_or_default()
        }
    }
}

impl fmt::Display for ThemeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A theme name that is not one of ours.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("theme: '{name}' is not one of default, high-contrast, mono")]
pub struct ThemeError {
    pub name: String,
}

impl FromStr for ThemeName {
    type Err = ThemeError;
    fn from_str(s: &str) -> Result<ThemeName, ThemeError> {
        let wanted = s.trim().to_lowercase().replace('_', "-");
        ThemeName::ALL
            .into_iter()
            .find(|t| t.code() == wanted)
            .ok_or_else(|| ThemeError {
                name: s.trim().to_string(),
            })
    }
}

/// A band as a screen must show it: its word, with its paint. The fields are private so the
/// only way to a band's paint is through its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BandBadge {
    label: &'static str,
    paint: Paint,
}

impl BandBadge {
    /// The word: `CRITICAL`, `HIGH`, `MEDIUM`, `LOW`.
    pub fn label(&self) -> &'static str {
        self.label
    }

    pub fn paint(&self) -> Paint {
        self.paint
    }
}

/// Every colour and weight of one theme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub name: ThemeName,
    /// Painted behind everything when set (high contrast does not trust the terminal's own).
    pub background: Option<Rgb>,
    roles: [Paint; 7],
    /// Low, medium, high, critical.
    bands: [Paint; 4],
}

// The default keeps today's look: the xterm values of the ANSI colours the screens use.
const RED: Rgb = Rgb(205, 0, 0);
const YELLOW: Rgb = Rgb(205, 205, 0);
const CYAN: Rgb = Rgb(0, 205, 205);

// High contrast on black: each value checked against its background in the tests.
const HC_GREY: Rgb = Rgb(200, 200, 200);
const HC_YELLOW: Rgb = Rgb(255, 255, 0);
const HC_AMBER: Rgb = Rgb(255, 220, 0);
const HC_CYAN: Rgb = Rgb(0, 220, 255);
const HC_PINK: Rgb = Rgb(255, 120, 120);
const HC_DARK_RED: Rgb = Rgb(160, 0, 0);

impl Theme {
    /// The theme called `name`.
    pub fn of(name: ThemeName) -> Theme {
        // Roles in the order of `Role::ALL`; bands low to critical. Critical is bold and the
        // selected row reversed (or boxed in colour) in every theme, so both read without colour.
        match name {
            ThemeName::Default => Theme {
                name,
                background: None,
                roles: [
                    Paint::PLAIN,
                    Paint::PLAIN.bold(),
                    Paint::PLAIN,
                    Paint::PLAIN.reversed(),
                    Paint::fg(YELLOW).bold().underline(),
                    Paint::fg(RED).bold(),
                    Paint::PLAIN.bold().underline(),
                ],
                bands: [
                    Paint::PLAIN,
                    Paint::fg(CYAN),
                    Paint::fg(YELLOW),
                    Paint::fg(RED).bold(),
                ],
            },
            ThemeName::HighContrast => Theme {
                name,
                background: Some(Rgb::BLACK),
                roles: [
                    Paint::on(Rgb::WHITE, Rgb::BLACK),
                    Paint::on(Rgb::WHITE, Rgb::BLACK).bold(),
                    Paint::on(HC_GREY, Rgb::BLACK),
                    Paint::on(Rgb::BLACK, HC_YELLOW).bold(),
                    Paint::on(Rgb::BLACK, HC_CYAN).bold().underline(),
                    Paint::on(HC_PINK, Rgb::BLACK).bold(),
                    Paint::on(Rgb::BLACK, Rgb::WHITE).bold(),
                ],
                bands: [
                    Paint::on(Rgb::WHITE, Rgb::BLACK),
                    Paint::on(HC_CYAN, Rgb::BLACK),
                    Paint::on(HC_AMBER, Rgb::BLACK).bold(),
                    Paint::on(Rgb::WHITE, HC_DARK_RED).bold(),
                ],
            },
            ThemeName::Mono => Theme {
                name,
                background: None,
                roles: [
                    Paint::PLAIN,
                    Paint::PLAIN.bold(),
                    Paint::PLAIN,
                    Paint::PLAIN.reversed(),
                    Paint::PLAIN.bold().underline(),
                    Paint::PLAIN.bold(),
                    Paint::PLAIN.bold().underline(),
                ],
                bands: [
                    Paint::PLAIN,
                    Paint::PLAIN,
                    Paint::PLAIN.bold(),
                    Paint::PLAIN.bold().underline(),
                ],
            },
        }
    }

    /// How `role` is drawn.
    pub fn paint(&self, role: Role) -> Paint {
        // `roles` is in the order of the variants.
        self.roles[role as usize]
    }

    /// A band's word and paint, on an ordinary row.
    pub fn band(&self, band: Band) -> BandBadge {
        let paint = match band {
            Band::Low => self.bands[0],
            Band::Medium => self.bands[1],
            Band::High => self.bands[2],
            Band::Critical => self.bands[3],
        };
        BandBadge {
            label: band.shout(),
            paint,
        }
    }

    /// A band on the selected row: the row's paint (a band colour on the selection colour could
    /// vanish), keeping the band's weight; the word says which band it is.
    pub fn band_selected(&self, band: Band) -> BandBadge {
        let own = self.band(band);
        let row = self.paint(Role::Selected);
        BandBadge {
            label: own.label,
            paint: Paint {
                bold: row.bold || own.paint.bold,
                underline: row.underline || own.paint.underline,
                ..row
            },
        }
    }

    /// Every (what, foreground, background) pair this theme draws with both colours known
    /// (reverse video applied): what the contrast test checks.
    pub fn colour_pairs(&self) -> Vec<(String, Rgb, Rgb)> {
        let mut paints: Vec<(String, Paint)> = Role::ALL
            .iter()
            .map(|role| (format!("{role:?}"), self.paint(*role)))
            .collect();
        for band in [Band::Low, Band::Medium, Band::High, Band::Critical] {
            paints.push((format!("band {}", band.code()), self.band(band).paint));
            paints.push((
                format!("band {} selected", band.code()),
                self.band_selected(band).paint,
            ));
        }
        let text = self.paint(Role::Text).fg;
        paints
            .into_iter()
            .filter_map(|(what, p)| {
                let fg = p.fg.or(text)?;
                let bg = p.bg.or(self.background)?;
                let (fg, bg) = if p.reversed { (bg, fg) } else { (fg, bg) };
                Some((what, fg, bg))
            })
            .collect()
    }
}

#[cfg(test)]
#[path = "theme_tests.rs"]
mod tests;
