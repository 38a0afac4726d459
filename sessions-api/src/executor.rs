//! Sends every request of the generated client: credentials, timeouts, the body limit, retries and
//! the tracing span.
//!
//! The generated client hands each request to [`Executor`] (through `sessions_api_gen::Hooks`) and
//! decodes the response it gets back. A success is returned as a response rebuilt from the body
//! already read (under the size limit); any failure, classified here by status or cause, travels back
//! as a response whose body fails with the typed [`Error`], which the wrapper then takes out of the
//! generated client's error. So nothing is ever classified by matching message strings.

use std::fmt;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use futures::future::BoxFuture;
use http::header::{AUTHORIZATION, HeaderValue, LOCATION, USER_AGENT};
use http::{HeaderMap, StatusCode};
use progenitor_client::OperationInfo;
use sessions_api_gen::RequestExecutor;
use sessions_api_gen::types::{ApiError, ApiErrorMessage};
use tracing::Instrument;

use crate::auth::{Auth, Credential};
use crate::body;
use crate::error::{BoxError, Carried, Error, ErrorKind, snippet};
use crate::retry::{self, RetryPolicy, is_retryable_status};
use crate::transport::{self, host_of};

/// At most this many characters of a server's error message are kept.
const MESSAGE_CHARS: usize = 300;

/// The per-request behaviour of a [`Client`](crate::Client).
pub(crate) struct Executor {
    pub(crate) auth: Auth,
    pub(crate) retry: RetryPolicy,
    pub(crate) timeout: Duration,
    pub(crate) max_body_size: u64,
    pub(crate) user_agent: HeaderValue,
}

impl fmt::Debug for Executor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Executor")
            .field("auth", &self.auth)
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("max_body_size", &self.max_body_size)
            .finish()
    }
}

impl RequestExecutor for Executor {
    fn execute<'a>(
        &'a self,
        client: &'a reqwest::Client,
        request: reqwest::Request,
        info: &'a OperationInfo,
    ) -> BoxFuture<'a, reqwest::Result<reqwest::Response>> {
        Box::pin(async move {
            Ok(match self.run(client, request, info.operation_id).await {
                Ok(response) => response,
                Err(error) => carry(error),
            })
        })
    }
}

/// A response whose body fails with `error`: the generated client reports it as a body error whose
/// source chain holds the error.
fn carry(error: Error) -> reqwest::Response {
    let failure: Result<Bytes, BoxError> = Err(Box::new(Carried::new(error)));
    let body = reqwest::Body::wrap_stream(futures::stream::iter([failure]));
    reqwest::Response::from(http::Response::new(body))
}

