//! The statistics report of issue 15 §5: one document with the headline numbers, the
//! custody-band chart, the by-prison and by-court tables and the trend, drawn as HTML with SVG
//! charts ([`html`]) or as a PDF with vector charts ([`pdf`]). [`StatsReport::full`] builds it
//! from the counts; [`StatsReport::anonymised`] only from suppressed tables (no cell under the
//! threshold, months at most). Pure: the renderers are functions of a [`StatsReport`].

mod html;
mod pdf;

pub use html::html;
pub use pdf::pdf;

use super::disclosure::{self, Cell, DisclosureError, Table, Threshold};
use super::stats::{self, CUSTODY_BAND_NAMES, Field, GroupRow, Subject};
use super::trend::{Trend, YearMonth};
use super::weights::Weights;
use chrono::NaiveDate;

/// One number as printed: a count, or a hidden one (`<5`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown {
    Count(u64),
    Hidden(String),
}

impl Shown {
    fn of(table: &Table, cell: Cell) -> Shown {
        match cell {
            Cell::Count(n) => Shown::Count(n),
            Cell::Suppressed => Shown::Hidden(table.show(cell)),
        }
    }

    /// The text printed for it.
    pub fn text(&self) -> String {
        match self {
            Shown::Count(n) => n.to_string(),
            Shown::Hidden(s) => s.clone(),
        }
    }

    /// The length of its bar (a hidden count draws none).
    pub fn count(&self) -> u64 {
        match self {
            Shown::Count(n) => *n,
            Shown::Hidden(_) => 0,
        }
    }
}

/// A horizontal bar chart, each bar with its number printed beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    pub title: String,
    pub bars: Vec<(String, Shown)>,
}

impl Chart {
    /// The largest count (at least 1): the full length of a bar.
    pub fn longest(&self) -> u64 {
        self.bars
            .iter()
            .map(|(_, v)| v.count())
            .max()
            .unwrap_or(0)
            .max(1)
    }
}

/// A table: a header, rows whose first cell is a label and the rest numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub title: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// A line under the title (how the table was made, what was left out).
    pub note: Option<String>,
}

/// The trend: months and, per measure, one number a month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrendPart {
    /// Said instead of the chart when the history is too short.
    pub too_short: Option<String>,
    pub months: Vec<String>,
    /// (measure, one number per month): the first two are charted, all are tabled.
    pub series: Vec<(String, Vec<Shown>)>,
}

impl TrendPart {
    /// The largest count of the two charted measures (at least 1).
    pub fn longest(&self) -> u64 {
        self.series
            .iter()
            .take(2)
            .flat_map(|(_, v)| v.iter().map(Shown::count))
            .max()
            .unwrap_or(0)
            .max(1)
    }
}

/// Everything the report shows, ready to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatsReport {
    pub title: String,
    /// The day (full report) or the month (anonymised) the numbers are for.
    pub as_of: String,
    /// The filter the people were chosen by, when there was one.
    pub scope: Option<String>,
    /// "Anonymised: …" or "Confidential: …", printed under the title.
    pub notice: String,
    pub headline: Vec<(String, Shown)>,
    pub custody_bands: Chart,
    pub tables: Vec<Block>,
    pub trend: TrendPart,
}

/// The by-prison and by-court tables show this many rows; the rest are summed in one line.
pub const TOP_ROWS: usize = 25;

fn percent(n: u64, of: u64) -> String {
    if of == 0 {
        return String::new();
    }
    format!("{}%", (n * 100 + of / 2) / of)
}

impl StatsReport {
    /// The clinic's own report: every count, people chosen by `scope`.
    pub fn full(
        people: &[Subject],
        today: NaiveDate,
        weights: &Weights,
        trend: &Trend,
        scope: Option<&str>,
    ) -> StatsReport {
        let h = stats::headline(people, today, weights);
        let of = |n: u64| Shown::Count(n);
        let headline = vec![
            ("People in custody".to_string(), of(h.in_custody)),
            (
                format!("Pre-trial {}", percent(h.pre_trial, h.in_custody)),
                of(h.pre_trial),
            ),
            ("Convicted".into(), of(h.convicted)),
            (
                format!("Women {}", percent(h.women, h.in_custody)),
                of(h.women),
            ),
            ("Transgender".into(), of(h.transgender)),
            ("Juveniles".into(), of(h.juveniles)),
            ("Pregnant".into(), of(h.pregnant)),
            ("Children living in prison".into(), of(h.children_in_prison)),
            ("Sick or infirm".into(), of(h.sick)),
            ("Statutory bail due".into(), of(h.statutory_bail_due)),
            (
                "Statutory bail within 30 days".into(),
                of(h.statutory_bail_near),
            ),
            ("No lawyer".into(), of(h.no_lawyer)),
            ("No hearing date".into(), of(h.no_hearing)),
            (
                "Median days in custody".into(),
                of(h.days_in_custody.median as u64),
            ),
            ("Longest (days)".into(), of(h.days_in_custody.max as u64)),
        ];
        let bars = CUSTODY_BAND_NAMES
            .iter()
            .zip(h.custody_bands.counts())
            .map(|(name, n)| (name.to_string(), of(n)))
            .collect();
        let tables = [Field::Prison, Field::Court]
            .into_iter()
            .map(|f| group_block(f, &stats::group_by(people, f, today, weights)))
            .collect();
        StatsReport {
            title: "Caseload statistics".into(),
            as_of: today.to_string(),
            scope: scope.map(str::to_string),
            notice: "Confidential: counts of the clinic's own caseload, small numbers \
                     included; do not publish. Use --anonymised for a copy to share."
                .into(),
            headline,
            custody_bands: Chart {
                title: "Time in custody (calendar months from arrest)".into(),
                bars,
            },
            tables,
            trend: trend_part(trend, None),
        }
    }

