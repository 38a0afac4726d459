//! Pagination streams over page-number paging that never loop and never lose an item silently.
//!
//! The rules, for a stream built with [`PaginationOptions`] (they live in one place, shared with
//! [`Page::is_last`] and [`Page::next_page`]):
//!
//! - **Page base.** The first request asks for the server's first page without a `page` parameter
//!   (unless [`start_page`](PaginationOptions::start_page) is set); the number the server reports
//!   for it is the base. Later pages are requested as "last reported number + 1", so 0-based and
//!   1-based servers both work with no setting. The base is learned per stream (and, for
//!   [`Page::is_last`], per query), never per client.
//! - **Termination.** The stream ends after an empty page, after the last page by `totalPages`, or
//!   after a page shorter than the page size the server reports (so silent size clamping works). When
//!   these signals disagree with the totals (a full "last" page while fewer items than
//!   `totalElements` arrived, a short page while `totalPages` says more follow) the stream asks for one
//!   more page, sequentially, and ends on the first empty page.
//! - **Bound.** A stream makes at most [`max_pages`](PaginationOptions::max_pages) page requests
//!   (default and ceiling [`HARD_CAP_PAGES`]), pages asked for again included. Reaching a cap set
//!   with `max_pages` ends the stream quietly; reaching [`HARD_CAP_PAGES`] while the server still
//!   reports more pages ends it with a pagination error, so nothing is lost silently.
//! - **Errors.** A page number that does not advance, goes backwards or skips (the server answers
//!   another page than the one requested) ends the stream with a pagination error. Any error comes
//!   after every item before it and carries [`resume_page`](crate::Error::resume_page);
//!   [`PaginationStream::resume`] continues from there (or a stream started with
//!   `start_page(that page)` yields the rest). When the very first request fails there is no page
//!   to name (`resume_page()` is `None`): start again from the beginning.
//! - **Prefetch.** The first page is fetched alone; once it gives the totals, up to
//!   [`prefetch`](PaginationOptions::prefetch) requests are in flight, never past the last page the
//!   totals announce. Pages come out in server order. Dropping the stream aborts what is in flight.
//!   The default, 1, keeps one page ahead of the consumer.
//! - **Completeness.** Concurrent requests may be answered out of order while rows are inserted, so
//!   a row crossing a page boundary could fall into a page already served. A page whose
//!   `totalElements` is lower than that of a page before it was served from an older state of the
//!   listing: it is dropped and asked for again, then pages are fetched one at a time until the
//!   totals hold still for two pages (so a listing whose totals change with every answer runs at the
//!   speed of prefetch 1 once an answer came out of order; a listing whose totals do not change
//!   costs nothing). So while rows are only inserted (anywhere in the order), every item that
//!   exists for the whole listing is yielded, at any prefetch: at least once, exactly once with
//!   dedupe, in server order. When the totals go down between pages fetched in order, rows were
//!   removed and an item not yet seen may have moved into a page already served: the stream's
//!   [report](PaginationStream::report) then says [`Completeness::PossiblyIncomplete`] (and a
//!   `tracing` warning is logged). Limits: the check relies on `totalElements` being counted with
//!   the page it comes with; rows removed and inserted in equal numbers between two answers leave
//!   the totals unchanged and cannot be seen.
//! - **Dedupe.** With [`dedupe`](PaginationOptions::dedupe) on, an item whose key was already yielded
//!   is dropped (page-number paging repeats items when rows are inserted between requests). It keeps
//!   every key seen: about 100 bytes per distinct session id, so roughly 100 MB per million sessions.
//! - **Arithmetic.** Every number a server reports is handled with checked or saturating
//!   arithmetic: extreme or negative totals end or continue a stream by these rules, never panic.

mod engine;
mod options;
mod report;
pub(crate) mod rules;
mod snapshots;
mod stream;

pub use options::{HARD_CAP_PAGES, PaginationOptions};
pub use report::{Completeness, ListingEnd, ListingReport, PossibleLoss};
pub use stream::PaginationStream;

use std::sync::Arc;

use futures::future::BoxFuture;

use crate::{Error, Page};
use engine::{Fetch, Pager};

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

/// A stream of the pages of `source`, by the rules in the [module docs](crate::paginate).
pub fn pages<S: PageSource>(
    source: S,
    options: PaginationOptions,
) -> PaginationStream<Page<S::Item>> {
    PaginationStream::pages(Pager::new(fetch(source), &options, None))
}

/// A stream of the items of `source`, page after page; an error ends it after every item before it.
pub fn items<S: PageSource>(source: S, options: PaginationOptions) -> PaginationStream<S::Item> {
    PaginationStream::items(Pager::new(fetch(source), &options, None))
}

/// A stream of the items of `source` while `keep` holds: it ends at the first item for which `keep`
/// is false (that item is not yielded) and asks for no page after the one holding it: fewer than
/// [`prefetch`](PaginationOptions::prefetch) requests are made past that page (at most
/// `prefetch - 1`, those already in flight when it arrived, aborted as the stream ends).
pub fn items_while<S, F>(
    source: S,
    options: PaginationOptions,
    keep: F,
) -> PaginationStream<S::Item>
where
    S: PageSource,
    F: Fn(&S::Item) -> bool + Send + Sync + 'static,
{
    PaginationStream::items(Pager::new(fetch(source), &options, Some(Arc::new(keep))))
}

fn fetch<S: PageSource>(source: S) -> Fetch<S::Item> {
    Arc::new(move |number| source.fetch_page(number))
}
