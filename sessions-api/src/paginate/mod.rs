//! Pagination streams over page-number paging that never loop and never claim more than they know.
//!
//! **The paging rules.** This is the one place they are stated; [`Page::is_last`],
//! [`Page::next_page`], the streams and README follow them:
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
//! - **Completeness.** Page-number paging is not a snapshot: each page is cut from the listing as it
//!   is when the server evaluates the request. Take the boundary `b` between pages `k` and `k + 1`.
//!   A row that existed for the whole listing is missed at `b` exactly when it was past `b` when
//!   page `k` was evaluated and before `b` when page `k + 1` was: it crossed `b` towards the head
//!   between the two evaluations (any missed row crosses some boundary so, since it starts past
//!   page 1 and ends before the last page). With `shift` = rows inserted before it minus rows
//!   deleted before it between the two evaluations: if page `k` was evaluated first, a loss needs
//!   `shift < 0`; if page `k + 1` was evaluated first (possible with prefetch), it needs
//!   `shift > 0`. Which of these the totals can rule out depends on the order, which a
//!   [`PageSource`] reports with [`PageSource::order`]:
//!   - **Newest first ([`ListingOrder::NewestFirst`], `sortBy=createdAt` descending): proven.**
//!     Sessions are created at the head and never change place relative to each other, so every
//!     insertion is before `b`: `shift = created − deleted before b ≥ created − deleted =` the
//!     change of `totalElements`. A page asked for after the page before it arrived is evaluated
//!     after it; if its `totalElements` is not lower, `shift ≥ 0` and nothing was lost at `b`; if
//!     lower, the listing reports [`Completeness::PossiblyIncomplete`]. At prefetch 1 every page is
//!     asked for after the one before it arrived, so this pairwise check of the totals is the whole
//!     proof, whatever is created or deleted. With requests in flight at once, a page whose
//!     `totalElements` is lower than that of the page before it was evaluated earlier while rows
//!     were inserted: it is dropped and asked for again (ordered now), with the requests in flight
//!     behind it (evaluated before it, so likely older too) asked for again at once right behind
//!     it while such pages are rare (at most a quarter of the pages taken), alone otherwise;
//!     prefetch goes on either way, and a page asked for again is always taken. Equal or higher totals out of order are safe only while nothing is deleted, so such a
//!     listing ends with the check at the end, one request (at most 4): it fetches the page where
//!     the listing's first session is if nothing was deleted (`total now − first total` sessions
//!     further, sessions created meanwhile coming first) and finds there the first session of the
//!     listing's first page, at place `p`. Every session created meanwhile and every surviving one
//!     of the first page before it comes before it, so `first total + p − total now` counts the
//!     sessions of the start deleted (plus survivors of the first page off that page). When that is
//!     0 the listing is [`Complete`](Completeness::Complete); otherwise, or when no session of the
//!     first page is found within 4 pages, it is [`Unverified::ConcurrentDeletions`] (list again
//!     with prefetch 1). Limit: a session created and deleted during the listing, after more than a
//!     page of newer ones, escapes the count.
//!     [`SessionsRequest::created_after`](crate::SessionsRequest::created_after) lists in this order
//!     and has the same proof.
//!   - **Oldest first, by status, the server's default order, an unknown order: no cheap proof.** A
//!     purge of the oldest deletes rows in pages already served (in oldest-first order) while
//!     creations keep the total still; a status change moves a row across pages with the total
//!     unchanged; the default order is undocumented. Such a listing ends
//!     [`Unverified::Order`], never `Complete`, unless it was answered by one request (a snapshot).
//!   - **Verification** ([`verify`](PaginationOptions::verify), off by default): after a listing in
//!     such an order, the stream lists again newest first ([`PageSource::verification`]) and yields,
//!     at the end and out of the first order, every item that pass finds and the first did not.
//!     Every item that existed for the whole listing existed for the whole second pass, so the
//!     listing is `Complete` when the second pass is proven by the rules above. Cost: one more
//!     newest-first listing (about twice the requests and the time of a plain listing, see README
//!     "Measurements") and the keys of every item listed (about 100 bytes each).
//!
//!   Read the outcome with [`ListingReport::completeness`] (the stream's
//!   [`report`](PaginationStream::report)); a listing that is not `Complete` also logs a `tracing`
//!   warning.
//! - **Dedupe.** With [`dedupe`](PaginationOptions::dedupe) on, an item whose key was already yielded
//!   is dropped (page-number paging repeats items when rows are inserted between requests). It keeps
//!   every key seen: about 100 bytes per distinct session id, so roughly 100 MB per million sessions.
//! - **Arithmetic.** Every number a server reports is handled with checked or saturating
//!   arithmetic: extreme or negative totals end or continue a stream by these rules, never panic.

mod engine;
mod head;
mod options;
mod report;
mod snapshots;
mod stream;
mod tracker;

pub use options::{HARD_CAP_PAGES, PaginationOptions};
pub use report::{Completeness, ListingEnd, ListingReport, PossibleLoss, Unverified};
pub use stream::PaginationStream;

use std::sync::Arc;

use futures::future::BoxFuture;

use crate::{Error, Page};
use engine::{Fetch, Pager, Plan};

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

    /// The order of the listing, which decides what the stream can prove about its completeness
    /// (see "Completeness" in the [module docs](crate::paginate)). By default
    /// [`ListingOrder::Unknown`]: no proof, a listing that ends is
    /// [`Unverified`](Completeness::Unverified).
    fn order(&self) -> ListingOrder {
        ListingOrder::Unknown
    }

    /// The same listing in an order with a proof ([`ListingOrder::NewestFirst`]), for the
    /// [verification pass](PaginationOptions::verify); `None` (the default) when there is none.
    fn verification(&self) -> Option<Self> {
        None
    }
}

/// The order of a listing, as far as completeness is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ListingOrder {
    /// New items are placed before every existing item, and items never change place relative to
    /// each other (sorted by an immutable creation time, newest first): the totals prove
    /// completeness.
    NewestFirst,
    /// Anything else: items may be inserted anywhere, or move as their sort key changes.
    Unknown,
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
    PaginationStream::pages(Pager::new(plan(source, &options), &options, None))
}

/// A stream of the items of `source`, page after page; an error ends it after every item before it.
pub fn items<S: PageSource>(source: S, options: PaginationOptions) -> PaginationStream<S::Item> {
    PaginationStream::items(Pager::new(plan(source, &options), &options, None))
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
    PaginationStream::items(Pager::new(
        plan(source, &options),
        &options,
        Some(Arc::new(keep)),
    ))
}

/// What the engine needs of `source`: how to fetch, the order, the verification pass if asked for.
fn plan<S: PageSource>(source: S, options: &PaginationOptions) -> Plan<S::Item> {
    let order = source.order();
    let verification = (options.verify && order != ListingOrder::NewestFirst)
        .then(|| source.verification())
        .flatten()
        .filter(|verifier| verifier.order() == ListingOrder::NewestFirst)
        .map(fetch);
    Plan {
        fetch: fetch(source),
        order,
        verification,
    }
}

fn fetch<S: PageSource>(source: S) -> Fetch<S::Item> {
    Arc::new(move |number| source.fetch_page(number))
}
