//! Fleet simulation: thousands of pages, each running the real monitor core
//! on simulated time, against a simulated backend that goes through an
//! outage. It prints what the backend would feel (load, peaks) and what the
//! users would see (detection delays, status changes) for our defaults and
//! for two naive policies.
//!
//! ```text
//! cargo run --release --example fleet -- [--clients N] [--scenario NAME|all]
//!     [--policy NAME|all] [--seed N] [--json] [--check]
//! ```
//!
//! Timeline of every scenario (seconds):
//!
//! ```text
//!  0 ....... 30 ........ 60 ==================== 137 ............... 300
//!  pages open (uniform)  |  scenario-specific trouble |  healthy again
//! ```

mod backend;
mod policy;
mod report;
mod sim;

use std::process::ExitCode;

use backend::Scenario;
use policy::PolicyKind;

struct Args {
    clients: usize,
    scenarios: Vec<Scenario>,
    policies: Vec<PolicyKind>,
    seed: u64,
    json: bool,
    check: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        clients: 10_000,
        scenarios: Scenario::ALL.to_vec(),
        policies: PolicyKind::ALL.to_vec(),
        seed: 1,
        json: false,
        check: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--clients" => {
                args.clients = value()?
                    .parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or("--clients takes a positive whole number")?;
            }
            "--scenario" => {
                let name = value()?;
                args.scenarios = match name.as_str() {
                    "all" => Scenario::ALL.to_vec(),
                    _ => vec![Scenario::from_name(&name).ok_or(format!(
                        "unknown scenario {name}: use rolling, maintenance, flap, outage or all"
                    ))?],
                };
            }
            "--policy" => {
                let name = value()?;
                args.policies = match name.as_str() {
                    "all" => PolicyKind::ALL.to_vec(),
                    _ => vec![PolicyKind::from_name(&name).ok_or(format!(
                        "unknown policy {name}: use ours, fixed-30s, doubling or all"
                    ))?],
                };
            }
            "--seed" => {
                args.seed = value()?
                    .parse()
                    .map_err(|_| "--seed takes a whole number")?;
            }
            "--json" => args.json = true,
            "--check" => args.check = true,
            "--help" | "-h" => return Err(String::new()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("fleet: {message}");
            }
            eprintln!(
                "usage: fleet [--clients N] [--scenario rolling|maintenance|flap|outage|all] \
                 [--policy ours|fixed-30s|doubling|all] [--seed N] [--json] [--check]"
            );
            return ExitCode::from(2);
        }
    };

    let started = std::time::Instant::now();
    let mut results = Vec::new();
    for &scenario in &args.scenarios {
        for &policy in &args.policies {
            results.push(sim::run(scenario, policy, args.clients, args.seed));
        }
    }
    let elapsed = started.elapsed();

    if args.json {
        println!("{}", report::json(&results, args.clients, elapsed));
    } else {
        print!("{}", report::table(&results, args.clients, elapsed));
    }
    let verdicts = report::targets(&results);
    if !args.json {
        print!("{}", report::verdict_text(&verdicts));
    }
    if args.check && verdicts.iter().any(|v| !v.met) {
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
