//! The rolling backend as a browser sees it: each phase's `/readyz` and API
//! answers, the port closing and reopening, the script's timeline, CORS and
//! the `/readyz` counters.

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

use common::{get, post, request, Server};

fn switch(server: &Server, phase: &str) {
    let reply = post(server.control(), &format!("/control/phase/{phase}"));
    assert_eq!(reply.status, 200, "switching to {phase}: {}", reply.text());
    assert_eq!(reply.json()["phase"], phase);
}

#[test]
fn the_announce_line_shows_the_real_ports() {
    let server = Server::rolling(&[]);
    assert_eq!(server.ports.len(), 2);
    assert!(server.ports.iter().all(|&port| port != 0));
    assert_ne!(server.port(), server.control());
}

#[test]
fn a_healthy_instance_answers_readyz_with_a_passing_health_body() {
    let server = Server::rolling(&[]);
    let reply = get(server.port(), "/readyz");
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.header("content-type"),
        Some("application/health+json")
    );
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    assert_eq!(reply.header("x-release"), Some("2026.12.1"));
    let body = reply.json();
    assert_eq!(body["status"], "pass");
    assert_eq!(body["version"], "v1");
    assert_eq!(body["releaseId"], "2026.12.1");
    for key in [
        "database:responseTime",
        "cache:responseTime",
        "config:status",
    ] {
        let check = &body["checks"][key][0];
        assert_eq!(check["status"], "pass", "{key}");
        assert_eq!(check["observedUnit"], "ms", "{key}");
        assert!(check["observedValue"].is_number(), "{key}");
        assert!(check["componentType"].is_string(), "{key}");
        assert!(
            check["time"].as_str().is_some_and(|t| t.ends_with('Z')),
            "{key}"
        );
    }
}

#[test]
fn head_on_readyz_sends_the_headers_without_a_body() {
    let server = Server::rolling(&[]);
    let reply = request(server.port(), "HEAD", "/readyz", &[]).unwrap();
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.header("content-type"),
        Some("application/health+json")
    );
    assert!(reply.body.is_empty());
}

/// What `/readyz` and `/api/v1/users` answer in one phase.
struct Expected {
    phase: &'static str,
    readyz: u16,
    health: Option<&'static str>,
    retry_after: Option<&'static str>,
    users: u16,
}

const PHASES: [Expected; 10] = [
    Expected {
        phase: "healthy",
        readyz: 200,
        health: Some("pass"),
        retry_after: None,
        users: 200,
    },
    Expected {
        phase: "draining",
        readyz: 503,
        health: Some("fail"),
        retry_after: None,
        users: 200,
    },
    Expected {
        phase: "starting",
        readyz: 503,
        health: Some("fail"),
        retry_after: None,
        users: 503,
    },
    Expected {
        phase: "starting-retry-after",
        readyz: 503,
        health: Some("fail"),
        retry_after: Some("5"),
        users: 503,
    },
    Expected {
        phase: "maintenance",
        readyz: 503,
        health: Some("fail"),
        retry_after: Some("30"),
        users: 503,
    },
    Expected {
        phase: "degraded",
        readyz: 200,
        health: Some("warn"),
        retry_after: None,
        users: 200,
    },
    Expected {
        phase: "upgraded",
        readyz: 200,
        health: Some("pass"),
        retry_after: None,
        users: 200,
    },
    Expected {
        phase: "slow",
        readyz: 200,
        health: Some("pass"),
        retry_after: None,
        users: 200,
    },
    Expected {
        phase: "expired",
        readyz: 401,
        health: None,
        retry_after: None,
        users: 401,
    },
    Expected {
        phase: "login-redirect",
        readyz: 302,
        health: None,
        retry_after: None,
        users: 302,
    },
];

#[test]
fn every_phase_answers_readyz_and_the_api_as_a_real_backend_would() {
    let server = Server::rolling(&["--slow-ms", "50"]);
    for expected in PHASES {
        switch(&server, expected.phase);
        let readyz = get(server.port(), "/readyz");
        let phase = expected.phase;
        assert_eq!(readyz.status, expected.readyz, "{phase} readyz");
        assert_eq!(
            readyz.header("retry-after"),
            expected.retry_after,
            "{phase} retry-after"
        );
        assert_eq!(readyz.header("cache-control"), Some("no-store"), "{phase}");
        if let Some(status) = expected.health {
            assert_eq!(readyz.json()["status"], status, "{phase} health status");
            assert_eq!(
                readyz.header("content-type"),
                Some("application/health+json")
            );
        }
        let users = get(server.port(), "/api/v1/users");
        assert_eq!(users.status, expected.users, "{phase} users");
        assert!(users.header("x-release").is_some(), "{phase} x-release");
    }
}

