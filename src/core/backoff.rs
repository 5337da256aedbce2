//! The delays between probes: jittered exponential backoff while failing, a
//! quick confirming probe after a first failure, and a lightly jittered
//! interval while healthy.
//!
//! ```text
//!  serving        failing (full jitter, cap doubles from base to max)
//!  |--9-11 s--|--9-11 s--|x|.5-1 s|x|..0.5-1 s..|x|..0.5-2 s..|x|.....0.5-4 s.....|x|
//!                         ^ first failure: quick confirmation
//! ```

use super::number::within;
use super::options::{BackoffOptions, Jitter, Options};
use super::random::RandomSource;

/// How far the healthy interval is spread either way (±10 %), so that pages
/// opened together drift apart instead of polling in lockstep.
pub const INTERVAL_SPREAD: f64 = 0.1;

/// Computes delays for one monitor; keeps the previous delay for the
/// decorrelated strategy.
#[derive(Clone, Debug)]
pub struct BackoffPolicy {
    options: BackoffOptions,
    floor_ms: f64,
    previous_ms: f64,
}

impl BackoffPolicy {
    /// A policy for `options`, which must already be valid.
    pub fn new(options: &Options) -> BackoffPolicy {
        BackoffPolicy {
            options: options.backoff,
            floor_ms: options.backoff_floor_ms(),
            previous_ms: options.backoff.base_ms,
        }
    }

    /// The shortest delay this policy ever returns.
    pub fn floor_ms(&self) -> f64 {
        self.floor_ms
    }

    /// The longest delay this policy ever returns.
    pub fn max_ms(&self) -> f64 {
        self.options.max_ms
    }

    /// Forgets the failure streak (after a success).
    pub fn reset(&mut self) {
        self.previous_ms = self.options.base_ms;
    }

    /// Continues a failure streak taken over from elsewhere: the decorrelated
    /// strategy goes on from the cap of step `attempt`.
    pub fn resume(&mut self, attempt: u32) {
        let cap = self.options.base_ms * doubling(attempt);
        self.previous_ms = cap.min(self.options.max_ms);
    }

    /// The delay before retry number `attempt` (0 for the first retry after
    /// the status turned failing), always within `[floor, max]`.
    pub fn delay_ms(&mut self, attempt: u32, rng: &mut impl RandomSource) -> f64 {
        let BackoffOptions {
            base_ms,
            max_ms,
            jitter,
        } = self.options;
        // 2^attempt saturates long before f64 does; cap the exponent anyway.
        let cap = (base_ms * doubling(attempt)).min(max_ms);
        let u = rng.next_unit();
        let delay = match jitter {
            Jitter::Full => self.floor_ms + u * (cap - self.floor_ms).max(0.0),
            Jitter::Equal => cap / 2.0 + u * cap / 2.0,
            Jitter::Decorrelated => base_ms + u * (self.previous_ms * 3.0 - base_ms).max(0.0),
            Jitter::None => cap,
        };
        let delay = within(delay, self.floor_ms, max_ms);
        self.previous_ms = delay;
        delay
    }

    /// The delay before a probe that confirms a first failure (or a first
    /// success after failing): quick, within `[floor, base]`, and jittered
    /// unless jitter is off.
    pub fn confirm_delay_ms(&self, rng: &mut impl RandomSource) -> f64 {
        match self.options.jitter {
            Jitter::None => self.options.base_ms,
            _ => self.floor_ms + rng.next_unit() * (self.options.base_ms - self.floor_ms),
        }
    }
}

/// The healthy interval spread by ±[`INTERVAL_SPREAD`].
pub fn jittered_interval_ms(interval_ms: f64, rng: &mut impl RandomSource) -> f64 {
    interval_ms * (1.0 - INTERVAL_SPREAD + 2.0 * INTERVAL_SPREAD * rng.next_unit())
}

/// A wait the server asked for, capped, plus a small spread (up to 10 % or
/// the backoff base, whichever is more) so that clients told the same
/// HTTP-date do not all return in the same instant.
pub fn retry_after_delay_ms(asked_ms: f64, options: &Options, rng: &mut impl RandomSource) -> f64 {
    let capped = within(asked_ms, 0.0, options.max_retry_after_ms);
    let spread = (capped * 0.1).max(options.backoff.base_ms);
    capped + rng.next_unit() * spread
}

/// 2 to the power `attempt`, which saturates at 2^30: far past any cap.
fn doubling(attempt: u32) -> f64 {
    f64::from(1u32 << attempt.min(30))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::random::SplitMix64;

    fn policy(jitter: Jitter) -> BackoffPolicy {
        let mut options = Options::default();
        options.backoff.jitter = jitter;
        BackoffPolicy::new(&options)
    }

    #[test]
    fn without_jitter_delays_double_from_base_up_to_max() {
        let mut p = policy(Jitter::None);
        let mut rng = SplitMix64::with_seed(0);
        let delays: Vec<f64> = (0..7).map(|n| p.delay_ms(n, &mut rng)).collect();
        assert_eq!(
            delays,
            [1_000.0, 2_000.0, 4_000.0, 8_000.0, 16_000.0, 20_000.0, 20_000.0]
        );
    }

    #[test]
    fn every_strategy_stays_between_floor_and_max() {
        for jitter in [
            Jitter::Full,
            Jitter::Equal,
            Jitter::Decorrelated,
            Jitter::None,
        ] {
            let mut p = policy(jitter);
            let mut rng = SplitMix64::with_seed(3);
            for attempt in 0..200 {
                let d = p.delay_ms(attempt % 40, &mut rng);
                assert!((500.0..=20_000.0).contains(&d), "{jitter:?}: {d}");
            }
        }
    }

    #[test]
    fn the_healthy_interval_moves_at_most_ten_percent() {
        let mut rng = SplitMix64::with_seed(9);
        for _ in 0..1_000 {
            let d = jittered_interval_ms(10_000.0, &mut rng);
            assert!((9_000.0..=11_000.0).contains(&d));
        }
    }

    #[test]
    fn retry_after_is_capped_by_the_maximum() {
        let options = Options::default();
        let mut rng = SplitMix64::with_seed(1);
        let d = retry_after_delay_ms(10_000_000.0, &options, &mut rng);
        assert!((300_000.0..=330_000.0).contains(&d), "{d}");
    }
}
