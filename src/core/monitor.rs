//! The monitor state machine: it takes events (time passing, page signals,
//! probe results, the app's own traffic) and says what to do next.
//!
//! A driver runs it in a loop: after any event it calls [`Monitor::poll`]
//! until the answer is a wait or a pause, doing what each [`Step`] says.
//!
//! ```text
//!  at 0 ms        start            -> Probe #1
//!  at 20 ms       #1 answers 200   -> healthy, wait ~10 000 ms
//!  at 10 000 ms   #2 answers 503   -> still healthy (1 of 2 failures), wait 500-1 000 ms
//!  at 10 800 ms   #3 answers 503   -> unavailable, backoff 500 ms .. 20 s
//!  at 30 000 ms   #9 answers 200   -> healthy again, wait ~10 000 ms
//! ```
//!
//! Invariants: at most one probe is in flight; every probe carries a
//! [`Ticket`], and an answer whose ticket is not the one in flight (late,
//! after stop, after a reset) is discarded; no delay is shorter than the
//! backoff floor, except the first probe after start, a return to the page
//! or the network, all of which are rate-limited.

use alloc::string::String;

use super::backoff::{jittered_interval_ms, retry_after_delay_ms, BackoffPolicy};
use super::classify::{classify, Classification, Observation, Problem, Transport};
use super::error::{Error, ErrorKind};
use super::options::Options;
use super::random::{RandomSource, SplitMix64};
use super::snapshot::Snapshot;
use super::status::{Reason, Status};

/// How far back a server's clock may appear to go before its answer is
/// treated as a stale copy. Pods of one service rarely disagree by more
/// than a second; 30 s leaves room for a badly synced one.
pub const SERVER_TIME_TOLERANCE_MS: f64 = 30_000.0;

/// How many stale answers in a row are discarded before the monitor accepts
/// them anyway (until a fresh one arrives): a server whose clock was set
/// back, or a cache that never lets a fresh copy through, must not leave the
/// page without any answer.
pub const MAX_STALE_STREAK: u32 = 3;

/// Identifies one probe: the monitor's generation (bumped by a reset) and
/// the probe's sequence number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Ticket {
    generation: u32,
    seq: u64,
}

impl Ticket {
    /// The probe's sequence number, counting from 1 over the monitor's life.
    pub fn seq(self) -> u64 {
        self.seq
    }

    /// The generation the probe belongs to.
    pub fn generation(self) -> u32 {
        self.generation
    }
}

/// Why the monitor wants a request cancelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CancelReason {
    /// It took longer than the timeout (already counted as a failure).
    Timeout,
    /// The monitor was stopped.
    Stopped,
    /// The monitor was reset, e.g. for a new endpoint.
    Superseded,
    /// The browser went offline.
    Offline,
}

impl CancelReason {
    /// The reason's stable name, used as the abort reason in the browser.
    pub fn as_str(self) -> &'static str {
        match self {
            CancelReason::Timeout => "timeout",
            CancelReason::Stopped => "stopped",
            CancelReason::Superseded => "superseded",
            CancelReason::Offline => "offline",
        }
    }
}

/// A monitor's state as handed to another monitor that takes over.
#[derive(Clone, Debug, PartialEq)]
pub struct Handover {
    /// The snapshot, counters included.
    pub snapshot: Snapshot,
    /// Passing observations in a row (towards the success threshold).
    pub successes: u32,
    /// No probe before this time (a `Retry-After`), if any.
    pub not_before_ms: Option<f64>,
    /// When the next probe is due, if scheduled.
    pub next_probe_ms: Option<f64>,
}

/// What the driver should do next.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Step {
    /// Send a probe now and report its outcome with this ticket.
    Probe(Ticket),
    /// Abort the request with this ticket; its outcome no longer matters.
    Cancel(Ticket, CancelReason),
    /// Nothing to do before this time (ms); set the one timer for it.
    WaitUntil(f64),
    /// Nothing to do until an outside event (start, visible, online).
    Paused,
}

