//! Configuring a [`Client`]; everything is checked at [`build`](ClientBuilder::build).

use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use http::HeaderValue;
use secrecy::{ExposeSecret, SecretString};
use url::{Host, Url};

use crate::auth::{Auth, ClientCredentialsConfig, TokenAuthMethod, TokenProvider, bearer_header};
use crate::body::DEFAULT_MAX_BODY_SIZE;
use crate::client::Client;
use crate::error::{Error, Result};
use crate::executor::Executor;
use crate::redact::MASK;
use crate::retry::RetryPolicy;

/// The production deployment in the EU (the default base URL).
pub const PRODUCTION_EU: &str = "https://api.eu.platform.idnow.io/api";

/// The sandbox deployment in the EU.
pub const SANDBOX_EU: &str = "https://api.eu.platform.idnow.sx/api";

/// The `User-Agent` every request carries: `sessions-api/<version>`.
pub const USER_AGENT: &str = concat!("sessions-api/", env!("CARGO_PKG_VERSION"));

/// The default whole-request timeout (per attempt, body included).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The default timeout for establishing a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How many redirects within the same origin the client's own HTTP client follows.
const MAX_REDIRECTS: usize = 5;

/// Configures a [`Client`]. Nothing is checked until [`build`](ClientBuilder::build), which refuses
/// an incomplete or unsafe configuration with an [`ErrorKind::Config`](crate::ErrorKind::Config)
/// error saying what to change.
///
/// ```
/// use std::time::Duration;
/// use sessions_api::{Client, RetryPolicy, TokenAuthMethod, SANDBOX_EU};
///
/// let client = Client::builder()
///     .base_url(SANDBOX_EU)
///     .client_credentials("my-client", "my-secret", "https://auth.eu.platform.idnow.sx/oidc/token")
///     .token_auth_method(TokenAuthMethod::ClientSecretPost)
///     .timeout(Duration::from_secs(10))
///     .retry(RetryPolicy::default().with_max_attempts(4))
///     .build()?;
/// assert_eq!(client.auth_scheme(), "client credentials");
///
/// // Plain HTTP is refused for anything but loopback.
/// let refused = Client::builder().base_url("http://example.com/api").bearer_token("t").build();
/// assert!(refused.is_err());
/// # Ok::<(), sessions_api::Error>(())
/// ```
#[must_use = "a builder does nothing until build() is called"]
pub struct ClientBuilder {
    base_url: String,
    bearer_token: Option<SecretString>,
    client_credentials: Option<PendingCredentials>,
    token_auth_method: TokenAuthMethod,
    token_scope: Option<String>,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    max_body_size: u64,
    http_client: Option<reqwest::Client>,
    allow_insecure_http: bool,
}

struct PendingCredentials {
    client_id: String,
    client_secret: SecretString,
    token_url: String,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("bearer_token", &self.bearer_token.as_ref().map(|_| MASK))
            .field(
                "client_credentials",
                &self.client_credentials.as_ref().map(|c| {
                    format!(
                        "client_id={}, client_secret={MASK}, token_url={}",
                        c.client_id, c.token_url
                    )
                }),
            )
            .field("token_auth_method", &self.token_auth_method)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("max_body_size", &self.max_body_size)
            .field("custom_http_client", &self.http_client.is_some())
            .field("allow_insecure_http", &self.allow_insecure_http)
            .finish()
    }
}

impl ClientBuilder {
    /// A builder with the defaults; [`Client::builder`] is how callers get one.
    pub(crate) fn new() -> Self {
        Self {
            base_url: PRODUCTION_EU.to_owned(),
            bearer_token: None,
            client_credentials: None,
            token_auth_method: TokenAuthMethod::default(),
            token_scope: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            retry: RetryPolicy::default(),
            max_body_size: DEFAULT_MAX_BODY_SIZE,
            http_client: None,
            allow_insecure_http: false,
        }
    }

