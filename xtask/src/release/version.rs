//! Crate versions and the bump a set of changes requires, under Cargo's semver rules.

use std::fmt;
use std::str::FromStr;

use anyhow::{Context, Result, bail};

/// A `MAJOR.MINOR.PATCH` version (pre-release and build suffixes are not used by this workspace and
/// are refused).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    /// The major number.
    pub major: u64,
    /// The minor number.
    pub minor: u64,
    /// The patch number.
    pub patch: u64,
}

impl FromStr for Version {
    type Err = anyhow::Error;

    fn from_str(text: &str) -> Result<Self> {
        let parts: Vec<&str> = text.trim().split('.').collect();
        let [major, minor, patch] = parts.as_slice() else {
            bail!("`{text}` is not a MAJOR.MINOR.PATCH version");
        };
        let number = |part: &str| -> Result<u64> {
            part.parse()
                .with_context(|| format!("`{text}` is not a MAJOR.MINOR.PATCH version"))
        };
        Ok(Self {
            major: number(major)?,
            minor: number(minor)?,
            patch: number(patch)?,
        })
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// How much a release changes, as far as users of the crates are concerned (ordered: a larger
/// change includes the smaller ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Change {
    /// Nothing that matters to a user changed.
    None,
    /// A fix: code changed, the public API and the contract did not.
    Fix,
    /// Compatible additions (a new optional property, operation, value, method).
    Addition,
    /// Something a user relies on may break.
    Breaking,
}

impl Change {
    /// A word for messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "no change",
            Self::Fix => "fix",
            Self::Addition => "compatible addition",
            Self::Breaking => "breaking",
        }
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Version {
    /// The version a release from `self` with `change` takes. While the major number is 0, Cargo
    /// treats the minor number as the major one: breaking → `0.(x+1).0`, anything else → a patch.
    pub fn bumped(self, change: Change) -> Self {
        let Self {
            major,
            minor,
            patch,
        } = self;
        match (change, major) {
            (Change::None, _) => self,
            (Change::Breaking, 0) => Self::new(0, minor + 1, 0),
            (Change::Breaking, _) => Self::new(major + 1, 0, 0),
            (Change::Addition, 1..) => Self::new(major, minor + 1, 0),
            (Change::Addition | Change::Fix, _) => Self::new(major, minor, patch + 1),
        }
    }

    /// The largest change users accept when they move from `self` to `newer` (Cargo's caret
    /// rules); `None` when `newer` is not newer.
    pub fn change_allowed_up_to(self, newer: Self) -> Option<Change> {
        if newer <= self {
            return None;
        }
        Some(if newer.major != self.major {
            Change::Breaking
        } else if self.major == 0 {
            // 0.y.z: y acts as the major number, z as the minor one (0.0.z: every release breaks).
            if newer.minor != self.minor || self.minor == 0 {
                Change::Breaking
            } else {
                Change::Addition
            }
        } else if newer.minor != self.minor {
            Change::Addition
        } else {
            Change::Fix
        })
    }

    const fn new(major: u64, minor: u64, patch: u64) -> Self {
        Self {
            major,
            minor,
            patch,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        text.parse().expect("a version")
    }

    #[test]
    fn zero_major_versions_move_the_minor_number_for_breaking_changes() {
        assert_eq!(v("0.2.0").bumped(Change::Breaking), v("0.3.0"));
        assert_eq!(v("0.2.3").bumped(Change::Addition), v("0.2.4"));
        assert_eq!(v("0.2.3").bumped(Change::Fix), v("0.2.4"));
        assert_eq!(v("0.2.3").bumped(Change::None), v("0.2.3"));
        assert_eq!(v("1.2.3").bumped(Change::Breaking), v("2.0.0"));
        assert_eq!(v("1.2.3").bumped(Change::Addition), v("1.3.0"));
        assert_eq!(v("1.2.3").bumped(Change::Fix), v("1.2.4"));
    }

    #[test]
    fn a_version_carries_the_changes_cargo_lets_it_carry() {
        assert_eq!(
            v("0.2.0").change_allowed_up_to(v("0.3.0")),
            Some(Change::Breaking)
        );
        assert_eq!(
            v("0.2.0").change_allowed_up_to(v("0.2.1")),
            Some(Change::Addition)
        );
        assert_eq!(
            v("0.2.0").change_allowed_up_to(v("1.0.0")),
            Some(Change::Breaking)
        );
        assert_eq!(
            v("0.0.1").change_allowed_up_to(v("0.0.2")),
            Some(Change::Breaking)
        );
        assert_eq!(
            v("1.2.0").change_allowed_up_to(v("1.3.0")),
            Some(Change::Addition)
        );
        assert_eq!(
            v("1.2.0").change_allowed_up_to(v("1.2.1")),
            Some(Change::Fix)
        );
        assert_eq!(v("0.2.0").change_allowed_up_to(v("0.2.0")), None);
        assert_eq!(v("0.2.1").change_allowed_up_to(v("0.2.0")), None);
    }

    #[test]
    fn only_plain_versions_parse() {
        assert!("0.2".parse::<Version>().is_err());
        assert!("0.2.0-rc.1".parse::<Version>().is_err());
        assert!("a.b.c".parse::<Version>().is_err());
    }
}
