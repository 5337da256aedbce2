//! The command line of `rolling-backend`.

use std::path::PathBuf;
use std::time::Duration;

use hyper::header::HeaderValue;

use super::phase::Phase;
use super::script::Script;
use crate::args::{self, Args};
use crate::Error;

/// What `--help` prints.
pub const USAGE: &str = "\
rolling-backend: a demo backend that plays the phases of a rolling update

USAGE:
    rolling-backend [OPTIONS]

OPTIONS:
    --port N            API port: /readyz, /api/v1/users, /login (default 8080, 0 = any free port)
    --control-port N    control port: /control/..., and the console (default 8081, 0 = any)
    --phase NAME        phase to start in (default healthy)
    --script LIST       phases to play in turn, as name:seconds,... (seconds may have a
                        fraction; the last phase lasts until exit); overrides --phase.
                        Example: healthy:5,draining:3,stopped:6,starting:6,degraded:5,upgraded:0
    --slow-ms N         delay of every API answer in the slow phase (default 5000)
    --static DIR        serve DIR on the control port, index.html for unknown paths
    --csp POLICY        add Content-Security-Policy: POLICY to the static files
    --exit-after SECS   exit by itself after SECS seconds
    -h, --help          print this help

PHASES:
";

/// A parsed command line.
#[derive(Debug)]
pub enum Command {
    /// Run with these options.
    Run(Options),
    /// Print [`help`] and exit.
    Help,
}

/// The options of one run.
#[derive(Debug, Clone)]
pub struct Options {
    /// The API port; 0 picks a free one.
    pub port: u16,
    /// The control port; 0 picks a free one.
    pub control_port: u16,
    /// The phase to start in.
    pub phase: Phase,
    /// The phases to play, if any.
    pub script: Option<Script>,
    /// The delay of the `slow` phase.
    pub slow: Duration,
    /// The console directory.
    pub static_dir: Option<PathBuf>,
    /// The `Content-Security-Policy` of the console.
    pub csp: Option<HeaderValue>,
    /// When to exit by itself.
    pub exit_after: Option<Duration>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            port: 8080,
            control_port: 8081,
            phase: Phase::Healthy,
            script: None,
            slow: Duration::from_millis(5000),
            static_dir: None,
            csp: None,
            exit_after: None,
        }
    }
}

/// The full `--help` text, phases included.
pub fn help() -> String {
    let mut text = USAGE.to_owned();
    for phase in Phase::ALL {
        text.push_str(&format!(
            "    {:<22}{}\n",
            phase.name(),
            phase.description()
        ));
    }
    text
}

/// Parses the arguments after the program name.
///
/// # Errors
///
/// Any usage error of [`Error`], naming the option at fault.
pub fn parse(arguments: impl IntoIterator<Item = String>) -> Result<Command, Error> {
    let mut args = Args::new(arguments);
    let mut options = Options::default();
    while let Some(flag) = args.next_flag()? {
        match flag.name.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--port" => options.port = args::parse_port("--port", &args.value(&flag, "--port")?)?,
            "--control-port" => {
                let value = args.value(&flag, "--control-port")?;
                options.control_port = args::parse_port("--control-port", &value)?;
            }
            "--phase" => options.phase = args.value(&flag, "--phase")?.parse()?,
            "--script" => options.script = Some(args.value(&flag, "--script")?.parse()?),
            "--slow-ms" => {
                options.slow = args::parse_millis("--slow-ms", &args.value(&flag, "--slow-ms")?)?
            }
            "--static" => options.static_dir = Some(args.value(&flag, "--static")?.into()),
            "--csp" => options.csp = Some(csp(&args.value(&flag, "--csp")?)?),
            "--exit-after" => {
                let value = args.value(&flag, "--exit-after")?;
                options.exit_after = Some(args::parse_seconds("--exit-after", &value)?);
            }
            _ => return Err(Error::UnknownArgument { arg: flag.name }),
        }
    }
    if let Some(script) = &options.script {
        options.phase = script.first_phase();
    }
    Ok(Command::Run(options))
}

fn csp(policy: &str) -> Result<HeaderValue, Error> {
    HeaderValue::from_str(policy).map_err(|_| Error::InvalidValue {
        name: "--csp".to_owned(),
        value: policy.to_owned(),
        expected: "a policy that fits in one header line",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(list: &[&str]) -> Result<Options, Error> {
        match parse(list.iter().map(|s| (*s).to_owned()))? {
            Command::Run(options) => Ok(options),
            Command::Help => panic!("expected options, got help"),
        }
    }

    #[test]
    fn defaults_match_the_documented_ports() {
        let options = run(&[]).unwrap();
        assert_eq!((options.port, options.control_port), (8080, 8081));
        assert_eq!(options.slow, Duration::from_secs(5));
        assert_eq!(options.phase, Phase::Healthy);
    }

    #[test]
    fn a_script_decides_the_first_phase() {
        let options = run(&["--phase", "slow", "--script=draining:1,healthy:0"]).unwrap();
        assert_eq!(options.phase, Phase::Draining);
    }

    #[test]
    fn bad_values_name_their_option() {
        let error = run(&["--port", "http"]).unwrap_err();
        assert!(error.to_string().starts_with("--port:"), "{error}");
        assert!(matches!(
            run(&["--colour"]),
            Err(Error::UnknownArgument { .. })
        ));
        assert!(matches!(parse(["--help".to_owned()]), Ok(Command::Help)));
    }
}
