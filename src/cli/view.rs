//! Saved views on the command line: `caseload view save|delete|list`, and `--view NAME` on
//! `list` and `export`, which opens a view's filter, sort and columns (options given beside it
//! win; a `--filter` beside it adds terms). Views saved in the database (shared by the clinic,
//! audited) come first; the shipped ones (`assets/views.toml`) fill in the names not saved.

use super::list::{parse_filter, parse_sort};
use super::{Settings, say};
use crate::domain::columns::{Column, columns_text, parse_columns};
use crate::domain::sort::Sort;
use crate::domain::text::sanitize;
use crate::domain::views::{View, find};
use crate::store::{OpenMode, Store};
use anyhow::{Result, anyhow};
use std::io::Write;

/// `--view`, `--filter`, `--sort`, `--reverse` and `--columns` as given.
#[derive(Debug, Clone, Default)]
pub struct Asked {
    pub view: Option<String>,
    pub filter: Option<String>,
    pub sort: Option<String>,
    pub reverse: bool,
    pub columns: Option<String>,
}

impl Asked {
    pub(super) fn new(view: Option<String>, filter: Option<String>, shape: super::Shape) -> Asked {
        Asked {
            view,
            filter,
            sort: shape.sort,
            reverse: shape.reverse,
            columns: shape.columns,
        }
    }
}

/// Opens the database and puts the options together. Without `--view` every option is
/// checked before the file is opened (a typo costs no passphrase prompt).
pub(super) fn open_and_choose(context: &Settings, asked: &Asked) -> Result<(Store, Chosen)> {
    if asked.view.is_none() {
        let chosen = choose(asked, &[])?;
        parse_filter(chosen.filter.as_deref())?;
        return Ok((context.open(OpenMode::MustExist)?, chosen));
    }
    let store = context.open(OpenMode::MustExist)?;
    let views = all_views(&store)?;
    let chosen = choose(asked, &views)?;
    Ok((store, chosen))
}

/// The saved views, then each shipped one whose name is not saved.
pub fn all_views(store: &Store) -> Result<Vec<View>> {
    Ok(store.all_views()?)
}

/// What a list or export shows once `--view` and the options beside it are put together.
#[derive(Debug, Clone, PartialEq)]
pub struct Chosen {
    pub filter: Option<String>,
    pub sort: Sort,
    pub columns: Option<Vec<Column>>,
}

/// `asked` as one choice; `views` are those `--view` may name.
pub fn choose(asked: &Asked, views: &[View]) -> Result<Chosen> {
    let columns = asked
        .columns
        .as_deref()
        .map(parse_columns)
        .transpose()
        .map_err(|why| anyhow!("--columns: {why}"))?;
    let (sort, reverse) = (asked.sort.as_deref(), asked.reverse);
    let Some(name) = asked.view.as_deref() else {
        return Ok(Chosen {
            filter: asked.filter.clone(),
            sort: parse_sort(sort, reverse)?,
            columns,
        });
    };
    let view = find(views, name).map_err(|why| anyhow!("--view: {why}"))?;
    let sort = match sort {
        Some(_) => parse_sort(sort, reverse)?,
        None => Sort {
            reverse: view.sort.reverse != reverse,
            ..view.sort
        },
    };
    Ok(Chosen {
        filter: Some(view.filter_with(asked.filter.as_deref())),
        sort,
        columns: columns.or_else(|| view.columns.clone()),
    })
}

/// `caseload view save NAME …`: checked, then saved for everyone (audited).
/// `caseload view list|save|delete`.
pub(super) fn run(context: &Settings, action: super::ViewAction) -> Result<()> {
    match action {
        super::ViewAction::List => super::to_stdout(|out| list(context, out)),
        super::ViewAction::Delete { name } => delete(context, &name),
        super::ViewAction::Save {
            name,
            filter,
            shape,
        } => save(context, &name, &Asked::new(None, Some(filter), shape)),
    }
}

