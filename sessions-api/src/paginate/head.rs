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
        }
    }

    /// Whether `now`, the first page fetched again at the end, proves that no item of the start
    /// was deleted: the items before the first surviving item of the start were created meanwhile
    /// (`created`), and `first total + created - total now` items of the start were deleted.
    /// False when that is not 0, or when no item of the start's first page is on `now`.
    pub(crate) fn nothing_deleted<T: ItemKey>(&self, now: &Page<T>) -> bool {
        if self.keys.is_empty() {
            // Nothing existed at the start: nothing can have been missed.
            return self.total <= 0;
        }
        let start: HashSet<&str> = self.keys.iter().map(String::as_str).collect();
        let Some(created) = now
            .items()
            .iter()
            .position(|item| start.contains(item.item_key()))
        else {
            return false;
        };
        let deleted = i128::from(self.total) + created as i128 - i128::from(now.total_elements());
        deleted == 0
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
        assert!(head.nothing_deleted(&page(&["c", "b", "a"], 10)));
        assert!(head.nothing_deleted(&page(&["e", "d", "c"], 12)));
    }

    #[test]
    fn a_deletion_anywhere_is_seen_even_when_creations_balance_it() {
        let head = Head::new(&page(&["c", "b", "a"], 10));
        // Two created, two of the oldest purged: the total holds still.
        assert!(!head.nothing_deleted(&page(&["e", "d", "c"], 10)));
        // The newest of the start deleted, one created: the first survivor is found further down.
        assert!(!head.nothing_deleted(&page(&["e", "b", "a"], 10)));
        assert!(!head.nothing_deleted(&page(&["b", "a", "z"], 9)));
        // None of the start's first page on the page now: no conclusion.
        assert!(!head.nothing_deleted(&page(&["g", "f", "e"], 14)));
    }

    #[test]
    fn an_empty_start_and_extreme_totals() {
        assert!(Head::new(&page(&[], 0)).nothing_deleted(&page(&["a"], 1)));
        let head = Head::new(&page(&["a"], i64::MAX));
        assert!(!head.nothing_deleted(&page(&["a"], i64::MIN)));
    }
}
