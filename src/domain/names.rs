//! Names as people write them (issue 16 §1): a name key under which "Muhammad Aslam", "Mohd.
//! Aslam" and "محمد اسلم" meet, and a phonetic code to find candidates quickly. Pure: no IO.
//!
//! The key of a name is its list of words, each folded: Unicode NFKC, lower case, dots, hyphens
//! and apostrophes dropped, titles left out, split endings joined ("Habib Ullah" is
//! "habibullah"), and every common spelling replaced by one form from the alias table
//! (`assets/names.toml`, embedded; a clinic file can extend it). A word in Arabic script has its
//! Urdu letters folded to their Arabic base (ی→ي, ہ→ه, ک→ك …); the table gives the Latin form
//! of common ones (محمد → muhammad), and any other is compared letter by letter with a Latin
//! spelling by [`arabic_fits_latin`], because Urdu writes no short vowels: "اسلم" is a-s-l-m.
//!
//! The phonetic code (Double Metaphone) only groups candidates; it never decides that two names
//! are one: "Muhammad" and "Mahmud" share a code and keep different keys.

use rphonetic::{DoubleMetaphone, Encoder};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

mod script;
pub use script::arabic_fits_latin;
use script::romanize;

/// The built-in table, `assets/names.toml`.
pub const BUILTIN_TABLE: &str = include_str!("../../assets/names.toml");

/// A names table that could not be read.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum NamesError {
    /// The text is not TOML of the expected shape.
    #[error("names table {source_name}: {message}")]
    Syntax {
        source_name: String,
        message: String,
    },
    /// One spelling is given as a variant of two different names.
    #[error("names table {source_name}: '{term}' is listed under both '{first}' and '{second}'")]
    Conflict {
        source_name: String,
        term: String,
        first: String,
        second: String,
    },
    /// An entry that folds to nothing (only dots, hyphens or spaces).
    #[error("names table {source_name}: the {section} entry '{term}' is empty once folded")]
    Empty {
        source_name: String,
        section: String,
        term: String,
    },
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TableFile {
    #[serde(default)]
    titles: Vec<String>,
    #[serde(default)]
    joins: Vec<String>,
    #[serde(default)]
    aliases: HashMap<String, Vec<String>>,
    #[serde(default)]
    suffixes: HashMap<String, Vec<String>>,
    #[serde(default)]
    script: HashMap<String, String>,
}

/// The lists the name key is made from: titles, joined endings, aliases and Urdu spellings.
#[derive(Debug, Clone, Default)]
pub struct NameTable {
    titles: HashSet<String>,
    joins: HashSet<String>,
    /// Each variant (and each key itself) → the key.
    aliases: HashMap<String, String>,
    /// Variant ending → key ending, longest first.
    suffixes: Vec<(String, String)>,
    /// Folded Arabic-script word or phrase → Latin key word.
    script: HashMap<String, String>,
    /// Script entries ending in the article "ال", used as prefixes: "عبدالستار".
    script_prefixes: Vec<(String, String)>,
}

