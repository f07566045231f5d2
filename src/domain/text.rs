//! Untrusted text on its way to the screen (terminal UI, command output and exports). Names, notes and FIR numbers come from CSV files and
//! forms; a stray escape sequence in them could clear the screen, retitle the window or write the
//! clipboard (OSC 52), and bidi overrides could make a name read as something else. Every string
//! from a record passes through [`sanitize`] once, where it enters the view layer.
//!
//! Replacements are one char for one char, so char indices (search highlights) stay valid.

use unicode_width::UnicodeWidthChar;

/// The ellipsis that marks truncated text.
pub const ELLIPSIS: char = '…';

/// Replaces each control or direction-changing char with one visible stand-in: C0 controls and
/// DEL become their Unicode "control picture" (ESC shows as `␛`), C1 controls and bidi
/// embedding/override/isolate/mark chars become `�`. Everything else (Urdu, emoji) is kept.
pub fn sanitize(text: &str) -> String {
    text.chars().map(safe_char).collect()
}

/// Like [`sanitize`], line by line: the line breaks of a multi-line message are kept, every
/// other control char is replaced. For messages and confirmations on a terminal or stderr.
pub fn sanitize_lines(text: &str) -> String {
    text.split('\n')
        .map(sanitize)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The visible stand-in for one char (the char itself when it is harmless).
pub fn safe_char(c: char) -> char {
    match c {
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        '\u{80}'..='\u{9f}' => '\u{fffd}',
        // Bidi embeddings, overrides, isolates and marks, including the Arabic letter mark:
        // they reorder what follows, so a name could display as something it is not.
        '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{061c}' => '\u{fffd}',
        _ => c,
    }
}

/// Display width of a char in terminal cells (0 for combining marks).
pub fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// Display width of a string in terminal cells.
pub fn width(text: &str) -> usize {
    text.chars().map(char_width).sum()
}

/// How many leading chars of `text` fit in `max` cells, and whether the text was cut (in which
/// case room for an ellipsis is kept).
pub fn fit_chars(text: &str, max: usize) -> (usize, bool) {
    if width(text) <= max {
        return (text.chars().count(), false);
    }
    let room = max.saturating_sub(1);
    let mut used = 0;
    let mut count = 0;
    for c in text.chars() {
        let w = char_width(c);
        if used + w > room {
            break;
        }
        used += w;
        count += 1;
    }
    (count, true)
}

/// Sanitises `text` and cuts it to at most `max` cells, ending with `…` when cut.
pub fn clip(text: &str, max: usize) -> String {
    let clean = sanitize(text);
    let (count, cut) = fit_chars(&clean, max);
    let mut out: String = clean.chars().take(count).collect();
    if cut && max > 0 {
        out.push(ELLIPSIS);
    }
    out
}

/// [`clip`] padded with spaces to exactly `cells` wide (for table columns).
pub fn cell(text: &str, cells: usize) -> String {
    let mut out = clip(text, cells);
    let pad = cells.saturating_sub(width(&out));
    out.extend(std::iter::repeat_n(' ', pad));
    out
}

/// Sanitises `text` and breaks it into lines of at most `max` cells, at spaces where possible.
/// Newlines in the text start new lines. Always returns at least one line.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let clean = sanitize(paragraph.trim_end_matches('\r'));
        let mut line = String::new();
        let mut used = 0;
        for word in clean.split_inclusive(' ') {
            let visible = width(word.trim_end());
            if used > 0 && used + visible > max {
                lines.push(line.trim_end().to_string());
                line.clear();
                used = 0;
            }
            if used == 0 && visible > max {
                // A word longer than a whole line: hard-break it.
                for c in word.chars() {
                    let cw = char_width(c);
                    if used > 0 && used + cw > max {
                        lines.push(std::mem::take(&mut line));
                        used = 0;
                    }
                    line.push(c);
                    used += cw;
                }
                continue;
            }
            line.push_str(word);
            used += width(word);
        }
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// A name shortened for a privacy screen: the first word, then initials ("Muhammad A. K.").
pub fn short_name(name: &str) -> String {
    let mut words = name.split_whitespace();
    let Some(first) = words.next() else {
        return String::new();
    };
    let mut out = first.to_string();
    for word in words {
        if let Some(initial) = word.chars().next() {
            out.push(' ');
            out.push(initial);
            out.push('.');
        }
    }
    out
}

/// Urgency signals whose reason text names a health condition.
pub const HEALTH_SIGNALS: &[&str] = &["sick_or_infirm", "opioid_dependence"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_cannot_reach_the_terminal() {
        let cases = [
            ("\u{1b}[2J", "␛[2J"),                             // clear screen
            ("\u{1b}]52;c;ZXZpbA==\u{7}", "␛]52;c;ZXZpbA==␇"), // OSC 52 clipboard write
            ("\u{1b}]0;pwned\u{1b}\\", "␛]0;pwned␛\\"),        // OSC window title
            ("a\u{9b}31mb", "a�31mb"),                         // C1 CSI
            ("x\u{7f}\r\n", "x␡␍␊"),
        ];
        for (input, shown) in cases {
            let out = sanitize(input);
            assert_eq!(out, shown);
            assert!(!out.chars().any(char::is_control), "{out:?}");
        }
    }

    #[test]
    fn bidi_overrides_are_neutralised() {
        let spoof = "Ali \u{202e}nahK\u{202c} \u{2066}x\u{2069}\u{200e}\u{200f}\u{61c}";
        let out = sanitize(spoof);
        assert_eq!(out, "Ali �nahK� �x����");
        assert_eq!(
            out.chars().count(),
            spoof.chars().count(),
            "one char for one char"
        );
    }

    #[test]
    fn urdu_and_emoji_are_kept() {
        for text in ["محمد اسلم", "بشریٰ بی بی", "Ayesha 👩‍👧", "ۓ ے ں"]
        {
            assert_eq!(sanitize(text), text);
        }
    }

    #[test]
    fn long_names_are_cut_by_display_width() {
        let name = "A".repeat(5000);
        let out = clip(&name, 20);
        assert_eq!(width(&out), 20);
        assert!(out.ends_with(ELLIPSIS));
        // Wide chars never overflow the column.
        let wide = "👩".repeat(10);
        let out = clip(&wide, 7);
        assert!(width(&out) <= 7, "{out}");
        assert_eq!(out, "👩👩👩…");
        assert_eq!(clip("short", 20), "short");
        assert_eq!(clip("anything", 0), "");
        assert_eq!(cell("ab", 4), "ab  ");
        assert_eq!(width(&cell("محمد اسلم", 5)), 5);
    }

    #[test]
    fn wrap_breaks_at_spaces_and_hard_breaks_long_words() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("a\nb", 10), ["a", "b"]);
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(wrap("x\u{1b}[2J", 10), ["x␛[2J"]);
    }
}
