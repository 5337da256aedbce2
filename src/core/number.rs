//! Numbers written as text without `core::fmt`, whose float formatter would
//! be the largest single piece of the wasm binary: whole numbers exactly,
//! others with up to three decimals. Messages and keys are all that need it.

use alloc::string::String;
use core::fmt;

/// Past this every f64 is a whole number.
const WHOLE_FROM: f64 = 9_007_199_254_740_992.0;

/// Appends `x`: `1000`, `0.25`, `-3.5`, `NaN`, `inf`.
pub fn push_number(out: &mut String, x: f64) {
    if x.is_nan() {
        return out.push_str("NaN");
    }
    if x < 0.0 {
        out.push('-');
    }
    let x = if x < 0.0 { -x } else { x };
    if x.is_infinite() {
        return out.push_str("inf");
    }

    // `as u64` truncates, and saturates past u64, which only blurs numbers
    // far beyond any limit they are compared with.
    let mut whole = x as u64;
    let mut thousandths = 0;
    if x < WHOLE_FROM {
        thousandths = ((x - whole as f64) * 1000.0 + 0.5) as u64;
    }
    if thousandths == 1000 {
        whole += 1;
        thousandths = 0;
    }
    push_whole(out, whole);
    if thousandths == 0 {
        return;
    }

    // Three digits with leading zeros, then without trailing ones.
    out.push('.');
    let digits = [thousandths / 100, thousandths / 10 % 10, thousandths % 10];
    let used = if digits[2] != 0 {
        3
    } else if digits[1] != 0 {
        2
    } else {
        1
    };
    for digit in &digits[..used] {
        out.push(char::from(b'0' + *digit as u8));
    }
}

/// Appends a whole number in decimal.
pub fn push_whole(out: &mut String, n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for digit in &digits[at..] {
        out.push(char::from(*digit));
    }
}

/// Reads text made of ASCII digits only, around which whitespace is
/// ignored: `None` when it is empty, holds anything else (a sign, a dot)
/// or does not fit a u64.
pub fn parse_whole(text: &str) -> Option<u64> {
    let digits = text.trim();
    if digits.is_empty() {
        return None;
    }
    digits.bytes().try_fold(0u64, |n, byte| {
        let digit = byte.checked_sub(b'0').filter(|d| *d <= 9)?;
        n.checked_mul(10)?.checked_add(u64::from(digit))
    })
}

/// Whether `x` is a finite whole number (`f64::fract` is not in `core`).
pub fn is_whole(x: f64) -> bool {
    let magnitude = if x < 0.0 { -x } else { x };
    x.is_finite() && (magnitude >= WHOLE_FROM || x == (x as i64) as f64)
}

/// `x` as a string, per [`push_number`].
pub fn number_text(x: f64) -> String {
    let mut out = String::new();
    push_number(&mut out, x);
    out
}

/// `x` limited to `[low, high]`: `high` when the bounds cross, `low` for NaN.
///
/// `f64::clamp` asserts its bounds, and the message of that assertion alone
/// links the float formatter into the wasm binary.
pub fn within(x: f64, low: f64, high: f64) -> f64 {
    x.max(low).min(high)
}

/// Displays an f64 as [`push_number`] writes it.
#[derive(Clone, Copy, Debug)]
pub struct Num(pub f64);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&number_text(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(number_text(1000.0), "1000");
        assert_eq!(number_text(0.25), "0.25");
        assert_eq!(number_text(0.05), "0.05");
        assert_eq!(number_text(0.001), "0.001");
        assert_eq!(number_text(-3.5), "-3.5");
        assert_eq!(number_text(2.9996), "3");
        assert_eq!(number_text(0.0), "0");
        assert_eq!(number_text(f64::NAN), "NaN");
        assert_eq!(number_text(f64::NEG_INFINITY), "-inf");
        assert_eq!(number_text(1e300), "18446744073709551615");
    }

    #[test]
    fn whole_numbers_are_exact() {
        for n in [0, 7, 10, 99, 100, 65_536, u64::from(u32::MAX), u64::MAX] {
            let mut out = String::new();
            push_whole(&mut out, n);
            assert_eq!(out, n.to_string());
        }
    }

    #[test]
    fn whole_numbers_are_told_from_fractions() {
        for x in [0.0, -0.0, 3.0, -7.0, 1e16, -1e300, f64::MAX] {
            assert!(is_whole(x), "{x}");
        }
        for x in [
            0.5,
            -2.25,
            1e-9,
            4_503_599_627_370_495.5,
            f64::NAN,
            f64::INFINITY,
        ] {
            assert!(!is_whole(x), "{x}");
        }
    }

    #[test]
    fn digit_strings_read_as_whole_numbers_and_nothing_else_does() {
        assert_eq!(parse_whole(" 120 "), Some(120));
        assert_eq!(parse_whole("0"), Some(0));
        assert_eq!(parse_whole("18446744073709551615"), Some(u64::MAX));
        for text in [
            "",
            " ",
            "18446744073709551616",
            "-1",
            "+1",
            "1.5",
            "1e3",
            "١٢",
        ] {
            assert_eq!(parse_whole(text), None, "{text:?}");
        }
    }

    #[test]
    fn bounds_hold_even_when_they_cross() {
        assert_eq!(within(5.0, 0.0, 3.0), 3.0);
        assert_eq!(within(-1.0, 0.0, 3.0), 0.0);
        assert_eq!(within(f64::NAN, 0.0, 3.0), 0.0);
        assert_eq!(within(2.0, 4.0, 3.0), 3.0);
    }
}
