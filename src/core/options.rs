//! The monitor's options: their defaults, their rules, and how they are read
//! from a camelCase object given by JavaScript (or any serde format).
//!
//! Every rule is checked in one place, [`Options::validate`]; a broken rule is
//! an [`Error`] naming the option and the rule, never a silent clamp.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use serde::de::{self, Deserialize, Deserializer};

use super::error::{Error, Rule};
use super::json::JsonValue;
use super::number::{is_whole, push_whole};
use super::text::concat;

/// How randomness spreads the delays between failing probes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Jitter {
    /// Uniform between the floor and the capped exponential delay.
    Full,
    /// Half the capped delay, plus a uniform share of the other half.
    Equal,
    /// Uniform between the base and three times the previous delay.
    Decorrelated,
    /// The capped exponential delay itself.
    None,
}

impl Jitter {
    /// The names accepted for the `backoff.jitter` option.
    pub const NAMES: &'static [&'static str] = &["full", "equal", "decorrelated", "none"];

    /// The strategy called `name`, if there is one.
    pub fn from_name(name: &str) -> Option<Jitter> {
        match name {
            "full" => Some(Jitter::Full),
            "equal" => Some(Jitter::Equal),
            "decorrelated" => Some(Jitter::Decorrelated),
            "none" => Some(Jitter::None),
            _ => None,
        }
    }

    /// The strategy's option name.
    pub fn as_str(self) -> &'static str {
        match self {
            Jitter::Full => "full",
            Jitter::Equal => "equal",
            Jitter::Decorrelated => "decorrelated",
            Jitter::None => "none",
        }
    }
}

/// The HTTP method of a probe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Reads status, headers and body.
    Get,
    /// Reads status and headers only; cheaper, but no dependencies or release.
    Head,
}

impl Method {
    /// The names accepted for the `method` option.
    pub const NAMES: &'static [&'static str] = &["GET", "HEAD"];

    /// The method as sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Head => "HEAD",
        }
    }
}

/// Delays between probes while the backend is failing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BackoffOptions {
    /// The first delay, and the quick confirming probe's ceiling (ms).
    pub base_ms: f64,
    /// The longest delay between two failing probes (ms).
    pub max_ms: f64,
    /// How the delays are randomised.
    pub jitter: Jitter,
}

/// Everything that tunes a monitor. [`Options::default`] gives the documented
/// defaults; [`Options::validate`] checks the rules.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Options {
    /// Time between probes while the backend serves (ms). Default 10 000.
    pub interval_ms: f64,
    /// How long a probe may take before it counts as a timeout (ms). Default 3 000.
    pub timeout_ms: f64,
    /// Failing probes in a row before a serving status turns unavailable. Default 2.
    pub failure_threshold: u32,
    /// Passing probes in a row before a failing status turns healthy. Default 1.
    pub success_threshold: u32,
    /// Delays while failing. Default base 1 000, max 20 000, full jitter.
    pub backoff: BackoffOptions,
    /// Whether a `Retry-After` header delays the next probe. Default true.
    pub respect_retry_after: bool,
    /// The longest `Retry-After` honoured (ms). Default 300 000.
    pub max_retry_after_ms: f64,
    /// The probe's method. Default GET.
    pub method: Method,
    /// The most body bytes read from a probe. Default 65 536.
    pub max_body_bytes: u32,
    /// Whether probing pauses while the page is hidden. Default true.
    pub pause_when_hidden: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            interval_ms: 10_000.0,
            timeout_ms: 3_000.0,
            failure_threshold: 2,
            success_threshold: 1,
            backoff: BackoffOptions {
                base_ms: 1_000.0,
                // 20 s rather than 30 s: with full jitter the wait after a
                // recovery is at most the cap, and the 95th percentile of
                // that wait is about 0.78 × cap, so 20 s keeps recovery
                // detection under 20 s for 95 % of clients.
                max_ms: 20_000.0,
                jitter: Jitter::Full,
            },
            respect_retry_after: true,
            max_retry_after_ms: 300_000.0,
            method: Method::Get,
            max_body_bytes: 65_536,
            pause_when_hidden: true,
        }
    }
}

