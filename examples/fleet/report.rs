//! Printing the results: a table per scenario, JSON for machines, and the
//! targets our defaults are held to, each with its measured value.

use std::fmt::Write;
use std::time::Duration;

use crate::backend::Scenario;
use crate::policy::PolicyKind;
use crate::sim::RunResult;

fn seconds(ms: f64) -> String {
    if ms.is_nan() {
        "n/a".to_string()
    } else if ms.is_infinite() {
        "never".to_string()
    } else {
        format!("{:.1} s", ms / 1000.0)
    }
}

/// The human-readable tables.
pub fn table(results: &[RunResult], clients: usize, elapsed: Duration) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "fleet: {clients} clients, pages open over 0-30 s, trouble 60-137 s, end 300 s \
         ({:.1} s of wall time)",
        elapsed.as_secs_f64()
    );
    for scenario in Scenario::ALL {
        let rows: Vec<&RunResult> = results.iter().filter(|r| r.scenario == scenario).collect();
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\nscenario {}", scenario.name());
        let _ = writeln!(
            out,
            "{:<10} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>8} {:>6}",
            "policy",
            "healthy",
            "peak/1s",
            "peak/1s",
            "requests",
            "detect",
            "detect",
            "recover",
            "recover",
            "changes",
            "max"
        );
        let _ = writeln!(
            out,
            "{:<10} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>8} {:>6}",
            "",
            "req/s",
            "during",
            "after",
            "during",
            "p50",
            "p95",
            "p50",
            "p95",
            "during",
            "flight"
        );
        for r in rows {
            let _ = writeln!(
                out,
                "{:<10} {:>9.3} {:>9.3} {:>9.3} {:>9.2} {:>9} {:>9} {:>9} {:>9} {:>8.2} {:>6}",
                r.policy.name(),
                r.healthy_rate,
                r.peak_during,
                r.peak_after,
                r.requests_during,
                seconds(r.detect_p50),
                seconds(r.detect_p95),
                seconds(r.recover_p50),
                seconds(r.recover_p95),
                r.changes_during,
                r.max_in_flight
            );
        }
    }
    let _ = writeln!(
        out,
        "\nper client: healthy req/s over 30-60 s and 167-300 s; peaks are the busiest 1 s \
         during the trouble and in the 30 s after it; changes are status changes during it"
    );
    out
}

fn json_number(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.4}")
    } else {
        "null".to_string()
    }
}

/// One JSON document with every result.
pub fn json(results: &[RunResult], clients: usize, elapsed: Duration) -> String {
    let rows: Vec<String> = results
        .iter()
        .map(|r| {
            format!(
                "{{\"scenario\":\"{}\",\"policy\":\"{}\",\"clients\":{},\
                 \"healthyRequestsPerSecond\":{},\"peakDuring\":{},\"peakAfterRecovery\":{},\
                 \"requestsDuring\":{},\"detectP50Ms\":{},\"detectP95Ms\":{},\
                 \"recoverP50Ms\":{},\"recoverP95Ms\":{},\"statusChangesDuring\":{},\
                 \"maxInFlight\":{}}}",
                r.scenario.name(),
                r.policy.name(),
                r.clients,
                json_number(r.healthy_rate),
                json_number(r.peak_during),
                json_number(r.peak_after),
                json_number(r.requests_during),
                json_number(r.detect_p50),
                json_number(r.detect_p95),
                json_number(r.recover_p50),
                json_number(r.recover_p95),
                json_number(r.changes_during),
                r.max_in_flight
            )
        })
        .collect();
    let verdicts: Vec<String> = targets(results)
        .iter()
        .map(|v| {
            format!(
                "{{\"target\":\"{}\",\"measured\":\"{}\",\"met\":{}}}",
                v.name, v.measured, v.met
            )
        })
        .collect();
    format!(
        "{{\"clients\":{clients},\"wallSeconds\":{:.2},\"results\":[{}],\"targets\":[{}]}}",
        elapsed.as_secs_f64(),
        rows.join(","),
        verdicts.join(",")
    )
}

/// One target and how the run measured against it.
pub struct Verdict {
    pub name: String,
    pub measured: String,
    pub met: bool,
}

fn find(results: &[RunResult], s: Scenario, p: PolicyKind) -> Option<&RunResult> {
    results.iter().find(|r| r.scenario == s && r.policy == p)
}

/// Collects verdicts.
#[derive(Default)]
struct Verdicts(Vec<Verdict>);

