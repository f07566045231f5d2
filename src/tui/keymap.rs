//! Keys are data: `assets/keymap.toml` maps, per screen, each action to its keys, with a
//! `[common]` table as fallback. This module parses that table (and a user's patch of it),
//! rejects duplicate bindings, looks up the action for a key event, and answers the reverse
//! question (which keys do this?) for the help screen and the footer.

use super::action::Action;
use super::mode::Mode;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::{BTreeMap, HashMap};

/// The default key table, embedded at build time.
pub const DEFAULT_KEYMAP_TOML: &str = include_str!("../../assets/keymap.toml");

/// A keymap file that could not be used; the message names the table, action and key, and the
/// line of the user's file where there is one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", line.map(|n| format!("line {n}: ")).unwrap_or_default())]
pub struct KeymapError {
    /// The line of the user's file (none for the built-in table).
    pub line: Option<usize>,
    pub message: String,
}

impl KeymapError {
    fn new(line: Option<usize>, message: String) -> KeymapError {
        KeymapError { line, message }
    }
}

/// One key with its modifiers, normalised so a parsed spec and a terminal event compare equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl Key {
    /// A key from a terminal event. For characters SHIFT is dropped (it is already in the
    /// character: `G`, `?`), and modifiers other than ctrl/alt/shift are ignored.
    pub fn from_event(event: KeyEvent) -> Key {
        let mut modifiers =
            event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        if matches!(event.code, KeyCode::Char(_) | KeyCode::BackTab) {
            modifiers.remove(KeyModifiers::SHIFT);
        }
        Key {
            code: event.code,
            modifiers,
        }
    }

    /// Parses a key as written in the keymap: `j`, `G`, `?`, `enter`, `pgdn`, `ctrl-c`.
    pub fn parse(spec: &str) -> Result<Key, KeymapError> {
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = spec.trim();
        loop {
            let lower = rest.to_ascii_lowercase();
            let prefix = [
                ("ctrl-", KeyModifiers::CONTROL),
                ("alt-", KeyModifiers::ALT),
                ("shift-", KeyModifiers::SHIFT),
            ]
            .into_iter()
            .find(|(p, _)| lower.starts_with(p) && rest.len() > p.len());
            match prefix {
                Some((p, m)) => {
                    modifiers |= m;
                    rest = &rest[p.len()..];
                }
                None => break,
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(c),
            _ => named_key(&rest.to_ascii_lowercase())
                .ok_or_else(|| KeymapError::new(None, format!("'{spec}' is not a key")))?,
        };
        let mut key = Key { code, modifiers };
        if key.code == KeyCode::Tab && key.modifiers.contains(KeyModifiers::SHIFT) {
            key.code = KeyCode::BackTab;
            key.modifiers.remove(KeyModifiers::SHIFT);
        }
        if let KeyCode::Char(c) = key.code
            && key.modifiers.contains(KeyModifiers::SHIFT)
        {
            key.code = KeyCode::Char(c.to_uppercase().next().unwrap_or(c));
            key.modifiers.remove(KeyModifiers::SHIFT);
        }
        Ok(key)
    }
}

fn named_key(name: &str) -> Option<KeyCode> {
    Some(match name {
        "enter" | "return" | "ret" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "backspace" => KeyCode::Backspace,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "space" => KeyCode::Char(' '),
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "pgup" | "pageup" => KeyCode::PageUp,
        "pgdn" | "pagedown" => KeyCode::PageDown,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "delete" | "del" => KeyCode::Delete,
        "insert" => KeyCode::Insert,
        _ => {
            let n: u8 = name.strip_prefix('f')?.parse().ok()?;
            return (1..=12).contains(&n).then_some(KeyCode::F(n));
        }
    })
}

/// A name or key as written, with its line in the user's file (none: the built-in table).
#[derive(Debug, Clone)]
struct Written {
    text: String,
    line: Option<usize>,
}

