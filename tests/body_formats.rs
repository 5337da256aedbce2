//! Health bodies as real servers emit them, read into reports: every format
//! understood, the bodies that must not be mistaken for one, lenient typing,
//! and properties that hold for any input.

use backend_health::core::body::{
    is_out_of_service_word, parse_status_word, parse_text, HealthDocument,
};
use backend_health::core::report::{BodyFormat, CheckStatus, Dependency, HealthReport, Release};
use backend_health::core::time::{parse_http_date_ms, parse_rfc3339_ms};
use proptest::prelude::*;
use serde_json::Value;

use BodyFormat::*;
use CheckStatus::*;

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/bodies/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
}

/// Reads a JSON body the way the host does: serde_json into the document.
fn json_report(body: &str) -> Option<HealthReport> {
    serde_json::from_str::<HealthDocument>(body)
        .unwrap_or_else(|error| panic!("{body}: {error}"))
        .into_report()
}

/// Reads any body: as JSON when it parses as JSON, otherwise as text.
fn any_report(body: &str) -> Option<HealthReport> {
    match serde_json::from_str::<HealthDocument>(body) {
        Ok(document) => document.into_report(),
        Err(_) => parse_text(body),
    }
}

fn report_of_fixture(name: &str) -> HealthReport {
    any_report(&fixture(name)).unwrap_or_else(|| panic!("{name} was not recognised"))
}

fn names(report: &HealthReport) -> Vec<&str> {
    report
        .dependencies
        .iter()
        .map(|d| d.name.as_str())
        .collect()
}

fn dependency<'a>(report: &'a HealthReport, name: &str) -> &'a Dependency {
    report
        .dependencies
        .iter()
        .find(|d| d.name == name)
        .unwrap_or_else(|| panic!("no dependency {name} in {:?}", names(report)))
}

fn release(version: Option<&str>, release_id: Option<&str>) -> Option<Release> {
    Some(Release {
        version: version.map(str::to_owned),
        release_id: release_id.map(str::to_owned),
    })
}

// ---------------------------------------------------------------------------
// Every recognised fixture, at a glance
// ---------------------------------------------------------------------------

#[test]
fn every_recognised_fixture_gives_its_format_and_verdict() {
    let table: &[(&str, BodyFormat, Option<CheckStatus>, bool, usize)] = &[
        // fixture, format, overall, out of service, dependencies
        ("ietf_draft.json", HealthJson, Some(Pass), false, 4),
        ("ietf_older_draft.json", HealthJson, Some(Warn), false, 2),
        ("spring_default.json", SpringBoot, Some(Pass), false, 0),
        (
            "spring_v3_components.json",
            SpringBoot,
            Some(Pass),
            false,
            5,
        ),
        ("spring_v2_details.json", SpringBoot, Some(Pass), false, 2),
        ("spring_down.json", SpringBoot, Some(Fail), false, 3),
        (
            "spring_readiness_out_of_service.json",
            SpringBoot,
            Some(Fail),
            true,
            1,
        ),
        (
            "snapshot_ready.json",
            ReadinessSnapshot,
            Some(Pass),
            false,
            2,
        ),
        (
            "snapshot_not_ready.json",
            ReadinessSnapshot,
            Some(Fail),
            false,
            2,
        ),
        ("etcd_34_healthy.json", Etcd, Some(Pass), false, 0),
        ("etcd_34_unhealthy.json", Etcd, Some(Fail), false, 0),
        ("etcd_35_healthy.json", Etcd, Some(Pass), false, 0),
        ("etcd_35_no_leader.json", Etcd, Some(Fail), false, 0),
        (
            "kubernetes_readyz_verbose_passed.txt",
            KubernetesText,
            Some(Pass),
            false,
            33,
        ),
        (
            "kubernetes_readyz_verbose_failed.txt",
            KubernetesText,
            Some(Fail),
            false,
            33,
        ),
        (
            "kubernetes_readyz_shutdown.txt",
            KubernetesText,
            Some(Fail),
            false,
            33,
        ),
        (
            "kubernetes_livez_verbose_passed.txt",
            KubernetesText,
            Some(Pass),
            false,
            13,
        ),
        ("plain_ok.txt", PlainOk, Some(Pass), false, 0),
        ("plain_ok_newline.txt", PlainOk, Some(Pass), false, 0),
    ];
    for &(name, format, overall, out_of_service, dependencies) in table {
        let report = report_of_fixture(name);
        assert_eq!(report.format, format, "{name}");
        assert_eq!(report.overall, overall, "{name}");
        assert_eq!(report.out_of_service, out_of_service, "{name}");
        assert_eq!(
            report.dependencies.len(),
            dependencies,
            "{name}: {:?}",
            names(&report)
        );
    }
}

