//! Reads health bodies, JSON or text, into a [`HealthReport`].
//!
//! JSON is parsed outside the core, by whatever the platform has, into a
//! [`JsonValue`] and read from there into a [`HealthDocument`]: one lenient
//! union of the fields of every format understood. A field of the wrong type is dropped,
//! not fatal, so the rest of the document still counts.

use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;

use serde::de::{Deserialize, Deserializer};

use super::json::JsonValue;
use super::number::number_text;
use super::report::{BodyFormat, CheckStatus, Dependency, HealthReport, Release};
use super::text::{concat, split_around};
use super::time::parse_rfc3339_ms;

const PASS_WORDS: [&str; 6] = ["pass", "ok", "up", "healthy", "true", "ready"];
const WARN_WORDS: [&str; 4] = ["warn", "warning", "degraded", "unknown"];
const FAIL_WORDS: [&str; 9] = [
    "fail",
    "error",
    "down",
    "critical",
    "unhealthy",
    "false",
    "out_of_service",
    "out-of-service",
    "maintenance",
];
const OUT_OF_SERVICE_WORDS: [&str; 3] = ["out_of_service", "out-of-service", "maintenance"];

/// The status words Spring Boot Actuator defines; IETF bodies use lowercase.
const SPRING_WORDS: [&str; 4] = ["UP", "DOWN", "OUT_OF_SERVICE", "UNKNOWN"];

/// A parsed JSON health document: the union of the fields of every JSON
/// format understood (IETF `application/health+json` in its current and
/// older drafts, Spring Boot Actuator, the readiness snapshot, etcd).
///
/// It is read from a [`JsonValue`], or deserialized from any self-describing
/// serde format through one, and never rejects a document for a field of
/// the wrong type or shape: such fields are ignored, or stringified when a
/// number stands where a version text was expected. Unknown fields are
/// ignored, a repeated field takes its last value, and Spring components
/// nested more than 48 levels deep are not read: the one at that depth
/// counts as a leaf.
///
/// Known shortcoming: the time an IETF check was observed (`time`) is not
/// read, since it says when a reading was taken, not when the service
/// answered; the report's server time comes only from a snapshot's
/// `timestamp`.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct HealthDocument {
    root: JsonValue,
}

impl HealthDocument {
    /// Reads a parsed JSON document.
    pub fn from_json(root: JsonValue) -> HealthDocument {
        HealthDocument { root }
    }

    /// What the document says, in the first format it matches: readiness
    /// snapshot, etcd, Spring Boot, then IETF health+json.
    ///
    /// # Errors
    ///
    /// Returns `None` when the document is in no format we know: no readable
    /// overall status, no dependencies, nothing recognisable (`{}`, `[]`,
    /// `{"foo":1}`).
    pub fn into_report(self) -> Option<HealthReport> {
        let root = Node(&self.root);
        let mut report = snapshot_report(root)
            .or_else(|| etcd_report(root))
            .or_else(|| spring_report(root))
            .or_else(|| ietf_report(root))?;

        add_common_fields(&mut report, root);
        Some(report)
    }
}

impl<'de> Deserialize<'de> for HealthDocument {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        JsonValue::deserialize(deserializer).map(HealthDocument::from_json)
    }
}

/// Reads a text body: Kubernetes' verbose check list (`[+]name ok`,
/// `[-]name failed: reason`, ending `readyz check passed`) or a plain `ok`
/// (any case, surrounding whitespace allowed).
///
/// # Errors
///
/// Returns `None` for any other text, such as a proxy's HTML error page or
/// Prometheus' `Prometheus Server is Ready.`
pub fn parse_text(text: &str) -> Option<HealthReport> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("ok") {
        let mut report = HealthReport::new(BodyFormat::PlainOk);
        report.overall = Some(CheckStatus::Pass);
        return Some(report);
    }
    kubernetes_report(text)
}

/// Maps a status word of any format onto the three-step scale, ignoring
/// case and surrounding whitespace.
///
/// `pass`: pass, ok, up, healthy, true, ready. `warn`: warn, warning,
/// degraded, unknown (Spring's `UNKNOWN` answers 200). `fail`: fail, error,
/// down, critical, unhealthy, false, out_of_service (or out-of-service),
/// maintenance. Any other word gives `None`.
pub fn parse_status_word(word: &str) -> Option<CheckStatus> {
    let word = word.trim();
    if is_one_of(word, &PASS_WORDS) {
        Some(CheckStatus::Pass)
    } else if is_one_of(word, &WARN_WORDS) {
        Some(CheckStatus::Warn)
    } else if is_one_of(word, &FAIL_WORDS) {
        Some(CheckStatus::Fail)
    } else {
        None
    }
}

