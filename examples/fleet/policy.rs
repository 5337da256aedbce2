//! The policies compared: our monitor at its defaults, and two naive ones
//! written the way hand-rolled polling code usually is.

use backend_health::core::{
    Completion, Monitor, Observation, Options, SplitMix64, Status, Step, Ticket,
};

/// Which policy a simulated page runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyKind {
    /// The real monitor core with default options.
    Ours,
    /// A probe every 30 s; one failure flips the status.
    Fixed30s,
    /// 1 s, doubling to 30 s on failure without jitter, back to 1 s on success.
    Doubling,
}

impl PolicyKind {
    pub const ALL: [PolicyKind; 3] = [PolicyKind::Ours, PolicyKind::Fixed30s, PolicyKind::Doubling];

    pub fn name(self) -> &'static str {
        match self {
            PolicyKind::Ours => "ours",
            PolicyKind::Fixed30s => "fixed-30s",
            PolicyKind::Doubling => "doubling",
        }
    }

    pub fn from_name(name: &str) -> Option<PolicyKind> {
        PolicyKind::ALL.into_iter().find(|p| p.name() == name)
    }

    pub fn client(self, seed: u64) -> Client {
        match self {
            PolicyKind::Ours => {
                let monitor = Monitor::new(Options::default(), SplitMix64::with_seed(seed));
                // The defaults are valid; a failure here is a bug in them.
                Client::Ours(monitor.expect("default options are valid"))
            }
            PolicyKind::Fixed30s => Client::Naive(Naive::new(30_000.0, 30_000.0, 30_000.0)),
            PolicyKind::Doubling => Client::Naive(Naive::new(1_000.0, 1_000.0, 30_000.0)),
        }
    }
}

/// What a page asks the simulator for.
pub enum Action {
    /// Send probe `id` now.
    Probe(u64),
    /// Wake me at this time.
    WaitUntil(f64),
    /// Nothing to do.
    Idle,
}

/// One simulated page.
// Every page of one run has the same variant, so the size gap wastes nothing.
#[allow(clippy::large_enum_variant)]
pub enum Client {
    Ours(Monitor),
    Naive(Naive),
}

impl Client {
    pub fn start(&mut self, now: f64) {
        match self {
            Client::Ours(m) => m.start(now),
            Client::Naive(n) => n.next_at = now,
        }
    }

    /// The next thing to do; cancellations need no action in the simulator,
    /// since a cancelled probe's answer is discarded by its ticket.
    pub fn poll(&mut self, now: f64) -> Action {
        match self {
            Client::Ours(m) => loop {
                match m.poll(now) {
                    Step::Probe(ticket) => return Action::Probe(ticket.seq()),
                    Step::Cancel(..) => continue,
                    Step::WaitUntil(t) => return Action::WaitUntil(t),
                    Step::Paused => return Action::Idle,
                }
            },
            Client::Naive(n) => n.poll(now),
        }
    }

    /// Hands probe `id`'s answer over; true when it was applied.
    pub fn complete(
        &mut self,
        id: u64,
        ticket: Option<Ticket>,
        obs: Observation,
        now: f64,
    ) -> bool {
        match (self, ticket) {
            (Client::Ours(m), Some(ticket)) => m.complete(ticket, obs, now) == Completion::Applied,
            (Client::Ours(_), None) => false,
            (Client::Naive(n), _) => n.complete(id, obs, now),
        }
    }

    pub fn in_flight(&self) -> Option<Ticket> {
        match self {
            Client::Ours(m) => m.in_flight(),
            Client::Naive(_) => None,
        }
    }

    pub fn status(&self) -> Status {
        match self {
            Client::Ours(m) => m.snapshot().status,
            Client::Naive(n) => n.status,
        }
    }
}

/// The naive policies: a fixed delay while healthy, a doubling one while
/// failing, no jitter, and the status flips on every answer.
pub struct Naive {
    healthy_ms: f64,
    first_retry_ms: f64,
    max_ms: f64,
    retry_ms: f64,
    next_at: f64,
    in_flight: Option<u64>,
    next_id: u64,
    status: Status,
}

impl Naive {
    fn new(healthy_ms: f64, first_retry_ms: f64, max_ms: f64) -> Naive {
        Naive {
            healthy_ms,
            first_retry_ms,
            max_ms,
            retry_ms: first_retry_ms,
            next_at: f64::INFINITY,
            in_flight: None,
            next_id: 1,
            status: Status::Unknown,
        }
    }

    fn poll(&mut self, now: f64) -> Action {
        if self.in_flight.is_some() {
            return Action::Idle;
        }
        if now < self.next_at {
            return Action::WaitUntil(self.next_at);
        }
        let id = self.next_id;
        self.next_id += 1;
        self.in_flight = Some(id);
        Action::Probe(id)
    }

    fn complete(&mut self, id: u64, obs: Observation, now: f64) -> bool {
        if self.in_flight != Some(id) {
            return false;
        }
        self.in_flight = None;
        let ok = (200..300).contains(&obs.status);
        let delay = if ok {
            self.status = Status::Healthy;
            self.retry_ms = self.first_retry_ms;
            self.healthy_ms
        } else {
            self.status = Status::Unavailable;
            let delay = self.retry_ms;
            self.retry_ms = (self.retry_ms * 2.0).min(self.max_ms);
            delay
        };
        // Relative to the answer, as `setTimeout` after `await fetch` is.
        self.next_at = now + delay;
        true
    }
}
