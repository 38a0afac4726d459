//! The check at the end of a newest-first listing whose pages were evaluated possibly out of order:
//! were sessions that existed at the start deleted meanwhile? (See "Completeness" in the [paging
//! rules](crate::paginate).)

use std::collections::HashSet;

use super::ItemKey;
use crate::Page;

/// What the listing's first page showed: its keys, in order, and its total.
#[derive(Debug)]
pub(crate) struct Head {
    keys: Vec<String>,
    total: i64,
    size: u32,
}

impl Head {
    /// The page size the start's first page reported.
    pub(crate) fn size(&self) -> u32 {
        self.size
    }

    /// The place in the listing where the start's first session is expected now, when the total
    /// is `total_now` and nothing was deleted: after every session created meanwhile.
    pub(crate) fn expected_place(&self, total_now: i64) -> u64 {
        u64::try_from(i128::from(total_now) - i128::from(self.total)).unwrap_or(0)
    }
}

impl Head {
    /// The head of a listing from its first page.
    pub(crate) fn new<T: ItemKey>(first: &Page<T>) -> Self {
        Self {
            keys: first
                .items()
                .iter()
                .map(|item| item.item_key().to_owned())
                .collect(),
            total: first.total_elements(),
            size: first.size(),
        }
    }

    /// What `now`, a page of the listing fetched again at the end (`position` is the place of its
    /// first item in the listing), proves: `None` when it holds no item of the start's first page
    /// (look at the next page), `Some(true)` when no item that existed at the start was deleted.
    ///
    /// Every session created meanwhile and every surviving session of the start's first page
    /// before `h` (the first of them on `now`, at place `p`) comes before `h`; so
    /// `first total + p - total now` is the number of sessions of the start deleted, plus the
    /// surviving ones of the start's first page that come before `h` off this page. It is 0 exactly
    /// when nothing of the start was deleted (and `h` is the first survivor).
    pub(crate) fn nothing_deleted<T: ItemKey>(&self, now: &Page<T>, position: u64) -> Option<bool> {
        if self.keys.is_empty() {
            // Nothing existed at the start: nothing can have been missed.
            return Some(self.total <= 0);
        }
        let start: HashSet<&str> = self.keys.iter().map(String::as_str).collect();
        let index = now
            .items()
            .iter()
            .position(|item| start.contains(item.item_key()))?;
        let place = i128::from(position) + index as i128;
        let deleted = i128::from(self.total) + place - i128::from(now.total_elements());
        Some(deleted == 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Key(&'static str);

    impl ItemKey for Key {
        fn item_key(&self) -> &str {
            self.0
        }
    }

    fn page(keys: &[&'static str], total: i64) -> Page<Key> {
        Page::from_parts(keys.iter().map(|k| Key(k)).collect(), 1, 3, total, 9)
    }

    #[test]
    fn creations_alone_are_counted_and_accepted() {
        let head = Head::new(&page(&["c", "b", "a"], 10));
        assert_eq!(
            head.nothing_deleted(&page(&["c", "b", "a"], 10), 0),
            Some(true)
        );
        assert_eq!(
            head.nothing_deleted(&page(&["e", "d", "c"], 12), 0),
            Some(true)
        );
        // Four created: the start's first session is on the second page, at place 4.
        assert_eq!(head.nothing_deleted(&page(&["g", "f", "e"], 14), 0), None);
        assert_eq!(
            head.nothing_deleted(&page(&["d", "c", "b"], 14), 3),
            Some(true)
        );
    }

    #[test]
    fn a_deletion_anywhere_is_seen_even_when_creations_balance_it() {
        let head = Head::new(&page(&["c", "b", "a"], 10));
        // Two created, two of the oldest purged: the total holds still.
        assert_eq!(
            head.nothing_deleted(&page(&["e", "d", "c"], 10), 0),
            Some(false)
        );
        // The newest of the start deleted, one created: the first survivor is found further down.
        assert_eq!(
            head.nothing_deleted(&page(&["e", "b", "a"], 10), 0),
            Some(false)
        );
        assert_eq!(
            head.nothing_deleted(&page(&["b", "a", "z"], 9), 0),
            Some(false)
        );
        // Four created, four purged, found on the second page.
        assert_eq!(
            head.nothing_deleted(&page(&["d", "c", "b"], 10), 3),
            Some(false)
        );
    }

    #[test]
    fn an_empty_start_and_extreme_totals() {
        assert_eq!(
            Head::new(&page(&[], 0)).nothing_deleted(&page(&["a"], 1), 0),
            Some(true)
        );
        let head = Head::new(&page(&["a"], i64::MAX));
        assert_eq!(
            head.nothing_deleted(&page(&["a"], i64::MIN), u64::MAX),
            Some(false)
        );
    }
}