/// What became of a probe's outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Completion {
    /// It was applied to the snapshot.
    Applied,
    /// It was ignored, for the reason given.
    Discarded(Discard),
}

/// Why an outcome was ignored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Discard {
    /// Its ticket is not the probe in flight: it is late, out of order, or
    /// belongs to a stopped or reset monitor.
    NotInFlight,
    /// It reports our own abort.
    OwnAbort,
    /// `Age` shows a copy served from a cache.
    CachedCopy,
    /// The server's clock went backwards: an older answer replayed.
    ServerTimeWentBack,
}

#[derive(Clone, Copy, Debug)]
struct InFlight {
    ticket: Ticket,
    started_ms: f64,
    deadline_ms: f64,
}

/// The health monitor of one endpoint. Time comes in as ms, randomness from
/// `R`; nothing here touches a clock, a timer or the network.
#[derive(Clone, Debug)]
pub struct Monitor<R: RandomSource = SplitMix64> {
    options: Options,
    rng: R,
    backoff: BackoffPolicy,
    generation: u32,
    next_seq: u64,
    running: bool,
    visible: bool,
    online: bool,
    in_flight: Option<InFlight>,
    pending_cancel: Option<(Ticket, CancelReason)>,
    manual_requested: bool,
    next_probe_ms: Option<f64>,
    not_before_ms: f64,
    last_started_ms: Option<f64>,
    last_nudge_ms: Option<f64>,
    last_now_ms: f64,
    successes: u32,
    max_server_time_ms: Option<f64>,
    stale_streak: u32,
    stale_tolerated: bool,
    snapshot: Snapshot,
    revision: u64,
}

impl<R: RandomSource> Monitor<R> {
    /// A stopped monitor with `options`, drawing randomness from `rng`.
    ///
    /// # Errors
    /// [`Error::InvalidOption`] when the options break a rule.
    pub fn new(options: Options, rng: R) -> Result<Monitor<R>, Error> {
        options.validate()?;
        Ok(Monitor {
            backoff: BackoffPolicy::new(&options),
            options,
            rng,
            generation: 0,
            next_seq: 1,
            running: false,
            visible: true,
            online: true,
            in_flight: None,
            pending_cancel: None,
            manual_requested: false,
            next_probe_ms: None,
            not_before_ms: f64::NEG_INFINITY,
            last_started_ms: None,
            last_nudge_ms: None,
            last_now_ms: f64::NEG_INFINITY,
            successes: 0,
            max_server_time_ms: None,
            stale_streak: 0,
            stale_tolerated: false,
            snapshot: Snapshot::default(),
            revision: 0,
        })
    }

    /// The options in force.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// What the monitor knows now.
    pub fn snapshot(&self) -> &Snapshot {
        &self.snapshot
    }

    /// A counter that grows whenever the snapshot changes, so a driver can
    /// tell listeners only about real changes.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Whether the monitor is started.
    pub fn is_running(&self) -> bool {
        self.running
    }

    /// The probe in flight, if any.
    pub fn in_flight(&self) -> Option<Ticket> {
        self.in_flight.map(|f| f.ticket)
    }

    /// Starts probing: the first probe is due at once (or when a
    /// `Retry-After` still in force ends). Starting a running monitor does
    /// nothing.
    pub fn start(&mut self, now_ms: f64) {
        let now = self.clock(now_ms);
        if self.running {
            return;
        }
        self.running = true;
        // A schedule adopted from another monitor is kept, so that taking
        // over from it sends no extra probe.
        let adopted = self.next_probe_ms.filter(|due| *due > now);
        self.schedule_at(adopted.unwrap_or(now).max(self.not_before_ms));
    }

    /// What another monitor needs to go on from where this one is: the
    /// snapshot, the streak counters, the server's `Retry-After` and the
    /// next probe's time.
    pub fn handover(&self) -> Handover {
        Handover {
            snapshot: self.snapshot.clone(),
            successes: self.successes,
            not_before_ms: Some(self.not_before_ms).filter(|t| t.is_finite()),
            next_probe_ms: self.next_probe_ms,
        }
    }

