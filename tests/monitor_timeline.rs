//! The monitor state machine, told as timelines. Randomness is pinned to the
//! middle of its range (see `common::Middle`), so with default options:
//! intervals are 10 000 ms, a confirming probe follows 750 ms after a first
//! failure, and the backoff waits 1 250, 2 250, 4 250, 8 250, then 10 250 ms.
//! Every request takes 20 ms.

mod common;

use backend_health::core::{
    CancelReason, Completion, Discard, Monitor, Observation, Options, Status, Step, Transport,
};
use common::{http, ok, trouble, Harness, Middle};

use Status::{Healthy, Maintenance, Offline, Unauthorized, Unavailable};

#[test]
fn an_outage_shows_after_a_confirming_probe_and_recovery_after_one_success() {
    // at 0       probe #1 -> 200: healthy (at 20)
    // at 10 020  probe #2 -> 503: 1 of 2 failures, still healthy
    // at 10 790  probe #3 -> 503: unavailable (at 10 810)
    // at 12 060, 14 330, 18 600, 26 870: backoff probes, all 503
    // at 37 140  probe -> 200: healthy (at 37 160)
    let mut h = Harness::with_defaults();
    h.start();
    h.run_until(60_000.0, trouble(10_000.0, 30_000.0, http(503)));
    assert_eq!(
        h.changes,
        [
            (20.0, Healthy),
            (10_810.0, Unavailable),
            (37_160.0, Healthy)
        ]
    );
    assert_eq!(
        h.probes_between(10_000.0, 38_000.0),
        [10_020.0, 10_790.0, 12_060.0, 14_330.0, 18_600.0, 26_870.0, 37_140.0]
    );
}

#[test]
fn a_single_failure_below_the_threshold_never_reaches_the_ui() {
    let mut h = Harness::with_defaults();
    h.start();
    // Only the probe at 10 020 lands in the blip.
    h.run_until(40_000.0, trouble(10_000.0, 10_100.0, http(502)));
    assert_eq!(h.changes, [(20.0, Healthy)]);
    assert_eq!(h.monitor.snapshot().consecutive_failures, 0);
    // The confirming probe came quickly, then the normal interval resumed.
    assert_eq!(
        h.probes_between(10_000.0, 25_000.0),
        [10_020.0, 10_790.0, 20_810.0]
    );
}

#[test]
fn maintenance_with_retry_after_shows_at_once_and_waits_as_asked() {
    // at 10 020  probe -> 503 Retry-After: 40 -> maintenance (at 10 040)
    // next probe after 40 s plus a 2 s spread: at 52 040, still maintenance
    // at 94 060  probe -> 200: healthy
    let mut h = Harness::with_defaults();
    h.start();
    h.run_until(
        100_000.0,
        trouble(10_000.0, 60_000.0, http(503).with_retry_after("40")),
    );
    assert_eq!(
        h.changes,
        [
            (20.0, Healthy),
            (10_040.0, Maintenance),
            (94_080.0, Healthy)
        ]
    );
    assert_eq!(h.probes_between(10_000.0, 94_000.0), [10_020.0, 52_040.0]);
}

#[test]
fn an_http_date_retry_after_is_measured_from_the_servers_date() {
    let mut h = Harness::with_defaults();
    h.start();
    h.run_until(
        30_000.0,
        trouble(
            10_000.0,
            f64::INFINITY, // The server's clock says 12:00:00 and asks for 12:01:00.
            http(503)
                .with_date("Sun, 06 Nov 1994 12:00:00 GMT")
                .with_retry_after("Sun, 06 Nov 1994 12:01:00 GMT"),
        ),
    );
    assert_eq!(h.status(), Maintenance);
    let next = h.monitor.snapshot().next_check_ms.unwrap();
    // 60 s asked, plus half of the 6 s spread, from the answer at 10 040.
    assert_eq!(next, 10_040.0 + 60_000.0 + 3_000.0);
}

#[test]
fn retry_after_is_capped_by_max_retry_after() {
    let mut h = Harness::with_defaults();
    h.start();
    h.run_until(20_000.0, |_| http(503).with_retry_after("86400"));
    let next = h.monitor.snapshot().next_check_ms.unwrap();
    assert_eq!(next, 20.0 + 300_000.0 + 15_000.0);
}

#[test]
fn retry_after_can_be_ignored() {
    let options = Options {
        respect_retry_after: false,
        ..Options::default()
    };
    let mut h = Harness::new(options);
    h.start();
    h.run_until(5_000.0, |_| http(429).with_retry_after("120"));
    // Rate limited is still serving: the normal interval, not 120 s.
    assert_eq!(h.status(), Status::Degraded);
    assert_eq!(h.monitor.snapshot().next_check_ms, Some(10_020.0));
}

