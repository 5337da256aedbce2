//! One probe: a `fetch` that cannot be served from a cache, does not follow
//! redirects, is cancelled through its own `AbortController`, and reads at
//! most `max_body_bytes` of the body.

use alloc::string::String;
use alloc::vec::Vec;
use js_sys::{Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, ReadableStreamDefaultReader, Response};

use super::convert;
use super::error;
use super::js;
use crate::core::number::parse_whole;
use crate::core::text::concat;
use crate::core::{Body, Method, Observation, Transport};

/// What every probe of one engine sends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestConfig {
    /// GET or HEAD.
    pub method: Method,
    /// Extra request headers, in the order given.
    pub headers: Vec<(String, String)>,
    /// `same-origin` (the default), `include` or `omit`.
    pub credentials: String,
    /// The most body bytes read.
    pub max_body_bytes: u32,
}

/// The `Accept` header: health+json first, then what other servers emit.
const ACCEPT: &str = "application/health+json, application/json;q=0.9, text/plain;q=0.8, */*;q=0.1";

impl RequestConfig {
    /// Reads `{ headers?, credentials? }` from JavaScript.
    ///
    /// # Errors
    /// An `invalid-option` error for a header that `Headers` rejects or an
    /// unknown credentials mode.
    pub fn from_js(
        request: &JsValue,
        method: Method,
        max_body_bytes: u32,
    ) -> Result<RequestConfig, JsValue> {
        let credentials =
            js::string(request, "credentials").unwrap_or_else(|| "same-origin".into());
        if !matches!(credentials.as_str(), "same-origin" | "include" | "omit") {
            return Err(error::invalid(&concat(&[
                "invalid option `credentials`: must be one of same-origin, include, omit \
                 (got \"",
                &credentials,
                "\")",
            ])));
        }
        let mut headers = Vec::new();
        let given = js::get(request, "headers");
        if given.is_object() {
            for key in js_sys::Object::keys(given.unchecked_ref::<js_sys::Object>()).iter() {
                let name = key.as_string().unwrap_or_default();
                let Some(value) = js::string(&given, &name) else {
                    return Err(error::invalid(&concat(&[
                        "invalid option `headers.",
                        &name,
                        "`: must be a string",
                    ])));
                };
                headers.push((name, value));
            }
        }
        let config = RequestConfig {
            method,
            headers,
            credentials,
            max_body_bytes,
        };
        // Let the platform judge the names and values once, up front.
        config.headers_object().map(|_| config)
    }

    /// A text equal for equal configurations, for sharing engines.
    pub fn fingerprint(&self) -> String {
        let mut out = self.credentials.clone();
        for (name, value) in &self.headers {
            out.push_str(&concat(&["\u{0}", name, "\u{0}", value]));
        }
        out
    }

    fn headers_object(&self) -> Result<Headers, JsValue> {
        let headers = Headers::new()?;
        headers.set("Accept", ACCEPT)?;
        for (name, value) in &self.headers {
            headers.set(name, value).map_err(|_| {
                error::invalid(&concat(&[
                    "invalid option `headers`: \"",
                    name,
                    "\" is not a valid header name or its value is not allowed",
                ]))
            })?;
        }
        Ok(headers)
    }

    /// Starts the request; the promise settles with the response headers.
    ///
    /// # Errors
    /// The JavaScript error when there is no usable `fetch` or
    /// `AbortController` in this scope.
    pub fn send(&self, endpoint: &str) -> Result<(Promise, AbortController), JsValue> {
        let controller = AbortController::new()?;
        // A plain object rather than web-sys' `RequestInit`: each of its
        // typed setters and enums is one more function in the JS glue.
        let init: JsValue = js_sys::Object::new().into();
        js::set(&init, "method", &JsValue::from_str(self.method.as_str()));
        js::set(&init, "cache", &JsValue::from_str("no-store"));
        js::set(&init, "redirect", &JsValue::from_str("manual"));
        js::set(&init, "credentials", &JsValue::from_str(&self.credentials));
        let headers: JsValue = self.headers_object()?.into();
        js::set(&init, "headers", &headers);
        js::set(&init, "signal", &controller.signal());
        Ok((js::fetch(endpoint, &init)?, controller))
    }
}

/// Waits for the answer to a sent request and turns it into an observation.
pub async fn observe(
    config: RequestConfig,
    promise: Promise,
    controller: AbortController,
) -> Observation {
    let response = match JsFuture::from(promise).await {
        Ok(value) => value.unchecked_into::<Response>(),
        Err(_) => return failure(&controller),
    };
    match js::string(&response, "type").as_deref() {
        Some("opaque") => return Observation::failed(Transport::Opaque),
        Some("opaqueredirect") => return Observation::failed(Transport::OpaqueRedirect),
        _ => {}
    }

    let status = response.status();
    let raw = response.headers();
    let header = |name: &str| raw.get(name).ok().flatten();
    let mut observation = Observation::response(status);
    observation.headers.retry_after = header("retry-after");
    observation.headers.date = header("date");
    observation.headers.age = header("age");
    observation.headers.content_type = header("content-type");
    observation.headers.location = header("location");

    let skip = config.method == Method::Head || status == 204 || status == 304;
    if !skip {
        match read_body(&response, &observation, config.max_body_bytes).await {
            Ok(body) => observation.body = body,
            Err(()) => return failure(&controller),
        }
    }
    observation
}

/// A rejected request: ours when we aborted it, else the network's.
fn failure(controller: &AbortController) -> Observation {
    if controller.signal().aborted() {
        Observation::failed(Transport::Aborted)
    } else if js::is_offline() {
        Observation::failed(Transport::Offline)
    } else {
        Observation::failed(Transport::NetworkError)
    }
}

/// Reads the body, giving up (and cancelling the stream) past `max` bytes.
/// A `Content-Length` over the limit is trusted without reading anything.
async fn read_body(response: &Response, observation: &Observation, max: u32) -> Result<Body, ()> {
    let Some(stream) = response.body() else {
        return Ok(Body::Absent);
    };
    let declared = header_number(response, "content-length");
    if declared.is_some_and(|n| n > f64::from(max)) {
        let _ = stream.cancel();
        return Ok(Body::TooLarge);
    }

    let reader = stream
        .get_reader()
        .unchecked_into::<ReadableStreamDefaultReader>();
    let mut bytes: Vec<u8> = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(|_| ())?;
        if js::get(&chunk, "done").is_truthy() {
            break;
        }
        let value = js::get(&chunk, "value");
        let Some(array) = value.dyn_ref::<Uint8Array>() else {
            continue;
        };
        if bytes.len() + array.length() as usize > max as usize {
            let _ = reader.cancel();
            return Ok(Body::TooLarge);
        }
        bytes.extend_from_slice(&array.to_vec());
    }
    if bytes.is_empty() {
        return Ok(Body::Absent);
    }
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let content_type = observation.headers.content_type.as_deref();
    Ok(convert::text_body(text, content_type))
}

fn header_number(response: &Response, name: &str) -> Option<f64> {
    let value = response.headers().get(name).ok().flatten()?;
    parse_whole(&value).map(|n| n as f64)
}