/// The smallest interval accepted: below it a page would probe more than ten
/// times a second, and a value this small is usually seconds typed as ms.
pub const MIN_INTERVAL_MS: f64 = 100.0;
/// The smallest backoff base accepted, for the same reason.
pub const MIN_BACKOFF_BASE_MS: f64 = 100.0;
/// The largest body limit accepted (16 MiB).
pub const MAX_BODY_BYTES_LIMIT: f64 = 16.0 * 1024.0 * 1024.0;
/// The largest threshold accepted.
pub const MAX_THRESHOLD: f64 = 100.0;
/// The largest duration accepted for any millisecond option (one day).
pub const MAX_DURATION_MS: f64 = 86_400_000.0;

impl Options {
    /// Checks every rule.
    ///
    /// # Errors
    /// [`Error::InvalidOption`] for the first option that breaks a rule: a
    /// non-finite or non-positive duration, an interval under 100 ms, a
    /// timeout not below the interval, a threshold of 0, a backoff base above
    /// its max, a body limit of 0.
    pub fn validate(&self) -> Result<(), Error> {
        duration("interval", self.interval_ms, MIN_INTERVAL_MS)?;
        duration("timeout", self.timeout_ms, 1.0)?;
        if self.timeout_ms >= self.interval_ms {
            return Err(invalid(
                "timeout",
                Rule::NotBelow {
                    value: self.timeout_ms,
                    other: "interval",
                    limit: self.interval_ms,
                },
            ));
        }
        count(
            "failureThreshold",
            self.failure_threshold.into(),
            1.0,
            MAX_THRESHOLD,
        )?;
        count(
            "successThreshold",
            self.success_threshold.into(),
            1.0,
            MAX_THRESHOLD,
        )?;
        duration("backoff.base", self.backoff.base_ms, MIN_BACKOFF_BASE_MS)?;
        duration("backoff.max", self.backoff.max_ms, MIN_BACKOFF_BASE_MS)?;
        if self.backoff.base_ms > self.backoff.max_ms {
            return Err(invalid(
                "backoff.base",
                Rule::Above {
                    value: self.backoff.base_ms,
                    other: "backoff.max",
                    limit: self.backoff.max_ms,
                },
            ));
        }
        duration("maxRetryAfter", self.max_retry_after_ms, 1.0)?;
        count(
            "maxBodyBytes",
            self.max_body_bytes.into(),
            1.0,
            MAX_BODY_BYTES_LIMIT,
        )?;
        Ok(())
    }

    /// A text that is equal for two option sets exactly when they are equal,
    /// for finding monitors that can share one engine.
    pub fn fingerprint(&self) -> String {
        let b = &self.backoff;
        let numbers = [
            self.interval_ms,
            self.timeout_ms,
            b.base_ms,
            b.max_ms,
            self.max_retry_after_ms,
        ];
        // Bit patterns keep distinct numbers distinct, whatever their text.
        let mut out = String::new();
        for n in numbers {
            push_whole(&mut out, n.to_bits());
            out.push(',');
        }
        let whole = [
            self.failure_threshold,
            self.success_threshold,
            self.max_body_bytes,
        ];
        for n in whole {
            push_whole(&mut out, u64::from(n));
            out.push(',');
        }
        let flags = [self.respect_retry_after, self.pause_when_hidden];
        for flag in flags {
            out.push(if flag { '1' } else { '0' });
        }
        out.push_str(&concat(&[
            ",",
            b.jitter.as_str(),
            ",",
            self.method.as_str(),
        ]));
        out
    }

    /// The shortest delay any backoff strategy may produce: half the base.
    /// No strategy goes below it, so no combination of options and answers
    /// can turn the monitor into a hot loop.
    pub fn backoff_floor_ms(&self) -> f64 {
        self.backoff.base_ms / 2.0
    }

