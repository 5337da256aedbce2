//! Numbers written as text without the float formatter, which would be the
//! largest single piece of the wasm binary: whole numbers exactly, others
//! with up to three decimals. Messages and keys are all that need it.

use std::fmt::{self, Write};

/// Writes `x`: `1000`, `0.25`, `-3.5`, `NaN`, `inf`.
pub fn write_number(out: &mut impl Write, x: f64) -> fmt::Result {
    if x.is_nan() {
        return out.write_str("NaN");
    }
    if x < 0.0 {
        out.write_char('-')?;
    }
    let x = x.abs();
    if x.is_infinite() {
        return out.write_str("inf");
    }
    // Past 2^53 every f64 is whole; past u64 it saturates, which only
    // blurs numbers far beyond any limit they are compared with.
    let mut whole = x.trunc() as u64;
    let mut thousandths = ((x - x.trunc()) * 1000.0).round() as u64;
    if thousandths == 1000 {
        whole += 1;
        thousandths = 0;
    }
    write!(out, "{whole}")?;
    if thousandths == 0 {
        return Ok(());
    }
    let digits = format!("{thousandths:03}");
    write!(out, ".{}", digits.trim_end_matches('0'))
}

/// `x` limited to `[low, high]`: `high` when the bounds cross, `low` for NaN.
///
/// `f64::clamp` asserts its bounds, and the message of that assertion alone
/// links the float formatter into the wasm binary.
pub fn within(x: f64, low: f64, high: f64) -> f64 {
    x.max(low).min(high)
}

/// `x` as a string, per [`write_number`].
pub fn number_text(x: f64) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_number(&mut out, x);
    out
}

#[cfg(test)]
mod tests {
    use super::number_text;

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(number_text(1000.0), "1000");
        assert_eq!(number_text(0.25), "0.25");
        assert_eq!(number_text(-3.5), "-3.5");
        assert_eq!(number_text(2.9996), "3");
        assert_eq!(number_text(f64::NAN), "NaN");
        assert_eq!(number_text(f64::NEG_INFINITY), "-inf");
        assert_eq!(number_text(1e300), "18446744073709551615");
    }
}

/// Displays an f64 through [`write_number`].
#[derive(Clone, Copy, Debug)]
pub struct Num(pub f64);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_number(f, self.0)
    }
}
