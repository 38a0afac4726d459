//! What can go wrong on purpose: one-shot faults (error statuses, rate limiting, broken bodies,
//! slow responses) and persistent payload drift (the provider's response no longer matching the
//! contract).

use std::time::{Duration, SystemTime};

use serde_json::{Value, json};

/// A fault for a list request (or a token request): each is used by one request. Where a fault is
/// kept and which request takes it: see [the fake's overview](super#misbehaviour-on-purpose).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// Answer with this status and the contract's error body (`{"statusCode", "message", "error"}`).
    /// A value that is not an HTTP status (outside 100..=999) is answered as `500`.
    Status(u16),
    /// Answer `429 Too Many Requests` with this `Retry-After`.
    RateLimited(RetryAfter),
    /// Answer `200` with a body that is not JSON at all (an HTML error page from a proxy).
    MalformedBody,
    /// Answer with this status and exactly this body (sent as `application/json`) instead of the
    /// fake's own answer: e.g. a page whose totals contradict its content, or an error body of
    /// another shape. A `status` that is not an HTTP status is answered as `500`.
    Raw {
        /// The status sent.
        status: u16,
        /// The body sent, byte for byte.
        body: Vec<u8>,
    },
    /// Answer `200` with the page's JSON cut off in the middle.
    TruncatedBody,
    /// Answer normally, but this much later (on top of any configured latency).
    Delay(Duration),
}

/// The `Retry-After` header of a `429`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RetryAfter {
    /// `Retry-After: <seconds>`.
    Seconds(u64),
    /// `Retry-After: <HTTP date>` (IMF-fixdate, e.g. `Wed, 21 Oct 2015 07:28:00 GMT`).
    Date(SystemTime),
    /// No `Retry-After` header.
    Absent,
}

impl RetryAfter {
    /// The header value, if any.
    pub fn header_value(&self) -> Option<String> {
        match self {
            Self::Seconds(seconds) => Some(seconds.to_string()),
            Self::Date(when) => Some(httpdate::fmt_http_date(*when)),
            Self::Absent => None,
        }
    }
}

/// A way the provider's payload may drift from the contract. Drift is persistent: every `200` list
/// response carries each selected drift until [`FakeServer::clear_drift`](super::FakeServer::clear_drift).
///
/// Each drift is selectable on its own so that a contract checker can be shown to report each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Drift {
    /// Undocumented fields: `undocumentedRiskScore` and `channel` on every session, `links` beside `content`.
    /// Lenient decoding ignores them; strict validation reports them.
    ExtraFields,
    /// The older `lastStep` shape `{stepName, stepType, verdict}` instead of
    /// `{stepId, stepDescription, verdict}`.
    OlderLastStep,
    /// Outcomes in upper case (`ACCEPTED`, `REJECTED`), as older builds send them.
    UpperCaseOutcome,
    /// The required `createdAt` is missing from every session.
    MissingRequiredField,
    /// A wrong type: `page.totalElements` is sent as a string (`"25"` instead of `25`).
    WrongType,
    /// Status values this version does not know: every fifth session has status `ON_HOLD`.
    UnknownEnumValues,
}

impl Drift {
    /// Every drift, in declaration order.
    pub const ALL: [Drift; 6] = [
        Drift::ExtraFields,
        Drift::OlderLastStep,
        Drift::UpperCaseOutcome,
        Drift::MissingRequiredField,
        Drift::WrongType,
        Drift::UnknownEnumValues,
    ];

