//! Pagination streams over page-number paging that never loop and never drop an item silently.
//!
//! The rules, for a stream built with [`PaginationOptions`]:
//!
//! - **Page base.** The first request asks for the server's first page without a `page` parameter
//!   (unless [`start_page`](PaginationOptions::start_page) is set); the number the server reports
//!   for it is the base. Later pages are requested as "last reported number + 1", so 0-based and
//!   1-based servers both work with no setting.
//! - **Termination.** The stream ends after an empty page, after the last page by `totalPages`, or
//!   after a page shorter than the page size the server reports (so silent size clamping works). When
//!   these signals disagree with the totals (a full "last" page while fewer items than
//!   `totalElements` arrived, a short page while `totalPages` says more follow) the stream asks for one
//!   more page, sequentially, and ends on the first empty page.
//! - **Bound.** A stream makes at most [`max_pages`](PaginationOptions::max_pages) page requests
//!   (default and ceiling [`HARD_CAP_PAGES`]). Reaching a cap set with `max_pages` ends the stream
//!   quietly; reaching [`HARD_CAP_PAGES`] while the server still reports more pages ends it with a
//!   pagination error, so nothing is lost silently.
//! - **Errors.** A page number that does not advance, goes backwards or skips (the server answers
//!   another page than the one requested) ends the stream with a pagination error. Any error comes
//!   after every item before it and carries [`resume_page`](crate::Error::resume_page): a stream
//!   started with `start_page(that page)` yields the rest. When the very first request fails there
//!   is no page to name (`resume_page()` is `None`): start again from the beginning.
//! - **Prefetch.** The first page is fetched alone; once it gives the totals, up to
//!   [`prefetch`](PaginationOptions::prefetch) requests are in flight, never past the last page the
//!   totals announce. Pages come out in server order. Dropping the stream aborts what is in flight.
//!   The default, 1, keeps one page ahead of the consumer.
//! - **Dedupe.** With [`dedupe`](PaginationOptions::dedupe) on, an item whose key was already yielded
//!   is dropped (page-number paging repeats items when rows are inserted between requests). It keeps
//!   every key seen: about 100 bytes per distinct session id, so roughly 100 MB per million sessions.

mod engine;
mod options;
mod sessions;

pub use engine::{items, pages};
pub use options::{HARD_CAP_PAGES, PaginationOptions};

use futures::future::BoxFuture;

use crate::{Error, Page};

/// Where a pagination stream gets its pages: one request per call.
///
/// Implemented by [`SessionsRequest`](crate::SessionsRequest); implement it yourself to paginate any
/// source with the same rules (for example an in-memory source in a test).
pub trait PageSource: Clone + Send + Sync + 'static {
    /// The items on a page.
    type Item: ItemKey + Send + 'static;

    /// Fetches page `number` in the server's numbering, or the server's first page when `None`
    /// (without a page parameter).
    fn fetch_page(
        &self,
        number: Option<u32>,
    ) -> BoxFuture<'static, Result<Page<Self::Item>, Error>>;
}

/// The identity of an item, used by [`dedupe`](PaginationOptions::dedupe).
pub trait ItemKey {
    /// A key that is equal for the same item on different pages (a session id).
    fn item_key(&self) -> &str;
}

impl ItemKey for crate::Session {
    fn item_key(&self) -> &str {
        &self.session_id
    }
}
