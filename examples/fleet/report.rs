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

/// The targets for our defaults that the results present can decide.
pub fn targets(results: &[RunResult]) -> Vec<Verdict> {
    use PolicyKind::{Doubling, Fixed30s, Ours};
    use Scenario::{Flap, Maintenance, Rolling};
    let mut v = Vec::new();
    let mut add = |name: &str, measured: String, met: bool| {
        v.push(Verdict {
            name: name.to_string(),
            measured,
            met,
        })
    };

    if let Some(o) = find(results, Rolling, Ours) {
        add(
            "rolling: healthy load <= 0.11 req/s",
            format!("{:.3}", o.healthy_rate),
            o.healthy_rate <= 0.11,
        );
        add(
            "rolling: p95 outage detection <= 12 s",
            seconds(o.detect_p95),
            o.detect_p95 <= 12_000.0,
        );
        add(
            "rolling: p95 recovery detection <= 20 s",
            seconds(o.recover_p95),
            o.recover_p95 <= 20_000.0,
        );
        add(
            "rolling: busiest 1 s after recovery <= 0.2 req",
            format!("{:.3}", o.peak_after),
            o.peak_after <= 0.2,
        );
        if let Some(f) = find(results, Rolling, Fixed30s) {
            add(
                "rolling: detects faster than fixed-30s (p95)",
                format!("{} vs {}", seconds(o.detect_p95), seconds(f.detect_p95)),
                o.detect_p95 < f.detect_p95,
            );
            add(
                "rolling: recovers faster than fixed-30s (p95)",
                format!("{} vs {}", seconds(o.recover_p95), seconds(f.recover_p95)),
                o.recover_p95 < f.recover_p95,
            );
            let ratio = o.healthy_rate / f.healthy_rate;
            add(
                "rolling: healthy load <= 3.1x fixed-30s",
                format!("{ratio:.2}x"),
                ratio <= 3.1,
            );
        }
        if let Some(d) = find(results, Rolling, Doubling) {
            let load = d.healthy_rate / o.healthy_rate;
            add(
                "rolling: healthy load >= 9x below doubling",
                format!("{load:.1}x"),
                load >= 9.0,
            );
            let herd = d.peak_after / o.peak_after;
            add(
                "rolling: herd after recovery >= 5x below doubling",
                format!("{herd:.1}x"),
                herd >= 5.0,
            );
        }
    }
    if let Some(o) = find(results, Flap, Ours) {
        add(
            "flap: <= 4 status changes per client",
            format!("{:.2}", o.changes_during),
            o.changes_during <= 4.0,
        );
        if let Some(d) = find(results, Flap, Doubling) {
            let ratio = d.changes_during / o.changes_during.max(f64::MIN_POSITIVE);
            add(
                "flap: >= 8x fewer changes than doubling",
                format!("{ratio:.1}x"),
                ratio >= 8.0,
            );
        }
    }
    if let Some(o) = find(results, Maintenance, Ours) {
        add(
            "maintenance: <= 4 requests per client in the window",
            format!("{:.2}", o.requests_during),
            o.requests_during <= 4.0,
        );
    }
    let worst = results
        .iter()
        .filter(|r| r.policy == Ours)
        .map(|r| r.max_in_flight)
        .max();
    if let Some(worst) = worst {
        add(
            "never two probes in flight for one page",
            format!("max {worst}"),
            worst <= 1,
        );
    }
    v
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
