//! The List sessions request builder: the query, one page, and the streams over all pages.

use std::fmt;

use chrono::{DateTime, Utc};
use futures::FutureExt;
use futures::future::BoxFuture;
use sessions_api_gen::Environment;
use sessions_api_gen::types::SortBy;

use crate::call::Call;
use crate::client::Client;
use crate::error::{Error, ErrorKind, Result};
use crate::page::Page;
use crate::page::rules::SharedBase;
use crate::paginate::{self, ListingOrder, PageSource, PaginationOptions, PaginationStream};
use crate::session::Session;

/// A List sessions query for one flow and environment, made by [`Client::sessions`].
///
/// It is cheap to clone, `Send` and `'static`: configure it once and fetch any page from any task.
/// Options are checked when a page is requested. Its methods are defined in this module: the query
/// ([`sort_by`](Self::sort_by), [`page_size`](Self::page_size), ...), one page
/// ([`page`](Self::page)), the stream options ([`prefetch`](Self::prefetch),
/// [`dedupe`](Self::dedupe), ...) and the streams ([`items`](Self::items), [`pages`](Self::pages),
/// [`created_after`](Self::created_after)); only `page_raw`, which fetches an answer as received
/// for contract checks, lives with the raw responses.
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
    /// The page base learned from this query's answers, shared by its clones.
    base: SharedBase,
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
            base: SharedBase::default(),
        }
    }

    /// Sorts by the given field (the server's default order otherwise).
    #[must_use]
    pub fn sort_by(mut self, field: SortBy) -> Self {
        self.sort_by = Some(field);
        self
    }

    /// Sorts in descending order.
    #[must_use]
    pub fn descending(mut self) -> Self {
        self.sort_desc = Some(true);
        self
    }

    /// Sorts in ascending order.
    #[must_use]
    pub fn ascending(mut self) -> Self {
        self.sort_desc = Some(false);
        self
    }

    /// Asks for `size` sessions per page. The server may use a smaller size (read
    /// [`Page::size`] back); 0 is refused when a page is requested.
    #[must_use]
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
    /// 1; the API accepts up to `i32::MAX`); the page reports the number, size and totals the server
    /// used, and its [`next_page`](Page::next_page) is the number to pass here next.
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
                let status = response.status();
                let body = response.into_inner();
                let mut page = Page::from_metadata(body.content, &body.page).map_err(|detail| {
                    let error = Error::new(ErrorKind::Decode)
                        .with_status(status)
                        .with_detail(format!(
                            "the answer is not a page of the contract: {detail}"
                        ));
                    // An answer arrived: the error counts its attempts and names its host.
                    match via.exchange() {
                        Some(exchange) => exchange.error_after(error),
                        None => error.with_attempts(1),
                    }
                })?;
                page.base = self.base.learn(number, &page);
                Ok(page)
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
        if self.environment.is_unknown() {
            return Err(Error::invalid_request(format!(
                "the environment {:?} is not one the API accepts ({})",
                self.environment.as_str(),
                Environment::KNOWN
                    .iter()
                    .map(|known| format!("`{known}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            )));
        }
        if self.page_size == Some(0) {
            return Err(Error::invalid_request("the page size must be at least 1"));
        }
        Ok(())
    }
}

/// The stream options and the streams over every page.
impl SessionsRequest {
    /// Starts the streams at page `number` in the server's numbering (for example an error's
    /// [`resume_page`](crate::Error::resume_page)) instead of the server's first page.
    #[must_use]
    pub fn start_page(mut self, number: u32) -> Self {
        self.pagination.start_page = Some(number);
        self
    }

    /// Makes at most `pages` page requests, pages asked for again included (at most
    /// [`HARD_CAP_PAGES`](crate::paginate::HARD_CAP_PAGES)); the streams end quietly there.
    #[must_use]
    pub fn max_pages(mut self, pages: u32) -> Self {
        self.pagination.max_pages = Some(pages);
        self
    }

    /// Drops sessions whose id was already yielded (page-number paging repeats rows that move
    /// between pages while it runs). Costs about 100 bytes per distinct session id.
    #[must_use]
    pub fn dedupe(mut self, on: bool) -> Self {
        self.pagination.dedupe = on;
        self
    }

    /// Keeps up to `pages` requests in flight once the first page has given the totals (at least 1,
    /// the default: one page ahead of the consumer). Pages still come out in server order; what a
    /// listing can prove at each prefetch is in the [paging rules](crate::paginate).
    #[must_use]
    pub fn prefetch(mut self, pages: usize) -> Self {
        self.pagination.prefetch = pages.max(1);
        self
    }

    /// After a listing in an order without a proof of completeness (oldest first, by status, the
    /// server's default), lists again newest first and yields at the end the sessions that pass
    /// found and the first did not; see [`PaginationOptions::verify`]. About twice the requests and
    /// time of a plain listing; no effect on a newest-first listing, or on
    /// [`items_while`](Self::items_while) and [`created_after`](Self::created_after).
    #[must_use]
    pub fn verify(mut self, on: bool) -> Self {
        self.pagination.verify = on;
        self
    }

    /// The order the streams list in, as far as completeness is concerned:
    /// [`ListingOrder::NewestFirst`] for `sortBy=createdAt` descending, [`ListingOrder::Unknown`]
    /// otherwise (oldest first, by status, or no `sortBy`, the server's undocumented default).
    pub fn listing_order(&self) -> ListingOrder {
        match (self.sort_by, self.sort_desc) {
            (Some(SortBy::CreatedAt), Some(true)) => ListingOrder::NewestFirst,
            _ => ListingOrder::Unknown,
        }
    }

    /// Every page, in server order, by the rules in [`paginate`](crate::paginate). The stream is
    /// `Send + 'static`; an error ends it and says which page to resume from.
    ///
    /// ```
    /// # async fn demo(client: sessions_api::Client) -> Result<(), sessions_api::Error> {
    /// use sessions_api::Environment;
    ///
    /// let mut pages = client.sessions("flow-1", Environment::Live).pages();
    /// while let Some(page) = pages.try_next().await? {
    ///     println!("page {}: {} sessions", page.number(), page.items().len());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn pages(&self) -> PaginationStream<Page<Session>> {
        paginate::pages(self.clone(), self.pagination.clone())
    }

    /// Every session, in server order, page after page. An error comes after every session before
    /// it and carries [`resume_page`](crate::Error::resume_page).
    ///
    /// ```
    /// # async fn demo(client: sessions_api::Client) -> Result<(), sessions_api::Error> {
    /// use sessions_api::paginate::Completeness;
    /// use sessions_api::{Environment, SortBy};
    ///
    /// let mut sessions = client
    ///     .sessions("flow-1", Environment::Live)
    ///     .sort_by(SortBy::CreatedAt)
    ///     .descending()
    ///     .prefetch(4)
    ///     .dedupe(true)
    ///     .items();
    /// while let Some(session) = sessions.try_next().await? {
    ///     println!("{} {}", session.id(), session.status());
    /// }
    /// assert_ne!(sessions.report().completeness(), Completeness::Unfinished);
    /// # Ok(()) }
    /// ```
    pub fn items(&self) -> PaginationStream<Session> {
        paginate::items(self.clone(), self.pagination.clone())
    }

    /// The sessions while `keep` holds, in server order: the stream ends at the first session for
    /// which `keep` is false (not yielded) and asks for no page after the one holding it, so at most
    /// `prefetch - 1` requests are made past that page. Sort the query so that the sessions to keep
    /// come first (see [`created_after`](Self::created_after)).
    pub fn items_while<F>(&self, keep: F) -> PaginationStream<Session>
    where
        F: Fn(&Session) -> bool + Send + Sync + 'static,
    {
        paginate::items_while(self.clone(), self.pagination.clone(), keep)
    }

    /// The sessions created after `cutoff`, newest first: the query sorted by `createdAt`
    /// descending, ending at the first session created at or before `cutoff`. It asks for no page
    /// after the one holding the cutoff, so it makes at most `prefetch - 1` requests past that
    /// page (requests already in flight when it arrived; with the default prefetch of 1, none).
    /// The query's own sort is replaced.
    ///
    /// ```
    /// # async fn demo(client: sessions_api::Client) -> Result<(), sessions_api::Error> {
    /// use sessions_api::chrono::{TimeDelta, Utc};
    /// use sessions_api::{Environment, Session};
    ///
    /// let cutoff = Utc::now() - TimeDelta::hours(24);
    /// let recent: Vec<Session> = client
    ///     .sessions("flow-1", Environment::Live)
    ///     .page_size(100)
    ///     .dedupe(true)
    ///     .created_after(cutoff)
    ///     .try_collect()
    ///     .await?;
    /// println!("{} sessions in the last 24 h", recent.len());
    /// # Ok(()) }
    /// ```
    pub fn created_after(&self, cutoff: DateTime<Utc>) -> PaginationStream<Session> {
        self.clone()
            .sort_by(SortBy::CreatedAt)
            .descending()
            .items_while(move |session| session.created_at > cutoff)
    }
}

impl PageSource for SessionsRequest {
    type Item = Session;

    fn fetch_page(&self, number: Option<u32>) -> BoxFuture<'static, Result<Page<Session>>> {
        let request = self.clone();
        async move { request.fetch(number).await }.boxed()
    }

    fn order(&self) -> ListingOrder {
        self.listing_order()
    }

    fn verification(&self) -> Option<Self> {
        Some(self.clone().sort_by(SortBy::CreatedAt).descending())
    }
}
