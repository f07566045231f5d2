//! The statistics screen (issue 15 §2, `#` from the list): the headline numbers of the people
//! the list shows, the urgency and custody bands as bar charts, the biggest prisons and courts,
//! the monthly trend as sparklines, and (`F`) the frequency of any field, as VisiData shows it:
//! value, count, percent, a bar, most frequent first. `Enter` on a bar opens the list filtered
//! to it (the filter language's exact terms: `court="…"`, `band:critical`, `months>=3
//! months<6`), and `Esc` there comes back here. The numbers are counted off the input thread
//! (`tui/stats.rs`); until they land the screen says so.

use super::{Cx, Op, Step, Transition};
use crate::domain::model::{Gender, Substance};
use crate::domain::stats::{CUSTODY_BAND_NAMES, Field, GroupRow};
use crate::domain::trend::{MonthRow, Trend};
use crate::domain::triage::Band;
use crate::tui::action::Action;
use crate::tui::cursor::{self, visible_offset};
use crate::tui::stats::{Numbers, StatsRequest, StatsResult};
use std::sync::Arc;

/// The footer's keys.
pub const KEYS: &[Action] = &[Action::Open, Action::Frequency, Action::Back, Action::Help];

/// How many prisons and courts the first page lists (`F` lists them all).
pub const TOP: usize = 8;

/// What the screen shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// The headline, the bands, prisons, courts and the trend.
    Overview,
    /// Choosing the field to count by.
    Fields,
    /// One field's values, most frequent first.
    Frequency(Field),
}

/// What `Enter` on a row does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pick {
    /// Opens the list narrowed by this filter term (added to the list's own filter).
    Filter(String),
    /// Shows this field's frequency.
    Field(Field),
    /// Nothing: says why.
    Cannot(&'static str),
}

/// One line of the screen's body, drawn by `view/stats.rs` at whatever width there is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    Heading(String),
    Text(String),
    Blank,
    /// A bar: `count` of `total` people; the longest bar of its chart counts `scale`.
    Bar {
        label: String,
        count: u64,
        total: u64,
        scale: u64,
        pick: Pick,
    },
    /// A field to choose, with a note (how many values).
    Choice {
        label: String,
        note: String,
        pick: Pick,
    },
    /// A month-by-month series, oldest first.
    Spark {
        label: &'static str,
        series: Vec<u64>,
    },
}

impl Row {
    /// What `Enter` does here; `None` for a line that cannot be selected.
    pub fn pick(&self) -> Option<&Pick> {
        match self {
            Row::Bar { pick, .. } | Row::Choice { pick, .. } => Some(pick),
            _ => None,
        }
    }
}

/// Which people the numbers are of: the list's filter and search when the screen opened.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    pub filter: String,
    pub search: String,
}

/// The screen's state.
#[derive(Debug, Clone, PartialEq)]
pub struct StatsScreen {
    generation: u64,
    pub scope: Scope,
    /// `None`: still counting.
    pub numbers: Option<Arc<Numbers>>,
    /// `None`: the history is still being read; `Err`: why it could not be.
    pub trend: Option<Result<Arc<Trend>, String>>,
    pub view: View,
    /// The selected line of the body (always one with a [`Pick`], when there is one).
    pub selected: usize,
    /// The first line of the body drawn.
    pub offset: usize,
    /// Where the overview's selection was while another view shows.
    overview_at: (usize, usize),
}

impl StatsScreen {
    /// The screen for the people the list shows, and the request that counts them.
    pub fn open(cx: &Cx, generation: u64, scope: Scope) -> (StatsScreen, StatsRequest) {
        let (roster, ranked) = cx.caseload.shared();
        let request = StatsRequest {
            generation,
            roster,
            ranked,
            shown: cx.shown.clone(),
            judged: Arc::clone(cx.judged),
        };
        let screen = StatsScreen {
            generation,
            scope,
            numbers: None,
            trend: None,
            view: View::Overview,
            selected: 0,
            offset: 0,
            overview_at: (0, 0),
        };
        (screen, request)
    }

    /// The numbers landed (ignored if they answer an earlier opening).
    pub fn answered(&mut self, result: &StatsResult) {
        if result.generation != self.generation {
            return;
        }
        self.numbers = Some(Arc::clone(&result.numbers));
        self.trend = Some(result.trend.clone());
        self.selected = self.first_pick();
    }

    /// The word the header shows.
    pub fn heading(&self) -> String {
        let mut words = vec!["numbers".to_string()];
        if !self.scope.filter.is_empty() {
            words.push(format!("of filter: {}", self.scope.filter));
        }
        if !self.scope.search.is_empty() {
            words.push(format!("of search: {}", self.scope.search));
        }
        if let View::Frequency(field) = self.view {
            words.push(format!("frequency: {field}"));
        }
        words.join(" ")
    }

