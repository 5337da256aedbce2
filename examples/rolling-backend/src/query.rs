//! Query strings and URL paths, decoded by hand: `+` and `%XX` escapes,
//! with malformed escapes kept as they are rather than refused.

/// The decoded `name=value` pairs of a query string, in their order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    /// Decodes a query string (without the `?`). A name without `=` gets an
    /// empty value.
    pub fn parse(raw: &str) -> Self {
        let pairs = raw
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                (decode(name, true), decode(value, true))
            })
            .collect();
        Self { pairs }
    }

    /// The value of the first parameter called `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(candidate, _)| candidate == name)
            .map(|(_, value)| value.as_str())
    }
}

/// Decodes `%XX` escapes, and `+` as a space when `plus_is_space` (query
/// strings, not paths). Bytes that are not UTF-8 become U+FFFD.
pub fn decode(raw: &str, plus_is_space: bool) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => match hex_pair(bytes.get(i + 1..i + 3)) {
                Some(byte) => {
                    out.push(byte);
                    i += 3;
                    continue;
                }
                None => out.push(b'%'),
            },
            b'+' if plus_is_space => out.push(b' '),
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_pair(pair: Option<&[u8]>) -> Option<u8> {
    let pair = std::str::from_utf8(pair?).ok()?;
    u8::from_str_radix(pair, 16).ok()
}

/// The non-empty segments of a URL path, each decoded.
pub fn segments(path: &str) -> Vec<String> {
    path.split('/')
        .filter(|segment| !segment.is_empty())
        .map(|segment| decode(segment, false))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_plus_signs_are_decoded() {
        let query = Query::parse("body=service%20down+now&status=503&flag");
        assert_eq!(query.get("body"), Some("service down now"));
        assert_eq!(query.get("status"), Some("503"));
        assert_eq!(query.get("flag"), Some(""));
        assert_eq!(query.get("missing"), None);
    }

    #[test]
    fn malformed_escapes_are_kept_as_written() {
        assert_eq!(decode("100%", true), "100%");
        assert_eq!(decode("%zz%4", true), "%zz%4");
        assert_eq!(decode("%E2%9C%93", false), "\u{2713}");
    }

    #[test]
    fn paths_split_into_decoded_segments() {
        assert_eq!(segments("/sequence/a%2Fb/"), vec!["sequence", "a/b"]);
        assert_eq!(segments("/a+b"), vec!["a+b"]);
    }
}