/// Whether a status word declares deliberate unavailability:
/// `out_of_service`, `out-of-service` or `maintenance`, in any case.
pub fn is_out_of_service_word(word: &str) -> bool {
    is_one_of(word.trim(), &OUT_OF_SERVICE_WORDS)
}

fn is_one_of(word: &str, words: &[&str]) -> bool {
    words.iter().any(|known| known.eq_ignore_ascii_case(word))
}

fn pass_or_fail(healthy: bool) -> CheckStatus {
    if healthy {
        CheckStatus::Pass
    } else {
        CheckStatus::Fail
    }
}

// ---------------------------------------------------------------------------
// The lenient document model
// ---------------------------------------------------------------------------

/// What a missing value reads as.
static ABSENT: JsonValue = JsonValue::Null;

/// One value of a document, read leniently: a field of the wrong type reads
/// as absent, and an object's members as none when it is no object.
#[derive(Clone, Copy)]
struct Node<'a>(&'a JsonValue);

impl<'a> Node<'a> {
    /// The last member called `key`, as a repeated key in JSON means; absent
    /// when there is none or this is no object.
    fn get(self, key: &str) -> Node<'a> {
        let found = match self.0 {
            JsonValue::Object(members) => members.iter().rev().find(|(k, _)| k == key),
            _ => None,
        };
        Node(found.map_or(&ABSENT, |(_, value)| value))
    }

    /// Member `key`, or `older` (a name of an older draft) when `key` holds
    /// no string, number or boolean.
    fn get_or(self, key: &str, older: &str) -> Node<'a> {
        let current = self.get(key);
        match current.0 {
            JsonValue::Text(_) | JsonValue::Number(_) | JsonValue::Bool(_) => current,
            _ => self.get(older),
        }
    }

    /// The trimmed string, if it is a non-empty string.
    fn text(self) -> Option<&'a str> {
        match self.0 {
            JsonValue::Text(text) => Some(text.trim()).filter(|text| !text.is_empty()),
            _ => None,
        }
    }

    /// The text of an identifier such as a version, which services also
    /// send as a bare number.
    fn label(self) -> Option<String> {
        match self.0 {
            JsonValue::Number(number) => Some(number_text(*number)),
            _ => self.text().map(str::to_owned),
        }
    }

    /// A boolean, given as `true`/`false` or as a string of either.
    fn flag(self) -> Option<bool> {
        match self.0 {
            JsonValue::Bool(flag) => Some(*flag),
            JsonValue::Text(text) if text.trim().eq_ignore_ascii_case("true") => Some(true),
            JsonValue::Text(text) if text.trim().eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        }
    }

    fn number(self) -> Option<f64> {
        match self.0 {
            JsonValue::Number(number) => Some(*number),
            _ => None,
        }
    }

    /// The items of an array; none for anything else.
    fn list(self) -> &'a [JsonValue] {
        match self.0 {
            JsonValue::Array(items) => items,
            _ => &[],
        }
    }

    /// The members of an object whose keys the service chose (checks,
    /// components, topology), in document order; none for anything else.
    fn members(self) -> impl Iterator<Item = (&'a str, Node<'a>)> {
        let members: &'a [(String, JsonValue)] = match self.0 {
            JsonValue::Object(members) => members,
            _ => &[],
        };
        members
            .iter()
            .map(|(name, value)| (name.as_str(), Node(value)))
    }

    fn has_members(self) -> bool {
        self.members().next().is_some()
    }
}

/// How many levels of Spring's component tree are followed, the only part
/// of a document read to a depth the document chooses; a component at this
/// depth counts as a leaf, so the stack stays bounded whatever the document
/// holds.
const MAX_DEPTH: u16 = 48;

// ---------------------------------------------------------------------------
// JSON formats
// ---------------------------------------------------------------------------

