//! The discrete-event simulator: one queue of timed events for every page,
//! and the counters the report is built from.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use backend_health::core::{RandomSource, SplitMix64, Status, Ticket};

use crate::backend::{
    Scenario, END_MS, OPEN_SPAN_MS, REQUEST_MS, TROUBLE_END_MS, TROUBLE_START_MS,
};
use crate::policy::{Action, Client, PolicyKind};

/// Requests are counted in bins of this width (ms); peaks slide over them.
const BIN_MS: f64 = 100.0;
/// How long after recovery the herd is measured (ms).
pub const AFTER_RECOVERY_MS: f64 = 30_000.0;

/// What one policy did in one scenario.
pub struct RunResult {
    pub scenario: Scenario,
    pub policy: PolicyKind,
    pub clients: usize,
    /// Requests per client per second while healthy with every page open.
    pub healthy_rate: f64,
    /// Requests per client in the busiest 1 s of the trouble.
    pub peak_during: f64,
    /// Requests per client in the busiest 1 s of the 30 s after recovery.
    pub peak_after: f64,
    /// Requests per client during the trouble.
    pub requests_during: f64,
    /// Outage detection delay percentiles (ms); infinite when undetected.
    pub detect_p50: f64,
    pub detect_p95: f64,
    /// Recovery detection delay percentiles (ms), over pages that showed
    /// the trouble when it ended.
    pub recover_p50: f64,
    pub recover_p95: f64,
    /// Status changes per client during the trouble (mean).
    pub changes_during: f64,
    /// The most requests one page ever had in flight at once.
    pub max_in_flight: u32,
}

#[derive(Clone, Copy)]
enum Kind {
    Open,
    Timer(u32),
    Answer(u64, Option<Ticket>),
}

struct Event {
    at: f64,
    order: u64,
    client: u32,
    kind: Kind,
}

impl PartialEq for Event {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Event {}
impl PartialOrd for Event {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Event {
    // Earliest first in a max-heap; ties in insertion order, for determinism.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .at
            .total_cmp(&self.at)
            .then_with(|| other.order.cmp(&self.order))
    }
}

/// Per-page bookkeeping beside the page's own policy.
struct Page {
    client: Client,
    timer: u32,
    in_flight: u32,
    max_in_flight: u32,
    status: Status,
    detected_at: Option<f64>,
    failing_at_end: bool,
    recovered_at: Option<f64>,
    changes_during: u32,
}

struct Sim {
    queue: BinaryHeap<Event>,
    order: u64,
    bins: Vec<u32>,
    scenario: Scenario,
}

impl Sim {
    fn push(&mut self, at: f64, client: u32, kind: Kind) {
        self.order += 1;
        let order = self.order;
        self.queue.push(Event {
            at,
            order,
            client,
            kind,
        });
    }

