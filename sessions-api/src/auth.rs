//! Credentials: a fixed bearer token, or OAuth 2.0 client credentials with a cached token.
//!
//! A client-credentials token is fetched on first use and cached until shortly before it expires
//! (a tenth of its lifetime, at most a minute, early). Only one fetch runs at a time: concurrent
//! requests that find no valid token wait for that fetch instead of starting their own. When the API
//! answers 401 to a token, the token is fetched again once, unless another request already replaced
//! it, and the request is sent once more.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use http::HeaderValue;
use secrecy::{ExposeSecret, SecretString};
use tokio::time::Instant;
use tracing::Instrument;
use url::Url;
use url::form_urlencoded;

use crate::body;
use crate::error::{Error, ErrorKind};
use crate::redact::{MASK, redact};
use crate::transport;

/// How the client authenticates itself to the token endpoint (RFC 6749 section 2.3.1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum TokenAuthMethod {
    /// The client id and secret in an HTTP Basic `Authorization` header (`client_secret_basic`).
    #[default]
    ClientSecretBasic,
    /// The client id and secret as form fields of the request body (`client_secret_post`).
    ClientSecretPost,
}

/// The credentials every request carries.
pub(crate) enum Auth {
    /// A fixed bearer token, and its `Authorization` header value.
    Bearer(Arc<SecretString>, HeaderValue),
    /// A token obtained with client credentials.
    ClientCredentials(Arc<TokenProvider>),
}

/// A token as used for one request. `generation` tells a refreshed token from the one a 401 refused.
#[derive(Clone)]
pub(crate) struct Credential {
    pub(crate) value: Arc<SecretString>,
    /// `Bearer <token>`, marked sensitive.
    pub(crate) header: HeaderValue,
    pub(crate) generation: u64,
}

impl Auth {
    /// The token to send now, fetching one if none is valid.
    pub(crate) async fn credential(&self) -> Result<Credential, Error> {
        match self {
            Self::Bearer(token, header) => Ok(Credential {
                value: Arc::clone(token),
                header: header.clone(),
                generation: 0,
            }),
            Self::ClientCredentials(provider) => provider.token().await,
        }
    }

    /// Whether a 401 can be answered by fetching a new token.
    pub(crate) fn can_refresh(&self) -> bool {
        matches!(self, Self::ClientCredentials(_))
    }

    /// Replaces a token the API refused, unless another request already did.
    pub(crate) async fn refresh_after_rejection(&self, rejected: &Credential) -> Result<(), Error> {
        match self {
            Self::Bearer(..) => Ok(()),
            Self::ClientCredentials(provider) => provider
                .refresh_after_rejection(rejected.generation)
                .await
                .map(|_| ()),
        }
    }

    /// Masks every credential this client knows in `text`.
    pub(crate) fn redact(&self, text: &str) -> String {
        match self {
            Self::Bearer(token, _) => redact(text, &[token]),
            Self::ClientCredentials(provider) => {
                let current = provider.cached().map(|c| c.value);
                match &current {
                    Some(token) => redact(text, &[&provider.config.client_secret, token]),
                    None => redact(text, &[&provider.config.client_secret]),
                }
            }
        }
    }

    /// Masks every credential this client knows in `text`, and the token `sent` with the request
    /// (which may no longer be the cached one when the answer arrives).
    pub(crate) fn redact_sent(&self, text: &str, sent: &Credential) -> String {
        redact(&self.redact(text), &[&sent.value])
    }

    /// A short, secret-free name of the scheme, for `Debug`.
    pub(crate) fn describe(&self) -> &'static str {
        match self {
            Self::Bearer(..) => "bearer token",
            Self::ClientCredentials(_) => "client credentials",
        }
    }
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Bearer(..) => write!(f, "Bearer({MASK})"),
            Self::ClientCredentials(provider) => fmt::Debug::fmt(provider, f),
        }
    }
}

/// What is needed to obtain a token with client credentials.
pub(crate) struct ClientCredentialsConfig {
    pub(crate) token_url: Url,
    pub(crate) client_id: String,
    pub(crate) client_secret: SecretString,
    pub(crate) method: TokenAuthMethod,
    pub(crate) scope: Option<String>,
}

impl fmt::Debug for ClientCredentialsConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("token_url", &self.token_url.as_str())
            .field("client_id", &self.client_id)
            .field("client_secret", &MASK)
            .field("method", &self.method)
            .field("scope", &self.scope)
            .finish()
    }
}

