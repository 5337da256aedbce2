//! The `fixture-server` program: parses the command line and serves on a
//! single-threaded runtime until `--exit-after` passes.

use std::process::ExitCode;

use rolling_backend::fixture::{self, Command};
use rolling_backend::Error;

fn main() -> ExitCode {
    let options = match fixture::parse(std::env::args().skip(1)) {
        Ok(Command::Run(options)) => options,
        Ok(Command::Help) => {
            print!("{}", fixture::USAGE);
            return ExitCode::SUCCESS;
        }
        Err(error) => return fail(&error),
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build();
    let result = match runtime {
        Ok(runtime) => runtime.block_on(fixture::run(options)),
        Err(source) => Err(Error::Runtime { source }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => fail(&error),
    }
}

fn fail(error: &Error) -> ExitCode {
    eprintln!("fixture-server: {error}");
    if error.is_usage() {
        eprintln!("run `fixture-server --help` for the options");
        return ExitCode::from(2);
    }
    ExitCode::FAILURE
}