/// The raw file: table name -> action name -> key specs, each with where it was written.
type RawKeymap = BTreeMap<String, (Option<usize>, BTreeMap<String, Actions>)>;
/// One action's line and keys.
type Actions = (Option<usize>, Vec<Written>);

/// One table's bindings both ways.
#[derive(Debug, Clone, Default)]
struct Table {
    by_key: HashMap<Key, Action>,
    /// The keys as written in the file, for help and footer.
    by_action: HashMap<Action, Vec<String>>,
}

/// The key bindings of every screen, with the common fallback.
#[derive(Debug, Clone)]
pub struct Keymap {
    common: Table,
    screens: HashMap<Mode, Table>,
}

const TABLES: [(&str, Option<Mode>); 18] = [
    ("common", None),
    ("list", Some(Mode::List)),
    ("search", Some(Mode::Search)),
    ("filter", Some(Mode::Filter)),
    ("detail", Some(Mode::Detail)),
    ("hearings", Some(Mode::Hearings)),
    ("export", Some(Mode::Export)),
    ("help", Some(Mode::Help)),
    ("form", Some(Mode::Form)),
    ("hearing", Some(Mode::Hearing)),
    ("confirm", Some(Mode::Confirm)),
    ("conflict", Some(Mode::Conflict)),
    ("released", Some(Mode::Released)),
    ("calendar", Some(Mode::Calendar)),
    ("stats", Some(Mode::Stats)),
    ("bulk", Some(Mode::Bulk)),
    ("views", Some(Mode::Views)),
    ("duplicates", Some(Mode::Duplicates)),
];

/// Shared tables: each is laid under the screens named, whose own table (the defaults' or a
/// user's) may rebind any of its actions for that screen alone.
const SHARED: [(&str, &[&str]); 2] = [
    (
        "moving",
        &[
            "list", "detail", "released", "hearings", "help", "bulk", "views", "stats",
        ],
    ),
    ("editing", &["form", "hearing"]),
];

/// Lays each shared table under the screens that use it.
fn expand_shared(raw: &mut RawKeymap) {
    for (shared, screens) in SHARED {
        let Some((line, actions)) = raw.remove(shared) else {
            continue;
        };
        for screen in screens {
            let entry = raw
                .entry(screen.to_string())
                .or_insert((line, BTreeMap::new()));
            for (action, keys) in &actions {
                entry
                    .1
                    .entry(action.clone())
                    .or_insert_with(|| keys.clone());
            }
        }
    }
}

/// Screens where a plain character is typed rather than looked up.
fn types_text(screen: Mode) -> bool {
    matches!(
        screen,
        Mode::Search | Mode::Filter | Mode::Form | Mode::Hearing
    )
}

impl Default for Keymap {
    /// The embedded defaults. A test guarantees they parse.
    fn default() -> Keymap {
        Keymap::from_toml(DEFAULT_KEYMAP_TOML).unwrap_or_else(|_| Keymap {
            common: Table::default(),
            screens: HashMap::new(),
        })
    }
}

impl Keymap {
    /// Parses a whole keymap file.
    pub fn from_toml(text: &str) -> Result<Keymap, KeymapError> {
        Keymap::build(parse_raw(text, true)?)
    }

    /// The defaults with a user's file laid over them: each action the user lists gets exactly
    /// the user's keys in that table; everything else keeps its default. Errors name the line
    /// of the user's file.
    pub fn patched(user: &str) -> Result<Keymap, KeymapError> {
        let mut raw = parse_raw(DEFAULT_KEYMAP_TOML, false)?;
        for (table, (line, actions)) in parse_raw(user, true)? {
            let entry = raw.entry(table).or_insert((line, BTreeMap::new()));
            entry.0 = line;
            entry.1.extend(actions);
        }
        Keymap::build(raw)
    }

