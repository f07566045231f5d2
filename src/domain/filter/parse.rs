//! Parsing `EXPR` into terms: tokens (quotes), fields, values, and the one-line errors.

use super::{FIELDS, Filter, FilterError, Flag, Number, Op, Presence, Term, Test, TextField, When};
use crate::domain::model::{BailStatus, Gender, Law, Stage, Substance, Weakness, parse_date};
use crate::domain::triage::Band;

/// See [`Filter::parse`].
pub(super) fn parse(expr: &str) -> Result<Filter, FilterError> {
    let mut filter = Filter::default();
    let mut words = Vec::new();
    for token in tokens(expr)? {
        let (negated, body) = match token.raw.strip_prefix('-') {
            Some(rest) if !rest.is_empty() => (true, rest),
            _ => (false, token.raw.as_str()),
        };
        match split_term(body) {
            Some((field, op, value)) => {
                let test = parse_test(&token.raw, field, op, value)?;
                filter.terms.push(Term { negated, test });
            }
            None if negated => return Err(FilterError::NegatedWord { term: token.raw }),
            None => words.push(token.text),
        }
    }
    filter.search = words.join(" ");
    Ok(filter)
}

/// One whitespace-separated piece of the expression: as typed, and with quotes removed.
struct Token {
    raw: String,
    text: String,
}

/// Splits on whitespace outside double quotes; quotes are removed from `text`.
fn tokens(expr: &str) -> Result<Vec<Token>, FilterError> {
    let mut out = Vec::new();
    let (mut raw, mut text, mut quoted) = (String::new(), String::new(), false);
    for c in expr.chars() {
        if c.is_whitespace() && !quoted {
            if !raw.is_empty() {
                out.push(Token {
                    raw: std::mem::take(&mut raw),
                    text: std::mem::take(&mut text),
                });
            }
            continue;
        }
        raw.push(c);
        if c == '"' {
            quoted = !quoted;
        } else {
            text.push(c);
        }
    }
    if quoted {
        return Err(FilterError::OpenQuote { term: raw });
    }
    if !raw.is_empty() {
        out.push(Token { raw, text });
    }
    Ok(out)
}

/// `field`, operator and value of a term, or `None` for a free word (no ASCII-letter field
/// before `:`, `<`, `>` or `=`). Quotes stay in the value, so a comma inside them is text.
fn split_term(body: &str) -> Option<(&str, &str, String)> {
    let at = body.find([':', '<', '>', '='])?;
    let field = &body[..at];
    if field.is_empty() || !field.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_') {
        return None;
    }
    let rest = &body[at..];
    let op_len = if rest.starts_with("<=") || rest.starts_with(">=") {
        2
    } else {
        1
    };
    Some((field, &rest[..op_len], rest[op_len..].to_string()))
}

fn parse_test(term: &str, field: &str, op: &str, value: String) -> Result<Test, FilterError> {
    let field_lower = field.to_ascii_lowercase();
    let numeric = match field_lower.as_str() {
        "days" => Some(Number::Days),
        "months" => Some(Number::Months),
        "score" => Some(Number::Score),
        "age" => Some(Number::Age),
        _ => None,
    };
    if let Some(what) = numeric {
        return compare(term, what, op, &value.replace('"', ""));
    }
    if !FIELDS.contains(&field_lower.as_str()) {
        return Err(unknown_field(field));
    }
    // `court=X`: the whole name, not a part of it (what the statistics screen filters by).
    let exact = op == "=" && TEXT_FIELDS.contains(&field_lower.as_str());
    if op != ":" && !exact {
        let expected =
            format!("{field_lower}:VALUE (only days, months, score and age compare with {op})");
        return Err(bad(term, expected));
    }
    let values = split_values(&value);
    if values.iter().any(String::is_empty) {
        return Err(bad(
            term,
            format!("a value after {field_lower}: (quote values with spaces)"),
        ));
    }
    let text = |field| {
        let me = field == TextField::Lawyer && values.iter().any(|v| v == "me");
        let needles = values
            .iter()
            .filter(|v| !(me && *v == "me"))
            .cloned()
            .collect();
        Ok(Test::Text {
            field,
            needles,
            me,
            exact,
        })
    };
    match field_lower.as_str() {
        "court" => text(TextField::Court),
        "prison" => text(TextField::Prison),
        "lawyer" => text(TextField::Lawyer),
        "ps" => text(TextField::PoliceStation),
        "district" => text(TextField::District),
        "band" => {
            let all = [Band::Low, Band::Medium, Band::High, Band::Critical];
            one_of(term, &values, &all, |b| b.code()).map(Test::Band)
        }
        "gender" => one_of(term, &values, Gender::ALL, Gender::code).map(Test::Gender),
        "law" => one_of(term, &values, Law::ALL, Law::code).map(Test::Law),
        "stage" => one_of(term, &values, Stage::ALL, Stage::code).map(Test::Stage),
        "bail" => one_of(term, &values, BailStatus::ALL, BailStatus::code).map(Test::Bail),
        "substance" => one_of(term, &values, Substance::ALL, Substance::code).map(Test::Substance),
        "weakness" => one_of(term, &values, Weakness::ALL, Weakness::code).map(Test::Weakness),
        "is" => one_of(term, &values, FLAGS, flag_code).map(Test::Is),
        "has" => one_of(term, &values, PRESENCES, presence_code).map(Test::Has),
        _ => values
            .iter()
            .map(|v| when(term, v))
            .collect::<Result<_, _>>()
            .map(Test::Hearing),
    }
}