#[test]
fn a_probe_slower_than_the_timeout_is_cancelled_and_counted_as_a_failure() {
    let mut h = Harness::with_defaults();
    h.set_latency(5_000.0);
    h.start();
    h.run_until(4_000.0, |_| ok());
    assert_eq!(h.cancels, [(3_000.0, "timeout")]);
    assert_eq!(h.status(), Unavailable);
    let error = h.monitor.snapshot().error.clone().unwrap();
    assert_eq!(error.kind.as_str(), "timeout");
}

#[test]
fn probing_pauses_while_hidden_and_resumes_at_once_when_visible() {
    let mut h = Harness::with_defaults();
    h.start();
    h.run_until(5_000.0, |_| ok());
    h.monitor.set_visible(false, 5_000.0);
    h.run_until(60_000.0, |_| ok());
    assert!(h.probes_between(5_000.0, 60_000.0).is_empty());
    h.monitor.set_visible(true, 60_000.0);
    h.run_until(61_000.0, |_| ok());
    assert_eq!(h.probes_between(60_000.0, 61_000.0), [60_000.0]);
}

#[test]
fn probing_goes_on_while_hidden_when_told_to() {
    let options = Options {
        pause_when_hidden: false,
        ..Options::default()
    };
    let mut h = Harness::new(options);
    h.start();
    h.monitor.set_visible(false, 0.0);
    h.run_until(25_000.0, |_| ok());
    assert_eq!(h.probes, [0.0, 10_020.0, 20_040.0]);
}

#[test]
fn offline_shows_at_once_and_online_brings_a_probe_within_the_base() {
    // at 10 030  offline, while probe #2 is in flight: it is cancelled
    // at 30 030  the slow safety probe fails (network): still offline
    // at 40 000  online: a probe within the backoff base (here at 40 500)
    let mut h = Harness::with_defaults();
    h.start();
    h.run_until(10_030.0, |_| ok());
    h.monitor.set_online(false, 10_030.0);
    assert_eq!(h.status(), Offline);
    h.run_until(40_000.0, |_| Observation::failed(Transport::NetworkError));
    assert_eq!(h.cancels, [(10_030.0, "offline")]);
    assert_eq!(h.probes_between(10_030.0, 40_000.0), [30_030.0]);
    assert_eq!(h.status(), Offline);
    h.monitor.set_online(true, 40_000.0);
    h.run_until(45_000.0, |_| ok());
    assert_eq!(h.probes_between(40_000.0, 45_000.0), [40_500.0]);
    assert_eq!(h.status(), Healthy);
}

#[test]
fn unauthorized_and_login_redirects_show_at_once() {
    for answer in [
        http(401),
        http(403),
        Observation::failed(Transport::OpaqueRedirect),
        http(302).with_location("https://sso.example.com/login?next=/readyz"),
    ] {
        let mut h = Harness::with_defaults();
        h.start();
        let mut first = true;
        h.run_until(10_500.0, |_| {
            let answer_now = if first { ok() } else { answer.clone() };
            first = false;
            answer_now
        });
        assert_eq!(h.changes, [(20.0, Healthy), (10_040.0, Unauthorized)]);
    }
}

#[test]
fn a_burst_of_app_errors_triggers_one_confirming_probe() {
    // at 15 000  the app sees 100 502s in a row
    // at 15 250  one confirming probe (spread over the 500 ms floor) -> 502
    //            which is the second failure: unavailable at 15 270
    let mut h = Harness::with_defaults();
    h.start();
    h.run_until(15_000.0, |_| ok());
    let mut triggered = 0;
    for _ in 0..100 {
        if h.monitor.observe_passive(http(502), 15_000.0) {
            triggered += 1;
        }
    }
    assert_eq!(triggered, 1);
    h.run_until(16_000.0, |_| http(502));
    assert_eq!(h.probes_between(15_000.0, 16_000.0), [15_250.0]);
    assert_eq!(h.changes, [(20.0, Healthy), (15_270.0, Unavailable)]);
}

