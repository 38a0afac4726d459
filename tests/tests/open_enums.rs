//! The open value sets: every documented value parses to its own known variant, unknown values are
//! kept and round-trip exactly, outcome ignores case, and a `match` written by the documented rule
//! runs the same arm for a value whether this version knows it or not.

use std::collections::HashSet;
use std::fmt::{Debug, Display};
use std::hash::Hash;
use std::str::FromStr;

use sessions_api_gen::{Environment, Outcome, SessionStatus, Verdict};

/// What the four open enums share.
trait Open:
    FromStr + Display + Debug + Eq + Hash + Clone + serde::Serialize + serde::de::DeserializeOwned
{
    const KNOWN: &'static [&'static str];
    fn text(&self) -> &str;
    fn unknown(&self) -> bool;
}

macro_rules! open {
    ($($t:ty),+) => {$(
        impl Open for $t {
            const KNOWN: &'static [&'static str] = <$t>::KNOWN;
            fn text(&self) -> &str {
                self.as_str()
            }
            fn unknown(&self) -> bool {
                self.is_unknown()
            }
        }
    )+};
}
open!(SessionStatus, Outcome, Verdict, Environment);

fn parse<T: Open>(raw: &str) -> T
where
    T::Err: Debug,
{
    raw.parse().expect("parsing an open value never fails")
}

fn check_known<T: Open>()
where
    T::Err: Debug,
{
    let mut seen = HashSet::new();
    for raw in T::KNOWN {
        let parsed: T = parse(raw);
        assert!(!parsed.unknown(), "{raw} parsed as unknown");
        assert!(
            seen.insert(parsed.clone()),
            "{raw} parsed as the variant of another value"
        );
        assert_eq!(parsed.text(), *raw);
        assert_eq!(parsed.to_string(), *raw);
        let json = serde_json::to_string(&parsed).expect("serializes");
        assert_eq!(json, format!("\"{raw}\""));
        let back: T = serde_json::from_str(&json).expect("deserializes");
        assert_eq!(back, parsed);
    }
}

#[test]
fn every_known_value_parses_to_its_own_known_variant_and_round_trips() {
    check_known::<SessionStatus>();
    check_known::<Outcome>();
    check_known::<Verdict>();
    check_known::<Environment>();
}

#[test]
fn known_values_parse_to_the_documented_variants() {
    let statuses = [
        ("CREATED", SessionStatus::Created),
        ("RUNNING", SessionStatus::Running),
        ("COMPLETED", SessionStatus::Completed),
        ("EXPIRED", SessionStatus::Expired),
        ("ABORTED", SessionStatus::Aborted),
        ("ERROR", SessionStatus::Error),
    ];
    for (raw, variant) in statuses.clone() {
        assert_eq!(SessionStatus::from(raw), variant);
    }
    assert_eq!(statuses.len(), SessionStatus::KNOWN.len());
    assert_eq!(Outcome::from("accepted"), Outcome::Accepted);
    assert_eq!(Outcome::from("rejected"), Outcome::Rejected);
    assert_eq!(Outcome::from("NO_OUTCOME"), Outcome::NoOutcome);
    assert_eq!(Verdict::from("fraud_detected"), Verdict::FraudDetected);
    assert_eq!(Verdict::from("not_verified"), Verdict::NotVerified);
    assert_eq!(Environment::from("live"), Environment::Live);
    assert_eq!(Environment::from("staging"), Environment::Staging);
}

fn check_unknown<T: Open>(raw: &str)
where
    T::Err: Debug,
{
    let parsed: T = parse(raw);
    assert!(parsed.unknown(), "{raw} parsed as known");
    assert_eq!(parsed.text(), raw);
    assert_eq!(parsed.to_string(), raw);
    let from_json: T = serde_json::from_value(serde_json::json!(raw)).expect("never fails");
    assert_eq!(from_json, parsed);
    assert_eq!(
        serde_json::to_value(&from_json).expect("serializes"),
        serde_json::json!(raw)
    );
}

#[test]
fn unknown_values_are_kept_and_round_trip_exactly() {
    for raw in ["ON_HOLD", "running", "", "ünïcødé", "with \"quotes\""] {
        check_unknown::<SessionStatus>(raw);
    }
    check_unknown::<Outcome>("manual_review");
    check_unknown::<Verdict>("escalated");
    check_unknown::<Environment>("Production");
    assert_ne!(
        SessionStatus::from("ON_HOLD"),
        SessionStatus::from("ON_HOLD2")
    );
}

#[test]
fn session_status_is_case_sensitive_but_outcome_is_not() {
    assert!(SessionStatus::from("running").is_unknown());
    assert_eq!(Outcome::from("ACCEPTED"), Outcome::Accepted);
    assert_eq!(Outcome::from("Rejected"), Outcome::Rejected);
    assert_eq!(Outcome::from("no_outcome"), Outcome::NoOutcome);
    assert!(Outcome::from("ACCEPTED").is_accepted());
    // A known value is shown in its documented spelling, whatever case it came in.
    assert_eq!(Outcome::from("ACCEPTED").as_str(), "accepted");
}

