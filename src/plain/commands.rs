//! Plain mode's words: one typed line into a [`Command`], or the one line that says what was
//! wrong with it. The table [`WORDS`] is both what is understood and what `help` prints, so
//! the help can never leave a word out.

use crate::domain::edit::HearingEntry;
use crate::domain::model::{Outcome, parse_date};
use std::path::PathBuf;

/// What one line asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// A blank line: nothing to do.
    Nothing,
    Help,
    /// The list from its first page (re-read if another program changed the file).
    List,
    Next,
    Prev,
    /// The person numbered `line` (their urgency rank).
    Open(usize),
    /// Fuzzy search words; `None` clears the search.
    Search(Option<String>),
    /// A filter expression as typed; `None` clears the filter.
    Filter(Option<String>),
    /// A sort key (checked where the CLI checks `--sort`) and whether reversed; `None` is the
    /// urgency order.
    Sort(Option<(String, bool)>),
    Hearing {
        line: usize,
        entry: HearingEntry,
    },
    Checklist {
        line: usize,
        out: Option<PathBuf>,
    },
    Quit,
}

/// One word plain mode understands.
pub struct Word {
    pub name: &'static str,
    /// Shorter ways to type it.
    pub short: &'static [&'static str],
    /// How it is typed, after the word.
    pub args: &'static str,
    pub about: &'static str,
}

/// Every word, in the order `help` lists them.
pub const WORDS: &[Word] = &[
    Word {
        name: "list",
        short: &["l", "ls"],
        args: "",
        about: "the ranked list, 20 people a page, from the first page",
    },
    Word {
        name: "next",
        short: &["n"],
        args: "",
        about: "the next page of the list",
    },
    Word {
        name: "prev",
        short: &["p", "previous"],
        args: "",
        about: "the page before",
    },
    Word {
        name: "open",
        short: &["o", "show", "explain"],
        args: " N",
        about: "why person N is ranked where they are: every reason, its points and legal basis",
    },
    Word {
        name: "search",
        short: &["/", "find"],
        args: " WORDS",
        about: "only people whose name, father's name, FIR number, prison or police station match; search alone clears it",
    },
    Word {
        name: "filter",
        short: &["f"],
        args: " EXPR",
        about: "only people every term holds for, as list --filter (court:lahore band:critical -has:lawyer); filter alone clears it",
    },
    Word {
        name: "sort",
        short: &["s"],
        args: " KEY [reverse]",
        about: "order by score, days, hearing, name or prison; the numbers stay the urgency rank; sort alone goes back to score",
    },
    Word {
        name: "hearing",
        short: &["hr"],
        args: " N OUTCOME [DATE] [NOTE]",
        about: "record what happened at person N's hearing and the next date (hearing 3 adjourned 2026-12-20)",
    },
    Word {
        name: "checklist",
        short: &["c"],
        args: " N [--out FILE]",
        about: "person N's hearing checklist as text, health details left out; --out writes it to an owner-only file",
    },
    Word {
        name: "help",
        short: &["?"],
        args: "",
        about: "these lines",
    },
    Word {
        name: "quit",
        short: &["q", "exit"],
        args: "",
        about: "end the session (so does end of input, Ctrl-D)",
    },
];

/// The word `typed` stands for (its name or a short form, any case).
fn word(typed: &str) -> Option<&'static str> {
    let typed = typed.to_lowercase();
    WORDS
        .iter()
        .find(|w| w.name == typed || w.short.contains(&typed.as_str()))
        .map(|w| w.name)
}

/// `help`: one line per word, its short forms in brackets.
pub fn help() -> Vec<String> {
    let mut lines =
        vec!["Commands (a number N is the one at the start of a list line):".to_string()];
    for w in WORDS {
        let short = if w.short.is_empty() {
            String::new()
        } else {
            format!(" (or {})", w.short.join(", "))
        };
        lines.push(format!("{}{}{short}: {}", w.name, w.args, w.about));
    }
    lines
}

/// One typed line as a command, or the one line saying what is wrong with it.
pub fn parse(line: &str) -> Result<Command, String> {
    let line = line.trim();
    let (first, rest) = line
        .split_once(char::is_whitespace)
        .map_or((line, ""), |(w, r)| (w, r.trim()));
    if first.is_empty() {
        return Ok(Command::Nothing);
    }
    let Some(name) = word(first) else {
        return Err(unknown(first));
    };
    let text = (!rest.is_empty()).then(|| rest.to_string());
    match name {
        "list" => Ok(Command::List),
        "next" => Ok(Command::Next),
        "prev" => Ok(Command::Prev),
        "open" => Ok(Command::Open(line_number(name, rest)?)),
        "search" => Ok(Command::Search(text)),
        "filter" => Ok(Command::Filter(text)),
        "sort" => sort(rest),
        "hearing" => hearing(rest),
        "checklist" => checklist(rest),
        "help" => Ok(Command::Help),
        _ => Ok(Command::Quit),
    }
}

/// `unknown command 'lsit' — did you mean list? type help`.
fn unknown(typed: &str) -> String {
    let shown = crate::domain::text::sanitize(typed);
    let names = WORDS.iter().map(|w| w.name);
    match crate::domain::filter::nearest(typed, names) {
        Some(near) => format!("unknown command '{shown}' — did you mean {near}? type help"),
        None => format!("unknown command '{shown}' — type help"),
    }
}

