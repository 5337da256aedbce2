//! Where the monitor's randomness comes from: a trait, so tests and
//! simulations can seed it, and a small fast generator that implements it.

/// A source of uniform random numbers in `[0, 1)`.
pub trait RandomSource {
    /// The next number, uniform in `[0, 1)`.
    fn next_unit(&mut self) -> f64;
}

/// SplitMix64: tiny, fast, and good enough to spread timers; not for secrets.
#[derive(Clone, Debug)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator whose sequence is fixed by `seed`.
    pub fn with_seed(seed: u64) -> SplitMix64 {
        SplitMix64 { state: seed }
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

impl RandomSource for SplitMix64 {
    fn next_unit(&mut self) -> f64 {
        // The top 53 bits fill an f64 mantissa exactly.
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Any closure returning numbers in `[0, 1)` is a source too; values outside
/// that range are folded back into it so a careless source cannot break the
/// delay bounds.
impl<F: FnMut() -> f64> RandomSource for F {
    fn next_unit(&mut self) -> f64 {
        let value = self();
        // What is left after the whole part, moved up into [0, 1) for a
        // negative value (`f64::rem_euclid` is not in `core`). Anything the
        // sums cannot bring into range (values past 2^63, where the cast
        // saturates and every f64 is whole anyway) reads as 0.
        if !value.is_finite() {
            return 0.0;
        }
        let fraction = value - (value as i64) as f64;
        let fraction = if fraction < 0.0 {
            fraction + 1.0
        } else {
            fraction
        };
        if (0.0..1.0).contains(&fraction) {
            fraction
        } else {
            0.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_sequence() {
        let mut a = SplitMix64::with_seed(7);
        let mut b = SplitMix64::with_seed(7);
        for _ in 0..100 {
            assert_eq!(a.next_unit(), b.next_unit());
        }
    }

    #[test]
    fn numbers_stay_in_the_unit_interval() {
        let mut rng = SplitMix64::with_seed(1);
        for _ in 0..10_000 {
            let x = rng.next_unit();
            assert!((0.0..1.0).contains(&x));
        }
    }

    #[test]
    fn a_closure_source_is_folded_into_range() {
        let mut wild = || 3.25;
        assert_eq!(wild.next_unit(), 0.25);
        let mut nan = || f64::NAN;
        assert_eq!(nan.next_unit(), 0.0);
        let mut negative = || -2.75;
        assert_eq!(negative.next_unit(), 0.25);
        for huge in [1e300, -1e300, -1e-300, f64::MIN] {
            let value = (move || huge).next_unit();
            assert!((0.0..1.0).contains(&value), "{huge} gave {value}");
        }
    }
}