impl NameTable {
    /// The built-in table. A test proves it parses; were it ever broken, keys would still be
    /// made (folded, without aliases) rather than fail.
    pub fn builtin() -> &'static NameTable {
        static TABLE: OnceLock<NameTable> = OnceLock::new();
        TABLE.get_or_init(|| {
            NameTable::parse("assets/names.toml", BUILTIN_TABLE).unwrap_or_default()
        })
    }

    /// Reads a table from TOML text; `source_name` names it in errors.
    pub fn parse(source_name: &str, text: &str) -> Result<NameTable, NamesError> {
        let mut table = NameTable::default();
        table.extend(source_name, text)?;
        Ok(table)
    }

    /// Adds the entries of another table (a clinic's file) to this one.
    pub fn extend(&mut self, source_name: &str, text: &str) -> Result<(), NamesError> {
        let file: TableFile = toml::from_str(text).map_err(|e| NamesError::Syntax {
            source_name: source_name.to_string(),
            message: e.message().to_string(),
        })?;
        let fold_entry = |section: &str, term: &str| {
            let folded = fold_word(term);
            match folded.is_empty() {
                true => Err(NamesError::Empty {
                    source_name: source_name.to_string(),
                    section: section.to_string(),
                    term: term.to_string(),
                }),
                false => Ok(folded),
            }
        };
        for title in &file.titles {
            self.titles.insert(fold_entry("titles", title)?);
        }
        for join in &file.joins {
            self.joins.insert(fold_entry("joins", join)?);
        }
        let mut keys: Vec<_> = file.aliases.iter().collect();
        keys.sort();
        for (key, variants) in keys {
            let key = fold_entry("aliases", key)?;
            for variant in variants.iter().map(String::as_str).chain([key.as_str()]) {
                let variant = fold_entry("aliases", variant)?;
                match self.aliases.get(&variant) {
                    Some(other) if *other != key => {
                        return Err(NamesError::Conflict {
                            source_name: source_name.to_string(),
                            term: variant,
                            first: other.clone(),
                            second: key.clone(),
                        });
                    }
                    _ => self.aliases.insert(variant, key.clone()),
                };
            }
        }
        for (key, variants) in &file.suffixes {
            let key = fold_entry("suffixes", key)?;
            for variant in variants {
                let variant = fold_entry("suffixes", variant)?;
                self.suffixes.push((variant, key.clone()));
            }
        }
        // Longest ending first, so "uldin" is tried before "udin".
        self.suffixes
            .sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.cmp(b)));
        for (arabic, latin) in &file.script {
            let arabic: String = arabic
                .split_whitespace()
                .map(fold_word)
                .collect::<Vec<_>>()
                .join(" ");
            let latin = self.canonical(&fold_entry("script", latin)?);
            if arabic.ends_with("ال") && arabic.chars().count() > 2 {
                self.script_prefixes.push((arabic.clone(), latin.clone()));
            }
            self.script.insert(arabic, latin);
        }
        self.script_prefixes
            .sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.cmp(b)));
        Ok(())
    }

    /// The key form of one folded Latin word: its alias, else its ending replaced, else itself.
    fn canonical(&self, word: &str) -> String {
        if let Some(key) = self.aliases.get(word) {
            return key.clone();
        }
        for (variant, key) in &self.suffixes {
            if word.len() > variant.len() && word.ends_with(variant.as_str()) {
                let stem = &word[..word.len() - variant.len()];
                return format!("{stem}{key}");
            }
        }
        word.to_string()
    }

    /// Every (variant, key) pair of the alias table, for tests and help screens.
    pub fn aliases(&self) -> impl Iterator<Item = (&str, &str)> {
        self.aliases.iter().map(|(v, k)| (v.as_str(), k.as_str()))
    }

    /// Every folded title.
    pub fn titles(&self) -> impl Iterator<Item = &str> {
        self.titles.iter().map(String::as_str)
    }

    /// The name key of `name` (see the module docs).
    pub fn key(&self, name: &str) -> NameKey {
        let raw = split_words(name);
        let mut words: Vec<Word> = Vec::with_capacity(raw.len());
        let mut i = 0;
        while i < raw.len() {
            let (folded, span) = &raw[i];
            // A two-word Urdu phrase in the table ("بی بی") is one word.
            if let Some((next, next_span)) = raw.get(i + 1) {
                let phrase = format!("{folded} {next}");
                if let Some(latin) = self.script.get(&phrase) {
                    words.push(Word::latin(latin.clone(), span.start..next_span.end));
                    i += 2;
                    continue;
                }
            }
            i += 1;
            if self.titles.contains(folded) {
                continue;
            }
            if is_arabic(folded) {
                self.push_arabic(&mut words, folded, span.clone());
                continue;
            }
            let joins_previous =
                self.joins.contains(folded) && words.last().is_some_and(|w| !w.arabic);
            match words.last_mut() {
                Some(last) if joins_previous => {
                    let joined = format!("{}{folded}", last.raw);
                    last.key = self.canonical(&joined).into();
                    last.raw = joined.into();
                    last.span.end = span.end;
                }
                _ => words.push(Word {
                    key: self.canonical(folded).into(),
                    raw: folded.as_str().into(),
                    arabic: false,
                    span: span.clone(),
                }),
            }
        }
        if words.is_empty() {
            // A name that is only a title ("Hafiz") keeps it rather than become nothing.
            words = raw
                .into_iter()
                .map(|(folded, span)| Word {
                    key: self.canonical(&folded).into(),
                    raw: folded.into(),
                    arabic: false,
                    span,
                })
                .collect();
        }
        NameKey { words }
    }

    fn push_arabic(&self, words: &mut Vec<Word>, folded: &str, span: Range<usize>) {
        if let Some(latin) = self.script.get(folded) {
            words.push(Word::latin(latin.clone(), span));
            return;
        }
        for (prefix, latin) in &self.script_prefixes {
            if let Some(rest) = folded
                .strip_prefix(prefix.as_str())
                .filter(|r| !r.is_empty())
            {
                words.push(Word::latin(latin.clone(), span.clone()));
                self.push_arabic(words, rest, span);
                return;
            }
        }
        // The article on a later word ("فضل الرحمان") is not part of what the Latin writes.
        if !words.is_empty()
            && let Some(rest) = folded.strip_prefix("ال").filter(|r| r.chars().count() > 1)
        {
            return self.push_arabic(words, rest, span);
        }
        words.push(Word {
            key: folded.into(),
            raw: folded.into(),
            arabic: true,
            span,
        });
    }
}