/// The fields whose value is free text: `:` finds a part of it, `=` the whole.
const TEXT_FIELDS: &[&str] = &["court", "prison", "lawyer", "ps", "district"];

/// The values of a term: split on commas outside double quotes, quotes removed, trimmed and
/// lower-cased (`prison:"Central Jail, Multan",adiala` is two values).
fn split_values(value: &str) -> Vec<String> {
    let mut values = vec![String::new()];
    let mut quoted = false;
    for c in value.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => values.push(String::new()),
            c => {
                if let Some(last) = values.last_mut() {
                    last.push(c);
                }
            }
        }
    }
    values.iter().map(|v| v.trim().to_lowercase()).collect()
}

const FLAGS: &[Flag] = &[
    Flag::Juvenile,
    Flag::Pregnant,
    Flag::Woman,
    Flag::Sick,
    Flag::Overdue,
    Flag::Near,
    Flag::Released,
];

fn flag_code(flag: Flag) -> &'static str {
    match flag {
        Flag::Juvenile => "juvenile",
        Flag::Pregnant => "pregnant",
        Flag::Woman => "woman",
        Flag::Sick => "sick",
        Flag::Overdue => "overdue",
        Flag::Near => "near",
        Flag::Released => "released",
    }
}

const PRESENCES: &[Presence] = &[
    Presence::Lawyer,
    Presence::Hearing,
    Presence::Weakness,
    Presence::Prison,
    Presence::Court,
    Presence::PoliceStation,
    Presence::District,
];

fn presence_code(p: Presence) -> &'static str {
    match p {
        Presence::Lawyer => "lawyer",
        Presence::Hearing => "hearing",
        Presence::Weakness => "weakness",
        Presence::Prison => "prison",
        Presence::Court => "court",
        Presence::PoliceStation => "ps",
        Presence::District => "district",
    }
}

fn bad(term: &str, expected: impl Into<String>) -> FilterError {
    FilterError::BadValue {
        term: term.to_string(),
        expected: expected.into(),
    }
}

fn unknown_field(field: &str) -> FilterError {
    match nearest(field, FIELDS.iter().copied()) {
        Some(suggestion) => FilterError::UnknownFieldNear {
            field: field.to_string(),
            suggestion,
        },
        None => FilterError::UnknownField {
            field: field.to_string(),
        },
    }
}

/// The choice `word` is most likely a typo of, for "did you mean …?" (fields, columns).
pub fn nearest(word: &str, choices: impl Iterator<Item = &'static str>) -> Option<&'static str> {
    let lower = word.to_lowercase();
    let (distance, choice) = choices
        .map(|c| (strsim::damerau_levenshtein(&lower, c), c))
        .min()?;
    // Two edits catch typos and swapped letters without suggesting unrelated names.
    (distance <= 2 && distance < lower.len()).then_some(choice)
}

/// Each value is a code, or a prefix of exactly one code (`stage:t` is trial).
fn one_of<T: Copy>(
    term: &str,
    values: &[String],
    all: &[T],
    code: fn(T) -> &'static str,
) -> Result<Vec<T>, FilterError> {
    let codes = || all.iter().map(|&v| code(v)).collect::<Vec<_>>().join(", ");
    values
        .iter()
        .map(|value| {
            if let Some(&exact) = all.iter().find(|&&v| code(v) == value) {
                return Ok(exact);
            }
            let starts: Vec<T> = all
                .iter()
                .copied()
                .filter(|&v| code(v).starts_with(value.as_str()))
                .collect();
            match starts.as_slice() {
                [one] => Ok(*one),
                [] => Err(bad(term, format!("one of {}", codes()))),
                many => {
                    let names: Vec<&str> = many.iter().map(|&v| code(v)).collect();
                    Err(bad(
                        term,
                        format!(
                            "one of {} ('{value}' could be {})",
                            codes(),
                            names.join(" or ")
                        ),
                    ))
                }
            }
        })
        .collect()
}

fn when(term: &str, value: &str) -> Result<When, FilterError> {
    let expected = "today, Nd (within N days), a date such as 2026-12-20, or none";
    match value {
        "today" => Ok(When::Today),
        "none" => Ok(When::None),
        _ => {
            if let Some(n) = value.strip_suffix('d').and_then(|n| n.parse::<u64>().ok()) {
                return Ok(When::Within(n));
            }
            parse_date(value)
                .map(When::On)
                .map_err(|_| bad(term, expected))
        }
    }
}

fn compare(term: &str, what: Number, op: &str, value: &str) -> Result<Test, FilterError> {
    let op = match op {
        "<" => Op::Lt,
        "<=" => Op::Le,
        ">" => Op::Gt,
        ">=" => Op::Ge,
        "=" | ":" => Op::Eq,
        _ => return Err(bad(term, "one of < <= > >= = and a whole number")),
    };
    let values = value
        .split(',')
        .map(|v| v.trim().parse::<i64>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| bad(term, "a whole number (or several, comma-separated)"))?;
    Ok(Test::Compare { what, op, values })
}
