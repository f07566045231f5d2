//! Plain mode's lines: words a screen reader speaks and a braille display shows, one fact after
//! another with commas between; no tables, no box drawing, no colour, every recorded text
//! sanitised (a name may carry escape sequences). Pure: the session hands in what to say.

use crate::cli::ExplainFormat;
use crate::domain::model::Record;
use crate::domain::roster::Person;
use crate::domain::text::{HEALTH_SIGNALS, sanitize, short_name};
use crate::domain::triage::{Ranked, Urgency};
use anyhow::Result;
use chrono::NaiveDate;

/// How many people one page of the list shows.
pub const PAGE: usize = 20;

/// What the privacy screen says instead of a health detail (as the TUI's page does).
const HIDDEN: &str = "hidden (privacy screen)";

/// A name as shown: shortened to the first word and initials on the privacy screen.
pub fn name(name: &str, private: bool) -> String {
    if private {
        sanitize(&short_name(name))
    } else {
        sanitize(name)
    }
}

/// One person of the list: `3. Muhammad Aslam, band critical, score 142, 412 days in custody,
/// next hearing 2026-12-05`. The number is the urgency rank, whatever the sort.
pub fn person(
    rank: usize,
    person: &Person,
    ranked: &Ranked,
    today: NaiveDate,
    private: bool,
) -> String {
    let hearing = person.facts.next_hearing.map_or_else(
        || "no hearing date".to_string(),
        |d| format!("next hearing {d}"),
    );
    format!(
        "{rank}. {}, band {}, score {}, {} days in custody, {hearing}",
        name(person.names.name, private),
        ranked.band.code(),
        ranked.total,
        person.facts.days_in_custody(today),
    )
}

/// What the list is: `412 in custody` or `12 of 412 in custody, filter court:multan, search
/// aslam, sort days reversed`.
pub fn summary(matched: usize, ranked: usize, narrowed: &[(&str, Option<&str>)]) -> String {
    let mut line = if matched == ranked {
        format!("{ranked} in custody")
    } else {
        format!("{matched} of {ranked} in custody")
    };
    for (what, value) in narrowed {
        if let Some(value) = value {
            line.push_str(&format!(", {what} {}", sanitize(value.trim())));
        }
    }
    line
}

/// The line under a page: where it is, and what to type for more.
pub fn page_end(first: usize, shown: usize, of: usize) -> String {
    if of == 0 {
        return "no one matches: type filter or search alone to clear them".to_string();
    }
    let last = first + shown;
    let more = if last < of {
        "type next for more"
    } else {
        "end of the list"
    };
    format!("people {} to {last} of {of}, {more}", first + 1)
}

/// `open N`: the `heading` (where the person stands), the explanation as `caseload explain` prints it (each reason, its points and legal
/// basis), then where the person is held and heard; health as the TUI's page shows it (hidden
/// on the privacy screen, in the reasons too).
pub fn open(
    heading: String,
    record: &Record,
    mut urgency: Urgency,
    today: NaiveDate,
    private: bool,
) -> Result<Vec<String>> {
    let mut shown = record.clone();
    if private {
        let d = &mut shown.detainee;
        d.name = short_name(&d.name);
        d.father_name = d.father_name.as_deref().map(short_name);
        for reason in &mut urgency.reasons {
            if HEALTH_SIGNALS.contains(&reason.signal) {
                reason.text = "Health grounds (hidden: privacy screen)".to_string();
            }
        }
    }
    let mut text = Vec::new();
    crate::cli::report::explain_urgency(&mut text, &shown, &urgency, today, ExplainFormat::Text)?;
    let mut lines = vec![heading];
    lines.extend(String::from_utf8_lossy(&text).lines().map(str::to_string));
    lines.extend(facts(record, today, private));
    Ok(lines)
}

/// Where the person is held and heard, and their health as the TUI's page shows it.
fn facts(record: &Record, today: NaiveDate, private: bool) -> Vec<String> {
    let d = &record.detainee;
    let c = &record.case;
    let hearing = record.next_hearing(today).map(|h| match &h.court {
        Some(court) => format!("{} at {court}", h.date),
        None => h.date.to_string(),
    });
    let health: Vec<&str> = d.health.iter().map(|h| h.label()).collect();
    let health = match (health.is_empty(), private) {
        (true, _) => None,
        (false, true) => Some(HIDDEN.to_string()),
        (false, false) => Some(health.join(", ")),
    };
    let rows = [
        (
            "Next hearing",
            hearing.or(Some("none recorded".to_string())),
        ),
        ("Prison", d.prison.clone()),
        ("Court", c.court.clone()),
        ("Lawyer", c.lawyer.clone()),
        ("Health", health),
    ];
    rows.into_iter()
        .filter_map(|(label, value)| Some(format!("{label}: {}", sanitize(&value?))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_names_only_what_narrows_the_list() {
        assert_eq!(summary(412, 412, &[("filter", None)]), "412 in custody");
        assert_eq!(
            summary(
                3,
                412,
                &[
                    ("filter", Some(" court:multan ")),
                    ("search", Some("aslam"))
                ]
            ),
            "3 of 412 in custody, filter court:multan, search aslam"
        );
    }

    #[test]
    fn a_page_ends_saying_what_comes_next() {
        assert_eq!(
            page_end(0, 20, 45),
            "people 1 to 20 of 45, type next for more"
        );
        assert_eq!(
            page_end(40, 5, 45),
            "people 41 to 45 of 45, end of the list"
        );
        assert!(page_end(0, 0, 0).starts_with("no one matches"));
    }

    #[test]
    fn a_private_name_is_shortened_and_every_name_sanitised() {
        assert_eq!(name("Muhammad Aslam Khan", true), "Muhammad A. K.");
        assert!(!name("Ali\u{1b}[2J", false).contains('\u{1b}'));
    }
}