#[test]
fn app_traffic_cannot_probe_more_than_once_per_half_interval() {
    let mut h = Harness::with_defaults();
    h.start();
    h.run_until(1_000.0, |_| ok());
    // Errors every 100 ms for 20 s, against a backend that answers 200.
    let mut t = 1_000.0;
    while t < 21_000.0 {
        h.monitor.observe_passive(http(502), t);
        t += 100.0;
        h.run_until(t, |_| ok());
    }
    // Without app traffic: probes at 10 020 only. With it: at most one
    // extra probe per 5 s.
    let probes = h.probes_between(1_000.0, 21_000.0);
    assert!(probes.len() <= 6, "{probes:?}");
    assert_eq!(h.status(), Healthy);
}

#[test]
fn an_answer_to_a_cancelled_probe_is_discarded() {
    let mut m = Monitor::new(Options::default(), Middle).unwrap();
    m.start(0.0);
    let Step::Probe(first) = m.poll(0.0) else {
        panic!("a started monitor probes at once")
    };
    m.stop();
    assert_eq!(m.poll(1.0), Step::Cancel(first, CancelReason::Stopped));
    m.start(2.0);
    let Step::Probe(second) = m.poll(2.0) else {
        panic!("a restarted monitor probes at once")
    };
    // The first probe's answer arrives late, after the second was sent.
    assert_eq!(
        m.complete(first, ok(), 3.0),
        Completion::Discarded(Discard::NotInFlight)
    );
    assert_eq!(m.complete(second, http(503), 4.0), Completion::Applied);
    assert_eq!(m.snapshot().http_status, Some(503));
}

#[test]
fn a_reset_discards_everything_from_before() {
    let mut m = Monitor::new(Options::default(), Middle).unwrap();
    m.start(0.0);
    let Step::Probe(old) = m.poll(0.0) else {
        panic!("probe expected")
    };
    m.reset(10.0);
    assert_eq!(m.poll(10.0), Step::Cancel(old, CancelReason::Superseded));
    let Step::Probe(new) = m.poll(10.0) else {
        panic!("a running monitor probes at once after a reset")
    };
    assert_ne!(old.generation(), new.generation());
    assert_eq!(
        m.complete(old, ok(), 20.0),
        Completion::Discarded(Discard::NotInFlight)
    );
    assert_eq!(m.snapshot().status, Status::Unknown);
}

#[test]
fn cached_copies_are_discarded_until_they_are_all_there_is() {
    let mut h = Harness::with_defaults();
    h.start();
    h.run_until(1_000.0, |_| ok());
    let before = h.monitor.snapshot().last_checked_ms;
    h.run_until(10_500.0, |_| http(503).with_age("30"));
    // The cached 503 was not applied.
    assert_eq!(h.discards, 1);
    assert_eq!(h.status(), Healthy);
    assert_eq!(h.monitor.snapshot().last_checked_ms, before);
    // After three discards in a row, stale answers are accepted until a
    // fresh one arrives.
    h.run_until(60_000.0, |_| http(503).with_age("30"));
    assert_eq!(h.discards, 3);
    assert_ne!(h.status(), Healthy);
}

#[test]
fn an_answer_whose_server_clock_went_back_is_discarded() {
    let mut h = Harness::with_defaults();
    h.start();
    h.run_until(1_000.0, |_| ok().with_date("Sun, 06 Nov 1994 08:49:37 GMT"));
    h.run_until(10_500.0, |_| {
        http(503).with_date("Sun, 06 Nov 1994 08:40:00 GMT")
    });
    assert_eq!(h.discards, 1);
    assert_eq!(h.status(), Healthy);
}

#[test]
fn a_manual_check_joins_the_probe_in_flight() {
    let mut m = Monitor::new(Options::default(), Middle).unwrap();
    m.start(0.0);
    assert!(matches!(m.poll(0.0), Step::Probe(_)));
    m.request_check(5.0);
    assert_eq!(m.poll(5.0), Step::WaitUntil(3_000.0));
}

#[test]
fn a_manual_check_probes_once_even_when_stopped() {
    let mut m = Monitor::new(Options::default(), Middle).unwrap();
    m.request_check(0.0);
    let Step::Probe(ticket) = m.poll(0.0) else {
        panic!("a manual check probes")
    };
    assert_eq!(m.complete(ticket, ok(), 20.0), Completion::Applied);
    assert_eq!(m.poll(20.0), Step::Paused);
    assert_eq!(m.snapshot().status, Healthy);
}

#[test]
fn a_clock_that_jumps_back_does_not_stretch_the_wait() {
    let mut h = Harness::with_defaults();
    h.start();
    h.run_until(1_000.0, |_| ok());
    // The clock jumps back an hour; the next probe is still one interval
    // after the last answer, in the new clock.
    h.now = -3_600_000.0 + 1_000.0;
    h.drive();
    let next = h.monitor.snapshot().next_check_ms.unwrap();
    assert_eq!(next, -3_600_000.0 + 10_020.0);
}

