//! The `fixture-server` program: parses the command line and serves on a
//! single-threaded runtime until `--exit-after` passes.

use std::process::ExitCode;

use rolling_backend::fixture::{self, Command};
use rolling_backend::program;

fn main() -> ExitCode {
    let options = match fixture::parse(std::env::args().skip(1)) {
        Ok(Command::Run(options)) => options,
        Ok(Command::Help) => {
            print!("{}", fixture::USAGE);
            return ExitCode::SUCCESS;
        }
        Err(error) => return program::fail("fixture-server", &error),
    };
    program::run("fixture-server", fixture::run(options))
}
