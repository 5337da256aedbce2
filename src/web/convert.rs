//! Conversions at the edge: core values into plain JavaScript objects with
//! camelCase fields, and JavaScript inputs into core values.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;
use js_sys::{Array, Function, Object};
use wasm_bindgen::prelude::*;

use super::error;
use super::js;
use super::local::Local;
use crate::core::body::{parse_status_word, HealthDocument};
use crate::core::number::{is_whole, within};
use crate::core::text::{concat, find};
use crate::core::{
    Body, Classification, Dependency, ErrorKind, Handover, JsonValue, Observation, Problem, Reason,
    Release, ResponseHeaders, Snapshot, Status, Transport,
};

fn opt_number(value: Option<f64>) -> JsValue {
    value.map_or(JsValue::NULL, JsValue::from_f64)
}

/// `{ status, reason, isHealthy, lastChecked, nextCheckAt, consecutiveFailures,
/// latencyMs, httpStatus, error, dependencies, release }`.
pub fn snapshot(s: &Snapshot) -> JsValue {
    let problem = s.error.as_ref().map_or(JsValue::NULL, error::from_problem);
    snapshot_with_error(s, &problem)
}

fn snapshot_with_error(s: &Snapshot, problem: &JsValue) -> JsValue {
    let out: JsValue = Object::new().into();
    js::set(&out, "status", &JsValue::from_str(s.status.as_str()));
    js::set(&out, "reason", &JsValue::from_str(s.reason.as_str()));
    let healthy = s.is_healthy().map_or(JsValue::NULL, JsValue::from_bool);
    js::set(&out, "isHealthy", &healthy);
    js::set(&out, "lastChecked", &opt_number(s.last_checked_ms));
    js::set(&out, "nextCheckAt", &opt_number(s.next_check_ms));
    js::set(
        &out,
        "consecutiveFailures",
        &JsValue::from(s.consecutive_failures),
    );
    js::set(&out, "latencyMs", &opt_number(s.latency_ms));
    js::set(
        &out,
        "httpStatus",
        &opt_number(s.http_status.map(f64::from)),
    );
    js::set(&out, "error", problem);
    js::set(&out, "dependencies", &dependencies(&s.dependencies));
    js::set(&out, "release", &release(s.release.as_ref()));
    out
}

/// `{ status, reason, httpStatus, dependencies, release, retryAfterMs }`.
pub fn classification(c: &Classification) -> JsValue {
    let out: JsValue = Object::new().into();
    js::set(&out, "status", &JsValue::from_str(c.status.as_str()));
    js::set(&out, "reason", &JsValue::from_str(c.reason.as_str()));
    js::set(
        &out,
        "httpStatus",
        &opt_number(c.http_status.map(f64::from)),
    );
    let (deps, rel) = match &c.report {
        Some(r) => (dependencies(&r.dependencies), release(r.release.as_ref())),
        None => (Array::new().into(), JsValue::NULL),
    };
    js::set(&out, "dependencies", &deps);
    js::set(&out, "release", &rel);
    js::set(&out, "retryAfterMs", &opt_number(c.retry_after_ms));
    out
}

fn dependencies(deps: &[Dependency]) -> JsValue {
    let list = Array::new();
    for d in deps {
        let item: JsValue = Object::new().into();
        js::set(&item, "name", &JsValue::from_str(&d.name));
        js::set(&item, "status", &JsValue::from_str(d.status.as_str()));
        if let Some(ms) = d.latency_ms {
            js::set(&item, "latencyMs", &JsValue::from_f64(ms));
        }
        if let Some(text) = &d.output {
            js::set(&item, "output", &JsValue::from_str(text));
        }
        list.push(&item);
    }
    list.into()
}

fn release(release: Option<&Release>) -> JsValue {
    let Some(r) = release.filter(|r| !r.is_empty()) else {
        return JsValue::NULL;
    };
    let out: JsValue = Object::new().into();
    if let Some(v) = &r.version {
        js::set(&out, "version", &JsValue::from_str(v));
    }
    if let Some(id) = &r.release_id {
        js::set(&out, "releaseId", &JsValue::from_str(id));
    }
    out
}

/// Reads the headers that matter from a plain object with lowercase names.
pub fn headers(object: &JsValue) -> ResponseHeaders {
    ResponseHeaders {
        retry_after: js::string(object, "retry-after"),
        date: js::string(object, "date"),
        age: js::string(object, "age"),
        content_type: js::string(object, "content-type"),
        location: js::string(object, "location"),
    }
}

/// Reads a passive observation `{ transport, status?, headers? }`.
///
/// # Errors
/// An `invalid-option` error naming the field when it is malformed.
pub fn passive(input: &JsValue) -> Result<Observation, JsValue> {
    let name = js::string(input, "transport").unwrap_or_else(|| "response".into());
    let transport = match name.as_str() {
        "response" => Transport::Response,
        "network" => Transport::NetworkError,
        "timeout" => Transport::Timeout,
        "aborted" => Transport::Aborted,
        "offline" => Transport::Offline,
        "opaque" => Transport::Opaque,
        "opaqueredirect" => Transport::OpaqueRedirect,
        _ => {
            return Err(error::invalid(&concat(&[
                "report: unknown transport \"",
                &name,
                "\"; use response, network, timeout, aborted, offline, opaque or \
                 opaqueredirect",
            ])))
        }
    };
    let mut observation = Observation::failed(transport);
    if transport == Transport::Response {
        observation = Observation::response(status(input, "report")?);
    }
    observation.headers = headers(&js::get(input, "headers"));
    Ok(observation)
}