    fn build(mut raw: RawKeymap) -> Result<Keymap, KeymapError> {
        expand_shared(&mut raw);
        let mut keymap = Keymap {
            common: Table::default(),
            screens: HashMap::new(),
        };
        for (name, (line, actions)) in raw {
            let screen = TABLES
                .iter()
                .find(|(t, _)| *t == name)
                .ok_or_else(|| {
                    let known: Vec<&str> = TABLES
                        .iter()
                        .map(|(t, _)| *t)
                        .chain(SHARED.iter().map(|(t, _)| *t))
                        .collect();
                    let message = format!("[{name}] is not one of {}", known.join(", "));
                    KeymapError::new(line, message)
                })?
                .1;
            let table = build_table(&name, actions)?;
            match screen {
                Some(screen) => {
                    keymap.screens.insert(screen, table);
                }
                None => keymap.common = table,
            }
        }
        Ok(keymap)
    }

    /// The action for a key event on a screen: the screen's table first; on the search screen
    /// a plain character is typed into the query; then the common table.
    pub fn action(&self, screen: Mode, event: KeyEvent) -> Option<Action> {
        let key = Key::from_event(event);
        if let Some(&action) = self.screens.get(&screen).and_then(|t| t.by_key.get(&key)) {
            return Some(action);
        }
        if types_text(screen)
            && let KeyCode::Char(c) = key.code
            && !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            return Some(Action::Insert(c));
        }
        self.common.by_key.get(&key).copied()
    }

    /// The keys that trigger `action` on `screen`, as written in the keymap: the screen's own,
    /// then reachable common ones. Empty when unbound.
    pub fn keys_for(&self, screen: Mode, action: Action) -> Vec<String> {
        self.bindings(screen)
            .into_iter()
            .find(|(a, _)| *a == action)
            .map(|(_, keys)| keys)
            .unwrap_or_default()
    }

    /// Every action reachable on `screen`, in help order, with its keys. Common keys that never
    /// reach the common table there (shadowed by the screen's own table, or typed into the
    /// search) are left out.
    pub fn bindings(&self, screen: Mode) -> Vec<(Action, Vec<String>)> {
        let own = self.screens.get(&screen);
        Action::BINDABLE
            .iter()
            .filter_map(|&action| {
                let mut keys: Vec<String> = own
                    .and_then(|t| t.by_action.get(&action))
                    .cloned()
                    .unwrap_or_default();
                if let Some(common) = self.common.by_action.get(&action) {
                    let reachable = |spec: &&String| {
                        Key::parse(spec).is_ok_and(|key| self.falls_through(screen, key))
                    };
                    keys.extend(common.iter().filter(reachable).cloned());
                }
                (!keys.is_empty()).then_some((action, keys))
            })
            .collect()
    }

    /// A key on `screen` reaches the common table (see [`Keymap::action`]).
    fn falls_through(&self, screen: Mode, key: Key) -> bool {
        let own = self
            .screens
            .get(&screen)
            .is_some_and(|t| t.by_key.contains_key(&key));
        let typed = types_text(screen)
            && matches!(key.code, KeyCode::Char(_))
            && !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        !own && !typed
    }

    /// "j/down down  enter open …" pairs for the footer: the first keys of each listed action
    /// that is bound on `screen`.
    pub fn footer(&self, screen: Mode, actions: &[Action]) -> Vec<(String, &'static str)> {
        self.footer_keys(screen, actions)
            .into_iter()
            .map(|(_, keys, short)| (keys, short))
            .collect()
    }

    /// Like [`Keymap::footer`], with the action each entry runs (a tap on it, issue 17 §1).
    pub fn footer_keys(
        &self,
        screen: Mode,
        actions: &[Action],
    ) -> Vec<(Action, String, &'static str)> {
        actions
            .iter()
            .filter_map(|&action| {
                let keys = self.keys_for(screen, action);
                (!keys.is_empty()).then(|| {
                    let shown = keys.iter().take(2).cloned().collect::<Vec<_>>().join("/");
                    (action, shown, action.short())
                })
            })
            .collect()
    }
}