/// One word of a name key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The key form: a Latin word from the alias table, or the folded Arabic-script word.
    pub key: Box<str>,
    /// The folded spelling as written, before aliases.
    pub raw: Box<str>,
    /// Still in Arabic script (no table entry): compared by [`arabic_fits_latin`].
    pub arabic: bool,
    /// Char range of the word in the original name, for highlighting.
    pub span: Range<usize>,
}

impl Word {
    fn latin(key: String, span: Range<usize>) -> Word {
        Word {
            raw: key.as_str().into(),
            key: key.into(),
            arabic: false,
            span,
        }
    }

    /// Whether this word and `other` are the same name: the same key, or one in Arabic script
    /// whose letters fit the other's Latin spelling (as keyed or as written).
    pub fn meets(&self, other: &Word) -> bool {
        match (self.arabic, other.arabic) {
            (false, false) | (true, true) => self.key == other.key,
            (true, false) => fits(&self.key, other),
            (false, true) => fits(&other.key, self),
        }
    }
}

/// A Latin word with "ee" as "i", "oo" and "ou" as "u", and doubled letters single.
fn loose_spelling(word: &str) -> String {
    let folded = word
        .replace("ee", "i")
        .replace("oo", "u")
        .replace("ou", "u");
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

fn fits(arabic: &str, latin: &Word) -> bool {
    arabic_fits_latin(arabic, &latin.key) || arabic_fits_latin(arabic, &latin.raw)
}

/// The key of a name: its words, folded (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NameKey {
    pub words: Vec<Word>,
}

impl NameKey {
    /// The key as one string, words separated by a space: equal strings, same name key.
    pub fn text(&self) -> String {
        let keys: Vec<&str> = self.words.iter().map(|w| &*w.key).collect();
        keys.join(" ")
    }

    /// No word at all (a blank name).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Same words, same keys, same order.
    pub fn same_key(&self, other: &NameKey) -> bool {
        self.words.len() == other.words.len()
            && self
                .words
                .iter()
                .zip(&other.words)
                .all(|(a, b)| a.key == b.key)
    }

    /// Same number of words, and each Latin word spelt like the other's but for the vowel and
    /// doubled-letter spellings that vary from one register to the next ("Rubina" and
    /// "Rubeena", "Shakil" and "Shakeel", "Yusuf" and "Yousuf"). Weaker than a name key: for the
    /// duplicate check, with other evidence, never for search. "Muhammad" and "Mahmud" stay
    /// apart.
    pub fn spelt_alike(&self, other: &NameKey) -> bool {
        !self.words.is_empty()
            && self.words.len() == other.words.len()
            && self.words.iter().zip(&other.words).all(|(a, b)| {
                a.key == b.key
                    || (!a.arabic && !b.arabic && loose_spelling(&a.key) == loose_spelling(&b.key))
            })
    }

