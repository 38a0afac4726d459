//! The `Display` text of an [`Error`](super::Error): one short function per kind, saying what
//! happened and, where it helps, what to do. Only text that came from a server is labelled
//! "server says"; the client's own findings are stated plainly.

use std::fmt::{self, Display, Formatter};

use sessions_api_gen::Environment;

use super::{ErrorKind, Inner};

pub(super) fn write(e: &Inner, f: &mut Formatter<'_>) -> fmt::Result {
    match &e.kind {
        ErrorKind::Config => write!(f, "invalid client configuration: {}", Detail(e)),
        ErrorKind::InvalidRequest => invalid_request(e, f),
        ErrorKind::Unauthorized => unauthorized(e, f),
        ErrorKind::Forbidden => forbidden(e, f),
        ErrorKind::NotFound => not_found(e, f),
        ErrorKind::RateLimited => rate_limited(e, f),
        ErrorKind::Server => write!(
            f,
            "server error ({}) from {}{}{}: the service is failing or unavailable; retry later",
            Status(e),
            Host(e),
            After(e),
            ServerSays(e)
        ),
        ErrorKind::UnexpectedStatus => unexpected_status(e, f),
        ErrorKind::Transport => transport(e, f),
        ErrorKind::Timeout => timeout(e, f),
        ErrorKind::Decode => decode(e, f),
        ErrorKind::BodyTooLarge { limit } => write!(
            f,
            "the response body ({}) from {} is larger than the limit of {limit} bytes: request \
             smaller pages (page_size) or raise ClientBuilder::max_body_size",
            Status(e),
            Host(e)
        ),
        ErrorKind::TokenAcquisition => token_acquisition(e, f),
        ErrorKind::Pagination => {
            write!(f, "paging through sessions failed: {}", Detail(e))?;
            match e.resume_page {
                Some(page) => write!(f, "; resume from page {page}"),
                None => Ok(()),
            }
        }
    }
}

fn invalid_request(e: &Inner, f: &mut Formatter<'_>) -> fmt::Result {
    if e.status.is_none() {
        return write!(f, "invalid request, not sent: {}", Detail(e));
    }
    write!(
        f,
        "{} refused the request as invalid ({}){}: ",
        Host(e),
        Status(e),
        ServerSays(e)
    )?;
    match e.environment.as_deref() {
        Some(env) if Environment::from(env).is_unknown() => write!(
            f,
            "`{env}` is not one of the environments the API serves ({}); check the environment",
            Environment::KNOWN.join(", ")
        ),
        _ => f.write_str("check the flow id and the query parameters (page, size, sort)"),
    }
}

fn unauthorized(e: &Inner, f: &mut Formatter<'_>) -> fmt::Result {
    let env = e.environment.as_deref().unwrap_or("requested");
    write!(
        f,
        "the credentials were refused ({}) by {}{}: the token is missing, invalid or expired, or \
         it belongs to another environment. An API client is tied to one environment: the token, \
         or the API client it was issued to, must belong to the `{env}` environment of this \
         deployment ({})",
        Status(e),
        Host(e),
        ServerSays(e),
        Host(e)
    )
}

fn forbidden(e: &Inner, f: &mut Formatter<'_>) -> fmt::Result {
    write!(f, "access denied ({})", Status(e))?;
    if let (Some(flow), Some(env)) = (&e.flow_id, &e.environment) {
        write!(f, " to the sessions of flow `{flow}` in `{env}`")?;
    }
    write!(
        f,
        "{}: the credentials are valid but lack the permission to list sessions; grant the API \
         client read access (api.read)",
        ServerSays(e)
    )
}

fn not_found(e: &Inner, f: &mut Formatter<'_>) -> fmt::Result {
    write!(f, "not found ({}){}: ", Status(e), ServerSays(e))?;
    if let (Some(flow), Some(env)) = (&e.flow_id, &e.environment) {
        write!(
            f,
            "flow `{flow}` does not exist in the `{env}` environment of {}, or ",
            Host(e)
        )?;
    }
    match e.base_url.as_deref() {
        Some(base) => {
            let path = url::Url::parse(base)
                .map(|u| u.path().to_owned())
                .unwrap_or_default();
            write!(
                f,
                "the base URL {base} does not lead to the API (is its path `{path}` right?); \
                 check the flow id, the environment and the base URL's path"
            )
        }
        None => f.write_str(
            "the base URL is wrong; check the flow id, the environment and the base URL",
        ),
    }
}

fn rate_limited(e: &Inner, f: &mut Formatter<'_>) -> fmt::Result {
    write!(
        f,
        "rate limited by {} ({}){}{}: ",
        Host(e),
        Status(e),
        After(e),
        ServerSays(e)
    )?;
    if let Some(wait) = e.retry_after {
        write!(
            f,
            "the server asks to wait {}s; ",
            wait.as_secs_f64().ceil()
        )?;
    }
    f.write_str("retry later or lower the request rate")
}

