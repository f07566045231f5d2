//! Texts stored once and named by a small id: a roster's names and places repeat across a
//! caseload ("Muhammad Aslam", "Central Jail Adiala"), so each distinct text is kept once and
//! a person holds ids. A search or filter then matches each distinct text once per query and
//! looks the rest up by id, which at a million people is most of its time saved.
//!
//! The table of ids is a `hashbrown::HashTable` over the texts themselves (the crate the
//! standard library's map is built on): a map from text to id would keep every text twice.

use hashbrown::HashTable;
use std::hash::BuildHasher;

/// Distinct texts and their ids; id 0 is "not recorded" (`None`), never a text.
#[derive(Debug, Clone, Default)]
pub struct Interner {
    /// By id; index 0 is the placeholder for "not recorded".
    texts: Vec<Box<str>>,
    /// Ids of `texts`, found by the text's hash.
    ids: HashTable<u32>,
}

/// Fx hashing: the texts are the clinic's own names and places, and a hash is taken for every
/// person loaded.
fn hash_of(text: &str) -> u64 {
    rustc_hash::FxBuildHasher.hash_one(text)
}

impl Interner {
    /// The id of `text`, added if it is new; 0 for `None`. `Some("")` is a text like any other.
    pub fn intern(&mut self, text: Option<&str>) -> u32 {
        let Some(text) = text else { return 0 };
        if self.texts.is_empty() {
            self.texts.push("".into());
        }
        let Interner { texts, ids } = self;
        let hash = hash_of(text);
        if let Some(&id) = ids.find(hash, |&id| &*texts[id as usize] == text) {
            return id;
        }
        let id = texts.len() as u32;
        texts.push(text.into());
        ids.insert_unique(hash, id, |&id| hash_of(&texts[id as usize]));
        id
    }

    /// The text of `id`; `None` for 0 or an id never given.
    pub fn get(&self, id: u32) -> Option<&str> {
        if id == 0 {
            return None;
        }
        self.texts.get(id as usize).map(|t| &**t)
    }

    /// One more than the largest id: the size of a table indexed by id.
    pub fn id_count(&self) -> usize {
        self.texts.len().max(1)
    }

    /// Frees spare capacity once loading is done (texts added later are still interned).
    pub fn shrink_to_fit(&mut self) {
        let Interner { texts, ids } = self;
        texts.shrink_to_fit();
        ids.shrink_to_fit(|&id| hash_of(&texts[id as usize]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_id_per_distinct_text_and_none_is_zero() {
        let mut t = Interner::default();
        assert_eq!(t.intern(None), 0);
        let a = t.intern(Some("Muhammad Aslam"));
        let b = t.intern(Some("Central Jail Adiala"));
        let empty = t.intern(Some(""));
        assert_eq!(t.intern(Some("Muhammad Aslam")), a);
        assert_ne!(a, b);
        assert!(
            a != 0 && b != 0 && empty != 0,
            "a text, even empty, is not 'none'"
        );
        t.shrink_to_fit();
        assert_eq!(
            t.intern(Some("Central Jail Adiala")),
            b,
            "still found after shrinking"
        );
        assert_eq!(t.get(a), Some("Muhammad Aslam"));
        assert_eq!(t.get(empty), Some(""));
        assert_eq!(t.get(0), None);
        assert_eq!(t.get(99), None);
        assert_eq!(t.id_count(), 4);
    }
}