#[test]
fn phase_bodies_explain_why_they_fail() {
    let server = Server::rolling(&[]);
    switch(&server, "draining");
    assert_eq!(
        get(server.port(), "/readyz").json()["output"],
        "draining: this instance is shutting down"
    );
    assert_eq!(
        get(server.port(), "/api/v1/users")
            .json()
            .as_array()
            .map(Vec::len),
        Some(5)
    );

    switch(&server, "starting");
    let body = get(server.port(), "/readyz").json();
    assert_eq!(body["checks"]["database:responseTime"][0]["status"], "fail");
    assert_eq!(
        body["checks"]["database:responseTime"][0]["output"],
        "not ready yet"
    );
    assert_eq!(
        body["checks"]["cache:responseTime"][0]["output"],
        "not ready yet"
    );

    switch(&server, "maintenance");
    assert_eq!(
        get(server.port(), "/readyz").json()["output"],
        "maintenance"
    );

    switch(&server, "degraded");
    let body = get(server.port(), "/readyz").json();
    assert_eq!(body["checks"]["cache:responseTime"][0]["status"], "fail");
    assert!(body["checks"]["cache:responseTime"][0]["output"].is_string());
    assert_eq!(body["checks"]["database:responseTime"][0]["status"], "pass");
}

#[test]
fn expired_sessions_get_a_bearer_challenge_and_redirects_point_at_login() {
    let server = Server::rolling(&[]);
    switch(&server, "expired");
    for path in ["/readyz", "/api/v1/users"] {
        let reply = get(server.port(), path);
        assert_eq!(reply.status, 401, "{path}");
        assert!(
            reply
                .header("www-authenticate")
                .is_some_and(|v| v.starts_with("Bearer")),
            "{path}"
        );
        assert!(reply.json()["error"].is_string(), "{path}");
    }
    switch(&server, "login-redirect");
    for path in ["/readyz", "/api/v1/users"] {
        let reply = get(server.port(), path);
        assert_eq!(reply.status, 302, "{path}");
        assert_eq!(reply.header("location"), Some("/login"), "{path}");
    }
    assert_eq!(get(server.port(), "/login").status, 200);
}

#[test]
fn upgrading_moves_to_the_next_release_and_healthy_keeps_it() {
    let server = Server::rolling(&[]);
    switch(&server, "upgraded");
    let body = get(server.port(), "/readyz").json();
    assert_eq!(
        (body["releaseId"].as_str(), body["version"].as_str()),
        (Some("2026.12.2"), Some("v2"))
    );
    switch(&server, "healthy");
    let reply = get(server.port(), "/api/v1/users");
    assert_eq!(reply.header("x-release"), Some("2026.12.2"));
    switch(&server, "upgraded");
    assert_eq!(get(server.port(), "/readyz").json()["version"], "v3");
    let state = get(server.control(), "/control/state").json();
    assert_eq!(state["releaseId"], "2026.12.3");
    assert!(state["uptimeMs"].is_number());
}

#[test]
fn stopped_refuses_connections_cuts_open_ones_and_recovers_on_the_same_port() {
    let server = Server::rolling(&[]);
    let port = server.port();

    // A keep-alive connection that has already been served once.
    let mut open = TcpStream::connect(("127.0.0.1", port)).unwrap();
    open.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    open.write_all(b"GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut buffer = [0u8; 4096];
    assert!(open.read(&mut buffer).unwrap() > 0);

    switch(&server, "stopped");
    let refused = TcpStream::connect(("127.0.0.1", port)).unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::ConnectionRefused);
    let cut = open.read(&mut buffer);
    assert!(
        matches!(cut, Ok(0) | Err(_)),
        "the open connection was cut: {cut:?}"
    );
    let state = get(server.control(), "/control/state").json();
    assert_eq!(state["apiListening"], false);

    switch(&server, "starting");
    assert_eq!(get(port, "/readyz").status, 503);
    switch(&server, "healthy");
    assert_eq!(get(port, "/readyz").status, 200);
}

