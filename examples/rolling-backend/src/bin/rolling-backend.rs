//! The `rolling-backend` program: parses the command line and runs one
//! instance on a single-threaded runtime.

use std::process::ExitCode;
use std::time::Instant;

use rolling_backend::rolling::{self, Command};
use rolling_backend::Error;

fn main() -> ExitCode {
    let started = Instant::now();
    let options = match rolling::parse(std::env::args().skip(1)) {
        Ok(Command::Run(options)) => options,
        Ok(Command::Help) => {
            print!("{}", rolling::help());
            return ExitCode::SUCCESS;
        }
        Err(error) => return fail(&error),
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build();
    let result = match runtime {
        Ok(runtime) => runtime.block_on(rolling::run(options, started)),
        Err(source) => Err(Error::Runtime { source }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => fail(&error),
    }
}

fn fail(error: &Error) -> ExitCode {
    eprintln!("rolling-backend: {error}");
    if error.is_usage() {
        eprintln!("run `rolling-backend --help` for the options");
        return ExitCode::from(2);
    }
    ExitCode::FAILURE
}
