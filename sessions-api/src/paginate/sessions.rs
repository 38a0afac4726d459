//! The pagination streams of a List sessions query.

use futures::future::BoxFuture;
use futures::{FutureExt, Stream, TryStreamExt};

use super::{PageSource, engine};
use crate::{Error, Page, Session, SessionsRequest};

impl PageSource for SessionsRequest {
    type Item = Session;

    fn fetch_page(&self, number: Option<u32>) -> BoxFuture<'static, Result<Page<Session>, Error>> {
        let request = self.clone();
        async move { request.fetch(number).await }.boxed()
    }
}

impl SessionsRequest {
    /// Starts the streams at page `number` in the server's numbering (for example an error's
    /// [`resume_page`](crate::Error::resume_page)) instead of the server's first page.
    pub fn start_page(mut self, number: u32) -> Self {
        self.pagination.start_page = Some(number);
        self
    }

    /// Makes at most `pages` page requests (at most
    /// [`HARD_CAP_PAGES`](crate::paginate::HARD_CAP_PAGES)); the streams end quietly there.
    pub fn max_pages(mut self, pages: u32) -> Self {
        self.pagination.max_pages = Some(pages);
        self
    }

    /// Drops sessions whose id was already yielded (page-number paging repeats rows that move
    /// between pages while it runs). Costs about 100 bytes per distinct session id.
    pub fn dedupe(mut self, on: bool) -> Self {
        self.pagination.dedupe = on;
        self
    }

    /// Keeps up to `pages` requests in flight once the first page has given the totals (at least 1,
    /// the default: one page ahead of the consumer). Pages still come out in server order.
    pub fn prefetch(mut self, pages: usize) -> Self {
        self.pagination.prefetch = pages.max(1);
        self
    }

    /// Every page, in server order, by the rules in [`paginate`](crate::paginate). The stream is
    /// `Send + 'static`; an error ends it and says which page to resume from.
    ///
    /// ```
    /// # async fn demo(client: sessions_api::Client) -> Result<(), sessions_api::Error> {
    /// use futures::TryStreamExt;
    /// use sessions_api::Environment;
    ///
    /// let mut pages = std::pin::pin!(client.sessions("flow-1", Environment::Live).pages());
    /// while let Some(page) = pages.try_next().await? {
    ///     println!("page {}: {} sessions", page.number(), page.items().len());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn pages(&self) -> impl Stream<Item = Result<Page<Session>, Error>> + Send + 'static {
        engine::pages(self.clone(), self.pagination.clone())
    }

    /// Every session, in server order, page after page. An error comes after every session before
    /// it and carries [`resume_page`](crate::Error::resume_page).
    ///
    /// ```
    /// # async fn demo(client: sessions_api::Client) -> Result<(), sessions_api::Error> {
    /// use futures::TryStreamExt;
    /// use sessions_api::Environment;
    ///
    /// let sessions = client.sessions("flow-1", Environment::Live).prefetch(4).items();
    /// let mut sessions = std::pin::pin!(sessions);
    /// while let Some(session) = sessions.try_next().await? {
    ///     println!("{} {}", session.id(), session.status());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn items(&self) -> impl Stream<Item = Result<Session, Error>> + Send + 'static {
        engine::items(self.clone(), self.pagination.clone())
    }

    /// Every session, collected. Prefer [`items`](Self::items) for large listings.
    pub async fn collect_all(&self) -> Result<Vec<Session>, Error> {
        self.items().try_collect().await
    }
}
