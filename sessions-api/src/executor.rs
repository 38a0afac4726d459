//! Sends every request of the generated client: credentials, timeouts, the body limit, retries and
//! the tracing span, and brings back what happened as one [`Exchange`].
//!
//! # The way back
//!
//! [`Exchange`] is the one record of a request: the last response read in full, how many times the
//! request was sent, where to, and the typed [`Error`] when it failed (classified by status in
//! [`Error::from_status`], or by cause, never by matching message strings).
//! [`Executor::send`] makes it. The generated client sits between the executor and the caller
//! and knows only `reqwest` types, so the exchange reaches the caller by one of two routes, each
//! carrying the same `Exchange`:
//!
//! - this crate's own requests go through a [`Call`](crate::call::Call): a generated client built
//!   for that one request, whose executor keeps the exchange for the caller to read after the
//!   generated client returns ([`Call::map_error`](crate::call::Call::map_error)). It is the only route
//!   that also keeps the exchange of a success the generated client then fails to decode.
//! - requests of the shared generated client ([`Client::raw`](crate::Client::raw)) get the
//!   exchange packed into the response the generated client reads ([`Exchange::into_response`]):
//!   in its extensions for a success, as the error of its body for a failure.
//!   [`Exchange::find_in`] takes it back out of the generated client's error.

use std::error::Error as StdError;
use std::fmt;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use futures::future::BoxFuture;
use http::header::{AUTHORIZATION, HeaderValue, LOCATION, USER_AGENT};
use http::{HeaderMap, StatusCode, Version};
use progenitor_client::OperationInfo;
use sessions_api_gen::RequestExecutor;
use sessions_api_gen::types::{ApiError, ApiErrorMessage};
use tracing::Instrument;

use crate::auth::{Auth, Credential};
use crate::body;
use crate::error::{BoxError, Error, ErrorKind};
use crate::retry::{self, RetryPolicy};
use crate::transport::{self, host_of};
use sessions_api_gen::Error as Generated;

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
            Ok(self
                .send(client, request, info.operation_id)
                .await
                .into_response())
        })
    }
}

/// One response read in full (under the body limit): the `last` of an [`Exchange`].
#[derive(Clone)]
pub(crate) struct FullResponse {
    pub(crate) status: StatusCode,
    pub(crate) version: Version,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

/// Never the body: it may hold personal data.
impl fmt::Debug for FullResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FullResponse")
            .field("status", &self.status)
            .field("version", &self.version)
            .field("body_len", &self.body.len())
            .finish_non_exhaustive()
    }
}

/// What one request came to, retries included: the one record the executor hands back (see
/// [the way back](self#the-way-back)).
#[derive(Clone, Debug)]
pub(crate) struct Exchange {
    /// The last response read in full, from any attempt, whatever its status; `None` when no
    /// attempt got that far.
    pub(crate) last: Option<FullResponse>,
    /// How many times the request was sent.
    pub(crate) attempts: u32,
    /// The host the request went to.
    pub(crate) host: Option<String>,
    /// Why the request failed (with its status, attempts and host); `None` when `last` is a
    /// success for the caller to decode.
    pub(crate) error: Option<Error>,
}

impl Exchange {
    /// The error of a request that failed, or of a success the generated client then refused:
    /// `found` (a decode error, an undocumented status) with this exchange's status, attempts and
    /// host; the executor's own error comes back whole.
    pub(crate) fn error_after(self, found: Error) -> Error {
        match (self.error, self.last) {
            (Some(error), _) => error,
            (None, Some(last)) => found.with_exchange(last.status, self.attempts, self.host),
            (None, None) => found.with_attempts(self.attempts).with_host(self.host),
        }
    }

