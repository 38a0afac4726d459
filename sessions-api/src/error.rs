//! The one error type of the crate, with a kind a caller can match.
//!
//! Every failure, from a refused build to a server answering 503 three times, is an [`Error`]. Its
//! [`kind`](Error::kind) is a [`ErrorKind`] to `match` on, [`status`](Error::status) gives the HTTP
//! status when there was one, and [`is_retryable`](Error::is_retryable) says whether the same request
//! may succeed later. The `Display` text says what happened and what to do about it; it never holds a
//! token or a client secret.

use std::error::Error as StdError;
use std::fmt;
use std::sync::Mutex;
use std::time::Duration;

use http::StatusCode;

/// A boxed error, the source of an [`Error`].
pub(crate) type BoxError = Box<dyn StdError + Send + Sync + 'static>;

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
    /// 429: too many requests. `retry_after` is how long the server asked to wait, when it said so.
    RateLimited {
        /// The wait the server asked for in its `Retry-After` header.
        retry_after: Option<Duration>,
    },
    /// A 5xx answer that persisted through the retries.
    Server,
    /// A status the endpoint does not document (including a redirect that was not followed).
    UnexpectedStatus,
    /// The connection failed: refused, reset, closed without an answer, or cut off mid-body.
    Transport,
    /// No complete response arrived within the configured timeout (or the server answered 408).
    Timeout,
    /// The response was not a page of sessions: malformed JSON, another content type, another shape.
    Decode,
    /// The response body exceeded the configured limit.
    BodyTooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// No access token could be obtained from the token endpoint (client credentials).
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
#[derive(thiserror::Error)]
#[error(transparent)]
pub struct Error(Box<Inner>);

#[derive(thiserror::Error)]
#[error("{}", render(self))]
struct Inner {
    kind: ErrorKind,
    status: Option<StatusCode>,
    /// The specific detail: a cause, a server message, a configuration problem.
    detail: Option<String>,
    retryable: bool,
    attempts: u32,
    timeout: Option<Duration>,
    host: Option<String>,
    token_url: Option<String>,
    flow_id: Option<String>,
    environment: Option<String>,
    body_snippet: Option<String>,
    resume_page: Option<u32>,
    retry_after: Option<Duration>,
    #[source]
    source: Option<BoxError>,
}

/// At most this many characters of a response body are kept in an error.
pub(crate) const SNIPPET_CHARS: usize = 512;

impl Error {
    pub(crate) fn new(kind: ErrorKind) -> Self {
        let retryable = matches!(
            kind,
            ErrorKind::RateLimited { .. } | ErrorKind::Transport | ErrorKind::Timeout
        );
        Self(Box::new(Inner {
            kind,
            status: None,
            detail: None,
            retryable,
            attempts: 0,
            timeout: None,
            host: None,
            token_url: None,
            flow_id: None,
            environment: None,
            body_snippet: None,
            resume_page: None,
            retry_after: None,
            source: None,
        }))
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

    pub(crate) fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.0.detail = Some(detail.into());
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
        self.0.source = Some(source.into());
        self
    }

    pub(crate) fn with_timeout(mut self, timeout: Duration) -> Self {
        self.0.timeout = Some(timeout);
        self
    }

    pub(crate) fn with_host(mut self, host: Option<String>) -> Self {
        if self.0.host.is_none() {
            self.0.host = host;
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

    pub(crate) fn with_body_snippet(mut self, snippet: Option<String>) -> Self {
        self.0.body_snippet = snippet.filter(|s| !s.is_empty());
        self
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

    /// The HTTP status of the response that caused the error, if a response arrived.
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
        match &self.0.kind {
            ErrorKind::RateLimited { retry_after } => *retry_after,
            _ => self.0.retry_after,
        }
    }

    /// How many times the request was sent before giving up (0 if it was never sent).
    pub fn attempts(&self) -> u32 {
        self.0.attempts
    }

    /// The start of the response body (at most 512 characters), when the error came with one.
    /// Credentials the client knows are masked in it.
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

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.0;
        f.debug_struct("Error")
            .field("kind", &inner.kind)
            .field("status", &inner.status)
            .field("detail", &inner.detail)
            .field("retryable", &inner.retryable)
            .field("attempts", &inner.attempts)
            .field("host", &inner.host)
            .field("flow_id", &inner.flow_id)
            .field("environment", &inner.environment)
            .field("body_snippet", &inner.body_snippet)
            .field("resume_page", &inner.resume_page)
            .field("source", &inner.source)
            .finish()
    }
}

impl fmt::Debug for Inner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Inner").field("kind", &self.kind).finish()
    }
}

