//! When and how long to wait before sending a request again.
//!
//! Only the idempotent GET of this API is retried: after a transport failure, a timeout, 408, 429,
//! 500, 502, 503 or 504 (the statuses are classified in one place, `Error::from_status`; the
//! executor retries whatever it calls retryable). Waits grow exponentially up to a cap, with full jitter (a random wait between
//! zero and the capped exponential value, so concurrent clients spread out). A `Retry-After` header,
//! in seconds or as an HTTP date, is honoured when it asks for no more than
//! [`max_retry_after`](RetryPolicy::max_retry_after), plus a small random addition so that requests
//! told to wait the same time do not all come back at the same instant; a longer wait ends the
//! retries at once and the error carries the wait the server asked for.
//!
//! The waits are computed here in a few lines rather than by a retry crate: the executor's loop has
//! rules of its own (one token refresh after a 401 that is not a retry, a `Retry-After` that can end
//! the retries, the last answer kept for raw capture) that a generic retry driver would need shared
//! state and a stop flag to express, and a doubling capped delay is all such a crate would add.

use std::time::{Duration, SystemTime};

use http::HeaderMap;

/// How a request is retried. The default makes 3 attempts; with full jitter the wait before the
/// second is anywhere between 0 and 200 ms, before the third between 0 and 400 ms (the cap doubles
/// with each retry, never beyond 5 s), and `Retry-After` is honoured up to 30 s.
///
/// A wait the server asks for with `Retry-After` gets a random addition between zero and a tenth
/// of that wait, at least [`initial_backoff`](Self::initial_backoff) and at most
/// [`max_backoff`](Self::max_backoff) (by default up to 200 ms on a 1 s wait, up to 3 s on a
/// 30 s wait), so that the requests a server slowed down at once do not all return in the same
/// instant.
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
#[must_use = "a retry policy does nothing until it is given to ClientBuilder::retry"]
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

    /// The wait before retry number `retry` (0 for the first), or `None` when the server asks to
    /// wait longer than [`max_retry_after`](Self::max_retry_after) and the retries end.
    ///
    /// Without `Retry-After`: a random wait between zero and the capped exponential value (full
    /// jitter). With it: the wait asked for plus a random addition of up to
    /// [`retry_after_jitter`](Self::retry_after_jitter).
    pub(crate) fn wait(
        &self,
        retry: u32,
        retry_after: Option<Duration>,
        rng: &mut fastrand::Rng,
    ) -> Option<Duration> {
        match retry_after {
            Some(asked) if asked > self.max_retry_after => None,
            Some(asked) => {
                Some(asked.saturating_add(random_up_to(self.retry_after_jitter(asked), rng)))
            }
            None => Some(random_up_to(self.backoff_cap(retry), rng)),
        }
    }

    /// The longest random addition to a `Retry-After` wait: a tenth of it, at least the initial
    /// backoff, at most the maximum backoff.
    fn retry_after_jitter(&self, asked: Duration) -> Duration {
        (asked / 10).max(self.initial_backoff).min(self.max_backoff)
    }

    /// The exponential wait before retry number `retry`, capped: initial, double, ..., maximum.
    fn backoff_cap(&self, retry: u32) -> Duration {
        let factor = 1u32.checked_shl(retry).unwrap_or(u32::MAX);
        self.initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff)
    }
}

/// A random duration between zero and `cap`, both included.
fn random_up_to(cap: Duration, rng: &mut fastrand::Rng) -> Duration {
    let nanos = u64::try_from(cap.as_nanos()).unwrap_or(u64::MAX);
    Duration::from_nanos(rng.u64(0..=nanos))
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
        let mut rng = fastrand::Rng::with_seed(1);
        for (retry, cap) in [(0, 100), (1, 200), (2, 300), (3, 300), (40, 300)] {
            let waits: Vec<Duration> = (0..200)
                .map(|_| policy.wait(retry, None, &mut rng).expect("no Retry-After"))
                .collect();
            assert!(waits.iter().all(|w| *w <= Duration::from_millis(cap)));
            assert!(
                waits.iter().any(|w| *w > Duration::from_millis(cap) / 2),
                "full jitter reaches the upper half of the cap"
            );
        }
    }

    #[test]
    fn retry_after_waits_get_a_bounded_random_addition() {
        let policy = RetryPolicy::default();
        let mut rng = fastrand::Rng::with_seed(7);
        for (asked, jitter) in [
            (Duration::ZERO, Duration::from_millis(200)),
            (Duration::from_secs(1), Duration::from_millis(200)),
            (Duration::from_secs(10), Duration::from_secs(1)),
            (Duration::from_secs(30), Duration::from_secs(3)),
        ] {
            let waits: Vec<Duration> = (0..200)
                .map(|_| policy.wait(0, Some(asked), &mut rng).expect("allowed"))
                .collect();
            assert!(
                waits.iter().all(|w| *w >= asked && *w <= asked + jitter),
                "{asked:?}: {waits:?}"
            );
            let distinct: std::collections::HashSet<&Duration> = waits.iter().collect();
            assert!(distinct.len() > 100, "{asked:?}: waits are spread out");
        }
    }

    #[test]
    fn retry_after_jitter_never_exceeds_the_maximum_backoff() {
        let policy = RetryPolicy::default()
            .with_initial_backoff(Duration::from_millis(1))
            .with_max_backoff(Duration::from_millis(5))
            .with_max_retry_after(Duration::from_secs(60));
        let mut rng = fastrand::Rng::with_seed(3);
        let asked = Duration::from_secs(60);
        for _ in 0..200 {
            let wait = policy.wait(0, Some(asked), &mut rng).expect("allowed");
            assert!(wait >= asked && wait <= asked + Duration::from_millis(5));
        }
    }

    #[test]
    fn a_longer_retry_after_than_allowed_ends_the_retries() {
        let policy = RetryPolicy::default().with_max_retry_after(Duration::from_secs(30));
        let mut rng = fastrand::Rng::with_seed(5);
        assert_eq!(
            policy.wait(0, Some(Duration::from_secs(31)), &mut rng),
            None
        );
        assert!(
            policy
                .wait(0, Some(Duration::from_secs(30)), &mut rng)
                .is_some()
        );
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
