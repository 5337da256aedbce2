//! Starts an instance: opens both ports, keeps the API port open or closed
//! as the phase requires, plays the script, and stops on time.

use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::net::TcpListener;

use super::api::ApiHandler;
use super::backend::Backend;
use super::control::ControlHandler;
use super::options::Options;
use super::statics::StaticSite;
use crate::server;
use crate::Error;

/// Runs an instance until `--exit-after` passes or the process is
/// interrupted. `started` is when the process started, which phase
/// changes are timed from.
///
/// # Errors
///
/// [`Error::Bind`] when either port cannot be opened.
pub async fn run(options: Options, started: Instant) -> Result<(), Error> {
    let api = server::bind(options.port)?;
    let control = server::bind(options.control_port)?;
    let api_port = local_port(&api, options.port)?;
    let control_port = local_port(&control, options.control_port)?;

    let backend = Arc::new(Backend::new(options.phase, api_port, started, options.slow));
    let site = options
        .static_dir
        .map(|root| StaticSite::new(root, options.csp));
    announce(api_port, control_port);

    let script = options.script;
    let play = async {
        if let Some(script) = &script {
            script.play(&backend).await;
        }
        // The last phase lasts until exit.
        std::future::pending::<()>().await;
    };
    let exit_after = sleep_or_forever(options.exit_after);
    tokio::select! {
        () = supervise_api(api, api_port, Arc::clone(&backend)) => {}
        () = server::serve(control, ControlHandler::new(Arc::clone(&backend), site), std::future::pending()) => {}
        () = play => {}
        () = exit_after => {}
        _ = tokio::signal::ctrl_c() => {}
    }
    Ok(())
}

fn local_port(listener: &TcpListener, asked: u16) -> Result<u16, Error> {
    listener
        .local_addr()
        .map(|addr| addr.port())
        .map_err(|source| Error::Bind {
            addr: server::loopback(asked),
            source,
        })
}

/// The line the tests wait for before they connect.
fn announce(api_port: u16, control_port: u16) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "rolling-backend api on http://127.0.0.1:{api_port}, control on http://127.0.0.1:{control_port}"
    );
    let _ = out.flush();
}

async fn sleep_or_forever(duration: Option<Duration>) {
    match duration {
        Some(duration) => tokio::time::sleep(duration).await,
        None => std::future::pending().await,
    }
}

/// Serves the API port while the phase wants it open; in `stopped` the
/// listener and every open connection are dropped, and leaving `stopped`
/// opens the same port again.
///
/// ```text
/// phase     healthy ... | stopped ........ | starting ...
/// API port  listening   | refused          | listening (same port)
/// ```
async fn supervise_api(listener: TcpListener, port: u16, backend: Arc<Backend>) {
    let handler = ApiHandler::new(Arc::clone(&backend));
    let mut phases = backend.subscribe();
    let mut listener = Some(listener);
    loop {
        let open = match listener.take() {
            Some(open) => open,
            None => {
                if phases
                    .wait_for(|now| now.phase.is_listening())
                    .await
                    .is_err()
                {
                    return;
                }
                rebind(port).await
            }
        };

        backend.set_api_listening(true);
        let mut watch_stop = phases.clone();
        let stopped = async move {
            if watch_stop
                .wait_for(|now| !now.phase.is_listening())
                .await
                .is_err()
            {
                // The backend is gone, so nothing can stop this listener.
                std::future::pending::<()>().await;
            }
        };
        server::serve(open, handler.clone(), stopped).await;
        backend.set_api_listening(false);
    }
}

/// Opens `port` again, retrying while something else holds it.
async fn rebind(port: u16) -> TcpListener {
    let mut warned = false;
    loop {
        match server::bind(port) {
            Ok(listener) => return listener,
            Err(error) if !warned => {
                eprintln!("rolling-backend: {error}; retrying");
                warned = true;
            }
            Err(_) => {}
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
