//! Which state of the listing each page was served from, told by its `totalElements`: the checks
//! of "Completeness" in the [paging rules](crate::paginate) that compare two neighbouring pages.
//!
//! A page taken into the listing is compared with the page before it. Asked for after that page
//! arrived (`ordered`), it was evaluated after it: lower totals mean rows were deleted, a
//! [`PossibleLoss`]. Asked for while that page was in flight, lower totals mean it was evaluated
//! first while rows were inserted: it is [`Freshness::Older`], to be asked for again.

use super::report::PossibleLoss;

/// Whether a page may be taken into the listing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Freshness {
    /// It was served from the same or a later state than the page taken before it, or the totals
    /// cannot tell.
    Current,
    /// It was served from an older state than the page taken before it: ask for it again.
    Older,
}

/// The state of the listing as seen through the totals of the pages taken so far.
#[derive(Debug, Default)]
pub(crate) struct Snapshots {
    /// `totalElements` of the last page taken.
    reference: Option<i64>,
    /// Whether a page was taken that had been asked for before the page before it arrived.
    concurrent: bool,
    /// The first decrease of the totals between ordered pages, if any.
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

    /// Takes page `number` reporting `total_elements`; returns the loss it reveals, the first time.
    pub(crate) fn take(
        &mut self,
        number: u32,
        ordered: bool,
        total_elements: i64,
    ) -> Option<PossibleLoss> {
        let mut revealed = None;
        if let Some(reference) = self.reference {
            self.concurrent |= !ordered;
            if total_elements < reference && self.loss.is_none() {
                // Asked for after the page before it arrived, yet fewer rows: rows were removed.
                let loss = PossibleLoss::new(number, reference, total_elements);
                self.loss = Some(loss);
                revealed = Some(loss);
            }
        }
        self.reference = Some(total_elements);
        revealed
    }

    /// `totalElements` of the last page taken.
    pub(crate) fn reference(&self) -> Option<i64> {
        self.reference
    }

    /// Whether a page taken was evaluated possibly before the page before it.
    pub(crate) fn concurrent(&self) -> bool {
        self.concurrent
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_concurrent_page_with_lower_totals_is_older_and_an_ordered_one_is_a_loss() {
        let mut snapshots = Snapshots::default();
        assert_eq!(snapshots.take(1, true, 100), None);
        assert_eq!(snapshots.freshness(false, 105), Freshness::Current);
        assert_eq!(snapshots.take(2, true, 105), None);
        assert!(!snapshots.concurrent());
        assert_eq!(snapshots.freshness(false, 103), Freshness::Older);
        assert_eq!(snapshots.freshness(true, 103), Freshness::Current);
        let loss = snapshots.take(3, true, 103).expect("a loss");
        assert_eq!(
            (loss.page(), loss.total_before(), loss.total_after()),
            (3, 105, 103)
        );
        // Reported once; later decreases keep the first.
        assert_eq!(snapshots.take(4, true, 90), None);
        assert_eq!(snapshots.loss, Some(loss));
        snapshots.take(5, false, 90);
        assert!(snapshots.concurrent());
    }

    #[test]
    fn extreme_totals_do_not_overflow() {
        let mut snapshots = Snapshots::default();
        snapshots.take(1, true, i64::MAX);
        assert_eq!(snapshots.freshness(false, i64::MIN), Freshness::Older);
        let loss = snapshots.take(2, true, i64::MIN).expect("a loss");
        assert_eq!(loss.total_before(), i64::MAX);
    }
}
