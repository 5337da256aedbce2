//! The library's one error type, and the stable kinds that errors and failed
//! probes are reported under.

use alloc::string::String;
use core::fmt;

use super::number::push_number;
use super::text::concat;

/// The stable, kebab-case category of an error or of a failed probe. These
/// strings cross into JavaScript as the `kind` of a `BackendHealthError`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// An option was missing its rule (`invalid-option`).
    InvalidOption,
    /// The engine could not load or was used wrongly (`engine`).
    Engine,
    /// The probe got no answer within the timeout (`timeout`).
    Timeout,
    /// The request failed before any answer: refused, reset, DNS, CORS (`network`).
    Network,
    /// The browser says it has no network (`offline`).
    Offline,
    /// The server answered with a status that is not a pass (`http`).
    Http,
    /// The body says the service fails, or could not be read (`body`).
    Body,
    /// The endpoint redirected, usually to a login page (`redirect`).
    Redirect,
}

impl ErrorKind {
    /// The kind called `name` (as [`ErrorKind::as_str`] writes it).
    pub fn from_name(name: &str) -> Option<ErrorKind> {
        const ALL: [ErrorKind; 8] = [
            ErrorKind::InvalidOption,
            ErrorKind::Engine,
            ErrorKind::Timeout,
            ErrorKind::Network,
            ErrorKind::Offline,
            ErrorKind::Http,
            ErrorKind::Body,
            ErrorKind::Redirect,
        ];
        ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The kind's stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::InvalidOption => "invalid-option",
            ErrorKind::Engine => "engine",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Network => "network",
            ErrorKind::Offline => "offline",
            ErrorKind::Http => "http",
            ErrorKind::Body => "body",
            ErrorKind::Redirect => "redirect",
        }
    }
}

/// The rule an option value broke.
#[derive(Clone, Debug, PartialEq)]
pub enum Rule {
    /// The value has the wrong type; `expected` says which.
    WrongType {
        /// What the option takes, e.g. "a number of milliseconds".
        expected: &'static str,
    },
    /// The value is NaN or infinite.
    NotFinite,
    /// The value is below the smallest allowed.
    TooSmall {
        /// The value given.
        value: f64,
        /// The smallest value allowed.
        min: f64,
    },
    /// The value is above the largest allowed.
    TooLarge {
        /// The value given.
        value: f64,
        /// The largest value allowed.
        max: f64,
    },
    /// The value must be a whole number.
    NotWhole {
        /// The value given.
        value: f64,
    },
    /// The value must be below another option's value.
    NotBelow {
        /// The value given.
        value: f64,
        /// The other option.
        other: &'static str,
        /// The other option's value.
        limit: f64,
    },
    /// The value must not exceed another option's value.
    Above {
        /// The value given.
        value: f64,
        /// The other option.
        other: &'static str,
        /// The other option's value.
        limit: f64,
    },
    /// The value is not one of the names the option accepts.
    UnknownName {
        /// The value given.
        value: String,
        /// The names accepted.
        allowed: &'static [&'static str],
    },
}

/// Everything that can go wrong in the core.
#[derive(Clone, Debug, PartialEq)]
pub enum Error {
    /// An option has a value the engine cannot work with.
    InvalidOption {
        /// The option's name as the user wrote it, e.g. `backoff.max`.
        field: &'static str,
        /// The rule it broke.
        rule: Rule,
    },
    /// An option that does not exist was given (often a typo).
    UnknownOption {
        /// The name given.
        name: String,
    },
}

impl Error {
    /// The stable kind this error is reported under.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::InvalidOption { .. } | Error::UnknownOption { .. } => ErrorKind::InvalidOption,
        }
    }

    /// The option the error is about.
    pub fn field(&self) -> &str {
        match self {
            Error::InvalidOption { field, .. } => field,
            Error::UnknownOption { name } => name,
        }
    }
}

impl Error {
    /// What went wrong and what to do, as one short lowercase sentence:
    /// ``invalid option `timeout`: must be below `interval` (10000 is not
    /// below 10000)``.
    pub fn message(&self) -> String {
        match self {
            Error::InvalidOption { field, rule } => {
                let mut out = concat(&["invalid option `", field, "`: "]);
                push_rule(&mut out, rule);
                out
            }
            Error::UnknownOption { name } => concat(&[
                "unknown option `",
                name,
                "`: check its spelling against the documented options",
            ]),
        }
    }
}

fn push_rule(out: &mut String, rule: &Rule) {
    let number = |out: &mut String, before: &str, x: f64| {
        out.push_str(before);
        push_number(out, x);
    };
    match rule {
        Rule::WrongType { expected } => out.push_str(&concat(&["must be ", expected])),
        Rule::NotFinite => out.push_str("must be a finite number, not NaN or infinity"),
        Rule::TooSmall { value, min } => {
            number(out, "must be at least ", *min);
            number(out, " (got ", *value);
            out.push(')');
        }
        Rule::TooLarge { value, max } => {
            number(out, "must be at most ", *max);
            number(out, " (got ", *value);
            out.push(')');
        }
        Rule::NotWhole { value } => {
            number(out, "must be a whole number (got ", *value);
            out.push(')');
        }
        Rule::NotBelow {
            value,
            other,
            limit,
        } => {
            out.push_str(&concat(&["must be below `", other, "`"]));
            number(out, " (", *value);
            number(out, " is not below ", *limit);
            out.push(')');
        }
        Rule::Above {
            value,
            other,
            limit,
        } => {
            out.push_str(&concat(&["must not exceed `", other, "`"]));
            number(out, " (", *value);
            number(out, " is above ", *limit);
            out.push(')');
        }
        Rule::UnknownName { value, allowed } => {
            out.push_str("must be one of ");
            for (i, name) in allowed.iter().enumerate() {
                out.push_str(if i == 0 { "" } else { ", " });
                out.push_str(name);
            }
            out.push_str(&concat(&[" (got \"", value, "\")"]));
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl ::core::error::Error for Error {}
