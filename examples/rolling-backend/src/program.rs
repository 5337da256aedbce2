//! What both programs do around their server: run it on a single-threaded
//! runtime and turn the outcome into an exit code and a message.

use std::future::Future;
use std::process::ExitCode;

use crate::Error;

/// Runs `serve` to completion; `name` prefixes any error.
pub fn run(name: &str, serve: impl Future<Output = Result<(), Error>>) -> ExitCode {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build();
    let result = match runtime {
        Ok(runtime) => runtime.block_on(serve),
        Err(source) => Err(Error::Runtime { source }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => fail(name, &error),
    }
}

/// Reports `error`: exit code 2 with a pointer to `--help` for a usage
/// error, 1 for anything else.
pub fn fail(name: &str, error: &Error) -> ExitCode {
    eprintln!("{name}: {error}");
    if error.is_usage() {
        eprintln!("run `{name} --help` for the options");
        return ExitCode::from(2);
    }
    ExitCode::FAILURE
}