    /// The response the generated client reads: the success as received, with this exchange in
    /// its extensions, or a response whose body fails with this exchange.
    pub(crate) fn into_response(self) -> reqwest::Response {
        let exchange = match (&self.error, &self.last) {
            (None, Some(_)) => self,
            (Some(_), _) => return fail_body(self),
            (None, None) => {
                let error = Error::new(ErrorKind::Transport)
                    .with_detail("no response was read")
                    .with_attempts(self.attempts)
                    .with_host(self.host.clone());
                return fail_body(Self {
                    error: Some(error),
                    ..self
                });
            }
        };
        let Some(last) = exchange.last.clone() else {
            return fail_body(exchange);
        };
        let mut rebuilt = http::Response::new(reqwest::Body::from(last.body));
        *rebuilt.status_mut() = last.status;
        *rebuilt.version_mut() = last.version;
        *rebuilt.headers_mut() = last.headers;
        rebuilt.extensions_mut().insert(exchange);
        reqwest::Response::from(rebuilt)
    }

    /// The exchange [`into_response`](Self::into_response) packed into the response behind an
    /// error of the generated client, when the error still holds it.
    pub(crate) fn find_in(error: &Generated<ApiError>) -> Option<Exchange> {
        let mut current: Option<&(dyn StdError + 'static)> = match error {
            Generated::UnexpectedResponse(response) => {
                return response.extensions().get::<Exchange>().cloned();
            }
            Generated::CommunicationError(e)
            | Generated::ResponseBodyError(e)
            | Generated::InvalidUpgrade(e) => Some(e),
            _ => None,
        };
        while let Some(e) = current {
            if let Some(exchange) = e.downcast_ref::<Exchange>() {
                return Some(exchange.clone());
            }
            current = e.source();
        }
        None
    }
}

/// A response whose body fails with `exchange`: the generated client reports it as a body error
/// whose source chain holds the exchange.
fn fail_body(exchange: Exchange) -> reqwest::Response {
    let failure: Result<Bytes, BoxError> = Err(Box::new(exchange));
    let body = reqwest::Body::wrap_stream(futures::stream::iter([failure]));
    reqwest::Response::from(http::Response::new(body))
}

/// The failure of the exchange, as the error of a body the generated client could not read.
impl fmt::Display for Exchange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.error {
            Some(error) => fmt::Display::fmt(error, f),
            None => f.write_str("sessions-api exchange"),
        }
    }
}

impl StdError for Exchange {}

impl Executor {
    /// Sends `request` until it succeeds, fails for good, or the attempts run out, in a
    /// `sessions_api.request` span.
    pub(crate) async fn send(
        &self,
        client: &reqwest::Client,
        request: reqwest::Request,
        operation: &'static str,
    ) -> Exchange {
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
        let host = host_of(request.url());
        let started = Instant::now();
        let mut last = None;
        let (attempts, result) = self
            .attempts(client, &request, &span, &mut last)
            .instrument(span.clone())
            .await;
        let latency_ms = duration_ms(started.elapsed());
        span.record("latency_ms", latency_ms);
        let status = match &result {
            Ok(()) => last.as_ref().map(|answer| answer.status),
            Err(error) => error.status(),
        };
        if let Some(status) = status {
            span.record("status", status.as_u16());
        }
        span.in_scope(|| match &result {
            Ok(()) => tracing::debug!(latency_ms, "request succeeded"),
            Err(error) => tracing::debug!(latency_ms, kind = ?error.kind(), "request failed"),
        });
        Exchange {
            error: result
                .err()
                .map(|error| error.with_attempts(attempts).with_host(host.clone())),
            last,
            attempts,
            host,
        }
    }

