//! The `/readyz` body each phase reports, in the shape of the IETF health
//! check draft (`application/health+json`).

use hyper::StatusCode;
use serde::Serialize;

use super::phase::{Instance, Phase};

/// The media type of the health body.
pub const MEDIA_TYPE: &str = "application/health+json";

/// `pass`, `warn` or `fail`, for the whole service or one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Healthy.
    Pass,
    /// Healthy, with concerns.
    Warn,
    /// Unhealthy.
    Fail,
}

/// One measurement of one component.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Check {
    /// Which component this is.
    pub component_id: &'static str,
    /// `datastore`, `component`, and so on.
    pub component_type: &'static str,
    /// The measured value, in [`Check::observed_unit`].
    pub observed_value: u64,
    /// Always milliseconds here.
    pub observed_unit: &'static str,
    /// How this component is doing.
    pub status: Status,
    /// When it was measured, RFC 3339.
    pub time: String,
    /// Why the check is not `pass`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<&'static str>,
}

/// The checks of the body, keyed `component:measurement` as the draft asks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Checks {
    /// How long the database took to answer a ping.
    #[serde(rename = "database:responseTime")]
    pub database: [Check; 1],
    /// How long the cache took to answer a ping.
    #[serde(rename = "cache:responseTime")]
    pub cache: [Check; 1],
    /// Whether the configuration is loaded, and how long ago.
    #[serde(rename = "config:status")]
    pub config: [Check; 1],
}

/// The whole `/readyz` body.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HealthBody {
    /// The verdict for the whole service.
    pub status: Status,
    /// The public version, such as `v1`.
    pub version: String,
    /// The release id, such as `2026.12.1`.
    pub release_id: String,
    /// Which service this is.
    pub service_id: &'static str,
    /// What the service is.
    pub description: &'static str,
    /// Why the service is not `pass`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<&'static str>,
    /// One entry per component.
    pub checks: Checks,
}

/// A `/readyz` answer: status code, `Retry-After` and body.
#[derive(Debug, Clone, PartialEq)]
pub struct Readiness {
    /// 200 for `pass` and `warn`, 503 for `fail`.
    pub code: StatusCode,
    /// Seconds for `Retry-After`, in the phases that send one.
    pub retry_after: Option<u32>,
    /// The health body.
    pub body: HealthBody,
}