fn render(e: &Inner) -> String {
    use std::fmt::Write as _;

    let mut out = String::new();
    let env = e.environment.as_deref();
    let flow = e.flow_id.as_deref();
    let host = e.host.as_deref().unwrap_or("the server");
    let status = e
        .status
        .map(|s| s.to_string())
        .unwrap_or_else(|| "no status".to_owned());
    let server_says = |out: &mut String| {
        if let Some(detail) = &e.detail {
            let _ = write!(out, " (server says: {detail})");
        }
    };
    let after = if e.attempts > 1 {
        format!(" after {} attempts", e.attempts)
    } else {
        String::new()
    };
    match &e.kind {
        ErrorKind::Config => {
            let _ = write!(
                out,
                "invalid client configuration: {}",
                e.detail.as_deref().unwrap_or("unknown problem")
            );
        }
        ErrorKind::InvalidRequest => match e.status {
            Some(status) => {
                let _ = write!(out, "the server refused the request as invalid ({status})");
                server_says(&mut out);
                out.push_str(": check the flow id and the query parameters (page, size, sort)");
            }
            None => {
                let _ = write!(
                    out,
                    "invalid request, not sent: {}",
                    e.detail.as_deref().unwrap_or("unknown problem")
                );
            }
        },
        ErrorKind::Unauthorized => {
            let _ = write!(out, "the credentials were refused ({status}) by {host}");
            server_says(&mut out);
            let env = env.unwrap_or("requested");
            let _ = write!(
                out,
                ": the token is missing, invalid or expired, or it belongs to another environment. \
                 An API client is tied to one environment: the token, or the API client it was issued \
                 to, must belong to the `{env}` environment of this deployment ({host})"
            );
        }
        ErrorKind::Forbidden => {
            let _ = write!(out, "access denied ({status})");
            if let (Some(flow), Some(env)) = (flow, env) {
                let _ = write!(out, " to the sessions of flow `{flow}` in `{env}`");
            }
            server_says(&mut out);
            out.push_str(
                ": the credentials are valid but lack the permission to list sessions; \
                 grant the API client read access (api.read)",
            );
        }
        ErrorKind::NotFound => {
            let _ = write!(out, "not found ({status})");
            server_says(&mut out);
            match (flow, env) {
                (Some(flow), Some(env)) => {
                    let _ = write!(
                        out,
                        ": flow `{flow}` does not exist in the `{env}` environment of {host}, or the \
                         base URL is wrong; check the flow id, the environment and the base URL"
                    );
                }
                _ => out.push_str(": check the flow id, the environment and the base URL"),
            }
        }
        ErrorKind::RateLimited { retry_after } => {
            let _ = write!(out, "rate limited by {host} ({status}){after}");
            server_says(&mut out);
            match retry_after {
                Some(wait) => {
                    let _ = write!(
                        out,
                        ": the server asks to wait {}s; retry later or lower the request rate",
                        wait.as_secs_f64().ceil()
                    );
                }
                None => out.push_str(": retry later or lower the request rate"),
            }
        }
        ErrorKind::Server => {
            let _ = write!(out, "server error ({status}) from {host}{after}");
            server_says(&mut out);
            out.push_str(": the service is failing or unavailable; retry later");
        }
        ErrorKind::UnexpectedStatus => {
            let _ = write!(out, "unexpected response status {status} from {host}");
            server_says(&mut out);
            out.push_str(": the endpoint does not document it; check the base URL");
        }
        ErrorKind::Transport => {
            let _ = write!(out, "could not get a response from {host}{after}");
            if let Some(detail) = &e.detail {
                let _ = write!(out, ": {detail}");
            }
            out.push_str("; check the network and the base URL");
        }
        ErrorKind::Timeout => match (e.status, e.timeout) {
            (Some(status), _) => {
                let _ = write!(
                    out,
                    "{host} timed out waiting for the request ({status}){after}; retry later"
                );
            }
            (None, Some(timeout)) => {
                let _ = write!(
                    out,
                    "no complete response from {host} within {timeout:?}{after}: raise the timeout \
                     (ClientBuilder::timeout) or check the network"
                );
            }
            (None, None) => {
                let _ = write!(
                    out,
                    "the request to {host} timed out{after}: raise the timeout or check the network"
                );
            }
        },
        ErrorKind::Decode => {
            let _ = write!(
                out,
                "the response from {host} is not a page of sessions: {}",
                e.detail.as_deref().unwrap_or("it could not be decoded")
            );
            if let Some(snippet) = &e.body_snippet {
                let _ = write!(out, "; the body starts with: {snippet:?}");
            }
            out.push_str(
                ". Check that the base URL points to the sessions API; the server may have changed \
                 its response format",
            );
        }
        ErrorKind::BodyTooLarge { limit } => {
            let _ = write!(
                out,
                "the response body from {host} is larger than the limit of {limit} bytes: request \
                 smaller pages (page_size) or raise ClientBuilder::max_body_size"
            );
        }
        ErrorKind::TokenAcquisition => {
            let url = e.token_url.as_deref().unwrap_or("the token endpoint");
            let _ = write!(out, "could not obtain an access token from {url}");
            if e.status.is_some() {
                let _ = write!(out, " ({status})");
            }
            if let Some(detail) = &e.detail {
                let _ = write!(out, ": {detail}");
            }
            out.push_str(
                "; check the client id, the client secret, the token URL and that the API client \
                 belongs to this deployment",
            );
        }
        ErrorKind::Pagination => {
            let _ = write!(
                out,
                "paging through sessions failed: {}",
                e.detail.as_deref().unwrap_or("unknown problem")
            );
            if let Some(page) = e.resume_page {
                let _ = write!(out, "; resume from page {page}");
            }
        }
    }
    out
}

