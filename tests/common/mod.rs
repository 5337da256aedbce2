//! A small driver for timeline tests: it runs a monitor against a scripted
//! backend on virtual time, exactly as the browser driver would, and records
//! every probe and every status change.

#![allow(dead_code)]

use backend_health::core::{
    Completion, Monitor, Observation, Options, RandomSource, Status, Step, Ticket,
};

/// Randomness that always answers the middle of the range, so that every
/// jittered delay is predictable: intervals of exactly 10 000 ms, confirming
/// probes after 750 ms, backoff delays halfway between floor and cap.
pub struct Middle;

impl RandomSource for Middle {
    fn next_unit(&mut self) -> f64 {
        0.5
    }
}

/// How long every scripted request takes (ms).
pub const LATENCY_MS: f64 = 20.0;

pub struct Harness {
    pub monitor: Monitor<Middle>,
    pub now: f64,
    in_flight: Option<(Ticket, f64)>,
    wake: Option<f64>,
    /// When each probe was sent.
    pub probes: Vec<f64>,
    /// Every status change, with its time.
    pub changes: Vec<(f64, Status)>,
    /// The most probes ever in flight at once.
    pub max_in_flight: usize,
    /// How long each request takes (ms).
    latency: f64,
    /// Requests the monitor asked to cancel, with the reason.
    pub cancels: Vec<(f64, &'static str)>,
    /// Answers the monitor discarded.
    pub discards: usize,
    last_status: Status,
}

impl Harness {
    pub fn new(options: Options) -> Harness {
        Harness {
            monitor: Monitor::new(options, Middle).expect("test options are valid"),
            now: 0.0,
            in_flight: None,
            wake: None,
            probes: Vec::new(),
            changes: Vec::new(),
            max_in_flight: 0,
            latency: LATENCY_MS,
            cancels: Vec::new(),
            discards: 0,
            last_status: Status::Unknown,
        }
    }

    pub fn with_defaults() -> Harness {
        Harness::new(Options::default())
    }

    /// Makes every later request take `ms`.
    pub fn set_latency(&mut self, ms: f64) {
        self.latency = ms;
    }

    pub fn start(&mut self) {
        self.monitor.start(self.now);
    }

    /// Runs until `end` (ms), answering each probe with `backend(t)` where
    /// `t` is when the request reaches the server.
    pub fn run_until(&mut self, end: f64, mut backend: impl FnMut(f64) -> Observation) {
        loop {
            self.drive();
            let answer_at = self.in_flight.map(|(_, at)| at);
            let next = match (answer_at, self.wake) {
                (Some(a), Some(w)) => a.min(w),
                (Some(a), None) => a,
                (None, Some(w)) => w,
                (None, None) => break,
            };
            if next > end {
                break;
            }
            self.now = next;
            if answer_at == Some(next) {
                let (ticket, _) = self.in_flight.take().expect("answer time implies a probe");
                let answer = backend(next - self.latency / 2.0);
                if self.monitor.complete(ticket, answer, self.now) != Completion::Applied {
                    self.discards += 1;
                }
                self.record();
            }
        }
        self.now = end;
        self.drive();
    }

    /// Calls `poll` until the monitor waits, doing what it says.
    pub fn drive(&mut self) {
        for _ in 0..100 {
            let step = self.monitor.poll(self.now);
            self.record();
            match step {
                Step::Probe(ticket) => {
                    assert!(
                        self.in_flight.is_none(),
                        "two probes in flight at {}",
                        self.now
                    );
                    self.in_flight = Some((ticket, self.now + self.latency));
                    self.probes.push(self.now);
                    self.max_in_flight = self.max_in_flight.max(1);
                }
                Step::Cancel(ticket, reason) => {
                    if self.in_flight.map(|(t, _)| t) == Some(ticket) {
                        self.in_flight = None;
                    }
                    self.cancels.push((self.now, reason.as_str()));
                }
                Step::WaitUntil(at) => {
                    assert!(at >= self.now, "a wait into the past at {}", self.now);
                    self.wake = Some(at);
                    return;
                }
                Step::Paused => {
                    self.wake = None;
                    return;
                }
            }
        }
        panic!("poll did not settle at {}", self.now);
    }

    fn record(&mut self) {
        let status = self.monitor.snapshot().status;
        if status != self.last_status {
            self.changes.push((self.now, status));
            self.last_status = status;
        }
    }

    pub fn status(&self) -> Status {
        self.monitor.snapshot().status
    }

    /// Probes sent in `[from, to)`.
    pub fn probes_between(&self, from: f64, to: f64) -> Vec<f64> {
        self.probes
            .iter()
            .copied()
            .filter(|t| (from..to).contains(t))
            .collect()
    }
}

pub fn ok() -> Observation {
    Observation::response(200)
}

pub fn http(status: u16) -> Observation {
    Observation::response(status)
}

/// A backend that answers 200, except `during` from `from` up to `to` (ms).
pub fn trouble(from: f64, to: f64, during: Observation) -> impl FnMut(f64) -> Observation {
    move |t| {
        if (from..to).contains(&t) {
            during.clone()
        } else {
            ok()
        }
    }
}