    /// The drift's name in kebab case (`extra-fields`, `older-last-step`, `upper-case-outcome`,
    /// `missing-required-field`, `wrong-type`, `unknown-enum-values`), as [`FromStr`](std::str::FromStr)
    /// reads it.
    pub fn name(self) -> &'static str {
        match self {
            Drift::ExtraFields => "extra-fields",
            Drift::OlderLastStep => "older-last-step",
            Drift::UpperCaseOutcome => "upper-case-outcome",
            Drift::MissingRequiredField => "missing-required-field",
            Drift::WrongType => "wrong-type",
            Drift::UnknownEnumValues => "unknown-enum-values",
        }
    }

    /// Applies this drift to a rendered page body (`{"content": [...], "page": {...}}`).
    pub(crate) fn apply(self, body: &mut Value) {
        if let (Drift::WrongType, Some(total)) = (self, body.pointer_mut("/page/totalElements")) {
            *total = Value::String(total.to_string());
        }
        if self == Drift::ExtraFields
            && let Some(top) = body.as_object_mut()
        {
            top.insert(
                "links".into(),
                json!([{ "rel": "self", "href": "/v1/flows/sessions" }]),
            );
        }
        let Some(content) = body.get_mut("content").and_then(Value::as_array_mut) else {
            return;
        };
        for (position, session) in content.iter_mut().enumerate() {
            let Some(session) = session.as_object_mut() else {
                continue;
            };
            match self {
                Drift::ExtraFields => {
                    session.insert("undocumentedRiskScore".into(), json!(0.12));
                    session.insert("channel".into(), json!("web"));
                }
                Drift::OlderLastStep => {
                    if let Some(Value::Object(step)) = session.get_mut("lastStep") {
                        let id = step.remove("stepId");
                        let description = step.remove("stepDescription");
                        let step_type = id
                            .as_ref()
                            .and_then(Value::as_str)
                            .and_then(|id| id.strip_prefix("step_"))
                            .and_then(|rest| rest.split('_').next())
                            .unwrap_or("generic")
                            .to_ascii_uppercase();
                        step.insert("stepName".into(), description.or(id).unwrap_or(Value::Null));
                        step.insert("stepType".into(), Value::String(step_type));
                    }
                }
                Drift::UpperCaseOutcome => {
                    if let Some(Value::String(outcome)) = session.get_mut("outcome") {
                        *outcome = outcome.to_ascii_uppercase();
                    }
                }
                Drift::MissingRequiredField => {
                    session.remove("createdAt");
                }
                Drift::UnknownEnumValues => {
                    if position % 5 == 0 {
                        session.insert("sessionStatus".into(), json!("ON_HOLD"));
                    }
                }
                Drift::WrongType => {}
            }
        }
    }
}

impl std::fmt::Display for Drift {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A drift name that is not one of [`Drift::name`]'s.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownDrift(pub String);

impl std::fmt::Display for UnknownDrift {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = Drift::ALL.iter().map(|d| d.name()).collect();
        write!(
            f,
            "unknown drift `{}` (known: {})",
            self.0,
            names.join(", ")
        )
    }
}

impl std::error::Error for UnknownDrift {}

impl std::str::FromStr for Drift {
    type Err = UnknownDrift;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Drift::ALL
            .into_iter()
            .find(|drift| drift.name() == name)
            .ok_or_else(|| UnknownDrift(name.to_owned()))
    }
}

/// The error body the fake sends for `status` (the contract's `ApiError` shape).
pub(crate) fn error_body(status: u16, message: Value) -> Value {
    json!({
        "statusCode": status,
        "message": message,
        "error": reason(status),
    })
}

/// The reason phrase of a status.
pub(crate) fn reason(status: u16) -> &'static str {
    http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Error")
}

/// What a proxy in front of the API might send instead of JSON.
pub(crate) const MALFORMED_BODY: &str =
    "<html><head><title>502 Bad Gateway</title></head><body>upstream error</body></html>";

/// The first half of `body` (always invalid JSON for a non-trivial page).
pub(crate) fn truncate(body: &[u8]) -> Vec<u8> {
    body.get(..body.len() / 2).unwrap_or_default().to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drift_names_round_trip_and_unknown_names_are_refused() {
        for drift in Drift::ALL {
            assert_eq!(drift.name().parse::<Drift>(), Ok(drift));
        }
        assert_eq!(
            "extra".parse::<Drift>(),
            Err(UnknownDrift("extra".to_owned()))
        );
    }
}
