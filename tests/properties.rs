//! Invariants under arbitrary input: classification never panics, backoff
//! delays stay within their bounds, and no order of events can put two
//! probes in flight, wait into the past, or stall the monitor.

use backend_health::core::backoff::BackoffPolicy;
use backend_health::core::{
    classify, BackoffOptions, Body, Completion, Jitter, Monitor, Observation, Options,
    ResponseHeaders, SplitMix64, Step, Ticket, Transport,
};
use proptest::prelude::*;

fn transport() -> impl Strategy<Value = Transport> {
    prop_oneof![
        Just(Transport::Response),
        Just(Transport::NetworkError),
        Just(Transport::Timeout),
        Just(Transport::Aborted),
        Just(Transport::Offline),
        Just(Transport::Opaque),
        Just(Transport::OpaqueRedirect),
    ]
}

fn header() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        "[0-9]{0,12}".prop_map(Some),
        Just(Some("Wed, 21 Oct 2015 07:28:00 GMT".to_string())),
        any::<String>().prop_map(Some),
    ]
}

fn body() -> impl Strategy<Value = Body> {
    let json = prop_oneof![
        Just(r#"{"status":"pass"}"#),
        Just(r#"{"status":"warn","checks":{"db:responseTime":[{"status":"fail"}]}}"#),
        Just(r#"{"status":"OUT_OF_SERVICE"}"#),
        Just(r#"{"ready":false,"topology":{"db":{"ready":false}}}"#),
        Just(r#"{"health":"true"}"#),
    ]
    .prop_map(|text| Body::Json(Box::new(serde_json::from_str(text).unwrap())));
    prop_oneof![
        Just(Body::Absent),
        Just(Body::Malformed),
        Just(Body::TooLarge),
        any::<String>().prop_map(Body::Text),
        json,
    ]
}

fn observation() -> impl Strategy<Value = Observation> {
    (
        transport(),
        0u16..1000,
        header(),
        header(),
        header(),
        header(),
        body(),
    )
        .prop_map(
            |(transport, status, retry_after, date, age, location, body)| Observation {
                transport,
                status,
                headers: ResponseHeaders {
                    retry_after,
                    date,
                    age,
                    content_type: None,
                    location,
                },
                body,
            },
        )
}

fn options() -> impl Strategy<Value = Options> {
    (
        100.0..120_000.0f64,
        0.01..0.99f64,
        1u32..5,
        1u32..5,
        100.0..5_000.0f64,
        1.0..20.0f64,
        prop_oneof![
            Just(Jitter::Full),
            Just(Jitter::Equal),
            Just(Jitter::Decorrelated),
            Just(Jitter::None)
        ],
        any::<bool>(),
    )
        .prop_map(
            |(interval, timeout_share, fail, succeed, base, spread, jitter, pause)| Options {
                interval_ms: interval,
                timeout_ms: (interval * timeout_share).max(1.0),
                failure_threshold: fail,
                success_threshold: succeed,
                backoff: BackoffOptions {
                    base_ms: base,
                    max_ms: base * spread,
                    jitter,
                },
                pause_when_hidden: pause,
                ..Options::default()
            },
        )
}

#[derive(Clone, Debug)]
enum Event {
    Advance(f64),
    Answer(Observation),
    AnswerStale(Observation),
    Start,
    Stop,
    Reset,
    Visible(bool),
    Online(bool),
    Focus,
    Check,
    Passive(Observation),
    ClockJump(f64),
}

fn event() -> impl Strategy<Value = Event> {
    prop_oneof![
        6 => (0.0..40_000.0f64).prop_map(Event::Advance),
        6 => observation().prop_map(Event::Answer),
        1 => observation().prop_map(Event::AnswerStale),
        1 => Just(Event::Start),
        1 => Just(Event::Stop),
        1 => Just(Event::Reset),
        1 => any::<bool>().prop_map(Event::Visible),
        1 => any::<bool>().prop_map(Event::Online),
        1 => Just(Event::Focus),
        1 => Just(Event::Check),
        2 => observation().prop_map(Event::Passive),
        1 => (-100_000.0..100_000.0f64).prop_map(Event::ClockJump),
    ]
}

/// The longest wait a monitor with `o` may ever ask for.
fn longest_wait(o: &Options) -> f64 {
    let retry = o.max_retry_after_ms + (o.max_retry_after_ms * 0.1).max(o.backoff.base_ms);
    (o.interval_ms * 1.1)
        .max(o.backoff.max_ms)
        .max(retry)
        .max(o.timeout_ms)
}

/// Polls until the monitor waits, checking each step; returns the probe in
/// flight afterwards.
fn settle(m: &mut Monitor, now: f64, flight: &mut Option<Ticket>, seen: &mut Vec<Ticket>) {
    for _ in 0..10 {
        match m.poll(now) {
            Step::Probe(ticket) => {
                assert!(
                    flight.is_none(),
                    "a second probe while {flight:?} is in flight"
                );
                assert!(!seen.contains(&ticket), "a ticket was reused");
                seen.push(ticket);
                *flight = Some(ticket);
            }
            Step::Cancel(ticket, _) => {
                assert_eq!(Some(ticket), *flight, "cancelled a probe not in flight");
                *flight = None;
            }
            Step::WaitUntil(at) => {
                assert!(at >= now, "asked to wait until {at}, before now {now}");
                let horizon = longest_wait(m.options()) + 1.0;
                assert!(at - now <= horizon, "a wait of {} ms", at - now);
                return;
            }
            Step::Paused => return,
        }
    }
    panic!("poll did not settle within 10 steps");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn classification_never_panics(o in observation(), now in any::<f64>()) {
        let c = classify(o, now);
        if let Some(ms) = c.retry_after_ms {
            prop_assert!(ms >= 0.0);
        }
        let _ = c.problem();
    }

    #[test]
    fn backoff_delays_stay_between_floor_and_max(
        o in options(),
        attempts in proptest::collection::vec(0u32..64, 1..50),
        seed in any::<u64>(),
    ) {
        let mut policy = BackoffPolicy::new(&o);
        let mut rng = SplitMix64::with_seed(seed);
        for attempt in attempts {
            let d = policy.delay_ms(attempt, &mut rng);
            prop_assert!(d >= o.backoff_floor_ms() && d <= o.backoff.max_ms, "{d}");
            let c = policy.confirm_delay_ms(&mut rng);
            prop_assert!(c >= o.backoff_floor_ms() && c <= o.backoff.base_ms, "{c}");
        }
    }

    #[test]
    fn no_order_of_events_breaks_the_invariants(
        o in options(),
        events in proptest::collection::vec(event(), 1..120),
        seed in any::<u64>(),
    ) {
        let mut m = Monitor::new(o, SplitMix64::with_seed(seed)).unwrap();
        let mut now = 0.0;
        let mut flight: Option<Ticket> = None;
        let mut seen = Vec::new();
        let mut old: Option<Ticket> = None;
        m.start(now);
        settle(&mut m, now, &mut flight, &mut seen);
        for event in events {
            match event {
                Event::Advance(ms) => now += ms,
                Event::Answer(obs) => {
                    if let Some(ticket) = flight.take() {
                        m.complete(ticket, obs, now);
                        old = Some(ticket);
                    }
                }
                Event::AnswerStale(obs) => {
                    if let Some(ticket) = old {
                        prop_assert_ne!(Some(ticket), flight);
                        let done = m.complete(ticket, obs, now);
                        prop_assert_ne!(done, Completion::Applied);
                    }
                }
                Event::Start => m.start(now),
                Event::Stop => m.stop(),
                Event::Reset => m.reset(now),
                Event::Visible(v) => m.set_visible(v, now),
                Event::Online(v) => m.set_online(v, now),
                Event::Focus => m.focus(now),
                Event::Check => m.request_check(now),
                Event::Passive(obs) => {
                    m.observe_passive(obs, now);
                }
                Event::ClockJump(ms) => now += ms,
            }
            settle(&mut m, now, &mut flight, &mut seen);
            let snapshot = m.snapshot();
            prop_assert_eq!(snapshot.is_healthy(), snapshot.status.is_healthy());
        }
    }

    #[test]
    fn a_running_monitor_left_alone_probes_no_faster_than_the_floor(
        o in options(),
        answers in proptest::collection::vec(observation(), 1..60),
        seed in any::<u64>(),
    ) {
        let mut m = Monitor::new(o, SplitMix64::with_seed(seed)).unwrap();
        let mut now = 0.0;
        let mut starts: Vec<f64> = Vec::new();
        m.start(now);
        let mut answers = answers.into_iter();
        for _ in 0..200 {
            match m.poll(now) {
                Step::Probe(ticket) => {
                    starts.push(now);
                    let Some(answer) = answers.next() else { break };
                    now += 20.0;
                    m.complete(ticket, answer, now);
                }
                Step::Cancel(..) => {}
                Step::WaitUntil(at) => now = at,
                Step::Paused => break,
            }
        }
        let floor = o.backoff_floor_ms();
        for pair in starts.windows(2) {
            prop_assert!(pair[1] - pair[0] >= floor.min(o.timeout_ms), "{pair:?}");
        }
    }
}
