//! The completeness rule: which state of the listing each page was served from, told by its
//! `totalElements`.
//!
//! Page-number paging is not a snapshot: every page is cut from the listing as it is when the
//! server answers. While rows are only inserted, a row's position never decreases and
//! `totalElements` only grows, so:
//!
//! - pages served one after the other in increasing page order miss nothing (a row not yet seen is
//!   always at or past the next page's start);
//! - a page whose `totalElements` is lower than that of a page before it in the listing was served
//!   from an older state than that page. Rows may have crossed the boundary between them in the
//!   meantime and fallen into a page already served, so such a page is dropped and asked for again,
//!   one page at a time from there. Equal totals mean no row was inserted in between: nothing
//!   moved.
//!
//! Taking only pages whose totals never go down in page order keeps the first property whatever the
//! order in which concurrent requests were served. A page asked for after the page before it
//! arrived cannot be older; if its totals are lower, rows were removed, which can move a row not yet
//! seen into a page already served: that is reported as a [`PossibleLoss`], never hidden.
//!
//! After a page is asked for again the stream fetches one page at a time until two pages in a row
//! report unchanged totals, then goes back to its prefetch.

use super::report::PossibleLoss;

/// Pages in a row with unchanged totals after which prefetching resumes.
const STABLE_PAGES: u32 = 2;

/// Whether a page may be taken into the listing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Freshness {
    /// It was served from the same or a later state than every page taken before it.
    Current,
    /// It was served from an older state than a page taken before it: ask for it again.
    Older,
}

/// The state of the listing as seen through the totals of the pages taken so far.
#[derive(Debug, Default)]
pub(crate) struct Snapshots {
    /// `totalElements` of the last page taken.
    reference: Option<i64>,
    /// Whether pages are fetched one at a time (after a page was found older).
    sequential: bool,
    /// Pages taken in a row with unchanged totals while sequential.
    stable: u32,
    /// The first decrease of the totals, if any.
    loss: Option<PossibleLoss>,
}

impl Snapshots {
    /// Whether a page reporting `total_elements` may be taken; `ordered` says whether it was asked
    /// for after the page before it arrived (it can then not be older).
    pub(crate) fn freshness(&self, ordered: bool, total_elements: i64) -> Freshness {
        match self.reference {
            Some(reference) if !ordered && total_elements < reference => Freshness::Older,
            _ => Freshness::Current,
        }
    }

    /// Records that a page is asked for again: fetch one page at a time for now.
    pub(crate) fn refetching(&mut self) {
        self.sequential = true;
        self.stable = 0;
    }

    /// Takes page `number` reporting `total_elements`; returns the loss it reveals, the first time.
    pub(crate) fn take(&mut self, number: u32, total_elements: i64) -> Option<PossibleLoss> {
        let mut revealed = None;
        match self.reference {
            Some(reference) if total_elements < reference => {
                // Asked for after the page before it arrived, yet fewer rows: rows were removed.
                if self.loss.is_none() {
                    let loss = PossibleLoss::new(number, reference, total_elements);
                    self.loss = Some(loss);
                    revealed = Some(loss);
                }
                self.refetching();
            }
            Some(reference) if total_elements == reference && self.sequential => {
                self.stable += 1;
                if self.stable >= STABLE_PAGES {
                    self.sequential = false;
                    self.stable = 0;
                }
            }
            _ => self.stable = 0,
        }
        self.reference = Some(total_elements);
        revealed
    }

    /// Whether pages are fetched one at a time now.
    pub(crate) fn sequential(&self) -> bool {
        self.sequential
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_concurrent_page_with_lower_totals_is_older_and_an_ordered_one_is_a_loss() {
        let mut snapshots = Snapshots::default();
        assert_eq!(snapshots.take(1, 100), None);
        assert_eq!(snapshots.freshness(false, 105), Freshness::Current);
        assert_eq!(snapshots.take(2, 105), None);
        assert_eq!(snapshots.freshness(false, 103), Freshness::Older);
        assert_eq!(snapshots.freshness(true, 103), Freshness::Current);
        let loss = snapshots.take(3, 103).expect("a loss");
        assert_eq!(
            (loss.page(), loss.total_before(), loss.total_after()),
            (3, 105, 103)
        );
        assert!(snapshots.sequential());
        // Reported once; later decreases keep the first.
        assert_eq!(snapshots.take(4, 90), None);
        assert_eq!(snapshots.loss, Some(loss));
    }

    #[test]
    fn prefetch_resumes_after_two_pages_with_unchanged_totals() {
        let mut snapshots = Snapshots::default();
        snapshots.take(1, 100);
        snapshots.refetching();
        snapshots.take(2, 101);
        assert!(snapshots.sequential());
        snapshots.take(3, 101);
        assert!(snapshots.sequential());
        snapshots.take(4, 101);
        assert!(!snapshots.sequential());
    }

    #[test]
    fn extreme_totals_do_not_overflow() {
        let mut snapshots = Snapshots::default();
        snapshots.take(1, i64::MAX);
        assert_eq!(snapshots.freshness(false, i64::MIN), Freshness::Older);
        let loss = snapshots.take(2, i64::MIN).expect("a loss");
        assert_eq!(loss.total_before(), i64::MAX);
    }
}
