//! The pagination stream: a page tracker that decides when to stop, and a window of in-flight
//! requests that keeps pages in server order.

use std::collections::{HashSet, VecDeque};

use async_stream::stream;
use futures::{Stream, StreamExt, stream};
use tokio_util::task::AbortOnDropHandle;

use super::{ItemKey, PageSource, PaginationOptions};
use crate::{Error, Page};

/// A page request running on its own task; dropping it aborts the request.
type InFlight<T> = AbortOnDropHandle<Result<Page<T>, Error>>;

/// A stream of the pages of `source`, by the rules in the [module docs](crate::paginate).
pub fn pages<S: PageSource>(
    source: S,
    options: PaginationOptions,
) -> impl Stream<Item = Result<Page<S::Item>, Error>> + Send + 'static {
    stream! {
        let mut tracker = Tracker::new(&options);
        let mut seen = options.dedupe.then(HashSet::<String>::new);
        let mut window: VecDeque<(u32, InFlight<S::Item>)> = VecDeque::new();
        if !tracker.take_budget() {
            return;
        }
        // The first page alone: its totals decide how far ahead it is safe to fetch.
        let mut requested = options.start_page;
        let mut result = source.fetch_page(requested).await;
        let mut first = true;
        loop {
            let mut page = match result {
                Ok(page) => page,
                Err(error) => {
                    yield Err(with_resume(error, requested));
                    return;
                }
            };
            let verdict = match tracker.on_page(requested, &page) {
                Ok(verdict) => verdict,
                Err(error) => {
                    yield Err(error);
                    return;
                }
            };
            if verdict == Verdict::Continue {
                // Refill before yielding, so requests run while the consumer works.
                while window.len() < options.window() {
                    let Some(number) = tracker.next_request() else { break };
                    let handle = tokio::spawn(source.fetch_page(Some(number)));
                    window.push_back((number, AbortOnDropHandle::new(handle)));
                }
            }
            let had_items = !page.items().is_empty();
            if let Some(seen) = seen.as_mut() {
                page.items_mut().retain(|item| seen.insert(item.item_key().to_owned()));
            }
            if had_items || first {
                yield Ok(page);
            }
            first = false;
            if verdict == Verdict::End {
                return;
            }
            let Some((number, handle)) = window.pop_front() else {
                if let Some(error) = tracker.exhausted() {
                    yield Err(error);
                }
                return;
            };
            requested = Some(number);
            result = match handle.await {
                Ok(result) => result,
                Err(join_error) => Err(Error::pagination(
                    format!("the request for page {number} did not complete: {join_error}"),
                    Some(number),
                )),
            };
        }
    }
}

/// A stream of the items of `source`, page after page; an error ends it after every item before it.
pub fn items<S: PageSource>(
    source: S,
    options: PaginationOptions,
) -> impl Stream<Item = Result<S::Item, Error>> + Send + 'static {
    pages(source, options).flat_map(|page| match page {
        Ok(page) => stream::iter(page.into_items().into_iter().map(Ok).collect::<Vec<_>>()),
        Err(error) => stream::iter(vec![Err(error)]),
    })
}

fn with_resume(error: Error, requested: Option<u32>) -> Error {
    match requested {
        Some(page) if error.resume_page().is_none() => error.with_resume_page(page),
        _ => error,
    }
}

/// What to do after a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    /// Ask for the next page.
    Continue,
    /// The stream is complete.
    End,
}

/// The pagination state: what was received, what may be requested next.
#[derive(Debug)]
struct Tracker {
    /// Requests allowed in total.
    budget: u32,
    /// Whether the budget was set by the caller (ending there is then expected, not an error).
    budget_is_callers: bool,
    /// Requests made so far.
    requested: u32,
    /// Whether the stream started at the server's first page (so `received` counts every item).
    from_first: bool,
    /// The server's page base, once known: reported by the first page, or inferred.
    base: Option<i64>,
    /// Items received so far (before dedupe).
    received: u64,
    /// The next page number to request.
    next: u32,
    /// The highest page number that may be requested now.
    limit: u32,
}

