//! The simulated backend: what it answers at each moment of each scenario.

use backend_health::core::Observation;

/// When the trouble starts and ends (ms).
pub const TROUBLE_START_MS: f64 = 60_000.0;
/// When the backend is healthy again (ms).
pub const TROUBLE_END_MS: f64 = 137_000.0;
/// The end of the simulation (ms).
pub const END_MS: f64 = 300_000.0;
/// Pages open at times spread uniformly over this span (ms).
pub const OPEN_SPAN_MS: f64 = 30_000.0;
/// How long every request takes (ms).
pub const REQUEST_MS: f64 = 20.0;

/// What goes wrong between 60 s and 137 s.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scenario {
    /// Connections refused until 80 s, then 503 without hints.
    Rolling,
    /// 503 with `Retry-After: 40`.
    Maintenance,
    /// 2 s of 503, 3 s of 200, repeating.
    Flap,
    /// Connections refused throughout.
    Outage,
}

impl Scenario {
    pub const ALL: [Scenario; 4] = [
        Scenario::Rolling,
        Scenario::Maintenance,
        Scenario::Flap,
        Scenario::Outage,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Scenario::Rolling => "rolling",
            Scenario::Maintenance => "maintenance",
            Scenario::Flap => "flap",
            Scenario::Outage => "outage",
        }
    }

    pub fn from_name(name: &str) -> Option<Scenario> {
        Scenario::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The answer to a request that reaches the backend at `t_ms`.
    pub fn answer(self, t_ms: f64) -> Observation {
        use backend_health::core::Transport::NetworkError;
        if !(TROUBLE_START_MS..TROUBLE_END_MS).contains(&t_ms) {
            return Observation::response(200);
        }
        let into = t_ms - TROUBLE_START_MS;
        match self {
            Scenario::Rolling if t_ms < 80_000.0 => Observation::failed(NetworkError),
            Scenario::Rolling => Observation::response(503),
            Scenario::Maintenance => Observation::response(503).with_retry_after("40"),
            Scenario::Flap if into % 5_000.0 < 2_000.0 => Observation::response(503),
            Scenario::Flap => Observation::response(200),
            Scenario::Outage => Observation::failed(NetworkError),
        }
    }
}
