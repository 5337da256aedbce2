//! The one error type of this crate: bad command lines, bad query
//! parameters, and listeners that cannot be opened.

use std::fmt;
use std::io;
use std::net::SocketAddr;

/// Everything that can go wrong in the demo servers.
///
/// Command-line and query-parameter variants carry what was given and what
/// was expected, so the message alone tells the user how to fix it.
#[derive(Debug)]
pub enum Error {
    /// A command-line argument that no option of the program knows.
    UnknownArgument {
        /// The argument as given.
        arg: String,
    },
    /// An option that needs a value was the last argument.
    MissingValue {
        /// The option, such as `--port`.
        flag: &'static str,
    },
    /// An option or query parameter whose value cannot be used.
    InvalidValue {
        /// The option or parameter name, such as `--port` or `status_2`.
        name: String,
        /// The value as given.
        value: String,
        /// What would have been accepted, such as `a port number`.
        expected: &'static str,
    },
    /// A phase name that the rolling backend does not play.
    UnknownPhase {
        /// The name as given.
        name: String,
    },
    /// One entry of `--script` that is not `phase:seconds`.
    InvalidScript {
        /// The entry as given.
        entry: String,
        /// Why it was refused.
        reason: &'static str,
    },
    /// A `fixture` parameter naming a file that is not in the fixtures
    /// directory.
    UnknownFixture {
        /// The file name as given.
        name: String,
    },
    /// More than one of `body`, `fixture` and `bytes` in one request.
    ConflictingBodies,
    /// A listening socket could not be opened, most often because the port
    /// is taken.
    Bind {
        /// The address that was asked for.
        addr: SocketAddr,
        /// What the operating system said.
        source: io::Error,
    },
    /// The async runtime could not be started.
    Runtime {
        /// What the operating system said.
        source: io::Error,
    },
}

impl Error {
    /// Whether the error comes from how the program was called, which
    /// exits with status 2 rather than 1.
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            Error::UnknownArgument { .. }
                | Error::MissingValue { .. }
                | Error::InvalidValue { .. }
                | Error::UnknownPhase { .. }
                | Error::InvalidScript { .. }
        )
    }

    /// The name of the query parameter at fault, for the JSON error body.
    pub fn parameter(&self) -> Option<&str> {
        match self {
            Error::InvalidValue { name, .. } => Some(name),
            Error::UnknownFixture { .. } => Some("fixture"),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::UnknownArgument { arg } => write!(f, "unknown argument `{arg}`"),
            Error::MissingValue { flag } => write!(f, "{flag} needs a value"),
            Error::InvalidValue {
                name,
                value,
                expected,
            } => write!(f, "{name}: `{value}` is not {expected}"),
            Error::UnknownPhase { name } => write!(
                f,
                "unknown phase `{name}` (valid: {})",
                crate::rolling::Phase::names().join(", ")
            ),
            Error::InvalidScript { entry, reason } => {
                write!(f, "--script: entry `{entry}` {reason}")
            }
            Error::UnknownFixture { name } => {
                write!(
                    f,
                    "fixture: no file named `{name}` in the fixtures directory"
                )
            }
            Error::ConflictingBodies => {
                write!(f, "give at most one of body, fixture and bytes")
            }
            Error::Bind { addr, source } => write!(f, "cannot listen on {addr}: {source}"),
            Error::Runtime { source } => write!(f, "cannot start the runtime: {source}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Bind { source, .. } | Error::Runtime { source } => Some(source),
            _ => None,
        }
    }
}
