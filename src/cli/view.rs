//! Saved views on the command line: `caseload view list`, and `--view NAME` on `list` and
//! `export`, which opens a view's filter, sort and columns (options given beside it win; a
//! `--filter` beside it adds terms). The views are the shipped ones (`assets/views.toml`);
//! views the clinic saves in the database come with the store's views table.

use super::list::parse_sort;
use crate::domain::columns::{Column, columns_text, parse_columns};
use crate::domain::sort::Sort;
use crate::domain::text::sanitize;
use crate::domain::views::{View, find, shipped};
use anyhow::{Result, anyhow};
use std::io::Write;

/// What a list or export shows once `--view` and the options beside it are put together.
#[derive(Debug, Clone, PartialEq)]
pub struct Chosen {
    pub filter: Option<String>,
    pub sort: Sort,
    pub columns: Option<Vec<Column>>,
}

/// `--view`, `--filter`, `--sort`/`--reverse` and `--columns` as one choice.
pub fn choose(
    view: Option<&str>,
    filter: Option<String>,
    sort: Option<&str>,
    reverse: bool,
    columns: Option<&str>,
) -> Result<Chosen> {
    let columns = columns
        .map(parse_columns)
        .transpose()
        .map_err(|why| anyhow!("--columns: {why}"))?;
    let Some(name) = view else {
        return Ok(Chosen {
            filter,
            sort: parse_sort(sort, reverse)?,
            columns,
        });
    };
    let views = shipped();
    let view = find(&views, name).map_err(|why| anyhow!("--view: {why}"))?;
    let sort = match sort {
        Some(_) => parse_sort(sort, reverse)?,
        None => Sort {
            reverse: view.sort.reverse != reverse,
            ..view.sort
        },
    };
    Ok(Chosen {
        filter: Some(view.filter_with(filter.as_deref())),
        sort,
        columns: columns.or_else(|| view.columns.clone()),
    })
}

/// `caseload view list`: every view, its filter, sort and columns.
pub fn list(out: &mut impl Write) -> Result<()> {
    for v in shipped() {
        for line in lines(&v) {
            writeln!(out, "{}", sanitize(&line))?;
        }
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

    #[test]
    fn options_beside_a_view_win_and_a_filter_adds_terms() {
        let plain = choose(None, Some("band:high".into()), Some("name"), true, None).expect("ok");
        assert_eq!(plain.filter.as_deref(), Some("band:high"));
        assert_eq!(
            plain.sort,
            Sort {
                key: SortKey::Name,
                reverse: true
            }
        );
        let week = choose(Some("hearings this week"), None, None, false, None).expect("ok");
        assert_eq!(week.filter.as_deref(), Some("hearing:7d"));
        assert_eq!(week.sort.key, SortKey::NextHearing);
        assert!(week.columns.is_some());
        let mine = choose(
            Some("Hearings this week"),
            Some("court:karachi".into()),
            Some("days"),
            false,
            Some("name"),
        )
        .expect("ok");
        assert_eq!(mine.filter.as_deref(), Some("hearing:7d court:karachi"));
        assert_eq!(mine.sort.key, SortKey::Days);
        assert_eq!(mine.columns, Some(vec![Column::Name]));
        let flipped = choose(Some("Hearings this week"), None, None, true, None).expect("ok");
        assert!(flipped.sort.reverse);
        let e = choose(Some("unknown"), None, None, false, None).expect_err("no such view");
        assert!(
            e.to_string().starts_with("--view: no view named 'unknown'"),
            "{e}"
        );
    }
}