struct CachedToken {
    value: Arc<SecretString>,
    header: HeaderValue,
    refresh_at: Option<Instant>,
    generation: u64,
}

/// Fetches and caches client-credentials tokens; one fetch at a time.
pub(crate) struct TokenProvider {
    config: ClientCredentialsConfig,
    http: reqwest::Client,
    timeout: Duration,
    max_body_size: u64,
    cache: RwLock<Option<CachedToken>>,
    refresh: tokio::sync::Mutex<()>,
    generations: AtomicU64,
}

impl fmt::Debug for TokenProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenProvider")
            .field("config", &self.config)
            .field("cached_token", &self.cached().map(|_| MASK))
            .finish()
    }
}

impl TokenProvider {
    pub(crate) fn new(
        config: ClientCredentialsConfig,
        http: reqwest::Client,
        timeout: Duration,
        max_body_size: u64,
    ) -> Self {
        Self {
            config,
            http,
            timeout,
            max_body_size,
            cache: RwLock::new(None),
            refresh: tokio::sync::Mutex::new(()),
            generations: AtomicU64::new(0),
        }
    }

    /// The cached token if it is still fresh.
    fn cached(&self) -> Option<Credential> {
        let guard = match self.cache.read() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        let cached = guard.as_ref()?;
        if cached.refresh_at.is_some_and(|at| Instant::now() >= at) {
            return None;
        }
        Some(Credential {
            value: Arc::clone(&cached.value),
            header: cached.header.clone(),
            generation: cached.generation,
        })
    }

    async fn token(&self) -> Result<Credential, Error> {
        if let Some(token) = self.cached() {
            return Ok(token);
        }
        let _only_fetch = self.refresh.lock().await;
        if let Some(token) = self.cached() {
            return Ok(token);
        }
        self.fetch().await
    }

    async fn refresh_after_rejection(&self, rejected: u64) -> Result<Credential, Error> {
        let _only_fetch = self.refresh.lock().await;
        if let Some(token) = self.cached()
            && token.generation != rejected
        {
            return Ok(token);
        }
        self.fetch().await
    }

    /// Asks the token endpoint for a new token and caches it.
    async fn fetch(&self) -> Result<Credential, Error> {
        let span = tracing::debug_span!("sessions_api.token", token_url = %self.token_url_text());
        self.fetch_in_span().instrument(span).await
    }

    async fn fetch_in_span(&self) -> Result<Credential, Error> {
        let result = tokio::time::timeout(self.timeout, self.request_token())
            .await
            .unwrap_or_else(|_| {
                Err(Error::new(ErrorKind::TokenAcquisition)
                    .with_detail(format!(
                        "the token endpoint did not answer within {:?}",
                        self.timeout
                    ))
                    .with_retryable(true))
            });
        let (token, expires_in) = result.map_err(|e| e.with_token_url(self.token_url_text()))?;
        let generation = self.generations.fetch_add(1, Ordering::Relaxed) + 1;
        let refresh_at = expires_in.map(|lifetime| {
            let early = (lifetime / 10).min(Duration::from_secs(60));
            Instant::now() + lifetime.saturating_sub(early)
        });
        let header = bearer_header(&token).ok_or_else(|| {
            Error::new(ErrorKind::TokenAcquisition)
                .with_detail("the access_token contains characters a header cannot carry")
                .with_token_url(self.token_url_text())
        })?;
        let value = Arc::new(token);
        let mut guard = match self.cache.write() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        *guard = Some(CachedToken {
            value: Arc::clone(&value),
            header: header.clone(),
            refresh_at,
            generation,
        });
        tracing::debug!(
            expires_in_s = expires_in.map(|d| d.as_secs()),
            "obtained an access token"
        );
        Ok(Credential {
            value,
            header,
            generation,
        })
    }

    /// The token URL without query or fragment, for messages.
    fn token_url_text(&self) -> String {
        let mut url = self.config.token_url.clone();
        url.set_query(None);
        url.set_fragment(None);
        url.to_string()
    }

