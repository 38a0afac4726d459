//! The code of the [paging rules](crate::paginate) that one page can decide alone: the server's page
//! base and whether a page is followed by another.
//!
//! [`Page::is_last`] and [`Page::next_page`] decide with [`step`]; the streams' tracker applies the
//! same [`step`] to every page and adds what only a stream knows. This module depends on nothing of
//! the streams: `paginate` builds on it, never the other way round.

use std::sync::{Arc, Mutex, PoisonError};

use super::Page;

/// The number of the server's first page, as learned from its answers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Base {
    /// Nothing told it yet: assume 0, which never asks past the end (a full page at the assumed
    /// end is followed by one more request instead).
    #[default]
    Unknown,
    /// A non-empty page was numbered `totalPages` or more, which only a server counting from 1 has
    /// (unless its totals lie): the base is taken to be 1.
    InferredOne,
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
                Self::InferredOne
            }
            _ => self,
        }
    }

    /// Whether the base is still unknown.
    pub(crate) fn is_unknown(self) -> bool {
        self == Self::Unknown
    }

    /// The first page number to assume.
    pub(crate) fn assumed(self) -> u32 {
        match self {
            Self::Unknown => 0,
            Self::InferredOne => 1,
            Self::Reported(base) => base,
        }
    }

    /// The number of the last page by `total_pages`, or `None` when the totals say nothing
    /// (`totalPages` of 0 or less).
    pub(crate) fn last_page(self, total_pages: i64) -> Option<u32> {
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

/// Whether a page is followed by another, by the [paging rules](crate::paginate):
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
            Base::InferredOne
        );
        assert_eq!(
            Base::InferredOne.learn(Some(0), &page(10, 0, 10, 3)),
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
        assert_eq!(
            step(&page(10, 3, 10, 3), Base::InferredOne, None),
            Step::End
        );
    }

    #[test]
    fn extreme_totals_give_the_next_number_or_the_end_never_a_wrap() {
        for total_pages in [i64::MIN, -1, 0, 1, i64::MAX] {
            for number in [0, 1, u32::MAX] {
                for base in [Base::Unknown, Base::Reported(0), Base::Reported(u32::MAX)] {
                    let page = Page::from_parts(vec![0u8; 3], number, 3, i64::MIN, total_pages);
                    let next = next_page(&page, base);
                    match step(&page, base, None) {
                        Step::Next => assert_eq!(next, number.checked_add(1)),
                        Step::End => assert_eq!(next, None),
                    }
                    // A full page with no usable totals is never the last one.
                    if total_pages <= 0 {
                        assert_eq!(step(&page, base, Some(u64::MAX)), Step::Next);
                    }
                    if number == u32::MAX {
                        assert_eq!(next, None, "no page after the largest number");
                    }
                }
            }
        }
    }
}
