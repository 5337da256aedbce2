//! `--script`: phases played one after another on a timer, like a rolling
//! update that replaces this instance.
//!
//! ```text
//! healthy:5,draining:3,stopped:6,upgraded:0
//!
//! 0 s        5 s         8 s        14 s
//! |healthy   |draining   |stopped   |upgraded ... until exit
//! ```

use std::str::FromStr;
use std::time::Duration;

use tokio::time::{sleep_until, Instant};

use super::backend::Backend;
use super::phase::Phase;
use crate::args;
use crate::Error;

/// One phase and how long it lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// The phase to play.
    pub phase: Phase,
    /// How long before the next step; ignored for the last step, which
    /// lasts until the process exits.
    pub duration: Duration,
}

/// The steps of `--script`, at least one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Script {
    steps: Vec<Step>,
}

impl Script {
    /// The steps in the order they are played.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// The first phase, which the instance starts in.
    pub fn first_phase(&self) -> Phase {
        // Parsing refuses empty scripts, so there is always a first step.
        self.steps.first().map_or(Phase::Healthy, |step| step.phase)
    }

    /// Plays the steps on `backend`, each starting at the sum of the
    /// durations before it so that delays do not add up, then returns.
    pub async fn play(&self, backend: &Backend) {
        let start = Instant::now();
        let mut at = start;
        for step in &self.steps {
            sleep_until(at).await;
            backend.set_phase(step.phase);
            at += step.duration;
        }
    }
}

impl FromStr for Script {
    type Err = Error;

    /// Parses `phase:seconds` entries separated by commas; seconds may have
    /// a fraction.
    fn from_str(text: &str) -> Result<Self, Error> {
        let steps = text
            .split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(step)
            .collect::<Result<Vec<_>, _>>()?;
        if steps.is_empty() {
            return Err(Error::InvalidScript {
                entry: text.to_owned(),
                reason: "has no phase:seconds entries",
            });
        }
        Ok(Script { steps })
    }
}

fn step(entry: &str) -> Result<Step, Error> {
    let invalid = |reason| Error::InvalidScript {
        entry: entry.to_owned(),
        reason,
    };
    let (name, seconds) = entry
        .split_once(':')
        .ok_or_else(|| invalid("is not phase:seconds"))?;
    let phase = name.trim().parse()?;
    let duration =
        args::seconds(seconds).ok_or_else(|| invalid("has no valid number of seconds"))?;
    Ok(Step { phase, duration })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_script_lists_phases_with_their_seconds() {
        let script: Script = "healthy:5, draining:0.5,upgraded:0".parse().unwrap();
        assert_eq!(
            script.steps(),
            &[
                Step {
                    phase: Phase::Healthy,
                    duration: Duration::from_secs(5)
                },
                Step {
                    phase: Phase::Draining,
                    duration: Duration::from_millis(500)
                },
                Step {
                    phase: Phase::Upgraded,
                    duration: Duration::ZERO
                },
            ]
        );
        assert_eq!(script.first_phase(), Phase::Healthy);
    }

    #[test]
    fn malformed_entries_are_refused_with_the_entry_named() {
        for bad in ["", "healthy", "healthy:soon", "healthy:-1"] {
            assert!(
                matches!(bad.parse::<Script>(), Err(Error::InvalidScript { .. })),
                "{bad}"
            );
        }
        assert!(matches!(
            "napping:3".parse::<Script>(),
            Err(Error::UnknownPhase { .. })
        ));
    }
}
