//! Helpers shared by the client tests: fast retry policies and clients for loopback servers.

#![allow(dead_code)]

use std::time::Duration;

use sessions_api::{Client, ClientBuilder, RetryPolicy};

/// The documented example page.
pub const DOCUMENTED: &str = include_str!("../../../spec/examples/documented.json");

/// Retries that wait milliseconds, so tests stay fast.
pub fn fast_retries(max_attempts: u32) -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(max_attempts)
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(5))
        .with_max_retry_after(Duration::from_secs(3))
}

/// A builder for `base_url` with short timeouts and fast retries.
pub fn builder(base_url: &str) -> ClientBuilder {
    Client::builder()
        .base_url(base_url)
        .timeout(Duration::from_secs(5))
        .connect_timeout(Duration::from_secs(2))
        .retry(fast_retries(3))
}

/// A client for `base_url` with a bearer token.
pub fn bearer_client(base_url: &str, token: &str) -> Client {
    builder(base_url)
        .bearer_token(token)
        .build()
        .expect("valid configuration")
}

/// Everything the `tracing` subscriber installed by [`capture_logs`] wrote, at TRACE level.
#[derive(Clone, Default)]
pub struct Logs(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl Logs {
    /// The captured text.
    pub fn text(&self) -> String {
        let bytes = self.0.lock().map(|b| b.clone()).unwrap_or_default();
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

impl std::io::Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut bytes) = self.0.lock() {
            bytes.extend_from_slice(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Logs {
    type Writer = Logs;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// Captures all tracing output of the current thread (use a current-thread runtime) at TRACE
/// level, dependencies included, until the guard is dropped.
pub fn capture_logs() -> (tracing::subscriber::DefaultGuard, Logs) {
    let logs = Logs::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(logs.clone())
        .finish();
    (tracing::subscriber::set_default(subscriber), logs)
}

/// A wiremock server that answers every GET with `template`.
pub async fn answering(template: wiremock::ResponseTemplate) -> wiremock::MockServer {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .respond_with(template)
        .mount(&server)
        .await;
    server
}