    /// Reads options from a camelCase object given in any self-describing
    /// serde format, starting from the defaults, then validates them.
    ///
    /// Keys: `interval`, `timeout`, `failureThreshold`, `successThreshold`,
    /// `backoff: { base, max, jitter }`, `respectRetryAfter`,
    /// `maxRetryAfter`, `method`, `maxBodyBytes`, `pauseWhenHidden`. A
    /// missing or null key keeps its default.
    ///
    /// # Errors
    /// [`Error::UnknownOption`] for a key not listed above;
    /// [`Error::InvalidOption`] for a value of the wrong type or one that
    /// breaks a rule of [`Options::validate`].
    pub fn from_input(input: &OptionsInput) -> Result<Options, Error> {
        let mut options = Options::default();
        for (key, value) in &input.entries {
            options.set(key, value)?;
        }
        options.validate()?;
        Ok(options)
    }

    fn set(&mut self, key: &str, value: &JsonValue) -> Result<(), Error> {
        if matches!(value, JsonValue::Null) {
            return Ok(());
        }
        match key {
            "interval" => self.interval_ms = number("interval", value)?,
            "timeout" => self.timeout_ms = number("timeout", value)?,
            "failureThreshold" => self.failure_threshold = whole("failureThreshold", value)?,
            "successThreshold" => self.success_threshold = whole("successThreshold", value)?,
            "backoff" => self.set_backoff(value)?,
            "respectRetryAfter" => self.respect_retry_after = flag("respectRetryAfter", value)?,
            "maxRetryAfter" => self.max_retry_after_ms = number("maxRetryAfter", value)?,
            "method" => self.method = method(value)?,
            "maxBodyBytes" => self.max_body_bytes = whole("maxBodyBytes", value)?,
            "pauseWhenHidden" => self.pause_when_hidden = flag("pauseWhenHidden", value)?,
            _ => return Err(unknown(key, "")),
        }
        Ok(())
    }

    fn set_backoff(&mut self, value: &JsonValue) -> Result<(), Error> {
        let JsonValue::Object(entries) = value else {
            return Err(invalid(
                "backoff",
                Rule::WrongType {
                    expected: "an object { base, max, jitter }",
                },
            ));
        };
        for (key, value) in entries {
            if matches!(value, JsonValue::Null) {
                continue;
            }
            match key.as_str() {
                "base" => self.backoff.base_ms = number("backoff.base", value)?,
                "max" => self.backoff.max_ms = number("backoff.max", value)?,
                "jitter" => self.backoff.jitter = jitter(value)?,
                _ => return Err(unknown(key, "backoff.")),
            }
        }
        Ok(())
    }
}

fn invalid(field: &'static str, rule: Rule) -> Error {
    Error::InvalidOption { field, rule }
}

fn unknown(key: &str, prefix: &str) -> Error {
    Error::UnknownOption {
        name: concat(&[prefix, key]),
    }
}

fn duration(field: &'static str, value: f64, min: f64) -> Result<(), Error> {
    if !value.is_finite() {
        return Err(invalid(field, Rule::NotFinite));
    }
    if value < min {
        return Err(invalid(field, Rule::TooSmall { value, min }));
    }
    if value > MAX_DURATION_MS {
        let max = MAX_DURATION_MS;
        return Err(invalid(field, Rule::TooLarge { value, max }));
    }
    Ok(())
}

fn count(field: &'static str, value: f64, min: f64, max: f64) -> Result<(), Error> {
    if value < min {
        return Err(invalid(field, Rule::TooSmall { value, min }));
    }
    if value > max {
        return Err(invalid(field, Rule::TooLarge { value, max }));
    }
    Ok(())
}

fn number(field: &'static str, value: &JsonValue) -> Result<f64, Error> {
    match value {
        JsonValue::Number(n) if n.is_finite() => Ok(*n),
        JsonValue::Number(_) => Err(invalid(field, Rule::NotFinite)),
        _ => Err(invalid(
            field,
            Rule::WrongType {
                expected: "a number of milliseconds",
            },
        )),
    }
}

