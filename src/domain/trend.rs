//! Trends from the history (issue 15 §3): per calendar month, for the twelve months ending with
//! `today`'s, how many people were added, released or granted bail, hearings held and
//! adjourned, and the median days in custody of those released. Pure: the events come in as
//! plain values (the store reads them from the audit trail and hearing dates); `today` is a
//! parameter. Says plainly when there is too little history to call it a trend.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::fmt;

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    pub year: i32,
    /// 1 to 12.
    pub month: u32,
}

impl YearMonth {
    /// The month `date` falls in.
    pub fn of(date: NaiveDate) -> YearMonth {
        YearMonth {
            year: date.year(),
            month: date.month(),
        }
    }

    /// The month before this one.
    pub fn previous(self) -> YearMonth {
        if self.month == 1 {
            YearMonth {
                year: self.year - 1,
                month: 12,
            }
        } else {
            YearMonth {
                year: self.year,
                month: self.month - 1,
            }
        }
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for YearMonth {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// What happened (months only: nothing here names a person or an exact date).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    /// A person was added to the caseload (by hand or by import).
    Added,
    /// A person left custody: released, acquitted or granted bail, after this many days.
    Released { days_in_custody: i64 },
    /// A hearing took place; an adjourned one counts as held and as an adjournment.
    Hearing { adjourned: bool },
}

/// One event in a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event {
    pub month: YearMonth,
    pub kind: EventKind,
}

/// The numbers of one month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthRow {
    pub month: YearMonth,
    pub added: u64,
    pub released: u64,
    pub hearings: u64,
    pub adjournments: u64,
    /// Lower middle value; `None` when nobody was released that month.
    pub median_days_released: Option<i64>,
}

impl MonthRow {
    fn has_data(&self) -> bool {
        self.added + self.released + self.hearings > 0
    }
}

/// How many months the trend shows.
pub const TREND_MONTHS: usize = 12;
/// Fewer months with any event than this is not a trend.
pub const MIN_MONTHS_WITH_DATA: usize = 2;

/// The last [`TREND_MONTHS`] months, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Trend {
    pub months: Vec<MonthRow>,
    pub months_with_data: usize,
    /// Set when the history is too short: say this instead of drawing a trend.
    pub too_short: Option<String>,
}

impl Trend {
    /// One number per month, oldest first, for a sparkline.
    pub fn series(&self, pick: impl Fn(&MonthRow) -> u64) -> Vec<u64> {
        self.months.iter().map(pick).collect()
    }
}

impl Trend {
    /// The counts as a table safe to publish: one row per month, one column per measure, every
    /// count under the threshold hidden and enough others that none can be worked out from
    /// the totals (the median is left out: it describes a few people's exact stays).
    pub fn anonymised(
        &self,
        threshold: super::disclosure::Threshold,
    ) -> Result<super::disclosure::Table, super::disclosure::DisclosureError> {
        let rows = self.months.iter().map(|m| m.month.to_string()).collect();
        let cols = ["added", "released", "hearings", "adjournments"].map(String::from);
        let counts: Vec<Vec<u64>> = self
            .months
            .iter()
            .map(|m| vec![m.added, m.released, m.hearings, m.adjournments])
            .collect();
        let mut table = super::disclosure::suppress(rows, cols.to_vec(), &counts, threshold)?;
        table.row_field = "month".into();
        table.col_field = Some("event".into());
        Ok(table)
    }
}

