//! Turns one observed answer (or the lack of one) into a [`Status`] and a
//! [`Reason`]. The whole table lives in [`classify`]; the rules, in order:
//!
//! | observation                                   | status       | reason               |
//! |-----------------------------------------------|--------------|----------------------|
//! | aborted by us                                 | unknown      | aborted (never applied) |
//! | browser offline                               | offline      | offline              |
//! | timeout / network error                       | unavailable  | timeout / network    |
//! | opaque redirect                               | unauthorized | login-redirect       |
//! | opaque response                               | unavailable  | opaque-response      |
//! | 2xx, body out of service                      | maintenance  | maintenance          |
//! | 2xx, body fail                                | unavailable  | body-reports-failure |
//! | 2xx, body warn or a dependency warns          | degraded     | warn                 |
//! | 2xx, a dependency fails                       | degraded     | dependency-failing   |
//! | 2xx, body pass or no body                     | healthy      | ok                   |
//! | 2xx, body unknown / malformed / too large     | healthy      | unrecognized-body / malformed-body / body-too-large |
//! | 3xx to a login page                           | unauthorized | login-redirect       |
//! | other 3xx, 1xx                                | unavailable  | misconfigured        |
//! | 401 / 403                                     | unauthorized | unauthorized / forbidden |
//! | 429                                           | degraded     | rate-limited         |
//! | 408                                           | unavailable  | request-timeout      |
//! | 400, 404, 405, 406, 410, 414, 415, 421        | unavailable  | misconfigured        |
//! | other 4xx                                     | unavailable  | client-error         |
//! | 5xx with Retry-After (503) or out-of-service body | maintenance | maintenance       |
//! | other 5xx                                     | unavailable  | server-error         |

use alloc::{
    boxed::Box,
    string::{String, ToString},
};

use super::body::{self, HealthDocument};
use super::error::ErrorKind;
use super::number::{parse_whole, push_whole};
use super::report::{CheckStatus, HealthReport};
use super::status::{Reason, Status};
use super::text::{concat, find};
use super::time::parse_http_date_ms;

/// How a request ended, before any status code is looked at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transport {
    /// An answer with a readable status.
    Response,
    /// The request failed without an answer (refused, reset, DNS, CORS).
    NetworkError,
    /// No answer within the timeout.
    Timeout,
    /// We cancelled it: stopped, superseded, endpoint changed.
    Aborted,
    /// The browser reported no network.
    Offline,
    /// A `no-cors` answer: status 0, nothing readable.
    Opaque,
    /// A redirect seen with `redirect: 'manual'`: status 0, no `Location`.
    OpaqueRedirect,
}

/// The response headers classification looks at, as raw header values.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResponseHeaders {
    /// `Retry-After`: delay-seconds or an HTTP-date.
    pub retry_after: Option<String>,
    /// `Date`: the server's clock.
    pub date: Option<String>,
    /// `Age`: seconds the answer spent in a cache.
    pub age: Option<String>,
    /// `Content-Type`.
    pub content_type: Option<String>,
    /// `Location`, on redirects that are not opaque.
    pub location: Option<String>,
}

/// The body of an answer, as far as the driver could read it.
#[derive(Clone, Debug, Default)]
pub enum Body {
    /// No body: HEAD, 204, or an empty answer.
    #[default]
    Absent,
    /// A JSON body, parsed outside the core.
    Json(Box<HealthDocument>),
    /// A text body.
    Text(String),
    /// A body that claimed to be JSON but did not parse.
    Malformed,
    /// A body longer than the limit, left unread.
    TooLarge,
}

/// One observed answer, or the lack of one.
#[derive(Clone, Debug)]
pub struct Observation {
    /// How the request ended.
    pub transport: Transport,
    /// The HTTP status; 0 when there was none.
    pub status: u16,
    /// The headers that matter.
    pub headers: ResponseHeaders,
    /// The body.
    pub body: Body,
}

impl Observation {
    /// An answer with `status`, no headers and no body.
    pub fn response(status: u16) -> Observation {
        Observation::new(Transport::Response, status)
    }

    /// A request that ended with `transport` and no status.
    pub fn failed(transport: Transport) -> Observation {
        Observation::new(transport, 0)
    }

    fn new(transport: Transport, status: u16) -> Observation {
        Observation {
            transport,
            status,
            headers: ResponseHeaders::default(),
            body: Body::Absent,
        }
    }

    /// The same observation with `body`.
    pub fn with_body(mut self, body: Body) -> Observation {
        self.body = body;
        self
    }

    /// The same observation with a text body.
    pub fn with_text(self, text: &str) -> Observation {
        self.with_body(Body::Text(text.to_string()))
    }

    /// The same observation with `Retry-After: value`.
    pub fn with_retry_after(mut self, value: &str) -> Observation {
        self.headers.retry_after = Some(value.to_string());
        self
    }

    /// The same observation with `Date: value`.
    pub fn with_date(mut self, value: &str) -> Observation {
        self.headers.date = Some(value.to_string());
        self
    }

