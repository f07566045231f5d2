//! The month calendar of hearings (issue 17 §3) as pure layout data: the weeks × days grid of a
//! month with, per day, how many hearings fall on it and the most urgent band among them, today
//! marked; and the movement the screen uses (a day, a week, a month, clamped to the month's
//! length). The view only draws what [`MonthGrid`] says; `today` is a parameter.

use super::triage::Band;
use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use std::collections::BTreeMap;

/// Why a month cannot be shown; the message names the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MonthError {
    #[error("month: {month} is not between 1 and 12")]
    Month { month: u32 },
    #[error("year: {year} is outside the dates the calendar can hold")]
    Year { year: i32 },
}

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    first: NaiveDate,
}

impl YearMonth {
    /// The month `month` (1-12) of `year`.
    pub fn new(year: i32, month: u32) -> Result<YearMonth, MonthError> {
        if !(1..=12).contains(&month) {
            return Err(MonthError::Month { month });
        }
        let first = NaiveDate::from_ymd_opt(year, month, 1).ok_or(MonthError::Year { year })?;
        Ok(YearMonth { first })
    }

    /// The month `date` falls in.
    pub fn of(date: NaiveDate) -> YearMonth {
        YearMonth {
            // Day 1 exists in every month that has a day.
            first: date.with_day(1).unwrap_or(date),
        }
    }

    pub fn year(self) -> i32 {
        self.first.year()
    }

    /// 1-12.
    pub fn month(self) -> u32 {
        self.first.month()
    }

    /// The first day.
    pub fn first(self) -> NaiveDate {
        self.first
    }

    /// How many days the month has (28-31).
    pub fn days(self) -> u32 {
        self.first
            .checked_add_months(Months::new(1))
            .map_or(31, |next| (next - self.first).num_days() as u32)
    }

    /// The title the screen shows: "December 2026".
    pub fn title(self) -> String {
        self.first.format("%B %Y").to_string()
    }
}

/// The hearings on one day: how many, and the most urgent band among them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayLoad {
    pub hearings: u32,
    pub top: Band,
}

/// Counts hearings per date from `(date, band of the person)` pairs, keeping the most urgent band.
pub fn day_loads(
    hearings: impl IntoIterator<Item = (NaiveDate, Band)>,
) -> BTreeMap<NaiveDate, DayLoad> {
    let mut loads: BTreeMap<NaiveDate, DayLoad> = BTreeMap::new();
    for (date, band) in hearings {
        loads
            .entry(date)
            .and_modify(|load| {
                load.hearings += 1;
                load.top = load.top.max(band);
            })
            .or_insert(DayLoad {
                hearings: 1,
                top: band,
            });
    }
    loads
}

/// One square of the grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayCell {
    pub date: NaiveDate,
    /// False for the days of the months before and after that fill the first and last week.
    pub in_month: bool,
    pub today: bool,
    /// `None`: no hearing that day.
    pub load: Option<DayLoad>,
}

/// A month laid out in whole weeks (4 to 6 rows of 7 days).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthGrid {
    pub month: YearMonth,
    /// The weekday of the first column.
    pub week_start: Weekday,
    pub weeks: Vec<[DayCell; 7]>,
}

impl MonthGrid {
    /// The column headings, from `week_start`: "Mon", "Tue", …
    pub fn weekday_names(&self) -> [&'static str; 7] {
        let mut day = self.week_start;
        std::array::from_fn(|_| {
            let name = short_name(day);
            day = day.succ();
            name
        })
    }

    /// The cell of `date`, when the grid shows it.
    pub fn cell(&self, date: NaiveDate) -> Option<&DayCell> {
        self.weeks.iter().flatten().find(|c| c.date == date)
    }

    /// Row and column of `date` (where the screen draws the cursor).
    pub fn position(&self, date: NaiveDate) -> Option<(usize, usize)> {
        self.weeks.iter().enumerate().find_map(|(row, week)| {
            week.iter()
                .position(|c| c.date == date)
                .map(|col| (row, col))
        })
    }
}

fn short_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Mon",
        Weekday::Tue => "Tue",
        Weekday::Wed => "Wed",
        Weekday::Thu => "Thu",
        Weekday::Fri => "Fri",
        Weekday::Sat => "Sat",
        Weekday::Sun => "Sun",
    }
}

/// The grid of `month`, weeks starting on `week_start` (Monday in Pakistan's courts' week),
/// with `loads` (from [`day_loads`]) on every day shown, the neighbouring months' days too.
pub fn month_grid(
    month: YearMonth,
    today: NaiveDate,
    week_start: Weekday,
    loads: &BTreeMap<NaiveDate, DayLoad>,
) -> MonthGrid {
    let first = month.first();
    let lead = u64::from(first.weekday().days_since(week_start));
    // Near the ends of the calendar the lead-in days may not exist: start at the first then.
    let start = first.checked_sub_days(Days::new(lead)).unwrap_or(first);
    let shown = lead + u64::from(month.days());
    let rows = shown.div_ceil(7) as usize;
    let mut weeks = Vec::with_capacity(rows);
    let mut date = Some(start);
    for _ in 0..rows {
        let mut week = Vec::with_capacity(7);
        for _ in 0..7 {
            let Some(day) = date else { break };
            week.push(DayCell {
                date: day,
                in_month: YearMonth::of(day) == month,
                today: day == today,
                load: loads.get(&day).copied(),
            });
            date = day.succ_opt();
        }
        match <[DayCell; 7]>::try_from(week) {
            Ok(week) => weeks.push(week),
            // The very last representable week: not a month anyone has hearings in.
            Err(_) => break,
        }
    }
    MonthGrid {
        month,
        week_start,
        weeks,
    }
}

/// A movement of the calendar's cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    /// `h` / `←`
    PrevDay,
    /// `l` / `→`
    NextDay,
    /// `k` / `↑`
    PrevWeek,
    /// `j` / `↓`
    NextWeek,
    /// `[`
    PrevMonth,
    /// `]`
    NextMonth,
}

/// Where the cursor goes from `date`. A month move keeps the day, clamped to the new month's
/// length (31 January → 28 or 29 February); at the ends of the calendar it stays put.
pub fn step(date: NaiveDate, movement: Move) -> NaiveDate {
    let moved = match movement {
        Move::PrevDay => date.checked_sub_days(Days::new(1)),
        Move::NextDay => date.checked_add_days(Days::new(1)),
        Move::PrevWeek => date.checked_sub_days(Days::new(7)),
        Move::NextWeek => date.checked_add_days(Days::new(7)),
        // chrono clamps to the last day of the shorter month.
        Move::PrevMonth => date.checked_sub_months(Months::new(1)),
        Move::NextMonth => date.checked_add_months(Months::new(1)),
    };
    moved.unwrap_or(date)
}

#[cfg(test)]
#[path = "month_tests.rs"]
mod tests;