/// The trend of `events` over the twelve months ending with `today`'s month; events outside
/// them are left out.
pub fn monthly(events: &[Event], today: NaiveDate) -> Trend {
    let last = YearMonth::of(today);
    let mut months: Vec<YearMonth> = std::iter::successors(Some(last), |m| Some(m.previous()))
        .take(TREND_MONTHS)
        .collect();
    months.reverse();
    let first = months[0];
    let mut rows: Vec<MonthRow> = months
        .iter()
        .map(|&month| MonthRow {
            month,
            added: 0,
            released: 0,
            hearings: 0,
            adjournments: 0,
            median_days_released: None,
        })
        .collect();
    let mut days: Vec<Vec<i64>> = vec![Vec::new(); TREND_MONTHS];
    for e in events
        .iter()
        .filter(|e| e.month >= first && e.month <= last)
    {
        let Some(at) = months.iter().position(|&m| m == e.month) else {
            continue;
        };
        let row = &mut rows[at];
        match e.kind {
            EventKind::Added => row.added += 1,
            EventKind::Released { days_in_custody } => {
                row.released += 1;
                days[at].push(days_in_custody);
            }
            EventKind::Hearing { adjourned } => {
                row.hearings += 1;
                row.adjournments += u64::from(adjourned);
            }
        }
    }
    for (row, mut d) in rows.iter_mut().zip(days) {
        if !d.is_empty() {
            let rank = d.len().div_ceil(2);
            row.median_days_released = Some(*d.select_nth_unstable(rank - 1).1);
        }
    }
    let months_with_data = rows.iter().filter(|r| r.has_data()).count();
    let too_short = (months_with_data < MIN_MONTHS_WITH_DATA).then(|| {
        let verb = if months_with_data == 1 { "has" } else { "have" };
        format!(
            "Too little history for a trend: only {months_with_data} of the last \
             {TREND_MONTHS} months {verb} any recorded event (at least {MIN_MONTHS_WITH_DATA} \
             needed)."
        )
    });
    Trend {
        months: rows,
        months_with_data,
        too_short,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ym(year: i32, month: u32) -> YearMonth {
        YearMonth { year, month }
    }

    fn ev(year: i32, month: u32, kind: EventKind) -> Event {
        Event {
            month: ym(year, month),
            kind,
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).expect("valid date")
    }

    #[test]
    fn twelve_months_ending_with_this_one_oldest_first() {
        let t = monthly(&[], today());
        let names: Vec<String> = t.months.iter().map(|r| r.month.to_string()).collect();
        assert_eq!(names.first().map(String::as_str), Some("2026-01"));
        assert_eq!(names.last().map(String::as_str), Some("2026-12"));
        assert_eq!(names.len(), 12);
        let jan = monthly(&[], NaiveDate::from_ymd_opt(2027, 1, 15).expect("date"));
        assert_eq!(jan.months[0].month, ym(2026, 2));
        assert_eq!(jan.months[11].month, ym(2027, 1));
    }

    #[test]
    fn counts_and_median_per_month() {
        use EventKind::*;
        let events = [
            ev(2026, 11, Added),
            ev(2026, 11, Added),
            ev(
                2026,
                11,
                Released {
                    days_in_custody: 30,
                },
            ),
            ev(
                2026,
                11,
                Released {
                    days_in_custody: 400,
                },
            ),
            ev(
                2026,
                11,
                Released {
                    days_in_custody: 90,
                },
            ),
            ev(2026, 11, Hearing { adjourned: true }),
            ev(2026, 11, Hearing { adjourned: false }),
            ev(
                2026,
                3,
                Released {
                    days_in_custody: 10,
                },
            ),
            ev(
                2026,
                3,
                Released {
                    days_in_custody: 20,
                },
            ),
            ev(2025, 12, Added), // thirteen months back: out
            ev(2027, 1, Added),  // after today: out
        ];
        let t = monthly(&events, today());
        let nov = &t.months[10];
        assert_eq!(
            (nov.added, nov.released, nov.hearings, nov.adjournments),
            (2, 3, 2, 1)
        );
        assert_eq!(nov.median_days_released, Some(90));
        let mar = &t.months[2];
        assert_eq!((mar.month, mar.released), (ym(2026, 3), 2));
        assert_eq!(mar.median_days_released, Some(10), "lower middle of two");
        assert_eq!(t.months[11].median_days_released, None);
        assert_eq!(t.months_with_data, 2);
        assert_eq!(t.too_short, None);
        assert_eq!(t.series(|r| r.added).iter().sum::<u64>(), 2);
        let json = serde_json::to_value(&t).expect("serialises");
        assert_eq!(json["months"][10]["month"], "2026-11");
        assert_eq!(json["months"][10]["median_days_released"], 90);
    }

    #[test]
    fn too_short_is_said_plainly() {
        let cases: [(&[Event], usize, bool); 3] = [
            (&[], 0, true),
            (
                &[ev(2026, 5, EventKind::Added), ev(2026, 5, EventKind::Added)],
                1,
                true,
            ),
            (
                &[
                    ev(2026, 5, EventKind::Added),
                    ev(2026, 6, EventKind::Hearing { adjourned: true }),
                ],
                2,
                false,
            ),
        ];
        for (events, with_data, short) in cases {
            let t = monthly(events, today());
            assert_eq!(t.months_with_data, with_data, "{events:?}");
            assert_eq!(t.too_short.is_some(), short, "{events:?}");
        }
        let t = monthly(&[ev(2026, 5, EventKind::Added)], today());
        assert_eq!(
            t.too_short.as_deref(),
            Some(
                "Too little history for a trend: only 1 of the last 12 months has any \
                 recorded event (at least 2 needed)."
            )
        );
    }
}
