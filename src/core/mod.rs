//! Every decision the engine makes, in plain Rust with no browser types:
//! time comes in as milliseconds and randomness through [`random::RandomSource`],
//! so all of it runs natively in tests and in the fleet simulation.

pub mod backoff;
pub mod body;
pub mod classify;
pub mod error;
pub mod json;
pub mod monitor;
pub mod number;
pub mod options;
pub mod random;
pub mod report;
pub mod snapshot;
pub mod status;
pub mod text;
pub mod time;

pub use classify::{
    classify, Body, Classification, Observation, Problem, ResponseHeaders, Transport,
};
pub use error::{Error, ErrorKind, Rule};
pub use json::JsonValue;
pub use monitor::{CancelReason, Completion, Discard, Handover, Monitor, Step, Ticket};
pub use options::{BackoffOptions, Jitter, Method, Options, OptionsInput};
pub use random::{RandomSource, SplitMix64};
pub use report::{BodyFormat, CheckStatus, Dependency, HealthReport, Release};
pub use snapshot::Snapshot;
pub use status::{Reason, Status};
