//! The pagination engine: a window of in-flight page requests whose answers are taken in page order,
//! checked by the [paging rules](crate::paginate) (the tracker) and the completeness checks (the
//! snapshots, the head check at the end, the verification pass).

use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};

use futures::future::BoxFuture;
use tokio_util::task::AbortOnDropHandle;

use super::head::Head;
use super::report::{ListingEnd, ListingReport, Unverified};
use super::snapshots::{Freshness, Snapshots};
use super::tracker::Tracker;
use super::{ItemKey, ListingOrder, PaginationOptions};
use crate::page::rules::Step;
use crate::{Error, Page};

/// Fetches one page: the server's first page when `None`.
pub(crate) type Fetch<T> =
    Arc<dyn Fn(Option<u32>) -> BoxFuture<'static, Result<Page<T>, Error>> + Send + Sync>;

/// The most requests of the check at the end.
const HEAD_CHECK_PAGES: u32 = 4;

/// The caller's stop condition: items are yielded while it holds.
pub(crate) type KeepWhile<T> = Arc<dyn Fn(&T) -> bool + Send + Sync>;

/// How to list a source: its fetch, its order, and the verification pass if one was asked for.
pub(crate) struct Plan<T> {
    pub(crate) fetch: Fetch<T>,
    pub(crate) order: ListingOrder,
    /// The same listing newest first, for the verification pass.
    pub(crate) verification: Option<Fetch<T>>,
}

/// A page request running on its own task; dropping it aborts the request.
struct Request<T> {
    /// The page asked for (`None`: the server's first page).
    number: Option<u32>,
    /// Whether it was asked for after the page before it arrived.
    ordered: bool,
    /// Whether it is the check at the end (the first page again), not a page of the listing.
    head_check: bool,
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
    order: ListingOrder,
    /// The verification pass still to run.
    verification: Option<Fetch<T>>,
    /// Whether this is the verification pass.
    verifying: bool,
    keep_while: Option<KeepWhile<T>>,
    window_size: usize,
    budget: u32,
    budget_is_callers: bool,
    tracker: Tracker,
    /// Requests of passes before this one.
    spent: u32,
    snapshots: Snapshots,
    /// The first page of this pass, for the head check.
    head: Option<Head>,
    /// Keys yielded so far (with dedupe, or to verify).
    seen: Option<HashSet<String>>,
    dedupe: bool,
    window: VecDeque<Request<T>>,
    phase: Phase,
    /// Whether no page was yielded yet (the first page is yielded even when empty).
    first: bool,
    /// Pages taken in this pass.
    pass_pages: u32,
    /// How the listing ends once the check at the end has answered.
    pending: Option<ListingEnd>,
    report: ListingReport,
}

