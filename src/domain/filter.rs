//! The filter language of issue 14 §1, the same in the TUI and the CLI: `EXPR` is
//! space-separated terms, all of which must hold (`court:multan band:critical,high -has:lawyer
//! days>365`); commas mean OR within a term, `-TERM` means not, values with spaces are quoted
//! (`prison:"women jail"`), and free words are handed back as the fuzzy-search text. Pure: the
//! caller passes `today`, the weights and the login's lawyer name (for `lawyer:me`).
//!
//! [`Filter::parse`] turns text into a [`Filter`] or one [`FilterError`] line naming the term;
//! [`Filter::matches`] tests one [`Subject`]; [`filter_roster`] tests a ranked roster, a million
//! people on every core, comparing each distinct interned text (court, prison, lawyer…) once.

use super::model::{BailStatus, Gender, Law, Stage, Substance, Weakness, parse_date};
use super::roster::Roster;
use super::triage::{Band, Facts, Ranked, statutory_bail_of};
use super::weights::Weights;
use chrono::{Days, NaiveDate};

/// Why a filter could not be parsed: one line naming the term and what is expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    #[error("unknown field '{field}' — did you mean {suggestion}?")]
    UnknownFieldNear {
        field: String,
        suggestion: &'static str,
    },
    #[error("unknown field '{field}' — fields are {}", FIELDS.join(", "))]
    UnknownField { field: String },
    #[error("'{term}': expected {expected}")]
    BadValue { term: String, expected: String },
    #[error("'{term}': a quote is not closed")]
    OpenQuote { term: String },
    #[error("'{term}': '-' negates a term such as court:X; search words cannot be negated")]
    NegatedWord { term: String },
}

/// Every field a term may name, for errors and suggestions.
pub const FIELDS: &[&str] = &[
    "court",
    "prison",
    "lawyer",
    "ps",
    "district",
    "band",
    "gender",
    "law",
    "stage",
    "bail",
    "substance",
    "is",
    "has",
    "weakness",
    "hearing",
    "days",
    "score",
    "age",
];

/// A parsed filter: terms that must all hold, and the free words for fuzzy search.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    terms: Vec<Term>,
    /// The free words, joined by single spaces ("" when none): hand them to `search::filter`.
    pub search: String,
}

#[derive(Debug, Clone, PartialEq)]
struct Term {
    negated: bool,
    test: Test,
}

