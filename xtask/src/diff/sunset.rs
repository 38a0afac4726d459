//! Retiring part of a contract: an operation, parameter or property marked `deprecated: true`
//! with an `x-sunset` date (`YYYY-MM-DD`, or an RFC 3339 date-time) may be removed once that date
//! has passed. Such a removal is [`c::REMOVED_AFTER_SUNSET`] (a warning: clients had notice, but
//! those that still call it fail); removing it before the date is [`c::REMOVED_BEFORE_SUNSET`]
//! (an error). Removing what was never deprecated, or deprecated without a date, keeps the check
//! of the removal itself.

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::Value;

use super::checks::{self as c, Check};

/// The extension naming the date after which a deprecated part may be removed.
pub const SUNSET: &str = "x-sunset";

/// Where a removed part stood in its retirement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Retirement {
    /// Not deprecated, or deprecated without a (readable) sunset date.
    None,
    /// Deprecated with a sunset date still to come.
    BeforeSunset(String),
    /// Deprecated with a sunset date that has passed.
    AfterSunset(String),
}

/// The retirement of `value` (an operation, a parameter or a property schema) on `today`
/// (`YYYY-MM-DD`).
pub fn retirement(value: &Value, today: &str) -> Retirement {
    if value.get("deprecated") != Some(&Value::Bool(true)) {
        return Retirement::None;
    }
    let Some(date) = value.get(SUNSET).and_then(Value::as_str).and_then(date_of) else {
        return Retirement::None;
    };
    if date.as_str() <= today {
        Retirement::AfterSunset(date)
    } else {
        Retirement::BeforeSunset(date)
    }
}

/// The retirement of several parts removed together (the operations of a removed path): after the
/// sunset when every one is; before it when one is deprecated with a date to come.
pub fn retirement_of_all<'a>(
    values: impl IntoIterator<Item = &'a Value>,
    today: &str,
) -> Retirement {
    let all: Vec<Retirement> = values.into_iter().map(|v| retirement(v, today)).collect();
    if let Some(before) = all
        .iter()
        .find(|r| matches!(r, Retirement::BeforeSunset(_)))
    {
        return before.clone();
    }
    match all.iter().max_by_key(|r| match r {
        Retirement::AfterSunset(date) => date.clone(),
        _ => String::new(),
    }) {
        Some(Retirement::AfterSunset(date))
            if all.iter().all(|r| matches!(r, Retirement::AfterSunset(_))) =>
        {
            Retirement::AfterSunset(date.clone())
        }
        _ => Retirement::None,
    }
}

/// The check and message of a removal: `otherwise` (with `message`) unless the part was retired
/// with a sunset date.
pub fn removal(retirement: &Retirement, otherwise: Check, message: String) -> (Check, String) {
    match retirement {
        Retirement::None => (otherwise, message),
        Retirement::BeforeSunset(date) => (
            c::REMOVED_BEFORE_SUNSET,
            format!("{message} before its sunset date {date}"),
        ),
        Retirement::AfterSunset(date) => (
            c::REMOVED_AFTER_SUNSET,
            format!("{message}; it was deprecated and its sunset date {date} has passed"),
        ),
    }
}

/// The `YYYY-MM-DD` of a date or an RFC 3339 date-time.
fn date_of(text: &str) -> Option<String> {
    let date = text.get(..10)?;
    let bytes = date.as_bytes();
    let digits = |range: std::ops::Range<usize>| bytes[range].iter().all(u8::is_ascii_digit);
    let well_formed = digits(0..4) && bytes[4] == b'-' && digits(5..7) && bytes[7] == b'-';
    (well_formed && digits(8..10) && (text.len() == 10 || text.as_bytes().get(10) == Some(&b'T')))
        .then(|| date.to_owned())
}

/// Today's date in UTC, `YYYY-MM-DD`.
pub fn today() -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_date(i64::try_from(seconds / 86_400).unwrap_or(0))
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn civil_dates_are_right() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(19_723), "2024-01-01");
        assert_eq!(civil_date(19_782), "2024-02-29");
        assert_eq!(today().len(), 10);
    }

    #[test]
    fn retirement_follows_deprecation_and_the_sunset_date() {
        let today = "2026-06-01";
        let deprecated = |sunset: &str| json!({"deprecated": true, "x-sunset": sunset});
        assert_eq!(
            retirement(&deprecated("2026-05-31"), today),
            Retirement::AfterSunset("2026-05-31".into())
        );
        assert_eq!(
            retirement(&deprecated("2026-06-01T00:00:00Z"), today),
            Retirement::AfterSunset("2026-06-01".into())
        );
        assert_eq!(
            retirement(&deprecated("2026-06-02"), today),
            Retirement::BeforeSunset("2026-06-02".into())
        );
        assert_eq!(retirement(&deprecated("soon"), today), Retirement::None);
        assert_eq!(
            retirement(&json!({"x-sunset": "2000-01-01"}), today),
            Retirement::None,
            "a sunset without deprecation retires nothing"
        );
        let (after, before) = (deprecated("2001-01-01"), deprecated("2999-01-01"));
        assert_eq!(
            retirement_of_all([&after, &after], today),
            Retirement::AfterSunset("2001-01-01".into())
        );
        assert_eq!(
            retirement_of_all([&after, &json!({})], today),
            Retirement::None
        );
        assert_eq!(
            retirement_of_all([&after, &before], today),
            Retirement::BeforeSunset("2999-01-01".into())
        );
    }
}
