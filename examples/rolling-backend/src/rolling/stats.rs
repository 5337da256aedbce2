//! Counters for `/readyz`: how many probes arrived, how many overlapped, and
//! how many came in each recent second, so the console can show a fleet of
//! monitors backing off instead of hammering the backend.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use serde::Serialize;

use crate::tally::{InFlight, Tally};

/// How many whole seconds [`RecentRate`] remembers.
pub const WINDOW_SECONDS: u64 = 60;

/// Requests per whole second over the last [`WINDOW_SECONDS`] seconds.
///
/// Seconds are counted by the caller (from the start of the process), which
/// keeps this type free of clocks.
#[derive(Debug, Default, Clone)]
pub struct RecentRate {
    /// `(second, requests)`, oldest first, seconds without requests left out.
    seconds: VecDeque<(u64, u64)>,
}

impl RecentRate {
    /// Counts one request in `second`.
    pub fn record(&mut self, second: u64) {
        match self.seconds.back_mut() {
            Some((last, count)) if *last == second => *count += 1,
            _ => self.seconds.push_back((second, 1)),
        }
        self.forget_before(second);
    }

    /// One count per second, oldest first, ending with `now` (the second
    /// still filling).
    pub fn per_second(&self, now: u64) -> Vec<u64> {
        let first = (now + 1).saturating_sub(WINDOW_SECONDS);
        let mut counts: Vec<u64> = (first..=now).map(|_| 0).collect();
        for &(second, count) in &self.seconds {
            let slot = second.checked_sub(first).map(|offset| offset as usize);
            if let Some(slot) = slot.and_then(|offset| counts.get_mut(offset)) {
                *slot = count;
            }
        }
        counts
    }

    /// Forgets everything.
    pub fn clear(&mut self) {
        self.seconds.clear();
    }

    fn forget_before(&mut self, now: u64) {
        let first = (now + 1).saturating_sub(WINDOW_SECONDS);
        while self
            .seconds
            .front()
            .is_some_and(|&(second, _)| second < first)
        {
            self.seconds.pop_front();
        }
    }
}

/// The body of `GET /control/stats`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatsBody {
    /// `/readyz` requests since the start or the last reset.
    pub requests: u64,
    /// The most `/readyz` requests that were in flight at once.
    pub max_in_flight: u64,
    /// `/readyz` requests in flight now.
    pub in_flight: u64,
    /// `/readyz` requests in each of the last seconds, oldest first; the
    /// last entry is the current, unfinished second.
    pub per_second: Vec<u64>,
    /// How many seconds `per_second` covers at most.
    pub window_seconds: u64,
}

/// The `/readyz` counters of one instance; clones share them.
#[derive(Debug, Clone)]
pub struct ReadyzStats {
    tally: Tally,
    rate: Arc<Mutex<RecentRate>>,
    started: Instant,
}

impl ReadyzStats {
    /// Counters that measure seconds from `started`.
    pub fn new(started: Instant) -> Self {
        Self {
            tally: Tally::default(),
            rate: Arc::default(),
            started,
        }
    }

    /// Counts a `/readyz` request that starts now.
    pub fn enter(&self) -> InFlight {
        let second = self.started.elapsed().as_secs();
        self.rate().record(second);
        self.tally.enter()
    }

    /// The counters as they are now.
    pub fn snapshot(&self) -> StatsBody {
        let counts = self.tally.counts();
        StatsBody {
            requests: counts.requests,
            max_in_flight: counts.max_in_flight,
            in_flight: counts.in_flight,
            per_second: self.rate().per_second(self.started.elapsed().as_secs()),
            window_seconds: WINDOW_SECONDS,
        }
    }

    /// Starts counting afresh.
    pub fn reset(&self) {
        self.tally.reset();
        self.rate().clear();
    }

    fn rate(&self) -> MutexGuard<'_, RecentRate> {
        // Plain counters stay valid even if a holder panicked.
        self.rate.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_land_in_their_second_and_quiet_seconds_read_zero() {
        let mut rate = RecentRate::default();
        rate.record(0);
        rate.record(0);
        rate.record(2);
        assert_eq!(rate.per_second(3), vec![2, 0, 1, 0]);
    }

    #[test]
    fn seconds_older_than_the_window_are_forgotten() {
        let mut rate = RecentRate::default();
        rate.record(1);
        rate.record(100);
        let counts = rate.per_second(100);
        assert_eq!(counts.len(), 60);
        assert_eq!(counts.iter().sum::<u64>(), 1);
        assert_eq!(counts.last(), Some(&1));
        assert_eq!(rate.seconds.len(), 1);
    }
}