    /// The same observation with `Age: value`.
    pub fn with_age(mut self, value: &str) -> Observation {
        self.headers.age = Some(value.to_string());
        self
    }

    /// The same observation with `Location: value`.
    pub fn with_location(mut self, value: &str) -> Observation {
        self.headers.location = Some(value.to_string());
        self
    }
}

/// What one observation means.
#[derive(Clone, Debug, PartialEq)]
pub struct Classification {
    /// The status it points to.
    pub status: Status,
    /// Why.
    pub reason: Reason,
    /// The HTTP status, when there was one.
    pub http_status: Option<u16>,
    /// What the body said, when it was in a known format.
    pub report: Option<HealthReport>,
    /// How long the server asked us to wait (uncapped), when it said.
    pub retry_after_ms: Option<f64>,
    /// The server's clock (body time, else `Date`), ms since the epoch.
    pub server_time_ms: Option<f64>,
    /// Seconds the answer spent in a cache, per `Age`.
    pub age_seconds: Option<f64>,
}

/// What went wrong in one observation, for the snapshot's `error`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The stable kind.
    pub kind: ErrorKind,
    /// A sentence a developer can act on.
    pub message: String,
    /// The HTTP status, when there was one.
    pub http_status: Option<u16>,
}

impl Classification {
    /// Whether this is a failure for threshold purposes: it is not serving
    /// and not one of our own aborts.
    pub fn is_failure(&self) -> bool {
        !self.status.is_serving() && self.reason != Reason::Aborted
    }

    /// What went wrong, or `None` for an answer without a problem.
    pub fn problem(&self) -> Option<Problem> {
        let (kind, message) = match self.reason {
            Reason::Pending | Reason::Ok | Reason::Warn | Reason::Aborted => return None,
            Reason::UnrecognizedBody | Reason::DependencyFailing => return None,
            Reason::MalformedBody => (ErrorKind::Body, "the health body is not valid JSON".into()),
            Reason::BodyTooLarge => (
                ErrorKind::Body,
                "the health body exceeds maxBodyBytes".into(),
            ),
            Reason::BodyReportsFailure => (ErrorKind::Body, self.failure_text()),
            Reason::Timeout => (ErrorKind::Timeout, "no answer within the timeout".into()),
            Reason::Network => (
                ErrorKind::Network,
                "the request failed without an answer (refused, reset, DNS or CORS)".into(),
            ),
            Reason::Offline => (ErrorKind::Offline, "the browser is offline".into()),
            Reason::LoginRedirect => (
                ErrorKind::Redirect,
                "the endpoint redirected, most likely to a login page: sign in again".into(),
            ),
            Reason::OpaqueResponse => (
                ErrorKind::Network,
                "the answer is opaque: serve the endpoint same-origin or with CORS".into(),
            ),
            _ => (ErrorKind::Http, self.http_text()),
        };
        Some(Problem {
            kind,
            message,
            http_status: self.http_status,
        })
    }

    fn failure_text(&self) -> String {
        let output = self.report.as_ref().and_then(|r| r.output.as_deref());
        match output {
            Some(text) => concat(&["the service reports fail: ", text]),
            None => "the service reports fail".into(),
        }
    }

    fn http_text(&self) -> String {
        let code = self.http_status.unwrap_or(0);
        let hint = match self.reason {
            Reason::Misconfigured => ": check the health endpoint's URL and method",
            Reason::Unauthorized | Reason::Forbidden => ": the session may have expired",
            Reason::RateLimited => ": too many requests",
            Reason::Maintenance => ": the service is in maintenance",
            _ => "",
        };
        let mut out = String::from("the health endpoint answered ");
        push_whole(&mut out, u64::from(code));
        out.push_str(hint);
        out
    }
}

/// Classifies one observation. `now_ms` is only used to measure an HTTP-date
/// `Retry-After` when the answer has no `Date` header.
pub fn classify(observation: Observation, now_ms: f64) -> Classification {
    let Observation {
        transport,
        status,
        headers,
        body,
    } = observation;
    let (verdict, http_status) = match transport {
        Transport::Response => (None, Some(status)),
        other => (Some(transport_verdict(other)), None),
    };

    // Only real answers carry headers and bodies worth reading.
    let report = match verdict {
        None => read_body(body),
        Some(_) => BodyRead::Absent,
    };
    let date_ms = headers.date.as_deref().and_then(parse_http_date_ms);
    let retry_after_ms = headers
        .retry_after
        .as_deref()
        .and_then(|value| retry_after_ms(value, date_ms.unwrap_or(now_ms)));
    let (status_out, reason) = verdict
        .unwrap_or_else(|| http_verdict(status, &report, retry_after_ms.is_some(), &headers));

    let report = report.into_report();
    let server_time_ms = report.as_ref().and_then(|r| r.server_time_ms).or(date_ms);
    Classification {
        status: status_out,
        reason,
        http_status,
        report,
        retry_after_ms,
        server_time_ms,
        age_seconds: headers.age.as_deref().and_then(delay_seconds),
    }
}