    /// The API's base URL, up to and including `/api` ([`PRODUCTION_EU`] by default,
    /// [`SANDBOX_EU`], or a test server). A trailing slash is ignored.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// Authenticates every request with this bearer token.
    pub fn bearer_token(mut self, token: impl Into<SecretString>) -> Self {
        self.bearer_token = Some(token.into());
        self
    }

    /// Authenticates with OAuth 2.0 client credentials: a token is fetched from `token_url`, cached
    /// until shortly before it expires, and fetched again once when the API answers 401.
    pub fn client_credentials(
        mut self,
        client_id: impl Into<String>,
        client_secret: impl Into<SecretString>,
        token_url: impl Into<String>,
    ) -> Self {
        self.client_credentials = Some(PendingCredentials {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            token_url: token_url.into(),
        });
        self
    }

    /// How the client id and secret are sent to the token endpoint (HTTP Basic by default).
    pub fn token_auth_method(mut self, method: TokenAuthMethod) -> Self {
        self.token_auth_method = method;
        self
    }

    /// A `scope` to ask the token endpoint for (none by default).
    pub fn token_scope(mut self, scope: impl Into<String>) -> Self {
        self.token_scope = Some(scope.into());
        self
    }

    /// The whole-request timeout of each attempt, from sending to the last byte of the body
    /// (30 s by default). Retries get a fresh timeout each.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The timeout for establishing a connection (10 s by default). It applies to the client's own
    /// HTTP client; a client given with [`http_client`](Self::http_client) keeps its own setting.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// When and how requests are retried.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The largest response body accepted, in bytes (16 MiB by default).
    pub fn max_body_size(mut self, bytes: u64) -> Self {
        self.max_body_size = bytes;
        self
    }

    /// Sends API requests with this `reqwest::Client` (proxies, custom roots, connection pools).
    /// Its own redirect policy applies; `reqwest` drops `Authorization` on any redirect to another
    /// host, scheme or port, so the token still never leaves the API's origin. The client's own
    /// connection timeout applies instead of [`connect_timeout`](Self::connect_timeout).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Allows plain `http://` URLs to hosts other than loopback (off by default: the token would
    /// cross the network in clear text). Loopback hosts are always allowed, for tests.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client> {
        let base_url = check_url(&self.base_url, "base URL", self.allow_insecure_http)?;
        self.check_limits()?;
        let auth = self.auth()?;
        let http = match self.http_client {
            Some(client) => client,
            None => reqwest::Client::builder()
                .user_agent(USER_AGENT)
                .connect_timeout(self.connect_timeout)
                .redirect(same_origin_redirects())
                .build()
                .map_err(|e| Error::config("the HTTP client could not be built").with_source(e))?,
        };
        let executor = Arc::new(Executor {
            auth,
            retry: self.retry,
            timeout: self.timeout,
            max_body_size: self.max_body_size,
            user_agent: HeaderValue::from_static(USER_AGENT),
        });
        let base = base_url.as_str().trim_end_matches('/').to_owned();
        Ok(Client::from_parts(base, http, executor))
    }

    /// Refuses timeouts, a body limit or a retry policy that could never let a request through.
    fn check_limits(&self) -> Result<()> {
        if self.timeout.is_zero() {
            return Err(Error::config("the timeout must be longer than zero"));
        }
        if self.connect_timeout.is_zero() {
            return Err(Error::config(
                "the connect timeout must be longer than zero",
            ));
        }
        if self.max_body_size == 0 {
            return Err(Error::config("the body size limit must be at least 1 byte"));
        }
        self.retry.validate().map_err(Error::config)
    }

    /// The credentials, exactly one kind of them, checked.
    fn auth(&self) -> Result<Auth> {
        match (&self.bearer_token, &self.client_credentials) {
            (Some(_), Some(_)) => Err(Error::config(
                "both a bearer token and client credentials are set; use one of them",
            )),
            (None, None) => Err(Error::config(
                "no credentials: call bearer_token(..) or client_credentials(..)",
            )),
            (Some(token), None) => bearer(token),
            (None, Some(pending)) => self.client_credentials_auth(pending),
        }
    }

    /// Client credentials, with the HTTP client that fetches their tokens.
    fn client_credentials_auth(&self, pending: &PendingCredentials) -> Result<Auth> {
        if pending.client_id.is_empty() {
            return Err(Error::config("the client id is empty"));
        }
        if pending.client_secret.expose_secret().is_empty() {
            return Err(Error::config("the client secret is empty"));
        }
        let token_url = check_url(&pending.token_url, "token URL", self.allow_insecure_http)?;
        let http = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .connect_timeout(self.connect_timeout)
            // Never resend the client secret anywhere else.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| {
                Error::config("the HTTP client for the token endpoint could not be built")
                    .with_source(e)
            })?;
        let config = ClientCredentialsConfig {
            token_url,
            client_id: pending.client_id.clone(),
            client_secret: pending.client_secret.clone(),
            method: self.token_auth_method,
            scope: self.token_scope.clone(),
        };
        Ok(Auth::ClientCredentials(Arc::new(TokenProvider::new(
            config,
            http,
            self.timeout,
            self.max_body_size,
        ))))
    }
}

