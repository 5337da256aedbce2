//! The engine in a real browser: headless Chromium probing a real local
//! fixture server (started by `scripts/test-browser.sh`), through the same
//! `Monitor` handle JavaScript uses.

#![cfg(target_arch = "wasm32")]

use backend_health::web::{classify_response, Handle};
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Where the fixture server listens.
const FIXTURES: &str = match option_env!("BACKEND_HEALTH_FIXTURES") {
    Some(url) => url,
    None => "http://127.0.0.1:18787",
};

/// A port on which nothing listens, for refused connections.
const CLOSED: &str = match option_env!("BACKEND_HEALTH_CLOSED") {
    Some(url) => url,
    None => "http://127.0.0.1:18788",
};

/// Short timings so each test takes about a second.
const FAST: &str = r#"{"interval":2000,"timeout":800,"failureThreshold":1,
    "backoff":{"base":200,"max":400}}"#;

fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).expect("test JSON parses")
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn text(value: &JsValue, key: &str) -> String {
    get(value, key).as_string().unwrap_or_default()
}

fn monitor(path: &str, options: &str) -> Handle {
    let endpoint = format!("{FIXTURES}{path}");
    Handle::new(endpoint, json(options), JsValue::UNDEFINED).expect("valid options")
}

/// Runs one probe and returns the snapshot after it.
async fn check(handle: &Handle) -> JsValue {
    let promise = Promise::new(&mut |resolve: Function, _| handle.check(resolve));
    JsFuture::from(promise).await.expect("check resolves")
}

async fn sleep(ms: i32) {
    let promise = Promise::new(&mut |resolve: Function, _| {
        let global = js_sys::global();
        let set_timeout: Function = get(&global, "setTimeout").unchecked_into();
        let _ = set_timeout.call2(&JsValue::NULL, &resolve, &JsValue::from(ms));
    });
    let _ = JsFuture::from(promise).await;
}

async fn counted(key: &str) -> f64 {
    let url = format!("{FIXTURES}/count/{key}");
    let window = web_sys_window();
    let fetch: Function = get(&window, "fetch").unchecked_into();
    let response = JsFuture::from(Promise::from(
        fetch
            .call1(&JsValue::NULL, &JsValue::from_str(&url))
            .unwrap(),
    ))
    .await
    .unwrap();
    let json_fn: Function = get(&response, "json").unchecked_into();
    let body = JsFuture::from(Promise::from(json_fn.call0(&response).unwrap()))
        .await
        .unwrap();
    get(&body, "requests").as_f64().unwrap_or(-1.0)
}

fn web_sys_window() -> JsValue {
    js_sys::global().into()
}

#[wasm_bindgen_test]
async fn each_health_body_format_is_read_from_a_real_answer() {
    let table = [
        ("ietf_draft.json", "degraded"),
        ("ietf_older_draft.json", "degraded"),
        ("spring_v3_components.json", "healthy"),
        ("spring_down.json", "unavailable"),
        ("snapshot_ready.json", "healthy"),
        ("etcd_34_healthy.json", "healthy"),
        ("kubernetes_readyz_verbose_passed.txt", "healthy"),
        ("kubernetes_readyz_verbose_failed.txt", "unavailable"),
        ("plain_ok.txt", "healthy"),
    ];
    for (fixture, expected) in table {
        let handle = monitor(&format!("/respond?fixture={fixture}"), FAST);
        let snapshot = check(&handle).await;
        assert_eq!(text(&snapshot, "status"), expected, "{fixture}");
        assert_eq!(
            get(&snapshot, "httpStatus").as_f64(),
            Some(200.0),
            "{fixture}"
        );
    }
}

#[wasm_bindgen_test]
async fn dependencies_and_release_reach_the_snapshot() {
    let handle = monitor("/respond?fixture=ietf_draft.json", FAST);
    let snapshot = check(&handle).await;
    let deps = js_sys::Array::from(&get(&snapshot, "dependencies"));
    assert!(deps.length() >= 2, "dependencies: {}", deps.length());
    let release = get(&snapshot, "release");
    assert!(release.is_object(), "the IETF example names a release");
    assert!(get(&snapshot, "lastChecked").as_f64().is_some());
    assert!(get(&snapshot, "latencyMs").as_f64().is_some());
}

#[wasm_bindgen_test]
async fn a_503_with_retry_after_is_maintenance_and_without_it_unavailable() {
    let with = monitor("/respond?status=503&retry_after=40", FAST);
    assert_eq!(text(&check(&with).await, "status"), "maintenance");
    let without = monitor("/respond?status=503&fixture=haproxy_503.html", FAST);
    let snapshot = check(&without).await;
    assert_eq!(text(&snapshot, "status"), "unavailable");
    let error = get(&snapshot, "error");
    assert_eq!(text(&error, "name"), "BackendHealthError");
    assert_eq!(text(&error, "kind"), "http");
    assert_eq!(get(&error, "httpStatus").as_f64(), Some(503.0));
}

#[wasm_bindgen_test]
async fn a_401_and_a_redirect_to_login_are_unauthorized() {
    let expired = monitor("/respond?status=401", FAST);
    assert_eq!(text(&check(&expired).await, "reason"), "unauthorized");
    let redirect = monitor("/respond?status=302&location=/login", FAST);
    let snapshot = check(&redirect).await;
    assert_eq!(text(&snapshot, "status"), "unauthorized");
    assert_eq!(text(&snapshot, "reason"), "login-redirect");
}

