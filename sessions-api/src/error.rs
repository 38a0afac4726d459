//! The one error type of the crate, with a kind a caller can match.
//!
//! Every failure, from a refused build to a server answering 503 three times, is an [`Error`]. Its
//! [`kind`](Error::kind) is an [`ErrorKind`] to `match` on, [`status`](Error::status),
//! [`attempts`](Error::attempts) and [`host`](Error::host) say which exchange failed whenever a
//! response arrived, and [`is_retryable`](Error::is_retryable) says whether the same request may
//! succeed later. The `Display` text says what happened and what to do about it.
//!
//! A kind is a plain enum rather than a private kind behind `is_timeout()`-style predicates (as
//! `reqwest` does): one `match` shows every case in one place. The few facts some kinds have are
//! stored once: the wait a server asked for is read through [`retry_after`](Error::retry_after),
//! the body limit is the kind's own field ([`ErrorKind::BodyTooLarge`]`{ limit }`).
//!
//! No text of an error holds a token, a client secret, or the value of a field the contract marks
//! as personal data (`x-personal-data`): credentials are masked where the error is made, personal
//! data as each text is stored (see [`personal_data`]).

mod message;

use std::error::Error as StdError;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http::StatusCode;

use crate::personal_data;

/// A boxed error, the source of an [`Error`].
pub(crate) type BoxError = Box<dyn StdError + Send + Sync + 'static>;

/// The source of an [`Error`], shared by its clones.
type SharedSource = Arc<dyn StdError + Send + Sync + 'static>;

/// A `Result` whose error is this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What kind of failure an [`Error`] is. Match on it instead of comparing messages.
///
/// New kinds may be added in minor releases, so a `match` needs a `_` arm.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The client configuration was refused at [`ClientBuilder::build`](crate::ClientBuilder::build).
    Config,
    /// The request was invalid: refused before sending (an empty flow id, a page size of zero) or
    /// answered with 400 Bad Request.
    InvalidRequest,
    /// 401: the token is missing, invalid, expired, or belongs to another environment.
    Unauthorized,
    /// 403: the credentials are valid but lack the permission to list these sessions.
    Forbidden,
    /// 404: the flow (or the base URL) does not exist.
    NotFound,
    /// 429: too many requests. [`Error::retry_after`] is how long the server asked to wait, when it
    /// said so.
    RateLimited,
    /// A 5xx answer that persisted through the retries.
    Server,
    /// A status the endpoint does not document: an undocumented success status, or a redirect
    /// that was not followed.
    UnexpectedStatus,
    /// The connection failed: refused, reset, closed without an answer, or cut off mid-body.
    Transport,
    /// No complete response arrived within the configured timeout (or the server answered 408).
    Timeout,
    /// The response was not a page of sessions: malformed JSON, another content type, another shape.
    Decode,
    /// The response body exceeded the configured limit.
    #[non_exhaustive]
    BodyTooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// No access token could be obtained from the token endpoint (client credentials). Whether it
    /// is worth trying again follows the cause, as for the API itself: a 4xx answer (refused
    /// credentials, a wrong token URL) is not retryable; a 5xx answer, 408, 429, a transport failure
    /// or a timeout (the endpoint is unavailable) is, and [`Error::is_retryable`] says so.
    TokenAcquisition,
    /// Paging through results failed (a page number that does not advance, a page cap reached).
    Pagination,
}

/// The error of every fallible operation of this crate.
///
/// ```
/// # async fn demo(client: sessions_api::Client) {
/// use sessions_api::{Environment, ErrorKind};
///
/// match client.sessions("flow-1", Environment::Live).page(1).await {
///     Ok(page) => println!("{} sessions", page.items().len()),
///     Err(e) if e.kind() == &ErrorKind::Unauthorized => eprintln!("check the token: {e}"),
///     Err(e) if e.is_retryable() => eprintln!("try again later: {e}"),
///     Err(e) => eprintln!("{e}"),
/// }
/// # }
/// ```
#[derive(Clone)]
pub struct Error(Box<Inner>);

