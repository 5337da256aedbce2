//! Options: defaults, every rule, and reading them from a camelCase object.

use backend_health::core::{Error, Jitter, Method, Options, OptionsInput, Rule};

fn from_json(text: &str) -> Result<Options, Error> {
    let input: OptionsInput = serde_json::from_str(text).expect("test JSON parses");
    Options::from_input(&input)
}

fn field_of(text: &str) -> String {
    from_json(text).unwrap_err().field().to_string()
}

#[test]
fn an_empty_object_gives_the_defaults() {
    let options = from_json("{}").unwrap();
    assert_eq!(options, Options::default());
    assert_eq!(options.interval_ms, 10_000.0);
    assert_eq!(options.timeout_ms, 3_000.0);
    assert_eq!(options.failure_threshold, 2);
    assert_eq!(options.success_threshold, 1);
    assert_eq!(options.backoff.base_ms, 1_000.0);
    assert_eq!(options.backoff.max_ms, 20_000.0);
    assert_eq!(options.backoff.jitter, Jitter::Full);
    assert!(options.respect_retry_after);
    assert_eq!(options.max_retry_after_ms, 300_000.0);
    assert_eq!(options.method, Method::Get);
    assert_eq!(options.max_body_bytes, 65_536);
    assert!(options.pause_when_hidden);
}

#[test]
fn every_option_can_be_set() {
    let options = from_json(
        r#"{"interval":30000,"timeout":2000,"failureThreshold":3,"successThreshold":2,
            "backoff":{"base":500,"max":60000,"jitter":"decorrelated"},
            "respectRetryAfter":false,"maxRetryAfter":60000,"method":"head",
            "maxBodyBytes":1024,"pauseWhenHidden":false}"#,
    )
    .unwrap();
    assert_eq!(options.interval_ms, 30_000.0);
    assert_eq!(options.failure_threshold, 3);
    assert_eq!(options.backoff.jitter, Jitter::Decorrelated);
    assert_eq!(options.method, Method::Head);
    assert!(!options.pause_when_hidden);
}

#[test]
fn null_keeps_the_default() {
    assert_eq!(
        from_json(r#"{"interval":null}"#).unwrap().interval_ms,
        10_000.0
    );
}

#[test]
fn each_rule_is_an_error_naming_the_option() {
    let table = [
        (r#"{"interval":0}"#, "interval"),
        (r#"{"interval":-5}"#, "interval"),
        (r#"{"interval":50}"#, "interval"),
        (r#"{"interval":"10s"}"#, "interval"),
        (r#"{"timeout":10000}"#, "timeout"),
        (r#"{"timeout":0}"#, "timeout"),
        (r#"{"failureThreshold":0}"#, "failureThreshold"),
        (r#"{"successThreshold":0}"#, "successThreshold"),
        (r#"{"failureThreshold":1.5}"#, "failureThreshold"),
        (r#"{"backoff":{"base":40000}}"#, "backoff.base"),
        (r#"{"backoff":{"max":50}}"#, "backoff.max"),
        (r#"{"backoff":{"jitter":"random"}}"#, "backoff.jitter"),
        (r#"{"backoff":5}"#, "backoff"),
        (r#"{"method":"POST"}"#, "method"),
        (r#"{"maxBodyBytes":0}"#, "maxBodyBytes"),
        (r#"{"pauseWhenHidden":"yes"}"#, "pauseWhenHidden"),
        (r#"{"maxRetryAfter":-1}"#, "maxRetryAfter"),
    ];
    for (text, field) in table {
        assert_eq!(field_of(text), field, "{text}");
    }
}

#[test]
fn unknown_options_are_reported_by_name() {
    let err = from_json(r#"{"intervall":1000}"#).unwrap_err();
    assert_eq!(
        err,
        Error::UnknownOption {
            name: "intervall".into()
        }
    );
    let err = from_json(r#"{"backoff":{"cap":1000}}"#).unwrap_err();
    assert_eq!(err.field(), "backoff.cap");
}

#[test]
fn nan_and_infinity_are_rejected_not_clamped() {
    for value in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let options = Options {
            interval_ms: value,
            ..Options::default()
        };
        assert_eq!(
            options.validate(),
            Err(Error::InvalidOption {
                field: "interval",
                rule: Rule::NotFinite
            })
        );
    }
}

#[test]
fn messages_say_what_is_wrong_and_what_is_allowed() {
    let err = from_json(r#"{"backoff":{"jitter":"random"}}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid option `backoff.jitter`: must be one of full, equal, decorrelated, none (got \"random\")"
    );
    let err = from_json(r#"{"backoff":{"base":40000}}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid option `backoff.base`: must not exceed `backoff.max` (40000 is above 20000)"
    );
    assert_eq!(err.kind().as_str(), "invalid-option");
}

#[test]
fn options_that_are_not_an_object_fail_to_parse() {
    assert!(serde_json::from_str::<OptionsInput>("[1,2]").is_err());
    assert!(serde_json::from_str::<OptionsInput>("5").is_err());
}