#[test]
fn starting_in_stopped_leaves_the_api_port_closed_until_the_phase_changes() {
    let server = Server::rolling(&["--phase", "stopped"]);
    thread::sleep(Duration::from_millis(100));
    assert!(TcpStream::connect(("127.0.0.1", server.port())).is_err());
    switch(&server, "healthy");
    assert_eq!(get(server.port(), "/readyz").status, 200);
}

/// `phase NAME at MS ms` split into its name and milliseconds.
fn phase_line(line: &str) -> (String, u64) {
    let parts: Vec<&str> = line.split(' ').collect();
    assert!(
        parts.len() == 5 && parts[0] == "phase" && parts[2] == "at" && parts[4] == "ms",
        "not a phase line: {line}"
    );
    (parts[1].to_owned(), parts[3].parse().unwrap())
}

#[test]
fn a_script_plays_its_phases_on_time_and_prints_each_change() {
    let server = Server::rolling(&["--script", "healthy:0.6,draining:0.4,upgraded:0"]);
    let mut timeline = Vec::new();
    for _ in 0..3 {
        let line = server
            .next_line(Duration::from_secs(5))
            .expect("a phase line");
        timeline.push(phase_line(&line));
    }
    let names: Vec<&str> = timeline.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["healthy", "draining", "upgraded"]);
    // At 0 ms healthy, at 600 ms draining, at 1000 ms upgraded; loose
    // bounds for a busy machine, tight enough to catch seconds as minutes.
    let at: Vec<u64> = timeline.iter().map(|(_, ms)| *ms).collect();
    assert!(at[0] < 500, "{at:?}");
    assert!((550..1500).contains(&at[1]), "{at:?}");
    assert!((950..2000).contains(&at[2]), "{at:?}");
    assert!(at[2] - at[1] >= 380, "{at:?}");
    assert_eq!(get(server.port(), "/readyz").json()["version"], "v2");
}

#[test]
fn every_api_answer_carries_cors_headers_errors_included() {
    let server = Server::rolling(&[]);
    let origin = [("Origin", "http://console.test:5173")];
    for path in ["/readyz", "/api/v1/users", "/nowhere"] {
        let reply = request(server.port(), "GET", path, &origin).unwrap();
        assert_eq!(
            reply.header("access-control-allow-origin"),
            Some("http://console.test:5173"),
            "{path}"
        );
        assert_eq!(
            reply.header("access-control-allow-credentials"),
            Some("true"),
            "{path}"
        );
        assert_eq!(
            reply.header("access-control-expose-headers"),
            Some("Retry-After, Date, Age, X-Release"),
            "{path}"
        );
    }
    assert_eq!(get(server.port(), "/nowhere").status, 404);

    switch(&server, "maintenance");
    let reply = request(server.port(), "GET", "/readyz", &origin).unwrap();
    assert_eq!(reply.status, 503);
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some("http://console.test:5173")
    );

    let anonymous = get(server.port(), "/readyz");
    assert_eq!(anonymous.header("access-control-allow-origin"), Some("*"));
    assert_eq!(anonymous.header("access-control-allow-credentials"), None);
}

#[test]
fn preflights_allow_reads_with_the_usual_headers() {
    let server = Server::rolling(&[]);
    let headers = [
        ("Origin", "http://console.test"),
        ("Access-Control-Request-Method", "GET"),
        ("Access-Control-Request-Headers", "authorization"),
    ];
    let reply = request(server.port(), "OPTIONS", "/readyz", &headers).unwrap();
    assert_eq!(reply.status, 204);
    assert_eq!(
        reply.header("access-control-allow-methods"),
        Some("GET, HEAD")
    );
    assert_eq!(
        reply.header("access-control-allow-headers"),
        Some("accept, content-type, authorization")
    );
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some("http://console.test")
    );

    let control = request(server.control(), "OPTIONS", "/control/phase/slow", &headers).unwrap();
    assert_eq!(control.status, 204);
    assert_eq!(
        control.header("access-control-allow-origin"),
        Some("http://console.test")
    );
    let state = request(server.control(), "GET", "/control/state", &headers[..1]).unwrap();
    assert_eq!(
        state.header("access-control-allow-origin"),
        Some("http://console.test")
    );
}

#[test]
fn an_unknown_phase_is_refused_with_the_valid_names() {
    let server = Server::rolling(&[]);
    let reply = post(server.control(), "/control/phase/rebooting");
    assert_eq!(reply.status, 400);
    let body = reply.json();
    assert!(body["error"]
        .as_str()
        .is_some_and(|e| e.contains("rebooting")));
    let valid = body["validPhases"].as_array().unwrap();
    assert_eq!(valid.len(), 11);
    assert!(valid.iter().any(|name| name == "starting-retry-after"));
    assert_eq!(
        get(server.control(), "/control/state").json()["phase"],
        "healthy"
    );
}