/// What measuring the checks found, before it is dressed as a body.
struct Findings {
    status: Status,
    output: Option<&'static str>,
    retry_after: Option<u32>,
    database: (Status, Option<&'static str>),
    cache: (Status, Option<&'static str>),
}

const NOT_READY: Option<&str> = Some("not ready yet");
const CACHE_SLOW_MS: u64 = 850;

/// The readiness of `instance`.
///
/// `sample` varies the made-up response times from one request to the next;
/// `now` is the RFC 3339 time for the checks and `uptime_ms` how long the
/// instance has run. Phases in which a gateway answers instead (`expired`,
/// `login-redirect`) report the service itself as healthy.
pub fn readiness(instance: Instance, sample: u64, now: &str, uptime_ms: u64) -> Readiness {
    let found = findings(instance.phase);
    let check = |id, kind, value, (status, output)| {
        [Check {
            component_id: id,
            component_type: kind,
            observed_value: value,
            observed_unit: "ms",
            status,
            time: now.to_owned(),
            output,
        }]
    };

    // Failing components did not answer, so they have no response time.
    let database_ms = if found.database.0 == Status::Fail {
        0
    } else {
        3 + sample % 4
    };
    let cache_ms = match found.cache.0 {
        Status::Fail if instance.phase == Phase::Degraded => CACHE_SLOW_MS,
        Status::Fail => 0,
        _ => 1 + sample % 2,
    };
    let checks = Checks {
        database: check("users-db", "datastore", database_ms, found.database),
        cache: check("session-cache", "datastore", cache_ms, found.cache),
        config: check("config", "component", uptime_ms, (Status::Pass, None)),
    };

    Readiness {
        code: match found.status {
            Status::Fail => StatusCode::SERVICE_UNAVAILABLE,
            Status::Pass | Status::Warn => StatusCode::OK,
        },
        retry_after: found.retry_after,
        body: HealthBody {
            status: found.status,
            version: instance.release.version(),
            release_id: instance.release.id(),
            service_id: "rolling-backend",
            description: "demo instance playing a rolling update",
            output: found.output,
            checks,
        },
    }
}

fn findings(phase: Phase) -> Findings {
    let pass = (Status::Pass, None);
    let healthy = Findings {
        status: Status::Pass,
        output: None,
        retry_after: None,
        database: pass,
        cache: pass,
    };
    match phase {
        Phase::Healthy | Phase::Upgraded | Phase::Slow | Phase::Expired | Phase::LoginRedirect => {
            healthy
        }
        Phase::Draining => Findings {
            status: Status::Fail,
            output: Some("draining: this instance is shutting down"),
            ..healthy
        },
        Phase::Stopped => Findings {
            status: Status::Fail,
            output: Some("stopped"),
            ..healthy
        },
        Phase::Starting | Phase::StartingRetryAfter => Findings {
            status: Status::Fail,
            output: Some("starting: dependencies not ready yet"),
            retry_after: (phase == Phase::StartingRetryAfter).then_some(5),
            database: (Status::Fail, NOT_READY),
            cache: (Status::Fail, NOT_READY),
        },
        Phase::Maintenance => Findings {
            status: Status::Fail,
            output: Some("maintenance"),
            retry_after: Some(30),
            database: (Status::Fail, Some("maintenance")),
            ..healthy
        },
        Phase::Degraded => Findings {
            status: Status::Warn,
            output: Some("degraded: the session cache is failing"),
            cache: (
                Status::Fail,
                Some("cache responses took 850 ms, above the 250 ms limit"),
            ),
            ..healthy
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn body_of(phase: Phase) -> (Readiness, Value) {
        let readiness = readiness(Instance::new(phase), 0, "2026-12-01T00:00:00.000Z", 42);
        let json = serde_json::to_value(&readiness.body).unwrap();
        (readiness, json)
    }

    #[test]
    fn a_healthy_instance_passes_every_check() {
        let (readiness, json) = body_of(Phase::Healthy);
        assert_eq!(readiness.code, StatusCode::OK);
        assert_eq!(json["status"], "pass");
        assert_eq!(json["releaseId"], "2026.12.1");
        for key in [
            "database:responseTime",
            "cache:responseTime",
            "config:status",
        ] {
            assert_eq!(json["checks"][key][0]["status"], "pass", "{key}");
            assert_eq!(json["checks"][key][0]["observedUnit"], "ms", "{key}");
        }
        assert!(json.get("output").is_none());
    }

    #[test]
    fn a_degraded_instance_warns_with_a_failing_cache() {
        let (readiness, json) = body_of(Phase::Degraded);
        assert_eq!(readiness.code, StatusCode::OK);
        assert_eq!(json["status"], "warn");
        assert_eq!(json["checks"]["cache:responseTime"][0]["status"], "fail");
        assert!(json["checks"]["cache:responseTime"][0]["output"].is_string());
        assert_eq!(json["checks"]["database:responseTime"][0]["status"], "pass");
    }

    #[test]
    fn only_the_phases_that_promise_a_retry_time_send_one() {
        assert_eq!(body_of(Phase::Starting).0.retry_after, None);
        assert_eq!(body_of(Phase::StartingRetryAfter).0.retry_after, Some(5));
        assert_eq!(body_of(Phase::Maintenance).0.retry_after, Some(30));
        let (draining, json) = body_of(Phase::Draining);
        assert_eq!(draining.code, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(json["output"], "draining: this instance is shutting down");
    }
}
