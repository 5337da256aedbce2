//! Conversions at the edge: core values into plain JavaScript objects with
//! camelCase fields, and JavaScript inputs into core values.

use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;

use super::error;
use super::js;
use crate::core::body::HealthDocument;
use crate::core::{
    Body, Classification, Dependency, Observation, Release, ResponseHeaders, Snapshot, Transport,
};

fn opt_number(value: Option<f64>) -> JsValue {
    value.map_or(JsValue::NULL, JsValue::from_f64)
}

/// `{ status, reason, isHealthy, lastChecked, nextCheckAt, consecutiveFailures,
/// latencyMs, httpStatus, error, dependencies, release }`.
pub fn snapshot(s: &Snapshot) -> JsValue {
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
    let problem = s.error.as_ref().map_or(JsValue::NULL, error::from_problem);
    js::set(&out, "error", &problem);
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
    let name = js::string(input, "transport").unwrap_or_else(|| "response".to_string());
    let transport = match name.as_str() {
        "response" => Transport::Response,
        "network" => Transport::NetworkError,
        "timeout" => Transport::Timeout,
        "aborted" => Transport::Aborted,
        "offline" => Transport::Offline,
        "opaque" => Transport::Opaque,
        "opaqueredirect" => Transport::OpaqueRedirect,
        _ => {
            return Err(error::invalid(&format!(
                "report: unknown transport \"{name}\"; use response, network, timeout, \
                 aborted, offline, opaque or opaqueredirect"
            )))
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
        Some(n) if n.fract() == 0.0 && (0.0..=999.0).contains(&n) => Ok(n as u16),
        _ => Err(error::invalid(&format!(
            "{caller}: `status` must be a whole number from 0 to 999"
        ))),
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
    document(value).unwrap_or(Body::Malformed)
}

/// A text body: JSON when it says so or looks like it, text otherwise.
pub fn text_body(text: String, content_type: Option<&str>) -> Body {
    let declared = content_type.is_some_and(|ct| ct.to_ascii_lowercase().contains("json"));
    let looks = text.trim_start().starts_with('{');
    if !declared && !looks {
        return Body::Text(text);
    }
    match js_sys::JSON::parse(&text).ok().and_then(|v| document(&v)) {
        Some(json) => json,
        // etcd sends JSON as text/plain; anything else that only looked
        // like JSON is still text worth reading.
        None if declared => Body::Malformed,
        None => Body::Text(text),
    }
}

fn document(value: &JsValue) -> Option<Body> {
    serde_wasm_bindgen::from_value::<HealthDocument>(value.clone())
        .ok()
        .map(|doc| Body::Json(Box::new(doc)))
}
