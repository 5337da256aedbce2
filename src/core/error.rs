//! The library's one error type, and the stable kinds that errors and failed
//! probes are reported under.

use std::fmt;

use super::number::Num;

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

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidOption { field, rule } => {
                write!(f, "invalid option `{field}`: ")?;
                fmt_rule(rule, f)
            }
            Error::UnknownOption { name } => write!(
                f,
                "unknown option `{name}`: check its spelling against the documented options"
            ),
        }
    }
}

fn fmt_rule(rule: &Rule, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match rule {
        Rule::WrongType { expected } => write!(f, "must be {expected}"),
        Rule::NotFinite => write!(f, "must be a finite number, not NaN or infinity"),
        Rule::TooSmall { value, min } => {
            write!(f, "must be at least {} (got {})", Num(*min), Num(*value))
        }
        Rule::TooLarge { value, max } => {
            write!(f, "must be at most {} (got {})", Num(*max), Num(*value))
        }
        Rule::NotWhole { value } => write!(f, "must be a whole number (got {})", Num(*value)),
        Rule::NotBelow {
            value,
            other,
            limit,
        } => write!(
            f,
            "must be below `{other}` ({} is not below {})",
            Num(*value),
            Num(*limit)
        ),
        Rule::Above {
            value,
            other,
            limit,
        } => write!(
            f,
            "must not exceed `{other}` ({} is above {})",
            Num(*value),
            Num(*limit)
        ),
        Rule::UnknownName { value, allowed } => {
            write!(f, "must be one of {} (got \"{value}\")", allowed.join(", "))
        }
    }
}

impl std::error::Error for Error {}
