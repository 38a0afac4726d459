//! The pagination engine: a window of in-flight page requests whose answers are taken in page order,
//! checked by the [paging rules](super::rules) and the [completeness rule](super::snapshots).

use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};

use futures::future::BoxFuture;
use tokio_util::task::AbortOnDropHandle;

use super::report::{ListingEnd, ListingReport};
use super::rules::{Step, Tracker};
use super::snapshots::{Freshness, Snapshots};
use super::{ItemKey, PaginationOptions};
use crate::{Error, Page};

/// Fetches one page: the server's first page when `None`.
pub(crate) type Fetch<T> =
    Arc<dyn Fn(Option<u32>) -> BoxFuture<'static, Result<Page<T>, Error>> + Send + Sync>;

/// The caller's stop condition: items are yielded while it holds.
pub(crate) type KeepWhile<T> = Arc<dyn Fn(&T) -> bool + Send + Sync>;

/// A page request running on its own task; dropping it aborts the request.
struct Request<T> {
    /// The page asked for (`None`: the server's first page).
    number: Option<u32>,
    /// Whether it was asked for after the page before it arrived.
    ordered: bool,
    handle: AbortOnDropHandle<Result<Page<T>, Error>>,
}

/// Where the engine is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// Nothing requested yet, or resuming: the next request is for this page.
    Start(Option<u32>),
    /// Pages are in flight.
    Running,
    /// The listing ended; `resume` is where an error said to continue (`Some(None)`: from the
    /// server's first page).
    Ended { resume: Option<Option<u32>> },
}

/// The pages of a source, by the rules in the [module docs](crate::paginate).
pub(crate) struct Pager<T> {
    fetch: Fetch<T>,
    keep_while: Option<KeepWhile<T>>,
    window_size: usize,
    tracker: Tracker,
    snapshots: Snapshots,
    seen: Option<HashSet<String>>,
    window: VecDeque<Request<T>>,
    phase: Phase,
    /// Whether no page was yielded yet (the first page is yielded even when empty).
    first: bool,
    report: ListingReport,
}

