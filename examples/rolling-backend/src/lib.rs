//! Shared pieces of the two demo servers: `rolling-backend`, which plays the
//! phases of a rolling update, and `fixture-server`, which answers whatever a
//! test asks for.
//!
//! Both servers listen on 127.0.0.1 only, speak HTTP/1.1 through hyper, and
//! send the CORS headers a page on another origin needs to read the headers
//! a health check cares about (`Retry-After`, `Date`, `Age`).

#![warn(missing_docs)]

pub mod args;
pub mod clock;
pub mod cors;
pub mod error;
pub mod fixture;
pub mod program;
pub mod query;
pub mod reply;
pub mod rolling;
pub mod server;
pub mod tally;

pub use error::Error;
