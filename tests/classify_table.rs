//! Every row of the classification table, one observation each.

use backend_health::core::body::HealthDocument;
use backend_health::core::{classify, Body, Observation, Reason, Status, Transport};

fn json(text: &str) -> Body {
    let document: HealthDocument = serde_json::from_str(text).expect("test JSON parses");
    Body::Json(Box::new(document))
}

fn row(observation: Observation) -> (Status, Reason) {
    let c = classify(observation, 0.0);
    (c.status, c.reason)
}

const NGINX_502: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n";

#[test]
fn transport_outcomes_are_classified_before_any_status() {
    use Transport::*;
    let table = [
        (Aborted, Status::Unknown, Reason::Aborted),
        (Offline, Status::Offline, Reason::Offline),
        (Timeout, Status::Unavailable, Reason::Timeout),
        (NetworkError, Status::Unavailable, Reason::Network),
        (OpaqueRedirect, Status::Unauthorized, Reason::LoginRedirect),
        (Opaque, Status::Unavailable, Reason::OpaqueResponse),
    ];
    for (transport, status, reason) in table {
        assert_eq!(
            row(Observation::failed(transport)),
            (status, reason),
            "{transport:?}"
        );
    }
}

#[test]
fn status_codes_map_to_the_documented_rows() {
    let table: &[(u16, Status, Reason)] = &[
        (200, Status::Healthy, Reason::Ok),
        (204, Status::Healthy, Reason::Ok),
        (301, Status::Unavailable, Reason::Misconfigured),
        (304, Status::Unavailable, Reason::Misconfigured),
        (400, Status::Unavailable, Reason::Misconfigured),
        (401, Status::Unauthorized, Reason::Unauthorized),
        (403, Status::Unauthorized, Reason::Forbidden),
        (404, Status::Unavailable, Reason::Misconfigured),
        (405, Status::Unavailable, Reason::Misconfigured),
        (408, Status::Unavailable, Reason::RequestTimeout),
        (409, Status::Unavailable, Reason::ClientError),
        (429, Status::Degraded, Reason::RateLimited),
        (500, Status::Unavailable, Reason::ServerError),
        (502, Status::Unavailable, Reason::ServerError),
        (503, Status::Unavailable, Reason::ServerError),
        (504, Status::Unavailable, Reason::ServerError),
        (101, Status::Unavailable, Reason::Misconfigured),
    ];
    for &(code, status, reason) in table {
        assert_eq!(row(Observation::response(code)), (status, reason), "{code}");
    }
}

#[test]
fn a_503_with_retry_after_is_maintenance_and_without_it_an_outage() {
    let with = Observation::response(503).with_retry_after("120");
    let c = classify(with, 0.0);
    assert_eq!(
        (c.status, c.reason),
        (Status::Maintenance, Reason::Maintenance)
    );
    assert_eq!(c.retry_after_ms, Some(120_000.0));
    let without = Observation::response(503).with_text("Service Unavailable");
    assert_eq!(row(without), (Status::Unavailable, Reason::ServerError));
}

#[test]
fn a_429_keeps_its_retry_after() {
    let c = classify(Observation::response(429).with_retry_after("7"), 0.0);
    assert_eq!(c.status, Status::Degraded);
    assert_eq!(c.retry_after_ms, Some(7_000.0));
}

#[test]
fn retry_after_dates_are_measured_from_the_date_header_or_now() {
    let date = "Wed, 21 Oct 2015 07:28:00 GMT";
    let later = "Wed, 21 Oct 2015 07:29:30 GMT";
    let c = classify(
        Observation::response(503)
            .with_date(date)
            .with_retry_after(later),
        0.0,
    );
    assert_eq!(c.retry_after_ms, Some(90_000.0));
    // Without Date: measured from now, which here is 07:29:00.
    let now = 1_445_412_540_000.0;
    let c = classify(Observation::response(503).with_retry_after(later), now);
    assert_eq!(c.retry_after_ms, Some(30_000.0));
    // A date in the past means: now.
    let c = classify(Observation::response(503).with_retry_after(date), now);
    assert_eq!(c.retry_after_ms, Some(0.0));
}

