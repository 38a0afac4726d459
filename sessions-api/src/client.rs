//! The client services hold: cheap to clone, shared across tasks.

use std::fmt;
use std::sync::Arc;

use sessions_api_gen::Environment;
use sessions_api_gen::types::ApiError;

use crate::builder::ClientBuilder;
use crate::call::Call;
use crate::error::Error;
use crate::executor::Executor;
use crate::raw_error;
use crate::request::SessionsRequest;

/// A client of the List sessions endpoint. Build one with [`Client::builder`], clone it freely
/// (clones share connections and the token cache).
///
/// ```
/// use sessions_api::{Client, SANDBOX_EU};
///
/// let client = Client::builder()
///     .base_url(SANDBOX_EU)
///     .bearer_token("my-token")
///     .build()?;
/// assert_eq!(client.base_url(), "https://api.eu.platform.idnow.sx/api");
/// # Ok::<(), sessions_api::Error>(())
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<ClientInner>,
}

struct ClientInner {
    raw: sessions_api_gen::Client,
    executor: Arc<Executor>,
    http: reqwest::Client,
    base_url: String,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("auth", &self.inner.executor.auth)
            .field("retry", &self.inner.executor.retry)
            .field("timeout", &self.inner.executor.timeout)
            .field("max_body_size", &self.inner.executor.max_body_size)
            .finish()
    }
}

impl Client {
    /// A builder with the defaults: production EU, 30 s timeout, 3 attempts, 16 MiB body limit. It
    /// is the one way to configure a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    pub(crate) fn from_parts(
        base_url: String,
        http: reqwest::Client,
        executor: Arc<Executor>,
    ) -> Self {
        let hooks = sessions_api_gen::Hooks::with_executor(executor.clone());
        let raw = sessions_api_gen::Client::new_with_client(&base_url, http.clone(), hooks);
        Self {
            inner: Arc::new(ClientInner {
                raw,
                executor,
                http,
                base_url,
            }),
        }
    }

    /// A List sessions query for `flow_id` in `environment` (`Environment::Live`, `"staging"`, ...).
    pub fn sessions(
        &self,
        flow_id: impl Into<String>,
        environment: impl Into<Environment>,
    ) -> SessionsRequest {
        SessionsRequest::new(self.clone(), flow_id.into(), environment.into())
    }

    /// The base URL requests go to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// A short description of the authentication in use (`"bearer token"` or
    /// `"client credentials"`), never the credential itself.
    pub fn auth_scheme(&self) -> &'static str {
        self.inner.executor.auth.describe()
    }

    /// The generated client, for what this wrapper does not cover. Its requests go through the same
    /// credentials, retries, limits and tracing; turn its errors into [`Error`]s with
    /// [`map_raw_error`](Client::map_raw_error).
    pub fn raw(&self) -> &sessions_api_gen::Client {
        &self.inner.raw
    }

    /// A call through the generated client that records what the executor saw (see
    /// [`Call`]), for this crate's own requests.
    pub(crate) fn call(&self) -> Call {
        Call::new(
            &self.inner.base_url,
            self.inner.http.clone(),
            Arc::clone(&self.inner.executor),
        )
    }

    /// Turns an error of the generated client (from [`raw`](Client::raw)) into an [`Error`],
    /// classified as this crate's own requests are. An error the executor raised (any status that
    /// is not a success, a transport failure, a timeout) comes back whole; a body that does not
    /// decode or an undocumented success status carries the host, and the status and attempts when
    /// the generated client kept the response.
    pub fn map_raw_error(&self, error: sessions_api_gen::Error<ApiError>) -> Error {
        raw_error::map(error, &self.inner.executor.auth, &self.inner.base_url, None)
    }
}
