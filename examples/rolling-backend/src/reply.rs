//! Response bodies and the few response shapes both servers build: JSON,
//! text, empty, and bodies streamed from a task.

use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Frame, SizeHint};
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Empty, Full};
use hyper::header::{HeaderValue, CACHE_CONTROL, CONTENT_TYPE};
use hyper::{Response, StatusCode};
use serde::Serialize;
use tokio::sync::mpsc;

/// The body type of every response.
pub type Body = BoxBody<Bytes, Infallible>;

/// A response with no body.
pub fn empty(status: StatusCode) -> Response<Body> {
    let mut response = Response::new(Empty::new().boxed());
    *response.status_mut() = status;
    response
}

/// A response with the given bytes and content type.
pub fn bytes(status: StatusCode, content_type: HeaderValue, body: Bytes) -> Response<Body> {
    let mut response = Response::new(Full::new(body).boxed());
    *response.status_mut() = status;
    response.headers_mut().insert(CONTENT_TYPE, content_type);
    response
}

/// A `text/plain` response.
pub fn text(status: StatusCode, body: impl Into<Bytes>) -> Response<Body> {
    bytes(
        status,
        HeaderValue::from_static("text/plain; charset=utf-8"),
        body.into(),
    )
}

/// A JSON response with the given content type.
///
/// Serialising the plain structs of this crate cannot fail; should it ever,
/// the answer is a 500 rather than a panic.
pub fn json_as(
    status: StatusCode,
    content_type: &'static str,
    value: &impl Serialize,
) -> Response<Body> {
    match serde_json::to_vec(value) {
        Ok(body) => bytes(status, HeaderValue::from_static(content_type), body.into()),
        Err(_) => text(
            StatusCode::INTERNAL_SERVER_ERROR,
            "cannot encode the response",
        ),
    }
}

/// An `application/json` response.
pub fn json(status: StatusCode, value: &impl Serialize) -> Response<Body> {
    json_as(status, "application/json", value)
}

/// A JSON `{"error": message}` response.
pub fn error(status: StatusCode, message: impl Into<String>) -> Response<Body> {
    #[derive(Serialize)]
    struct ErrorBody {
        error: String,
    }
    json(
        status,
        &ErrorBody {
            error: message.into(),
        },
    )
}

/// Marks a response as never to be stored by a cache, so that every probe
/// reaches the server.
pub fn no_store(response: &mut Response<Body>) {
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

/// A body fed by a task through a channel, for bodies that arrive late or
/// are too large to hold in memory.
///
/// The body ends when every sender is dropped. When the client goes away,
/// hyper drops the body, and the sender sees its channel closed.
#[derive(Debug)]
pub struct ChannelBody {
    chunks: mpsc::Receiver<Bytes>,
    length: Option<u64>,
}

impl ChannelBody {
    /// A body and the sender that feeds it; with `length`, the response
    /// declares that many bytes in `Content-Length`, and the sender must
    /// send exactly that many.
    pub fn new(length: Option<u64>) -> (mpsc::Sender<Bytes>, Self) {
        // Two chunks of slack keep the producer a little ahead of the socket
        // without buffering the whole body.
        let (sender, chunks) = mpsc::channel(2);
        (sender, Self { chunks, length })
    }

    /// The body boxed as a response [`Body`].
    pub fn boxed(self) -> Body {
        BoxBody::new(self)
    }
}

impl http_body::Body for ChannelBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.chunks
            .poll_recv(cx)
            .map(|chunk| chunk.map(|data| Ok(Frame::data(data))))
    }

    fn size_hint(&self) -> SizeHint {
        self.length.map(SizeHint::with_exact).unwrap_or_default()
    }
}