#[derive(Clone)]
struct Inner {
    kind: ErrorKind,
    status: Option<StatusCode>,
    /// This client's own account of the problem (never text from a server).
    detail: Option<String>,
    /// What the server said about the failure: the message of its error body.
    server_message: Option<String>,
    retryable: bool,
    attempts: u32,
    timeout: Option<Duration>,
    host: Option<String>,
    base_url: Option<String>,
    token_url: Option<String>,
    flow_id: Option<String>,
    environment: Option<String>,
    body_snippet: Option<String>,
    resume_page: Option<u32>,
    retry_after: Option<Duration>,
    source: Option<SharedSource>,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind) -> Self {
        let retryable = matches!(
            kind,
            ErrorKind::RateLimited | ErrorKind::Transport | ErrorKind::Timeout
        );
        Self(Box::new(Inner {
            kind,
            status: None,
            detail: None,
            server_message: None,
            retryable,
            attempts: 0,
            timeout: None,
            host: None,
            base_url: None,
            token_url: None,
            flow_id: None,
            environment: None,
            body_snippet: None,
            resume_page: None,
            retry_after: None,
            source: None,
        }))
    }

    /// The error for an answer whose status is not a success: the one place a status is
    /// classified, both by kind and by whether the same request may succeed later (the statuses
    /// the executor retries). Every such answer gets its error here, whether the executor, the
    /// generated client or the token endpoint received it.
    pub(crate) fn from_status(status: StatusCode) -> Self {
        let (kind, retryable) = match status.as_u16() {
            400 | 422 => (ErrorKind::InvalidRequest, false),
            401 => (ErrorKind::Unauthorized, false),
            403 => (ErrorKind::Forbidden, false),
            404 => (ErrorKind::NotFound, false),
            408 => (ErrorKind::Timeout, true),
            429 => (ErrorKind::RateLimited, true),
            500 | 502 | 503 | 504 => (ErrorKind::Server, true),
            501 | 505..=599 => (ErrorKind::Server, false),
            _ => (ErrorKind::UnexpectedStatus, false),
        };
        Self::new(kind)
            .with_status(status)
            .with_retryable(retryable)
    }

    /// The same error as a failure to obtain a token: its status, retryability and texts kept.
    pub(crate) fn into_token_acquisition(mut self) -> Self {
        self.0.kind = ErrorKind::TokenAcquisition;
        self
    }

    /// A configuration error found at build time.
    pub(crate) fn config(detail: impl Into<String>) -> Self {
        Self::new(ErrorKind::Config).with_detail(detail)
    }

    /// A request refused before it was sent.
    pub(crate) fn invalid_request(detail: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidRequest).with_detail(detail)
    }

    /// A failure while paging through results, with the page to resume from when known.
    pub(crate) fn pagination(message: impl Into<String>, resume_page: Option<u32>) -> Self {
        let mut error = Self::new(ErrorKind::Pagination).with_detail(message);
        error.0.resume_page = resume_page;
        error
    }

    /// This client's own account of the problem. Personal data in it is masked.
    pub(crate) fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.0.detail = Some(mask(detail.into()));
        self
    }

    /// What the server said (the message of its error body), already cleared of credentials.
    /// Personal data in it is masked.
    pub(crate) fn with_server_message(mut self, message: impl Into<String>) -> Self {
        self.0.server_message = Some(mask(message.into())).filter(|m| !m.trim().is_empty());
        self
    }

    /// The start of the response body, cleared of credentials by `redact`, with every text of the
    /// error masked for the personal data this body holds: the values of marked fields wherever
    /// they appear, even without their name (a decode error quoting a value). Call it after the
    /// detail and the server's message are set.
    pub(crate) fn with_body(mut self, body: &[u8], redact: impl Fn(&str) -> String) -> Self {
        let inner = &mut *self.0;
        let snippet = mask(redact(&snippet(body)));
        let texts: Vec<&str> = [&inner.detail, &inner.server_message]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .chain([snippet.as_str()])
            .collect();
        let values = personal_data::values_quoted_in(body, &texts, personal_data::FIELDS);
        let masked = |text: &str| personal_data::mask_values(text, &values).into_owned();
        inner.body_snippet = Some(masked(&snippet)).filter(|s| !s.is_empty());
        inner.detail = inner.detail.as_deref().map(masked);
        inner.server_message = inner.server_message.as_deref().map(masked);
        self
    }

    pub(crate) fn with_status(mut self, status: StatusCode) -> Self {
        self.0.status = Some(status);
        self
    }

    pub(crate) fn with_retryable(mut self, retryable: bool) -> Self {
        self.0.retryable = retryable;
        self
    }

    pub(crate) fn with_source(mut self, source: impl Into<BoxError>) -> Self {
        self.0.source = Some(SharedSource::from(source.into()));
        self
    }

    pub(crate) fn with_timeout(mut self, timeout: Duration) -> Self {
        self.0.timeout = Some(timeout);
        self
    }

    /// Names the host the request went to, unless one is already named.
    pub(crate) fn with_host(mut self, host: Option<String>) -> Self {
        if self.0.host.is_none() {
            self.0.host = host;
        }
        self
    }

    /// Names the base URL of the client, unless one is already named.
    pub(crate) fn with_base_url(mut self, base_url: &str) -> Self {
        if self.0.base_url.is_none() {
            self.0.base_url = Some(base_url.to_owned());
        }
        self
    }

    pub(crate) fn with_token_url(mut self, token_url: impl Into<String>) -> Self {
        self.0.token_url = Some(token_url.into());
        self
    }

    /// Records the wait a `Retry-After` header asked for (429, 503).
    pub(crate) fn with_retry_after(mut self, retry_after: Option<Duration>) -> Self {
        self.0.retry_after = retry_after;
        self
    }

    pub(crate) fn with_attempts(mut self, attempts: u32) -> Self {
        self.0.attempts = attempts;
        self
    }

    /// Records the exchange of an answer the executor delivered as a success, for an error found
    /// after it (a body that does not decode, an undocumented success status): what is already
    /// known is kept.
    pub(crate) fn with_exchange(
        mut self,
        status: StatusCode,
        attempts: u32,
        host: Option<String>,
    ) -> Self {
        self.0.status.get_or_insert(status);
        if self.0.attempts == 0 {
            self.0.attempts = attempts;
        }
        self.with_host(host)
    }

    /// Names the flow and environment the failed request was for.
    pub(crate) fn with_request(mut self, flow_id: &str, environment: &str) -> Self {
        self.0.flow_id = Some(flow_id.to_owned());
        self.0.environment = Some(environment.to_owned());
        self
    }

    /// Records the page a paging consumer should resume from.
    pub(crate) fn with_resume_page(mut self, page: u32) -> Self {
        self.0.resume_page = Some(page);
        self
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

    /// The HTTP status of the response that caused the error, whenever a response arrived: an
    /// error status, but also a success whose body could not be read, decoded or accepted.
    pub fn status(&self) -> Option<StatusCode> {
        self.0.status
    }

    /// Whether the same request may succeed if sent again later (after the built-in retries gave up):
    /// transport failures, timeouts, 408, 429 and 500/502/503/504.
    pub fn is_retryable(&self) -> bool {
        self.0.retryable
    }

    /// How long the server asked to wait before the next request (429 or 503 with `Retry-After`).
    pub fn retry_after(&self) -> Option<Duration> {
        self.0.retry_after
    }

    /// How many times the request was sent before giving up: at least 1 whenever a response
    /// arrived, 0 when it was never sent. An error of the generated client mapped by
    /// [`Client::map_raw_error`](crate::Client::map_raw_error) counts the attempts only when the
    /// response says them (an undocumented status); a body that does not decode counts 1.
    pub fn attempts(&self) -> u32 {
        self.0.attempts
    }

    /// The host (`host:port` when the port is not the scheme's default) the failed request went
    /// to, when it was sent.
    pub fn host(&self) -> Option<&str> {
        self.0.host.as_deref()
    }

    /// The start of the response body (at most 512 characters), when the error came with one.
    /// Credentials the client knows and personal data are masked in it.
    pub fn body_snippet(&self) -> Option<&str> {
        self.0.body_snippet.as_deref()
    }

    /// The page to resume from after a failure while paging (pass it to
    /// [`SessionsRequest::start_page`](crate::SessionsRequest::start_page)). `None` when nothing
    /// was yielded yet (the first page failed): start the listing again from the beginning.
    pub fn resume_page(&self) -> Option<u32> {
        self.0.resume_page
    }
}