    /// Takes over another monitor's state (a tab that leads, say). A stopped
    /// monitor only shows it; started later, it keeps the adopted schedule,
    /// so thresholds, backoff and `Retry-After` carry over and the takeover
    /// sends no burst. A next probe already overdue is spread over the
    /// backoff floor.
    pub fn adopt(&mut self, handover: Handover, now_ms: f64) {
        let now = self.clock(now_ms);
        self.successes = handover.successes;
        self.not_before_ms = handover.not_before_ms.unwrap_or(f64::NEG_INFINITY);
        let due = handover.next_probe_ms.map(|due| {
            if due > now {
                due
            } else {
                now + self.rng.next_unit() * self.backoff.floor_ms()
            }
        });
        let failures = handover.snapshot.consecutive_failures;
        let attempt = failures.saturating_sub(self.options.failure_threshold);
        self.backoff.resume(attempt);
        self.snapshot = handover.snapshot;
        self.snapshot.next_check_ms = due;
        self.next_probe_ms = due;
        self.revision += 1;
    }

    /// Stops probing and cancels the probe in flight. The snapshot is kept,
    /// so a later start goes on from it.
    pub fn stop(&mut self) {
        self.running = false;
        self.manual_requested = false;
        self.cancel_in_flight(CancelReason::Stopped);
        self.next_probe_ms = None;
        self.set_next_check(None);
    }

    /// Forgets everything known (for a new endpoint, say): a new generation,
    /// so no answer to an earlier probe can land; the probe in flight is
    /// cancelled; the status returns to unknown; a running monitor probes at once.
    pub fn reset(&mut self, now_ms: f64) {
        let now = self.clock(now_ms);
        self.cancel_in_flight(CancelReason::Superseded);
        self.generation = self.generation.wrapping_add(1);
        self.manual_requested = false;
        self.not_before_ms = f64::NEG_INFINITY;
        self.last_nudge_ms = None;
        self.successes = 0;
        self.max_server_time_ms = None;
        self.stale_streak = 0;
        self.stale_tolerated = false;
        self.backoff.reset();
        self.snapshot = Snapshot::default();
        self.revision += 1;
        self.next_probe_ms = None;
        if self.running {
            self.schedule_at(now);
        }
    }

    /// The page became visible or hidden. While hidden (and
    /// `pause_when_hidden` is on) no probe starts; on return, a probe that
    /// fell due meanwhile goes out at once.
    pub fn set_visible(&mut self, visible: bool, now_ms: f64) {
        self.clock(now_ms);
        self.visible = visible;
    }

    /// The browser went online or offline. Offline shows at once and cancels
    /// the probe in flight; a slow safety probe (every backoff max) still
    /// runs, since an `offline` event can be wrong. Back online, a probe goes
    /// out within the backoff base.
    pub fn set_online(&mut self, online: bool, now_ms: f64) {
        let now = self.clock(now_ms);
        if online == self.online {
            return;
        }
        self.online = online;
        if !online {
            self.cancel_in_flight(CancelReason::Offline);
            let offline = classify(Observation::failed(Transport::Offline), now);
            self.show(Status::Offline, &offline);
            self.snapshot.error = offline.problem();
            self.schedule_at(now + self.backoff.max_ms());
        } else if self.snapshot.status == Status::Offline {
            let soon = self.rng.next_unit() * self.options.backoff.base_ms;
            self.bring_forward(now.max(self.not_before_ms) + soon);
        }
    }

    /// The page got focus: someone is looking. A probe goes out now unless
    /// one went out recently (half an interval while serving, the backoff
    /// base while not) or the server asked us to wait.
    pub fn focus(&mut self, now_ms: f64) {
        let now = self.clock(now_ms);
        let gap = if self.snapshot.status.is_serving() {
            self.options.interval_ms / 2.0
        } else {
            self.options.backoff.base_ms
        };
        let recent = self.last_started_ms.is_some_and(|t| now - t < gap);
        if self.running && !recent && now >= self.not_before_ms {
            self.bring_forward(now);
        }
    }

