//! `caseload list`: the ranked list as a table, CSV or JSON, narrowed by `--filter` (the filter
//! language of `domain::filter`) and `--search`, sorted by `--sort` (the urgency rank is always
//! shown), in the `--columns` chosen. Untrusted text is sanitised here, where it leaves for the
//! terminal; piped CSV keeps the data as stored (formula-guarded).

use super::{ListFormat, Settings, to_stdout};
use crate::domain::columns::{Align, Cell, Column, Row};
use crate::domain::filter::{Context, Filter, Keeper};
use crate::domain::model::Record;
use crate::domain::selection::select;
use crate::domain::sort::{Sort, SortKey};
use crate::domain::text::{cell, clip, sanitize, width};
use crate::domain::triage::{rank_by_parallel, rank_kept, score};
use crate::domain::weights::Weights;
use crate::store::Store;
use anyhow::{Result, anyhow};
use chrono::NaiveDate;
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::io::Write;

/// What `caseload list` was asked for.
#[derive(Debug, Clone)]
pub struct ListOptions {
    pub format: ListFormat,
    pub limit: Option<usize>,
    pub search: Option<String>,
    /// The `--filter` expression as typed (shown in the summary line).
    pub filter: Option<String>,
    pub sort: Sort,
    /// `None`: the format's usual columns.
    pub columns: Option<Vec<Column>>,
    /// The saved view opened, if any (named in the summary line).
    pub view: Option<String>,
}

/// `caseload list`: the options (and `--view`) put together, then the list.
pub(super) fn run_list(
    context: &Settings,
    today: NaiveDate,
    (format, limit, search): (ListFormat, Option<usize>, Option<String>),
    asked: &super::view::Asked,
) -> Result<()> {
    let weights = context.weights()?;
    let (store, chosen) = super::view::open_and_choose(context, asked)?;
    let filter = parse_filter(chosen.filter.as_deref())?;
    let options = ListOptions {
        format,
        limit,
        search,
        filter: chosen.filter,
        sort: chosen.sort,
        columns: chosen.columns,
        view: asked.view.clone(),
    };
    let me = store.staff_name(store.actor())?;
    let cx = (today, me.as_deref());
    to_stdout(|out| list(out, &store, cx, &weights, &options, filter.as_ref()))
}

/// `--filter EXPR` parsed, its error as the one line that names the term.
pub fn parse_filter(expr: Option<&str>) -> Result<Option<Filter>> {
    expr.map(|e| Filter::parse(e).map_err(|why| anyhow!("--filter: {why}")))
        .transpose()
}

/// How many full records are read at a time while printing: memory stays small however many
/// people are printed.
const CHUNK: usize = 512;

/// Who is listed: `(rank, id)` in the order printed, and how many matched of how many ranked.
struct Listing {
    order: Vec<(usize, i64)>,
    matched: usize,
    ranked: usize,
}

/// Prints people in custody, most urgent first (or by `--sort`), narrowed by the filter and
/// search and cut to `--limit`. Without search words or a sort, everyone is ranked from their
/// facts and the places the filter names (no names held); with them, from the compact roster.
/// Either way the full records are read only for the people printed, a chunk at a time.
pub fn list(
    out: &mut impl Write,
    store: &Store,
    (today, me): (NaiveDate, Option<&str>),
    weights: &Weights,
    options: &ListOptions,
    filter: Option<&Filter>,
) -> Result<()> {
    let words = filter.is_some_and(|f| !f.search.is_empty()) || options.search.is_some();
    let listing = if words || options.sort != Sort::default() {
        // Search words go by the roster: names are matched on their name keys, and the
        // name-key matches listed first. Sorting by name or prison reads names too.
        by_roster(store, (today, me), weights, options, filter)?
    } else {
        by_facts(store, (today, me), weights, options, filter)?
    };
    let format = options.format;
    let columns = options.columns.clone().unwrap_or_else(|| match format {
        ListFormat::Table => Column::TABLE.to_vec(),
        ListFormat::Csv | ListFormat::Json => Column::DATA.to_vec(),
    });
    let narrowed = options.filter.is_some() || options.search.is_some() || options.view.is_some();
    if format == ListFormat::Table && (narrowed || options.sort != Sort::default()) {
        writeln!(out, "{}", sanitize(&summary(&listing, options)))?;
    }
    let shown = listing.order.chunks(CHUNK).flat_map(|chunk| {
        let ids: Vec<i64> = chunk.iter().map(|&(_, id)| id).collect();
        match store.get_many(&ids) {
            Ok(records) => {
                let mut by_id: HashMap<i64, Record> =
                    records.into_iter().map(|r| (r.detainee.id, r)).collect();
                chunk
                    .iter()
                    .filter_map(|(rank, id)| Some(Ok((*rank, by_id.remove(id)?))))
                    .collect::<Vec<_>>()
            }
            Err(e) => vec![Err(e.into())],
        }
    });
    print(out, shown, today, weights, format, &columns)
}