/// Reads `status` as an HTTP status code.
///
/// # Errors
/// An `invalid-option` error when it is not a whole number from 0 to 999.
pub fn status(input: &JsValue, caller: &str) -> Result<u16, JsValue> {
    match js::number(input, "status") {
        Some(n) if is_whole(n) && (0.0..=999.0).contains(&n) => Ok(n as u16),
        _ => Err(error::invalid(&concat(&[
            caller,
            ": `status` must be a whole number from 0 to 999",
        ]))),
    }
}

/// Reads a body given as a string (parsed as JSON when it looks like JSON)
/// or as an already parsed object.
pub fn body(value: &JsValue, content_type: Option<&str>) -> Body {
    if value.is_null() || value.is_undefined() {
        return Body::Absent;
    }
    if let Some(text) = value.as_string() {
        return text_body(text, content_type);
    }
    document(value)
}

/// A text body: JSON when it says so or looks like it, text otherwise.
pub fn text_body(text: String, content_type: Option<&str>) -> Body {
    let declared =
        content_type.is_some_and(|ct| find(&ct.to_ascii_lowercase(), "json", false).is_some());
    let looks = text.trim_start().starts_with('{');
    if !declared && !looks {
        return Body::Text(text);
    }
    match parse_json(&text) {
        Some(value) => document(&value),
        // etcd sends JSON as text/plain; anything else that only looked
        // like JSON is still text worth reading.
        None if declared => Body::Malformed,
        None => Body::Text(text),
    }
}

/// A parsed body as a document, whatever its shape: one that is no object
/// (a bare `"ok"`) is read as a document in no known format.
fn document(value: &JsValue) -> Body {
    Body::Json(Box::new(HealthDocument::from_json(json(value))))
}

/// The function that parses JSON for the engine, if one was registered.
static JSON_READER: Local<RefCell<Option<Function>>> = Local::new(RefCell::new(None));

/// Makes the engine parse JSON bodies with `read(text)`, which returns the
/// parsed value, or `undefined` for text that is not JSON, and never throws.
///
/// Without one the engine calls `JSON.parse` itself and catches what it
/// throws; wasm-bindgen then leaves a slot of its value table behind for
/// every malformed body, which a backend answering malformed JSON for hours
/// would turn into a leak.
#[wasm_bindgen(js_name = registerJsonReader)]
pub fn register_json_reader(read: Function) {
    JSON_READER.with(|reader| *reader.borrow_mut() = Some(read));
}

/// `text` parsed as JSON by the browser, or `None` when it is not JSON.
fn parse_json(text: &str) -> Option<JsValue> {
    let reader = JSON_READER.with(|reader| reader.borrow().clone());
    let Some(read) = reader else {
        return js_sys::JSON::parse(text).ok();
    };
    let value = read.call1(&JsValue::NULL, &JsValue::from_str(text)).ok()?;
    (!value.is_undefined()).then_some(value)
}

/// How deep [`json`] walks; the core reads less deep than this.
const MAX_JSON_DEPTH: u32 = 64;

/// How many values [`json`] reads at most, so that an object that refers to
/// itself more than once (possible for options) cannot make the walk
/// exponential. A body as large as the default limit holds far fewer.
const MAX_JSON_VALUES: u32 = 200_000;

/// A JavaScript value as the core's [`JsonValue`]: what `JSON.parse`
/// returns, or an options object as the user wrote it. Values past the
/// depth or count limits read as [`JsonValue::Other`].
pub fn json(value: &JsValue) -> JsonValue {
    let mut budget = MAX_JSON_VALUES;
    walk(value, 0, &mut budget)
}

fn walk(value: &JsValue, depth: u32, budget: &mut u32) -> JsonValue {
    if *budget == 0 {
        return JsonValue::Other;
    }
    *budget -= 1;

    if value.is_null() || value.is_undefined() {
        return JsonValue::Null;
    }
    if let Some(flag) = value.as_bool() {
        return JsonValue::Bool(flag);
    }
    if let Some(number) = value.as_f64() {
        return JsonValue::Number(number);
    }
    if let Some(text) = value.as_string() {
        return JsonValue::Text(text);
    }
    if depth >= MAX_JSON_DEPTH || !value.is_object() {
        return JsonValue::Other;
    }

    if Array::is_array(value) {
        let items = value.unchecked_ref::<Array>().iter();
        let items = items.map(|item| walk(&item, depth + 1, budget));
        return JsonValue::Array(items.collect());
    }
    if !is_plain_object(value) {
        return JsonValue::Other;
    }
    let keys = Object::keys(value.unchecked_ref::<Object>());
    let members = keys.iter().filter_map(|key| {
        let name = key.as_string()?;
        let item = walk(&js::get(value, &name), depth + 1, budget);
        Some((name, item))
    });
    JsonValue::Object(members.collect())
}