    /// Asks for a probe now, even when stopped or paused; joins the probe in
    /// flight if there is one. Requests closer together than the backoff
    /// floor are folded into one.
    pub fn request_check(&mut self, now_ms: f64) {
        self.clock(now_ms);
        if self.in_flight.is_none() {
            self.manual_requested = true;
        }
    }

    /// Takes a passive observation from the app's own traffic. A failure
    /// while serving counts towards the failure threshold and brings the
    /// next probe forward to confirm it; a success while not serving brings
    /// the next probe forward to confirm recovery. Either happens at most
    /// once per half interval, never before a `Retry-After` ends, and never
    /// while a probe is in flight, so app traffic cannot cause a probe storm.
    /// Returns whether the observation changed the schedule.
    pub fn observe_passive(&mut self, observation: Observation, now_ms: f64) -> bool {
        let now = self.clock(now_ms);
        let c = classify(observation, now);
        if !self.running || self.in_flight.is_some() || now < self.not_before_ms {
            return false;
        }
        let serving = self.snapshot.status.is_serving();
        let failure = match c.reason {
            Reason::ServerError | Reason::Timeout | Reason::Network | Reason::RequestTimeout => {
                true
            }
            Reason::Maintenance | Reason::Unauthorized | Reason::LoginRedirect => true,
            _ if c.status.is_serving() => false,
            _ => return false,
        };
        if failure != serving {
            return false;
        }
        let gap = self.options.interval_ms / 2.0;
        if self.last_nudge_ms.is_some_and(|t| now - t < gap) {
            return false;
        }
        self.last_nudge_ms = Some(now);
        if failure {
            self.snapshot.consecutive_failures += 1;
            self.successes = 0;
            self.revision += 1;
        }
        // Many pages see the same burst of errors at once; spread their probes.
        let spread = self.rng.next_unit() * self.backoff.floor_ms();
        self.bring_forward(now + spread);
        true
    }

    /// Says what to do next at `now_ms`. Call it after every event and again
    /// after doing what it said, until it answers a wait or a pause.
    pub fn poll(&mut self, now_ms: f64) -> Step {
        let now = self.clock(now_ms);
        if let Some((ticket, reason)) = self.pending_cancel.take() {
            return Step::Cancel(ticket, reason);
        }
        if let Some(flight) = self.in_flight {
            if now < flight.deadline_ms {
                return Step::WaitUntil(flight.deadline_ms);
            }
            self.in_flight = None;
            let timeout = Observation::failed(Transport::Timeout);
            self.apply(classify(timeout, now), now, now - flight.started_ms);
            return Step::Cancel(flight.ticket, CancelReason::Timeout);
        }
        if self.manual_requested {
            let earliest = self
                .last_started_ms
                .map_or(now, |t| t + self.backoff.floor_ms());
            if now >= earliest {
                return self.begin_probe(now);
            }
            return Step::WaitUntil(earliest);
        }
        let paused = self.options.pause_when_hidden && !self.visible;
        match self.next_probe_ms {
            _ if !self.running || paused => Step::Paused,
            None => Step::Paused,
            Some(due) if now >= due => self.begin_probe(now),
            Some(due) => Step::WaitUntil(due),
        }
    }

    /// Reports the outcome of the probe with `ticket`.
    pub fn complete(
        &mut self,
        ticket: Ticket,
        observation: Observation,
        now_ms: f64,
    ) -> Completion {
        let now = self.clock(now_ms);
        let flight = match self.in_flight {
            Some(flight) if flight.ticket == ticket => flight,
            _ => return Completion::Discarded(Discard::NotInFlight),
        };
        self.in_flight = None;
        let c = classify(observation, now);
        if c.reason == Reason::Aborted {
            self.retry_after_discard(now);
            return Completion::Discarded(Discard::OwnAbort);
        }
        if let Some(discard) = self.staleness(&c) {
            self.retry_after_discard(now);
            return Completion::Discarded(discard);
        }
        self.apply(c, now, now - flight.started_ms);
        Completion::Applied
    }

