//! What a health body says, whatever format it came in: an overall verdict,
//! the dependencies the service checked, and the release it runs.

use alloc::string::String;
use alloc::vec::Vec;

/// The verdict of one check, or of the whole service, on the three-step scale
/// every health format can be mapped onto.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CheckStatus {
    /// Working as expected.
    Pass,
    /// Working, with a concern worth showing.
    Warn,
    /// Not working.
    Fail,
}

impl CheckStatus {
    /// The lowercase name used in snapshots: `pass`, `warn` or `fail`.
    pub fn as_str(self) -> &'static str {
        match self {
            CheckStatus::Pass => "pass",
            CheckStatus::Warn => "warn",
            CheckStatus::Fail => "fail",
        }
    }

    /// The worse of two verdicts (`fail` over `warn` over `pass`).
    pub fn worst(self, other: CheckStatus) -> CheckStatus {
        self.max(other)
    }
}

/// The body format a report was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyFormat {
    /// `application/health+json` (IETF draft), current or older field names.
    HealthJson,
    /// Spring Boot Actuator `/actuator/health`.
    SpringBoot,
    /// The readiness snapshot `{ready, timestamp, topology}`.
    ReadinessSnapshot,
    /// etcd's `{"health":"true"}`.
    Etcd,
    /// Kubernetes' verbose text (`[+]name ok` lines).
    KubernetesText,
    /// A bare `ok`.
    PlainOk,
}

/// One dependency the service reported on (a database, a cache, ...).
#[derive(Clone, Debug, PartialEq)]
pub struct Dependency {
    /// The name the service gave it, e.g. `database` or `db/primary`.
    pub name: String,
    /// Its verdict.
    pub status: CheckStatus,
    /// How long the service's own check of it took, when reported.
    pub latency_ms: Option<f64>,
    /// Free text the service attached, typically the failure reason.
    pub output: Option<String>,
}

/// Which build of the service answered.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Release {
    /// The public version, e.g. `1.4.2`.
    pub version: Option<String>,
    /// The release or build id, e.g. a commit or a deployment id.
    pub release_id: Option<String>,
}

impl Release {
    /// Whether neither field is known.
    pub fn is_empty(&self) -> bool {
        self.version.is_none() && self.release_id.is_none()
    }
}

/// Everything a recognised health body says.
#[derive(Clone, Debug, PartialEq)]
pub struct HealthReport {
    /// The format it was read from.
    pub format: BodyFormat,
    /// The service's verdict on itself; `None` when the body gave none that
    /// could be read (an unknown status word, say).
    pub overall: Option<CheckStatus>,
    /// Whether the service says it is deliberately out of service
    /// (Spring's `OUT_OF_SERVICE`, a `maintenance` status).
    pub out_of_service: bool,
    /// The checked dependencies, in the order the body listed them.
    pub dependencies: Vec<Dependency>,
    /// Which build answered, when the body says.
    pub release: Option<Release>,
    /// The server's own clock when it answered, in ms since the Unix epoch.
    pub server_time_ms: Option<f64>,
    /// Top-level free text (`output`, `reason`, a failing Kubernetes check).
    pub output: Option<String>,
}

impl HealthReport {
    /// A report in `format` with nothing in it yet.
    pub fn new(format: BodyFormat) -> HealthReport {
        HealthReport {
            format,
            overall: None,
            out_of_service: false,
            dependencies: Vec::new(),
            release: None,
            server_time_ms: None,
            output: None,
        }
    }

    /// The worst verdict among the dependencies, if there are any.
    pub fn worst_dependency(&self) -> Option<CheckStatus> {
        self.dependencies.iter().map(|d| d.status).max()
    }
}
