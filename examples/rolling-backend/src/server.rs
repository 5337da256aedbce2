//! Listening sockets and the accept loop both servers share.
//!
//! The loop owns every connection it accepts, so stopping it really stops
//! the server: the listening socket is closed and open connections are cut,
//! the way a killed process would leave them.

use std::convert::Infallible;
use std::future::Future;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use hyper::body::Incoming;
use hyper::http::request::Parts;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::task::JoinSet;

use crate::reply::Body;
use crate::Error;

/// Answers requests; cloned once per connection.
///
/// Handlers see only the request head: no route of these servers reads a
/// request body.
pub trait Handler: Clone + Send + Sync + 'static {
    /// The response to one request.
    fn handle(&self, request: Parts) -> impl Future<Output = Response<Body>> + Send;
}

/// The loopback address with the given port.
pub fn loopback(port: u16) -> SocketAddr {
    SocketAddr::from((Ipv4Addr::LOCALHOST, port))
}

/// Opens a listening socket on 127.0.0.1; port 0 picks a free port.
///
/// `SO_REUSEADDR` is set so that a listener closed a moment ago can be
/// opened again on the same port while its old connections linger in
/// `TIME_WAIT`; it does not let two listeners share a port.
///
/// # Errors
///
/// [`Error::Bind`] when the port is taken or cannot be used.
pub fn bind(port: u16) -> Result<TcpListener, Error> {
    let addr = loopback(port);
    let open = || -> std::io::Result<TcpListener> {
        let socket = TcpSocket::new_v4()?;
        socket.set_reuseaddr(true)?;
        socket.bind(addr)?;
        socket.listen(1024)
    };
    open().map_err(|source| Error::Bind { addr, source })
}

/// Serves connections from `listener` until `shutdown` completes, then
/// closes the listener and aborts every connection still open.
pub async fn serve<H: Handler>(
    listener: TcpListener,
    handler: H,
    shutdown: impl Future<Output = ()>,
) {
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    connections.spawn(connection(stream, handler.clone()));
                }
                // Out of file descriptors and the like: pause rather than
                // spin, then keep serving.
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            },
            // Reap finished connections so the set does not grow forever.
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    connections.shutdown().await;
}

async fn connection<H: Handler>(stream: TcpStream, handler: H) {
    let service = service_fn(move |request: Request<Incoming>| {
        let handler = handler.clone();
        async move {
            let (parts, _body) = request.into_parts();
            Ok::<_, Infallible>(handler.handle(parts).await)
        }
    });
    // A client that hangs up mid-request is routine for a test server.
    let _ = http1::Builder::new()
        .serve_connection(TokioIo::new(stream), service)
        .await;
}