/// Whether `value` is an object literal (or has no prototype): a `Date`,
/// `Map` or `Headers` given where a plain object belongs reads as `Other`.
fn is_plain_object(value: &JsValue) -> bool {
    let proto = Object::get_prototype_of(value);
    proto.is_null() || Object::get_prototype_of(&proto).is_null()
}

/// A handover as plain data that survives structured cloning (a
/// `BroadcastChannel` message): `{ snapshot, successes, notBefore, nextProbe }`,
/// with the snapshot's error as `{ kind, message, httpStatus }`.
pub fn handover(h: &Handover) -> JsValue {
    let problem = match &h.snapshot.error {
        Some(p) => {
            let e: JsValue = Object::new().into();
            js::set(&e, "kind", &JsValue::from_str(p.kind.as_str()));
            js::set(&e, "message", &JsValue::from_str(&p.message));
            js::set(&e, "httpStatus", &opt_number(p.http_status.map(f64::from)));
            e
        }
        None => JsValue::NULL,
    };
    let out: JsValue = Object::new().into();
    js::set(
        &out,
        "snapshot",
        &snapshot_with_error(&h.snapshot, &problem),
    );
    js::set(&out, "successes", &JsValue::from(h.successes));
    js::set(&out, "notBefore", &opt_number(h.not_before_ms));
    js::set(&out, "nextProbe", &opt_number(h.next_probe_ms));
    out
}

/// Reads a handover written by [`handover`], checking every field.
///
/// # Errors
/// An `invalid-option` error naming the first field that is missing or of
/// the wrong kind; a message from another tab is never half applied.
pub fn handover_from(input: &JsValue) -> Result<Handover, JsValue> {
    let bad = |field: &str| {
        error::invalid(&concat(&[
            "handover: `",
            field,
            "` is missing or malformed",
        ]))
    };
    let s = js::get(input, "snapshot");
    if !s.is_object() {
        return Err(bad("snapshot"));
    }
    let name = |field: &str| js::string(&s, field).ok_or_else(|| bad(field));
    let status = Status::from_name(&name("status")?).ok_or_else(|| bad("status"))?;
    let reason = Reason::from_name(&name("reason")?).ok_or_else(|| bad("reason"))?;
    let time = |target: &JsValue, field: &str| -> Result<Option<f64>, JsValue> {
        let value = js::get(target, field);
        match value.as_f64() {
            Some(n) if n.is_finite() => Ok(Some(n)),
            None if value.is_null() || value.is_undefined() => Ok(None),
            _ => Err(bad(field)),
        }
    };
    let count = |target: &JsValue, field: &str| -> Result<u32, JsValue> {
        match js::number(target, field) {
            Some(n) if is_whole(n) && (0.0..=f64::from(u32::MAX)).contains(&n) => Ok(n as u32),
            _ => Err(bad(field)),
        }
    };
    let snapshot = Snapshot {
        status,
        reason,
        last_checked_ms: time(&s, "lastChecked")?,
        next_check_ms: time(&s, "nextCheckAt")?,
        consecutive_failures: count(&s, "consecutiveFailures")?,
        latency_ms: time(&s, "latencyMs")?,
        http_status: time(&s, "httpStatus")?.map(|n| within(n, 0.0, 999.0) as u16),
        error: problem_from(&js::get(&s, "error")).map_err(|_| bad("error"))?,
        dependencies: dependencies_from(&js::get(&s, "dependencies"))
            .ok_or_else(|| bad("dependencies"))?,
        release: release_from(&js::get(&s, "release")),
    };
    Ok(Handover {
        snapshot,
        successes: count(input, "successes")?,
        not_before_ms: time(input, "notBefore")?,
        next_probe_ms: time(input, "nextProbe")?,
    })
}

fn problem_from(value: &JsValue) -> Result<Option<Problem>, ()> {
    if value.is_null() || value.is_undefined() {
        return Ok(None);
    }
    let kind = js::string(value, "kind")
        .and_then(|k| ErrorKind::from_name(&k))
        .ok_or(())?;
    let message = js::string(value, "message").ok_or(())?;
    let http_status = js::number(value, "httpStatus").map(|n| within(n, 0.0, 999.0) as u16);
    Ok(Some(Problem {
        kind,
        message,
        http_status,
    }))
}

fn dependencies_from(value: &JsValue) -> Option<Vec<Dependency>> {
    if !Array::is_array(value) {
        return None;
    }
    let mut out = Vec::new();
    for item in Array::from(value).iter() {
        out.push(Dependency {
            name: js::string(&item, "name")?,
            status: parse_status_word(&js::string(&item, "status")?)?,
            latency_ms: js::number(&item, "latencyMs"),
            output: js::string(&item, "output"),
        });
    }
    Some(out)
}

fn release_from(value: &JsValue) -> Option<Release> {
    let release = Release {
        version: js::string(value, "version"),
        release_id: js::string(value, "releaseId"),
    };
    Some(release).filter(|r| !r.is_empty())
}
