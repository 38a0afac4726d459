//! The paging state of one stream: the [paging rules](crate::paginate) of [`step`] applied page
//! after page, with what only a stream knows (items received since the first page, the request
//! budget, the next page to ask for).

use crate::page::rules::{Base, Step, step};
use crate::{Error, Page};

/// The paging state of one stream: what was received, what may be requested next.
#[derive(Debug)]
pub(crate) struct Tracker {
    /// Requests allowed in total.
    budget: u32,
    /// Whether the budget was set by the caller (ending there is then expected, not an error).
    budget_is_callers: bool,
    /// Requests made so far.
    requested: u32,
    /// Whether the stream started at the server's first page (so `received` counts every item).
    from_first: bool,
    /// The server's page base, as learned by this stream.
    base: Base,
    /// Items received so far (before dedupe).
    received: u64,
    /// The next page number to request (one past `u32::MAX` once the last number was requested).
    next: u64,
    /// The highest page number that may be requested now.
    limit: u64,
}

impl Tracker {
    /// A tracker for a stream with this budget, starting at the server's first page or not.
    pub(crate) fn new(budget: u32, budget_is_callers: bool, from_first: bool) -> Self {
        Self {
            budget,
            budget_is_callers,
            from_first,
            requested: 0,
            base: Base::Unknown,
            received: 0,
            next: 0,
            limit: 0,
        }
    }

    /// Requests made so far.
    pub(crate) fn requested(&self) -> u32 {
        self.requested
    }

    /// The page base as learned so far.
    pub(crate) fn base(&self) -> Base {
        self.base
    }

    /// Whether the budget was set by the caller.
    pub(crate) fn budget_is_callers(&self) -> bool {
        self.budget_is_callers
    }

    /// Spends one request of the budget; false when none is left.
    pub(crate) fn take_budget(&mut self) -> bool {
        if self.requested >= self.budget {
            return false;
        }
        self.requested += 1;
        true
    }

    /// The next page to request, if the totals and the budget allow one.
    pub(crate) fn next_request(&mut self) -> Option<u32> {
        if self.next > self.limit {
            return None;
        }
        let number = u32::try_from(self.next).ok()?;
        if !self.take_budget() {
            return None;
        }
        self.next += 1;
        Some(number)
    }

    /// Goes back to page `number`: the pages from there on are requested again.
    pub(crate) fn rewind(&mut self, number: u32) {
        self.next = u64::from(number);
        self.limit = self.limit.max(self.next);
    }

    /// The error to end with when the stream stopped on the hard cap while the server reported more.
    pub(crate) fn exhausted(&self) -> Option<Error> {
        (!self.budget_is_callers).then(|| {
            Error::pagination(
                format!(
                    "stopped after {} page requests (the hard cap) while the server still reported \
                     more pages",
                    self.requested
                ),
                u32::try_from(self.next).ok(),
            )
        })
    }

    /// Checks that `page` is the page asked for (`None`: the server's first page).
    pub(crate) fn check_number<T>(&self, asked: Option<u32>, page: &Page<T>) -> Result<(), Error> {
        let number = page.number();
        match asked {
            Some(asked) if number != asked => {
                let how = if number < asked {
                    "went backwards"
                } else {
                    "skipped ahead"
                };
                Err(Error::pagination(
                    format!(
                        "asked for page {asked}, the server answered page {number}: the page \
                         number {how}; stopping rather than repeating or losing sessions"
                    ),
                    Some(asked),
                ))
            }
            _ => Ok(()),
        }
    }

    /// Takes `page` (the answer to `asked`, its number checked) into account and decides whether to
    /// go on.
    pub(crate) fn on_page<T>(&mut self, asked: Option<u32>, page: &Page<T>) -> Result<Step, Error> {
        self.base = self.base.learn(asked, page);
        self.received = self.received.saturating_add(page.items().len() as u64);
        let step = step(page, self.base, self.from_first.then_some(self.received));
        if step == Step::Next {
            let number = page.number();
            let Some(next) = number.checked_add(1) else {
                return Err(Error::pagination(
                    "the page number reached its maximum",
                    Some(number),
                ));
            };
            self.next = self.next.max(u64::from(next));
            let by_totals = self.base.last_page(page.total_pages()).unwrap_or(0);
            self.limit = u64::from(by_totals.max(next));
        }
        Ok(step)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extreme_totals_neither_overflow_nor_loop() {
        for total_pages in [i64::MIN, -1, 0, 1, i64::MAX] {
            for number in [0, 1, u32::MAX] {
                let page = Page::from_parts(vec![0u8; 3], number, 3, i64::MIN, total_pages);
                let mut tracker = Tracker::new(10, false, true);
                match tracker.on_page(Some(number), &page) {
                    Ok(Step::Next) => assert_eq!(tracker.next_request(), Some(number + 1)),
                    Ok(Step::End) => assert!(total_pages > 0, "{total_pages} {number}"),
                    Err(error) => {
                        assert_eq!(number, u32::MAX);
                        assert_eq!(error.resume_page(), Some(u32::MAX));
                    }
                }
            }
        }
        // No usable totals after the largest page number: an error, not a wrap to page 0.
        let last = Page::from_parts(vec![0u8; 3], u32::MAX, 3, 0, 0);
        let mut tracker = Tracker::new(10, false, false);
        assert!(tracker.on_page(Some(u32::MAX), &last).is_err());
        // The page before the largest number is followed by it, once.
        let before_last = Page::from_parts(vec![0u8; 3], u32::MAX - 1, 3, 0, 0);
        assert_eq!(
            tracker.on_page(Some(u32::MAX - 1), &before_last).ok(),
            Some(Step::Next)
        );
        assert_eq!(tracker.next_request(), Some(u32::MAX));
        assert_eq!(tracker.next_request(), None);
    }
}