/// At most this many characters of a response body are kept in an error.
pub(crate) const SNIPPET_CHARS: usize = 512;

/// The first [`SNIPPET_CHARS`] characters of a body, lossily decoded, with `…` when cut.
pub(crate) fn snippet(body: &[u8]) -> String {
    let cut = &body[..body.len().min(SNIPPET_CHARS * 4)];
    let text = String::from_utf8_lossy(cut);
    let mut out: String = text.chars().take(SNIPPET_CHARS).collect();
    if text.chars().count() > SNIPPET_CHARS || cut.len() < body.len() {
        out.push('…');
    }
    out
}

/// Masks personal data that follows its field's name.
fn mask(text: String) -> String {
    match personal_data::mask_fields(&text, personal_data::FIELDS) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(masked) => masked,
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        message::write(&self.0, f)
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.0
            .source
            .as_deref()
            .map(|source| source as &(dyn StdError + 'static))
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.0;
        f.debug_struct("Error")
            .field("kind", &inner.kind)
            .field("status", &inner.status)
            .field("detail", &inner.detail)
            .field("server_message", &inner.server_message)
            .field("retryable", &inner.retryable)
            .field("attempts", &inner.attempts)
            .field("host", &inner.host)
            .field("flow_id", &inner.flow_id)
            .field("environment", &inner.environment)
            .field("body_snippet", &inner.body_snippet)
            .field("retry_after", &inner.retry_after)
            .field("resume_page", &inner.resume_page)
            .field("source", &inner.source)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUBJECT: &str = "subj_2b7e1d0c9a4f4e21";

    fn assert_hidden(error: &Error) {
        for text in [
            error.to_string(),
            format!("{error:?}"),
            format!("{error:#?}"),
            error.body_snippet().unwrap_or_default().to_owned(),
        ] {
            assert!(!text.contains(SUBJECT), "{text}");
        }
    }

    #[test]
    fn every_text_of_an_error_with_a_body_is_masked() {
        let body = format!(r#"{{"content":[{{"subjectId":"{SUBJECT}","sessionStatus":7}}]}}"#);
        let error = Error::new(ErrorKind::Decode)
            .with_status(StatusCode::OK)
            .with_detail(format!(
                "invalid type: string \"{SUBJECT}\", expected a number at line 1 column 40"
            ))
            .with_server_message(format!("unknown subject {SUBJECT}"))
            .with_body(body.as_bytes(), str::to_owned);
        assert_hidden(&error);
        assert!(error.to_string().contains("line 1 column 40"), "{error}");
        assert!(
            error
                .body_snippet()
                .is_some_and(|s| s.contains(r#""subjectId":"[personal data]""#)),
            "{error:?}"
        );
    }

    #[test]
    fn texts_without_a_body_are_masked_by_name() {
        let error = Error::invalid_request(format!("refused subjectId={SUBJECT}"))
            .with_server_message(format!("{{\"subjectId\": \"{SUBJECT}\"}}"));
        assert_hidden(&error);
    }

    #[test]
    fn statuses_are_classified_in_one_place() {
        for (status, kind, retryable) in [
            (400, ErrorKind::InvalidRequest, false),
            (401, ErrorKind::Unauthorized, false),
            (403, ErrorKind::Forbidden, false),
            (404, ErrorKind::NotFound, false),
            (408, ErrorKind::Timeout, true),
            (422, ErrorKind::InvalidRequest, false),
            (429, ErrorKind::RateLimited, true),
            (500, ErrorKind::Server, true),
            (501, ErrorKind::Server, false),
            (502, ErrorKind::Server, true),
            (503, ErrorKind::Server, true),
            (504, ErrorKind::Server, true),
            (505, ErrorKind::Server, false),
            (302, ErrorKind::UnexpectedStatus, false),
            (418, ErrorKind::UnexpectedStatus, false),
        ] {
            let status = StatusCode::from_u16(status).expect("valid status");
            let error = Error::from_status(status);
            assert_eq!(error.kind(), &kind, "{status}");
            assert_eq!(error.is_retryable(), retryable, "{status}");
            assert_eq!(error.status(), Some(status));
        }
    }
}