#[test]
fn unreadable_retry_after_values_are_ignored() {
    for value in ["", "soon", "-5", "1.5", "12abc", "99999999999999999999"] {
        let c = classify(Observation::response(503).with_retry_after(value), 0.0);
        assert_eq!(c.retry_after_ms, None, "{value:?}");
        assert_eq!(c.status, Status::Unavailable, "{value:?}");
    }
}

#[test]
fn redirects_to_a_login_page_are_unauthorized() {
    for location in [
        "/login",
        "https://id.example.com/oauth2/authorize",
        "/users/sign_in",
    ] {
        let o = Observation::response(302).with_location(location);
        assert_eq!(
            row(o),
            (Status::Unauthorized, Reason::LoginRedirect),
            "{location}"
        );
    }
    let moved = Observation::response(301).with_location("/readyz/");
    assert_eq!(row(moved), (Status::Unavailable, Reason::Misconfigured));
}

#[test]
fn a_2xx_is_judged_by_its_body() {
    let table = [
        (r#"{"status":"pass"}"#, Status::Healthy, Reason::Ok),
        (r#"{"status":"warn"}"#, Status::Degraded, Reason::Warn),
        (
            r#"{"status":"fail"}"#,
            Status::Unavailable,
            Reason::BodyReportsFailure,
        ),
        (r#"{"status":"UP"}"#, Status::Healthy, Reason::Ok),
        (
            r#"{"status":"OUT_OF_SERVICE"}"#,
            Status::Maintenance,
            Reason::Maintenance,
        ),
        (
            r#"{"status":"pass","checks":{"cache:responseTime":[{"status":"fail","output":"timeout"}]}}"#,
            Status::Degraded,
            Reason::DependencyFailing,
        ),
        (
            r#"{"status":"pass","checks":{"cache:responseTime":[{"status":"warn"}]}}"#,
            Status::Degraded,
            Reason::Warn,
        ),
        (
            r#"{"ready":true,"timestamp":1700000000,"topology":{"db":{"ready":false,"latency_ms":3,"error":"refused"}}}"#,
            Status::Degraded,
            Reason::DependencyFailing,
        ),
        (r#"{"health":"true"}"#, Status::Healthy, Reason::Ok),
        (
            r#"{"health":"false"}"#,
            Status::Unavailable,
            Reason::BodyReportsFailure,
        ),
        (
            r#"{"status":"sideways"}"#,
            Status::Healthy,
            Reason::UnrecognizedBody,
        ),
        (r#"{"foo":1}"#, Status::Healthy, Reason::UnrecognizedBody),
    ];
    for (text, status, reason) in table {
        let o = Observation::response(200).with_body(json(text));
        assert_eq!(row(o), (status, reason), "{text}");
    }
}

#[test]
fn text_bodies_are_read_and_unknown_ones_fall_back_to_the_status() {
    let ok = Observation::response(200).with_text("ok");
    assert_eq!(row(ok), (Status::Healthy, Reason::Ok));
    let verbose = "[+]ping ok\n[-]etcd failed: reason withheld\nreadyz check failed";
    let failing = Observation::response(200).with_text(verbose);
    assert_eq!(
        row(failing),
        (Status::Unavailable, Reason::BodyReportsFailure)
    );
    let html = Observation::response(200).with_text(NGINX_502);
    assert_eq!(row(html), (Status::Healthy, Reason::UnrecognizedBody));
    let empty = Observation::response(200).with_text("  \n");
    assert_eq!(row(empty), (Status::Healthy, Reason::Ok));
}

#[test]
fn bodies_that_cannot_be_read_fall_back_to_the_status() {
    let malformed = Observation::response(200).with_body(Body::Malformed);
    assert_eq!(row(malformed), (Status::Healthy, Reason::MalformedBody));
    let large = Observation::response(200).with_body(Body::TooLarge);
    assert_eq!(row(large), (Status::Healthy, Reason::BodyTooLarge));
    let large_503 = Observation::response(503).with_body(Body::TooLarge);
    assert_eq!(row(large_503), (Status::Unavailable, Reason::ServerError));
}

#[test]
fn a_5xx_with_an_out_of_service_body_is_maintenance() {
    let body = json(r#"{"status":"OUT_OF_SERVICE"}"#);
    let o = Observation::response(503).with_body(body);
    assert_eq!(row(o), (Status::Maintenance, Reason::Maintenance));
    let down = Observation::response(503).with_body(json(r#"{"status":"DOWN"}"#));
    assert_eq!(row(down), (Status::Unavailable, Reason::ServerError));
}

#[test]
fn proxy_error_pages_are_outages() {
    let nginx = Observation::response(502).with_text(NGINX_502);
    assert_eq!(row(nginx), (Status::Unavailable, Reason::ServerError));
    let haproxy = Observation::response(503).with_text(
        "<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n</body></html>\n",
    );
    assert_eq!(row(haproxy), (Status::Unavailable, Reason::ServerError));
    let caddy = Observation::response(502);
    assert_eq!(row(caddy), (Status::Unavailable, Reason::ServerError));
}

#[test]
fn dependencies_and_release_come_with_the_classification() {
    let body = json(
        r#"{"status":"pass","version":"2","releaseId":"2026.12.2",
            "checks":{"database:responseTime":[{"status":"pass","observedValue":12,"observedUnit":"ms"}]}}"#,
    );
    let c = classify(Observation::response(200).with_body(body), 0.0);
    let report = c.report.expect("a known format gives a report");
    assert_eq!(report.dependencies.len(), 1);
    assert_eq!(report.dependencies[0].name, "database");
    assert_eq!(report.dependencies[0].latency_ms, Some(12.0));
    let release = report.release.expect("the body names a release");
    assert_eq!(release.release_id.as_deref(), Some("2026.12.2"));
}

#[test]
fn every_failure_carries_a_problem_with_a_stable_kind() {
    let table = [
        (Observation::failed(Transport::Timeout), "timeout"),
        (Observation::failed(Transport::NetworkError), "network"),
        (Observation::failed(Transport::Offline), "offline"),
        (Observation::failed(Transport::OpaqueRedirect), "redirect"),
        (Observation::response(503), "http"),
        (Observation::response(404), "http"),
        (
            Observation::response(200).with_body(Body::Malformed),
            "body",
        ),
    ];
    for (o, kind) in table {
        let c = classify(o, 0.0);
        let problem = c.problem().expect("a failure has a problem");
        assert_eq!(problem.kind.as_str(), kind);
        assert!(!problem.message.is_empty());
    }
    let fine = classify(Observation::response(200), 0.0);
    assert_eq!(fine.problem(), None);
}

#[test]
fn age_and_server_time_are_read_for_staleness_checks() {
    let o = Observation::response(200)
        .with_age("12")
        .with_date("Sun, 06 Nov 1994 08:49:37 GMT");
    let c = classify(o, 0.0);
    assert_eq!(c.age_seconds, Some(12.0));
    assert_eq!(c.server_time_ms, Some(784_111_777_000.0));
}

#[test]
fn status_reason_and_kind_names_read_back() {
    use backend_health::core::ErrorKind;
    for name in [
        "unknown",
        "healthy",
        "degraded",
        "maintenance",
        "unavailable",
        "unauthorized",
        "offline",
    ] {
        assert_eq!(Status::from_name(name).map(Status::as_str), Some(name));
    }
    for name in [
        "pending",
        "ok",
        "login-redirect",
        "aborted",
        "body-too-large",
    ] {
        assert_eq!(Reason::from_name(name).map(Reason::as_str), Some(name));
    }
    assert_eq!(ErrorKind::from_name("http"), Some(ErrorKind::Http));
    assert_eq!(Status::from_name("Healthy"), None);
    assert_eq!(Reason::from_name(""), None);
}