impl<T: ItemKey + Send + 'static> Pager<T> {
    pub(crate) fn new(
        plan: Plan<T>,
        options: &PaginationOptions,
        keep_while: Option<KeepWhile<T>>,
    ) -> Self {
        // A stop condition holds in the listing's own order only: no verification pass then.
        let verification = plan.verification.filter(|_| keep_while.is_none());
        Self {
            fetch: plan.fetch,
            order: plan.order,
            seen: (options.dedupe || verification.is_some()).then(HashSet::new),
            verification,
            verifying: false,
            keep_while,
            window_size: options.window(),
            budget: options.budget(),
            budget_is_callers: options.max_pages.is_some(),
            tracker: Tracker::new(
                options.budget(),
                options.max_pages.is_some(),
                options.start_page.is_none(),
            ),
            spent: 0,
            snapshots: Snapshots::default(),
            head: None,
            dedupe: options.dedupe,
            window: VecDeque::new(),
            phase: Phase::Start(options.start_page),
            first: true,
            pass_pages: 0,
            pending: None,
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
            Err(error) if request.head_check => {
                // The listing itself is whole; only the proof is missing.
                tracing::debug!(%error, "the check at the end of the listing failed");
                let end = self.pending.take().unwrap_or(ListingEnd::LastPage);
                self.conclude(end, Some(Unverified::ConcurrentDeletions));
                return None;
            }
            Err(error) => return Some(Err(self.fail(error, request.number))),
        };
        if request.head_check {
            self.on_check(&page);
            return None;
        }
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
                "the page was served from an older state of the listing than the page before it: \
                 asking for it again"
            );
            self.report.refetched += 1;
            // Asked for again now, after the page before it arrived: evaluated after it. The
            // requests behind it were evaluated before that, likely in the same older state:
            // they are asked for again right behind it, all in flight at once, instead of one
            // round trip each as each would turn out older in turn.
            // Only while such pages stay rare (a quarter of the pages taken, plus one): a server
            // that changes with every answer would otherwise be asked the same pages forever.
            let batch = self.report.refetched <= self.report.pages / 4 + 1;
            let behind: Vec<Option<u32>> = if batch {
                self.window.drain(..).map(|r| r.number).collect()
            } else {
                Vec::new()
            };
            if !batch && !self.tracker.take_budget() {
                return self.out_of_budget().map(Err);
            }
            if !batch {
                let request = self.request(Some(number), true, false);
                self.window.push_front(request);
                return None;
            }
            for (index, number) in std::iter::once(Some(number)).chain(behind).enumerate() {
                if !self.tracker.take_budget() {
                    return self.out_of_budget().map(Err);
                }
                self.spawn(number, index == 0);
            }
            return None;
        }
        let step = match self.tracker.on_page(request.number, &page) {
            Ok(step) => step,
            Err(error) => return Some(Err(self.fail(error, request.number))),
        };
        if let Some(loss) = self
            .snapshots
            .take(number, request.ordered, page.total_elements())
        {
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
        if self.pass_pages == 0 && request.number.is_none() {
            self.head = Some(Head::new(&page));
        }
        self.pass_pages += 1;
        self.report.pages += 1;
        if self.verifying {
            self.report.verification_pages += 1;
        }
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
            if self.dedupe || self.verifying {
                page.items_mut()
                    .retain(|item| seen.insert(item.item_key().to_owned()));
            } else {
                seen.extend(page.items().iter().map(|item| item.item_key().to_owned()));
            }
            let dropped = (before - page.items().len()) as u64;
            if !self.verifying {
                self.report.duplicates += dropped;
            }
        }
        if let Some(end) = end {
            self.end_pass(end);
        }
        let skip = if self.verifying {
            page.items().is_empty()
        } else {
            !had_items && !self.first
        };
        if skip {
            return None;
        }
        self.first = false;
        self.report.items += page.items().len() as u64;
        Some(Ok(page))
    }

    /// The pass reached its `end`: start the verification pass, or the check at the end, or end.
    fn end_pass(&mut self, end: ListingEnd) {
        self.window.clear();
        let snapshot = self.pass_pages == 1 && self.tracker.requested() == 1;
        if !snapshot
            && end == ListingEnd::LastPage
            && let Some(verification) = self.verification.take()
        {
            tracing::debug!("listing again newest first to verify the listing");
            self.spent += self.tracker.requested();
            self.fetch = verification;
            self.order = ListingOrder::NewestFirst;
            self.verifying = true;
            self.tracker = Tracker::new(
                self.budget.saturating_sub(self.spent),
                self.budget_is_callers,
                true,
            );
            self.snapshots = Snapshots::default();
            self.report.loss = None;
            self.head = None;
            self.pass_pages = 0;
            self.phase = Phase::Start(None);
            return;
        }
        if snapshot {
            return self.conclude(end, None);
        }
        match self.order {
            ListingOrder::NewestFirst
                if self.snapshots.concurrent() && self.report.loss.is_none() =>
            {
                if self.head.is_some() && self.tracker.take_budget() {
                    self.pending = Some(end);
                    self.report.head_checks += 1;
                    let first = self.first_check_page();
                    let request = self.request(first, true, true);
                    self.window.push_back(request);
                } else {
                    self.conclude(end, Some(Unverified::ConcurrentDeletions));
                }
            }
            ListingOrder::NewestFirst => self.conclude(end, None),
            _ => self.conclude(end, Some(Unverified::Order)),
        }
    }

    /// Takes a page of the check at the end: concludes, or asks for the next page when this one
    /// holds no session of the start's first page.
    fn on_check(&mut self, page: &Page<T>) {
        let base = u64::from(self.tracker.base().assumed());
        let position = u64::from(page.number())
            .saturating_sub(base)
            .saturating_mul(u64::from(page.size()));
        let verdict = self
            .head
            .as_ref()
            .and_then(|head| head.nothing_deleted(page, position));
        // The check starts where the start's first session is if nothing was deleted; sessions
        // created since push it on by less than a page per request unless the flow outpaces the
        // paging.
        let further = page.items().len() as u64 >= u64::from(page.size()).max(1)
            && self.report.head_checks < HEAD_CHECK_PAGES;
        let next = page.number().checked_add(1).filter(|_| further);
        match (verdict, next) {
            (None, Some(next)) if self.tracker.take_budget() => {
                self.report.head_checks += 1;
                let request = self.request(Some(next), true, true);
                self.window.push_back(request);
            }
            _ => {
                let end = self.pending.take().unwrap_or(ListingEnd::LastPage);
                let proven = verdict == Some(true);
                self.conclude(end, (!proven).then_some(Unverified::ConcurrentDeletions));
            }
        }
    }

    /// Ends the listing at `end`, unverified for `reason` if any.
    fn conclude(&mut self, end: ListingEnd, reason: Option<Unverified>) {
        self.report.unverified = reason;
        self.finish(end, None);
        let completeness = self.report.completeness();
        if completeness != super::Completeness::Complete {
            tracing::warn!(%completeness, "the listing ended without proving it missed nothing");
        }
    }

    /// Keeps up to the window's width of requests in flight, never past what the totals allow.
    fn refill(&mut self) {
        while self.window.len() < self.window_size {
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
        let request = self.request(number, ordered, false);
        self.window.push_back(request);
    }

    /// The page the check at the end starts on: the one where the start's first session is if
    /// nothing was deleted (sessions created meanwhile come before it); the server's first page
    /// when that is the first.
    fn first_check_page(&self) -> Option<u32> {
        let (Some(head), Some(total)) = (&self.head, self.snapshots.reference()) else {
            return None;
        };
        let size = u64::from(head.size()).max(1);
        let index = head.expected_place(total) / size;
        if index == 0 {
            return None;
        }
        let number = u64::from(self.tracker.base().assumed()).saturating_add(index);
        Some(u32::try_from(number).unwrap_or(u32::MAX))
    }

    fn request(&mut self, number: Option<u32>, ordered: bool, head_check: bool) -> Request<T> {
        let handle = AbortOnDropHandle::new(tokio::spawn((self.fetch)(number)));
        self.report.requests = self.spent + self.tracker.requested();
        Request {
            number,
            ordered,
            head_check,
            handle,
        }
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
        self.report.requests = self.spent + self.tracker.requested();
    }
}

/// "page N" or "the first page", for messages.
fn describe(number: Option<u32>) -> String {
    match number {
        Some(number) => format!("page {number}"),
        None => "the first page".to_owned(),
    }
}