#[test]
fn bodies_in_no_known_format_are_not_recognised() {
    for name in [
        "nginx_502.html",
        "haproxy_503.html",
        "prometheus_ready.txt",
        "prometheus_unavailable.txt",
    ] {
        assert_eq!(any_report(&fixture(name)), None, "{name}");
    }
    for body in [
        "",
        "   \n",
        "{}",
        "[]",
        r#"{"foo":1}"#,
        "null",
        "true",
        "42",
        r#""ok""#,
    ] {
        assert_eq!(any_report(body), None, "{body:?}");
    }
}

#[test]
fn a_json_document_in_no_known_format_still_deserializes() {
    for body in [
        "{}",
        "[]",
        r#"{"foo":1}"#,
        "null",
        "[1,{\"status\":\"pass\"}]",
    ] {
        let document = serde_json::from_str::<HealthDocument>(body);
        assert!(document.is_ok(), "{body}");
        assert_eq!(
            document.ok().and_then(HealthDocument::into_report),
            None,
            "{body}"
        );
    }
}

// ---------------------------------------------------------------------------
// IETF application/health+json
// ---------------------------------------------------------------------------

#[test]
fn the_ietf_draft_example_names_one_dependency_per_cassandra_node() {
    let report = report_of_fixture("ietf_draft.json");
    assert_eq!(
        names(&report),
        [
            "cassandra/c0a80a12-3f4e-4b6d-8e21-5a9f7c3d1b04",
            "cassandra/c0a80a13-9d1b-4f27-a6c5-0e3b8d2f4a91",
            "uptime",
            "cpu",
        ]
    );
}

#[test]
fn the_ietf_draft_example_merges_measurements_of_the_same_node() {
    let report = report_of_fixture("ietf_draft.json");
    let first = dependency(&report, "cassandra/c0a80a12-3f4e-4b6d-8e21-5a9f7c3d1b04");
    assert_eq!(first.status, Warn, "the connections reading warns");
    assert_eq!(first.latency_ms, Some(42.0));
    assert_eq!(
        first.output.as_deref(),
        Some("96 of 100 connections in use")
    );

    let second = dependency(&report, "cassandra/c0a80a13-9d1b-4f27-a6c5-0e3b8d2f4a91");
    assert_eq!(
        (second.status, second.latency_ms, second.output.as_deref()),
        (Pass, Some(57.0), None)
    );
}

#[test]
fn the_ietf_draft_example_keeps_latency_to_response_time_measurements() {
    let report = report_of_fixture("ietf_draft.json");
    assert_eq!(dependency(&report, "uptime").latency_ms, None);
    assert_eq!(dependency(&report, "cpu").latency_ms, None);
}

#[test]
fn the_ietf_draft_example_merges_entries_of_one_component_id_into_the_worst() {
    let cpu = dependency(&report_of_fixture("ietf_draft.json"), "cpu").clone();
    assert_eq!(cpu.status, Warn);
    assert_eq!(cpu.output.as_deref(), Some("cpu 93% busy"));
}

#[test]
fn the_ietf_draft_example_gives_its_release_and_drops_an_empty_output() {
    let report = report_of_fixture("ietf_draft.json");
    assert_eq!(report.release, release(Some("1"), Some("3.8.1-build.412")));
    assert_eq!(report.output, None);
    assert_eq!(report.server_time_ms, None);
}

#[test]
fn an_older_draft_body_is_read_through_its_old_field_names() {
    let report = report_of_fixture("ietf_older_draft.json");
    assert_eq!(report.release, release(Some("2"), Some("2.0.7-rc1")));
    assert_eq!(names(&report), ["postgres", "disk"]);

    let postgres = dependency(&report, "postgres");
    assert_eq!((postgres.status, postgres.latency_ms), (Pass, Some(250.0)));
    let disk = dependency(&report, "disk");
    assert_eq!(disk.status, Warn);
    assert_eq!(
        disk.output.as_deref(),
        Some("volume /var/lib/orders is 91% full")
    );
}

