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
        let encoder = DoubleMetaphone::default();
        let codes: Vec<String> = self
            .words
            .iter()
            .map(|w| match w.arabic {
                true => encoder.encode(&romanize(&w.key)),
                false => encoder.encode(&w.key),
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

/// One sound of a folded Arabic-script word, as far as it can be read without vowel marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sound {
    /// A consonant, as the Latin letter most spellings use (ق and ک are both `k`).
    C(u8),
    /// Alef: a written long "a" (any vowel at the start of a word).
    A,
    /// Waw: "u"/"o" or the consonant "w"/"v".
    W,
    /// Ye: "i"/"e" or the consonant "y".
    Y,
    /// Ain: a vowel, or nothing.
    Ain,
    /// A final "ه": a final vowel ("Ditta"), "h", both ("Allah"), or silent ("Shazia").
    HEnd,
}

fn sounds(arabic: &str) -> Vec<Sound> {
    use Sound::*;
    let letters: Vec<char> = arabic.chars().collect();
    let mut out = Vec::with_capacity(letters.len() + 2);
    for (i, &c) in letters.iter().enumerate() {
        let two = |a: u8, b: u8| [C(a), C(b)];
        match c {
            'ا' => out.push(A),
            'و' => out.push(W),
            'ي' => out.push(Y),
            'ع' => out.push(Ain),
            'ه' if i + 1 == letters.len() && i > 0 => out.push(HEnd),
            'چ' => out.extend(two(b'c', b'h')),
            'خ' => out.extend(two(b'k', b'h')),
            'غ' => out.extend(two(b'g', b'h')),
            'ش' => out.extend(two(b's', b'h')),
            'ژ' => out.extend(two(b'z', b'h')),
            _ => {
                if let Some(letter) = consonant(c) {
                    out.push(C(letter));
                }
            }
        }
    }
    out.dedup_by(|b, a| matches!((a, b), (C(x), C(y)) if x == y));
    out
}

fn consonant(c: char) -> Option<u8> {
    Some(match c {
        'ب' => b'b',
        'پ' => b'p',
        'ت' | 'ط' => b't',
        'ث' | 'س' | 'ص' => b's',
        'ج' => b'j',
        'ح' | 'ه' => b'h',
        'د' => b'd',
        'ذ' | 'ز' | 'ض' | 'ظ' => b'z',
        'ر' => b'r',
        'ف' => b'f',
        'ق' | 'ك' => b'k',
        'گ' => b'g',
        'ل' => b'l',
        'م' => b'm',
        'ن' => b'n',
        _ => return None,
    })
}

/// A Latin spelling read as consonants (classed as [`Sound::C`]) and vowel runs.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Latin {
    C(u8),
    V(Vec<u8>),
}

fn latin_sounds(word: &str) -> Vec<Latin> {
    let bytes: Vec<u8> = word.bytes().filter(u8::is_ascii_alphabetic).collect();
    let vowel = |b: u8| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u');
    let mut out: Vec<Latin> = Vec::with_capacity(bytes.len());
    for (i, &b) in bytes.iter().enumerate() {
        let next_vowel = bytes.get(i + 1).is_some_and(|&n| vowel(n));
        // "y" and "w" before a vowel are consonants; elsewhere they spell a vowel ("Aly").
        let as_vowel = match b {
            b'y' if !next_vowel && i > 0 => Some(b'i'),
            b'w' if !next_vowel && i > 0 => Some(b'u'),
            _ if vowel(b) => Some(b),
            _ => None,
        };
        if let Some(v) = as_vowel {
            match out.last_mut() {
                Some(Latin::V(run)) => run.push(v),
                _ => out.push(Latin::V(vec![v])),
            }
            continue;
        }
        let class = match b {
            b'q' => b'k',
            b'c' if bytes.get(i + 1) != Some(&b'h') => b'k',
            b'v' => b'w',
            b'x' => {
                out.push(Latin::C(b'k'));
                b's'
            }
            _ => b,
        };
        if out.last() != Some(&Latin::C(class)) {
            out.push(Latin::C(class));
        }
    }
    out
}

/// Whether a folded Arabic-script word can be read as the Latin spelling `latin`: the same
/// consonants in the same order, each written vowel letter (ا, و, ی) matched by a Latin vowel of
/// its kind, and the Latin's other vowels taken as the short vowels Urdu does not write.
/// "اسلم" fits "aslam"; "محمود" fits "mahmud" but not "muhammad".
pub fn arabic_fits_latin(arabic: &str, latin: &str) -> bool {
    let a = sounds(&fold_word(arabic));
    let l = latin_sounds(&fold_word(latin));
    if a.is_empty() || l.is_empty() {
        return false;
    }
    let mut memo = vec![None; (a.len() + 1) * (l.len() + 1)];
    fit(&a, &l, 0, 0, &mut memo)
}

fn fit(a: &[Sound], l: &[Latin], i: usize, j: usize, memo: &mut [Option<bool>]) -> bool {
    let slot = i * (l.len() + 1) + j;
    if let Some(known) = memo[slot] {
        return known;
    }
    // A final Latin vowel is written in Urdu (ا, ی, ہ): only inner ones may be passed over,
    // or "طاہر" (Tahir) would be read as "Tahira".
    let vowel_here = matches!(l.get(j), Some(Latin::V(_))) && j + 1 < l.len();
    let result = match a.get(i) {
        None => j == l.len(),
        Some(&sound) => {
            // A Latin vowel Urdu does not write (a short vowel) is passed over.
            (vowel_here && fit(a, l, i, j + 1, memo))
                || (matches!(sound, Sound::Ain | Sound::HEnd) && fit(a, l, i + 1, j, memo))
                || (l.get(j).is_some_and(|latin| step(sound, latin, i == 0))
                    && fit(a, l, i + 1, j + 1, memo))
                || (sound == Sound::HEnd
                    && matches!(l.get(j), Some(Latin::V(_)))
                    && l.get(j + 1) == Some(&Latin::C(b'h'))
                    && fit(a, l, i + 1, j + 2, memo))
        }
    };
    memo[slot] = Some(result);
    result
}

/// Whether one Arabic sound can be spelled by one Latin token.
fn step(sound: Sound, latin: &Latin, first: bool) -> bool {
    let has = |run: &[u8], set: &[u8]| run.iter().any(|b| set.contains(b));
    match (sound, latin) {
        (Sound::C(x), Latin::C(y)) => x == *y,
        (Sound::A, Latin::V(run)) => first || has(run, b"a"),
        (Sound::W, Latin::V(run)) => has(run, b"ou"),
        (Sound::W, Latin::C(c)) => *c == b'w',
        (Sound::Y, Latin::V(run)) => has(run, b"ie"),
        (Sound::Y, Latin::C(c)) => *c == b'y',
        (Sound::Ain, Latin::V(_)) => true,
        (Sound::HEnd, Latin::V(_)) => true,
        (Sound::HEnd, Latin::C(c)) => *c == b'h',
        _ => false,
    }
}

/// A Latin reading of an Arabic-script word for the phonetic code: consonants as they sound,
/// written vowels as a, u, i (an initial ain as a vowel).
fn romanize(arabic: &str) -> String {
    sounds(arabic)
        .iter()
        .enumerate()
        .filter_map(|(i, s)| match s {
            Sound::C(c) => Some(*c as char),
            Sound::A | Sound::HEnd => Some('a'),
            Sound::W => Some('u'),
            Sound::Y => Some('i'),
            Sound::Ain => (i == 0).then_some('a'),
        })
        .collect()
}
