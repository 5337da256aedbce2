//! The API port: `/readyz`, the sample `/api/v1/users`, and the `/login`
//! page that `login-redirect` points at, each answering as the current
//! phase dictates.

use std::sync::Arc;

use hyper::header::{HeaderValue, ALLOW, LOCATION, RETRY_AFTER, WWW_AUTHENTICATE};
use hyper::http::request::Parts;
use hyper::{Method, Response, StatusCode};
use serde::Serialize;

use super::backend::Backend;
use super::health::{self, MEDIA_TYPE};
use super::phase::{Instance, Phase};
use crate::clock;
use crate::cors::CorsPolicy;
use crate::reply::{self, Body};
use crate::server::Handler;

/// The CORS answers of the API port.
pub const CORS: CorsPolicy = CorsPolicy {
    expose: "Retry-After, Date, Age, X-Release",
    methods: "GET, HEAD",
    allow_headers: Some("accept, content-type, authorization"),
};

/// Serves the API port of one [`Backend`].
#[derive(Debug, Clone)]
pub struct ApiHandler {
    backend: Arc<Backend>,
}

impl ApiHandler {
    /// A handler answering for `backend`.
    pub fn new(backend: Arc<Backend>) -> Self {
        Self { backend }
    }
}

impl Handler for ApiHandler {
    async fn handle(&self, request: Parts) -> Response<Body> {
        let instance = self.backend.instance();

        // A probe counts as in flight for as long as it waits, delays
        // included.
        let probe = (request.uri.path() == "/readyz" && is_read(&request.method))
            .then(|| self.backend.stats().enter());
        if instance.phase == Phase::Slow {
            tokio::time::sleep(self.backend.slow_delay()).await;
        }

        let mut response = self.route(&request, instance);
        CORS.apply(&request.headers, &mut response);
        reply::no_store(&mut response);
        if let Ok(release) = HeaderValue::from_str(&instance.release.id()) {
            response.headers_mut().insert("x-release", release);
        }
        drop(probe);
        response
    }
}

impl ApiHandler {
    fn route(&self, request: &Parts, instance: Instance) -> Response<Body> {
        if request.method == Method::OPTIONS {
            return CORS.preflight(&request.headers);
        }
        let path = request.uri.path();
        let known = matches!(path, "/readyz" | "/api/v1/users" | "/login");
        if !known {
            return reply::error(StatusCode::NOT_FOUND, format!("no route for {path}"));
        }
        if !is_read(&request.method) {
            let mut response = reply::error(StatusCode::METHOD_NOT_ALLOWED, "use GET or HEAD");
            response
                .headers_mut()
                .insert(ALLOW, HeaderValue::from_static("GET, HEAD, OPTIONS"));
            return response;
        }
        match path {
            "/readyz" => self.readyz(instance),
            "/api/v1/users" => users(instance),
            _ => login_page(),
        }
    }

    fn readyz(&self, instance: Instance) -> Response<Body> {
        if let Some(gate) = gate(instance.phase) {
            return gate;
        }
        let stats = self.backend.stats().snapshot();
        let uptime_ms = u64::try_from(self.backend.uptime().as_millis()).unwrap_or(u64::MAX);
        let readiness =
            health::readiness(instance, stats.requests, &clock::now_rfc3339(), uptime_ms);
        let mut response = reply::json_as(readiness.code, MEDIA_TYPE, &readiness.body);
        if let Some(seconds) = readiness.retry_after {
            response.headers_mut().insert(RETRY_AFTER, seconds.into());
        }
        response
    }
}

fn is_read(method: &Method) -> bool {
    method == Method::GET || method == Method::HEAD
}

/// What a gateway in front of the instance answers instead of it, in the
/// phases where one does.
fn gate(phase: Phase) -> Option<Response<Body>> {
    match phase {
        Phase::Expired => {
            let mut response =
                reply::error(StatusCode::UNAUTHORIZED, "the access token has expired");
            response.headers_mut().insert(
                WWW_AUTHENTICATE,
                HeaderValue::from_static(
                    "Bearer realm=\"rolling-backend\", error=\"invalid_token\"",
                ),
            );
            Some(response)
        }
        Phase::LoginRedirect => {
            let mut response = reply::bytes(
                StatusCode::FOUND,
                HeaderValue::from_static("text/html; charset=utf-8"),
                "<!doctype html><a href=\"/login\">Sign in</a>\n".into(),
            );
            response
                .headers_mut()
                .insert(LOCATION, HeaderValue::from_static("/login"));
            Some(response)
        }
        _ => None,
    }
}

#[derive(Serialize)]
struct User {
    id: u32,
    name: &'static str,
    email: &'static str,
    role: &'static str,
}

const USERS: [User; 5] = [
    User {
        id: 1,
        name: "Ada Byron",
        email: "ada@example.test",
        role: "admin",
    },
    User {
        id: 2,
        name: "Grace Brewster",
        email: "grace@example.test",
        role: "editor",
    },
    User {
        id: 3,
        name: "Edsger Wybe",
        email: "edsger@example.test",
        role: "viewer",
    },
    User {
        id: 4,
        name: "Barbara Jane",
        email: "barbara@example.test",
        role: "editor",
    },
    User {
        id: 5,
        name: "Dennis MacAlistair",
        email: "dennis@example.test",
        role: "viewer",
    },
];

/// The sample API: the user list whenever the instance can serve it.
fn users(instance: Instance) -> Response<Body> {
    if let Some(gate) = gate(instance.phase) {
        return gate;
    }
    let retry_after = match instance.phase {
        Phase::Starting => None,
        Phase::StartingRetryAfter => Some(5u32),
        Phase::Maintenance => Some(30),
        // Draining instances still finish the requests routed to them.
        _ => return reply::json(StatusCode::OK, &USERS),
    };
    let message = if instance.phase == Phase::Maintenance {
        "maintenance"
    } else {
        "starting: not ready yet"
    };
    let mut response = reply::error(StatusCode::SERVICE_UNAVAILABLE, message);
    if let Some(seconds) = retry_after {
        response.headers_mut().insert(RETRY_AFTER, seconds.into());
    }
    response
}

fn login_page() -> Response<Body> {
    reply::bytes(
        StatusCode::OK,
        HeaderValue::from_static("text/html; charset=utf-8"),
        "<!doctype html><title>Sign in</title><h1>Sign in</h1>\n".into(),
    )
}
