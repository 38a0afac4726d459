//! The open value sets: unknown values kept, exact round trips, case-insensitive outcome.

use std::str::FromStr;

use sessions_api_gen::{Environment, Outcome, SessionStatus, Verdict};

#[test]
fn every_known_value_round_trips_through_serde_display_and_from_str() {
    fn check<T>(known: &[&str])
    where
        T: FromStr + std::fmt::Display + serde::Serialize + serde::de::DeserializeOwned,
        T::Err: std::fmt::Debug,
    {
        for raw in known {
            let parsed: T = raw.parse().expect("infallible");
            assert_eq!(parsed.to_string(), *raw);
            let json = serde_json::to_string(&parsed).expect("serializes");
            assert_eq!(json, format!("\"{raw}\""));
            let back: T = serde_json::from_str(&json).expect("deserializes");
            assert_eq!(back.to_string(), *raw);
        }
    }
    check::<SessionStatus>(SessionStatus::KNOWN);
    check::<Outcome>(Outcome::KNOWN);
    check::<Verdict>(Verdict::KNOWN);
    check::<Environment>(Environment::KNOWN);
}

#[test]
fn unknown_values_round_trip_exactly() {
    for raw in ["ON_HOLD", "running", "", "ünïcødé", "with \"quotes\""] {
        let status: SessionStatus =
            serde_json::from_value(serde_json::json!(raw)).expect("never fails");
        assert_eq!(status.to_string(), raw);
        assert_eq!(
            serde_json::to_value(&status).expect("serializes"),
            serde_json::json!(raw)
        );
    }
    let env = Environment::from_str("Production").expect("infallible");
    assert_eq!(env, Environment::Unknown("Production".into()));
    assert_eq!(env.as_str(), "Production");
}

#[test]
fn session_status_is_case_sensitive_but_outcome_is_not() {
    assert!(SessionStatus::from("running").is_unknown());
    assert_eq!(Outcome::from("ACCEPTED"), Outcome::Accepted);
    assert_eq!(Outcome::from("Rejected"), Outcome::Rejected);
    assert_eq!(Outcome::from("no_outcome"), Outcome::NoOutcome);
    assert!(Outcome::from("ACCEPTED").is_accepted());
}

#[test]
fn terminal_statuses() {
    let terminal: Vec<_> = SessionStatus::KNOWN
        .iter()
        .filter(|s| SessionStatus::from(**s).is_terminal())
        .collect();
    assert_eq!(terminal, [&"COMPLETED", &"EXPIRED", &"ABORTED", &"ERROR"]);
    assert!(!SessionStatus::Unknown("PAUSED".into()).is_terminal());
}

#[test]
fn a_non_string_value_is_a_decode_error_not_a_panic() {
    assert!(serde_json::from_str::<SessionStatus>("42").is_err());
    assert!(serde_json::from_str::<Outcome>("null").is_err());
}