impl Executor {
    async fn run(
        &self,
        client: &reqwest::Client,
        request: reqwest::Request,
        operation: &'static str,
    ) -> Result<reqwest::Response, Error> {
        let span = tracing::info_span!(
            "sessions_api.request",
            operation,
            flow_id = tracing::field::Empty,
            page = tracing::field::Empty,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        if !span.is_disabled() {
            let (flow_id, page) = describe(request.url());
            if let Some(flow_id) = flow_id {
                span.record("flow_id", flow_id.as_str());
            }
            if let Some(page) = page {
                span.record("page", page);
            }
        }
        let url = request.url().clone();
        let started = Instant::now();
        let result = self
            .attempts(client, request, &span)
            .instrument(span.clone())
            .await;
        let latency_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        span.record("latency_ms", latency_ms);
        let status = match &result {
            Ok(response) => Some(response.status()),
            Err(error) => error.status(),
        };
        if let Some(status) = status {
            span.record("status", status.as_u16());
        }
        span.in_scope(|| match &result {
            Ok(_) => tracing::debug!(latency_ms, "request succeeded"),
            Err(error) => tracing::debug!(latency_ms, kind = ?error.kind(), "request failed"),
        });
        result.map_err(|error| error.with_host(host_of(&url)))
    }

    /// Sends the request until it succeeds, fails for good, or the attempts run out.
    async fn attempts(
        &self,
        client: &reqwest::Client,
        request: reqwest::Request,
        span: &tracing::Span,
    ) -> Result<reqwest::Response, Error> {
        let mut backoff = self.retry.backoff();
        let mut sent = 0u32;
        let mut retries = 0u32;
        let mut refreshed = false;
        loop {
            sent += 1;
            span.record("attempt", sent);
            let outcome = match self.auth.credential().await {
                Ok(credential) => self
                    .attempt(client, &request, &credential)
                    .await
                    .map_err(|e| (e, Some(credential))),
                Err(error) => Err((error, None)),
            };
            let (error, credential) = match outcome {
                Ok(response) => return Ok(response),
                Err(failure) => failure,
            };
            if let (ErrorKind::Unauthorized, Some(credential)) = (error.kind(), &credential)
                && self.auth.can_refresh()
                && !refreshed
            {
                refreshed = true;
                tracing::debug!(attempt = sent, "token refused (401): fetching a new token");
                self.auth
                    .refresh_after_rejection(credential)
                    .await
                    .map_err(|e| e.with_attempts(sent))?;
                continue;
            }
            // Only idempotent requests are sent again (the List sessions GET is).
            if !error.is_retryable()
                || !request.method().is_idempotent()
                || retries + 1 >= self.retry.max_attempts()
            {
                return Err(error.with_attempts(sent));
            }
            let wait = match error.retry_after() {
                Some(asked) if asked > self.retry.max_retry_after() => {
                    tracing::debug!(
                        attempt = sent,
                        retry_after_ms = duration_ms(asked),
                        "the server asks to wait longer than allowed: giving up"
                    );
                    return Err(error.with_attempts(sent));
                }
                Some(asked) => asked,
                None => backoff.next_delay(),
            };
            tracing::info!(
                attempt = sent,
                status = error.status().map(|s| s.as_u16()),
                kind = ?error.kind(),
                wait_ms = duration_ms(wait),
                "retrying"
            );
            retries += 1;
            tokio::time::sleep(wait).await;
        }
    }

    /// Sends the request once with `credential` and reads the whole answer.
    async fn attempt(
        &self,
        client: &reqwest::Client,
        request: &reqwest::Request,
        credential: &Credential,
    ) -> Result<reqwest::Response, Error> {
        let mut request = request
            .try_clone()
            .ok_or_else(|| Error::invalid_request("the request body cannot be sent again"))?;
        let headers = request.headers_mut();
        headers.insert(AUTHORIZATION, credential.header.clone());
        headers.insert(USER_AGENT, self.user_agent.clone());

        let exchange = async {
            let response = client
                .execute(request)
                .await
                .map_err(|e| transport::classify(e, "while sending the request"))?;
            let status = response.status();
            let version = response.version();
            let headers = response.headers().clone();
            let bytes = body::read_capped(response, self.max_body_size).await?;
            Ok::<_, Error>((status, version, headers, bytes))
        };
        let (status, version, headers, bytes) =
            match tokio::time::timeout(self.timeout, exchange).await {
                Ok(result) => result?,
                Err(_) => {
                    return Err(Error::new(ErrorKind::Timeout).with_timeout(self.timeout));
                }
            };
        crate::raw::record(status, &headers, &bytes);
        if !status.is_success() {
            return Err(self.classify_status(status, &headers, &bytes, credential));
        }
        if let Some(media_type) = body::media_type(&headers)
            && !body::is_json(&media_type)
        {
            return Err(Error::new(ErrorKind::Decode)
                .with_status(status)
                .with_detail(format!("its content type is `{media_type}`, not JSON"))
                .with_body_snippet(Some(self.auth.redact_sent(&snippet(&bytes), credential))));
        }
        let mut rebuilt = http::Response::new(reqwest::Body::from(bytes));
        *rebuilt.status_mut() = status;
        *rebuilt.version_mut() = version;
        *rebuilt.headers_mut() = headers;
        Ok(reqwest::Response::from(rebuilt))
    }

    /// The error for a response that is not a success, by its status.
    fn classify_status(
        &self,
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
        sent: &Credential,
    ) -> Error {
        let retry_after = retry::retry_after(headers, SystemTime::now());
        let kind = match status.as_u16() {
            400 | 422 => ErrorKind::InvalidRequest,
            401 => ErrorKind::Unauthorized,
            403 => ErrorKind::Forbidden,
            404 => ErrorKind::NotFound,
            408 => ErrorKind::Timeout,
            429 => ErrorKind::RateLimited { retry_after },
            500..=599 => ErrorKind::Server,
            _ => ErrorKind::UnexpectedStatus,
        };
        let detail = if status.is_redirection() {
            let target = headers
                .get(LOCATION)
                .and_then(|l| l.to_str().ok())
                .and_then(|l| url::Url::parse(l).ok())
                .and_then(|u| host_of(&u));
            Some(match target {
                Some(host) => format!("a redirect to {host}, not followed (another host)"),
                None => "a redirect, not followed".to_owned(),
            })
        } else {
            api_message(body).map(|m| self.auth.redact_sent(&m, sent))
        };
        let mut error = Error::new(kind)
            .with_status(status)
            .with_retryable(is_retryable_status(status))
            .with_body_snippet(Some(self.auth.redact_sent(&snippet(body), sent)))
            .with_retry_after(retry_after);
        if let Some(detail) = detail {
            error = error.with_detail(detail);
        }
        error
    }
}

/// The message of an error body in the contract's lenient `ApiError` shape, bounded.
fn api_message(body: &[u8]) -> Option<String> {
    let error: ApiError = serde_json::from_slice(body).ok()?;
    let message = match error.message? {
        ApiErrorMessage::String(message) => message,
        ApiErrorMessage::Array(messages) => messages.join("; "),
        // A message shape this version does not know.
        _ => return None,
    };
    let mut bounded: String = message.chars().take(MESSAGE_CHARS).collect();
    if message.chars().count() > MESSAGE_CHARS {
        bounded.push('…');
    }
    Some(bounded).filter(|m| !m.trim().is_empty())
}

/// The flow id segment and the page number of a List sessions URL, for the tracing span.
fn describe(url: &url::Url) -> (Option<String>, Option<i64>) {
    let flow_id = url.path_segments().and_then(|mut segments| {
        segments.by_ref().find(|s| *s == "flows")?;
        segments.next().map(str::to_owned)
    });
    let page = url
        .query_pairs()
        .find(|(k, _)| k == "page")
        .and_then(|(_, v)| v.parse().ok());
    (flow_id, page)
}

fn duration_ms(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describe_finds_flow_and_page() {
        let url = url::Url::parse("http://h/api/v1/flows/a%2Fb/live/sessions?size=2&page=3")
            .expect("valid");
        assert_eq!(describe(&url), (Some("a%2Fb".to_owned()), Some(3)));
    }

    #[test]
    fn api_messages_are_read_in_both_shapes() {
        assert_eq!(
            api_message(br#"{"statusCode":400,"message":["a","b"]}"#).as_deref(),
            Some("a; b")
        );
        assert_eq!(
            api_message(br#"{"message":"nope"}"#).as_deref(),
            Some("nope")
        );
        assert_eq!(api_message(b"<html>"), None);
    }
}
