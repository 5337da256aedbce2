//! `rolling-backend`: one instance of a backend going through a rolling
//! update, with an API port that answers per phase and a control port that
//! switches phases and serves the console.

mod api;
mod backend;
mod control;
mod health;
mod options;
mod phase;
mod run;
mod script;
mod statics;
mod stats;

pub use api::ApiHandler;
pub use backend::Backend;
pub use control::ControlHandler;
pub use health::{readiness, Check, Checks, HealthBody, Readiness, Status, MEDIA_TYPE};
pub use options::{help, parse, Command, Options};
pub use phase::{Instance, Phase, Release};
pub use run::run;
pub use script::{Script, Step};
pub use statics::{content_type, StaticSite};
pub use stats::{ReadyzStats, RecentRate, StatsBody, WINDOW_SECONDS};