#[wasm_bindgen_test]
async fn a_404_is_a_misconfiguration_and_a_429_rate_limiting() {
    let missing = monitor("/respond?status=404", FAST);
    assert_eq!(text(&check(&missing).await, "reason"), "misconfigured");
    let limited = monitor("/respond?status=429&retry_after=5", FAST);
    let snapshot = check(&limited).await;
    assert_eq!(text(&snapshot, "status"), "degraded");
    assert_eq!(text(&snapshot, "reason"), "rate-limited");
}

#[wasm_bindgen_test]
async fn a_response_slower_than_the_timeout_is_a_timeout() {
    let slow = monitor("/respond?delay_ms=3000", FAST);
    let snapshot = check(&slow).await;
    assert_eq!(text(&snapshot, "reason"), "timeout");
    assert_eq!(text(&get(&snapshot, "error"), "kind"), "timeout");
}

#[wasm_bindgen_test]
async fn a_refused_connection_is_a_network_error() {
    let endpoint = format!("{CLOSED}/readyz");
    let handle = Handle::new(endpoint, json(FAST), JsValue::UNDEFINED).unwrap();
    let snapshot = check(&handle).await;
    assert_eq!(text(&snapshot, "reason"), "network");
    assert_eq!(text(&get(&snapshot, "error"), "kind"), "network");
}

#[wasm_bindgen_test]
async fn a_body_over_the_limit_is_not_read() {
    let options = r#"{"interval":2000,"timeout":800,"maxBodyBytes":1024}"#;
    let declared = monitor("/respond?bytes=4096", options);
    assert_eq!(text(&check(&declared).await, "reason"), "body-too-large");
    let streamed = monitor("/respond?bytes=2000000&chunked=1", options);
    assert_eq!(text(&check(&streamed).await, "reason"), "body-too-large");
}

#[wasm_bindgen_test]
async fn an_earlier_answer_that_arrives_late_is_discarded() {
    // Probe 1 is held by the server for 1.5 s and would say 503; it times
    // out at 0.8 s. Probe 2 answers 200 at once. The late 503 must never land.
    let path = "/sequence/late?delay_ms_1=1500&status_1=503&status=200";
    let handle = monitor(path, FAST);
    let mut handle = handle;
    handle.start();
    sleep(2_600).await;
    let snapshot = handle.snapshot();
    assert_eq!(text(&snapshot, "status"), "healthy");
    assert_eq!(get(&snapshot, "httpStatus").as_f64(), Some(200.0));
    handle.stop();
}

#[wasm_bindgen_test]
async fn monitors_on_one_endpoint_share_one_request_stream() {
    let path = "/respond?count=shared";
    let mut a = monitor(path, FAST);
    let mut b = monitor(path, FAST);
    assert_eq!(a.shared_by(), 2);
    a.start();
    b.start();
    sleep(300).await;
    assert_eq!(counted("shared").await, 1.0);
    drop(a);
    drop(b);
    sleep(2_500).await;
    // Freed: no request after the first one.
    assert_eq!(counted("shared").await, 1.0);
    assert_eq!(backend_health::web::live_engines(), 0);
}

#[wasm_bindgen_test]
fn bad_options_are_typed_errors_naming_the_field() {
    for (options, field) in [
        (r#"{"interval":0}"#, "interval"),
        (r#"{"timeout":20000}"#, "timeout"),
        (r#"{"backoff":{"jitter":"random"}}"#, "backoff.jitter"),
        (r#"{"intervall":5}"#, "intervall"),
    ] {
        let error = match Handle::new("/readyz".into(), json(options), JsValue::UNDEFINED) {
            Ok(_) => panic!("{options} must be rejected"),
            Err(error) => error,
        };
        assert_eq!(text(&error, "name"), "BackendHealthError");
        assert_eq!(text(&error, "kind"), "invalid-option");
        assert!(text(&error, "message").contains(field), "{options}");
    }
}

#[wasm_bindgen_test]
fn classify_response_reads_plain_objects_without_a_network() {
    let input = json(
        r#"{"status":503,"headers":{"retry-after":"120"},"body":"{\"status\":\"OUT_OF_SERVICE\"}"}"#,
    );
    let c = classify_response(input).unwrap();
    assert_eq!(text(&c, "status"), "maintenance");
    assert_eq!(get(&c, "retryAfterMs").as_f64(), Some(120_000.0));
    let bad = classify_response(json(r#"{"status":"x"}"#)).unwrap_err();
    assert_eq!(text(&bad, "kind"), "invalid-option");
}

#[wasm_bindgen_test]
async fn a_handover_carries_the_state_to_another_engine_and_bad_ones_are_refused() {
    let leader = monitor("/respond?status=503&retry_after=60&count=handover", FAST);
    let snapshot = check(&leader).await;
    assert_eq!(text(&snapshot, "status"), "maintenance");
    let state = leader.handover();

    // A different endpoint, so a separate engine: it shows the leader's
    // status at once and keeps the server's 60 s wait when started.
    let mut follower = monitor("/respond?status=200&count=follower", FAST);
    follower
        .adopt(state.clone())
        .expect("a handover from a live engine is valid");
    assert_eq!(text(&follower.snapshot(), "status"), "maintenance");
    follower.start();
    sleep(500).await;
    assert_eq!(counted("follower").await, 0.0);
    follower.stop();

    // Through structured cloning, as between tabs, it is still valid.
    let cloned = json(&String::from(js_sys::JSON::stringify(&state).unwrap()));
    assert!(follower.adopt(cloned).is_ok());
    for broken in [r#"{}"#, r#"{"snapshot":{"status":"sideways"}}"#] {
        let error = follower.adopt(json(broken)).unwrap_err();
        assert_eq!(text(&error, "kind"), "invalid-option");
    }
}
