//! The live API as a source of responses (feature `live`).
//!
//! [`fetch_live`] runs the SDK's pagination stream (`sessions_api::paginate::pages`: page base
//! learned from the first response, termination, `--max-pages` as the stream's `max_pages`) over a
//! [`RawSource`], whose one request per page is the SDK client's own
//! (`SessionsRequest::page_raw`): the same credentials (bearer token or client credentials, cached
//! and refreshed), retries, timeouts, redirect rules and body limit as any service using the SDK,
//! with the body kept exactly as received.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use anyhow::{Result, anyhow, bail};
use futures::future::BoxFuture;
use futures::{FutureExt, StreamExt};
use serde_json::Value;
use sessions_api::paginate::{self, ItemKey, PageSource, PaginationOptions};
use sessions_api::{Client, Environment, Page, SessionsRequest};

use super::source::{Credentials, LiveOptions, Response};

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
    request: SessionsRequest,
    requests: AtomicUsize,
    /// (request order, response) of every response received.
    captured: Mutex<Vec<(usize, Response)>>,
    /// The first failure to get a response at all.
    failure: Mutex<Option<String>>,
}

impl RawSource {
    /// Builds the SDK client for the listing of `options` (its builder refuses plain `http://`
    /// except to loopback, empty credentials and other bad settings).
    pub async fn new(options: &LiveOptions) -> Result<Self> {
        if options.flow_id.is_empty() || options.environment.is_empty() {
            bail!("the flow id and the environment must not be empty");
        }
        let builder = Client::builder()
            .base_url(options.base_url.clone())
            .timeout(options.timeout);
        let builder = match &options.credentials {
            Credentials::Bearer(token) => builder.bearer_token(token.clone()),
            Credentials::ClientCredentials {
                token_url,
                client_id,
                client_secret,
            } => builder.client_credentials(
                client_id.clone(),
                client_secret.clone(),
                token_url.clone(),
            ),
        };
        let client = builder.build().map_err(|e| anyhow!("{e}"))?;
        let mut request = client.sessions(
            options.flow_id.clone(),
            Environment::from(options.environment.as_str()),
        );
        if let Some(size) = options.page_size {
            request = request.page_size(size);
        }
        Ok(Self {
            inner: Arc::new(SourceInner {
                request,
                requests: AtomicUsize::new(0),
                captured: Mutex::new(Vec::new()),
                failure: Mutex::new(None),
            }),
        })
    }

    /// Fetches page `number` (the server's first page when `None`) through the SDK client and
    /// returns the answer as received.
    async fn fetch(inner: &SourceInner, number: Option<u32>) -> Result<Response> {
        let label = match number {
            None => "first page".to_owned(),
            Some(page) => format!("page {page}"),
        };
        let raw = inner
            .request
            .page_raw(number)
            .await
            .map_err(|e| anyhow!("the request for the {label} failed: {e}"))?;
        Ok(Response {
            label,
            status: raw.status.as_u16(),
            content_type: raw.content_type,
            body: raw.body.to_vec(),
            requested_page: number.map(u64::from),
            listing: None,
        })
    }

    /// What the stream sees of a response: its raw sessions and leniently read metadata. Anything
    /// that is not a readable page (an error status, a body that is not JSON, no page number)
    /// becomes an empty page, which ends the stream; the checks report why.
    fn page_of(response: &Response) -> Page<RawSession> {
        let fallback = response
            .requested_page
            .and_then(|n| u32::try_from(n).ok())
            .unwrap_or(1);
        let empty = Page::from_parts(Vec::new(), fallback, 0, 0, 0);
        if response.status != 200 {
            return empty;
        }
        let Ok(body) = serde_json::from_slice::<Value>(&response.body) else {
            return empty;
        };
        let field = |name: &str| page_field(&body, name).and_then(|v| i64::try_from(v).ok());
        let number_field = |name: &str| page_field(&body, name).and_then(|v| u32::try_from(v).ok());
        let (Some(number), Some(items)) = (
            number_field("number"),
            body.get("content").and_then(Value::as_array),
        ) else {
            return empty;
        };
        let items: Vec<RawSession> = items.iter().cloned().map(RawSession).collect();
        let size = number_field("size").unwrap_or(u32::try_from(items.len()).unwrap_or(u32::MAX));
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
    let pagination = PaginationOptions::new()
        .with_max_pages(options.max_pages)
        .with_prefetch(1);
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
    fn page_fields_are_read_leniently() {
        let body = serde_json::json!({"page": {"number": 2, "totalElements": "25"}});
        assert_eq!(page_field(&body, "number"), Some(2));
        assert_eq!(page_field(&body, "totalElements"), Some(25));
        assert_eq!(page_field(&body, "size"), None);
    }
}