impl Tracker {
    fn new(options: &PaginationOptions) -> Self {
        Self {
            budget: options.budget(),
            budget_is_callers: options.max_pages.is_some(),
            from_first: options.start_page.is_none(),
            requested: 0,
            base: None,
            received: 0,
            next: 0,
            limit: 0,
        }
    }

    /// Spends one request of the budget; false when none is left.
    fn take_budget(&mut self) -> bool {
        if self.requested >= self.budget {
            return false;
        }
        self.requested += 1;
        true
    }

    /// The next page to request, if the totals and the budget allow one.
    fn next_request(&mut self) -> Option<u32> {
        if self.next > self.limit || !self.take_budget() {
            return None;
        }
        let number = self.next;
        self.next = self.next.checked_add(1)?;
        Some(number)
    }

    /// The error to end with when the stream stopped on the budget while the server reported more.
    fn exhausted(&self) -> Option<Error> {
        (!self.budget_is_callers).then(|| {
            Error::pagination(
                format!(
                    "stopped after {} page requests (the hard cap) while the server still reported \
                     more pages",
                    self.requested
                ),
                Some(self.next),
            )
        })
    }

    /// Checks a page against the request and decides whether to go on.
    fn on_page<T>(&mut self, requested: Option<u32>, page: &Page<T>) -> Result<Verdict, Error> {
        let number = page.number();
        match requested {
            Some(asked) if number != i64::from(asked) => {
                let how = if number < i64::from(asked) {
                    "went backwards"
                } else {
                    "skipped ahead"
                };
                return Err(Error::pagination(
                    format!(
                        "asked for page {asked}, the server answered page {number}: the page \
                         number {how}; stopping rather than repeating or losing sessions"
                    ),
                    Some(asked),
                ));
            }
            Some(_) => {}
            None => self.base = Some(number),
        }
        let Ok(number) = u32::try_from(number) else {
            return Err(Error::pagination(
                format!("the server answered page number {number}, which is not a page number"),
                requested,
            ));
        };
        let count = page.items().len() as u64;
        self.received += count;
        if count == 0 {
            return Ok(Verdict::End);
        }
        let size = page.size();
        let full = size > 0 && count >= size as u64;
        let short = size > 0 && !full;
        let totals_known = page.total_pages() > 0;
        if self.base.is_none() && totals_known && i64::from(number) >= page.total_pages() {
            // A non-empty page numbered totalPages exists only when pages count from 1.
            self.base = Some(1);
        }
        // The last page number by the totals; with an unknown base assume 0, which never asks past
        // the end (a full page there is followed by one sequential probe instead).
        let last = self
            .base
            .unwrap_or(0)
            .saturating_add(page.total_pages() - 1);
        let at_last = totals_known && i64::from(number) >= last;
        // More items announced than received (only meaningful when counting from the first page).
        let more_announced = self.from_first
            && page.total_elements() > 0
            && self.received < page.total_elements() as u64;
        let verdict = if short {
            // A short page ends the stream, unless the totals say more pages follow.
            if totals_known && !at_last && more_announced {
                Verdict::Continue
            } else {
                Verdict::End
            }
        } else if !totals_known {
            // No usable totals: go on one page at a time until an empty or short page.
            Verdict::Continue
        } else if at_last {
            // The last page by the totals: trust it unless a full page contradicts the count.
            if full && (more_announced || self.base.is_none()) {
                Verdict::Continue
            } else {
                Verdict::End
            }
        } else {
            Verdict::Continue
        };
        if verdict == Verdict::Continue {
            let Some(next) = number.checked_add(1) else {
                return Err(Error::pagination(
                    "the page number reached its maximum",
                    Some(number),
                ));
            };
            self.next = self.next.max(next);
            let by_totals = if totals_known {
                last.clamp(0, i64::from(u32::MAX)) as u32
            } else {
                0
            };
            self.limit = by_totals.max(next);
        }
        Ok(verdict)
    }
}
