//! Messages and keys put together without `core::fmt`.
//!
//! Formatting machinery is several kilobytes of the wasm binary once any
//! `format!` is reachable from it, so the code the browser runs joins its
//! pieces by hand; native-only code (tests, `Display`) may still format.

use alloc::string::String;

/// The pieces one after the other.
pub fn concat(pieces: &[&str]) -> String {
    let mut out = String::with_capacity(pieces.iter().map(|p| p.len()).sum());
    for piece in pieces {
        out.push_str(piece);
    }
    out
}

/// Where `needle` first occurs in `haystack`, searching from the end when
/// `from_end` is set.
///
/// The needles are a few bytes long and the texts short, so a plain scan
/// does; `str::find` with a string pattern would link a searcher several
/// times the size of this.
pub fn find(haystack: &str, needle: &str, from_end: bool) -> Option<usize> {
    let (hay, pin) = (haystack.as_bytes(), needle.as_bytes());
    let last = hay.len().checked_sub(pin.len())?;
    let mut starts = 0..=last;
    let matches = |at: &usize| hay.get(*at..*at + pin.len()) == Some(pin);
    if from_end {
        starts.rev().find(|at| matches(at))
    } else {
        starts.find(|at| matches(at))
    }
}

/// `text` split around the first (or, `from_end`, the last) `separator`.
pub fn split_around<'a>(
    text: &'a str,
    separator: &str,
    from_end: bool,
) -> Option<(&'a str, &'a str)> {
    let at = find(text, separator, from_end)?;
    Some((text.get(..at)?, text.get(at + separator.len()..)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needles_are_found_from_either_end() {
        assert_eq!(find("a check b check c", " check ", false), Some(1));
        assert_eq!(find("a check b check c", " check ", true), Some(9));
        assert_eq!(find("abc", "abcd", false), None);
        assert_eq!(find("", "", true), Some(0));
        assert_eq!(find("é failed", " failed", false), Some(2));
    }

    #[test]
    fn splits_match_the_standard_library() {
        for text in [
            "x failed: y failed",
            "failed",
            " failed",
            "none",
            "é failedé",
        ] {
            assert_eq!(
                split_around(text, " failed", false),
                text.split_once(" failed")
            );
            assert_eq!(
                split_around(text, " failed", true),
                text.rsplit_once(" failed")
            );
        }
    }

    #[test]
    fn pieces_are_joined_in_order() {
        assert_eq!(concat(&["a", "", "bc", "d"]), "abcd");
        assert_eq!(concat(&[]), "");
    }
}
