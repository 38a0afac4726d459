//! Where response bodies come from: recorded JSON files, or the live API paged through the SDK's
//! own pagination stream with the raw body of every response kept (validation needs the body as
//! sent, before any decoding; a drifted body may not decode at all).
//!
//! # The seam to the SDK
//!
//! Paging is the SDK's: [`fetch_live`] runs `sessions_api::paginate::pages` (page base learned from
//! the first response, termination, `--max-pages` as the stream's `max_pages`) over a [`RawSource`],
//! a `PageSource` whose items are raw session objects. The one request per page is sent by
//! [`RawSource`] itself with `reqwest` (bearer token or client credentials, no redirects, a body
//! cap), because the SDK has no public way yet to send a request through its client and get the
//! raw body back. When it has one (a raw-body hook, for example `SessionsRequest::fetch_raw(page)`
//! returning status, headers and bytes with the client's auth, retries and limits applied), only
//! [`RawSource::fetch`] changes.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use futures::future::BoxFuture;
use futures::{FutureExt, StreamExt};
use secrecy::ExposeSecret;
pub use secrecy::SecretString;
use serde_json::Value;
use sessions_api::Page;
use sessions_api::paginate::{self, ItemKey, PageSource, PaginationOptions};

/// One response to check.
#[derive(Debug, Clone)]
pub struct Response {
    /// Where it came from, for reports (`page 2`, `page-2.json`). Never holds secrets.
    pub label: String,
    /// The HTTP status (200 for recorded pages, 400 for recorded `error-*.json` files).
    pub status: u16,
    /// The Content-Type, when known.
    pub content_type: Option<String>,
    /// The body as received.
    pub body: Vec<u8>,
    /// The page number requested (`None`: the server's first page, or not a live listing).
    pub requested_page: Option<u64>,
}

/// Every `*.json` file in `dir`, in name order. `error-*.json` files are error bodies (checked
/// against the 400 response), the others bodies of the 200 response.
pub fn read_recorded(dir: &Path) -> Result<Vec<Response>> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot list {}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_file() && path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    if files.is_empty() {
        bail!("{} holds no .json files", dir.display());
    }
    files
        .into_iter()
        .map(|file| {
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let body =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            Ok(Response {
                status: if name.starts_with("error-") { 400 } else { 200 },
                label: name,
                content_type: Some("application/json".to_owned()),
                body,
                requested_page: None,
            })
        })
        .collect()
}

/// How to authenticate to the live API.
#[derive(Debug, Clone)]
pub enum Credentials {
    /// A bearer token.
    Bearer(SecretString),
    /// OAuth 2.0 client credentials (HTTP Basic), exchanged for a token first.
    ClientCredentials {
        /// The token endpoint.
        token_url: String,
        /// The client id.
        client_id: String,
        /// The client secret.
        client_secret: SecretString,
    },
}

/// What to list from the live API.
#[derive(Debug, Clone)]
pub struct LiveOptions {
    /// The API base URL (`https://api.eu.platform.idnow.io/api`).
    pub base_url: String,
    /// The flow whose sessions are listed.
    pub flow_id: String,
    /// The logical environment (`live`, `staging`).
    pub environment: String,
    /// How to authenticate.
    pub credentials: Credentials,
    /// The most pages to fetch.
    pub max_pages: u32,
    /// The page size to ask for (the server's default when `None`).
    pub page_size: Option<u32>,
    /// The timeout of each request.
    pub timeout: Duration,
}

/// The most bytes read from one response.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Parses a URL and refuses plain `http://` except to loopback hosts.
fn checked_url(text: &str, what: &str) -> Result<url::Url> {
    let url = url::Url::parse(text).with_context(|| format!("the {what} `{text}` is not a URL"))?;
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(&url) => Ok(url),
        "http" => bail!("the {what} uses plain http to a non-loopback host; use https"),
        other => bail!("the {what} has the unsupported scheme `{other}`"),
    }
}