/// Which text a `field:X` term reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TextField {
    Court,
    Prison,
    Lawyer,
    PoliceStation,
    District,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flag {
    Juvenile,
    Pregnant,
    Woman,
    Sick,
    Overdue,
    Near,
    Released,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Presence {
    Lawyer,
    Hearing,
    Weakness,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum When {
    Today,
    Within(u64),
    On(NaiveDate),
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Number {
    Days,
    Score,
    Age,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
}

#[derive(Debug, Clone, PartialEq)]
enum Test {
    /// Contains any needle (already lower-case); `me` also accepts the login's lawyer name.
    Text {
        field: TextField,
        needles: Vec<String>,
        me: bool,
    },
    Band(Vec<Band>),
    Gender(Vec<Gender>),
    Law(Vec<Law>),
    Stage(Vec<Stage>),
    Bail(Vec<BailStatus>),
    Substance(Vec<Substance>),
    Weakness(Vec<Weakness>),
    Is(Vec<Flag>),
    Has(Vec<Presence>),
    Hearing(Vec<When>),
    Compare {
        what: Number,
        op: Op,
        values: Vec<i64>,
    },
}

/// One person as the roster and the ranking know them. Texts are as recorded (not lowered).
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub facts: &'a Facts,
    /// The score and band as ranked.
    pub total: i64,
    pub band: Band,
    pub court: Option<&'a str>,
    /// The court the next hearing names, when it names its own (`court:X` matches either).
    pub hearing_court: Option<&'a str>,
    pub prison: Option<&'a str>,
    pub lawyer: Option<&'a str>,
    pub police_station: Option<&'a str>,
    pub district: Option<&'a str>,
}

/// What a filter is evaluated against besides the person.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub today: NaiveDate,
    pub weights: &'a Weights,
    /// The lawyer's name this login is mapped to (`lawyer:me`); `None`: `lawyer:me` finds nobody.
    pub me: Option<&'a str>,
}

impl Filter {
    /// Parses `expr`; see the module docs. A blank expression keeps everyone.
    pub fn parse(expr: &str) -> Result<Filter, FilterError> {
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

    /// True when there are no terms (free words aside).
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Whether `subject` passes every term.
    pub fn matches(&self, subject: &Subject, cx: &Context) -> bool {
        self.terms.iter().all(|t| {
            t.negated
                != t.test.holds(subject, cx, &mut |_, _, text, needle| {
                    contains_lower(text, needle)
                })
        })
    }
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
/// before `:`, `<`, `>` or `=`). Quotes are removed from the value.
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
    let value: String = rest[op_len..].chars().filter(|&c| c != '"').collect();
    Some((field, &rest[..op_len], value))
}

fn parse_test(term: &str, field: &str, op: &str, value: String) -> Result<Test, FilterError> {
    let field_lower = field.to_ascii_lowercase();
    let numeric = match field_lower.as_str() {
        "days" => Some(Number::Days),
        "score" => Some(Number::Score),
        "age" => Some(Number::Age),
        _ => None,
    };
    if let Some(what) = numeric {
        return compare(term, what, op, &value);
    }
    if !FIELDS.contains(&field_lower.as_str()) {
        return Err(unknown_field(field));
    }
    if op != ":" {
        let expected = format!("{field_lower}:VALUE (only days, score and age compare with {op})");
        return Err(bad(term, expected));
    }
    let values: Vec<String> = value.split(',').map(|v| v.trim().to_lowercase()).collect();
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
        Ok(Test::Text { field, needles, me })
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

const PRESENCES: &[Presence] = &[Presence::Lawyer, Presence::Hearing, Presence::Weakness];

fn presence_code(p: Presence) -> &'static str {
    match p {
        Presence::Lawyer => "lawyer",
        Presence::Hearing => "hearing",
        Presence::Weakness => "weakness",
    }
}

fn bad(term: &str, expected: impl Into<String>) -> FilterError {
    FilterError::BadValue {
        term: term.to_string(),
        expected: expected.into(),
    }
}

fn unknown_field(field: &str) -> FilterError {
    let lower = field.to_lowercase();
    let nearest = FIELDS
        .iter()
        .map(|f| (strsim::damerau_levenshtein(&lower, f), *f))
        .min();
    match nearest {
        // Two edits catch typos and swapped letters without suggesting unrelated fields.
        Some((distance, suggestion)) if distance <= 2 && distance < lower.len() => {
            FilterError::UnknownFieldNear {
                field: field.to_string(),
                suggestion,
            }
        }
        _ => FilterError::UnknownField {
            field: field.to_string(),
        },
    }
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

/// Whether `haystack` contains `needle` (lower-case), ignoring case.
fn contains_lower(haystack: &str, needle: &str) -> bool {
    if haystack.is_ascii() && needle.is_ascii() {
        let (h, n) = (haystack.as_bytes(), needle.as_bytes());
        return n.is_empty() || h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n));
    }
    haystack.to_lowercase().contains(needle)
}

impl Test {
    /// Whether the test holds. `text(slot, needle_at, value, needle)` answers "does this value
    /// contain the needle" (slot 0: the field, 1: the hearing's court), so the roster path can
    /// answer from its per-id cache.
    fn holds(&self, s: &Subject, cx: &Context, text: &mut TextTest) -> bool {
        let f = s.facts;
        match self {
            Test::Text { field, needles, me } => {
                let values: [Option<&str>; 2] = match field {
                    TextField::Court => [s.court, s.hearing_court],
                    TextField::Prison => [s.prison, None],
                    TextField::Lawyer => [s.lawyer, None],
                    TextField::PoliceStation => [s.police_station, None],
                    TextField::District => [s.district, None],
                };
                // `lawyer:me` is the mapped name itself (case aside), not a part of it.
                let mine = *me
                    && cx.me.zip(s.lawyer).is_some_and(|(name, lawyer)| {
                        lawyer.trim().to_lowercase() == name.trim().to_lowercase()
                    });
                mine || needles.iter().enumerate().any(|(at, n)| {
                    values
                        .iter()
                        .enumerate()
                        .any(|(slot, v)| v.is_some_and(|v| text(slot, at, v, n)))
                })
            }
            Test::Band(bands) => bands.contains(&s.band),
            Test::Gender(g) => f.gender.is_some_and(|x| g.contains(&x)),
            Test::Law(l) => l.contains(&f.law),
            Test::Stage(st) => st.contains(&f.stage),
            Test::Bail(b) => f.bail_status.is_some_and(|x| b.contains(&x)),
            Test::Substance(sub) => f.substance.is_some_and(|x| sub.contains(&x)),
            Test::Weakness(w) => w.iter().any(|code| f.findings.contains(code)),
            Test::Is(flags) => flags.iter().any(|&flag| is(flag, f, cx)),
            Test::Has(what) => what.iter().any(|p| match p {
                Presence::Lawyer => f.has_lawyer,
                Presence::Hearing => f.next_hearing.is_some(),
                Presence::Weakness => !f.findings.is_empty(),
            }),
            Test::Hearing(whens) => whens.iter().any(|w| hearing(*w, f.next_hearing, cx.today)),
            Test::Compare { what, op, values } => {
                let actual = match what {
                    Number::Days => Some(f.days_in_custody(cx.today)),
                    Number::Score => Some(s.total),
                    Number::Age => f.age_at_arrest().map(i64::from),
                };
                actual.is_some_and(|a| values.iter().any(|&v| op.holds(a, v)))
            }
        }
    }
}

/// See [`Test::holds`].
type TextTest<'t> = dyn FnMut(usize, usize, &str, &str) -> bool + 't;

impl Op {
    fn holds(self, a: i64, b: i64) -> bool {
        match self {
            Op::Lt => a < b,
            Op::Le => a <= b,
            Op::Gt => a > b,
            Op::Ge => a >= b,
            Op::Eq => a == b,
        }
    }
}

/// The flags from the triage facts, by the same rules the score uses.
fn is(flag: Flag, f: &Facts, cx: &Context) -> bool {
    let open_clock = || {
        statutory_bail_of(f, cx.weights)
            .filter(|sb| sb.blocked_by.is_none())
            .map(|sb| (sb.due - cx.today).num_days())
    };
    match flag {
        // Under 18 at arrest (JJSA), or says so and no age is recorded (age determination due).
        Flag::Juvenile => match f.age_at_arrest() {
            Some(age) => age < 18,
            None => f.juvenile_claimed == Some(true),
        },
        Flag::Pregnant => f.pregnant == Some(true),
        Flag::Woman => f.treated_as_woman(),
        Flag::Sick => {
            f.health.iter().any(|h| h.is_sickness())
                || f.age_on(cx.today)
                    .is_some_and(|a| a >= cx.weights.thresholds.elderly_age)
        }
        Flag::Overdue => f.in_custody() && open_clock().is_some_and(|until| until <= 0),
        Flag::Near => {
            let near = cx.weights.thresholds.statutory_bail_near_days;
            f.in_custody() && open_clock().is_some_and(|until| until > 0 && until <= near)
        }
        Flag::Released => !f.in_custody(),
    }
}

fn hearing(w: When, next: Option<NaiveDate>, today: NaiveDate) -> bool {
    match (w, next) {
        (When::None, next) => next.is_none(),
        (When::Today, Some(d)) => d == today,
        (When::Within(n), Some(d)) => {
            d >= today
                && today
                    .checked_add_days(Days::new(n))
                    .is_some_and(|end| d <= end)
        }
        (When::On(day), Some(d)) => d == day,
        (_, None) => false,
    }
}

/// Below this many people one thread is quicker than starting more (as in `search`).
const PARALLEL_FROM: usize = 20_000;

/// The positions in `ranked` (a ranking of `roster`) of everyone `filter` keeps, in ranked order.
/// Each thread remembers, per interned text id and needle, whether it matched, so a court's name
/// is compared once however many people it holds.
pub fn filter_roster(
    roster: &Roster,
    ranked: &[Ranked],
    filter: &Filter,
    cx: &Context,
) -> Vec<usize> {
    if filter.is_empty() {
        return (0..ranked.len()).collect();
    }
    let threads = match ranked.len() < PARALLEL_FROM {
        true => 1,
        false => std::thread::available_parallelism().map_or(1, |n| n.get().min(8)),
    };
    let chunk = ranked.len().div_ceil(threads).max(1);
    let work = |start: usize| {
        let mut cache = TextCache::new(roster, filter);
        let end = (start + chunk).min(ranked.len());
        (start..end)
            .filter(|&position| {
                let r = &ranked[position];
                roster_matches(roster, r, filter, cx, &mut cache)
            })
            .collect::<Vec<usize>>()
    };
    if threads == 1 {
        return work(0);
    }
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..ranked.len())
            .step_by(chunk)
            .map(|start| s.spawn(move || work(start)))
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}

