//! The contract's own version: `info.version` must move by at least the bump its changes require
//! (a breaking change a new major version, an addition a new minor one), as the crate versions do
//! for their API.

use serde_json::Value;

use super::version::{Change, Version};

/// The contract's `info.version`, if it has one.
pub fn info_version(doc: &Value) -> Option<&str> {
    doc.pointer("/info/version").and_then(Value::as_str)
}

/// What is wrong with the new contract's `info.version`, given the released contract's and the
/// bump the contract diff requires (`required`); `None` when it moved far enough. Changes that
/// need no release of their own (`Change::None`, `Change::Fix`) ask nothing of it.
pub fn problem(released: &Value, current: &Value, required: Change) -> Option<String> {
    if required < Change::Addition {
        return None;
    }
    let old = info_version(released).unwrap_or("");
    let new = info_version(current).unwrap_or("");
    let (Ok(old_version), Ok(new_version)) = (old.parse::<Version>(), new.parse::<Version>())
    else {
        return (old == new).then(|| {
            format!(
                "contract: {required} changes while info.version is still `{old}`: move it \
                 (MAJOR.MINOR.PATCH versions let the gate say to which)"
            )
        });
    };
    let needed = old_version.bumped(required);
    match old_version.change_allowed_up_to(new_version) {
        Some(allowed) if allowed >= required => None,
        Some(allowed) => Some(format!(
            "contract: info.version {new_version} is only a {allowed} bump from the released \
             {old_version}, the contract changes are {required}: set info.version to {needed}"
        )),
        None if new_version < old_version => Some(format!(
            "contract: info.version {new_version} is older than the released {old_version}: set \
             it to {needed}"
        )),
        None => Some(format!(
            "contract: {required} changes while info.version is still the released \
             {old_version}: set info.version to {needed}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(version: &str) -> Value {
        json!({ "openapi": "3.0.3", "info": { "version": version } })
    }

    #[test]
    fn a_breaking_change_needs_a_new_major_version() {
        let message = problem(&doc("1.0.0"), &doc("1.0.0"), Change::Breaking).expect("fails");
        assert!(message.contains("set info.version to 2.0.0"), "{message}");
        let message = problem(&doc("1.0.0"), &doc("1.1.0"), Change::Breaking).expect("fails");
        assert!(
            message.contains("only a compatible addition bump"),
            "{message}"
        );
        assert_eq!(
            problem(&doc("1.0.0"), &doc("2.0.0"), Change::Breaking),
            None
        );
    }

    #[test]
    fn an_addition_needs_a_new_minor_version() {
        let message = problem(&doc("1.2.3"), &doc("1.2.4"), Change::Addition).expect("fails");
        assert!(message.contains("set info.version to 1.3.0"), "{message}");
        assert_eq!(
            problem(&doc("1.2.3"), &doc("1.3.0"), Change::Addition),
            None
        );
        assert_eq!(
            problem(&doc("1.2.3"), &doc("2.0.0"), Change::Addition),
            None
        );
    }

    #[test]
    fn no_change_asks_nothing_and_versions_never_go_back() {
        assert_eq!(problem(&doc("1.0.0"), &doc("1.0.0"), Change::None), None);
        let message = problem(&doc("1.1.0"), &doc("1.0.0"), Change::Addition).expect("fails");
        assert!(message.contains("older than the released"), "{message}");
    }

    #[test]
    fn other_version_schemes_must_at_least_move() {
        let message =
            problem(&doc("2026-01"), &doc("2026-01"), Change::Breaking).expect("unchanged");
        assert!(message.contains("still `2026-01`"), "{message}");
        assert_eq!(
            problem(&doc("2026-01"), &doc("2026-02"), Change::Breaking),
            None
        );
    }
}