    /// The same report from suppressed tables only: every count under the threshold is `<N`
    /// and enough others hidden that none can be worked out; months, never days.
    pub fn anonymised(
        people: &[Subject],
        today: NaiveDate,
        weights: &Weights,
        trend: &Trend,
        threshold: Threshold,
        scope: Option<&str>,
    ) -> Result<StatsReport, DisclosureError> {
        let h = stats::headline(people, today, weights);
        let bands = disclosure::suppress(
            CUSTODY_BAND_NAMES.iter().map(|s| s.to_string()).collect(),
            vec!["people".into()],
            &h.custody_bands.counts().map(|n| vec![n]),
            threshold,
        )?;
        let stage = disclosure::anonymised(people, Field::Stage, None, threshold)?;
        let gender = disclosure::anonymised(people, Field::Gender, None, threshold)?;
        let mut headline = vec![(
            "People in custody".to_string(),
            Shown::of(&bands, bands.total),
        )];
        for table in [&stage, &gender] {
            for (label, row) in table.row_labels.iter().zip(&table.cells) {
                headline.push((label.replace('_', " "), Shown::of(table, row[0])));
            }
        }
        let bars = bands
            .row_labels
            .iter()
            .zip(&bands.cells)
            .map(|(label, row)| (label.clone(), Shown::of(&bands, row[0])))
            .collect();
        let mut tables = Vec::new();
        for field in [Field::Prison, Field::Court] {
            let table = disclosure::anonymised(people, field, None, threshold)?;
            tables.push(anonymised_block(field, &table));
        }
        let month = YearMonth::of(today).to_string();
        Ok(StatsReport {
            title: "Caseload statistics (anonymised)".into(),
            as_of: month,
            scope: scope.map(str::to_string),
            notice: format!(
                "Anonymised: counts only. <{0} marks a count under {0}, or a count hidden \
                 with it so that none can be worked out from the totals.",
                threshold.get()
            ),
            headline,
            custody_bands: Chart {
                title: "Time in custody (calendar months from arrest)".into(),
                bars,
            },
            tables,
            trend: trend_part(trend, Some(&trend.anonymised(threshold)?)),
        })
    }
}

fn title_of(field: Field) -> &'static str {
    match field {
        Field::Prison => "By prison",
        Field::Court => "By court (of the next hearing)",
        _ => "By field",
    }
}

fn group_block(field: Field, rows: &[GroupRow]) -> Block {
    let header = [
        field.code(),
        "in custody",
        "pre-trial",
        "women",
        "juveniles",
        "bail due",
        "no lawyer",
        "median days",
    ]
    .map(String::from)
    .to_vec();
    let line = |r: &GroupRow| {
        let mut l = vec![r.label().to_string()];
        l.extend(r.numbers().iter().map(i64::to_string));
        l
    };
    let mut out: Vec<Vec<String>> = rows.iter().take(TOP_ROWS).map(line).collect();
    let rest = rows.get(TOP_ROWS..).unwrap_or_default();
    let note = (!rest.is_empty()).then(|| {
        let people: u64 = rest.iter().map(|r| r.in_custody).sum();
        format!(
            "The {TOP_ROWS} largest of {} shown; the other {} hold {people} people.",
            rows.len(),
            rest.len()
        )
    });
    if rows.is_empty() {
        out.push(vec!["Nobody is in custody".into()]);
    }
    Block {
        title: title_of(field).into(),
        header,
        rows: out,
        note,
    }
}

fn anonymised_block(field: Field, table: &Table) -> Block {
    let mut rows: Vec<Vec<String>> = table
        .row_labels
        .iter()
        .zip(&table.cells)
        .map(|(label, cells)| vec![label.clone(), table.show(cells[0])])
        .collect();
    rows.push(vec!["total".into(), table.show(table.total)]);
    Block {
        title: title_of(field).into(),
        header: vec![field.code().into(), "people in custody".into()],
        rows,
        note: None,
    }
}

fn trend_part(trend: &Trend, suppressed: Option<&Table>) -> TrendPart {
    let months = trend.months.iter().map(|m| m.month.to_string()).collect();
    let names = [
        "people added",
        "released or bailed",
        "hearings",
        "adjournments",
    ];
    let series = names
        .iter()
        .enumerate()
        .map(|(c, name)| {
            let values = match suppressed {
                Some(t) => t.cells.iter().map(|row| Shown::of(t, row[c])).collect(),
                None => trend
                    .months
                    .iter()
                    .map(|m| Shown::Count([m.added, m.released, m.hearings, m.adjournments][c]))
                    .collect(),
            };
            (name.to_string(), values)
        })
        .collect();
    TrendPart {
        too_short: trend.too_short.clone(),
        months,
        series,
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
