//! The control port, which stays up in every phase: it switches phases,
//! reports the `/readyz` counters, and serves the console.

use std::sync::Arc;
use std::time::Duration;

use hyper::header::{HeaderValue, ALLOW};
use hyper::http::request::Parts;
use hyper::{Method, Response, StatusCode};
use serde::Serialize;

use super::backend::Backend;
use super::phase::Phase;
use super::statics::StaticSite;
use crate::cors::CorsPolicy;
use crate::query;
use crate::reply::{self, Body};
use crate::server::Handler;

/// The CORS answers of the control endpoints: anyone may drive the demo.
pub const CORS: CorsPolicy = CorsPolicy {
    expose: "Date",
    methods: "GET, POST, OPTIONS",
    allow_headers: None,
};

/// How long a phase switch waits for the API port to open or close.
const SETTLE_LIMIT: Duration = Duration::from_secs(2);

/// Serves the control port of one [`Backend`].
#[derive(Debug, Clone)]
pub struct ControlHandler {
    backend: Arc<Backend>,
    site: Option<Arc<StaticSite>>,
}

impl ControlHandler {
    /// A handler for `backend` that serves `site` outside `/control/`.
    pub fn new(backend: Arc<Backend>, site: Option<StaticSite>) -> Self {
        Self {
            backend,
            site: site.map(Arc::new),
        }
    }
}

/// The control endpoints.
#[derive(Debug, PartialEq, Eq)]
enum Route {
    State,
    Phase(String),
    Stats,
    StatsReset,
}

impl Route {
    fn find(segments: &[String]) -> Option<Route> {
        let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
        match segments.as_slice() {
            ["control", "state"] => Some(Route::State),
            ["control", "phase", name] => Some(Route::Phase((*name).to_owned())),
            ["control", "stats"] => Some(Route::Stats),
            ["control", "stats", "reset"] => Some(Route::StatsReset),
            _ => None,
        }
    }

    /// Reads take GET or HEAD; anything that changes state takes POST.
    fn allows(&self, method: &Method) -> bool {
        match self {
            Route::State | Route::Stats => method == Method::GET || method == Method::HEAD,
            Route::Phase(_) | Route::StatsReset => method == Method::POST,
        }
    }

    fn allow_header(&self) -> &'static str {
        match self {
            Route::State | Route::Stats => "GET, HEAD",
            Route::Phase(_) | Route::StatsReset => "POST",
        }
    }
}

impl Handler for ControlHandler {
    async fn handle(&self, request: Parts) -> Response<Body> {
        let segments = query::segments(request.uri.path());
        if segments.first().is_some_and(|first| first == "control") {
            let mut response = self.control(&request, &segments).await;
            CORS.apply(&request.headers, &mut response);
            reply::no_store(&mut response);
            return response;
        }
        if request.method != Method::GET && request.method != Method::HEAD {
            return method_not_allowed("GET, HEAD");
        }
        match &self.site {
            Some(site) => site.serve(request.uri.path()).await,
            None => reply::error(
                StatusCode::NOT_FOUND,
                "no console here: start with --static DIR to serve one",
            ),
        }
    }
}

impl ControlHandler {
    async fn control(&self, request: &Parts, segments: &[String]) -> Response<Body> {
        if request.method == Method::OPTIONS {
            return CORS.preflight(&request.headers);
        }
        let Some(route) = Route::find(segments) else {
            let path = request.uri.path();
            return reply::error(StatusCode::NOT_FOUND, format!("no control route {path}"));
        };
        if !route.allows(&request.method) {
            return method_not_allowed(route.allow_header());
        }
        match route {
            Route::State => reply::json(StatusCode::OK, &self.state()),
            Route::Phase(name) => self.switch(&name).await,
            Route::Stats => reply::json(StatusCode::OK, &self.backend.stats().snapshot()),
            Route::StatsReset => {
                self.backend.stats().reset();
                reply::json(StatusCode::OK, &self.backend.stats().snapshot())
            }
        }
    }

    /// Switches phase, answering once the API port is open or closed as
    /// the new phase wants: a client that connects after the answer sees
    /// the new phase.
    async fn switch(&self, name: &str) -> Response<Body> {
        match name.parse::<Phase>() {
            Ok(phase) => {
                self.backend.set_phase(phase);
                // Reopening can wait on a port someone else took; the state
                // in the answer then says the port is still closed.
                self.backend.settle(SETTLE_LIMIT).await;
                reply::json(StatusCode::OK, &self.state())
            }
            Err(error) => reply::json(
                StatusCode::BAD_REQUEST,
                &PhaseError {
                    error: error.to_string(),
                    valid_phases: Phase::names(),
                },
            ),
        }
    }

    fn state(&self) -> StateBody {
        let instance = self.backend.instance();
        StateBody {
            phase: instance.phase.name(),
            release_id: instance.release.id(),
            version: instance.release.version(),
            uptime_ms: u64::try_from(self.backend.uptime().as_millis()).unwrap_or(u64::MAX),
            api_port: self.backend.api_port(),
            api_listening: self.backend.is_api_listening(),
            slow_ms: u64::try_from(self.backend.slow_delay().as_millis()).unwrap_or(u64::MAX),
            phases: Phase::ALL
                .iter()
                .map(|phase| PhaseInfo {
                    name: phase.name(),
                    description: phase.description(),
                })
                .collect(),
        }
    }
}

fn method_not_allowed(allow: &'static str) -> Response<Body> {
    let mut response = reply::error(StatusCode::METHOD_NOT_ALLOWED, format!("use {allow}"));
    response
        .headers_mut()
        .insert(ALLOW, HeaderValue::from_static(allow));
    response
}

/// The body of `GET /control/state`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct StateBody {
    phase: &'static str,
    release_id: String,
    version: String,
    uptime_ms: u64,
    api_port: u16,
    api_listening: bool,
    slow_ms: u64,
    phases: Vec<PhaseInfo>,
}

#[derive(Debug, Serialize)]
struct PhaseInfo {
    name: &'static str,
    description: &'static str,
}

/// The 400 body for an unknown phase.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct PhaseError {
    error: String,
    valid_phases: Vec<&'static str>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(path: &str) -> Option<Route> {
        Route::find(&query::segments(path))
    }

    #[test]
    fn control_paths_map_to_their_routes() {
        assert_eq!(find("/control/state"), Some(Route::State));
        assert_eq!(
            find("/control/phase/login-redirect"),
            Some(Route::Phase("login-redirect".into()))
        );
        assert_eq!(find("/control/stats/reset/"), Some(Route::StatsReset));
        assert_eq!(find("/control/nothing"), None);
    }
}
