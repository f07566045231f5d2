//! Where things live: the default database, exports and drafts (user data dir), the clinic's
//! weights file, the user's key bindings and TUI settings (user config dir), and the flag/environment
//! overrides of them.

use crate::domain::checklist::Rules;
use crate::domain::theme::ThemeName;
use crate::domain::weights::Weights;
use crate::tui::keymap::Keymap;
use anyhow::{Context, Result, anyhow};
use directories::ProjectDirs;
use std::path::{Path, PathBuf};

fn project_dirs() -> Result<ProjectDirs> {
    ProjectDirs::from("", "", "caseload").ok_or_else(|| {
        anyhow!("cannot find your home directory: pass --db PATH or set CASELOAD_DB")
    })
}

/// The database to use: `--db`/`CASELOAD_DB` when given, else `caseload.db` in the user's data
/// directory, which is created (owner-only) on first use.
pub fn database_path(explicit: Option<&Path>) -> Result<PathBuf> {
    if let Some(path) = explicit {
        return Ok(path.to_path_buf());
    }
    let dir = project_dirs()?.data_dir().to_path_buf();
    crate::files::create_private_dir(&dir)?;
    Ok(dir.join("caseload.db"))
}

/// Where the TUI writes exported checklists: `exports` in the user's data directory.
pub fn exports_dir() -> Result<PathBuf> {
    Ok(project_dirs()?.data_dir().join("exports"))
}

/// Where the TUI keeps a form left open when a session ended: `drafts` in the user's own data
/// directory (created owner-only when the first draft is written), never beside a shared
/// database, where anyone in the group could plant a link or a fake draft.
pub fn drafts_dir() -> Result<PathBuf> {
    Ok(project_dirs()?.data_dir().join("drafts"))
}

/// The key bindings in force: the defaults, patched by `--keys FILE` when given, else by
/// `keymap.toml` in the user's config directory if it exists. A bad file is one line naming
/// the file, the line and the key.
pub fn load_keymap(explicit: Option<&Path>) -> Result<Keymap> {
    let path = match explicit {
        Some(path) => path.to_path_buf(),
        None => match project_dirs() {
            Ok(dirs) => dirs.config_dir().join("keymap.toml"),
            Err(_) => return Ok(Keymap::default()),
        },
    };
    if explicit.is_none() && !path.exists() {
        return Ok(Keymap::default());
    }
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("{}: cannot read the key bindings", path.display()))?;
    Keymap::patched(&text).map_err(|e| anyhow!("{}: {e}", path.display()))
}

/// The weights in force: `--weights FILE` when given, else `weights.toml` in the user's config
/// directory if it exists, else the built-in defaults.
pub fn load_weights(explicit: Option<&Path>) -> Result<Weights> {
    let path = match explicit {
        Some(path) => path.to_path_buf(),
        None => match project_dirs() {
            Ok(dirs) => dirs.config_dir().join("weights.toml"),
            Err(_) => return Ok(Weights::default()),
        },
    };
    if explicit.is_none() && !path.exists() {
        return Ok(Weights::default());
    }
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("{}: cannot read weights file", path.display()))?;
    Weights::from_toml(&text).map_err(|e| anyhow!("{}: {e}", path.display()))
}

/// The checklist rules in force: the shipped defaults, then the clinic's own from `--rules FILE`
/// or `checklist.toml` in the user's config directory when present.
pub fn load_rules(explicit: Option<&Path>) -> Result<Rules> {
    let path = match explicit {
        Some(path) => path.to_path_buf(),
        None => match project_dirs() {
            Ok(dirs) => dirs.config_dir().join("checklist.toml"),
            Err(_) => return Ok(Rules::defaults()),
        },
    };
    if explicit.is_none() && !path.exists() {
        return Ok(Rules::defaults());
    }
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("{}: cannot read checklist rules", path.display()))?;
    let clinic = Rules::from_toml(&text).map_err(|e| anyhow!("{}: {e}", path.display()))?;
    Rules::defaults()
        .extended(clinic)
        .map_err(|e| anyhow!("{}: {e}", path.display()))
}

/// The terminal UI's settings from `config.toml` in the user's config directory: `[tui]`
/// `mouse = false` turns taps and the wheel off, `theme = "high-contrast"` chooses a theme. The
/// command line's `--no-mouse` and `--theme` win over them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TuiSettings {
    pub mouse: Option<bool>,
    pub theme: Option<ThemeName>,
}

#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    tui: TuiTable,
}

#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct TuiTable {
    mouse: Option<bool>,
    theme: Option<String>,
}

impl TuiSettings {
    /// Reads `text` (a `config.toml`); a mistake is one sentence naming the key.
    pub fn from_toml(text: &str) -> Result<TuiSettings> {
        let file: ConfigFile = toml::from_str(text).map_err(|e| anyhow!("{}", e.message()))?;
        let theme = match file.tui.theme {
            Some(name) => Some(name.parse::<ThemeName>()?),
            None => None,
        };
        Ok(TuiSettings {
            mouse: file.tui.mouse,
            theme,
        })
    }
}

/// The settings in `config.toml` in the user's config directory, if it exists.
pub fn load_tui_settings() -> Result<TuiSettings> {
    let Ok(dirs) = project_dirs() else {
        return Ok(TuiSettings::default());
    };
    let path = dirs.config_dir().join("config.toml");
    if !path.exists() {
        return Ok(TuiSettings::default());
    }
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("{}: cannot read the settings", path.display()))?;
    TuiSettings::from_toml(&text).map_err(|e| anyhow!("{}: {e}", path.display()))
}