/// Carries an [`Error`] through the generated client, which only knows `reqwest` errors: the
/// executor answers with a response whose body fails with this value, and the wrapper takes the
/// error back out of the source chain of the generated client's error.
pub(crate) struct Carried(Mutex<Option<Error>>);

impl Carried {
    pub(crate) fn new(error: Error) -> Self {
        Self(Mutex::new(Some(error)))
    }

    /// Takes the carried error out of an error's source chain, if it holds one.
    pub(crate) fn take_from(error: &(dyn StdError + 'static)) -> Option<Error> {
        let mut current: Option<&(dyn StdError + 'static)> = Some(error);
        while let Some(e) = current {
            if let Some(carried) = e.downcast_ref::<Carried>() {
                return match carried.0.lock() {
                    Ok(mut slot) => slot.take(),
                    Err(poisoned) => poisoned.into_inner().take(),
                };
            }
            current = e.source();
        }
        None
    }
}

impl fmt::Debug for Carried {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.lock() {
            Ok(slot) => fmt::Debug::fmt(&*slot, f),
            Err(_) => f.write_str("Carried(<poisoned>)"),
        }
    }
}

impl fmt::Display for Carried {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.lock() {
            Ok(slot) => match &*slot {
                Some(error) => fmt::Display::fmt(error, f),
                None => f.write_str("sessions-api error (already taken)"),
            },
            Err(_) => f.write_str("sessions-api error"),
        }
    }
}

impl StdError for Carried {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        None
    }
}

/// The first `SNIPPET_CHARS` characters of a body, lossily decoded.
pub(crate) fn snippet(body: &[u8]) -> String {
    let cut = &body[..body.len().min(SNIPPET_CHARS * 4)];
    let text = String::from_utf8_lossy(cut);
    let mut out: String = text.chars().take(SNIPPET_CHARS).collect();
    if text.chars().count() > SNIPPET_CHARS || cut.len() < body.len() {
        out.push('…');
    }
    out
}

/// The chain of an error's messages, outermost first, joined by `": "`, without repetitions.
pub(crate) fn chain_message(error: &(dyn StdError + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut current: Option<&(dyn StdError + 'static)> = Some(error);
    while let Some(e) = current {
        let text = e.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        current = e.source();
    }
    parts.join(": ")
}
