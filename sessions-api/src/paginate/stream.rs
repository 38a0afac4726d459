//! The stream type of a listing, usable without pinning or a futures import.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::Stream;

use super::ItemKey;
use super::engine::Pager;
use super::report::ListingReport;
use crate::{Error, Page};

/// A listing, page after page, in server order: the stream that
/// [`SessionsRequest::pages`](crate::SessionsRequest::pages) (items `Page<Session>`) and
/// [`SessionsRequest::items`](crate::SessionsRequest::items) (items `Session`) return.
///
/// Use its own [`next`](Self::next), [`try_next`](Self::try_next) and
/// [`try_collect`](Self::try_collect) as they are (no `pin!`, no futures import), or combine it as a
/// `futures::Stream` (`sessions_api::futures`); it is `Send`, `'static` and `Unpin`. After the end,
/// [`report`](Self::report) says how the listing ended and whether it is
/// [complete](ListingReport::completeness). An error ends the stream after every item before it;
/// [`resume`](Self::resume) continues from the page that failed, keeping what dedupe has seen.
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
///     .dedupe(true)
///     .items();
/// while let Some(session) = sessions.try_next().await? {
///     println!("{} {}", session.id(), session.status());
/// }
/// let completeness = sessions.report().completeness();
/// if completeness != Completeness::Complete {
///     eprintln!("the listing is {completeness}");
/// }
/// # Ok(()) }
/// ```
#[must_use = "a stream does nothing until polled"]
pub struct PaginationStream<I> {
    driver: Box<dyn Drive<I>>,
}

/// What a [`PaginationStream`] runs on: the pager itself, or the pager with a buffer of items.
trait Drive<I>: Send {
    fn poll_next(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<I, Error>>>;
    fn report(&self) -> &ListingReport;
    fn resume(&mut self) -> bool;
}

impl<T: ItemKey + Send + 'static> Drive<Page<T>> for Pager<T> {
    fn poll_next(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Page<T>, Error>>> {
        self.poll_page(cx)
    }

    fn report(&self) -> &ListingReport {
        Pager::report(self)
    }

    fn resume(&mut self) -> bool {
        Pager::resume(self)
    }
}

/// The items of the pages, one at a time.
struct Items<T> {
    pager: Pager<T>,
    buffer: std::vec::IntoIter<T>,
}

impl<T: ItemKey + Send + 'static> Drive<T> for Items<T> {
    fn poll_next(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T, Error>>> {
        loop {
            if let Some(item) = self.buffer.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match std::task::ready!(self.pager.poll_page(cx)) {
                Some(Ok(page)) => self.buffer = page.into_items().into_iter(),
                Some(Err(error)) => return Poll::Ready(Some(Err(error))),
                None => return Poll::Ready(None),
            }
        }
    }

    fn report(&self) -> &ListingReport {
        self.pager.report()
    }

    fn resume(&mut self) -> bool {
        self.pager.resume()
    }
}

impl<T: ItemKey + Send + 'static> PaginationStream<Page<T>> {
    pub(crate) fn pages(pager: Pager<T>) -> Self {
        Self {
            driver: Box::new(pager),
        }
    }
}

impl<T: ItemKey + Send + 'static> PaginationStream<T> {
    pub(crate) fn items(pager: Pager<T>) -> Self {
        Self {
            driver: Box::new(Items {
                pager,
                buffer: Vec::new().into_iter(),
            }),
        }
    }
}

impl<I> PaginationStream<I> {
    /// The next item; `None` after the end (and after an error, until [`resume`](Self::resume)).
    pub async fn next(&mut self) -> Option<Result<I, Error>> {
        std::future::poll_fn(|cx| self.driver.poll_next(cx)).await
    }

    /// The next item, or `Ok(None)` after the end: `while let Some(x) = s.try_next().await? {}`.
    pub async fn try_next(&mut self) -> Result<Option<I>, Error> {
        self.next().await.transpose()
    }

    /// Every item until the end into a collection (a `Vec` usually: `let all: Vec<_> = ...`), or
    /// the first error. The report is lost with the stream: use
    /// [`try_collect_with_report`](Self::try_collect_with_report) to learn whether the listing is
    /// complete.
    pub async fn try_collect<C: Default + Extend<I>>(mut self) -> Result<C, Error> {
        let mut all = C::default();
        while let Some(item) = self.try_next().await? {
            all.extend(Some(item));
        }
        Ok(all)
    }

    /// Every item until the end, with the [report](Self::report) of the listing (to check its
    /// [completeness](ListingReport::completeness)), or the first error.
    pub async fn try_collect_with_report(mut self) -> Result<(Vec<I>, ListingReport), Error> {
        let mut all = Vec::new();
        while let Some(item) = self.try_next().await? {
            all.push(item);
        }
        Ok((all, self.driver.report().clone()))
    }

    /// What the listing did so far: how it ended, whether it is complete, what it cost.
    pub fn report(&self) -> &ListingReport {
        self.driver.report()
    }

    /// After the stream yielded an error, continues the listing from the page that failed (from
    /// the server's first page when the first request failed), keeping what
    /// [`dedupe`](crate::paginate::PaginationOptions::dedupe) has seen, the page base and the report. Returns
    /// false when there is nothing to resume: the stream has not ended with an error, or it ended on
    /// the hard cap of page requests.
    ///
    /// Resuming loses nothing that [`start_page`](crate::paginate::PaginationOptions::start_page) with the
    /// error's [`resume_page`](Error::resume_page) would not, and repeats nothing that dedupe drops.
    pub fn resume(&mut self) -> bool {
        self.driver.resume()
    }
}

impl<I> Stream for PaginationStream<I> {
    type Item = Result<I, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().driver.poll_next(cx)
    }
}

impl<I> fmt::Debug for PaginationStream<I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PaginationStream")
            .field("report", self.driver.report())
            .finish_non_exhaustive()
    }
}