fn roster_matches(
    roster: &Roster,
    r: &Ranked,
    filter: &Filter,
    cx: &Context,
    cache: &mut TextCache,
) -> bool {
    let (Some(entry), Some(ids), Some(names)) = (
        roster.entry(r.index),
        roster.place_ids(r.index),
        roster.names(r.index),
    ) else {
        return false;
    };
    let subject = Subject {
        facts: &entry.facts,
        total: r.total,
        band: r.band,
        court: roster.place(ids.court),
        hearing_court: roster.place(ids.hearing_court),
        prison: names.prison,
        lawyer: roster.place(ids.lawyer),
        police_station: names.police_station,
        district: roster.place(ids.district),
    };
    filter.terms.iter().enumerate().all(|(term_at, t)| {
        let field = match &t.test {
            Test::Text { field, .. } => *field,
            _ => {
                return t.negated
                    != t.test
                        .holds(&subject, cx, &mut |_, _, v, n| contains_lower(v, n));
            }
        };
        let mut text = |slot: usize, needle_at: usize, value: &str, needle: &str| {
            let id = match (slot, field) {
                (1, _) => ids.hearing_court,
                (_, TextField::Court) => ids.court,
                (_, TextField::Prison) => ids.prison,
                (_, TextField::Lawyer) => ids.lawyer,
                (_, TextField::PoliceStation) => ids.police_station,
                (_, TextField::District) => ids.district,
            };
            cache.contains(term_at, needle_at, id, value, needle)
        };
        t.negated != t.test.holds(&subject, cx, &mut text)
    })
}

