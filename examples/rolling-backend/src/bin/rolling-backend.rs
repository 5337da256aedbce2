//! The `rolling-backend` program: parses the command line and runs one
//! instance on a single-threaded runtime.

use std::process::ExitCode;
use std::time::Instant;

use rolling_backend::program;
use rolling_backend::rolling::{self, Command};

fn main() -> ExitCode {
    let started = Instant::now();
    let options = match rolling::parse(std::env::args().skip(1)) {
        Ok(Command::Run(options)) => options,
        Ok(Command::Help) => {
            print!("{}", rolling::help());
            return ExitCode::SUCCESS;
        }
        Err(error) => return program::fail("rolling-backend", &error),
    };
    program::run("rolling-backend", rolling::run(options, started))
}
