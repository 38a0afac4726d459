//! Open value sets of the contract (`x-extensible-enum`), hand-written because the generator would
//! make them closed: a value this version does not know is kept, never a decode error. The known
//! values restate the contract's lists; a workspace test (`tests/tests/open_enums.rs`) fails when
//! they differ from `spec/openapi.yaml` in value or order.
//!
//! Each type has a variant per documented value and an `Unknown` variant for any other value, kept
//! exactly as received. Serde, [`Display`](std::fmt::Display), [`FromStr`] and
//! [`as_str()`](SessionStatus::as_str) use the same text, so a known value round-trips in its
//! documented spelling and an unknown one unchanged.
//!
//! # Matching: the rule
//!
//! A value this version does not know may become a known variant in a later, compatible release.
//! So that the upgrade never changes which arm of your `match` runs:
//!
//! - Match the known variants you care about, then end with a wildcard arm (the types are
//!   `#[non_exhaustive]`, so the compiler requires one).
//! - To handle a value this version does not know yet, compare its text in a guard on a binding,
//!   never the `Unknown` variant: `other if other.as_str() == "ON_HOLD" => ...`. When a later
//!   release learns `ON_HOLD`, `as_str()` still returns `"ON_HOLD"` and the same arm runs.
//! - `Unknown` holds an opaque value with no public constructor or accessor, and matching the variant
//!   is `#[deprecated]`: an arm on `Unknown(_)` would stop running for a value on the day that value
//!   becomes known. Build values, known or not, from their text (`"ON_HOLD".parse()`,
//!   `SessionStatus::from("ON_HOLD")`).
//! - [`is_unknown()`](SessionStatus::is_unknown) says only whether *this version* knows the value:
//!   use it to log or count values worth adding, not to decide what a session means.
//!
//! ```
//! use sessions_api_gen::SessionStatus;
//!
//! fn describe(status: &SessionStatus) -> &'static str {
//!     match status {
//!         SessionStatus::Completed => "done",
//!         SessionStatus::Running | SessionStatus::Created => "in progress",
//!         // Not known to this version: the arm keeps running when a later version knows it.
//!         other if other.as_str() == "ON_HOLD" => "waiting for review",
//!         other if other.is_terminal() => "ended without a decision",
//!         _ => "unknown",
//!     }
//! }
//!
//! assert_eq!(describe(&SessionStatus::from("ON_HOLD")), "waiting for review");
//! assert_eq!(describe(&SessionStatus::Expired), "ended without a decision");
//! assert_eq!(describe(&"SOMETHING_NEW".parse().unwrap()), "unknown");
//! ```
//!
//! Matching the `Unknown` variant is refused where deprecation warnings are errors:
//!
//! ```compile_fail
//! #![deny(deprecated)]
//! use sessions_api_gen::SessionStatus;
//!
//! fn is_new(status: &SessionStatus) -> bool {
//!     matches!(status, SessionStatus::Unknown(_))
//! }
//! ```
//!
//! and an unknown value cannot be built by hand, only parsed from its text:
//!
//! ```compile_fail,E0308
//! let status = sessions_api_gen::SessionStatus::Unknown(String::from("ON_HOLD"));
//! ```

use std::borrow::Cow;
use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The value of an `Unknown` variant, in a module users cannot name: they can neither build one nor
/// read it except through the enum's [`as_str()`](SessionStatus::as_str).
mod sealed {
    /// A value this version does not know, exactly as received (opaque: read it with the enum's
    /// `as_str()`).
    #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct UnknownValue(pub(crate) String);
}

use sealed::UnknownValue;

macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident (case_insensitive: $ci:literal) {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal, )+
        }
    ) => {
        $(#[$meta])*
        ///
        /// Match it with a wildcard arm (the type is `#[non_exhaustive]`). For a value this version
        /// does not know, compare [`as_str()`](Self::as_str) in a guard (`other if other.as_str() ==
        /// "ON_HOLD" => ...`), never the deprecated `Unknown` variant: when a later version knows
        /// the value, `as_str()` still returns the same text and the same arm runs.
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version does not know, kept exactly as received. Do not match this
            /// variant: a later version may know the value and the arm would stop running for it.
            /// Compare [`as_str()`](Self::as_str) in a wildcard arm instead.
            #[deprecated(
                note = "a value this version does not know may become a known variant in a later \
                        version; match it in a wildcard arm by its text (`as_str()`) instead"
            )]
            Unknown(UnknownValue),
        }

        #[allow(deprecated)] // The crate itself builds and reads `Unknown`.
        impl $name {
            /// The documented values, in the contract's order.
            pub const KNOWN: &'static [&'static str] = &[$($value),+];

            /// The value as sent on the wire: the documented spelling for a known value, the raw text
            /// for an unknown one.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $value, )+
                    Self::Unknown(UnknownValue(raw)) => raw,
                }
            }

            /// Whether this version does not know the value. A later version may know it: use this
            /// to log or count values, not to decide what a session means.
            pub fn is_unknown(&self) -> bool {
                matches!(self, Self::Unknown(_))
            }

            fn parse(raw: &str) -> Self {
                $(
                    if Self::matches(raw, $value) {
                        return Self::$variant;
                    }
                )+
                Self::Unknown(UnknownValue(raw.to_owned()))
            }

            fn matches(raw: &str, known: &str) -> bool {
                if $ci { raw.eq_ignore_ascii_case(known) } else { raw == known }
            }
        }

        impl FromStr for $name {
            type Err = Infallible;

            fn from_str(raw: &str) -> Result<Self, Self::Err> {
                Ok(Self::parse(raw))
            }
        }

        impl From<&str> for $name {
            fn from(raw: &str) -> Self {
                Self::parse(raw)
            }
        }

        #[allow(deprecated)] // Keeps the received `String` instead of copying it.
        impl From<String> for $name {
            fn from(raw: String) -> Self {
                match Self::parse(&raw) {
                    Self::Unknown(_) => Self::Unknown(UnknownValue(raw)),
                    known => known,
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let raw = Cow::<'de, str>::deserialize(deserializer)?;
                Ok(match raw {
                    Cow::Borrowed(raw) => Self::from(raw),
                    Cow::Owned(raw) => Self::from(raw),
                })
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                Cow::Borrowed(stringify!($name))
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "type": "string",
                    "x-extensible-enum": Self::KNOWN,
                })
            }
        }
    };
}

open_enum! {
    /// Current status of a session. CREATED moves to RUNNING; RUNNING ends in COMPLETED, ABORTED,
    /// EXPIRED or ERROR.
    pub enum SessionStatus (case_insensitive: false) {
        /// The session exists but processing has not started.
        Created = "CREATED",
        /// The session is being processed.
        Running = "RUNNING",
        /// The session ran to its end (it carries an outcome).
        Completed = "COMPLETED",
        /// The session reached its time to live before completing.
        Expired = "EXPIRED",
        /// The user aborted the session.
        Aborted = "ABORTED",
        /// A technical failure ended the session (not a business decision).
        Error = "ERROR",
    }
}

impl SessionStatus {
    /// Whether the session has ended (COMPLETED, EXPIRED, ABORTED or ERROR). An unknown status is not
    /// treated as terminal: nothing is known about it.
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            Self::Completed | Self::Expired | Self::Aborted | Self::Error
        )
    }
}

open_enum! {
    /// Final decision of a session. Parsed without regard to case (older builds send `ACCEPTED`);
    /// a known value is shown in its documented spelling.
    pub enum Outcome (case_insensitive: true) {
        /// The subject was accepted.
        Accepted = "accepted",
        /// The subject was rejected.
        Rejected = "rejected",
        /// The session ended without a decision.
        NoOutcome = "NO_OUTCOME",
    }
}

impl Outcome {
    /// Whether the outcome is `accepted` (in any case).
    pub fn is_accepted(&self) -> bool {
        matches!(self, Self::Accepted)
    }

    /// Whether the outcome is `rejected` (in any case).
    pub fn is_rejected(&self) -> bool {
        matches!(self, Self::Rejected)
    }
}

open_enum! {
    /// Verdict of a step. The set depends on the step type and has no closed list; these are the
    /// values the documentation shows.
    pub enum Verdict (case_insensitive: false) {
        /// The step accepted the subject.
        Accepted = "accepted",
        /// The step rejected the subject.
        Rejected = "rejected",
        /// The step verified the subject's data.
        Verified = "verified",
        /// The step could not verify the subject's data.
        NotVerified = "not_verified",
        /// The step detected fraud.
        FraudDetected = "fraud_detected",
        /// The step failed.
        Failed = "failed",
    }
}

open_enum! {
    /// Logical environment of a flow and its sessions. An API client belongs to one environment.
    pub enum Environment (case_insensitive: false) {
        /// The live environment.
        Live = "live",
        /// The staging environment.
        Staging = "staging",
    }
}