/// Per term, per needle, per interned id: 0 not yet known, 1 no, 2 yes.
struct TextCache {
    tables: Vec<Vec<Vec<u8>>>,
    size: usize,
}

impl TextCache {
    fn new(roster: &Roster, filter: &Filter) -> TextCache {
        let tables = filter
            .terms
            .iter()
            .map(|t| match &t.test {
                Test::Text { needles, .. } => vec![Vec::new(); needles.len()],
                _ => Vec::new(),
            })
            .collect();
        TextCache {
            tables,
            size: roster.place_count(),
        }
    }

    /// Whether `text` (interned as `id`) holds the `needle_at`th needle of term `term`.
    fn contains(
        &mut self,
        term: usize,
        needle_at: usize,
        id: u32,
        text: &str,
        needle: &str,
    ) -> bool {
        let Some(table) = self.tables.get_mut(term).and_then(|t| t.get_mut(needle_at)) else {
            return contains_lower(text, needle);
        };
        if table.is_empty() {
            table.resize(self.size, 0);
        }
        match table.get(id as usize).copied() {
            Some(1) => false,
            Some(2) => true,
            Some(_) => {
                let found = contains_lower(text, needle);
                table[id as usize] = if found { 2 } else { 1 };
                found
            }
            None => contains_lower(text, needle),
        }
    }
}