/// The first word of `rest` as a list line number; `word` names the command in the message.
fn line_number(word: &str, rest: &str) -> Result<usize, String> {
    let first = rest.split_whitespace().next().unwrap_or("");
    if first.is_empty() {
        return Err(format!(
            "{word} needs the number at the start of a list line, e.g. {word} 3"
        ));
    }
    match first.trim_end_matches('.').parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!(
            "'{}' is not a list line number: {word} needs one, e.g. {word} 3",
            crate::domain::text::sanitize(first)
        )),
    }
}

/// `sort KEY [reverse]`; the key itself is checked as `--sort` is.
fn sort(rest: &str) -> Result<Command, String> {
    let mut words = rest.split_whitespace();
    let Some(key) = words.next() else {
        return Ok(Command::Sort(None));
    };
    let reverse = match words.next().map(str::to_lowercase).as_deref() {
        None => false,
        Some("reverse" | "reversed" | "r" | "desc") => true,
        Some(other) => {
            return Err(format!(
                "sort takes a key and optionally 'reverse', not '{}'",
                crate::domain::text::sanitize(other)
            ));
        }
    };
    Ok(Command::Sort(Some((key.to_string(), reverse))))
}

/// `hearing N OUTCOME [DATE] [NOTE…]`: a word after the outcome that reads as a date is the
/// next hearing; whatever follows is the note.
fn hearing(rest: &str) -> Result<Command, String> {
    const USAGE: &str = "type hearing N OUTCOME [DATE] [NOTE], e.g. hearing 3 adjourned 2026-12-20";
    let line = line_number("hearing", rest)?;
    let mut words = rest.split_whitespace().skip(1).peekable();
    let Some(outcome) = words.next() else {
        return Err(format!("hearing needs an outcome: {USAGE}"));
    };
    let outcome: Outcome = outcome
        .replace('-', "_")
        .parse()
        .map_err(|why| format!("outcome: {why}; nothing changed"))?;
    let next = match words.peek() {
        Some(word) if word.starts_with(|c: char| c.is_ascii_digit()) => {
            let date = parse_date(word).map_err(|why| format!("date: {why}; nothing changed"))?;
            words.next();
            Some(date)
        }
        _ => None,
    };
    let note = words.collect::<Vec<_>>().join(" ");
    let entry = HearingEntry {
        outcome,
        next,
        note: (!note.is_empty()).then_some(note),
    };
    Ok(Command::Hearing { line, entry })
}

/// `checklist N [--out FILE]`.
fn checklist(rest: &str) -> Result<Command, String> {
    let line = line_number("checklist", rest)?;
    let mut words = rest.split_whitespace().skip(1);
    let out = match (words.next(), words.next(), words.next()) {
        (None, _, _) => None,
        (Some("--out" | "-o" | "out"), Some(file), None) => Some(PathBuf::from(file)),
        _ => return Err("type checklist N, or checklist N --out FILE".to_string()),
    };
    Ok(Command::Checklist { line, out })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn words_and_their_short_forms_parse() {
        assert_eq!(parse("  LIST "), Ok(Command::List));
        assert_eq!(parse("n"), Ok(Command::Next));
        assert_eq!(parse("o 3"), Ok(Command::Open(3)));
        assert_eq!(parse("open 3."), Ok(Command::Open(3)));
        assert_eq!(
            parse("/ aslam  khan"),
            Ok(Command::Search(Some("aslam  khan".into())))
        );
        assert_eq!(parse("filter"), Ok(Command::Filter(None)));
        assert_eq!(
            parse("sort days reverse"),
            Ok(Command::Sort(Some(("days".into(), true))))
        );
        assert_eq!(parse("exit"), Ok(Command::Quit));
        assert_eq!(parse(""), Ok(Command::Nothing));
    }

    #[test]
    fn a_hearing_takes_an_outcome_a_date_and_a_note() {
        let Ok(Command::Hearing { line, entry }) =
            parse("hearing 3 bail-granted 20/12/2026 surety of two")
        else {
            panic!("parses");
        };
        assert_eq!(line, 3);
        assert_eq!(entry.outcome, Outcome::BailGranted);
        assert_eq!(entry.next, NaiveDate::from_ymd_opt(2026, 12, 20));
        assert_eq!(entry.note.as_deref(), Some("surety of two"));
        let err = parse("hearing 3 ajourned").expect_err("bad outcome");
        assert!(
            err.starts_with("outcome: 'ajourned' is not one of"),
            "{err}"
        );
        let err = parse("hearing 3 adjourned 2026-13-40").expect_err("bad date");
        assert!(err.starts_with("date: '2026-13-40' is not a date"), "{err}");
        assert!(parse("hearing x adjourned").is_err());
    }

    #[test]
    fn an_unknown_word_is_one_line_with_the_nearest_word() {
        assert_eq!(
            parse("lsit").expect_err("unknown"),
            "unknown command 'lsit' — did you mean list? type help"
        );
        assert_eq!(
            parse("xyz").expect_err("unknown"),
            "unknown command 'xyz' — type help"
        );
        assert_eq!(
            parse("open").expect_err("no number"),
            "open needs the number at the start of a list line, e.g. open 3"
        );
    }

    #[test]
    fn help_has_one_line_for_every_word() {
        let help = help();
        assert_eq!(help.len(), WORDS.len() + 1);
        for w in WORDS {
            assert!(help.iter().any(|l| l.starts_with(w.name)), "{}", w.name);
        }
    }
}