/// A match written by the module's rule: `EXPIRED` handled by its text in a guard, as a caller would
/// write it while their version did not know the value.
fn arm(status: &SessionStatus) -> &'static str {
    match status {
        SessionStatus::Completed => "completed",
        other if other.as_str() == "EXPIRED" => "expired",
        other if other.as_str() == "ON_HOLD" => "on hold",
        _ => "other",
    }
}

#[test]
fn a_text_guard_runs_the_same_arm_whether_the_value_is_known_or_not() {
    // EXPIRED is known to this version, ON_HOLD is not: both reach their guard arm, so a value that
    // becomes known in a later version keeps running the arm written for it.
    assert!(!SessionStatus::from("EXPIRED").is_unknown());
    assert_eq!(arm(&SessionStatus::Expired), "expired");
    assert_eq!(arm(&SessionStatus::from("EXPIRED")), "expired");
    assert!(SessionStatus::from("ON_HOLD").is_unknown());
    assert_eq!(arm(&SessionStatus::from("ON_HOLD")), "on hold");
    assert_eq!(arm(&SessionStatus::Completed), "completed");
    assert_eq!(arm(&SessionStatus::Running), "other");
}

#[test]
fn terminal_statuses() {
    let terminal: Vec<_> = SessionStatus::KNOWN
        .iter()
        .filter(|s| SessionStatus::from(**s).is_terminal())
        .collect();
    assert_eq!(terminal, [&"COMPLETED", &"EXPIRED", &"ABORTED", &"ERROR"]);
    assert!(!SessionStatus::from("PAUSED").is_terminal());
}

#[test]
fn order_puts_known_values_in_contract_order_and_unknown_ones_last() {
    let mut statuses: Vec<SessionStatus> = ["ZZZ", "ERROR", "AAA", "CREATED", "COMPLETED"]
        .into_iter()
        .map(SessionStatus::from)
        .collect();
    statuses.sort();
    let texts: Vec<&str> = statuses.iter().map(SessionStatus::as_str).collect();
    assert_eq!(texts, ["CREATED", "COMPLETED", "ERROR", "AAA", "ZZZ"]);
}

#[test]
fn a_non_string_value_is_a_decode_error_not_a_panic() {
    assert!(serde_json::from_str::<SessionStatus>("42").is_err());
    assert!(serde_json::from_str::<Outcome>("null").is_err());
}

/// The `x-extensible-enum` list of the component schema `name` in the contract (bundled, so a
/// contract split into files reads the same), in order.
fn contract_values(name: &str) -> Vec<String> {
    let text = xtask::spec::read_bundled(&xtask::workspace::spec_path()).expect("the contract");
    let spec: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).expect("the contract parses");
    let values = &spec["components"]["schemas"][name]["x-extensible-enum"];
    values
        .as_sequence()
        .unwrap_or_else(|| panic!("{name} has an x-extensible-enum list in the contract"))
        .iter()
        .map(|value| {
            value
                .as_str()
                .unwrap_or_else(|| panic!("{name}: {value:?} is a string"))
                .to_owned()
        })
        .collect()
}

/// Checks the hand-written known values of an open enum against the contract's list: each is one
/// of the contract's values, in the contract's order (so none is invented or misspelled), and a
/// value the contract documents but this version does not know yet (a compatible contract change
/// adds one before the enum learns it) decodes as unknown, keeps its text and writes it back
/// unchanged.
fn check_against_contract<T>(name: &str, known: &[&str])
where
    T: serde::de::DeserializeOwned + serde::Serialize + std::fmt::Display,
{
    let contract = contract_values(name);
    let mut rest = contract.iter();
    for value in known {
        assert!(
            rest.any(|documented| documented == value),
            "{name}: the known value {value:?} of sessions-api-gen/src/open_enums.rs is not in the \
             contract's x-extensible-enum list {contract:?}, or not in its order"
        );
    }
    for value in contract.iter().filter(|v| !known.contains(&v.as_str())) {
        let json = serde_json::Value::String(value.clone());
        let decoded: T = serde_json::from_value(json.clone()).expect("an open value decodes");
        assert_eq!(
            decoded.to_string(),
            *value,
            "{name}: {value} keeps its text"
        );
        assert_eq!(serde_json::to_value(&decoded).expect("serializes"), json);
    }
}

#[test]
fn the_known_values_are_the_contracts_extensible_enum_values_in_its_order() {
    check_against_contract::<SessionStatus>("SessionStatus", SessionStatus::KNOWN);
    check_against_contract::<Outcome>("Outcome", Outcome::KNOWN);
    check_against_contract::<Verdict>("Verdict", Verdict::KNOWN);
    check_against_contract::<Environment>("Environment", Environment::KNOWN);
}

#[test]
fn a_value_the_contract_adds_later_is_not_known_yet_but_round_trips() {
    // What the check above relies on for a value the enum does not know: it fails on none.
    let decoded: SessionStatus = serde_json::from_str("\"ON_HOLD\"").expect("decodes");
    assert!(decoded.is_unknown());
    assert_eq!(
        serde_json::to_string(&decoded).expect("serializes"),
        "\"ON_HOLD\""
    );
}