fn unexpected_status(e: &Inner, f: &mut Formatter<'_>) -> fmt::Result {
    if e.status.is_some_and(|s| s.is_success()) {
        return write!(
            f,
            "unexpected success status {} from {}{}: the contract does not document it, so the \
             body was not read; check the base URL, or whether the API changed",
            Status(e),
            Host(e),
            ServerSays(e)
        );
    }
    write!(
        f,
        "unexpected response status {} from {}",
        Status(e),
        Host(e)
    )?;
    if let Some(detail) = &e.detail {
        write!(f, ": {detail}")?;
    }
    write!(
        f,
        "{}; the endpoint does not document this status: check the base URL",
        ServerSays(e)
    )
}

fn transport(e: &Inner, f: &mut Formatter<'_>) -> fmt::Result {
    match e.status {
        Some(_) => write!(
            f,
            "the response ({}) from {} was cut off{}: {}; check the network",
            Status(e),
            Host(e),
            After(e),
            Detail(e)
        ),
        None => write!(
            f,
            "could not get a response from {}{}: {}; check the network and the base URL",
            Host(e),
            After(e),
            Detail(e)
        ),
    }
}

fn timeout(e: &Inner, f: &mut Formatter<'_>) -> fmt::Result {
    let host = Host(e);
    let after = After(e);
    match (e.status, e.timeout) {
        (Some(status), _) if status.as_u16() == 408 => write!(
            f,
            "{host} timed out waiting for the request ({status}){after}; retry later"
        ),
        (Some(status), Some(timeout)) => write!(
            f,
            "the body of the response ({status}) from {host} did not arrive within \
             {timeout:?}{after}: raise the timeout (ClientBuilder::timeout) or check the network"
        ),
        (None, Some(timeout)) => write!(
            f,
            "no complete response from {host} within {timeout:?}{after}: raise the timeout \
             (ClientBuilder::timeout) or check the network"
        ),
        _ => write!(
            f,
            "the request to {host} timed out{after}: raise the timeout or check the network"
        ),
    }
}

fn decode(e: &Inner, f: &mut Formatter<'_>) -> fmt::Result {
    write!(f, "the response from {}", Host(e))?;
    if e.status.is_some() {
        write!(f, " ({})", Status(e))?;
    }
    write!(f, " is not a page of sessions: {}", Detail(e))?;
    if let Some(snippet) = &e.body_snippet {
        write!(f, "; the body starts with: {snippet:?}")?;
    }
    f.write_str(
        ". Check that the base URL points to the sessions API; the server may have changed its \
         response format",
    )
}

fn token_acquisition(e: &Inner, f: &mut Formatter<'_>) -> fmt::Result {
    let url = e.token_url.as_deref().unwrap_or("the token endpoint");
    write!(f, "could not obtain an access token from {url}")?;
    if e.status.is_some() {
        write!(f, " ({})", Status(e))?;
    }
    if let Some(detail) = &e.detail {
        write!(f, ": {detail}")?;
    }
    write!(f, "{}", ServerSays(e))?;
    if e.retryable {
        // A 5xx, 408 or 429 answer, a transport failure or a timeout: the credentials are not
        // in question.
        f.write_str(
            "; the token endpoint is unavailable for now: the request may succeed later \
             (the error is retryable)",
        )
    } else {
        f.write_str(
            "; check the client id, the client secret, the token URL and that the API client \
             belongs to this deployment",
        )
    }
}

/// The client's own detail, or a neutral placeholder.
struct Detail<'a>(&'a Inner);

impl Display for Detail<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.detail.as_deref().unwrap_or("unknown problem"))
    }
}

/// ` (server says: …)` when the server explained the failure.
struct ServerSays<'a>(&'a Inner);

impl Display for ServerSays<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match &self.0.server_message {
            Some(message) => write!(f, " (server says: {message})"),
            None => Ok(()),
        }
    }
}

/// The host the request went to, or "the server".
struct Host<'a>(&'a Inner);

impl Display for Host<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.host.as_deref().unwrap_or("the server"))
    }
}

/// The status (`404 Not Found`), or "no status".
struct Status<'a>(&'a Inner);

impl Display for Status<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self.0.status {
            Some(status) => Display::fmt(&status, f),
            None => f.write_str("no status"),
        }
    }
}

/// ` after N attempts` when the request was sent more than once.
struct After<'a>(&'a Inner);

impl Display for After<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self.0.attempts {
            0 | 1 => Ok(()),
            n => write!(f, " after {n} attempts"),
        }
    }
}
