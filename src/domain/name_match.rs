//! Name-aware search (issue 16 §2): does a query name this person, under any spelling? Pure.
//!
//! A query and a person's name (or father's name) are both turned into name keys
//! ([`super::names`]). The person is an **exact** match when the whole key is the query's key
//! ("Mohd. Aslam" for "Muhammad Aslam"), a **variant** match when every word of the query meets
//! a word of the name in order — another script ("محمد اسلم"), or part of the name ("aslam") —
//! and otherwise no match, when today's fuzzy search ([`super::search`]) still applies. The last
//! query word may be a word still being typed ("muhammad asl").

use super::names::{NameKey, NameTable, Word};

/// How a name answers a query; exact sorts first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NameMatch {
    /// The same name key.
    Exact,
    /// Every query word meets a word of the name, in order.
    Variant,
}

/// Which of the person's names matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    FatherName,
}

/// One name-aware match, with what to highlight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameHit {
    pub kind: NameMatch,
    pub field: Field,
    /// Char indices in the matched field's original text, for highlighting.
    pub positions: Vec<usize>,
}

/// A query made ready once, then asked of many names.
#[derive(Debug, Clone)]
pub struct NameQuery {
    key: NameKey,
    /// The query ends inside a word: its last word may be the start of a name's word.
    open_end: bool,
}

/// Shortest last word taken as the start of a longer one: fewer letters match too much.
const PREFIX_FROM: usize = 3;

impl NameQuery {
    /// The query `text` under `table`.
    pub fn new(table: &NameTable, text: &str) -> NameQuery {
        NameQuery {
            key: table.key(text),
            open_end: !text.ends_with(char::is_whitespace),
        }
    }

    /// No word to look for: every name would match, so name-aware search has nothing to add.
    pub fn is_empty(&self) -> bool {
        self.key.is_empty()
    }

    /// How `name` (with its original text for nothing but spans) answers this query.
    pub fn classify_key(&self, name: &NameKey) -> Option<(NameMatch, Vec<usize>)> {
        if self.key.is_empty() || name.is_empty() {
            return None;
        }
        if self.key.same_key(name) {
            return Some((NameMatch::Exact, spans(name.words.iter())));
        }
        let last = self.key.words.len() - 1;
        let mut from = 0;
        let mut matched = Vec::with_capacity(self.key.words.len());
        for (i, q) in self.key.words.iter().enumerate() {
            let open = self.open_end && i == last;
            let at = name.words[from..]
                .iter()
                .position(|w| q.meets(w) || (open && starts(q, w)))?;
            matched.push(&name.words[from + at]);
            from += at + 1;
        }
        Some((NameMatch::Variant, spans(matched.into_iter())))
    }

    /// The best match of this query against a person's name and father's name keys: the name
    /// first, the father's name when the name does not match at all.
    pub fn classify(&self, name: &NameKey, father: Option<&NameKey>) -> Option<NameHit> {
        let hit = |field, (kind, positions)| NameHit {
            kind,
            field,
            positions,
        };
        if let Some(found) = self.classify_key(name) {
            return Some(hit(Field::Name, found));
        }
        father
            .and_then(|f| self.classify_key(f))
            .map(|found| hit(Field::FatherName, found))
    }
}

/// Whether query word `q`, still being typed, begins the name's word `w` (as keyed or written).
fn starts(q: &Word, w: &Word) -> bool {
    !q.arabic
        && q.raw.chars().count() >= PREFIX_FROM
        && (w.key.starts_with(&*q.raw) || w.raw.starts_with(&*q.raw) || w.key.starts_with(&*q.key))
}

fn spans<'a>(words: impl Iterator<Item = &'a Word>) -> Vec<usize> {
    words.flat_map(|w| w.span.clone()).collect()
}

/// Convenience for one-off checks: classify `name`/`father` text against `query` text under
/// the built-in table. Search over many people should build a [`NameQuery`] once and keep the
/// people's keys.
pub fn classify(query: &str, name: &str, father: Option<&str>) -> Option<NameHit> {
    let table = NameTable::builtin();
    let father = father.map(|f| table.key(f));
    NameQuery::new(table, query).classify(&table.key(name), father.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_variant_and_none() {
        let cases: &[(&str, &str, Option<NameMatch>)] = &[
            ("mohammad aslam", "Muhammad Aslam", Some(NameMatch::Exact)),
            ("mohd aslam", "Muhammad Aslam", Some(NameMatch::Exact)),
            ("Muhammad Aslam", "Mohd. Aslam", Some(NameMatch::Exact)),
            ("محمد اسلم", "Muhammad Aslam", Some(NameMatch::Variant)),
            ("mohammad aslam", "محمد اسلم", Some(NameMatch::Variant)),
            ("محمد", "Mohammad Aslam", Some(NameMatch::Variant)),
            ("aslam", "Muhammad Aslam", Some(NameMatch::Variant)),
            ("mohammad asl", "Muhammad Aslam", Some(NameMatch::Variant)),
            ("aslam muhammad", "Muhammad Aslam", None),
            ("mahmud aslam", "Muhammad Aslam", None),
            ("hamid", "Ahmad Aslam", None),
            ("as", "Muhammad Aslam", None),
        ];
        for (query, name, expected) in cases {
            let found = classify(query, name, None).map(|h| h.kind);
            assert_eq!(found, *expected, "{query} / {name}");
        }
    }

    #[test]
    fn positions_cover_the_matched_words() {
        let hit = classify("aslam", "Mohd. Aslam", None).expect("matches");
        assert_eq!(hit.positions, [6, 7, 8, 9, 10]);
        let hit = classify("muhammad aslam", "Mohd. Aslam", None).expect("matches");
        assert_eq!(
            hit.positions,
            (0..11).filter(|&i| i != 5).collect::<Vec<_>>()
        );
    }

    #[test]
    fn father_name_matches_when_the_name_does_not() {
        let hit = classify("ghulam rasool", "Bilal Ahmed", Some("Gulam Rasul")).expect("father");
        assert_eq!((hit.kind, hit.field), (NameMatch::Exact, Field::FatherName));
        let hit = classify("bilal", "Bilal Ahmed", Some("Bilal Rasul")).expect("name");
        assert_eq!(hit.field, Field::Name);
        assert_eq!(classify("", "Bilal", None), None);
    }
}
