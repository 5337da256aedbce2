//! The fixture server as the browser and Node tests use it: answers chosen
//! by the query string, sequences that answer out of order, request counts,
//! large bodies, and 400s for bad parameters.

mod common;

use std::thread;
use std::time::Duration;

use common::{get, post, request, Server};

#[test]
fn respond_sends_the_status_headers_and_body_it_is_asked_for() {
    let server = Server::fixture(&[]);
    let reply = get(
        server.port(),
        "/respond?status=503&retry_after=40&body=down+for+a+bit&location=/login&age=5\
         &date=Mon,%2001%20Jan%202024%2000:00:00%20GMT",
    );
    assert_eq!(reply.status, 503);
    assert_eq!(reply.header("retry-after"), Some("40"));
    assert_eq!(reply.header("location"), Some("/login"));
    assert_eq!(reply.header("age"), Some("5"));
    assert_eq!(reply.header("date"), Some("Mon, 01 Jan 2024 00:00:00 GMT"));
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    assert_eq!(
        reply.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(reply.text(), "down for a bit");

    let plain = get(server.port(), "/respond");
    assert_eq!(plain.status, 200);
    assert!(plain.body.is_empty());
    assert!(plain.header("date").is_some());
}

#[test]
fn every_answer_carries_cors_headers_and_preflights_echo_the_asked_headers() {
    let server = Server::fixture(&[]);
    let origin = ("Origin", "http://localhost:5173");
    for path in ["/respond?status=502", "/nowhere", "/respond?status=nope"] {
        let reply = request(server.port(), "GET", path, &[origin]).unwrap();
        assert_eq!(
            reply.header("access-control-allow-origin"),
            Some("http://localhost:5173"),
            "{path}"
        );
        assert_eq!(
            reply.header("access-control-allow-credentials"),
            Some("true"),
            "{path}"
        );
        assert_eq!(
            reply.header("access-control-expose-headers"),
            Some("Retry-After, Date, Age"),
            "{path}"
        );
        assert_eq!(reply.header("cache-control"), Some("no-store"), "{path}");
    }
    assert_eq!(
        get(server.port(), "/respond").header("access-control-allow-origin"),
        Some("*")
    );

    let preflight = request(
        server.port(),
        "OPTIONS",
        "/respond?count=preflight",
        &[
            origin,
            ("Access-Control-Request-Method", "GET"),
            ("Access-Control-Request-Headers", "x-probe, authorization"),
        ],
    )
    .unwrap();
    assert_eq!(preflight.status, 204);
    assert_eq!(
        preflight.header("access-control-allow-headers"),
        Some("x-probe, authorization")
    );
    assert!(preflight
        .header("access-control-allow-methods")
        .is_some_and(|m| m.contains("GET")));
    assert_eq!(get(server.port(), "/count/preflight").json()["requests"], 0);
}

#[test]
fn fixtures_are_served_with_a_type_guessed_from_their_name() {
    let dir = common::temp_dir("fixtures");
    std::fs::write(dir.join("ietf-draft-example.json"), r#"{"status":"pass"}"#).unwrap();
    std::fs::write(dir.join("spring-up.json"), r#"{"status":"UP"}"#).unwrap();
    std::fs::write(
        dir.join("kubernetes-readyz-verbose-ok.txt"),
        "[+]ping ok\nreadyz check passed",
    )
    .unwrap();
    std::fs::write(dir.join("nginx-502.html"), "<html>502 Bad Gateway</html>").unwrap();
    let server = Server::fixture(&["--fixtures", dir.to_str().unwrap()]);

    for (file, content_type) in [
        ("ietf-draft-example.json", "application/health+json"),
        ("spring-up.json", "application/json"),
        (
            "kubernetes-readyz-verbose-ok.txt",
            "text/plain; charset=utf-8",
        ),
        ("nginx-502.html", "text/html; charset=utf-8"),
    ] {
        let reply = get(server.port(), &format!("/respond?fixture={file}"));
        assert_eq!(reply.status, 200, "{file}");
        assert_eq!(reply.header("content-type"), Some(content_type), "{file}");
        assert_eq!(reply.body, std::fs::read(dir.join(file)).unwrap(), "{file}");
    }
    let overridden = get(
        server.port(),
        "/respond?fixture=nginx-502.html&status=502&content_type=text/plain",
    );
    assert_eq!(
        (overridden.status, overridden.header("content-type")),
        (502, Some("text/plain"))
    );

    let missing = get(server.port(), "/respond?fixture=absent.json");
    assert_eq!(missing.status, 400);
    assert_eq!(missing.json()["parameter"], "fixture");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn delays_hold_back_the_headers_or_only_the_body() {
    let server = Server::fixture(&[]);
    let late = get(server.port(), "/respond?delay_ms=400&body=late");
    assert!(
        late.headers_after >= Duration::from_millis(400),
        "{:?}",
        late.headers_after
    );
    assert_eq!(late.text(), "late");

    let slow_body = get(server.port(), "/respond?body_delay_ms=600&body=trickle");
    assert!(
        slow_body.headers_after < Duration::from_millis(300),
        "{:?}",
        slow_body.headers_after
    );
    assert!(
        slow_body.total >= Duration::from_millis(600),
        "{:?}",
        slow_body.total
    );
    assert_eq!(slow_body.text(), "trickle");
    assert_eq!(slow_body.header("content-length"), Some("7"));
}

#[test]
fn a_sequence_lets_a_later_request_finish_before_an_earlier_one() {
    let server = Server::fixture(&[]);
    let port = server.port();
    let path =
        "/sequence/out-of-order?status_1=503&delay_ms_1=1200&body_1=first&status_2=200&body=later";
    let first = thread::spawn(move || get(port, path));
    thread::sleep(Duration::from_millis(200));
    let second = get(port, path);
    assert!(!first.is_finished(), "the first request is still waiting");
    assert_eq!((second.status, second.text().as_str()), (200, "later"));
    assert_eq!(second.header("x-sequence-index"), Some("2"));

    let first = first.join().unwrap();
    assert_eq!((first.status, first.text().as_str()), (503, "first"));
    assert_eq!(first.header("x-sequence-index"), Some("1"));

    // The third request has no _3 parameters and falls back to the plain ones.
    assert_eq!(get(port, path).text(), "later");
    post(port, "/sequence/out-of-order/reset");
    assert_eq!(
        get(port, "/sequence/out-of-order?body_1=again").text(),
        "again"
    );
}

#[test]
fn counts_track_requests_and_how_many_overlapped() {
    let server = Server::fixture(&[]);
    let port = server.port();
    let probes: Vec<_> = (0..3)
        .map(|_| thread::spawn(move || get(port, "/respond?delay_ms=600&count=probes")))
        .collect();
    thread::sleep(Duration::from_millis(250));
    let during = get(port, "/count/probes").json();
    assert_eq!(during["inFlight"], 3, "{during}");
    for probe in probes {
        assert_eq!(probe.join().unwrap().status, 200);
    }
    get(port, "/sequence/s?count=probes");

    let after = get(port, "/count/probes").json();
    assert_eq!(
        (
            after["requests"].as_u64(),
            after["maxInFlight"].as_u64(),
            after["inFlight"].as_u64()
        ),
        (Some(4), Some(3), Some(0)),
        "{after}"
    );
    let reset = post(port, "/count/probes/reset").json();
    assert_eq!(
        (reset["requests"].as_u64(), reset["maxInFlight"].as_u64()),
        (Some(0), Some(0))
    );
    assert_eq!(get(port, "/count/never-used").json()["requests"], 0);
}

#[test]
fn bytes_streams_large_bodies_with_or_without_a_length() {
    let server = Server::fixture(&[]);
    let size = 5 * 1024 * 1024 + 3;
    let reply = get(server.port(), &format!("/respond?bytes={size}"));
    assert_eq!(
        reply.header("content-length"),
        Some(size.to_string().as_str())
    );
    assert_eq!(reply.body.len(), size);
    assert!(reply.body.iter().all(|&byte| byte == b'x'));

    let chunked = get(server.port(), "/respond?bytes=200000&chunked=1");
    assert_eq!(chunked.header("transfer-encoding"), Some("chunked"));
    assert_eq!(chunked.body.len(), 200_000);

    let head = request(server.port(), "HEAD", "/respond?bytes=1000", &[]).unwrap();
    assert_eq!(head.header("content-length"), Some("1000"));
    assert!(head.body.is_empty());
}

#[test]
fn bad_parameters_get_a_400_naming_the_parameter() {
    let server = Server::fixture(&[]);
    for (query, parameter) in [
        ("status=abc", "status"),
        ("status=1000", "status"),
        ("delay_ms=soon", "delay_ms"),
        ("bytes=-1", "bytes"),
        ("age=old", "age"),
        ("fixture=../Cargo.toml", "fixture"),
    ] {
        let reply = get(server.port(), &format!("/respond?{query}"));
        assert_eq!(reply.status, 400, "{query}");
        let body = reply.json();
        assert_eq!(body["parameter"], parameter, "{query}");
        assert!(
            body["error"]
                .as_str()
                .is_some_and(|e| e.contains(parameter)),
            "{query}"
        );
    }
    let sequenced = get(server.port(), "/sequence/bad?status_1=oops");
    assert_eq!(sequenced.json()["parameter"], "status_1");
    assert_eq!(get(server.port(), "/respond?body=a&bytes=2").status, 400);
    assert_eq!(get(server.port(), "/respond?status=204").status, 204);
}

#[test]
fn the_server_exits_on_time_and_help_explains_refused_connections() {
    let mut server = Server::start(
        env!("CARGO_BIN_EXE_fixture-server"),
        &["--port", "0", "--exit-after", "0.5"],
        "fixture-server on http://127.0.0.1:",
    );
    assert!(server
        .wait_exit(Duration::from_secs(5))
        .expect("the process exits")
        .success());

    let help = std::process::Command::new(env!("CARGO_BIN_EXE_fixture-server"))
        .arg("--help")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(help.status.success());
    for expected in [
        "/respond",
        "/sequence/{key}",
        "/count/{key}",
        "close it",
        "--exit-after",
    ] {
        assert!(text.contains(expected), "{expected}");
    }
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_fixture-server"))
        .args(["--port", "eighty"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--port"));
}