    pub fn update(&mut self, cx: &Cx, action: Action) -> Step {
        match action {
            Action::Back => match self.view {
                View::Overview => return Step::to(Transition::Pop),
                _ => self.show(View::Overview),
            },
            Action::Frequency if self.numbers.is_some() => self.show(View::Fields),
            Action::Open => return self.open_row(),
            movement => self.move_by(movement, cx.viewport.page_rows),
        }
        Step::stay()
    }

    fn show(&mut self, view: View) {
        if self.view == View::Overview {
            self.overview_at = (self.selected, self.offset);
        }
        let chose = match self.view {
            View::Frequency(field) => Some(field),
            _ => None,
        };
        self.view = view;
        (self.selected, self.offset) = (self.first_pick(), 0);
        if view == View::Overview {
            (self.selected, self.offset) = self.overview_at;
        }
        // Back at the chooser, the field last counted is selected.
        if let Some(field) = chose.filter(|_| view == View::Fields) {
            let rows = self.rows();
            let at = rows
                .iter()
                .position(|r| r.pick() == Some(&Pick::Field(field)));
            self.selected = at.unwrap_or(self.selected);
        }
    }

    fn open_row(&mut self) -> Step {
        let rows = self.rows();
        match rows.get(self.selected).and_then(Row::pick) {
            Some(Pick::Filter(term)) => Step::to(Transition::Pop).with(Op::Drill {
                term: term.clone(),
                back: Box::new(self.clone()),
            }),
            Some(Pick::Field(field)) => {
                self.show(View::Frequency(*field));
                Step::stay()
            }
            Some(Pick::Cannot(why)) => Step::say(*why),
            None => Step::stay(),
        }
    }

    /// Moves the selection to a line with a pick: by one pick, by a page of lines, or to the
    /// first or last; the first pick shows the lines above it too (the headings).
    fn move_by(&mut self, action: Action, page: usize) {
        let rows = self.rows();
        let picks: Vec<usize> = (0..rows.len())
            .filter(|&i| rows[i].pick().is_some())
            .collect();
        let (Some(&first), Some(&last)) = (picks.first(), picks.last()) else {
            return;
        };
        let at = picks.iter().position(|&i| i >= self.selected).unwrap_or(0);
        self.selected = match action {
            Action::MoveDown | Action::MoveUp | Action::First | Action::Last => {
                picks[cursor::step(at, action, 1, picks.len() - 1)]
            }
            Action::PageDown => {
                let to = self.selected + page.max(1);
                picks.iter().copied().find(|&i| i >= to).unwrap_or(last)
            }
            Action::PageUp => {
                let to = self.selected.saturating_sub(page.max(1));
                picks
                    .iter()
                    .rev()
                    .copied()
                    .find(|&i| i <= to)
                    .unwrap_or(first)
            }
            _ => return,
        };
        // The heading over a chart stays in view with its first bar.
        let above = match self.selected.checked_sub(1).map(|i| &rows[i]) {
            Some(Row::Heading(_)) => self.selected - 1,
            _ => self.selected,
        };
        self.offset = visible_offset(self.offset.min(above), self.selected, page);
        // The first pick shows what is above it, the last what is below (the trend).
        if self.selected == first {
            self.offset = 0;
        } else if self.selected == last {
            let end = rows.len().saturating_sub(page);
            self.offset = self.offset.max(end).min(self.selected);
        }
    }

    fn first_pick(&self) -> usize {
        self.rows()
            .iter()
            .position(|r| r.pick().is_some())
            .unwrap_or(0)
    }

    /// The body's lines for the view showing.
    pub fn rows(&self) -> Vec<Row> {
        let Some(numbers) = &self.numbers else {
            return vec![Row::Text("Counting…".into())];
        };
        match self.view {
            View::Overview => overview(numbers, self.trend.as_ref()),
            View::Fields => fields(numbers),
            View::Frequency(field) => frequency(numbers, field),
        }
    }
}

/// The overview's charts under the headline.
fn overview(numbers: &Numbers, trend: Option<&Result<Arc<Trend>, String>>) -> Vec<Row> {
    let h = &numbers.headline;
    let total = h.in_custody;
    let mut rows = vec![Row::Heading("Urgency band".into())];
    let b = &h.bands;
    let bands = [
        (Band::Critical, b.critical),
        (Band::High, b.high),
        (Band::Medium, b.medium),
        (Band::Low, b.low),
    ];
    let scale = bands.iter().map(|(_, n)| *n).max().unwrap_or(0);
    rows.extend(bands.iter().map(|&(band, count)| Row::Bar {
        label: band.code().into(),
        count,
        total,
        scale,
        pick: Pick::Filter(format!("band:{}", band.code())),
    }));
    rows.push(Row::Blank);
    rows.push(Row::Heading(
        "Time in custody (calendar months from arrest)".into(),
    ));
    let counts = h.custody_bands.counts();
    let scale = counts.iter().copied().max().unwrap_or(0);
    rows.extend((0..counts.len()).map(|i| Row::Bar {
        label: CUSTODY_BAND_NAMES[i].into(),
        count: counts[i],
        total,
        scale,
        pick: Pick::Filter(months_term(i)),
    }));
    for field in [Field::Prison, Field::Court] {
        let all = numbers.rows(field);
        rows.push(Row::Blank);
        let title = match field {
            Field::Court => "By court of the next hearing",
            _ => "By prison",
        };
        rows.push(Row::Heading(if all.len() > TOP {
            format!("{title} (top {TOP} of {}; F lists all)", all.len())
        } else {
            title.to_string()
        }));
        rows.extend(bars(field, &all[..all.len().min(TOP)], total));
    }
    rows.push(Row::Blank);
    rows.extend(trend_rows(trend));
    rows
}

