//! `caseload stats`: the caseload at a glance (issue 15). Headline numbers over the people in
//! custody, one row per value with `--by`, counts safe to publish with `--anonymised`, and the
//! monthly trend from the history with `--trend monthly`. The numbers come from
//! `domain::stats`, `domain::disclosure` and `domain::trend`; this file reads the store and
//! prints. Text from the database is sanitised on the terminal and formula-guarded in CSV.

use super::population::{Population, parse_filter};
use super::{Settings, to_stdout};
use crate::domain::disclosure::{self, Threshold};
use crate::domain::stats::{self, Field, GroupRow, Headline};
use crate::domain::trend::{self, Trend};
use crate::domain::weights::Weights;
use crate::store::{OpenMode, Store};
use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;
use clap::ValueEnum;
use serde_json::json;
use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatsFormat {
    Table,
    Csv,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TrendPeriod {
    /// Per calendar month, the last 12 months
    Monthly,
}

/// What `caseload stats` was asked for.
#[derive(Debug, Clone, clap::Args)]
pub struct StatsRequest {
    /// Only the people this filter keeps (`court:lahore band:critical,high -has:lawyer`)
    #[arg(long, value_name = "EXPR")]
    pub filter: Option<String>,
    /// One row per value of prison, court, lawyer, police_station, district, law, gender,
    /// substance, band or stage; with --anonymised one or two fields (`prison,gender`)
    #[arg(long, value_name = "FIELD[,FIELD]")]
    pub by: Option<String>,
    #[arg(long, value_enum, default_value_t = StatsFormat::Table)]
    pub format: StatsFormat,
    /// Counts only, safe to publish: a count under the threshold is shown as <N, and more
    /// are hidden so that none can be worked out from the totals
    #[arg(long)]
    pub anonymised: bool,
    /// With --anonymised: the smallest count shown (never below 3)
    #[arg(
        long,
        value_name = "N",
        env = "CASELOAD_THRESHOLD",
        default_value_t = 5
    )]
    pub threshold: u64,
    /// Per calendar month over the last 12 months, from the audit trail and hearing dates
    #[arg(long, value_enum, value_name = "PERIOD")]
    pub trend: Option<TrendPeriod>,
}

/// Parses `--by`: one field, or with `--anonymised` up to two (`prison,gender`).
pub(super) fn parse_by(by: Option<&str>, at_most: usize) -> Result<Vec<Field>> {
    let Some(by) = by else {
        return Ok(Vec::new());
    };
    let fields = by
        .split(',')
        .map(|f| f.parse::<Field>().map_err(anyhow::Error::from))
        .collect::<Result<Vec<Field>>>()?;
    if fields.len() > at_most {
        bail!(
            "--by: '{}' names {} fields; at most {at_most} here{}",
            by.trim(),
            fields.len(),
            if at_most == 1 {
                " (two only with --anonymised)"
            } else {
                ""
            }
        );
    }
    if fields.len() == 2 && fields[0] == fields[1] {
        bail!("--by: '{}' names the same field twice", by.trim());
    }
    Ok(fields)
}

/// A threshold for suppression, or one line saying why not.
pub(super) fn threshold(n: u64) -> Result<Threshold> {
    Threshold::new(n).map_err(|e| anyhow!("--{e}"))
}

/// `caseload stats …`: checks every option before reading anything, then prints.
pub(super) fn run(context: &Settings, today: NaiveDate, request: StatsRequest) -> Result<()> {
    let filter = parse_filter(request.filter.as_deref())?;
    let fields = parse_by(
        request.by.as_deref(),
        if request.anonymised { 2 } else { 1 },
    )?;
    let threshold = threshold(request.threshold)?;
    if request.anonymised && fields.is_empty() && request.trend.is_none() {
        bail!("--anonymised: name what to count by, e.g. --by prison or --by prison,gender");
    }
    if request.anonymised {
        super::population::refuse_search_words(&filter)?;
    }
    if request.trend.is_some() && !fields.is_empty() {
        bail!("--trend: cannot be combined with --by");
    }
    let weights = context.weights()?;
    let store = context.open(OpenMode::MustExist)?;
    let scope = (&filter, request.filter.as_deref());
    if request.trend.is_some() {
        let trend = super::trend::load(&store, today, &weights, scope)?;
        return to_stdout(|out| {
            if request.anonymised {
                let table = super::trend::anonymised(&trend, threshold)?;
                print_anonymised(out, &table, today, request.format)
            } else {
                print_trend(out, &trend, request.format)
            }
        });
    }
    let population = Population::load(&store, today, &weights, &filter, &fields)?;
    // Counted straight from the read: at a million people a subject each was a pause.
    to_stdout(|out| match (request.anonymised, fields.as_slice()) {
        (true, [row, rest @ ..]) => {
            let people = population.subjects();
            let table = disclosure::anonymised(&people, *row, rest.first().copied(), threshold)?;
            print_anonymised(out, &table, today, request.format)
        }
        (_, [field, ..]) => {
            let rows = stats::group_by_of(&population, *field, today, &weights);
            print_rows(out, &rows, *field, today, request.format)
        }
        (_, []) => print_headline(
            out,
            &stats::headline_of(&population, today, &weights),
            request.format,
        ),
    })
}