    /// Sends the request until it succeeds, fails for good, or the attempts run out; leaves the
    /// last answer read in full in `last` and returns how many times the request was sent.
    async fn attempts(
        &self,
        client: &reqwest::Client,
        request: &reqwest::Request,
        span: &tracing::Span,
        last: &mut Option<FullResponse>,
    ) -> (u32, Result<(), Error>) {
        let mut rng = fastrand::Rng::new();
        let mut sent = 0u32;
        let mut retries = 0u32;
        let mut refreshed = false;
        loop {
            sent += 1;
            span.record("attempt", sent);
            let (error, credential) = match self.auth.credential().await {
                Err(error) => (error, None),
                Ok(credential) => match self.attempt(client, request, &credential).await {
                    Ok(answer) => {
                        let verdict = self.check(&answer, &credential);
                        *last = Some(answer);
                        match verdict {
                            Ok(()) => return (sent, Ok(())),
                            Err(error) => (error, Some(credential)),
                        }
                    }
                    Err(error) => (error, Some(credential)),
                },
            };
            if let (ErrorKind::Unauthorized, Some(credential)) = (error.kind(), &credential)
                && self.auth.can_refresh()
                && !refreshed
            {
                refreshed = true;
                tracing::debug!(attempt = sent, "token refused (401): fetching a new token");
                if let Err(error) = self.auth.refresh_after_rejection(credential).await {
                    return (sent, Err(error));
                }
                continue;
            }
            // Only idempotent requests are sent again (the List sessions GET is).
            if !error.is_retryable()
                || !request.method().is_idempotent()
                || retries + 1 >= self.retry.max_attempts()
            {
                return (sent, Err(error));
            }
            let Some(wait) = self.retry.wait(retries, error.retry_after(), &mut rng) else {
                tracing::debug!(
                    attempt = sent,
                    retry_after_ms = error.retry_after().map(duration_ms),
                    "the server asks to wait longer than allowed: giving up"
                );
                return (sent, Err(error));
            };
            tracing::info!(
                attempt = sent,
                status = error.status().map(|s| s.as_u16()),
                kind = ?error.kind(),
                retry_after_ms = error.retry_after().map(duration_ms),
                wait_ms = duration_ms(wait),
                "retrying"
            );
            retries += 1;
            tokio::time::sleep(wait).await;
        }
    }

    /// Sends the request once with `credential` and reads the whole answer, within the timeout.
    async fn attempt(
        &self,
        client: &reqwest::Client,
        request: &reqwest::Request,
        credential: &Credential,
    ) -> Result<FullResponse, Error> {
        let mut request = request
            .try_clone()
            .ok_or_else(|| Error::invalid_request("the request body cannot be sent again"))?;
        let headers = request.headers_mut();
        headers.insert(AUTHORIZATION, credential.header.clone());
        headers.insert(USER_AGENT, self.user_agent.clone());

        let deadline = tokio::time::Instant::now() + self.timeout;
        let timed_out = || Error::new(ErrorKind::Timeout).with_timeout(self.timeout);
        let response = tokio::time::timeout_at(deadline, client.execute(request))
            .await
            .map_err(|_| timed_out())?
            .map_err(|e| transport::classify(e, "while sending the request"))?;
        let status = response.status();
        let version = response.version();
        let headers = response.headers().clone();
        let body =
            tokio::time::timeout_at(deadline, body::read_capped(response, self.max_body_size))
                .await
                .map_err(|_| timed_out().with_status(status))??;
        Ok(FullResponse {
            status,
            version,
            headers,
            body,
        })
    }

    /// Whether an answer is a success the generated client can decode: a 2xx with a JSON body (or
    /// no content type), the error otherwise.
    fn check(&self, answer: &FullResponse, credential: &Credential) -> Result<(), Error> {
        let redact = |text: &str| self.auth.redact_sent(text, credential);
        if !answer.status.is_success() {
            return Err(classify_status(answer, &redact)
                .with_body(&answer.body, redact)
                .with_retry_after(retry::retry_after(&answer.headers, SystemTime::now())));
        }
        match body::media_type(&answer.headers) {
            Some(media_type) if !body::is_json(&media_type) => Err(Error::new(ErrorKind::Decode)
                .with_status(answer.status)
                .with_detail(format!("its content type is `{media_type}`, not JSON"))
                .with_body(&answer.body, redact)),
            _ => Ok(()),
        }
    }
}

/// The error for an answer that is not a success, by its status, with the server's message
/// cleared by `redact` (or this client's account of a redirect it did not follow).
fn classify_status(answer: &FullResponse, redact: &dyn Fn(&str) -> String) -> Error {
    let status = answer.status;
    let error = Error::from_status(status);
    if status.is_redirection() {
        let target = answer
            .headers
            .get(LOCATION)
            .and_then(|l| l.to_str().ok())
            .and_then(|l| url::Url::parse(l).ok())
            .and_then(|u| host_of(&u));
        return error.with_detail(match target {
            Some(host) => format!("a redirect to {host}, not followed (another host)"),
            None => "a redirect, not followed".to_owned(),
        });
    }
    match serde_json::from_slice::<ApiError>(&answer.body)
        .ok()
        .and_then(api_message)
    {
        Some(message) => error.with_server_message(redact(&message)),
        None => error,
    }
}