/// "12 of 3400 in custody · filter: court:multan · sort: days".
fn summary(listing: &Listing, options: &ListOptions) -> String {
    let mut line = format!("{} of {} in custody", listing.matched, listing.ranked);
    if let Some(v) = &options.view {
        line.push_str(&format!(" · view: {}", v.trim()));
    }
    if listing.order.len() < listing.matched {
        line.push_str(&format!(" (first {} shown)", listing.order.len()));
    }
    if let Some(f) = &options.filter {
        line.push_str(&format!(" · filter: {}", f.trim()));
    }
    if let Some(s) = &options.search {
        line.push_str(&format!(" · search: {}", s.trim()));
    }
    if options.sort != Sort::default() {
        let reverse = if options.sort.reverse {
            " reversed"
        } else {
            ""
        };
        line.push_str(&format!(" · sort: {}{reverse}", options.sort.key));
    }
    line
}

/// The rank order from facts alone, narrowed by the filter's terms on the places they name:
/// no names are read, and only the people kept are sorted, so a filtered list costs no more
/// than the whole list.
fn by_facts(
    store: &Store,
    (today, me): (NaiveDate, Option<&str>),
    weights: &Weights,
    options: &ListOptions,
    filter: Option<&Filter>,
) -> Result<Listing> {
    let everyone = Filter::default();
    let filter = filter.unwrap_or(&everyone);
    let facts = store.load_facts_and_places(today, filter.places_read())?;
    let limit = options.limit.unwrap_or(usize::MAX);
    let id_of = |index: usize| facts.id(index);
    if filter.is_empty() {
        let ranked = rank_by_parallel(facts.len(), |i| facts.get(i), today, weights);
        let order = ranked.iter().take(limit).enumerate();
        return Ok(Listing {
            order: order
                .filter_map(|(p, r)| Some((p + 1, id_of(r.index)?)))
                .collect(),
            matched: ranked.len(),
            ranked: ranked.len(),
        });
    }
    // Only the kept are sorted, each with their rank among everyone.
    let cx = Context { today, weights, me };
    let ranks = rank_kept(
        facts.len(),
        |i| facts.get(i),
        || Keeper::new(&facts, filter, &cx),
        today,
        weights,
    );
    let order = ranks.kept.iter().take(limit);
    Ok(Listing {
        order: order
            .filter_map(|&(p, r)| Some((p + 1, id_of(r.index)?)))
            .collect(),
        matched: ranks.kept.len(),
        ranked: ranks.in_custody,
    })
}

/// The roster ranked, filtered, searched and sorted by [`select`].
fn by_roster(
    store: &Store,
    (today, me): (NaiveDate, Option<&str>),
    weights: &Weights,
    options: &ListOptions,
    filter: Option<&Filter>,
) -> Result<Listing> {
    let roster = store.load_roster(today)?;
    let ranked = roster.rank(today, weights);
    let cx = Context { today, weights, me };
    let everyone = Filter::default();
    let searches: Vec<&str> = options.search.as_deref().into_iter().collect();
    let positions = select(
        &roster,
        &ranked,
        filter.unwrap_or(&everyone),
        &searches,
        options.sort,
        &cx,
    );
    let order = positions
        .iter()
        .take(options.limit.unwrap_or(usize::MAX))
        .filter_map(|&p| Some((p + 1, roster.entry(ranked.get(p)?.index)?.id)))
        .collect();
    Ok(Listing {
        order,
        matched: positions.len(),
        ranked: ranked.len(),
    })
}

/// Prints `(rank, record)` pairs in the list's format and columns.
fn print(
    out: &mut impl Write,
    shown: impl Iterator<Item = Result<(usize, Record)>>,
    today: NaiveDate,
    weights: &Weights,
    format: ListFormat,
    columns: &[Column],
) -> Result<()> {
    let rows = shown.map(|row| -> Result<(usize, Vec<Cell>)> {
        let (rank, record) = row?;
        let urgency = score(&record, today, weights);
        let row = Row {
            record: &record,
            urgency: &urgency,
            today,
        };
        Ok((rank, columns.iter().map(|c| c.value(&row)).collect()))
    });
    match format {
        ListFormat::Table => {
            writeln!(out, "{}", table_header(columns))?;
            for row in rows {
                let (rank, cells) = row?;
                writeln!(out, "{}", table_line(rank, columns, &cells))?;
            }
        }
        ListFormat::Csv => {
            // Piped into a file, the CSV keeps the data as stored; shown on a terminal, its
            // text is sanitised like every other line (a name may carry escape sequences).
            let on_terminal = std::io::IsTerminal::is_terminal(&std::io::stdout());
            let mut w = ::csv::Writer::from_writer(&mut *out);
            w.write_record(std::iter::once("rank").chain(columns.iter().map(|c| c.key())))?;
            for row in rows {
                let (rank, cells) = row?;
                let texts = cells.iter().map(|c| csv_text(c, on_terminal));
                w.write_record(std::iter::once(rank.to_string()).chain(texts))?;
            }
            w.flush()?;
        }
        ListFormat::Json => {
            let mut json = Vec::new();
            for row in rows {
                let (rank, cells) = row?;
                json.push(json_row(rank, columns, &cells));
            }
            serde_json::to_writer_pretty(&mut *out, &json)?;
            writeln!(out)?;
        }
    }
    Ok(())
}