/// A bearer token as credentials, refused when empty or not fit for a header.
fn bearer(token: &SecretString) -> Result<Auth> {
    if token.expose_secret().trim().is_empty() {
        return Err(Error::config("the bearer token is empty"));
    }
    let Some(header) = bearer_header(token) else {
        return Err(Error::config(
            "the bearer token contains characters an HTTP header cannot carry",
        ));
    };
    Ok(Auth::Bearer(Arc::new(token.clone()), header))
}

/// Follows redirects only within the origin of the first request; a redirect elsewhere is returned
/// as is (and reported as an unexpected status), so no request ever goes to another host.
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        if attempt.previous().len() > MAX_REDIRECTS {
            return attempt.error("too many redirects");
        }
        let same_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        if same_origin {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

/// Parses and checks a configured URL: http or https, a host, no credentials, query or fragment,
/// and plain http only for loopback unless allowed.
fn check_url(text: &str, what: &str, allow_insecure_http: bool) -> Result<Url> {
    let trimmed = text.trim();
    let url = Url::parse(trimmed)
        .map_err(|e| Error::config(format!("the {what} {trimmed:?} is not a valid URL: {e}")))?;
    match url.scheme() {
        "https" => {}
        "http" => {
            if !allow_insecure_http && !is_loopback(&url) {
                return Err(Error::config(format!(
                    "the {what} {trimmed:?} uses plain http to a host that is not loopback: \
                     credentials would cross the network unencrypted. Use https, or call \
                     allow_insecure_http(true) if this is intended"
                )));
            }
        }
        other => {
            return Err(Error::config(format!(
                "the {what} {trimmed:?} has the scheme {other:?}; use https"
            )));
        }
    }
    if url.host().is_none() {
        return Err(Error::config(format!("the {what} {trimmed:?} has no host")));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::config(format!(
            "the {what} must not carry credentials; configure them on the builder"
        )));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::config(format!(
            "the {what} {trimmed:?} must not have a query or a fragment"
        )));
    }
    Ok(url)
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        Some(Host::Domain(domain)) => {
            let domain = domain.trim_end_matches('.').to_ascii_lowercase();
            domain == "localhost" || domain.ends_with(".localhost")
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts_are_recognised() {
        for ok in [
            "http://127.0.0.1:8080/api",
            "http://127.3.2.1/api",
            "http://[::1]:9/api",
            "http://localhost/api",
        ] {
            assert!(check_url(ok, "base URL", false).is_ok(), "{ok}");
        }
        for refused in [
            "http://10.0.0.1/api",
            "http://example.com/api",
            "ftp://x/api",
        ] {
            assert!(check_url(refused, "base URL", false).is_err(), "{refused}");
        }
        assert!(check_url("http://example.com/api", "base URL", true).is_ok());
    }
}