/// Release, deliberate unavailability and top-level output, which read the
/// same in every JSON format.
fn add_common_fields(report: &mut HealthReport, root: Node) {
    report.out_of_service = root
        .get("status")
        .text()
        .is_some_and(is_out_of_service_word);

    let release = Release {
        version: root.get("version").label(),
        release_id: root.get_or("releaseId", "releaseID").label(),
    };
    report.release = (!release.is_empty()).then_some(release);

    if report.output.is_none() {
        report.output = root.get("output").text().map(str::to_owned);
    }
}

/// `{"ready": bool, "timestamp": ..., "topology": {name: {ready, latency_ms, error}}}`.
fn snapshot_report(root: Node) -> Option<HealthReport> {
    let mut report = HealthReport::new(BodyFormat::ReadinessSnapshot);
    report.overall = root.get("ready").flag().map(pass_or_fail);
    report.dependencies = root
        .get("topology")
        .members()
        .filter_map(|(name, node)| topology_dependency(name, node))
        .collect();
    if report.overall.is_none() && report.dependencies.is_empty() {
        return None;
    }

    report.server_time_ms = timestamp_ms(root.get("timestamp"));
    Some(report)
}

fn topology_dependency(name: &str, node: Node) -> Option<Dependency> {
    Some(Dependency {
        name: name.trim().to_owned(),
        status: pass_or_fail(node.get("ready").flag()?),
        latency_ms: node.get("latency_ms").number().filter(|ms| *ms >= 0.0),
        output: node.get("error").text().map(str::to_owned),
    })
}

/// A snapshot's clock: RFC 3339 text, or a number of seconds, or of
/// milliseconds when it is too large to be seconds (1e11 s is year 5138).
fn timestamp_ms(timestamp: Node) -> Option<f64> {
    match timestamp.0 {
        JsonValue::Number(ms) if *ms > 1e11 => Some(*ms),
        JsonValue::Number(seconds) => Some(seconds * 1000.0),
        JsonValue::Text(text) => parse_rfc3339_ms(text),
        _ => None,
    }
}

/// etcd's `{"health":"true"}` or `{"health":"false","reason":"..."}`.
fn etcd_report(root: Node) -> Option<HealthReport> {
    let healthy = root.get("health").flag()?;
    let mut report = HealthReport::new(BodyFormat::Etcd);
    report.overall = Some(pass_or_fail(healthy));
    report.output = root.get("reason").text().map(str::to_owned);
    Some(report)
}

/// Spring Boot Actuator, whose dependencies are the leaves of the
/// component tree, named by their path (`db/primary`).
fn spring_report(root: Node) -> Option<HealthReport> {
    if !is_spring(root) {
        return None;
    }
    let mut report = HealthReport::new(BodyFormat::SpringBoot);
    report.overall = status_of(root);
    for (name, child) in spring_children(root) {
        let path = name.trim().to_owned();
        collect_spring_leaves(path, child, 1, &mut report.dependencies);
    }
    Some(report)
}

/// Tells Spring from IETF: Spring nests objects with a `status`, IETF nests
/// arrays of checks, and only Spring writes its status words in uppercase.
fn is_spring(root: Node) -> bool {
    if root.get("components").has_members() {
        return true;
    }
    let details = root.get("details");
    if root.get("checks").has_members() || details.members().any(|(_, n)| !n.list().is_empty()) {
        return false;
    }
    spring_children(root).next().is_some() || root.get("status").text().is_some_and(is_spring_word)
}

/// The status word of `node`, graded; `None` when it has none we know.
fn status_of(node: Node) -> Option<CheckStatus> {
    node.get("status").text().and_then(parse_status_word)
}

/// One of Spring's own words, or an unknown uppercase word such as a custom
/// Spring status (`FATAL`), which Spring's convention writes in uppercase.
fn is_spring_word(word: &str) -> bool {
    let uppercase = word.bytes().any(|b| b.is_ascii_uppercase())
        && word.bytes().all(|b| b.is_ascii_uppercase() || b == b'_');
    SPRING_WORDS.contains(&word) || (uppercase && parse_status_word(word).is_none())
}

/// The nested components of a Spring component: `components` (Boot 2.2+)
/// or, before that, `details` members that have a status. Other `details`
/// hold data (`{"database":"PostgreSQL"}`), not children.
fn spring_children<'a>(node: Node<'a>) -> impl Iterator<Item = (&'a str, Node<'a>)> {
    let components = node.get("components");
    let members = if components.has_members() {
        components
    } else {
        node.get("details")
    };
    members
        .members()
        .filter(|(_, child)| child.get("status").text().is_some())
}