    fn begin_probe(&mut self, now: f64) -> Step {
        let ticket = Ticket {
            generation: self.generation,
            seq: self.next_seq,
        };
        self.next_seq += 1;
        self.manual_requested = false;
        self.next_probe_ms = None;
        self.last_started_ms = Some(now);
        self.in_flight = Some(InFlight {
            ticket,
            started_ms: now,
            deadline_ms: now + self.options.timeout_ms,
        });
        Step::Probe(ticket)
    }

    /// Applies a classified observation: counts it, decides what to show,
    /// and schedules the next probe.
    fn apply(&mut self, c: Classification, now: f64, latency_ms: f64) {
        // An answer proves the network is there, whatever `offline` said.
        if c.reason != Reason::Network && c.reason != Reason::Timeout {
            self.online = true;
        }

        // Count it.
        let failures = if c.is_failure() {
            self.successes = 0;
            self.snapshot.consecutive_failures.saturating_add(1)
        } else {
            self.successes = self.successes.saturating_add(1);
            0
        };
        self.snapshot.consecutive_failures = failures;

        // Decide what to show and record what was seen.
        let shown = self.decide(c.status, failures);
        self.show(shown, &c);
        self.snapshot.last_checked_ms = Some(now);
        self.snapshot.latency_ms = Some(latency_ms.max(0.0));
        self.snapshot.http_status = c.http_status;
        self.snapshot.error = c.problem();
        if let Some(report) = &c.report {
            if !report.dependencies.is_empty() {
                self.snapshot.dependencies = report.dependencies.clone();
            }
            if let Some(release) = report.release.as_ref().filter(|r| !r.is_empty()) {
                self.snapshot.release = Some(release.clone());
            }
        }

        // Schedule the next probe.
        let delay = self.delay_after(&c, shown, failures);
        let asked = c
            .retry_after_ms
            .filter(|_| self.options.respect_retry_after);
        // Each answer restates the server's wish: one without Retry-After
        // ends an earlier one.
        let delay = match asked {
            Some(ms) => {
                let wait = retry_after_delay_ms(ms, &self.options, &mut self.rng);
                self.not_before_ms = now + wait;
                delay.max(wait)
            }
            None => {
                self.not_before_ms = f64::NEG_INFINITY;
                delay
            }
        };
        self.schedule_at(now + delay);
    }

    /// The status to show after an observation of `observed`, applying the
    /// thresholds: a serving status survives failures below the failure
    /// threshold, a failing one survives successes below the success
    /// threshold, and definitive statuses show at once.
    fn decide(&self, observed: Status, failures: u32) -> Status {
        let current = self.snapshot.status;
        if observed.is_definitive() {
            return observed;
        }
        if observed.is_serving() {
            let confirmed = self.successes >= self.options.success_threshold;
            return if current.is_serving() || current == Status::Unknown || confirmed {
                observed
            } else {
                current
            };
        }
        if !self.online {
            return Status::Offline;
        }
        if current.is_serving() && failures < self.options.failure_threshold {
            current
        } else {
            observed
        }
    }

    fn delay_after(&mut self, c: &Classification, shown: Status, failures: u32) -> f64 {
        let unconfirmed = c.status.is_serving() != shown.is_serving() && shown != Status::Offline;
        if unconfirmed {
            return self.backoff.confirm_delay_ms(&mut self.rng);
        }
        if shown.is_serving() {
            self.backoff.reset();
            return jittered_interval_ms(self.options.interval_ms, &mut self.rng);
        }
        if shown == Status::Offline {
            return self.backoff.max_ms();
        }
        // The confirming probe was step 0 of the backoff (capped at the
        // base), so the first retry after the status turned is step 1.
        let attempt = failures.saturating_sub(self.options.failure_threshold) + 1;
        self.backoff.delay_ms(attempt, &mut self.rng)
    }