impl<T: ItemKey + Send + 'static> Pager<T> {
    pub(crate) fn new(
        fetch: Fetch<T>,
        options: &PaginationOptions,
        keep_while: Option<KeepWhile<T>>,
    ) -> Self {
        Self {
            fetch,
            keep_while,
            window_size: options.window(),
            tracker: Tracker::new(
                options.budget(),
                options.max_pages.is_some(),
                options.start_page.is_none(),
            ),
            snapshots: Snapshots::default(),
            seen: options.dedupe.then(HashSet::new),
            window: VecDeque::new(),
            phase: Phase::Start(options.start_page),
            first: true,
            report: ListingReport::default(),
        }
    }

    /// What the listing did so far.
    pub(crate) fn report(&self) -> &ListingReport {
        &self.report
    }

    /// Continues after an error from the page it names; false when the listing did not end with an
    /// error that can be resumed.
    pub(crate) fn resume(&mut self) -> bool {
        let Phase::Ended {
            resume: Some(number),
        } = self.phase
        else {
            return false;
        };
        if let Some(number) = number {
            self.tracker.rewind(number);
        }
        self.phase = Phase::Start(number);
        self.report.end = None;
        self.report.resumed += 1;
        true
    }

    /// The next page, in server order.
    pub(crate) fn poll_page(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Page<T>, Error>>> {
        loop {
            match self.phase {
                Phase::Ended { .. } => return Poll::Ready(None),
                Phase::Start(number) => {
                    self.phase = Phase::Running;
                    if !self.issue(number, true)
                        && let Some(error) = self.out_of_budget()
                    {
                        return Poll::Ready(Some(Err(error)));
                    }
                }
                Phase::Running => {
                    let Some(head) = self.window.front_mut() else {
                        // A page asked for more, and the budget allowed no request.
                        if let Some(error) = self.out_of_budget() {
                            return Poll::Ready(Some(Err(error)));
                        }
                        continue;
                    };
                    let joined = ready!(Pin::new(&mut head.handle).poll(cx));
                    let Some(request) = self.window.pop_front() else {
                        continue;
                    };
                    let answer = joined.unwrap_or_else(|join_error| {
                        Err(Error::pagination(
                            format!(
                                "the request for {} did not complete: {join_error}",
                                describe(request.number)
                            ),
                            request.number,
                        ))
                    });
                    if let Some(output) = self.on_answer(&request, answer) {
                        return Poll::Ready(Some(output));
                    }
                }
            }
        }
    }

    /// Takes the answer to `request`; returns what to yield, if anything.
    fn on_answer(
        &mut self,
        request: &Request<T>,
        answer: Result<Page<T>, Error>,
    ) -> Option<Result<Page<T>, Error>> {
        let mut page = match answer {
            Ok(page) => page,
            Err(error) => return Some(Err(self.fail(error, request.number))),
        };
        if let Err(error) = self.tracker.check_number(request.number, &page) {
            return Some(Err(self.fail(error, request.number)));
        }
        let number = page.number();
        if self
            .snapshots
            .freshness(request.ordered, page.total_elements())
            == Freshness::Older
        {
            tracing::debug!(
                page = number,
                total_elements = page.total_elements(),
                "the page was served from an older state of the listing than a page before it: \
                 asking for it again, one page at a time"
            );
            self.window.clear();
            self.snapshots.refetching();
            self.report.refetched += 1;
            self.tracker.rewind(number);
            if !self.issue(Some(number), true) {
                return self.out_of_budget().map(Err);
            }
            return None;
        }
        let step = match self.tracker.on_page(request.number, &page) {
            Ok(step) => step,
            Err(error) => return Some(Err(self.fail(error, request.number))),
        };
        if let Some(loss) = self.snapshots.take(number, page.total_elements()) {
            tracing::warn!(
                page = loss.page(),
                total_before = loss.total_before(),
                total_after = loss.total_after(),
                "the total number of items went down while listing (rows removed): items may have \
                 moved into pages already served; the stream's report says the listing is possibly \
                 incomplete"
            );
            self.report.loss = Some(loss);
        }
        self.report.pages += 1;
        page.base = self.tracker.base();
        let mut end = (step == Step::End).then_some(ListingEnd::LastPage);
        if let Some(keep_while) = &self.keep_while
            && let Some(stop) = page.items().iter().position(|item| !keep_while(item))
        {
            page.items_mut().truncate(stop);
            end = Some(ListingEnd::StoppedByCondition);
        }
        if end.is_none() {
            self.refill();
        }
        let had_items = !page.items().is_empty();
        if let Some(seen) = self.seen.as_mut() {
            let before = page.items().len();
            page.items_mut()
                .retain(|item| seen.insert(item.item_key().to_owned()));
            self.report.duplicates += (before - page.items().len()) as u64;
        }
        if let Some(end) = end {
            self.finish(end, None);
        }
        if !had_items && !self.first {
            return None;
        }
        self.first = false;
        self.report.items += page.items().len() as u64;
        Some(Ok(page))
    }

    /// Keeps up to the window's width of requests in flight, never past what the totals allow.
    fn refill(&mut self) {
        let width = if self.snapshots.sequential() {
            1
        } else {
            self.window_size
        };
        while self.window.len() < width {
            let ordered = self.window.is_empty();
            let Some(number) = self.tracker.next_request() else {
                break;
            };
            self.spawn(Some(number), ordered);
        }
    }

    /// Requests page `number` if the budget allows; false when it does not.
    fn issue(&mut self, number: Option<u32>, ordered: bool) -> bool {
        if !self.tracker.take_budget() {
            return false;
        }
        self.spawn(number, ordered);
        true
    }

    fn spawn(&mut self, number: Option<u32>, ordered: bool) {
        let handle = AbortOnDropHandle::new(tokio::spawn((self.fetch)(number)));
        self.window.push_back(Request {
            number,
            ordered,
            handle,
        });
        self.report.requests = self.tracker.requested();
    }

    /// Ends the listing on the budget: quietly on the caller's `max_pages`, with an error on the
    /// hard cap.
    fn out_of_budget(&mut self) -> Option<Error> {
        match self.tracker.exhausted() {
            Some(error) => {
                self.finish(ListingEnd::Error, None);
                Some(error)
            }
            None => {
                debug_assert!(self.tracker.budget_is_callers());
                self.finish(ListingEnd::MaxPages, None);
                None
            }
        }
    }

    /// Ends the listing with `error` on the request for `asked`, which is where to resume.
    fn fail(&mut self, error: Error, asked: Option<u32>) -> Error {
        let error = match asked {
            Some(page) if error.resume_page().is_none() => error.with_resume_page(page),
            _ => error,
        };
        let resume = error.resume_page().or(asked);
        self.finish(ListingEnd::Error, Some(resume));
        error
    }

    fn finish(&mut self, end: ListingEnd, resume: Option<Option<u32>>) {
        self.window.clear();
        self.phase = Phase::Ended { resume };
        self.report.end = Some(end);
        self.report.requests = self.tracker.requested();
    }
}

/// "page N" or "the first page", for messages.
fn describe(number: Option<u32>) -> String {
    match number {
        Some(number) => format!("page {number}"),
        None => "the first page".to_owned(),
    }
}