impl Verdicts {
    fn add(&mut self, name: &str, measured: String, met: bool) {
        self.0.push(Verdict {
            name: name.to_string(),
            measured,
            met,
        });
    }
}

/// The targets for our defaults that the results present can decide.
pub fn targets(results: &[RunResult]) -> Vec<Verdict> {
    let mut v = Verdicts::default();
    rolling_targets(results, &mut v);
    flap_and_maintenance_targets(results, &mut v);
    let worst = results
        .iter()
        .filter(|r| r.policy == PolicyKind::Ours)
        .map(|r| r.max_in_flight)
        .max();
    if let Some(worst) = worst {
        let name = "never two probes in flight for one page";
        v.add(name, format!("max {worst}"), worst <= 1);
    }
    v.0
}

/// Our own targets in the rolling update, then the comparisons with the
/// naive policies.
fn rolling_targets(results: &[RunResult], v: &mut Verdicts) {
    use PolicyKind::{Doubling, Fixed30s, Ours};
    let Some(o) = find(results, Scenario::Rolling, Ours) else {
        return;
    };
    let rate = format!("{:.3}", o.healthy_rate);
    v.add(
        "rolling: healthy load <= 0.11 req/s",
        rate,
        o.healthy_rate <= 0.11,
    );
    let detect = seconds(o.detect_p95);
    v.add(
        "rolling: p95 outage detection <= 12 s",
        detect,
        o.detect_p95 <= 12_000.0,
    );
    let recover = seconds(o.recover_p95);
    v.add(
        "rolling: p95 recovery detection <= 20 s",
        recover,
        o.recover_p95 <= 20_000.0,
    );
    let herd = format!("{:.3}", o.peak_after);
    v.add(
        "rolling: busiest 1 s after recovery <= 0.2 req",
        herd,
        o.peak_after <= 0.2,
    );

    if let Some(f) = find(results, Scenario::Rolling, Fixed30s) {
        let both = |a: f64, b: f64| format!("{} vs {}", seconds(a), seconds(b));
        v.add(
            "rolling: detects faster than fixed-30s (p95)",
            both(o.detect_p95, f.detect_p95),
            o.detect_p95 < f.detect_p95,
        );
        v.add(
            "rolling: recovers faster than fixed-30s (p95)",
            both(o.recover_p95, f.recover_p95),
            o.recover_p95 < f.recover_p95,
        );
        let ratio = o.healthy_rate / f.healthy_rate;
        let name = "rolling: healthy load <= 3.1x fixed-30s";
        v.add(name, format!("{ratio:.2}x"), ratio <= 3.1);
    }
    if let Some(d) = find(results, Scenario::Rolling, Doubling) {
        let load = d.healthy_rate / o.healthy_rate;
        let name = "rolling: healthy load >= 9x below doubling";
        v.add(name, format!("{load:.1}x"), load >= 9.0);
        let herd = d.peak_after / o.peak_after;
        let name = "rolling: herd after recovery >= 5x below doubling";
        v.add(name, format!("{herd:.1}x"), herd >= 5.0);
    }
}

/// Status changes while flapping, and requests during maintenance.
fn flap_and_maintenance_targets(results: &[RunResult], v: &mut Verdicts) {
    use PolicyKind::{Doubling, Ours};
    if let Some(o) = find(results, Scenario::Flap, Ours) {
        let changes = format!("{:.2}", o.changes_during);
        let name = "flap: <= 4 status changes per client";
        v.add(name, changes, o.changes_during <= 4.0);
        if let Some(d) = find(results, Scenario::Flap, Doubling) {
            let ratio = d.changes_during / o.changes_during.max(f64::MIN_POSITIVE);
            let name = "flap: >= 8x fewer changes than doubling";
            v.add(name, format!("{ratio:.1}x"), ratio >= 8.0);
        }
    }
    if let Some(o) = find(results, Scenario::Maintenance, Ours) {
        let name = "maintenance: <= 4 requests per client in the window";
        let requests = format!("{:.2}", o.requests_during);
        v.add(name, requests, o.requests_during <= 4.0);
    }
}

/// The targets as text, one line each.
pub fn verdict_text(verdicts: &[Verdict]) -> String {
    let mut out = String::new();
    if verdicts.is_empty() {
        return out;
    }
    let _ = writeln!(out, "\ntargets for ours (defaults):");
    for v in verdicts {
        let mark = if v.met { "met   " } else { "MISSED" };
        let _ = writeln!(out, "  {mark} {:<52} {}", v.name, v.measured);
    }
    out
}
