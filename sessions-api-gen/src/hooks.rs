//! The seam through which a wrapper adds behaviour to every request of the generated client.
//!
//! The generated [`Client`](crate::Client) carries a [`Hooks`] value and hands each request to it.
//! Without an executor it sends the request as is; with one, the executor decides how the request is
//! sent (authentication, retries, limits), so those concerns stay out of generated code.

use std::fmt;
use std::sync::Arc;

use futures::future::BoxFuture;
use progenitor_client::ClientHooks;

/// What the generated code says about the operation a request belongs to (its `operation_id`),
/// re-exported so an executor can be written without depending on the generator's runtime crate.
pub use progenitor_client::OperationInfo;

/// Sends the requests of the generated client on a wrapper's behalf.
pub trait RequestExecutor: Send + Sync + fmt::Debug + 'static {
    /// Sends `request` (already built by the generated code) and returns the response the generated
    /// code should decode. `client` is the `reqwest::Client` the generated client was built with.
    fn execute<'a>(
        &'a self,
        client: &'a reqwest::Client,
        request: reqwest::Request,
        info: &'a OperationInfo,
    ) -> BoxFuture<'a, reqwest::Result<reqwest::Response>>;
}

/// The per-client hook state carried by the generated [`Client`](crate::Client).
#[derive(Clone, Default)]
pub struct Hooks {
    executor: Option<Arc<dyn RequestExecutor>>,
}

impl Hooks {
    /// Hooks that send every request unchanged.
    pub fn none() -> Self {
        Self::default()
    }

    /// Hooks that hand every request to `executor`.
    pub fn with_executor(executor: Arc<dyn RequestExecutor>) -> Self {
        Self {
            executor: Some(executor),
        }
    }

    /// The executor, if one is installed.
    pub fn executor(&self) -> Option<&Arc<dyn RequestExecutor>> {
        self.executor.as_ref()
    }
}

impl fmt::Debug for Hooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Hooks")
            .field("executor", &self.executor)
            .finish()
    }
}

impl ClientHooks<Hooks> for crate::Client {
    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        match &self.inner.executor {
            Some(executor) => executor.execute(&self.client, request, info).await,
            None => self.client.execute(request).await,
        }
    }
}
