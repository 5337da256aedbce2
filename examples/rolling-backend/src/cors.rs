//! Cross-origin headers, so that a page served from another origin can call
//! these servers with credentials and read the headers a health check
//! depends on.
//!
//! `Retry-After`, `Date` and `Age` are not safelisted response headers: a
//! cross-origin `fetch` sees them as null unless the server names them in
//! `Access-Control-Expose-Headers`.

use hyper::header::{
    HeaderMap, HeaderValue, ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS,
    ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS,
    ACCESS_CONTROL_MAX_AGE, ACCESS_CONTROL_REQUEST_HEADERS, ORIGIN, VARY,
};
use hyper::{Response, StatusCode};

use crate::reply::{self, Body};

/// How one server answers cross-origin requests.
#[derive(Debug, Clone, Copy)]
pub struct CorsPolicy {
    /// Response headers the page may read, for `Access-Control-Expose-Headers`.
    pub expose: &'static str,
    /// Methods allowed in a preflight answer.
    pub methods: &'static str,
    /// Request headers allowed in a preflight answer; `None` echoes the
    /// ones the browser asks for.
    pub allow_headers: Option<&'static str>,
}

impl CorsPolicy {
    /// Adds the headers every response carries, errors included, since a
    /// page cannot even read the status of a response without them.
    ///
    /// The request's `Origin` is echoed together with
    /// `Access-Control-Allow-Credentials`, because browsers refuse `*` for
    /// requests sent with cookies; without an `Origin` the answer is `*`.
    pub fn apply(&self, request: &HeaderMap, response: &mut Response<Body>) {
        let headers = response.headers_mut();
        match request.get(ORIGIN) {
            Some(origin) => {
                headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
                headers.insert(
                    ACCESS_CONTROL_ALLOW_CREDENTIALS,
                    HeaderValue::from_static("true"),
                );
                // A cache must not hand one origin's answer to another.
                headers.append(VARY, HeaderValue::from_static("Origin"));
            }
            None => {
                headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
            }
        }
        headers.insert(
            ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static(self.expose),
        );
    }

    /// The answer to an `OPTIONS` preflight: 204 with the allowed methods
    /// and headers. Like every other response, it still needs
    /// [`CorsPolicy::apply`].
    pub fn preflight(&self, request: &HeaderMap) -> Response<Body> {
        let mut response = reply::empty(StatusCode::NO_CONTENT);
        let headers = response.headers_mut();
        headers.insert(
            ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static(self.methods),
        );
        let allowed = match self.allow_headers {
            Some(fixed) => Some(HeaderValue::from_static(fixed)),
            None => request.get(ACCESS_CONTROL_REQUEST_HEADERS).cloned(),
        };
        if let Some(allowed) = allowed {
            headers.insert(ACCESS_CONTROL_ALLOW_HEADERS, allowed);
        }
        headers.insert(ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
        response
    }
}