fn collect_spring_leaves(path: String, node: Node, depth: u16, leaves: &mut Vec<Dependency>) {
    // At the depth limit a component counts as a leaf, its children unread.
    let mut children = spring_children(node).peekable();
    if depth < MAX_DEPTH && children.peek().is_some() {
        for (name, child) in children {
            let path = concat(&[&path, "/", name.trim()]);
            collect_spring_leaves(path, child, depth + 1, leaves);
        }
        return;
    }

    // A custom status word says nothing we can grade, so the leaf is left out.
    if let Some(status) = status_of(node) {
        leaves.push(Dependency {
            name: path,
            status,
            latency_ms: None,
            output: spring_error(node),
        });
    }
}

/// The exception Spring records in `details.error` for a failed check.
fn spring_error(node: Node) -> Option<String> {
    let mut details = node.get("details").members();
    let (_, error) = details.find(|(key, _)| *key == "error")?;
    error.text().map(str::to_owned)
}

/// `application/health+json`, current draft (`checks`) or older (`details`).
fn ietf_report(root: Node) -> Option<HealthReport> {
    let checks = root.get("checks");
    let checks = if checks.has_members() {
        checks
    } else {
        root.get("details")
    };
    let mut report = HealthReport::new(BodyFormat::HealthJson);
    report.overall = status_of(root);
    report.dependencies = ietf_dependencies(checks);
    (report.overall.is_some() || !report.dependencies.is_empty()).then_some(report)
}

/// One graded entry of a `checks` array, with what its key says about it.
struct Reading<'a> {
    component: &'a str,
    measurement: &'a str,
    entry: Node<'a>,
    status: CheckStatus,
}

/// A dependency being assembled from several readings, remembering the
/// grade of the reading its output came from.
struct Draft {
    dependency: Dependency,
    output_grade: Option<CheckStatus>,
}

/// One dependency per component, merging its measurements; a component
/// whose readings name several `componentId`s (two Cassandra nodes) gets one
/// dependency per id, named `component/id`.
///
/// Known shortcoming: names are matched by scanning what was built so far,
/// which is quadratic in the number of entries; fine for the tens a health
/// body holds, slow for a body with many thousands.
fn ietf_dependencies(checks: Node) -> Vec<Dependency> {
    let readings = ietf_readings(checks);
    let mut drafts: Vec<Draft> = Vec::new();
    for reading in &readings {
        let name = ietf_name(reading, &readings);
        match drafts
            .iter_mut()
            .find(|draft| draft.dependency.name == name)
        {
            Some(draft) => draft.add(reading),
            None => drafts.push(Draft::new(name, reading)),
        }
    }
    drafts.into_iter().map(|draft| draft.dependency).collect()
}