fn whole<T: TryFrom<u64>>(field: &'static str, value: &JsonValue) -> Result<T, Error> {
    let JsonValue::Number(n) = *value else {
        let expected = "a whole number";
        return Err(invalid(field, Rule::WrongType { expected }));
    };
    if !n.is_finite() {
        return Err(invalid(field, Rule::NotFinite));
    }
    if !is_whole(n) {
        return Err(invalid(field, Rule::NotWhole { value: n }));
    }
    if n < 1.0 {
        return Err(invalid(field, Rule::TooSmall { value: n, min: 1.0 }));
    }
    // Anything past u32 is far beyond every limit `validate` enforces.
    let max = f64::from(u32::MAX);
    let too_large = invalid(field, Rule::TooLarge { value: n, max });
    if n > max {
        return Err(too_large);
    }
    T::try_from(n as u64).map_err(|_| too_large)
}

fn flag(field: &'static str, value: &JsonValue) -> Result<bool, Error> {
    match value {
        JsonValue::Bool(b) => Ok(*b),
        _ => Err(invalid(
            field,
            Rule::WrongType {
                expected: "true or false",
            },
        )),
    }
}

fn method(value: &JsonValue) -> Result<Method, Error> {
    let text = name("method", value)?;
    match text.to_ascii_uppercase().as_str() {
        "GET" => Ok(Method::Get),
        "HEAD" => Ok(Method::Head),
        _ => Err(invalid(
            "method",
            Rule::UnknownName {
                value: text.to_string(),
                allowed: Method::NAMES,
            },
        )),
    }
}

fn jitter(value: &JsonValue) -> Result<Jitter, Error> {
    let text = name("backoff.jitter", value)?;
    Jitter::from_name(text).ok_or_else(|| {
        invalid(
            "backoff.jitter",
            Rule::UnknownName {
                value: text.to_string(),
                allowed: Jitter::NAMES,
            },
        )
    })
}

fn name<'a>(field: &'static str, value: &'a JsonValue) -> Result<&'a str, Error> {
    match value {
        JsonValue::Text(text) => Ok(text),
        _ => Err(invalid(
            field,
            Rule::WrongType {
                expected: "a string",
            },
        )),
    }
}

/// Options as given, before they are checked: the members of an object
/// with loosely typed values, as a [`JsonValue`] holds them. Anything the
/// options never take (arrays, say) is kept, so that the rule it breaks can
/// be named.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OptionsInput {
    entries: Vec<(String, JsonValue)>,
}

impl OptionsInput {
    /// The options in `value`: an object, or null for all the defaults.
    ///
    /// # Errors
    /// [`Error::InvalidOption`] for `options` itself when `value` is neither.
    pub fn from_json(value: JsonValue) -> Result<OptionsInput, Error> {
        match value {
            JsonValue::Object(entries) => Ok(OptionsInput { entries }),
            JsonValue::Null => Ok(OptionsInput::default()),
            _ => Err(invalid(
                "options",
                Rule::WrongType {
                    expected: "an object such as { interval: 10000 }",
                },
            )),
        }
    }
}

impl<'de> Deserialize<'de> for OptionsInput {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = JsonValue::deserialize(deserializer)?;
        OptionsInput::from_json(value)
            .map_err(|_| de::Error::custom("options must be an object such as { interval: 10000 }"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_valid() {
        assert_eq!(Options::default().validate(), Ok(()));
    }

    #[test]
    fn a_timeout_not_below_the_interval_names_both_options() {
        let options = Options {
            timeout_ms: 10_000.0,
            ..Options::default()
        };
        let err = options.validate().unwrap_err();
        assert_eq!(err.field(), "timeout");
        assert!(err.to_string().contains("below `interval`"), "{err}");
    }
}
