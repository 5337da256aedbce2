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

#[cfg(test)]
mod tests {
    use super::concat;

    #[test]
    fn pieces_are_joined_in_order() {
        assert_eq!(concat(&["a", "", "bc", "d"]), "abcd");
        assert_eq!(concat(&[]), "");
    }
}
