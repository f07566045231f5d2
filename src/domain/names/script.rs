//! Reading a name in Arabic script against a Latin spelling, letter by letter: Urdu writes the
//! long vowels (ا, و, ی) and leaves the short ones out, so "اسلم" is a-s-l-m and fits "Aslam".
//! Words reach here folded by [`super::fold_word`].

use super::fold_word;

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
pub(super) fn romanize(arabic: &str) -> String {
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