#[test]
fn response_times_are_converted_from_their_unit_to_milliseconds() {
    for (unit, value, expected) in [
        (r#""ms""#, "12", Some(12.0)),
        ("null", "12", Some(12.0)),
        (r#""s""#, "1.5", Some(1500.0)),
        (r#""us""#, "2500", Some(2.5)),
        (r#""µs""#, "2500", Some(2.5)),
        (r#""ns""#, "4000000", Some(4.0)),
        (r#""percent""#, "12", None),
        (r#""ms""#, "-3", None),
    ] {
        let body = format!(
            r#"{{"status":"pass","checks":{{"db:responseTime":[{{"status":"pass","observedValue":{value},"observedUnit":{unit}}}]}}}}"#
        );
        let report = json_report(&body).expect("a pass document");
        assert_eq!(
            report.dependencies[0].latency_ms, expected,
            "{unit} {value}"
        );
    }
}

#[test]
fn a_failing_entrys_output_wins_over_an_earlier_passing_one() {
    let body = r#"{"status":"fail","checks":{
        "db:responseTime":[{"status":"pass","observedValue":9,"output":"slow but fine"}],
        "db:connections":[{"status":"fail","output":"pool exhausted"}],
        "db:replication":[{"status":"fail","output":"lag 40 s"}]}}"#;
    let report = json_report(body).expect("a fail document");
    assert_eq!(names(&report), ["db"]);
    let db = &report.dependencies[0];
    assert_eq!((db.status, db.latency_ms), (Fail, Some(9.0)));
    assert_eq!(db.output.as_deref(), Some("pool exhausted"));
}

#[test]
fn ietf_status_words_and_their_aliases_are_read_in_any_case() {
    for (word, expected) in [
        ("pass", Pass),
        ("OK", Pass),
        ("Up", Pass),
        ("warn", Warn),
        ("error", Fail),
        ("DOWN", Fail),
        ("FAIL", Fail),
    ] {
        let report = json_report(&format!(r#"{{"status":"{word}"}}"#)).expect("a known word");
        assert_eq!(report.overall, Some(expected), "{word}");
    }
}

#[test]
fn a_document_with_only_an_unknown_lowercase_status_is_not_recognised() {
    assert_eq!(json_report(r#"{"status":"splendid"}"#), None);
    assert_eq!(
        json_report(r#"{"status":"splendid","version":"1.0"}"#),
        None
    );
}

#[test]
fn an_entry_without_a_readable_status_is_left_out() {
    let body = r#"{"status":"pass","checks":{
        "db:responseTime":[{"observedValue":3},{"status":"sideways"}],
        "cache":[{"status":"pass"}]}}"#;
    assert_eq!(
        names(&json_report(body).expect("a pass document")),
        ["cache"]
    );
}

#[test]
fn top_level_output_is_trimmed_and_kept() {
    let report = json_report(r#"{"status":"fail","output":"  database unreachable \n"}"#);
    assert_eq!(
        report.and_then(|r| r.output).as_deref(),
        Some("database unreachable")
    );
}

#[test]
fn a_maintenance_status_is_a_deliberate_failure() {
    let report = json_report(r#"{"status":"maintenance"}"#).expect("a known word");
    assert_eq!((report.overall, report.out_of_service), (Some(Fail), true));
}

// ---------------------------------------------------------------------------
// Spring Boot Actuator
// ---------------------------------------------------------------------------

#[test]
fn spring_boot_3_components_become_leaf_dependencies_named_by_path() {
    let report = report_of_fixture("spring_v3_components.json");
    assert_eq!(
        names(&report),
        [
            "db",
            "diskSpace",
            "payments/gateway",
            "payments/ledger",
            "ping"
        ]
    );
    assert!(report
        .dependencies
        .iter()
        .all(|d| d.status == Pass && d.output.is_none()));
    assert_eq!(report.release, None);
}

#[test]
fn spring_boot_2_details_are_children_only_when_they_have_a_status() {
    let report = report_of_fixture("spring_v2_details.json");
    assert_eq!(names(&report), ["db", "diskSpace"]);
}

#[test]
fn a_down_spring_component_carries_its_error_as_output() {
    let report = report_of_fixture("spring_down.json");
    let db = dependency(&report, "db");
    assert_eq!(db.status, Fail);
    assert_eq!(
        db.output.as_deref(),
        Some("org.springframework.jdbc.CannotGetJdbcConnectionException: Failed to obtain JDBC Connection")
    );
    assert_eq!(dependency(&report, "ping").status, Pass);
}

#[test]
fn a_spring_readiness_group_out_of_service_is_a_deliberate_failure() {
    let report = report_of_fixture("spring_readiness_out_of_service.json");
    assert_eq!(names(&report), ["readinessState"]);
    assert_eq!(report.dependencies[0].status, Fail);
    assert!(report.out_of_service);
}

#[test]
fn spring_unknown_is_a_warning() {
    let report = json_report(r#"{"status":"UNKNOWN"}"#).expect("a spring word");
    assert_eq!((report.format, report.overall), (SpringBoot, Some(Warn)));
}

#[test]
fn a_custom_spring_status_is_recognised_without_a_verdict() {
    let report = json_report(
        r#"{"status":"FATAL","components":{"db":{"status":"FATAL"},"ping":{"status":"UP"}}}"#,
    )
    .expect("a spring document");
    assert_eq!((report.format, report.overall), (SpringBoot, None));
    assert_eq!(
        names(&report),
        ["ping"],
        "a leaf with a custom word cannot be graded"
    );

    let bare = json_report(r#"{"status":"FATAL"}"#).expect("an uppercase custom word");
    assert_eq!((bare.format, bare.overall), (SpringBoot, None));
}

#[test]
fn spring_composites_nest_to_any_depth() {
    let body = r#"{"status":"DOWN","components":{"db":{"status":"DOWN","components":{
        "primary":{"status":"UP","details":{"database":"PostgreSQL"}},
        "shards":{"status":"DOWN","components":{"a":{"status":"UP"},"b":{"status":"DOWN","details":{"error":"java.net.ConnectException: Connection refused"}}}}}}}}"#;
    let report = json_report(body).expect("a spring document");
    assert_eq!(names(&report), ["db/primary", "db/shards/a", "db/shards/b"]);
    assert_eq!(
        dependency(&report, "db/shards/b").output.as_deref(),
        Some("java.net.ConnectException: Connection refused")
    );
}

#[test]
fn a_spring_body_still_gives_its_top_level_release() {
    let report =
        json_report(r#"{"status":"UP","version":"4.1.0","releaseId":"a1b2c3d"}"#).expect("spring");
    assert_eq!(report.release, release(Some("4.1.0"), Some("a1b2c3d")));
}

// ---------------------------------------------------------------------------
// Readiness snapshot and etcd
// ---------------------------------------------------------------------------

#[test]
fn a_ready_snapshot_gives_its_topology_and_clock() {
    let report = report_of_fixture("snapshot_ready.json");
    assert_eq!(names(&report), ["postgres", "redis"]);
    assert_eq!(dependency(&report, "postgres").latency_ms, Some(3.5));
    assert_eq!(dependency(&report, "redis").latency_ms, Some(0.75));
    assert_eq!(report.server_time_ms, Some(1_714_566_600_250.0));
}

#[test]
fn a_snapshot_that_is_not_ready_names_the_failing_dependency() {
    let report = report_of_fixture("snapshot_not_ready.json");
    let postgres = dependency(&report, "postgres");
    assert_eq!((postgres.status, postgres.latency_ms), (Fail, None));
    assert_eq!(
        postgres.output.as_deref(),
        Some("connection refused (10.0.3.7:5432)")
    );
    assert_eq!(dependency(&report, "redis").status, Pass);
    assert_eq!(
        report.server_time_ms,
        Some(1_714_566_600_000.0),
        "seconds become ms"
    );
}

#[test]
fn a_snapshot_timestamp_beyond_1e11_is_already_in_milliseconds() {
    let report = json_report(r#"{"ready":true,"timestamp":1714566600250}"#).expect("a snapshot");
    assert_eq!(report.server_time_ms, Some(1_714_566_600_250.0));
}

#[test]
fn a_snapshot_accepts_readiness_written_as_strings() {
    let report = json_report(r#"{"ready":"true","topology":{"queue":{"ready":"false"}}}"#)
        .expect("a snapshot");
    assert_eq!(report.overall, Some(Pass));
    assert_eq!(report.dependencies[0].status, Fail);
}

#[test]
fn etcd_gives_its_reason_only_when_there_is_one() {
    assert_eq!(
        report_of_fixture("etcd_35_no_leader.json")
            .output
            .as_deref(),
        Some("RAFT NO LEADER")
    );
    assert_eq!(report_of_fixture("etcd_35_healthy.json").output, None);
    assert_eq!(report_of_fixture("etcd_34_unhealthy.json").output, None);
}

#[test]
fn etcd_health_may_also_be_a_boolean() {
    let report = json_report(r#"{"health":false}"#).expect("etcd");
    assert_eq!((report.format, report.overall), (Etcd, Some(Fail)));
}

// ---------------------------------------------------------------------------
// Kubernetes text and plain ok
// ---------------------------------------------------------------------------

#[test]
fn kubernetes_readyz_verbose_lists_every_check_by_its_full_name() {
    let report = report_of_fixture("kubernetes_readyz_verbose_passed.txt");
    assert_eq!(names(&report)[..3], ["ping", "log", "etcd"]);
    assert!(names(&report).contains(&"poststarthook/start-kube-aggregator-informers"));
    assert!(report
        .dependencies
        .iter()
        .all(|d| d.status == Pass && d.output.is_none()));
    assert_eq!(report.output, None);
}

#[test]
fn a_failed_kubernetes_check_gives_its_reason_and_names_the_failure() {
    let report = report_of_fixture("kubernetes_readyz_verbose_failed.txt");
    let etcd = dependency(&report, "etcd");
    assert_eq!(
        (etcd.status, etcd.output.as_deref()),
        (Fail, Some("reason withheld"))
    );
    assert_eq!(report.output.as_deref(), Some("etcd, etcd-readiness"));
}

#[test]
fn a_kubernetes_server_shutting_down_fails_its_shutdown_check() {
    let report = report_of_fixture("kubernetes_readyz_shutdown.txt");
    assert_eq!(dependency(&report, "shutdown").status, Fail);
    assert_eq!(report.output.as_deref(), Some("shutdown"));
}

#[test]
fn an_excluded_kubernetes_check_counts_as_passing() {
    let report = report_of_fixture("kubernetes_livez_verbose_passed.txt");
    assert_eq!(dependency(&report, "etcd").status, Pass);
}

#[test]
fn without_a_closing_line_kubernetes_checks_decide_the_verdict() {
    let failing = parse_text("[+]ping ok\n[-]etcd failed: reason withheld\n").expect("checks");
    assert_eq!(failing.overall, Some(Fail));
    let passing = parse_text("[+]ping ok\n[+]etcd ok").expect("checks");
    assert_eq!(passing.overall, Some(Pass));
}

#[test]
fn the_closing_kubernetes_line_alone_is_enough() {
    let report = parse_text("healthz check passed\n").expect("a verdict");
    assert_eq!(
        (report.format, report.overall),
        (KubernetesText, Some(Pass))
    );
    assert!(report.dependencies.is_empty());
}

#[test]
fn a_kubernetes_reason_may_repeat_the_word_failed() {
    let report = parse_text("[-]etcd failed: dial failed\nreadyz check failed").expect("checks");
    let etcd = &report.dependencies[0];
    assert_eq!(
        (etcd.name.as_str(), etcd.output.as_deref()),
        ("etcd", Some("dial failed"))
    );
}

#[test]
fn plain_ok_is_read_in_any_case_with_surrounding_whitespace() {
    for body in ["ok", "ok\n", "OK", " Ok\r\n"] {
        let report = parse_text(body).expect("ok");
        assert_eq!(
            (report.format, report.overall),
            (PlainOk, Some(Pass)),
            "{body:?}"
        );
    }
    assert_eq!(parse_text("okay"), None);
    assert_eq!(parse_text("not ok"), None);
}

// ---------------------------------------------------------------------------
// Status words
// ---------------------------------------------------------------------------

#[test]
fn status_words_of_every_format_map_onto_three_steps() {
    for word in ["pass", "ok", "up", "healthy", "true", "ready", " UP "] {
        assert_eq!(parse_status_word(word), Some(Pass), "{word}");
    }
    for word in ["warn", "warning", "degraded", "unknown", "UNKNOWN"] {
        assert_eq!(parse_status_word(word), Some(Warn), "{word}");
    }
    for word in [
        "fail",
        "error",
        "down",
        "critical",
        "unhealthy",
        "false",
        "OUT_OF_SERVICE",
        "maintenance",
    ] {
        assert_eq!(parse_status_word(word), Some(Fail), "{word}");
    }
    for word in ["", "FATAL", "passed", "okay", "2"] {
        assert_eq!(parse_status_word(word), None, "{word}");
    }
}

#[test]
fn only_out_of_service_and_maintenance_declare_deliberate_unavailability() {
    for word in ["OUT_OF_SERVICE", "out-of-service", " Maintenance "] {
        assert!(is_out_of_service_word(word), "{word}");
    }
    for word in ["DOWN", "fail", "out of service", ""] {
        assert!(!is_out_of_service_word(word), "{word}");
    }
}

// ---------------------------------------------------------------------------
// Lenient typing
// ---------------------------------------------------------------------------

#[test]
fn a_numeric_version_is_read_as_text() {
    let report =
        json_report(r#"{"status":"pass","version":3,"releaseId":20240501}"#).expect("pass");
    assert_eq!(report.release, release(Some("3"), Some("20240501")));
}

#[test]
fn a_numeric_status_is_ignored_but_the_checks_still_count() {
    let report = json_report(
        r#"{"status":5,"checks":{"db:responseTime":[{"status":"pass","observedValue":12}]}}"#,
    )
    .expect("checks");
    assert_eq!((report.format, report.overall), (HealthJson, None));
    assert_eq!(names(&report), ["db"]);
}

#[test]
fn checks_of_the_wrong_shape_are_ignored_but_the_status_still_counts() {
    for checks in [
        r#""x""#,
        "3",
        "null",
        "[]",
        r#"{"db":"up"}"#,
        r#"{"db":[1,null,"x"]}"#,
    ] {
        let body = format!(r#"{{"status":"pass","checks":{checks}}}"#);
        let report = json_report(&body).expect("a pass document");
        assert_eq!(
            (report.overall, report.dependencies.len()),
            (Some(Pass), 0),
            "{checks}"
        );
    }
}

#[test]
fn a_single_check_object_is_read_where_an_array_was_expected() {
    let report =
        json_report(r#"{"status":"pass","checks":{"db":{"status":"warn"}}}"#).expect("pass");
    assert_eq!(report.dependencies[0].status, Warn);
}

#[test]
fn fields_of_the_wrong_type_inside_an_entry_are_dropped_one_by_one() {
    let body = r#"{"status":"pass","checks":{"db:responseTime":[{"status":"fail",
        "observedValue":"250","observedUnit":7,"componentId":{"x":1},"output":["broken"]}]}}"#;
    let db = json_report(body).expect("pass").dependencies[0].clone();
    assert_eq!(
        (db.name.as_str(), db.status, db.latency_ms, db.output),
        ("db", Fail, None, None)
    );
}

#[test]
fn release_and_output_of_the_wrong_shape_are_dropped() {
    let report =
        json_report(r#"{"status":"pass","version":true,"releaseId":{"a":1},"output":["x"]}"#)
            .expect("pass");
    assert_eq!((report.release, report.output), (None, None));
}

#[test]
fn null_fields_read_as_absent() {
    let report = json_report(
        r#"{"status":"pass","version":null,"releaseId":null,"output":null,"checks":null}"#,
    )
    .expect("pass");
    assert_eq!((report.release, report.output), (None, None));
}

#[test]
fn blank_text_fields_read_as_absent() {
    let report =
        json_report(r#"{"status":"  pass ","version":"  ","releaseId":"\t","output":" "}"#)
            .expect("pass");
    assert_eq!(
        (report.overall, report.release, report.output),
        (Some(Pass), None, None)
    );
}

#[test]
fn spring_components_of_the_wrong_shape_are_skipped() {
    let body = r#"{"status":"UP","components":{"db":{"status":"UP","details":"oops"},"x":5,"y":[{"status":"UP"}],"z":{"status":9}}}"#;
    let report = json_report(body).expect("spring");
    assert_eq!(names(&report), ["db"]);
}

#[test]
fn snapshot_fields_of_the_wrong_type_are_dropped() {
    let body = r#"{"ready":true,"timestamp":{"s":1},"topology":{"a":{"ready":false,"latency_ms":"slow","error":7},"b":{"ready":3}}}"#;
    let report = json_report(body).expect("a snapshot");
    assert_eq!(report.server_time_ms, None);
    assert_eq!(names(&report), ["a"]);
    assert_eq!(
        (
            report.dependencies[0].latency_ms,
            report.dependencies[0].output.clone()
        ),
        (None, None)
    );
}

#[test]
fn an_unreadable_etcd_health_is_not_etcd() {
    assert_eq!(json_report(r#"{"health":"maybe","reason":"?"}"#), None);
}

#[test]
fn a_repeated_field_takes_its_last_value() {
    let report = json_report(r#"{"status":"pass","status":"fail"}"#).expect("known words");
    assert_eq!(report.overall, Some(Fail));
}

#[test]
fn the_current_release_id_name_wins_over_the_old_one_in_either_order() {
    for body in [
        r#"{"status":"pass","releaseID":"old","releaseId":"new"}"#,
        r#"{"status":"pass","releaseId":"new","releaseID":"old"}"#,
    ] {
        let report = json_report(body).expect("pass");
        assert_eq!(report.release, release(None, Some("new")), "{body}");
    }
}

#[test]
fn values_nested_past_the_reading_depth_are_skipped_not_fatal() {
    let deep = format!("{}{}", "[".repeat(120), "]".repeat(120));
    let report = json_report(&format!(
        r#"{{"status":"pass","output":{deep},"notes":{deep}}}"#
    ));
    assert_eq!(
        report.map(|r| (r.overall, r.output)),
        Some((Some(Pass), None))
    );
}

#[test]
fn a_spring_tree_deeper_than_the_reading_depth_keeps_its_upper_levels() {
    let levels = 60;
    let mut body = r#"{"status":"DOWN"}"#.to_owned();
    for _ in 0..levels {
        body = format!(r#"{{"status":"DOWN","components":{{"c":{body}}}}}"#);
    }
    let report = json_report(&body).expect("a spring document");
    assert_eq!(report.overall, Some(Fail));
    assert_eq!(report.dependencies.len(), 1);
    assert!(report.dependencies[0].name.starts_with("c/c/c/"));
    assert!(report.dependencies[0].name.len() < levels * 2);
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

/// Field names every format uses, so that generated documents reach deep
/// into the readers instead of being ignored at the first key.
const KNOWN_KEYS: &[&str] = &[
    "status",
    "version",
    "releaseId",
    "releaseID",
    "output",
    "checks",
    "details",
    "components",
    "ready",
    "timestamp",
    "topology",
    "health",
    "reason",
    "error",
    "componentId",
    "observedValue",
    "observedUnit",
    "metricValue",
    "metricUnit",
    "latency_ms",
    "db:responseTime",
    "cpu",
    "db",
];

fn json_key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(KNOWN_KEYS).prop_map(str::to_owned),
        1 => "[a-zA-Z:_ ]{0,12}",
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let words = proptest::sample::select(
        &[
            "pass",
            "UP",
            "DOWN",
            "true",
            "false",
            "ms",
            "s",
            "OUT_OF_SERVICE",
            "2024-05-01T12:30:00Z",
        ][..],
    );
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        words.prop_map(Value::from),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 96, 8, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((json_key(), inner), 0..8)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}

fn is_clean_text(text: &Option<String>) -> bool {
    text.as_ref()
        .map_or(true, |text| !text.is_empty() && text.trim() == text)
}

/// Invariants every report keeps: no blank texts and no invented release.
fn assert_well_formed(report: &HealthReport) -> Result<(), TestCaseError> {
    prop_assert!(is_clean_text(&report.output));
    prop_assert!(report.release.as_ref().map_or(true, |r| !r.is_empty()));
    for dependency in &report.dependencies {
        prop_assert!(is_clean_text(&dependency.output));
        prop_assert!(dependency.latency_ms.map_or(true, |ms| ms >= 0.0));
    }
    Ok(())
}

proptest! {
    #[test]
    fn any_json_value_deserializes_and_reads_without_panicking(value in json_value()) {
        let text = value.to_string();
        let document = serde_json::from_str::<HealthDocument>(&text);
        prop_assert!(document.is_ok(), "{text}");
        if let Some(report) = document.ok().and_then(HealthDocument::into_report) {
            assert_well_formed(&report)?;
        }
        let from_value = serde_json::from_value::<HealthDocument>(value);
        prop_assert!(from_value.is_ok());
    }

    #[test]
    fn any_text_reads_without_panicking(text in any::<String>()) {
        if let Some(report) = parse_text(&text) {
            assert_well_formed(&report)?;
        }
    }

    #[test]
    fn any_kubernetes_like_text_reads_without_panicking(
        lines in proptest::collection::vec("(\\[[+-]\\])?[a-zé/ -]{0,12}( ok| excluded: ok| failed(: [a-z é]{0,10})?| check (passed|failed))?", 0..8)
    ) {
        if let Some(report) = parse_text(&lines.join("\n")) {
            assert_well_formed(&report)?;
            prop_assert!(matches!(report.format, KubernetesText | PlainOk));
        }
    }

    #[test]
    fn any_text_as_rfc3339_reads_without_panicking(text in any::<String>()) {
        prop_assert!(parse_rfc3339_ms(&text).map_or(true, f64::is_finite));
    }

    #[test]
    fn any_near_rfc3339_text_reads_without_panicking(
        text in "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt é][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9é]{0,12})?([Zzé]|[+-][0-9]{2}:[0-9]{2})?"
    ) {
        prop_assert!(parse_rfc3339_ms(&text).map_or(true, f64::is_finite));
    }

    #[test]
    fn every_valid_rfc3339_instant_agrees_with_its_utc_form(
        days in 0i64..DAYS_TO_YEAR_10000, second in 0i64..86_400, offset_minutes in -1439i64..=1439
    ) {
        // The texts are built by walking the calendar a day at a time, so
        // they share nothing with the reader's arithmetic.
        let ms = parse_rfc3339_ms(&format_utc(days, second));
        let expected = ((days - EPOCH_DAY) * 86_400 + second) as f64 * 1000.0;
        prop_assert_eq!(ms, Some(expected));
        let local = format_with_offset(days * 86_400 + second, offset_minutes);
        if let Some(local) = local {
            prop_assert_eq!(parse_rfc3339_ms(&local), ms);
        }
    }

    #[test]
    fn any_text_as_an_http_date_reads_without_panicking(text in any::<String>()) {
        prop_assert!(parse_http_date_ms(&text).map_or(true, f64::is_finite));
    }

    #[test]
    fn any_near_http_date_reads_without_panicking(
        text in "(Sun|Mon|Sunday)[, ]{0,2}[0-9 ]{1,2}[ -](Nov|Feb)[ -][0-9]{2,4} [0-9]{2}:[0-9]{2}:[0-9]{2}( GMT| [0-9]{4})?"
    ) {
        prop_assert!(parse_http_date_ms(&text).map_or(true, f64::is_finite));
    }

    #[test]
    fn any_near_asctime_or_rfc_850_date_reads_without_panicking(
        text in "(Sun|Sunday|Mon|é)[, ]{0,2}(Nov|Feb|[0-9 ]{1,3})[ -]([0-9 ]{1,3}|Nov|Feb)[ -]?[0-9]{0,4} [0-9]{1,2}:[0-9]{2}:[0-9]{2}( GMT| [0-9]{2,4})?é?"
    ) {
        prop_assert!(parse_http_date_ms(&text).map_or(true, f64::is_finite));
    }

    #[test]
    fn every_instant_from_1970_reads_back_from_each_http_date_form(
        days in EPOCH_DAY..DAYS_TO_YEAR_10000, second in 0i64..86_400
    ) {
        // As for RFC 3339, the texts come from walking the calendar.
        let expected = ((days - EPOCH_DAY) * 86_400 + second) as f64 * 1000.0;
        for text in format_http_dates(days, second) {
            prop_assert_eq!(parse_http_date_ms(&text), Some(expected), "{}", text);
        }
    }
}

/// Days from 0000-01-01 to 10000-01-01, the span of four-digit years.
const DAYS_TO_YEAR_10000: i64 = 3_652_425;

/// The day count of 1970-01-01 from 0000-01-01.
const EPOCH_DAY: i64 = 719_528;

/// `days` after 0000-01-01 at `second` into the day, as RFC 3339 UTC text.
fn format_utc(days: i64, second: i64) -> String {
    let (year, month, day) = civil_from_day_count(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        second / 3600,
        second / 60 % 60,
        second % 60
    )
}

fn format_with_offset(utc_seconds: i64, offset_minutes: i64) -> Option<String> {
    let local = utc_seconds + offset_minutes * 60;
    if !(0..DAYS_TO_YEAR_10000 * 86_400).contains(&local) {
        return None;
    }
    let (year, month, day) = civil_from_day_count(local / 86_400);
    let second = local % 86_400;
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    Some(format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
        second / 3600,
        second / 60 % 60,
        second % 60,
        offset_minutes.abs() / 60,
        offset_minutes.abs() % 60
    ))
}

/// `days` after 0000-01-01 at `second` into the day as an IMF-fixdate, an
/// asctime date and, for years RFC 850 can name, an RFC 850 date.
fn format_http_dates(days: i64, second: i64) -> Vec<String> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    const WEEKDAYS: [&str; 7] = [
        "Sunday",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
    ];
    let (year, month, day) = civil_from_day_count(days);
    let month = MONTHS[(month - 1) as usize];
    // 0000-01-01 of the proleptic Gregorian calendar was a Saturday.
    let weekday = WEEKDAYS[((days + 6) % 7) as usize];
    let short = &weekday[..3];
    let clock = format!(
        "{:02}:{:02}:{:02}",
        second / 3600,
        second / 60 % 60,
        second % 60
    );

    let mut texts = vec![
        format!("{short}, {day:02} {month} {year:04} {clock} GMT"),
        format!("{short} {month} {day:2} {clock} {year:04}"),
    ];
    if (1970..2070).contains(&year) {
        texts.push(format!(
            "{weekday}, {day:02}-{month}-{:02} {clock} GMT",
            year % 100
        ));
    }
    texts
}

fn civil_from_day_count(mut days: i64) -> (i64, i64, i64) {
    let leap = |y: i64| y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let mut year = 0;
    loop {
        let length = if leap(year) { 366 } else { 365 };
        if days < length {
            break;
        }
        days -= length;
        year += 1;
    }
    let lengths = [
        31,
        if leap(year) { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let mut month = 1;
    for length in lengths {
        if days < length {
            break;
        }
        days -= length;
        month += 1;
    }
    (year, month, days + 1)
}
