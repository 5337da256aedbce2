//! What a monitor knows at one moment, in the shape a UI reads it.

use super::classify::Problem;
use super::report::{Dependency, Release};
use super::status::{Reason, Status};
use alloc::vec::Vec;

/// A monitor's state as a UI sees it. Times are ms since the Unix epoch, in
/// whatever clock the driver passes in.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    /// What to show.
    pub status: Status,
    /// Why, per the last observation that was applied.
    pub reason: Reason,
    /// When the last probe's answer was applied.
    pub last_checked_ms: Option<f64>,
    /// When the next probe is due; `None` while stopped or paused.
    pub next_check_ms: Option<f64>,
    /// Failing observations in a row.
    pub consecutive_failures: u32,
    /// How long the last applied probe took.
    pub latency_ms: Option<f64>,
    /// The last applied probe's HTTP status.
    pub http_status: Option<u16>,
    /// What went wrong in the last applied observation; `None` after a
    /// clean answer. It can be set while the status still shows healthy:
    /// the status waits for the failure threshold, the error does not.
    pub error: Option<Problem>,
    /// The dependencies of the last body that listed any.
    pub dependencies: Vec<Dependency>,
    /// The release of the last body that named one.
    pub release: Option<Release>,
}

impl Default for Snapshot {
    fn default() -> Snapshot {
        Snapshot {
            status: Status::Unknown,
            reason: Reason::Pending,
            last_checked_ms: None,
            next_check_ms: None,
            consecutive_failures: 0,
            latency_ms: None,
            http_status: None,
            error: None,
            dependencies: Vec::new(),
            release: None,
        }
    }
}

impl Snapshot {
    /// `Some(true)` for healthy or degraded, `Some(false)` for the other
    /// known statuses, `None` while unknown.
    pub fn is_healthy(&self) -> Option<bool> {
        self.status.is_healthy()
    }
}
