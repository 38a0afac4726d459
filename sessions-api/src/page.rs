//! One page of results with the page metadata the server reported.

use sessions_api_gen::types::PageMetadata;

/// One page of results: the items and the page metadata exactly as the server reported them.
///
/// The server may clamp the requested page size (read [`size`](Page::size) back) and numbers pages
/// from its own base (read [`number`](Page::number) back). [`is_last`](Page::is_last) and
/// [`next_page`](Page::next_page) follow those numbers.
///
/// ```
/// # async fn demo(client: sessions_api::Client) -> Result<(), sessions_api::Error> {
/// use sessions_api::Environment;
///
/// let query = client.sessions("flow-1", Environment::Live).page_size(50);
/// let mut page = query.page(1).await?;
/// loop {
///     for session in page.items() {
///         println!("{} {}", session.id(), session.status());
///     }
///     match page.next_page().and_then(|n| u32::try_from(n).ok()) {
///         Some(next) => page = query.page(next).await?,
///         None => break,
///     }
/// }
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Page<T> {
    items: Vec<T>,
    number: i64,
    size: i64,
    total_elements: i64,
    total_pages: i64,
    /// The number of the first page in the server's numbering (0 or 1).
    pub(crate) first_page: i64,
}

impl<T> Page<T> {
    /// A page from its items and the metadata of the response, assuming pages count from
    /// `first_page`.
    pub(crate) fn new(items: Vec<T>, metadata: &PageMetadata, first_page: i64) -> Self {
        Self {
            items,
            number: metadata.number,
            size: metadata.size,
            total_elements: metadata.total_elements,
            total_pages: metadata.total_pages,
            first_page,
        }
    }

    /// A page from its parts, as a server reported them (pages counting from 1 for
    /// [`is_last`](Page::is_last) unless `number` is 0). For custom
    /// [`PageSource`](crate::paginate::PageSource)s and tests.
    pub fn from_parts(
        items: Vec<T>,
        number: i64,
        size: i64,
        total_elements: i64,
        total_pages: i64,
    ) -> Self {
        Self {
            items,
            number,
            size,
            total_elements,
            total_pages,
            first_page: i64::from(number != 0),
        }
    }

    /// The items, for filtering in place.
    pub(crate) fn items_mut(&mut self) -> &mut Vec<T> {
        &mut self.items
    }

    /// The items on this page, in the server's order.
    pub fn items(&self) -> &[T] {
        &self.items
    }

    /// The items on this page, owned.
    pub fn into_items(self) -> Vec<T> {
        self.items
    }

    /// The number of this page, in the server's numbering.
    pub fn number(&self) -> i64 {
        self.number
    }

    /// The page size the server used (it may be smaller than the size requested).
    pub fn size(&self) -> i64 {
        self.size
    }

    /// The total number of items across all pages, as the server counted them for this response.
    pub fn total_elements(&self) -> i64 {
        self.total_elements
    }

    /// The total number of pages, as the server counted them for this response.
    pub fn total_pages(&self) -> i64 {
        self.total_pages
    }

    /// Whether no page follows this one: the page is empty, shorter than the page size, or the last
    /// by the total number of pages. Pages are assumed to count from 1 unless page 0 was requested
    /// and answered, so a server counting from 0 costs at most one extra, empty request at the end.
    pub fn is_last(&self) -> bool {
        let len = i64::try_from(self.items.len()).unwrap_or(i64::MAX);
        self.items.is_empty()
            || self.total_pages <= 0
            || self.number.saturating_sub(self.first_page) >= self.total_pages.saturating_sub(1)
            || (self.size > 0 && len < self.size)
    }

    /// The number of the next page to request, or `None` on the last page.
    pub fn next_page(&self) -> Option<i64> {
        if self.is_last() {
            None
        } else {
            self.number.checked_add(1)
        }
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Page<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(len: usize, number: i64, size: i64, total_pages: i64, first: i64) -> Page<u8> {
        let metadata: PageMetadata = PageMetadata::builder()
            .number(number)
            .size(size)
            .total_elements(total_pages * size)
            .total_pages(total_pages)
            .try_into()
            .expect("every field is set");
        Page::new(vec![0; len], &metadata, first)
    }

    #[test]
    fn one_based_pages_end_at_total_pages() {
        assert_eq!(page(10, 1, 10, 3, 1).next_page(), Some(2));
        assert_eq!(page(10, 2, 10, 3, 1).next_page(), Some(3));
        assert!(page(10, 3, 10, 3, 1).is_last());
    }

    #[test]
    fn zero_based_pages_end_one_earlier() {
        assert_eq!(page(10, 1, 10, 3, 0).next_page(), Some(2));
        assert!(page(10, 2, 10, 3, 0).is_last());
    }

    #[test]
    fn empty_or_short_pages_are_last() {
        assert!(page(0, 1, 10, 3, 1).is_last());
        assert!(page(4, 1, 10, 3, 1).is_last());
        assert!(page(10, 1, 10, 0, 1).is_last());
    }
}