/// Reads the file, keeping the line of every name and key when `lines` (the user's file).
fn parse_raw(text: &str, lines: bool) -> Result<RawKeymap, KeymapError> {
    use toml::Spanned;
    let line_of = |span: std::ops::Range<usize>| {
        lines.then(|| text[..span.start.min(text.len())].matches('\n').count() + 1)
    };
    type Spans = BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Vec<Spanned<String>>>>;
    let parsed: Spans = toml::from_str(text).map_err(|e| {
        KeymapError::new(e.span().and_then(line_of), e.message().trim().to_string())
    })?;
    Ok(parsed
        .into_iter()
        .map(|(table, actions)| {
            let line = line_of(table.span());
            let actions = actions
                .into_iter()
                .map(|(action, keys)| {
                    let line = line_of(action.span());
                    let keys = keys
                        .into_iter()
                        .map(|key| Written {
                            line: line_of(key.span()),
                            text: key.into_inner(),
                        })
                        .collect();
                    (action.into_inner(), (line, keys))
                })
                .collect();
            (table.into_inner(), (line, actions))
        })
        .collect())
}

fn build_table(name: &str, actions: BTreeMap<String, Actions>) -> Result<Table, KeymapError> {
    let mut table = Table::default();
    // Where each key was bound, to name both places of a duplicate.
    let mut bound: HashMap<Key, Option<usize>> = HashMap::new();
    for (action_name, (line, specs)) in actions {
        let action = Action::from_name(&action_name).ok_or_else(|| {
            KeymapError::new(line, format!("[{name}] {action_name}: not an action"))
        })?;
        for spec in &specs {
            let key = Key::parse(&spec.text).map_err(|e| {
                KeymapError::new(spec.line, format!("[{name}] {action_name}: {}", e.message))
            })?;
            if let Some(other) = table.by_key.insert(key, action) {
                // The user's line of the two (a default has none).
                let line = spec.line.or(bound.get(&key).copied().flatten());
                return Err(KeymapError::new(
                    line,
                    format!(
                        "[{name}] key '{}' is bound twice: {} and {action_name}",
                        spec.text,
                        other.name()
                    ),
                ));
            }
            bound.insert(key, spec.line);
        }
        let texts = specs.into_iter().map(|spec| spec.text).collect();
        table.by_action.insert(action, texts);
    }
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn default_keymap_parses_without_duplicate_bindings() {
        let keymap = Keymap::from_toml(DEFAULT_KEYMAP_TOML).expect("default keymap is valid");
        assert_eq!(
            keymap.action(Mode::List, press(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Action::MoveDown)
        );
    }

    #[test]
    fn duplicate_binding_is_rejected_naming_the_key() {
        let err = Keymap::from_toml("[list]\nmove_down = [\"j\"]\nmove_up = [\"j\"]\n")
            .expect_err("duplicate");
        assert!(err.to_string().contains("'j' is bound twice"), "{err}");
        let err = Keymap::from_toml("[list]\nmove_down = [\"j\", \"J\", \"shift-j\"]\n")
            .expect_err("J and shift-j are the same key");
        assert!(err.to_string().contains("bound twice"), "{err}");
    }

    #[test]
    fn unknown_action_table_and_key_are_errors() {
        assert!(Keymap::from_toml("[list]\nfly = [\"f\"]\n").is_err());
        assert!(Keymap::from_toml("[lists]\nquit = [\"q\"]\n").is_err());
        assert!(Keymap::from_toml("[list]\nquit = [\"hyperspace\"]\n").is_err());
    }

    #[test]
    fn shifted_characters_match_their_spec() {
        let keymap = Keymap::default();
        let shift_g = press(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(keymap.action(Mode::List, shift_g), Some(Action::Last));
        let question = press(KeyCode::Char('?'), KeyModifiers::SHIFT);
        assert_eq!(keymap.action(Mode::List, question), Some(Action::Help));
    }

    #[test]
    fn search_types_characters_but_ctrl_c_still_quits() {
        let keymap = Keymap::default();
        for c in ['q', '?', 'j', 'م'] {
            let event = press(KeyCode::Char(c), KeyModifiers::NONE);
            assert_eq!(keymap.action(Mode::Search, event), Some(Action::Insert(c)));
        }
        let ctrl_c = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(keymap.action(Mode::Search, ctrl_c), Some(Action::Quit));
    }

    #[test]
    fn a_bad_user_file_names_the_line_and_key() {
        let err = Keymap::patched("[list]\nmove_down = [\"n\"]\nsearch = [\"hyperspace\"]\n")
            .expect_err("not a key");
        assert_eq!(
            err.to_string(),
            "line 3: [list] search: 'hyperspace' is not a key"
        );
        // `j` keeps its default binding (move_down is not in this file), so both are named.
        let err = Keymap::patched("\n[list]\nsearch = [\"/\", \"j\"]\n").expect_err("dup");
        assert_eq!(
            err.to_string(),
            "line 3: [list] key 'j' is bound twice: move_down and search"
        );
        let err = Keymap::patched("[list\n").expect_err("syntax");
        assert!(err.to_string().starts_with("line 1: "), "{err}");
    }

    #[test]
    fn user_patch_replaces_only_the_actions_it_lists() {
        let keymap = Keymap::patched("[list]\nmove_down = [\"n\"]\n").expect("valid patch");
        let n = press(KeyCode::Char('n'), KeyModifiers::NONE);
        let j = press(KeyCode::Char('j'), KeyModifiers::NONE);
        let k = press(KeyCode::Char('k'), KeyModifiers::NONE);
        assert_eq!(keymap.action(Mode::List, n), Some(Action::MoveDown));
        assert_eq!(keymap.action(Mode::List, j), None);
        assert_eq!(keymap.action(Mode::List, k), Some(Action::MoveUp));
    }

    #[test]
    fn reverse_lookup_feeds_help_and_footer() {
        let keymap = Keymap::default();
        assert_eq!(keymap.keys_for(Mode::List, Action::MoveDown), ["j", "down"]);
        assert_eq!(keymap.keys_for(Mode::Detail, Action::Help), ["?"]);
        let help = keymap.bindings(Mode::Help);
        // `?` closes help there, so the common "? = help" is shadowed and not listed.
        assert!(help.iter().all(|(a, _)| *a != Action::Help), "{help:?}");
        // In the search `?` is typed into the query, so help is not reachable there.
        assert!(keymap.keys_for(Mode::Search, Action::Help).is_empty());
        assert_eq!(keymap.keys_for(Mode::Search, Action::Quit), ["ctrl-c"]);
        let footer = keymap.footer(Mode::List, &[Action::MoveDown, Action::Quit]);
        assert_eq!(
            footer,
            [
                ("j/down".to_string(), "down"),
                ("q/ctrl-c".to_string(), "quit")
            ]
        );
    }

    #[test]
    fn both_forms_share_the_editing_table_and_a_form_may_rebind_alone() {
        let keymap = Keymap::default();
        assert_eq!(keymap.bindings(Mode::Form), keymap.bindings(Mode::Hearing));
        let f2 = press(KeyCode::F(2), KeyModifiers::NONE);
        let enter = press(KeyCode::Enter, KeyModifiers::NONE);
        let keymap = Keymap::patched("[form]\nsave = [\"f2\"]\n").expect("valid patch");
        assert_eq!(keymap.action(Mode::Form, f2), Some(Action::Save));
        assert_eq!(keymap.action(Mode::Form, enter), None);
        assert_eq!(keymap.action(Mode::Hearing, enter), Some(Action::Save));
        let keymap = Keymap::patched("[editing]\nsave = [\"f2\"]\n").expect("valid patch");
        assert_eq!(keymap.action(Mode::Hearing, f2), Some(Action::Save));
        assert_eq!(keymap.action(Mode::Form, f2), Some(Action::Save));
    }
}
