//! Saved views (issue 14 §3): a name, a filter, a sort and the columns shown. The clinic's
//! shipped views are data ([`SHIPPED_VIEWS_TOML`], `assets/views.toml`); every view is checked
//! when it is made (its filter parses, its sort and columns are known), so opening one never
//! fails half-way. Pure.

use super::columns::{Column, parse_columns};
use super::filter::Filter;
use super::sort::{Sort, SortKey};
use serde::Deserialize;

/// The views that come with the program.
pub const SHIPPED_VIEWS_TOML: &str = include_str!("../../assets/views.toml");

/// One view, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct View {
    pub name: String,
    /// The filter expression as written (it parses: checked by [`View::new`]).
    pub filter: String,
    pub sort: Sort,
    /// `None`: the list's usual columns.
    pub columns: Option<Vec<Column>>,
}

/// Why a view could not be made or found: one line naming the view (and the file).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ViewError {
    #[error("view '{name}': {why}")]
    Bad { name: String, why: String },
    #[error("{file}: {why}")]
    File { file: String, why: String },
    #[error("no view named '{name}' — views are {known}")]
    NotFound { name: String, known: String },
}

impl View {
    /// A view from its parts as typed (`--filter`, `--sort`, `--reverse`, `--columns`).
    pub fn new(
        name: &str,
        filter: &str,
        sort: Option<&str>,
        reverse: bool,
        columns: Option<&str>,
    ) -> Result<View, ViewError> {
        let bad = |why: String| ViewError::Bad {
            name: name.trim().to_string(),
            why,
        };
        if name.trim().is_empty() {
            return Err(bad("a view needs a name".into()));
        }
        Filter::parse(filter).map_err(|e| bad(format!("filter: {e}")))?;
        let key = match sort {
            Some(s) => s
                .parse::<SortKey>()
                .map_err(|e| bad(format!("sort: {e}")))?,
            None => SortKey::Score,
        };
        let columns = columns
            .map(parse_columns)
            .transpose()
            .map_err(|e| bad(format!("columns: {e}")))?;
        Ok(View {
            name: name.trim().to_string(),
            filter: filter.trim().to_string(),
            sort: Sort { key, reverse },
            columns,
        })
    }

    /// The view's filter, with `more` terms (a `--filter` given beside `--view`) added: all
    /// must hold.
    pub fn filter_with(&self, more: Option<&str>) -> String {
        match more.map(str::trim).filter(|m| !m.is_empty()) {
            Some(more) => format!("{} {more}", self.filter),
            None => self.filter.clone(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ViewsFile {
    #[serde(default)]
    view: Vec<RawView>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawView {
    name: String,
    filter: String,
    sort: Option<String>,
    #[serde(default)]
    reverse: bool,
    columns: Option<String>,
}

/// The views of a TOML file of `[[view]]` tables; `file` names it in errors.
pub fn parse_views(file: &str, text: &str) -> Result<Vec<View>, ViewError> {
    let raw: ViewsFile = toml::from_str(text).map_err(|e| ViewError::File {
        file: file.to_string(),
        why: e.message().to_string(),
    })?;
    raw.view
        .iter()
        .map(|v| {
            View::new(
                &v.name,
                &v.filter,
                v.sort.as_deref(),
                v.reverse,
                v.columns.as_deref(),
            )
            .map_err(|e| ViewError::File {
                file: file.to_string(),
                why: e.to_string(),
            })
        })
        .collect()
}

/// The shipped views (checked by a test, so this cannot fail in a release).
pub fn shipped() -> Vec<View> {
    parse_views("assets/views.toml", SHIPPED_VIEWS_TOML).unwrap_or_default()
}

/// The view called `name` (case and surrounding space aside).
pub fn find<'v>(views: &'v [View], name: &str) -> Result<&'v View, ViewError> {
    let wanted = name.trim().to_lowercase();
    views
        .iter()
        .find(|v| v.name.to_lowercase() == wanted)
        .ok_or_else(|| ViewError::NotFound {
            name: name.trim().to_string(),
            known: views
                .iter()
                .map(|v| format!("'{}'", v.name))
                .collect::<Vec<_>>()
                .join(", "),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_views_are_valid_and_the_four_promised_ones() {
        let views = parse_views("assets/views.toml", SHIPPED_VIEWS_TOML).expect("valid");
        let names: Vec<&str> = views.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "No lawyer, critical",
                "Past statutory bail",
                "Hearings this week",
                "Juveniles in adult prisons"
            ]
        );
        assert_eq!(views, shipped());
        let week = find(&views, " hearings THIS week ").expect("found");
        assert_eq!(week.sort.key, SortKey::NextHearing);
        assert_eq!(
            week.filter_with(Some("court:karachi")),
            "hearing:7d court:karachi"
        );
    }

    #[test]
    fn a_bad_view_is_one_line_naming_it() {
        let cases: &[(&str, &str)] = &[
            (
                "[[view]]\nname = \"x\"\nfilter = \"cuort:a\"\n",
                "views.toml: view 'x': filter: unknown field 'cuort' — did you mean court?",
            ),
            (
                "[[view]]\nname = \"x\"\nfilter = \"\"\nsort = \"dayz\"\n",
                "views.toml: view 'x': sort: unknown sort key 'dayz'",
            ),
            (
                "[[view]]\nname = \"x\"\nfilter = \"\"\ncolumns = \"nmae\"\n",
                "views.toml: view 'x': columns: unknown column 'nmae' — did you mean name?",
            ),
            (
                "[[view]]\nname = \"x\"\nfliter = \"\"\n",
                "views.toml: unknown field",
            ),
        ];
        for (text, wanted) in cases {
            let e = parse_views("views.toml", text).expect_err(text).to_string();
            assert!(e.starts_with(wanted), "{e}");
        }
        let views = shipped();
        let e = find(&views, "nope").expect_err("none").to_string();
        assert!(
            e.starts_with("no view named 'nope' — views are 'No lawyer, critical'"),
            "{e}"
        );
    }
}