/// The headline as (section, key, value) in the JSON's order; the section is the key of a
/// nested object (`custody_bands`), empty at the top level.
fn headline_pairs(h: &Headline) -> Vec<(&'static str, &'static str, i64)> {
    let n = |x: u64| i64::try_from(x).unwrap_or(i64::MAX);
    let mut pairs = vec![
        ("", "in_custody", n(h.in_custody)),
        ("", "pre_trial", n(h.pre_trial)),
        ("", "convicted", n(h.convicted)),
        ("", "women", n(h.women)),
        ("", "transgender", n(h.transgender)),
        ("", "juveniles", n(h.juveniles)),
        ("", "pregnant", n(h.pregnant)),
        ("", "with_children", n(h.with_children)),
        ("", "children_in_prison", n(h.children_in_prison)),
        ("", "sick", n(h.sick)),
        ("", "statutory_bail_due", n(h.statutory_bail_due)),
        ("", "statutory_bail_near", n(h.statutory_bail_near)),
        ("", "no_lawyer", n(h.no_lawyer)),
        ("", "no_hearing", n(h.no_hearing)),
        ("days_in_custody", "median", h.days_in_custody.median),
        ("days_in_custody", "p90", h.days_in_custody.p90),
        ("days_in_custody", "max", h.days_in_custody.max),
    ];
    for (name, count) in stats::CUSTODY_BAND_NAMES
        .iter()
        .zip(h.custody_bands.counts())
    {
        pairs.push(("custody_bands", name, n(count)));
    }
    let b = &h.bands;
    for (name, count) in [
        ("critical", b.critical),
        ("high", b.high),
        ("medium", b.medium),
        ("low", b.low),
    ] {
        pairs.push(("bands", name, n(count)));
    }
    pairs
}

fn print_headline(out: &mut impl Write, h: &Headline, format: StatsFormat) -> Result<()> {
    let pairs = headline_pairs(h);
    match format {
        StatsFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, h)?;
            writeln!(out)?;
        }
        StatsFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut *out);
            w.write_record(["measure", "value"])?;
            w.write_record(["as_of".to_string(), h.as_of.to_string()])?;
            for (section, key, value) in &pairs {
                let measure = match *section {
                    "" => key.to_string(),
                    s => format!("{s}.{key}"),
                };
                w.write_record([measure, value.to_string()])?;
            }
            w.flush()?;
        }
        StatsFormat::Table => headline_table(out, h, &pairs)?,
    }
    Ok(())
}

/// The headline for people: each count with its share of those in custody.
fn headline_table(out: &mut impl Write, h: &Headline, pairs: &[(&str, &str, i64)]) -> Result<()> {
    writeln!(out, "People in custody as of {}: {}", h.as_of, h.in_custody)?;
    if h.in_custody == 0 {
        writeln!(out, "Nobody is in custody: there is nothing to count.")?;
        return Ok(());
    }
    let of = i64::try_from(h.in_custody).unwrap_or(i64::MAX);
    let mut section = "";
    for (group, name, value) in pairs.iter().skip(1) {
        if *group != section {
            section = group;
            let title = match *group {
                "days_in_custody" => "Days in custody",
                "custody_bands" => "Time in custody (calendar months from arrest)",
                _ => "Urgency bands",
            };
            writeln!(out, "{title}")?;
        }
        let share = match *group {
            "days_in_custody" => String::new(),
            _ => format!("  {:>3}%", (value * 100 + of / 2) / of),
        };
        writeln!(out, "  {:<22} {value:>8}{share}", name.replace('_', " "))?;
    }
    Ok(())
}

/// The columns of a `--by` row, after the value.
const ROW_COLUMNS: [&str; 7] = [
    "in_custody",
    "pre_trial",
    "women",
    "juveniles",
    "statutory_bail_due",
    "no_lawyer",
    "median_days",
];

fn row_numbers(r: &GroupRow) -> Vec<String> {
    r.numbers().iter().map(i64::to_string).collect()
}

fn print_rows(
    out: &mut impl Write,
    rows: &[GroupRow],
    field: Field,
    today: NaiveDate,
    format: StatsFormat,
) -> Result<()> {
    match format {
        StatsFormat::Json => {
            let value = json!({"as_of": today, "by": field.code(), "rows": rows});
            serde_json::to_writer_pretty(&mut *out, &value)?;
            writeln!(out)?;
        }
        StatsFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut *out);
            w.write_record(std::iter::once(field.code()).chain(ROW_COLUMNS))?;
            for r in rows {
                let label = super::list::csv_cell(r.label(), on_terminal());
                w.write_record(std::iter::once(label).chain(row_numbers(r)))?;
            }
            w.flush()?;
        }
        StatsFormat::Table => {
            let lines: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    std::iter::once(r.label().to_string())
                        .chain(row_numbers(r))
                        .collect()
                })
                .collect();
            let header: Vec<String> = std::iter::once(field.code())
                .chain(ROW_COLUMNS)
                .map(|h| h.replace('_', " ").to_uppercase())
                .collect();
            if rows.is_empty() {
                writeln!(out, "Nobody is in custody: there is nothing to count.")?;
            } else {
                aligned(out, &header, &lines)?;
            }
        }
    }
    Ok(())
}

