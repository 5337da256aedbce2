//! The phases an instance goes through during a rolling update, and the
//! release it serves.

use std::fmt;
use std::str::FromStr;

use crate::Error;

/// What the instance is doing now; each phase answers `/readyz` and the API
/// the way a real backend would at that moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Phase {
    /// Ready: 200 `pass`.
    Healthy,
    /// Shutting down: `/readyz` fails with 503 while the API still answers.
    Draining,
    /// The process is gone: the API port refuses connections.
    Stopped,
    /// Booting: 503 with the database and cache not ready yet.
    Starting,
    /// Booting, and saying when to ask again: `Retry-After: 5`.
    StartingRetryAfter,
    /// Down for maintenance: 503 with `Retry-After: 30`.
    Maintenance,
    /// Serving with a failing cache: 200 `warn`.
    Degraded,
    /// Ready on the next release.
    Upgraded,
    /// Healthy, but every answer of the API port arrives late.
    Slow,
    /// The session expired: 401 with `WWW-Authenticate: Bearer`.
    Expired,
    /// A gateway in front sends the browser to a login page: 302.
    LoginRedirect,
}

impl Phase {
    /// Every phase, in the order a rolling update meets them.
    pub const ALL: [Phase; 11] = [
        Phase::Healthy,
        Phase::Draining,
        Phase::Stopped,
        Phase::Starting,
        Phase::StartingRetryAfter,
        Phase::Maintenance,
        Phase::Degraded,
        Phase::Upgraded,
        Phase::Slow,
        Phase::Expired,
        Phase::LoginRedirect,
    ];

    /// The fixed name used on the command line and in the control API.
    pub fn name(self) -> &'static str {
        match self {
            Phase::Healthy => "healthy",
            Phase::Draining => "draining",
            Phase::Stopped => "stopped",
            Phase::Starting => "starting",
            Phase::StartingRetryAfter => "starting-retry-after",
            Phase::Maintenance => "maintenance",
            Phase::Degraded => "degraded",
            Phase::Upgraded => "upgraded",
            Phase::Slow => "slow",
            Phase::Expired => "expired",
            Phase::LoginRedirect => "login-redirect",
        }
    }

    /// One line saying what the phase plays, for `--help` and the console.
    pub fn description(self) -> &'static str {
        match self {
            Phase::Healthy => "200 pass",
            Phase::Draining => "readiness 503 fail, the API still answers",
            Phase::Stopped => "the API port refuses connections",
            Phase::Starting => "503 fail, database and cache not ready yet",
            Phase::StartingRetryAfter => "as starting, with Retry-After: 5",
            Phase::Maintenance => "503 fail with Retry-After: 30",
            Phase::Degraded => "200 warn, the cache check fails",
            Phase::Upgraded => "200 pass on the next release",
            Phase::Slow => "healthy, every API answer delayed by --slow-ms",
            Phase::Expired => "401 with WWW-Authenticate: Bearer",
            Phase::LoginRedirect => "302 to /login",
        }
    }

    /// The names of all phases, in [`Phase::ALL`] order.
    pub fn names() -> Vec<&'static str> {
        Phase::ALL.iter().map(|phase| phase.name()).collect()
    }

    /// Whether the API port should have a listening socket in this phase.
    pub fn is_listening(self) -> bool {
        self != Phase::Stopped
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Phase {
    type Err = Error;

    fn from_str(name: &str) -> Result<Self, Error> {
        Phase::ALL
            .into_iter()
            .find(|phase| phase.name() == name)
            .ok_or_else(|| Error::UnknownPhase {
                name: name.to_owned(),
            })
    }
}

/// The release an instance serves, numbered from 1: release `n` has id
/// `2026.12.n` and version `vn`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Release {
    number: u32,
}

impl Release {
    /// The release an instance starts on.
    pub const FIRST: Release = Release { number: 1 };

    /// The release after this one.
    pub fn next(self) -> Release {
        Release {
            number: self.number.saturating_add(1),
        }
    }

    /// The release id, for `releaseId` and the `X-Release` header.
    pub fn id(self) -> String {
        format!("2026.12.{}", self.number)
    }

    /// The version, for the `version` field of the health body.
    pub fn version(self) -> String {
        format!("v{}", self.number)
    }
}

/// The phase and release together: what the instance is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Instance {
    /// The phase being played.
    pub phase: Phase,
    /// The release being served.
    pub release: Release,
}

impl Instance {
    /// A fresh instance in `phase`. Starting as `upgraded` counts as being
    /// upgraded from a healthy first release.
    pub fn new(phase: Phase) -> Self {
        Instance {
            phase: Phase::Healthy,
            release: Release::FIRST,
        }
        .enter(phase)
    }

    /// The instance after switching to `phase`: entering `upgraded` from
    /// any other phase moves to the next release, and every other switch
    /// keeps the release, so going back to `healthy` stays on the newest.
    pub fn enter(self, phase: Phase) -> Self {
        let release = if phase == Phase::Upgraded && self.phase != Phase::Upgraded {
            self.release.next()
        } else {
            self.release
        };
        Instance { phase, release }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_parses_back_to_its_phase() {
        for phase in Phase::ALL {
            assert_eq!(phase.name().parse::<Phase>().unwrap(), phase);
        }
        assert!(matches!(
            "rebooting".parse::<Phase>(),
            Err(Error::UnknownPhase { .. })
        ));
    }

    #[test]
    fn upgrading_bumps_the_release_once_per_entry() {
        let first = Instance::new(Phase::Healthy);
        assert_eq!(first.release.id(), "2026.12.1");
        let upgraded = first.enter(Phase::Upgraded);
        assert_eq!(upgraded.release.id(), "2026.12.2");
        assert_eq!(upgraded.release.version(), "v2");
        assert_eq!(upgraded.enter(Phase::Upgraded).release, upgraded.release);
        let back = upgraded.enter(Phase::Healthy);
        assert_eq!(back.release, upgraded.release);
        assert_eq!(back.enter(Phase::Upgraded).release.version(), "v3");
    }

    #[test]
    fn starting_upgraded_serves_the_second_release() {
        assert_eq!(Instance::new(Phase::Upgraded).release.version(), "v2");
    }
}
