//! The paging rules, in one place: the server's page base, the page number that must come back,
//! when a listing ends, which page comes next and how far ahead it is safe to ask.
//!
//! [`Page::is_last`] and [`Page::next_page`] decide with [`step`]; the streams decide with a
//! [`Tracker`], which applies the same [`step`] to every page and adds what only a stream knows (how
//! many items arrived since the first page, the request budget). All arithmetic on reported numbers
//! is checked or saturating: a server may report anything.

use std::sync::{Arc, Mutex, PoisonError};

use crate::{Error, Page};

/// The number of the server's first page, as learned from its answers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Base {
    /// Nothing told it yet: assume 0, which never asks past the end (a full page at the assumed
    /// end is followed by one more request instead).
    #[default]
    Unknown,
    /// A non-empty page was numbered `totalPages` or more, which only a server counting from 1 has
    /// (unless its totals lie).
    Inferred(u32),
    /// The server said so: the number of the page it answered without a page parameter, or a page
    /// numbered 0.
    Reported(u32),
}

impl Base {
    /// What the answer `page` to a request for `asked` (`None`: no page parameter) teaches.
    pub(crate) fn learn<T>(self, asked: Option<u32>, page: &Page<T>) -> Self {
        let number = page.number();
        match (self, asked) {
            (Self::Reported(_), _) => self,
            (_, None) => Self::Reported(number),
            _ if number == 0 => Self::Reported(0),
            (Self::Unknown, Some(_))
                if !page.items().is_empty()
                    && page.total_pages() > 0
                    && i64::from(number) >= page.total_pages() =>
            {
                Self::Inferred(1)
            }
            _ => self,
        }
    }

    /// Whether the base is still unknown.
    pub(crate) fn is_unknown(self) -> bool {
        self == Self::Unknown
    }

    /// The first page number to assume.
    fn assumed(self) -> u32 {
        match self {
            Self::Unknown => 0,
            Self::Inferred(base) | Self::Reported(base) => base,
        }
    }

    /// The number of the last page by `total_pages`, or `None` when the totals say nothing
    /// (`totalPages` of 0 or less).
    fn last_page(self, total_pages: i64) -> Option<u32> {
        if total_pages <= 0 {
            return None;
        }
        // total_pages > 0, so subtracting 1 cannot overflow.
        let last = i64::from(self.assumed()).saturating_add(total_pages - 1);
        Some(u32::try_from(last).unwrap_or(u32::MAX))
    }
}

/// The page base of one query, shared by its clones: learned from the answers to
/// [`SessionsRequest::page`](crate::SessionsRequest::page), so that [`Page::is_last`] knows it.
#[derive(Clone, Debug, Default)]
pub(crate) struct SharedBase(Arc<Mutex<Base>>);

impl SharedBase {
    /// Learns from `page`, the answer to a request for `asked`, and returns what is known now.
    pub(crate) fn learn<T>(&self, asked: Option<u32>, page: &Page<T>) -> Base {
        let mut base = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        *base = base.learn(asked, page);
        *base
    }
}

/// What follows a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    /// Ask for the next page.
    Next,
    /// The listing is complete.
    End,
}

/// Whether a page is followed by another, by the rules in the [module docs](crate::paginate):
/// `received` is the number of items received since the server's first page, this page included,
/// when known (a stream that started there), which lets a full "last" page or a short page that
/// contradicts `totalElements` be followed by one more request.
pub(crate) fn step<T>(page: &Page<T>, base: Base, received: Option<u64>) -> Step {
    let count = page.items().len() as u64;
    if count == 0 {
        return Step::End;
    }
    let size = u64::from(page.size());
    let full = size > 0 && count >= size;
    let short = size > 0 && !full;
    let last = base.last_page(page.total_pages());
    let at_last = last.is_some_and(|last| page.number() >= last);
    let total_elements = u64::try_from(page.total_elements()).unwrap_or(0);
    let more_announced = received.is_some_and(|received| received < total_elements);
    let next = if short {
        // A short page ends the listing, unless the totals say more pages follow.
        last.is_some() && !at_last && more_announced
    } else if last.is_none() {
        // No usable totals: go on one page at a time until an empty or short page.
        true
    } else if at_last {
        // The last page by the totals: trust it unless a full page contradicts the count, or the
        // base is only assumed.
        full && (more_announced || base.is_unknown())
    } else {
        true
    };
    if next { Step::Next } else { Step::End }
}

/// The number of the page after `page` when [`step`] says one follows.
pub(crate) fn next_page<T>(page: &Page<T>, base: Base) -> Option<u32> {
    match step(page, base, None) {
        Step::Next => page.number().checked_add(1),
        Step::End => None,
    }
}

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

    fn page(len: usize, number: u32, size: u32, total_pages: i64) -> Page<u8> {
        Page::from_parts(vec![0; len], number, size, total_pages * 10, total_pages)
    }

    #[test]
    fn the_base_is_what_the_first_page_reports_or_zero() {
        assert_eq!(
            Base::Unknown.learn(None, &page(10, 1, 10, 3)),
            Base::Reported(1)
        );
        assert_eq!(
            Base::Unknown.learn(Some(0), &page(10, 0, 10, 3)),
            Base::Reported(0)
        );
        assert_eq!(
            Base::Unknown.learn(Some(3), &page(10, 3, 10, 3)),
            Base::Inferred(1)
        );
        assert_eq!(
            Base::Inferred(1).learn(Some(0), &page(10, 0, 10, 3)),
            Base::Reported(0)
        );
        assert_eq!(
            Base::Reported(1).learn(Some(0), &page(10, 0, 10, 3)),
            Base::Reported(1)
        );
        assert_eq!(
            Base::Unknown.learn(Some(2), &page(10, 2, 10, 3)),
            Base::Unknown
        );
    }

    #[test]
    fn an_unknown_base_follows_a_full_page_at_the_assumed_end_with_one_request() {
        // Page 2 of 3 is the last of a 0-based server but not of a 1-based one.
        assert_eq!(step(&page(10, 2, 10, 3), Base::Unknown, None), Step::Next);
        assert_eq!(
            step(&page(10, 2, 10, 3), Base::Reported(0), None),
            Step::End
        );
        assert_eq!(
            step(&page(10, 2, 10, 3), Base::Reported(1), None),
            Step::Next
        );
        assert_eq!(
            step(&page(10, 3, 10, 3), Base::Reported(1), None),
            Step::End
        );
    }

    #[test]
    fn extreme_totals_neither_overflow_nor_loop() {
        for total_pages in [i64::MIN, -1, 0, 1, i64::MAX] {
            for number in [0, 1, u32::MAX] {
                for base in [Base::Unknown, Base::Reported(0), Base::Reported(u32::MAX)] {
                    let page = Page::from_parts(vec![0u8; 3], number, 3, i64::MIN, total_pages);
                    let _ = step(&page, base, Some(u64::MAX));
                    let _ = next_page(&page, base);
                    let mut tracker = Tracker::new(10, false, true);
                    let _ = tracker.on_page(Some(number), &page);
                }
            }
        }
        // No usable totals after the largest page number: an error, not a wrap to page 0.
        let last = Page::from_parts(vec![0u8; 3], u32::MAX, 3, 0, 0);
        let mut tracker = Tracker::new(10, false, false);
        assert!(tracker.on_page(Some(u32::MAX), &last).is_err());
        assert_eq!(next_page(&last, Base::Unknown), None);
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
