//! The state one instance shares between its API port, its control port
//! and its script: the current phase and release, and the `/readyz`
//! counters.

use std::io::Write;
use std::time::{Duration, Instant};

use tokio::sync::watch;

use super::phase::{Instance, Phase};
use super::stats::ReadyzStats;

/// One demo instance.
#[derive(Debug)]
pub struct Backend {
    state: watch::Sender<Instance>,
    stats: ReadyzStats,
    started: Instant,
    slow: Duration,
    api_port: u16,
    api_listening: watch::Sender<bool>,
}

impl Backend {
    /// An instance in `phase` whose API port is `api_port`; `started` is
    /// the moment phase changes are timed from, and `slow` the delay of
    /// the `slow` phase.
    pub fn new(phase: Phase, api_port: u16, started: Instant, slow: Duration) -> Self {
        Self {
            state: watch::Sender::new(Instance::new(phase)),
            stats: ReadyzStats::new(started),
            started,
            slow,
            api_port,
            api_listening: watch::Sender::new(false),
        }
    }

    /// The phase and release now.
    pub fn instance(&self) -> Instance {
        *self.state.borrow()
    }

    /// Switches to `phase` and prints `phase NAME at MS ms` on stdout,
    /// which the tests and the person watching read.
    pub fn set_phase(&self, phase: Phase) -> Instance {
        self.state
            .send_modify(|instance| *instance = instance.enter(phase));
        let mut out = std::io::stdout().lock();
        // Nobody reading stdout is no reason to stop the demo.
        let _ = writeln!(out, "phase {phase} at {} ms", self.uptime().as_millis());
        let _ = out.flush();
        self.instance()
    }

    /// Watches phase changes; the API port uses it to close and reopen.
    pub fn subscribe(&self) -> watch::Receiver<Instance> {
        self.state.subscribe()
    }

    /// The `/readyz` counters.
    pub fn stats(&self) -> &ReadyzStats {
        &self.stats
    }

    /// How long the instance has run.
    pub fn uptime(&self) -> Duration {
        self.started.elapsed()
    }

    /// The delay of the `slow` phase.
    pub fn slow_delay(&self) -> Duration {
        self.slow
    }

    /// The port of the API listener, real even when 0 was asked for.
    pub fn api_port(&self) -> u16 {
        self.api_port
    }

    /// Whether the API port has a listening socket right now.
    pub fn is_api_listening(&self) -> bool {
        *self.api_listening.borrow()
    }

    /// Records whether the API port is listening.
    pub fn set_api_listening(&self, listening: bool) {
        self.api_listening.send_replace(listening);
    }

    /// Waits, at most `limit`, until the API port is open or closed as the
    /// current phase wants, so that a phase switch has taken effect once
    /// its answer is sent. Returns whether it settled in time.
    pub async fn settle(&self, limit: Duration) -> bool {
        let wanted = self.instance().phase.is_listening();
        let mut listening = self.api_listening.subscribe();
        let settled = listening.wait_for(|now| *now == wanted);
        let outcome = tokio::time::timeout(limit, settled).await;
        matches!(outcome, Ok(Ok(_)))
    }
}