/// The message of an error body in the contract's lenient `ApiError` shape, bounded.
pub(crate) fn api_message(error: ApiError) -> Option<String> {
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

    fn message(body: &str) -> Option<String> {
        serde_json::from_str::<ApiError>(body)
            .ok()
            .and_then(api_message)
    }

    #[test]
    fn describe_finds_flow_and_page() {
        let url = url::Url::parse("http://h/api/v1/flows/a%2Fb/live/sessions?size=2&page=3")
            .expect("valid");
        assert_eq!(describe(&url), (Some("a%2Fb".to_owned()), Some(3)));
    }

    #[test]
    fn api_messages_are_read_in_both_shapes() {
        assert_eq!(
            message(r#"{"statusCode":400,"message":["a","b"]}"#).as_deref(),
            Some("a; b")
        );
        assert_eq!(message(r#"{"message":"nope"}"#).as_deref(), Some("nope"));
        assert_eq!(message("<html>"), None);
    }

    fn exchange(error: Option<Error>, last: Option<FullResponse>) -> Exchange {
        Exchange {
            last,
            attempts: 3,
            host: Some("api.example".to_owned()),
            error,
        }
    }

    #[tokio::test]
    async fn a_failed_exchange_comes_back_whole_from_the_body_error() {
        let failed = exchange(Some(Error::new(ErrorKind::Server).with_attempts(3)), None);
        let body_error = failed
            .into_response()
            .bytes()
            .await
            .expect_err("the body fails");
        let found = Exchange::find_in(&Generated::ResponseBodyError(body_error)).expect("found");
        assert_eq!(found.attempts, 3);
        let error = found.error.expect("the executor's error");
        assert_eq!(error.kind(), &ErrorKind::Server);
        assert_eq!(error.attempts(), 3);
    }

    #[tokio::test]
    async fn an_exchange_without_a_response_is_a_transport_error() {
        let body_error = exchange(None, None)
            .into_response()
            .bytes()
            .await
            .expect_err("the body fails");
        let found = Exchange::find_in(&Generated::ResponseBodyError(body_error)).expect("found");
        let error = found.error.expect("an error");
        assert_eq!(error.kind(), &ErrorKind::Transport);
        assert_eq!(error.host(), Some("api.example"));
    }

    #[test]
    fn a_success_carries_its_exchange_to_an_error_found_after_it() {
        let success = FullResponse {
            status: StatusCode::ACCEPTED,
            version: Version::HTTP_11,
            headers: HeaderMap::new(),
            body: Bytes::from_static(b"{}"),
        };
        let response = exchange(None, Some(success)).into_response();
        assert_eq!(response.status(), StatusCode::ACCEPTED);
        let found = Exchange::find_in(&Generated::UnexpectedResponse(response)).expect("found");
        let error = found.error_after(Error::new(ErrorKind::Decode));
        assert_eq!(error.status(), Some(StatusCode::ACCEPTED));
        assert_eq!(error.attempts(), 3);
        assert_eq!(error.host(), Some("api.example"));
    }

    #[test]
    fn redirects_are_described_by_the_client_not_the_server() {
        let mut headers = HeaderMap::new();
        headers.insert(
            LOCATION,
            HeaderValue::from_static("https://elsewhere.example/x"),
        );
        let answer = FullResponse {
            status: StatusCode::FOUND,
            version: Version::HTTP_11,
            headers,
            body: Bytes::from_static(br#"{"message":"moved"}"#),
        };
        let text = classify_status(&answer, &str::to_owned).to_string();
        assert!(text.contains("a redirect to elsewhere.example"), "{text}");
        assert!(!text.contains("server says"), "{text}");
    }
}
