//! Counting requests and how many are in flight at once, which is how the
//! tests check that a health monitor never has two probes outstanding.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use serde::Serialize;

/// A snapshot of one [`Tally`].
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    /// Requests seen since the start or the last reset.
    pub requests: u64,
    /// The most requests that were in flight at the same moment.
    pub max_in_flight: u64,
    /// Requests in flight now.
    pub in_flight: u64,
}

/// Shared request counters; clones count into the same numbers.
#[derive(Debug, Default, Clone)]
pub struct Tally {
    counts: Arc<Mutex<Counts>>,
}

impl Tally {
    /// Counts a request that starts now; it stays in flight until the
    /// returned guard is dropped.
    pub fn enter(&self) -> InFlight {
        let mut counts = self.lock();
        counts.requests += 1;
        counts.in_flight += 1;
        counts.max_in_flight = counts.max_in_flight.max(counts.in_flight);
        InFlight {
            tally: self.clone(),
        }
    }

    /// The counts as they are now.
    pub fn counts(&self) -> Counts {
        *self.lock()
    }

    /// Starts counting afresh. Requests still in flight stay counted as in
    /// flight, so the numbers stay true when they finish.
    pub fn reset(&self) {
        let mut counts = self.lock();
        counts.requests = 0;
        counts.max_in_flight = counts.in_flight;
    }

    fn lock(&self) -> MutexGuard<'_, Counts> {
        // The counters are plain numbers, valid even if a holder panicked.
        self.counts.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// One request in flight; dropping it ends the request.
#[derive(Debug)]
#[must_use = "the request stops being in flight as soon as this is dropped"]
pub struct InFlight {
    tally: Tally,
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut counts = self.tally.lock();
        counts.in_flight = counts.in_flight.saturating_sub(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_requests_raise_the_maximum_in_flight() {
        let tally = Tally::default();
        let first = tally.enter();
        let second = tally.enter();
        drop(first);
        let third = tally.enter();
        assert_eq!(
            tally.counts(),
            Counts {
                requests: 3,
                max_in_flight: 2,
                in_flight: 2
            }
        );
        drop((second, third));
        assert_eq!(tally.counts().in_flight, 0);
    }

    #[test]
    fn a_reset_keeps_requests_that_are_still_in_flight() {
        let tally = Tally::default();
        let open = tally.enter();
        drop(tally.enter());
        tally.reset();
        assert_eq!(tally.counts().requests, 0);
        assert_eq!(tally.counts().in_flight, 1);
        assert_eq!(tally.counts().max_in_flight, 1);
        drop(open);
    }
}