pub(super) fn save(context: &Settings, name: &str, asked: &Asked) -> Result<()> {
    let view = View::new(
        name,
        asked.filter.as_deref().unwrap_or(""),
        asked.sort.as_deref(),
        asked.reverse,
        asked.columns.as_deref(),
    )?;
    let mut store = context.open(OpenMode::MustExist)?;
    store.save_view(&view)?;
    say::out(format_args!("saved view '{}'", view.name));
    Ok(())
}

/// `caseload view delete NAME`.
pub(super) fn delete(context: &Settings, name: &str) -> Result<()> {
    let mut store = context.open(OpenMode::MustExist)?;
    if !store.delete_view(name)? {
        let views = store.views()?;
        let known = if views.is_empty() {
            "no view is saved".to_string()
        } else {
            let names: Vec<String> = views.iter().map(|v| format!("'{}'", v.name)).collect();
            format!("saved views are {}", names.join(", "))
        };
        return Err(anyhow!(
            "no saved view named '{}' — {known} (shipped views cannot be deleted)",
            name.trim()
        ));
    }
    say::out(format_args!("deleted view '{}'", name.trim()));
    Ok(())
}

/// `caseload view list`: every view, its filter, sort and columns; saved ones first.
pub(super) fn list(context: &Settings, out: &mut impl Write) -> Result<()> {
    let store = context.open(OpenMode::MustExist)?;
    let saved = store.views()?;
    for v in all_views(&store)? {
        let marker = if find(&saved, &v.name).is_ok() {
            "saved"
        } else {
            "shipped"
        };
        let [name, options] = lines(&v);
        writeln!(out, "{}", sanitize(&name))?;
        writeln!(out, "{}  ({marker})", sanitize(&options))?;
    }
    Ok(())
}

/// The view's name, then the options it stands for, indented.
fn lines(v: &View) -> [String; 2] {
    let reverse = if v.sort.reverse { " --reverse" } else { "" };
    let columns = v
        .columns
        .as_deref()
        .map(|c| format!(" --columns {}", columns_text(c)))
        .unwrap_or_default();
    [
        v.name.clone(),
        format!(
            "  --filter \"{}\" --sort {}{reverse}{columns}",
            v.filter, v.sort.key
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sort::SortKey;
    use crate::domain::views::shipped;

    fn asked(view: Option<&str>, filter: Option<&str>, sort: Option<&str>) -> Asked {
        Asked {
            view: view.map(String::from),
            filter: filter.map(String::from),
            sort: sort.map(String::from),
            ..Asked::default()
        }
    }

    #[test]
    fn options_beside_a_view_win_and_a_filter_adds_terms() {
        let views = shipped();
        let mut plain = asked(None, Some("band:high"), Some("name"));
        plain.reverse = true;
        let plain = choose(&plain, &views).expect("ok");
        assert_eq!(plain.filter.as_deref(), Some("band:high"));
        assert_eq!(
            plain.sort,
            Sort {
                key: SortKey::Name,
                reverse: true
            }
        );
        let week = choose(&asked(Some("hearings this week"), None, None), &views).expect("ok");
        assert_eq!(week.filter.as_deref(), Some("hearing:7d"));
        assert_eq!(week.sort.key, SortKey::NextHearing);
        assert!(week.columns.is_some());
        let mut mine = asked(
            Some("Hearings this week"),
            Some("court:karachi"),
            Some("days"),
        );
        mine.columns = Some("name".into());
        let mine = choose(&mine, &views).expect("ok");
        assert_eq!(mine.filter.as_deref(), Some("hearing:7d court:karachi"));
        assert_eq!(mine.sort.key, SortKey::Days);
        assert_eq!(mine.columns, Some(vec![Column::Name]));
        let mut flipped = asked(Some("Hearings this week"), None, None);
        flipped.reverse = true;
        assert!(choose(&flipped, &views).expect("ok").sort.reverse);
        let e = choose(&asked(Some("unknown"), None, None), &views).expect_err("no such view");
        assert!(
            e.to_string().starts_with("--view: no view named 'unknown'"),
            "{e}"
        );
    }
}
