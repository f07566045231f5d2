//! A short list of small codes kept inline: what lets a million people's triage facts be held
//! without an allocation each.

use std::fmt;

/// How many codes [`Codes`] keeps without a heap allocation.
const INLINE_CODES: usize = 7;

/// A short list of small codes (health conditions, findings) in recorded order. Up to seven are
/// kept inline, so a million people cost no allocation each; longer lists go to the heap.
#[derive(Clone, PartialEq, Eq)]
pub enum Codes<T> {
    /// The codes, then `None`s.
    Inline([Option<T>; INLINE_CODES]),
    Spilled(Box<[T]>),
}

impl<T: Copy> Codes<T> {
    /// No codes.
    pub const fn new() -> Codes<T> {
        Codes::Inline([None; INLINE_CODES])
    }

    /// Appends a code.
    pub fn push(&mut self, code: T) {
        match self {
            Codes::Inline(items) => match items.iter_mut().find(|slot| slot.is_none()) {
                Some(slot) => *slot = Some(code),
                None => {
                    let mut all: Vec<T> = items.iter().flatten().copied().collect();
                    all.push(code);
                    *self = Codes::Spilled(all.into());
                }
            },
            Codes::Spilled(items) => {
                let mut all = items.to_vec();
                all.push(code);
                *items = all.into();
            }
        }
    }

    /// The codes in recorded order.
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        let (inline, spilled): (&[Option<T>], &[T]) = match self {
            Codes::Inline(items) => (items, &[]),
            Codes::Spilled(items) => (&[], items),
        };
        inline.iter().flatten().chain(spilled)
    }

    pub fn len(&self) -> usize {
        self.iter().count()
    }

    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }

    pub fn contains(&self, code: &T) -> bool
    where
        T: PartialEq,
    {
        self.iter().any(|c| c == code)
    }
}

impl<T: Copy> Default for Codes<T> {
    fn default() -> Codes<T> {
        Codes::new()
    }
}

impl<T: Copy> FromIterator<T> for Codes<T> {
    fn from_iter<I: IntoIterator<Item = T>>(codes: I) -> Codes<T> {
        let mut all = Codes::new();
        for code in codes {
            all.push(code);
        }
        all
    }
}

impl<T: Copy> From<&[T]> for Codes<T> {
    fn from(codes: &[T]) -> Codes<T> {
        codes.iter().copied().collect()
    }
}

impl<T: Copy + fmt::Debug> fmt::Debug for Codes<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}