/// Reads a response body up to [`MAX_BODY_BYTES`].
async fn read_body(mut response: reqwest::Response) -> Result<Vec<u8>> {
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .context("reading the response body")?
    {
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            bail!("the response body exceeds {MAX_BODY_BYTES} bytes");
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Obtains a bearer token.
async fn token(http: &reqwest::Client, credentials: &Credentials) -> Result<SecretString> {
    match credentials {
        Credentials::Bearer(token) => Ok(token.clone()),
        Credentials::ClientCredentials {
            token_url,
            client_id,
            client_secret,
        } => {
            let url = checked_url(token_url, "token URL")?;
            let response = http
                .post(url)
                .basic_auth(client_id, Some(client_secret.expose_secret()))
                .header(
                    reqwest::header::CONTENT_TYPE,
                    "application/x-www-form-urlencoded",
                )
                .body("grant_type=client_credentials")
                .send()
                .await
                .context("the token request failed")?;
            let status = response.status();
            if !status.is_success() {
                bail!("the token endpoint answered {status}");
            }
            let body = read_body(response).await?;
            let parsed: Value =
                serde_json::from_slice(&body).context("the token endpoint's answer is not JSON")?;
            let Some(token) = parsed.get("access_token").and_then(Value::as_str) else {
                bail!("the token endpoint's answer has no `access_token`");
            };
            Ok(SecretString::from(token.to_owned()))
        }
    }
}

/// A lenient read of a page field: an integer, or an integer in a string (so that paging goes
/// on when the type drifted; the schema check reports the drift).
fn page_field(body: &Value, name: &str) -> Option<u64> {
    let value = body.pointer(&format!("/page/{name}"))?;
    value
        .as_u64()
        .or_else(|| value.as_str().and_then(|s| s.trim().parse().ok()))
}

/// A raw session object of a page, keyed by `sessionId` for the SDK's stream.
#[derive(Debug, Clone)]
pub struct RawSession(pub Value);

impl ItemKey for RawSession {
    fn item_key(&self) -> &str {
        self.0
            .get("sessionId")
            .and_then(Value::as_str)
            .unwrap_or("")
    }
}

/// A `PageSource` for the SDK's pagination stream that keeps every raw response.
#[derive(Debug, Clone)]
pub struct RawSource {
    inner: Arc<SourceInner>,
}

#[derive(Debug)]
struct SourceInner {
    http: reqwest::Client,
    url: url::Url,
    token: SecretString,
    page_size: Option<u32>,
    requests: AtomicUsize,
    /// (request order, response) of every response received.
    captured: Mutex<Vec<(usize, Response)>>,
    /// The first failure to get a response at all.
    failure: Mutex<Option<String>>,
}

impl RawSource {
    /// Authenticates and prepares the listing of `options`.
    pub async fn new(options: &LiveOptions) -> Result<Self> {
        let mut url = checked_url(&options.base_url, "base URL")?;
        if options.flow_id.is_empty() || options.environment.is_empty() {
            bail!("the flow id and the environment must not be empty");
        }
        {
            let Ok(mut segments) = url.path_segments_mut() else {
                bail!("the base URL `{}` cannot hold a path", options.base_url);
            };
            segments.pop_if_empty().extend([
                "v1",
                "flows",
                &options.flow_id,
                &options.environment,
                "sessions",
            ]);
        }
        let http = reqwest::Client::builder()
            .timeout(options.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!(
                "sessions-api-contract-check/",
                env!("CARGO_PKG_VERSION")
            ))
            .build()
            .context("cannot build the HTTP client")?;
        let token = token(&http, &options.credentials).await?;
        Ok(Self {
            inner: Arc::new(SourceInner {
                http,
                url,
                token,
                page_size: options.page_size,
                requests: AtomicUsize::new(0),
                captured: Mutex::new(Vec::new()),
                failure: Mutex::new(None),
            }),
        })
    }

    /// Sends the request for page `number` (the server's first page when `None`) and returns the
    /// response as received. The seam: with a raw-body hook in the SDK, this goes through the
    /// SDK's client instead.
    async fn fetch(inner: &SourceInner, number: Option<u32>) -> Result<Response> {
        let mut url = inner.url.clone();
        {
            let mut query = url.query_pairs_mut();
            if let Some(page) = number {
                query.append_pair("page", &page.to_string());
            }
            if let Some(size) = inner.page_size {
                query.append_pair("size", &size.to_string());
            }
        }
        if url.query() == Some("") {
            url.set_query(None);
        }
        let label = match number {
            None => "first page".to_owned(),
            Some(page) => format!("page {page}"),
        };
        let response = inner
            .http
            .get(url)
            .bearer_auth(inner.token.expose_secret())
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .with_context(|| format!("the request for the {label} failed"))?;
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = read_body(response)
            .await
            .with_context(|| format!("the {label}"))?;
        Ok(Response {
            label,
            status,
            content_type,
            body,
            requested_page: number.map(u64::from),
        })
    }

    /// What the stream sees of a response: its raw sessions and leniently read metadata. Anything
    /// that is not a readable page (an error status, a body that is not JSON, no page number)
    /// becomes an empty page, which ends the stream; the checks report why.
    fn page_of(response: &Response) -> Page<RawSession> {
        let fallback = response
            .requested_page
            .and_then(|n| i64::try_from(n).ok())
            .unwrap_or(1);
        let empty = Page::from_parts(Vec::new(), fallback, 0, 0, 0);
        if response.status != 200 {
            return empty;
        }
        let Ok(body) = serde_json::from_slice::<Value>(&response.body) else {
            return empty;
        };
        let field = |name: &str| page_field(&body, name).and_then(|v| i64::try_from(v).ok());
        let (Some(number), Some(items)) = (
            field("number"),
            body.get("content").and_then(Value::as_array),
        ) else {
            return empty;
        };
        let items: Vec<RawSession> = items.iter().cloned().map(RawSession).collect();
        let size = field("size").unwrap_or(items.len() as i64);
        let total_elements = field("totalElements").unwrap_or(0);
        let total_pages = field("totalPages").unwrap_or(0);
        Page::from_parts(items, number, size, total_elements, total_pages)
    }

    /// Every response received so far, in request order.
    pub fn responses(&self) -> Vec<Response> {
        let mut captured = match self.inner.captured.lock() {
            Ok(captured) => captured.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        };
        captured.sort_by_key(|(order, _)| *order);
        captured.into_iter().map(|(_, response)| response).collect()
    }

    fn failure(&self) -> Option<String> {
        match self.inner.failure.lock() {
            Ok(failure) => failure.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }
}

impl PageSource for RawSource {
    type Item = RawSession;

    fn fetch_page(
        &self,
        number: Option<u32>,
    ) -> BoxFuture<'static, Result<Page<RawSession>, sessions_api::Error>> {
        let inner = Arc::clone(&self.inner);
        async move {
            let order = inner.requests.fetch_add(1, Ordering::SeqCst);
            match Self::fetch(&inner, number).await {
                Ok(response) => {
                    let page = Self::page_of(&response);
                    if let Ok(mut captured) = inner.captured.lock() {
                        captured.push((order, response));
                    }
                    Ok(page)
                }
                Err(error) => {
                    if let Ok(mut failure) = inner.failure.lock() {
                        failure.get_or_insert_with(|| format!("{error:#}"));
                    }
                    // No response to check: end the stream here.
                    Ok(Page::from_parts(Vec::new(), 0, 0, 0, 0))
                }
            }
        }
        .boxed()
    }
}

/// A live listing: the responses in request order, and how the SDK's stream ended if it ended
/// with an error (a pagination error: numbers that do not advance, a hard cap).
#[derive(Debug, Clone)]
pub struct Listing {
    /// Every response, in request order.
    pub responses: Vec<Response>,
    /// The stream's error, if it ended with one.
    pub stream_error: Option<String>,
}

/// Every response of one live listing, paged through the SDK's stream up to
/// `options.max_pages` pages. Fails if a request got no response at all.
pub async fn fetch_live(options: &LiveOptions) -> Result<Listing> {
    let source = RawSource::new(options).await?;
    let pagination = PaginationOptions {
        max_pages: Some(options.max_pages),
        prefetch: 1,
        ..PaginationOptions::default()
    };
    let mut pages = std::pin::pin!(paginate::pages(source.clone(), pagination));
    let mut stream_error = None;
    while let Some(page) = pages.next().await {
        if let Err(error) = page {
            stream_error = Some(error.to_string());
            break;
        }
    }
    if let Some(failure) = source.failure() {
        bail!("{failure}");
    }
    Ok(Listing {
        responses: source.responses(),
        stream_error,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_is_for_loopback_only() {
        assert!(checked_url("http://127.0.0.1:8080/api", "base URL").is_ok());
        assert!(checked_url("http://localhost/api", "base URL").is_ok());
        assert!(checked_url("https://api.eu.platform.idnow.io/api", "base URL").is_ok());
        assert!(checked_url("http://api.eu.platform.idnow.io/api", "base URL").is_err());
        assert!(checked_url("ftp://127.0.0.1/", "base URL").is_err());
    }

    #[test]
    fn page_fields_are_read_leniently() {
        let body = serde_json::json!({"page": {"number": 2, "totalElements": "25"}});
        assert_eq!(page_field(&body, "number"), Some(2));
        assert_eq!(page_field(&body, "totalElements"), Some(25));
        assert_eq!(page_field(&body, "size"), None);
    }
}