/// The table's heading line: RANK, then each column.
fn table_header(columns: &[Column]) -> String {
    let headings = columns.iter().map(|&c| c.heading().to_string());
    joined_line("RANK", columns, headings)
}

fn table_line(rank: usize, columns: &[Column], cells: &[Cell]) -> String {
    let texts = cells.iter().map(|c| match c {
        Cell::Text(t) => t.clone().unwrap_or_else(|| "-".to_string()),
        Cell::Number(n) => n.map_or_else(|| "-".to_string(), |n| n.to_string()),
        Cell::Date(d) => d.map_or_else(|| "none".to_string(), |d| d.to_string()),
        Cell::Band(b) => b.shout().to_string(),
    });
    joined_line(&rank.to_string(), columns, texts)
}

/// Rank (5 wide, right) then each column in its width, two spaces apart; the last column
/// without a width takes the rest of the line. Every text is sanitised by `clip`.
fn joined_line(rank: &str, columns: &[Column], texts: impl Iterator<Item = String>) -> String {
    let mut line = format!("{rank:>5}");
    for (at, (column, text)) in columns.iter().zip(texts).enumerate() {
        line.push_str(if at == 0 { " " } else { "  " });
        let last = at + 1 == columns.len();
        // A free-width column that is not last gets a width so the next column lines up.
        let cells = column.width().or((!last).then_some(40));
        match (cells, column.align()) {
            (None, _) => line.push_str(&sanitize(&text)),
            (Some(n), Align::Left) => line.push_str(&cell(&text, n)),
            (Some(n), Align::Right) => {
                let clipped = clip(&text, n);
                let pad = n.saturating_sub(width(&clipped));
                line.extend(std::iter::repeat_n(' ', pad));
                line.push_str(&clipped);
            }
        }
    }
    line.trim_end().to_string()
}

fn csv_text(c: &Cell, on_terminal: bool) -> String {
    match c {
        Cell::Text(t) => csv_cell(t.as_deref().unwrap_or(""), on_terminal),
        Cell::Number(n) => n.map(|n| n.to_string()).unwrap_or_default(),
        Cell::Date(d) => d.map(|d| d.to_string()).unwrap_or_default(),
        Cell::Band(b) => b.code().to_string(),
    }
}

fn json_row(rank: usize, columns: &[Column], cells: &[Cell]) -> Value {
    let mut map = Map::new();
    map.insert("rank".into(), json!(rank));
    for (column, c) in columns.iter().zip(cells) {
        let value = match c {
            Cell::Text(t) => json!(t),
            Cell::Number(n) => json!(n),
            Cell::Date(d) => json!(d),
            Cell::Band(b) => json!(b),
        };
        map.insert(column.key().into(), value);
    }
    Value::Object(map)
}

/// One text cell of the CSV list: formula-guarded always, sanitised when shown on a terminal.
pub(super) fn csv_cell(text: &str, on_terminal: bool) -> String {
    let guard = crate::domain::records_csv::formula_guard;
    if on_terminal {
        guard(&sanitize(text))
    } else {
        guard(text)
    }
}

/// `--sort KEY` with `--reverse`.
pub fn parse_sort(key: Option<&str>, reverse: bool) -> Result<Sort> {
    let key = match key {
        Some(k) => k.parse::<SortKey>().map_err(|e| anyhow!("--sort: {e}"))?,
        None => SortKey::Score,
    };
    Ok(Sort { key, reverse })
}

#[cfg(test)]
mod tests {
    use super::csv_cell;

    #[test]
    fn a_csv_cell_shown_on_a_terminal_carries_no_escape_sequence() {
        let hostile = "Ali\u{1b}]0;pwned\u{7}\u{1b}[2J";
        let shown = csv_cell(hostile, true);
        assert!(
            !shown.contains('\u{1b}') && !shown.contains('\u{7}'),
            "{shown:?}"
        );
        assert!(shown.starts_with("Ali"), "{shown:?}");
        assert_eq!(
            csv_cell(hostile, false),
            hostile,
            "a file keeps the data as stored"
        );
        assert_eq!(csv_cell("=1+1", true), "'=1+1");
    }
}
