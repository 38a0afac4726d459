//! The List sessions request builder.

use std::fmt;

use sessions_api_gen::Environment;
use sessions_api_gen::types::SortBy;

use crate::call::Call;
use crate::client::Client;
use crate::error::{Error, Result};
use crate::page::Page;
use crate::paginate::PaginationOptions;
use crate::session::Session;

/// A List sessions query for one flow and environment, made by [`Client::sessions`].
///
/// It is cheap to clone, `Send` and `'static`: configure it once and fetch any page from any task.
/// Options are checked when a page is requested.
///
/// ```
/// # async fn demo(client: sessions_api::Client) -> Result<(), sessions_api::Error> {
/// use sessions_api::{Environment, SortBy};
///
/// let query = client
///     .sessions("flow-1", Environment::Live)
///     .sort_by(SortBy::CreatedAt)
///     .descending()
///     .page_size(100);
/// let first = query.page(1).await?;
/// println!("{} of {} sessions", first.items().len(), first.total_elements());
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct SessionsRequest {
    pub(crate) client: Client,
    pub(crate) flow_id: String,
    pub(crate) environment: Environment,
    pub(crate) sort_by: Option<SortBy>,
    pub(crate) sort_desc: Option<bool>,
    pub(crate) page_size: Option<u32>,
    pub(crate) pagination: PaginationOptions,
}

impl fmt::Debug for SessionsRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SessionsRequest")
            .field("flow_id", &self.flow_id)
            .field("environment", &self.environment)
            .field("sort_by", &self.sort_by)
            .field("sort_desc", &self.sort_desc)
            .field("page_size", &self.page_size)
            .field("pagination", &self.pagination)
            .finish_non_exhaustive()
    }
}

impl SessionsRequest {
    pub(crate) fn new(client: Client, flow_id: String, environment: Environment) -> Self {
        Self {
            client,
            flow_id,
            environment,
            sort_by: None,
            sort_desc: None,
            page_size: None,
            pagination: PaginationOptions::default(),
        }
    }

    /// Sorts by the given field (the server's default order otherwise).
    pub fn sort_by(mut self, field: SortBy) -> Self {
        self.sort_by = Some(field);
        self
    }

    /// Sorts in descending order.
    pub fn descending(mut self) -> Self {
        self.sort_desc = Some(true);
        self
    }

    /// Sorts in ascending order.
    pub fn ascending(mut self) -> Self {
        self.sort_desc = Some(false);
        self
    }

    /// Asks for `size` sessions per page. The server may use a smaller size (read
    /// [`Page::size`] back); 0 is refused when a page is requested.
    pub fn page_size(mut self, size: u32) -> Self {
        self.page_size = Some(size);
        self
    }

    /// The flow whose sessions are listed.
    pub fn flow_id(&self) -> &str {
        &self.flow_id
    }

    /// The environment of the flow.
    pub fn environment(&self) -> &Environment {
        &self.environment
    }

    /// The client this query is sent with.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Fetches one page. `number` is in the server's numbering (the documented example counts from
    /// 1); the page reports the number, size and totals the server used.
    ///
    /// Transient failures are retried by the client's [`RetryPolicy`](crate::RetryPolicy); the
    /// error says what happened otherwise.
    pub async fn page(&self, number: u32) -> Result<Page<Session>> {
        self.fetch(Some(number)).await
    }

    /// Fetches page `number`, or the server's first page (no `page` parameter) when `None`.
    pub(crate) async fn fetch(&self, number: Option<u32>) -> Result<Page<Session>> {
        self.fetch_through(&self.client.call(), number).await
    }

    /// [`fetch`](Self::fetch) through `via`, whose record keeps what the executor saw.
    pub(crate) async fn fetch_through(
        &self,
        via: &Call,
        number: Option<u32>,
    ) -> Result<Page<Session>> {
        self.fetch_unlabelled(via, number)
            .await
            .map_err(|e| e.with_request(&self.flow_id, self.environment.as_str()))
    }

    async fn fetch_unlabelled(&self, via: &Call, number: Option<u32>) -> Result<Page<Session>> {
        self.check()?;
        let raw = via.generated();
        let mut call = raw
            .list_sessions()
            .flow_id(self.flow_id.as_str())
            .environment(self.environment.clone());
        if let Some(number) = number {
            let page = i32::try_from(number).map_err(|_| {
                Error::invalid_request(format!(
                    "page {number} is beyond the largest page number the API accepts ({})",
                    i32::MAX
                ))
            })?;
            call = call.page(page);
        }
        if let Some(size) = self.page_size {
            let size = i32::try_from(size).map_err(|_| {
                Error::invalid_request(format!(
                    "page size {size} is beyond the largest size the API accepts ({})",
                    i32::MAX
                ))
            })?;
            call = call.size(size);
        }
        if let Some(sort_by) = self.sort_by {
            call = call.sort_by(sort_by);
        }
        if let Some(desc) = self.sort_desc {
            call = call.sort_desc(desc);
        }
        match call.send().await {
            Ok(response) => {
                let body = response.into_inner();
                let first_page = self.client.learn_first_page(body.page.number);
                Ok(Page::new(body.content, &body.page, first_page))
            }
            Err(error) => Err(via.map_error(error)),
        }
    }

    /// Refuses options the API cannot carry before anything is sent.
    fn check(&self) -> Result<()> {
        match self.flow_id.as_str() {
            "" => return Err(Error::invalid_request("the flow id is empty")),
            "." | ".." => {
                return Err(Error::invalid_request(format!(
                    "the flow id {:?} cannot be sent as a path segment",
                    self.flow_id
                )));
            }
            _ => {}
        }
        if matches!(self.environment.as_str(), "" | "." | "..") {
            return Err(Error::invalid_request(format!(
                "the environment {:?} cannot be sent as a path segment",
                self.environment.as_str()
            )));
        }
        if self.page_size == Some(0) {
            return Err(Error::invalid_request("the page size must be at least 1"));
        }
        Ok(())
    }
}