/// Every entry with a readable status; a key may also hold a single object
/// where the draft says array. Entries without a status are left out.
fn ietf_readings(checks: Node<'_>) -> Vec<Reading<'_>> {
    let mut readings = Vec::new();
    for (key, value) in checks.members() {
        let (component, measurement) = key.split_once(':').unwrap_or((key, ""));
        let component = Some(component.trim())
            .filter(|c| !c.is_empty())
            .unwrap_or(key);
        let entries = match value.list() {
            [] => core::slice::from_ref(value.0),
            items => items,
        };
        for entry in entries.iter().map(Node) {
            if let Some(status) = status_of(entry) {
                readings.push(Reading {
                    component,
                    measurement,
                    entry,
                    status,
                });
            }
        }
    }
    readings
}

fn ietf_name(reading: &Reading, readings: &[Reading]) -> String {
    match reading.entry.get("componentId").label() {
        Some(id) if has_several_ids(readings, reading.component) => {
            concat(&[reading.component, "/", &id])
        }
        _ => reading.component.to_owned(),
    }
}

fn has_several_ids(readings: &[Reading], component: &str) -> bool {
    let mut ids = readings
        .iter()
        .filter(|reading| reading.component == component)
        .filter_map(|reading| reading.entry.get("componentId").label());
    let first = ids.next();
    ids.any(|id| Some(id) != first)
}

impl Draft {
    fn new(name: String, reading: &Reading) -> Draft {
        let mut draft = Draft {
            dependency: Dependency {
                name,
                status: reading.status,
                latency_ms: None,
                output: None,
            },
            output_grade: None,
        };
        draft.add(reading);
        draft
    }

    fn add(&mut self, reading: &Reading) {
        let dependency = &mut self.dependency;
        dependency.status = dependency.status.worst(reading.status);

        if let Some(ms) = response_time_ms(reading) {
            dependency.latency_ms = Some(dependency.latency_ms.map_or(ms, |old| old.max(ms)));
        }

        // The worst reading's output says most about what is wrong; among
        // equals the first one stands.
        if let Some(output) = reading.entry.get("output").text() {
            if self
                .output_grade
                .map_or(true, |grade| reading.status > grade)
            {
                dependency.output = Some(output.to_owned());
                self.output_grade = Some(reading.status);
            }
        }
    }
}

/// The latency a `responseTime` measurement reports, in milliseconds.
fn response_time_ms(reading: &Reading) -> Option<f64> {
    if !reading
        .measurement
        .trim()
        .eq_ignore_ascii_case("responseTime")
    {
        return None;
    }
    let entry = reading.entry;
    let value = entry.get_or("observedValue", "metricValue").number()?;
    let unit = entry.get_or("observedUnit", "metricUnit").text();
    let unit = unit.map(str::to_ascii_lowercase);
    let scale = match unit.as_deref() {
        None | Some("ms") => 1.0,
        Some("s") => 1000.0,
        Some("us" | "µs" | "μs") => 1e-3,
        Some("ns") => 1e-6,
        Some(_) => return None,
    };
    Some(value * scale).filter(|ms| *ms >= 0.0)
}

// ---------------------------------------------------------------------------
// Text formats
// ---------------------------------------------------------------------------

/// Kubernetes' verbose output: one `[+]`/`[-]` line per check, then
/// `<endpoint> check passed` or `<endpoint> check failed`.
fn kubernetes_report(text: &str) -> Option<HealthReport> {
    let dependencies: Vec<Dependency> = text.lines().filter_map(kubernetes_check).collect();
    let verdict = text.lines().next_back().and_then(kubernetes_verdict);
    if dependencies.is_empty() && verdict.is_none() {
        return None;
    }

    let failing: Vec<&str> = dependencies
        .iter()
        .filter(|check| check.status == CheckStatus::Fail)
        .map(|check| check.name.as_str())
        .collect();
    let mut report = HealthReport::new(BodyFormat::KubernetesText);
    report.overall = verdict.or(Some(pass_or_fail(failing.is_empty())));
    report.output = (!failing.is_empty()).then(|| failing.join(", "));
    report.dependencies = dependencies;
    Some(report)
}

/// `[+]name ok`, `[+]name excluded: ok` or `[-]name failed: reason`.
fn kubernetes_check(line: &str) -> Option<Dependency> {
    let line = line.trim();
    if let Some(rest) = line.strip_prefix("[+]") {
        let name = rest.strip_suffix(" ok").unwrap_or(rest).trim_end();
        let name = name.strip_suffix(" excluded:").unwrap_or(name);
        return text_check(name, CheckStatus::Pass, "");
    }

    // Check names have no spaces, so the first ` failed` ends the name even
    // when the reason repeats the word.
    let rest = line.strip_prefix("[-]")?;
    let (name, reason) = split_around(rest, " failed", false).unwrap_or((rest, ""));
    let reason = reason.strip_prefix(':').unwrap_or(reason);
    text_check(name, CheckStatus::Fail, reason)
}

/// A check line's dependency; `None` for a bare `[+]` or `[-]` with no name.
fn text_check(name: &str, status: CheckStatus, reason: &str) -> Option<Dependency> {
    let (name, reason) = (name.trim(), reason.trim());
    if name.is_empty() {
        return None;
    }
    Some(Dependency {
        name: name.to_owned(),
        status,
        latency_ms: None,
        output: (!reason.is_empty()).then(|| reason.to_owned()),
    })
}

/// The closing `readyz check passed` / `livez check failed` line.
fn kubernetes_verdict(line: &str) -> Option<CheckStatus> {
    let (endpoint, outcome) = split_around(line.trim(), " check ", true)?;
    if endpoint.is_empty() || endpoint.contains(char::is_whitespace) {
        return None;
    }
    match outcome {
        "passed" => Some(CheckStatus::Pass),
        "failed" => Some(CheckStatus::Fail),
        _ => None,
    }
}