    /// Same number of words and each meets the other's word at the same place: the same name
    /// in another spelling or script.
    pub fn meets(&self, other: &NameKey) -> bool {
        !self.words.is_empty()
            && self.words.len() == other.words.len()
            && self.words.iter().zip(&other.words).all(|(a, b)| a.meets(b))
    }

    /// The phonetic code: Double Metaphone (primary) of each word, joined by spaces. For
    /// grouping candidates only, never to decide.
    pub fn phonetic(&self) -> String {
        // Building the encoder costs more than one name's code: make it once.
        static ENCODER: OnceLock<DoubleMetaphone> = OnceLock::new();
        let encoder = ENCODER.get_or_init(DoubleMetaphone::default);
        let codes: Vec<String> = self
            .words
            .iter()
            .map(|w| {
                let text = match w.arabic {
                    true => romanize(&w.key),
                    false => w.key.to_string(),
                };
                // The encoder slices its input by byte as if each char were one byte, and
                // panics inside a wider char ("José", a stray symbol, another script): give it
                // the ASCII letters only, and a word without any groups by itself.
                let letters: String = text.chars().filter(char::is_ascii_alphabetic).collect();
                match letters.is_empty() {
                    true => text,
                    false => encoder.encode(&letters),
                }
            })
            .collect();
        codes.join(" ")
    }
}

/// The name key of `name` under the built-in table.
pub fn key(name: &str) -> NameKey {
    NameTable::builtin().key(name)
}

/// Splits a name into folded words with the char span of each in the original.
fn split_words(name: &str) -> Vec<(String, Range<usize>)> {
    let mut words = Vec::new();
    let mut start = None;
    let mut count = 0;
    for (i, c) in name.chars().enumerate() {
        count = i + 1;
        let separator =
            c.is_whitespace() || matches!(c, ',' | '/' | '(' | ')' | '_' | '&' | ';' | ':' | '"');
        match (separator, start) {
            (true, Some(s)) => {
                push_folded(&mut words, name, s..i);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        push_folded(&mut words, name, s..count);
    }
    words
}

fn push_folded(words: &mut Vec<(String, Range<usize>)>, name: &str, span: Range<usize>) {
    let original: String = name.chars().skip(span.start).take(span.len()).collect();
    let folded = fold_word(&original);
    if !folded.is_empty() {
        words.push((folded, span));
    }
}

/// One word folded: NFKC, lower case, no dots, hyphens, apostrophes, Arabic vowel marks or
/// tatweel, and Urdu letters folded to their Arabic base.
pub fn fold_word(word: &str) -> String {
    // A ye carrying a standing alef (بشریٰ, Bushra) is read as alef.
    let word = word
        .replace("\u{06cc}\u{0670}", "\u{0627}")
        .replace("\u{064a}\u{0670}", "\u{0627}")
        .replace("\u{0649}\u{0670}", "\u{0627}");
    word.nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| {
            !matches!(
                c,
                '.' | '-' | '\'' | '`' | '\u{2019}' | '\u{02bc}' | '\u{2010}'..='\u{2015}'
            )
        })
        .filter(|c| {
            !matches!(
                c,
                '\u{0640}' | '\u{064b}'..='\u{065f}' | '\u{0670}' | '\u{200c}' | '\u{200d}'
            )
        })
        .map(fold_urdu)
        .collect()
}

/// An Urdu letter's Arabic base letter (the same letter in another shape); other chars as
/// they are.
pub fn fold_urdu(c: char) -> char {
    match c {
        'ی' | 'ے' | 'ى' | 'ۓ' | 'ئ' => 'ي',
        'ہ' | 'ھ' | 'ۃ' | 'ة' | 'ۂ' => 'ه',
        'ک' => 'ك',
        'ں' => 'ن',
        'ٹ' => 'ت',
        'ڈ' => 'د',
        'ڑ' => 'ر',
        'آ' | 'أ' | 'إ' | 'ٱ' => 'ا',
        'ؤ' => 'و',
        _ => c,
    }
}

fn is_arabic(word: &str) -> bool {
    word.chars().any(|c| ('\u{0600}'..='\u{06ff}').contains(&c))
}
