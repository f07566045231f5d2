//! Tests of the month calendar's layout and movement.

use super::*;
use proptest::prelude::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn ym(y: i32, m: u32) -> YearMonth {
    YearMonth::new(y, m).expect("valid month")
}

fn grid(y: i32, m: u32, week_start: Weekday) -> MonthGrid {
    month_grid(ym(y, m), date(2026, 12, 1), week_start, &BTreeMap::new())
}

#[test]
fn layout_by_first_weekday_and_week_start() {
    // (month, week start, weeks, first cell shown, last cell shown)
    let cases = [
        // February 2021 starts on a Monday and has 28 days: exactly four weeks.
        (
            (2021, 2),
            Weekday::Mon,
            4,
            date(2021, 2, 1),
            date(2021, 2, 28),
        ),
        (
            (2021, 2),
            Weekday::Sun,
            5,
            date(2021, 1, 31),
            date(2021, 3, 6),
        ),
        // November 2026 starts on a Sunday.
        (
            (2026, 11),
            Weekday::Sun,
            5,
            date(2026, 11, 1),
            date(2026, 12, 5),
        ),
        (
            (2026, 11),
            Weekday::Mon,
            6,
            date(2026, 10, 26),
            date(2026, 12, 6),
        ),
        // December 2026 starts on a Tuesday.
        (
            (2026, 12),
            Weekday::Mon,
            5,
            date(2026, 11, 30),
            date(2027, 1, 3),
        ),
        // February 2024, a leap year, from Thursday: 3 lead days + 29 = 32 → 5 weeks.
        (
            (2024, 2),
            Weekday::Mon,
            5,
            date(2024, 1, 29),
            date(2024, 3, 3),
        ),
    ];
    for ((y, m), start, weeks, first, last) in cases {
        let g = grid(y, m, start);
        let label = format!("{y}-{m} from {start}");
        assert_eq!(g.weeks.len(), weeks, "{label}");
        assert_eq!(g.weeks[0][0].date, first, "{label}");
        assert_eq!(g.weeks[weeks - 1][6].date, last, "{label}");
        assert_eq!(g.weekday_names()[0], short_name(start), "{label}");
    }
}

#[test]
fn month_lengths_follow_the_gregorian_leap_years() {
    let cases = [
        ((2024, 2), 29),
        ((2026, 2), 28),
        ((2000, 2), 29),
        ((2100, 2), 28),
        ((2026, 1), 31),
        ((2026, 4), 30),
        ((2026, 12), 31),
    ];
    for ((y, m), len) in cases {
        assert_eq!(ym(y, m).days(), len, "{y}-{m}");
        let g = grid(y, m, Weekday::Mon);
        let in_month = g.weeks.iter().flatten().filter(|c| c.in_month).count();
        assert_eq!(in_month, len as usize, "{y}-{m}");
    }
}

#[test]
fn today_is_marked_once_and_only_when_shown() {
    let today = date(2026, 12, 1);
    let g = month_grid(ym(2026, 12), today, Weekday::Mon, &BTreeMap::new());
    let marked: Vec<NaiveDate> = g
        .weeks
        .iter()
        .flatten()
        .filter(|c| c.today)
        .map(|c| c.date)
        .collect();
    assert_eq!(marked, [today]);
    assert_eq!(g.position(today), Some((0, 1)));
    let g = month_grid(ym(2027, 3), today, Weekday::Mon, &BTreeMap::new());
    assert!(g.weeks.iter().flatten().all(|c| !c.today));
}

#[test]
fn each_day_counts_its_hearings_and_keeps_the_most_urgent_band() {
    let loads = day_loads([
        (date(2026, 12, 10), Band::Low),
        (date(2026, 12, 10), Band::Critical),
        (date(2026, 12, 10), Band::Medium),
        (date(2026, 12, 11), Band::High),
        // Shown in December's last row.
        (date(2027, 1, 2), Band::Medium),
    ]);
    let g = month_grid(ym(2026, 12), date(2026, 12, 1), Weekday::Mon, &loads);
    let load = |d| g.cell(d).and_then(|c| c.load);
    assert_eq!(
        load(date(2026, 12, 10)),
        Some(DayLoad {
            hearings: 3,
            top: Band::Critical
        })
    );
    assert_eq!(
        load(date(2026, 12, 11)),
        Some(DayLoad {
            hearings: 1,
            top: Band::High
        })
    );
    assert_eq!(load(date(2026, 12, 12)), None);
    let jan = g.cell(date(2027, 1, 2)).expect("shown");
    assert!(!jan.in_month);
    assert_eq!(jan.load.map(|l| l.hearings), Some(1));
}