/// The months of custody band `i` as filter terms.
fn months_term(i: usize) -> String {
    const FROM: [u32; 7] = [0, 3, 6, 12, 24, 36, 60];
    match (FROM[i], FROM.get(i + 1)) {
        (0, Some(to)) => format!("months<{to}"),
        (from, Some(to)) => format!("months>={from} months<{to}"),
        (from, None) => format!("months>={from}"),
    }
}

/// One bar per row of a `--by` table, scaled to its biggest.
fn bars(field: Field, rows: &[GroupRow], total: u64) -> Vec<Row> {
    let scale = rows.iter().map(|r| r.in_custody).max().unwrap_or(0);
    rows.iter()
        .map(|r| Row::Bar {
            label: r.label().to_string(),
            count: r.in_custody,
            total,
            scale,
            pick: pick_value(field, r.value.as_deref()),
        })
        .collect()
}

/// The filter term that keeps exactly the people with `value` in `field` (`None`: not
/// recorded), as `domain::stats` reads the field.
pub fn pick_value(field: Field, value: Option<&str>) -> Pick {
    let name = match field {
        Field::PoliceStation => "ps",
        other => other.code(),
    };
    let text_field = matches!(
        field,
        Field::Prison | Field::Court | Field::Lawyer | Field::PoliceStation | Field::District
    );
    Pick::Filter(match (value, text_field) {
        (Some(v), _) if v.contains('"') => {
            return Pick::Cannot("A name with a double quote in it cannot be filtered on.");
        }
        (Some(v), true) => format!("{name}=\"{v}\""),
        (Some(code), false) => format!("{name}:{code}"),
        (None, true) => format!("-has:{name}"),
        (None, false) => {
            let codes: Vec<&str> = match field {
                Field::Gender => Gender::ALL.iter().map(|g| g.code()).collect(),
                Field::Substance => Substance::ALL.iter().map(|s| s.code()).collect(),
                _ => return Pick::Cannot("Everyone has this field."),
            };
            format!("-{name}:{}", codes.join(","))
        }
    })
}

/// The chooser of fields, each with how many values it has.
fn fields(numbers: &Numbers) -> Vec<Row> {
    let mut rows = vec![Row::Heading("Count people by (Enter chooses):".into())];
    rows.extend(numbers.groups.iter().map(|(field, values)| {
        let n = values.len();
        Row::Choice {
            label: field.code().into(),
            note: format!("{n} value{}", if n == 1 { "" } else { "s" }),
            pick: Pick::Field(*field),
        }
    }));
    rows
}

/// Every value of `field`, most frequent first.
fn frequency(numbers: &Numbers, field: Field) -> Vec<Row> {
    let all = numbers.rows(field);
    let total = numbers.headline.in_custody;
    let n = all.len();
    let mut rows = vec![Row::Heading(format!(
        "{field}: {n} value{} over {total} people, most first",
        if n == 1 { "" } else { "s" }
    ))];
    rows.extend(bars(field, all, total));
    rows
}

/// A sparkline's label and the number it draws of each month.
type Series = (&'static str, fn(&MonthRow) -> u64);

/// The monthly trend as sparklines, or the sentence saying why there is none.
fn trend_rows(trend: Option<&Result<Arc<Trend>, String>>) -> Vec<Row> {
    let trend = match trend {
        None => return vec![Row::Text("Reading the history…".into())],
        Some(Err(e)) => return vec![Row::Text(format!("No trend: {e}"))],
        Some(Ok(trend)) => trend,
    };
    let (first, last) = match (trend.months.first(), trend.months.last()) {
        (Some(first), Some(last)) => (first.month, last.month),
        _ => return Vec::new(),
    };
    let mut rows = vec![Row::Heading(format!("Trend {first} to {last}, whole file"))];
    if let Some(why) = &trend.too_short {
        rows.push(Row::Text(why.clone()));
        return rows;
    }
    let series: [Series; 4] = [
        ("added", |m| m.added),
        ("released", |m| m.released),
        ("hearings", |m| m.hearings),
        ("adjourned", |m| m.adjournments),
    ];
    rows.extend(series.into_iter().map(|(label, pick)| Row::Spark {
        label,
        series: trend.series(pick),
    }));
    rows
}