fn on_terminal() -> bool {
    std::io::IsTerminal::is_terminal(&std::io::stdout())
}

/// A table with its first column left-aligned (clipped at 32 cells) and numbers right-aligned.
fn aligned(out: &mut impl Write, header: &[String], lines: &[Vec<String>]) -> Result<()> {
    use crate::domain::text::{cell, width};
    let label_width = lines
        .iter()
        .chain([&header.to_vec()])
        .map(|l| l.first().map_or(0, |s| width(s)))
        .max()
        .unwrap_or(0)
        .min(32);
    let widths: Vec<usize> = (1..header.len())
        .map(|c| {
            lines
                .iter()
                .chain([&header.to_vec()])
                .map(|l| l.get(c).map_or(0, |s| width(s)))
                .max()
                .unwrap_or(0)
        })
        .collect();
    for line in std::iter::once(&header.to_vec()).chain(lines) {
        let mut text = cell(line.first().map_or("", |s| s.as_str()), label_width);
        for (c, w) in widths.iter().enumerate() {
            let value = line.get(c + 1).map_or("", |s| s.as_str());
            text.push_str(&format!("  {value:>w$}"));
        }
        writeln!(out, "{}", text.trim_end())?;
    }
    Ok(())
}

/// What `<N` means: secondary suppression hides counts of any size behind the same mark, so
/// the mark must not claim that every hidden count is small.
pub(super) fn legend(threshold: u64) -> String {
    format!(
        "<{threshold} marks a count under {threshold}, or a count hidden with it so that none \
         can be worked out from the totals."
    )
}

/// An anonymised table: counts only, the month at most (never a day).
pub(super) fn print_anonymised(
    out: &mut impl Write,
    table: &disclosure::Table,
    today: NaiveDate,
    format: StatsFormat,
) -> Result<()> {
    let month = trend::YearMonth::of(today).to_string();
    match format {
        StatsFormat::Json => {
            let mut value = table.to_json();
            value["as_of_month"] = json!(month);
            value["note"] = json!(legend(table.threshold));
            serde_json::to_writer_pretty(&mut *out, &value)?;
            writeln!(out)?;
        }
        StatsFormat::Csv => {
            let text = table.to_csv()?;
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(text.as_bytes());
            let mut w = csv::Writer::from_writer(&mut *out);
            for record in reader.records() {
                let record = record?;
                let guarded = record
                    .iter()
                    .map(|c| super::list::csv_cell(c, on_terminal()));
                w.write_record(guarded)?;
            }
            w.flush()?;
        }
        StatsFormat::Table => {
            writeln!(
                out,
                "Counts of people in custody, {month}. {}",
                legend(table.threshold)
            )?;
            let text = table.to_csv()?;
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(text.as_bytes());
            let mut lines = Vec::new();
            for record in reader.records() {
                lines.push(record?.iter().map(String::from).collect::<Vec<_>>());
            }
            if let Some((header, rows)) = lines.split_first() {
                aligned(out, header, rows)?;
            }
        }
    }
    Ok(())
}

fn print_trend(out: &mut impl Write, trend: &Trend, format: StatsFormat) -> Result<()> {
    let columns = [
        "month",
        "added",
        "released",
        "hearings",
        "adjournments",
        "median_days_released",
    ];
    let lines: Vec<Vec<String>> = trend
        .months
        .iter()
        .map(|m| {
            vec![
                m.month.to_string(),
                m.added.to_string(),
                m.released.to_string(),
                m.hearings.to_string(),
                m.adjournments.to_string(),
                m.median_days_released
                    .map_or_else(String::new, |d| d.to_string()),
            ]
        })
        .collect();
    match format {
        StatsFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, trend)?;
            writeln!(out)?;
        }
        StatsFormat::Csv => {
            if let Some(why) = &trend.too_short {
                super::say::err(format_args!("caseload: {why}"));
            }
            let mut w = csv::Writer::from_writer(&mut *out);
            w.write_record(columns)?;
            for line in &lines {
                w.write_record(line)?;
            }
            w.flush()?;
        }
        StatsFormat::Table => {
            if let Some(why) = &trend.too_short {
                writeln!(out, "{why}")?;
            }
            let header: Vec<String> = columns
                .iter()
                .map(|c| c.replace('_', " ").to_uppercase())
                .collect();
            aligned(out, &header, &lines)?;
        }
    }
    Ok(())
}

/// Reads the people a command counts (used by the report too).
pub(super) fn population(
    store: &Store,
    today: NaiveDate,
    weights: &Weights,
    filter: Option<&str>,
    fields: &[Field],
) -> Result<Population> {
    let parsed = parse_filter(filter)?;
    Population::load(store, today, weights, &parsed, fields)
}