#[test]
fn moves_by_day_week_and_month_clamp_to_the_month_length() {
    let cases = [
        (date(2026, 12, 31), Move::NextDay, date(2027, 1, 1)),
        (date(2026, 3, 1), Move::PrevDay, date(2026, 2, 28)),
        (date(2024, 3, 1), Move::PrevDay, date(2024, 2, 29)),
        (date(2026, 12, 29), Move::NextWeek, date(2027, 1, 5)),
        (date(2026, 12, 3), Move::PrevWeek, date(2026, 11, 26)),
        (date(2026, 1, 31), Move::NextMonth, date(2026, 2, 28)),
        (date(2024, 1, 31), Move::NextMonth, date(2024, 2, 29)),
        (date(2026, 3, 31), Move::PrevMonth, date(2026, 2, 28)),
        (date(2026, 10, 31), Move::NextMonth, date(2026, 11, 30)),
        (date(2026, 5, 31), Move::PrevMonth, date(2026, 4, 30)),
        (date(2026, 4, 30), Move::NextMonth, date(2026, 5, 30)),
        (date(2026, 12, 15), Move::NextMonth, date(2027, 1, 15)),
        (date(2027, 1, 15), Move::PrevMonth, date(2026, 12, 15)),
        (NaiveDate::MAX, Move::NextDay, NaiveDate::MAX),
        (NaiveDate::MIN, Move::PrevMonth, NaiveDate::MIN),
    ];
    for (from, movement, to) in cases {
        assert_eq!(step(from, movement), to, "{from} {movement:?}");
    }
}

#[test]
fn bad_months_name_the_field() {
    assert_eq!(
        YearMonth::new(2026, 13).map_err(|e| e.to_string()),
        Err("month: 13 is not between 1 and 12".to_string())
    );
    assert_eq!(
        YearMonth::new(2026, 0).map_err(|e| e.to_string()),
        Err("month: 0 is not between 1 and 12".to_string())
    );
    assert_eq!(
        YearMonth::new(400_000, 1).map_err(|e| e.to_string()),
        Err("year: 400000 is outside the dates the calendar can hold".to_string())
    );
    assert_eq!(ym(2026, 12).title(), "December 2026");
}

fn weekday() -> impl Strategy<Value = Weekday> {
    (0u8..7).prop_map(|n| Weekday::try_from(n).unwrap_or(Weekday::Mon))
}

proptest! {
    /// Every grid is whole weeks of consecutive days from the week start, holding each day of
    /// the month exactly once.
    #[test]
    fn grids_are_whole_weeks_of_the_month(y in 1900i32..2200, m in 1u32..=12, start in weekday()) {
        let g = grid(y, m, start);
        prop_assert!((4..=6).contains(&g.weeks.len()));
        let days: Vec<&DayCell> = g.weeks.iter().flatten().collect();
        prop_assert_eq!(days[0].date.weekday(), start);
        for pair in days.windows(2) {
            prop_assert_eq!(pair[0].date.succ_opt(), Some(pair[1].date));
        }
        let month = ym(y, m);
        let in_month: Vec<NaiveDate> =
            days.iter().filter(|c| c.in_month).map(|c| c.date).collect();
        prop_assert_eq!(in_month.len() as u32, month.days());
        prop_assert_eq!(in_month[0], month.first());
        // No week is entirely outside the month.
        for week in &g.weeks {
            prop_assert!(week.iter().any(|c| c.in_month));
        }
    }

    /// A day or a week forward then back returns; a month forward lands in the next month on
    /// the same day, or its last day when the next month is shorter.
    #[test]
    fn moves_undo_and_months_clamp(days in 0i64..200_000) {
        let d = date(1900, 1, 1) + chrono::Duration::days(days);
        prop_assert_eq!(step(step(d, Move::NextDay), Move::PrevDay), d);
        prop_assert_eq!(step(step(d, Move::NextWeek), Move::PrevWeek), d);
        let next = step(d, Move::NextMonth);
        let expected_month = YearMonth::of(YearMonth::of(d).first() + chrono::Duration::days(31));
        prop_assert_eq!(YearMonth::of(next), expected_month);
        prop_assert_eq!(next.day(), d.day().min(expected_month.days()));
    }
}