/// What reading the body gave.
enum BodyRead {
    Absent,
    Report(HealthReport),
    Unrecognized,
    Malformed,
    TooLarge,
}

impl BodyRead {
    fn into_report(self) -> Option<HealthReport> {
        match self {
            BodyRead::Report(report) => Some(report),
            _ => None,
        }
    }
}

fn read_body(body: Body) -> BodyRead {
    let report = match body {
        Body::Absent => return BodyRead::Absent,
        Body::Malformed => return BodyRead::Malformed,
        Body::TooLarge => return BodyRead::TooLarge,
        Body::Text(text) if text.trim().is_empty() => return BodyRead::Absent,
        Body::Text(text) => body::parse_text(&text),
        Body::Json(document) => (*document).into_report(),
    };
    report.map_or(BodyRead::Unrecognized, BodyRead::Report)
}

fn transport_verdict(transport: Transport) -> (Status, Reason) {
    match transport {
        Transport::Aborted => (Status::Unknown, Reason::Aborted),
        Transport::Offline => (Status::Offline, Reason::Offline),
        Transport::Timeout => (Status::Unavailable, Reason::Timeout),
        Transport::NetworkError => (Status::Unavailable, Reason::Network),
        Transport::OpaqueRedirect => (Status::Unauthorized, Reason::LoginRedirect),
        Transport::Opaque | Transport::Response => (Status::Unavailable, Reason::OpaqueResponse),
    }
}

fn http_verdict(
    code: u16,
    body: &BodyRead,
    has_retry_after: bool,
    headers: &ResponseHeaders,
) -> (Status, Reason) {
    let out_of_service = matches!(body, BodyRead::Report(r) if r.out_of_service);
    match code {
        200..=299 => success_verdict(body),
        300..=399 if is_login_location(headers.location.as_deref()) => {
            (Status::Unauthorized, Reason::LoginRedirect)
        }
        401 => (Status::Unauthorized, Reason::Unauthorized),
        403 => (Status::Unauthorized, Reason::Forbidden),
        429 => (Status::Degraded, Reason::RateLimited),
        408 => (Status::Unavailable, Reason::RequestTimeout),
        400 | 404 | 405 | 406 | 410 | 414 | 415 | 421 => {
            (Status::Unavailable, Reason::Misconfigured)
        }
        402..=499 => (Status::Unavailable, Reason::ClientError),
        503 if has_retry_after => (Status::Maintenance, Reason::Maintenance),
        500..=599 if out_of_service => (Status::Maintenance, Reason::Maintenance),
        500..=599 => (Status::Unavailable, Reason::ServerError),
        _ => (Status::Unavailable, Reason::Misconfigured),
    }
}

fn success_verdict(body: &BodyRead) -> (Status, Reason) {
    let report = match body {
        BodyRead::Absent => return (Status::Healthy, Reason::Ok),
        BodyRead::Unrecognized => return (Status::Healthy, Reason::UnrecognizedBody),
        BodyRead::Malformed => return (Status::Healthy, Reason::MalformedBody),
        BodyRead::TooLarge => return (Status::Healthy, Reason::BodyTooLarge),
        BodyRead::Report(report) => report,
    };
    if report.out_of_service {
        return (Status::Maintenance, Reason::Maintenance);
    }
    match (report.overall, report.worst_dependency()) {
        (Some(CheckStatus::Fail), _) => (Status::Unavailable, Reason::BodyReportsFailure),
        (Some(CheckStatus::Warn), _) => (Status::Degraded, Reason::Warn),
        (_, Some(CheckStatus::Fail)) => (Status::Degraded, Reason::DependencyFailing),
        (_, Some(CheckStatus::Warn)) => (Status::Degraded, Reason::Warn),
        (Some(CheckStatus::Pass), _) => (Status::Healthy, Reason::Ok),
        (None, _) => (Status::Healthy, Reason::UnrecognizedBody),
    }
}

/// Whether a redirect target looks like a sign-in page rather than a moved
/// endpoint.
fn is_login_location(location: Option<&str>) -> bool {
    let Some(location) = location else {
        return false;
    };
    let lower = location.to_ascii_lowercase();
    [
        "login", "signin", "sign-in", "sign_in", "auth", "sso", "saml", "cas/",
    ]
    .iter()
    .any(|word| find(&lower, word, false).is_some())
}

/// Reads `Retry-After` as delay-seconds or as an HTTP-date measured from
/// `reference_ms` (the answer's `Date`, else now). A date in the past is a
/// zero delay; anything unreadable is `None`.
pub fn retry_after_ms(value: &str, reference_ms: f64) -> Option<f64> {
    if let Some(seconds) = delay_seconds(value) {
        return Some(seconds * 1000.0);
    }
    let at = parse_http_date_ms(value.trim())?;
    Some((at - reference_ms).max(0.0))
}

/// Reads a header made of ASCII digits only (delay-seconds, `Age`).
fn delay_seconds(value: &str) -> Option<f64> {
    // At most 15 digits, so that the value converts to f64 exactly.
    if value.trim().len() > 15 {
        return None;
    }
    parse_whole(value).map(|n| n as f64)
}
