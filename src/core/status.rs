//! The statuses a UI shows and the detailed reasons behind them.

/// What the UI should show: the closed set every page can render.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// Nothing is known yet.
    Unknown,
    /// The backend serves and says all is well.
    Healthy,
    /// The backend serves, with a concern: a warning, a failing
    /// non-critical dependency, or rate limiting.
    Degraded,
    /// The backend is deliberately out of service and said when to return.
    Maintenance,
    /// The backend cannot serve: errors, timeouts, refused connections.
    Unavailable,
    /// The backend answers, but not to this session (expired login).
    Unauthorized,
    /// The browser has no network.
    Offline,
}

impl Status {
    /// The lowercase name used in snapshots and by the JavaScript API.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Unknown => "unknown",
            Status::Healthy => "healthy",
            Status::Degraded => "degraded",
            Status::Maintenance => "maintenance",
            Status::Unavailable => "unavailable",
            Status::Unauthorized => "unauthorized",
            Status::Offline => "offline",
        }
    }

    /// The status called `name` (as [`Status::as_str`] writes it).
    pub fn from_name(name: &str) -> Option<Status> {
        const ALL: [Status; 7] = [
            Status::Unknown,
            Status::Healthy,
            Status::Degraded,
            Status::Maintenance,
            Status::Unavailable,
            Status::Unauthorized,
            Status::Offline,
        ];
        ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// Whether the backend can serve the app: healthy or degraded.
    pub fn is_serving(self) -> bool {
        matches!(self, Status::Healthy | Status::Degraded)
    }

    /// `Some(true)` while serving, `Some(false)` while not, `None` while unknown.
    pub fn is_healthy(self) -> Option<bool> {
        match self {
            Status::Unknown => None,
            other => Some(other.is_serving()),
        }
    }

    /// Whether one observation is proof enough to show this status at once,
    /// without waiting for a threshold of confirmations: the server or the
    /// browser said so explicitly.
    pub fn is_definitive(self) -> bool {
        matches!(
            self,
            Status::Maintenance | Status::Unauthorized | Status::Offline
        )
    }
}

/// Why an observation got its status: finer than [`Status`], stable names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reason {
    /// No probe has completed yet.
    Pending,
    /// 2xx and the body, if any, passes.
    Ok,
    /// 2xx and the body says `warn`, or a dependency warns.
    Warn,
    /// 2xx, the service passes, but a dependency it reports fails.
    DependencyFailing,
    /// 2xx, but the body says the service fails.
    BodyReportsFailure,
    /// 2xx with a body in no known format: judged by the status alone.
    UnrecognizedBody,
    /// 2xx with a JSON body that could not be parsed: judged by the status alone.
    MalformedBody,
    /// 2xx with a body over the size limit: judged by the status alone.
    BodyTooLarge,
    /// 429: the server asks us to slow down.
    RateLimited,
    /// 503 with Retry-After, or a body saying out of service.
    Maintenance,
    /// 5xx.
    ServerError,
    /// 408.
    RequestTimeout,
    /// 400, 404, 405 and similar: the health endpoint is wrong, not down.
    Misconfigured,
    /// A 4xx that says nothing more specific.
    ClientError,
    /// 401.
    Unauthorized,
    /// 403.
    Forbidden,
    /// A redirect, opaque or to a login page: the session is gone.
    LoginRedirect,
    /// No answer within the timeout.
    Timeout,
    /// The request failed without an answer.
    Network,
    /// The browser is offline.
    Offline,
    /// An opaque (no-cors) response, whose status cannot be read.
    OpaqueResponse,
    /// We cancelled the request ourselves; never a failure.
    Aborted,
}

impl Reason {
    const ALL: [Reason; 22] = [
        Reason::Pending,
        Reason::Ok,
        Reason::Warn,
        Reason::DependencyFailing,
        Reason::BodyReportsFailure,
        Reason::UnrecognizedBody,
        Reason::MalformedBody,
        Reason::BodyTooLarge,
        Reason::RateLimited,
        Reason::Maintenance,
        Reason::ServerError,
        Reason::RequestTimeout,
        Reason::Misconfigured,
        Reason::ClientError,
        Reason::Unauthorized,
        Reason::Forbidden,
        Reason::LoginRedirect,
        Reason::Timeout,
        Reason::Network,
        Reason::Offline,
        Reason::OpaqueResponse,
        Reason::Aborted,
    ];

    /// The reason called `name` (as [`Reason::as_str`] writes it).
    pub fn from_name(name: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.as_str() == name)
    }

    /// The reason's stable kebab-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Pending => "pending",
            Reason::Ok => "ok",
            Reason::Warn => "warn",
            Reason::DependencyFailing => "dependency-failing",
            Reason::BodyReportsFailure => "body-reports-failure",
            Reason::UnrecognizedBody => "unrecognized-body",
            Reason::MalformedBody => "malformed-body",
            Reason::BodyTooLarge => "body-too-large",
            Reason::RateLimited => "rate-limited",
            Reason::Maintenance => "maintenance",
            Reason::ServerError => "server-error",
            Reason::RequestTimeout => "request-timeout",
            Reason::Misconfigured => "misconfigured",
            Reason::ClientError => "client-error",
            Reason::Unauthorized => "unauthorized",
            Reason::Forbidden => "forbidden",
            Reason::LoginRedirect => "login-redirect",
            Reason::Timeout => "timeout",
            Reason::Network => "network",
            Reason::Offline => "offline",
            Reason::OpaqueResponse => "opaque-response",
            Reason::Aborted => "aborted",
        }
    }
}