    fn count_request(&mut self, at: f64) {
        if let Some(bin) = self.bins.get_mut((at / BIN_MS) as usize) {
            *bin += 1;
        }
    }
}

/// Runs `clients` pages of `policy` through `scenario`.
pub fn run(scenario: Scenario, policy: PolicyKind, clients: usize, seed: u64) -> RunResult {
    let mut rng = SplitMix64::with_seed(seed);
    let mut sim = Sim {
        queue: BinaryHeap::with_capacity(clients * 2),
        order: 0,
        bins: vec![0; (END_MS / BIN_MS) as usize + 1],
        scenario,
    };
    let mut pages: Vec<Page> = (0..clients)
        .map(|i| Page {
            client: policy.client(seed.wrapping_mul(1_000_003).wrapping_add(i as u64)),
            timer: 0,
            in_flight: 0,
            max_in_flight: 0,
            status: Status::Unknown,
            detected_at: None,
            failing_at_end: false,
            recovered_at: None,
            changes_during: 0,
        })
        .collect();
    for i in 0..clients {
        sim.push(rng.next_unit() * OPEN_SPAN_MS, i as u32, Kind::Open);
    }

    while let Some(event) = sim.queue.pop() {
        if event.at > END_MS {
            break;
        }
        let page = &mut pages[event.client as usize];
        handle(&mut sim, page, &event);
        record_status(page, event.at);
    }
    summarise(scenario, policy, &pages, &sim.bins)
}

fn handle(sim: &mut Sim, page: &mut Page, event: &Event) {
    let now = event.at;
    match event.kind {
        Kind::Open => page.client.start(now),
        Kind::Timer(generation) if generation != page.timer => return,
        Kind::Timer(_) => {}
        Kind::Answer(id, ticket) => {
            page.in_flight -= 1;
            let answer = sim.scenario.answer(now - REQUEST_MS / 2.0);
            page.client.complete(id, ticket, answer, now);
        }
    }

    // Do what the policy says until it waits.
    loop {
        match page.client.poll(now) {
            Action::Probe(id) => {
                let ticket = page.client.in_flight();
                page.in_flight += 1;
                page.max_in_flight = page.max_in_flight.max(page.in_flight);
                sim.count_request(now);
                sim.push(now + REQUEST_MS, event.client, Kind::Answer(id, ticket));
            }
            Action::WaitUntil(at) => {
                // One timer per page: a newer one makes the older stale.
                page.timer += 1;
                sim.push(at.max(now), event.client, Kind::Timer(page.timer));
                return;
            }
            Action::Idle => return,
        }
    }
}

fn record_status(page: &mut Page, now: f64) {
    let status = page.client.status();
    if status == page.status {
        return;
    }
    let before = page.status;
    page.status = status;
    if now < TROUBLE_START_MS {
        return;
    }
    if now < TROUBLE_END_MS {
        if before != Status::Unknown {
            page.changes_during += 1;
        }
        if before.is_serving() && !status.is_serving() && page.detected_at.is_none() {
            page.detected_at = Some(now);
        }
        page.failing_at_end = !status.is_serving();
    } else if page.failing_at_end && status.is_serving() && page.recovered_at.is_none() {
        page.recovered_at = Some(now);
    }
}

fn summarise(scenario: Scenario, policy: PolicyKind, pages: &[Page], bins: &[u32]) -> RunResult {
    let n = pages.len() as f64;
    let bin = |ms: f64| (ms / BIN_MS) as usize;
    let sum = |from: f64, to: f64| {
        bins[bin(from)..bin(to)]
            .iter()
            .map(|&c| c as u64)
            .sum::<u64>()
    };

    let healthy_requests =
        sum(OPEN_SPAN_MS, TROUBLE_START_MS) + sum(TROUBLE_END_MS + AFTER_RECOVERY_MS, END_MS);
    let healthy_seconds =
        (TROUBLE_START_MS - OPEN_SPAN_MS + END_MS - TROUBLE_END_MS - AFTER_RECOVERY_MS) / 1000.0;

    let detect: Vec<f64> = pages
        .iter()
        .map(|p| {
            p.detected_at
                .map_or(f64::INFINITY, |t| t - TROUBLE_START_MS)
        })
        .collect();
    let recover: Vec<f64> = pages
        .iter()
        .filter(|p| p.failing_at_end)
        .map(|p| p.recovered_at.map_or(f64::INFINITY, |t| t - TROUBLE_END_MS))
        .collect();

    RunResult {
        scenario,
        policy,
        clients: pages.len(),
        healthy_rate: healthy_requests as f64 / n / healthy_seconds,
        peak_during: peak(bins, bin(TROUBLE_START_MS), bin(TROUBLE_END_MS)) / n,
        peak_after: peak(
            bins,
            bin(TROUBLE_END_MS),
            bin(TROUBLE_END_MS + AFTER_RECOVERY_MS),
        ) / n,
        requests_during: sum(TROUBLE_START_MS, TROUBLE_END_MS) as f64 / n,
        detect_p50: percentile(detect.clone(), 0.50),
        detect_p95: percentile(detect, 0.95),
        recover_p50: percentile(recover.clone(), 0.50),
        recover_p95: percentile(recover, 0.95),
        changes_during: pages.iter().map(|p| p.changes_during as f64).sum::<f64>() / n,
        max_in_flight: pages.iter().map(|p| p.max_in_flight).max().unwrap_or(0),
    }
}

/// The most requests in any 1 s window starting within `[from, to)` bins.
fn peak(bins: &[u32], from: usize, to: usize) -> f64 {
    let width = (1000.0 / BIN_MS) as usize;
    (from..to)
        .map(|start| {
            let end = (start + width).min(bins.len());
            bins[start..end].iter().map(|&c| c as u64).sum::<u64>()
        })
        .max()
        .unwrap_or(0) as f64
}

/// The `q` quantile (nearest rank); NaN for no values.
fn percentile(mut values: Vec<f64>, q: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let rank = ((q * values.len() as f64).ceil() as usize).clamp(1, values.len());
    values[rank - 1]
}