    fn show(&mut self, status: Status, c: &Classification) {
        self.snapshot.status = status;
        self.snapshot.reason = if status == c.status {
            c.reason
        } else {
            self.snapshot.reason
        };
        self.revision += 1;
    }

    /// Whether an answer must be ignored as a stale copy.
    fn staleness(&mut self, c: &Classification) -> Option<Discard> {
        let verdict = if c.age_seconds.is_some_and(|age| age >= 1.0) {
            Some(Discard::CachedCopy)
        } else {
            match (c.server_time_ms, self.max_server_time_ms) {
                (Some(t), Some(max)) if t < max - SERVER_TIME_TOLERANCE_MS => {
                    Some(Discard::ServerTimeWentBack)
                }
                _ => None,
            }
        };
        let accept_anyway =
            verdict.is_some() && (self.stale_tolerated || self.stale_streak >= MAX_STALE_STREAK);
        if verdict.is_none() || accept_anyway {
            // Once every answer has been stale for a while, stale answers are
            // the normal until a fresh one shows up again.
            self.stale_tolerated = accept_anyway;
            self.stale_streak = 0;
            if let Some(t) = c.server_time_ms {
                let keep = self.max_server_time_ms.filter(|_| !accept_anyway);
                self.max_server_time_ms = Some(keep.map_or(t, |max| max.max(t)));
            }
            return None;
        }
        self.stale_streak += 1;
        verdict
    }

    /// After a discarded answer nothing new is known: ask again after a
    /// backoff delay that grows with the streak of discards.
    fn retry_after_discard(&mut self, now: f64) {
        let delay = self.backoff.delay_ms(self.stale_streak, &mut self.rng);
        self.schedule_at(now + delay);
    }

    fn bring_forward(&mut self, at: f64) {
        let due = self.next_probe_ms.map_or(at, |due| due.min(at));
        self.schedule_at(due);
    }

    fn schedule_at(&mut self, at: f64) {
        self.next_probe_ms = Some(at);
        // A stopped monitor keeps the schedule for a later start, but shows
        // no next check: none will happen until then.
        let shown = Some(at).filter(|_| self.running);
        self.set_next_check(shown);
    }

    fn set_next_check(&mut self, at: Option<f64>) {
        if self.snapshot.next_check_ms != at {
            self.snapshot.next_check_ms = at;
            self.revision += 1;
        }
    }

    fn cancel_in_flight(&mut self, reason: CancelReason) {
        if let Some(flight) = self.in_flight.take() {
            self.pending_cancel = Some((flight.ticket, reason));
        }
    }

    /// Takes the driver's clock reading. A NaN reading is replaced by the
    /// last good one; a clock that jumped backwards moves every stored time
    /// back with it, so no wait can stretch by the size of the jump.
    fn clock(&mut self, now_ms: f64) -> f64 {
        if !now_ms.is_finite() {
            return if self.last_now_ms.is_finite() {
                self.last_now_ms
            } else {
                0.0
            };
        }
        if self.last_now_ms.is_finite() && now_ms < self.last_now_ms {
            let shift = now_ms - self.last_now_ms;
            self.shift_times(shift);
        }
        self.last_now_ms = now_ms;
        now_ms
    }

    fn shift_times(&mut self, shift: f64) {
        if let Some(flight) = self.in_flight.as_mut() {
            flight.started_ms += shift;
            flight.deadline_ms += shift;
        }
        self.next_probe_ms = self.next_probe_ms.map(|t| t + shift);
        self.not_before_ms += shift;
        self.last_started_ms = self.last_started_ms.map(|t| t + shift);
        self.last_nudge_ms = self.last_nudge_ms.map(|t| t + shift);
        let next_check = self.next_probe_ms;
        self.set_next_check(next_check);
    }
}

impl Problem {
    /// The problem of a monitor that could not be created or driven.
    pub fn engine(message: String) -> Problem {
        Problem {
            kind: ErrorKind::Engine,
            message,
            http_status: None,
        }
    }
}