    async fn request_token(&self) -> Result<(SecretString, Option<Duration>), Error> {
        let config = &self.config;
        let form = {
            let mut form = form_urlencoded::Serializer::new(String::new());
            form.append_pair("grant_type", "client_credentials");
            if let Some(scope) = &config.scope {
                form.append_pair("scope", scope);
            }
            if config.method == TokenAuthMethod::ClientSecretPost {
                form.append_pair("client_id", &config.client_id);
                form.append_pair("client_secret", config.client_secret.expose_secret());
            }
            form.finish()
        };
        let mut request = self
            .http
            .post(config.token_url.clone())
            .header(
                http::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .header(http::header::ACCEPT, "application/json");
        if config.method == TokenAuthMethod::ClientSecretBasic {
            // RFC 6749 2.3.1: both parts are form-encoded before Basic encoding.
            let id: String = form_urlencoded::byte_serialize(config.client_id.as_bytes()).collect();
            let secret: String =
                form_urlencoded::byte_serialize(config.client_secret.expose_secret().as_bytes())
                    .collect();
            request = request.basic_auth(id, Some(secret));
        }
        let response = request
            .body(form)
            .send()
            .await
            .map_err(|e| token_error(transport::classify(e, "while fetching a token")))?;
        let status = response.status();
        let bytes = body::read_capped(response, self.max_body_size)
            .await
            .map_err(token_error)?;
        if !status.is_success() {
            let secret = |text: &str| redact(text, &[&config.client_secret]);
            let error = Error::from_status(status).into_token_acquisition();
            let error = match oauth_error(&bytes) {
                Some(said) => error.with_server_message(secret(&said)),
                None => error.with_detail(match status.as_u16() {
                    400 | 401 => "the token endpoint refused the client id or secret",
                    _ => "the token endpoint failed",
                }),
            };
            return Err(error.with_body(&bytes, secret));
        }
        parse_token_response(&bytes)
    }
}

/// `Bearer <token>` as a sensitive header value (never shown by `Debug`), if the token can be one.
pub(crate) fn bearer_header(token: &SecretString) -> Option<HeaderValue> {
    let mut value = HeaderValue::try_from(format!("Bearer {}", token.expose_secret())).ok()?;
    value.set_sensitive(true);
    Some(value)
}

/// Wraps a transport or body failure while fetching a token, keeping whether it may be retried and
/// the status when a response arrived.
fn token_error(error: Error) -> Error {
    let retryable = error.is_retryable();
    let status = error.status();
    let detail = error.to_string();
    let wrapped = Error::new(ErrorKind::TokenAcquisition)
        .with_detail(detail)
        .with_retryable(retryable);
    match status {
        Some(status) => wrapped.with_status(status),
        None => wrapped,
    }
    .with_source(error)
}

/// `error` and `error_description` of an OAuth error body.
fn oauth_error(body: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let code = value.get("error")?.as_str()?;
    Some(
        match value.get("error_description").and_then(|d| d.as_str()) {
            Some(description) => format!("{code}: {description}"),
            None => code.to_owned(),
        },
    )
}

/// Reads `access_token` and `expires_in` from a token response without echoing its content.
fn parse_token_response(body: &[u8]) -> Result<(SecretString, Option<Duration>), Error> {
    let invalid = |detail: &str| {
        Error::new(ErrorKind::TokenAcquisition)
            .with_detail(format!("the token endpoint's answer is unusable: {detail}"))
    };
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|_| invalid("it is not JSON"))?;
    let token = value
        .get("access_token")
        .and_then(|t| t.as_str())
        .filter(|t| !t.is_empty())
        .ok_or_else(|| invalid("it has no access_token"))?;
    if http::HeaderValue::from_str(&format!("Bearer {token}")).is_err() {
        return Err(invalid(
            "the access_token contains characters a header cannot carry",
        ));
    }
    if let Some(kind) = value.get("token_type").and_then(|t| t.as_str())
        && !kind.eq_ignore_ascii_case("bearer")
    {
        return Err(invalid(&format!("the token type is {kind:?}, not Bearer")));
    }
    let expires_in = value.get("expires_in").and_then(|e| match e {
        serde_json::Value::Number(n) => n.as_u64(),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    });
    Ok((
        SecretString::from(token.to_owned()),
        expires_in.map(Duration::from_secs),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_responses_are_read_leniently() {
        let (token, expires) = parse_token_response(
            br#"{"access_token":"abc","expires_in":"60","token_type":"bearer"}"#,
        )
        .expect("valid");
        assert_eq!(token.expose_secret(), "abc");
        assert_eq!(expires, Some(Duration::from_secs(60)));
    }

    #[test]
    fn unusable_token_responses_never_echo_their_content() {
        let error = parse_token_response(br#"{"access_token":"s3cr3t-value","token_type":"mac"}"#)
            .expect_err("not bearer");
        assert_eq!(error.kind(), &ErrorKind::TokenAcquisition);
        assert!(!error.to_string().contains("s3cr3t-value"));
    }
}
