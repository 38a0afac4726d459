//! When and how long to wait before sending a request again.
//!
//! Only the idempotent GET of this API is retried: after a transport failure, a timeout, 408, 429,
//! 500, 502, 503 or 504. Waits grow exponentially up to a cap, with full jitter (a random wait between
//! zero and the capped exponential value, so concurrent clients spread out). A `Retry-After` header,
//! in seconds or as an HTTP date, is honoured when it asks for no more than
//! [`max_retry_after`](RetryPolicy::max_retry_after); a longer wait ends the retries at once and the
//! error carries the wait the server asked for.

use std::time::{Duration, SystemTime};

use backon::{BackoffBuilder, ExponentialBuilder};
use http::HeaderMap;

/// How a request is retried. The default makes 3 attempts, waiting about 200 ms, then 400 ms
/// (full jitter), never more than 5 s between attempts, and honours `Retry-After` up to 30 s.
///
/// ```
/// use std::time::Duration;
/// use sessions_api::RetryPolicy;
///
/// let policy = RetryPolicy::default()
///     .with_max_attempts(5)
///     .with_initial_backoff(Duration::from_millis(100))
///     .with_max_backoff(Duration::from_secs(2));
/// assert_eq!(policy.max_attempts(), 5);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// The default policy (see the type's documentation).
    pub fn new() -> Self {
        Self::default()
    }

    /// A policy that sends every request once and never retries.
    pub fn none() -> Self {
        Self::default().with_max_attempts(1)
    }

    /// Sets how many times a request is sent at most, the first attempt included (at least 1).
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts;
        self
    }

    /// Sets the wait before the second attempt, before jitter; later waits double.
    pub fn with_initial_backoff(mut self, initial_backoff: Duration) -> Self {
        self.initial_backoff = initial_backoff;
        self
    }

    /// Sets the longest wait between two attempts, before jitter.
    pub fn with_max_backoff(mut self, max_backoff: Duration) -> Self {
        self.max_backoff = max_backoff;
        self
    }

    /// Sets the longest `Retry-After` the client waits for; a server asking for more ends the retries
    /// with an error that carries the requested wait.
    pub fn with_max_retry_after(mut self, max_retry_after: Duration) -> Self {
        self.max_retry_after = max_retry_after;
        self
    }

    /// How many times a request is sent at most.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The wait before the second attempt, before jitter.
    pub fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// The longest wait between two attempts, before jitter.
    pub fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// The longest `Retry-After` the client honours.
    pub fn max_retry_after(&self) -> Duration {
        self.max_retry_after
    }

    pub(crate) fn validate(&self) -> Result<(), String> {
        if self.max_attempts == 0 {
            return Err("the retry policy needs at least 1 attempt".to_owned());
        }
        if self.initial_backoff > self.max_backoff {
            return Err(format!(
                "the retry policy's initial backoff ({:?}) exceeds its maximum backoff ({:?})",
                self.initial_backoff, self.max_backoff
            ));
        }
        Ok(())
    }

    /// The waits between attempts, with full jitter applied.
    pub(crate) fn backoff(&self) -> Backoff {
        let schedule = ExponentialBuilder::default()
            .with_min_delay(self.initial_backoff)
            .with_max_delay(self.max_backoff)
            .with_factor(2.0)
            .without_max_times()
            .build();
        Backoff {
            schedule: Box::new(schedule),
        }
    }
}

/// An endless sequence of jittered waits.
pub(crate) struct Backoff {
    schedule: Box<dyn Iterator<Item = Duration> + Send>,
}

impl Backoff {
    /// The next wait: a random duration between zero and the next capped exponential value.
    pub(crate) fn next_delay(&mut self) -> Duration {
        let cap = self.schedule.next().unwrap_or_default();
        full_jitter(cap)
    }
}

fn full_jitter(cap: Duration) -> Duration {
    let nanos = u64::try_from(cap.as_nanos()).unwrap_or(u64::MAX);
    Duration::from_nanos(fastrand::u64(0..=nanos))
}

/// The wait a `Retry-After` header asks for: delta seconds or an HTTP date (a date in the past means
/// no wait). `None` when the header is absent or unreadable.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Whether a status is worth another attempt.
pub(crate) fn is_retryable_status(status: http::StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 500 | 502 | 503 | 504)
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn headers(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            http::header::RETRY_AFTER,
            HeaderValue::from_str(value).expect("valid header"),
        );
        headers
    }

    #[test]
    fn retry_after_reads_seconds() {
        assert_eq!(
            retry_after(&headers(" 7 "), SystemTime::now()),
            Some(Duration::from_secs(7))
        );
    }

    #[test]
    fn retry_after_reads_http_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let later = httpdate::fmt_http_date(now + Duration::from_secs(12));
        assert_eq!(
            retry_after(&headers(&later), now),
            Some(Duration::from_secs(12))
        );
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(12));
        assert_eq!(retry_after(&headers(&earlier), now), Some(Duration::ZERO));
    }

    #[test]
    fn retry_after_ignores_garbage() {
        assert_eq!(retry_after(&headers("soon"), SystemTime::now()), None);
        assert_eq!(retry_after(&headers("-3"), SystemTime::now()), None);
        assert_eq!(retry_after(&HeaderMap::new(), SystemTime::now()), None);
    }

    #[test]
    fn backoff_stays_within_the_capped_exponential() {
        let policy = RetryPolicy::default()
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_millis(300));
        let mut backoff = policy.backoff();
        let caps = [100, 200, 300, 300, 300];
        for cap in caps {
            assert!(backoff.next_delay() <= Duration::from_millis(cap));
        }
    }

    #[test]
    fn validation_refuses_zero_attempts() {
        assert!(
            RetryPolicy::default()
                .with_max_attempts(0)
                .validate()
                .is_err()
        );
        assert!(RetryPolicy::none().validate().is_ok());
    }
}