#[test]
fn the_slow_phase_delays_answers_and_stats_see_the_overlap() {
    let server = Server::rolling(&["--phase", "slow", "--slow-ms", "800"]);
    assert_eq!(
        post(server.control(), "/control/stats/reset").json()["requests"],
        0
    );

    let port = server.port();
    let started = Instant::now();
    let probes: Vec<_> = (0..4)
        .map(|_| thread::spawn(move || get(port, "/readyz")))
        .collect();
    thread::sleep(Duration::from_millis(300));
    let during = get(server.control(), "/control/stats").json();
    assert_eq!(during["inFlight"], 4, "{during}");
    for probe in probes {
        let reply = probe.join().unwrap();
        assert_eq!(reply.status, 200);
        assert_eq!(reply.json()["status"], "pass");
    }
    assert!(started.elapsed() >= Duration::from_millis(800));

    let stats = get(server.control(), "/control/stats").json();
    assert_eq!(stats["requests"], 4, "{stats}");
    assert_eq!(stats["maxInFlight"], 4, "{stats}");
    assert_eq!(stats["inFlight"], 0, "{stats}");
    let per_second: u64 = stats["perSecond"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n.as_u64())
        .sum();
    assert_eq!(per_second, 4, "{stats}");

    let reset = post(server.control(), "/control/stats/reset").json();
    assert_eq!(
        (reset["requests"].as_u64(), reset["maxInFlight"].as_u64()),
        (Some(0), Some(0))
    );
}

#[test]
fn the_control_port_serves_the_console_with_types_fallback_and_policy() {
    let dir = common::temp_dir("static");
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><title>console</title>",
    )
    .unwrap();
    std::fs::create_dir(dir.join("pkg")).unwrap();
    std::fs::write(dir.join("pkg/app.js"), "export {}").unwrap();
    std::fs::write(dir.join("pkg/app_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dir.join("style.css"), "body{}").unwrap();
    let server = Server::rolling(&[
        "--static",
        dir.to_str().unwrap(),
        "--csp",
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'",
    ]);
    let control = server.control();

    for (path, content_type) in [
        ("/", "text/html; charset=utf-8"),
        ("/pkg/app.js", "text/javascript; charset=utf-8"),
        ("/pkg/app_bg.wasm", "application/wasm"),
        ("/style.css", "text/css; charset=utf-8"),
    ] {
        let reply = get(control, path);
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("content-type"), Some(content_type), "{path}");
        assert_eq!(
            reply.header("content-security-policy"),
            Some("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"),
            "{path}"
        );
    }

    let fallback = get(control, "/fleet/overview");
    assert_eq!(fallback.status, 200);
    assert!(fallback.text().contains("<title>console</title>"));
    assert_eq!(
        get(control, "/../../etc/passwd").header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let missing = get(control, "/control/nothing");
    assert_eq!(missing.status, 404);
    assert!(missing.json()["error"].is_string());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_taken_port_ends_the_process_with_a_clear_message() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_rolling-backend"))
        .args(["--port", &port, "--control-port", "0", "--exit-after", "5"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(
        message.contains(&format!("cannot listen on 127.0.0.1:{port}")),
        "{message}"
    );
}

#[test]
fn exit_after_stops_the_process_by_itself() {
    let mut server = Server::start(
        env!("CARGO_BIN_EXE_rolling-backend"),
        &["--port", "0", "--control-port", "0", "--exit-after", "0.5"],
        "rolling-backend api on",
    );
    let status = server
        .wait_exit(Duration::from_secs(5))
        .expect("the process exits");
    assert!(status.success());
}

#[test]
fn bad_arguments_exit_with_usage_errors_and_help_lists_the_phases() {
    let binary = env!("CARGO_BIN_EXE_rolling-backend");
    let bad = std::process::Command::new(binary)
        .args(["--phase", "napping"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown phase `napping`"));

    let help = std::process::Command::new(binary)
        .arg("--help")
        .output()
        .unwrap();
    assert!(help.status.success());
    let text = String::from_utf8_lossy(&help.stdout);
    for expected in [
        "--control-port",
        "--script",
        "login-redirect",
        "starting-retry-after",
    ] {
        assert!(text.contains(expected), "{expected}");
    }
}
