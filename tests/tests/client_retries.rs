//! Transient failures are retried by the retry policy; `Retry-After` is honoured in both forms and
//! capped.

mod client_support;

use std::time::{Duration, SystemTime};

use client_support::{bearer_client, builder, capture_logs, fast_retries};
use sessions_api::fake::{FakeServer, RetryAfter};
use sessions_api::{Environment, ErrorKind, RetryPolicy};

async fn fake() -> FakeServer {
    FakeServer::builder().generated_sessions(5, 1).start().await
}

/// The value of `field` (`wait_ms`, `retry_after_ms`) in every "retrying" event of the captured
/// logs.
fn retrying(logs: &str, field: &str) -> Vec<u64> {
    let key = format!("{field}=");
    logs.lines()
        .filter(|line| line.contains("retrying"))
        .filter_map(|line| {
            let start = line.find(&key)? + key.len();
            let digits: String = line[start..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse().ok()
        })
        .collect()
}

/// The `wait_ms` of every "retrying" event in the captured logs.
fn waits(logs: &str) -> Vec<u64> {
    retrying(logs, "wait_ms")
}

/// The most a `Retry-After` wait grows by with [`fast_retries`]: its maximum backoff.
const JITTER_MS: u64 = 5;

#[tokio::test]
async fn server_errors_then_success_are_retried() {
    for status in [500, 502, 503, 504, 408] {
        let fake = fake().await;
        let client = bearer_client(&fake.base_url(), fake.token());
        fake.fail_next(2, status);
        let page = client
            .sessions(fake.flow_id(), Environment::Live)
            .page(1)
            .await
            .unwrap_or_else(|e| panic!("{status} twice, then success: {e}"));
        assert_eq!(page.items().len(), 5);
        assert_eq!(fake.list_calls(), 3, "status {status}");
    }
}

#[tokio::test]
async fn retries_end_after_max_attempts_with_the_last_status() {
    let fake = fake().await;
    let client = builder(&fake.base_url())
        .bearer_token(fake.token())
        .retry(fast_retries(4))
        .build()
        .expect("valid");
    fake.fail_next(10, 503);
    let error = client
        .sessions(fake.flow_id(), Environment::Live)
        .page(1)
        .await
        .expect_err("always 503");
    assert_eq!(error.kind(), &ErrorKind::Server);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(error.attempts(), 4);
    assert!(error.is_retryable());
    assert_eq!(fake.list_calls(), 4);
}

#[tokio::test]
async fn no_retries_with_a_single_attempt_policy() {
    let fake = fake().await;
    let client = builder(&fake.base_url())
        .bearer_token(fake.token())
        .retry(RetryPolicy::none())
        .build()
        .expect("valid");
    fake.fail_next(1, 500);
    let error = client
        .sessions(fake.flow_id(), Environment::Live)
        .page(1)
        .await
        .expect_err("500");
    assert_eq!(error.kind(), &ErrorKind::Server);
    assert_eq!(fake.list_calls(), 1);
}

#[tokio::test]
async fn rate_limiting_with_retry_after_seconds_waits_as_asked() {
    let (_guard, logs) = capture_logs();
    let fake = fake().await;
    let client = bearer_client(&fake.base_url(), fake.token());
    fake.rate_limit_next(1, RetryAfter::Seconds(1));
    let page = client
        .sessions(fake.flow_id(), Environment::Live)
        .page(1)
        .await
        .expect("success after the wait");
    assert_eq!(page.items().len(), 5);
    assert_eq!(fake.list_calls(), 2);
    let logs = logs.text();
    assert_eq!(retrying(&logs, "retry_after_ms"), vec![1000], "{logs}");
    let waits = waits(&logs);
    assert_eq!(waits.len(), 1, "{logs}");
    assert!(
        (1000..=1000 + JITTER_MS).contains(&waits[0]),
        "the asked wait plus a bounded jitter: {waits:?}"
    );
}

#[tokio::test]
async fn rate_limiting_with_an_http_date_waits_until_that_date() {
    let (_guard, logs) = capture_logs();
    let fake = fake().await;
    let client = bearer_client(&fake.base_url(), fake.token());
    fake.rate_limit_next(
        1,
        RetryAfter::Date(SystemTime::now() + Duration::from_secs(2)),
    );
    client
        .sessions(fake.flow_id(), Environment::Live)
        .page(1)
        .await
        .expect("success after the wait");
    assert_eq!(fake.list_calls(), 2);
    let waits = waits(&logs.text());
    assert_eq!(waits.len(), 1, "{}", logs.text());
    // HTTP dates have a resolution of one second.
    assert!(
        (1..=2000 + JITTER_MS).contains(&waits[0]),
        "waited {} ms for a date 2 s ahead",
        waits[0]
    );
}

#[tokio::test]
async fn rate_limiting_with_a_date_in_the_past_retries_at_once() {
    let fake = fake().await;
    let client = bearer_client(&fake.base_url(), fake.token());
    fake.rate_limit_next(
        1,
        RetryAfter::Date(SystemTime::now() - Duration::from_secs(60)),
    );
    client
        .sessions(fake.flow_id(), Environment::Live)
        .page(1)
        .await
        .expect("success");
    assert_eq!(fake.list_calls(), 2);
}

#[tokio::test]
async fn retry_after_beyond_the_cap_ends_the_retries_with_the_asked_wait() {
    let fake = fake().await;
    let client = bearer_client(&fake.base_url(), fake.token());
    fake.rate_limit_next(3, RetryAfter::Seconds(120));
    let error = client
        .sessions(fake.flow_id(), Environment::Live)
        .page(1)
        .await
        .expect_err("wait too long");
    assert_eq!(error.kind(), &ErrorKind::RateLimited);
    assert_eq!(error.retry_after(), Some(Duration::from_secs(120)));
    assert_eq!(error.status().map(|s| s.as_u16()), Some(429));
    assert!(error.is_retryable());
    assert!(error.to_string().contains("wait 120s"), "{error}");
    assert_eq!(fake.list_calls(), 1);
}

#[tokio::test]
async fn rate_limiting_without_retry_after_is_retried_up_to_the_attempt_limit() {
    let fake = fake().await;
    let client = bearer_client(&fake.base_url(), fake.token());
    fake.rate_limit_next(5, RetryAfter::Absent);
    let error = client
        .sessions(fake.flow_id(), Environment::Live)
        .page(1)
        .await
        .expect_err("always 429");
    assert_eq!(error.kind(), &ErrorKind::RateLimited);
    assert_eq!(error.retry_after(), None);
    assert_eq!(error.attempts(), 3);
    assert_eq!(fake.list_calls(), 3);
}

#[tokio::test]
async fn backoff_waits_stay_under_the_configured_maximum() {
    let (_guard, logs) = capture_logs();
    let fake = fake().await;
    let client = builder(&fake.base_url())
        .bearer_token(fake.token())
        .retry(
            RetryPolicy::default()
                .with_max_attempts(5)
                .with_initial_backoff(Duration::from_millis(2))
                .with_max_backoff(Duration::from_millis(8)),
        )
        .build()
        .expect("valid");
    fake.fail_next(4, 500);
    client
        .sessions(fake.flow_id(), Environment::Live)
        .page(1)
        .await
        .expect("success on the fifth attempt");
    let waits = waits(&logs.text());
    assert_eq!(waits.len(), 4);
    // Full jitter: each wait is at most the capped exponential value (2, 4, 8, 8 ms).
    for (wait, cap) in waits.iter().zip([2, 4, 8, 8]) {
        assert!(*wait <= cap, "waited {wait} ms, cap {cap} ms");
    }
}