#[test]
fn recovery_can_require_several_successes() {
    let options = Options {
        success_threshold: 2,
        ..Options::default()
    };
    let mut h = Harness::new(options);
    h.start();
    h.run_until(40_000.0, trouble(10_000.0, 30_000.0, http(503)));
    // The first success (at 37 160) is confirmed 750 ms later.
    assert_eq!(
        h.changes,
        [
            (20.0, Healthy),
            (10_810.0, Unavailable),
            (37_930.0, Healthy)
        ]
    );
}

#[test]
fn degraded_and_healthy_switch_without_thresholds() {
    let body = r#"{"status":"warn"}"#;
    let mut h = Harness::with_defaults();
    h.start();
    h.run_until(
        15_000.0,
        trouble(
            10_000.0,
            f64::INFINITY,
            ok().with_body(backend_health::core::Body::Json(Box::new(
                serde_json::from_str(body).unwrap(),
            ))),
        ),
    );
    assert_eq!(h.changes, [(20.0, Healthy), (10_040.0, Status::Degraded)]);
}

#[test]
fn a_monitor_that_takes_over_goes_on_from_the_handed_over_state() {
    // The first monitor sees an outage and a Retry-After of 60 s.
    let mut first = Harness::with_defaults();
    first.start();
    first.run_until(
        12_000.0,
        trouble(10_000.0, f64::INFINITY, http(503).with_retry_after("60")),
    );
    assert_eq!(first.status(), Maintenance);
    let handover = first.monitor.handover();

    // The second adopts it while stopped, then starts: no probe before the
    // server's wait is over, and the status is there from the start.
    let mut second = Harness::with_defaults();
    second.now = 12_000.0;
    second.monitor.adopt(handover, 12_000.0);
    assert_eq!(second.status(), Maintenance);
    second.start();
    second.run_until(80_000.0, |_| ok());
    let probes = second.probes_between(12_000.0, 80_000.0);
    assert_eq!(probes.len(), 1, "{probes:?}");
    assert!(probes[0] >= 10_040.0 + 60_000.0, "{probes:?}");
    assert_eq!(second.status(), Healthy);
}

#[test]
fn taking_over_an_overdue_schedule_probes_within_the_floor() {
    let mut first = Harness::with_defaults();
    first.start();
    first.run_until(1_000.0, |_| ok());
    let handover = first.monitor.handover();
    let mut second = Harness::with_defaults();
    second.now = 50_000.0;
    second.monitor.adopt(handover, 50_000.0);
    second.start();
    second.run_until(51_000.0, |_| ok());
    // Due at 10 020, long past: spread over the 500 ms floor (here 250).
    assert_eq!(second.probes, [50_250.0]);
}

#[test]
fn a_manual_check_on_a_stopped_monitor_shows_no_next_check() {
    let mut m = Monitor::new(Options::default(), Middle).unwrap();
    m.request_check(0.0);
    let Step::Probe(ticket) = m.poll(0.0) else {
        panic!("a manual check probes")
    };
    m.complete(ticket, ok(), 20.0);
    assert_eq!(m.snapshot().next_check_ms, None);
    // Started later, it goes on from the schedule the check left.
    m.start(30.0);
    assert_eq!(m.snapshot().next_check_ms, Some(10_020.0));
}

#[test]
fn an_answer_without_retry_after_ends_an_earlier_one() {
    // at 10 020  503 Retry-After: 30 -> maintenance, next probe at 42 040
    // at 12 000  a manual check -> 200: healthy; the server's wait is over
    // at 12 500  offline; at 13 000 online: a probe within the base, not
    //            at the end of the old 30 s
    let mut h = Harness::with_defaults();
    h.start();
    h.run_until(
        11_000.0,
        trouble(10_000.0, f64::INFINITY, http(503).with_retry_after("30")),
    );
    assert_eq!(h.status(), Maintenance);
    h.now = 12_000.0;
    h.monitor.request_check(12_000.0);
    h.run_until(12_500.0, |_| ok());
    assert_eq!(h.status(), Healthy);
    h.monitor.set_online(false, 12_500.0);
    h.now = 13_000.0;
    h.monitor.set_online(true, 13_000.0);
    h.run_until(14_000.0, |_| ok());
    assert_eq!(h.probes_between(12_500.0, 14_000.0), [13_500.0]);
    assert_eq!(h.status(), Healthy);
    // And app traffic is heard again.
    assert!(h.monitor.observe_passive(http(502), 20_000.0));
}
