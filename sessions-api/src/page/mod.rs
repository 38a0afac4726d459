//! One page of results with the page metadata the server reported, and the [paging
//! rules](crate::paginate) one page can decide alone ([`rules`]).

pub(crate) mod rules;

use sessions_api_gen::types::PageMetadata;

use rules::Base;

/// One page of results: the items and the page metadata as the server reported them.
///
/// The server may clamp the requested page size (read [`size`](Page::size) back) and numbers pages
/// from its own base (read [`number`](Page::number) back). Page numbers are `u32` everywhere: here,
/// in [`SessionsRequest::page`](crate::SessionsRequest::page),
/// [`start_page`](crate::SessionsRequest::start_page) and
/// [`Error::resume_page`](crate::Error::resume_page). [`is_last`](Page::is_last) and
/// [`next_page`](Page::next_page) follow the [paging rules](crate::paginate), with the page base
/// learned by the query the page came from.
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
///     match page.next_page() {
///         Some(next) => page = query.page(next).await?,
///         None => break,
///     }
/// }
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct Page<T> {
    items: Vec<T>,
    number: u32,
    size: u32,
    total_elements: i64,
    total_pages: i64,
    /// The server's page base, as known by the query or stream when the page arrived.
    pub(crate) base: Base,
}

impl<T> Page<T> {
    /// A page from its items and the metadata of a response; the detail of a decode error when the
    /// metadata is outside the contract (a negative page number or size).
    pub(crate) fn from_metadata(items: Vec<T>, metadata: &PageMetadata) -> Result<Self, String> {
        let number = u32::try_from(metadata.number).map_err(|_| {
            format!(
                "its page number {} is negative (the contract's minimum is 0)",
                metadata.number
            )
        })?;
        let size = u32::try_from(metadata.size).map_err(|_| {
            format!(
                "its page size {} is negative (the contract's minimum is 0)",
                metadata.size
            )
        })?;
        Ok(Self {
            items,
            number,
            size,
            total_elements: metadata.total_elements,
            total_pages: metadata.total_pages,
            base: Base::Unknown,
        })
    }

    /// A page from its parts, as a server reported them, for custom
    /// [`PageSource`](crate::paginate::PageSource)s and tests. Its page base is what the page itself
    /// tells: 0 when it is numbered 0, 1 when a non-empty page is numbered `total_pages` or more,
    /// unknown otherwise (see [`is_last`](Page::is_last)).
    pub fn from_parts(
        items: Vec<T>,
        number: u32,
        size: u32,
        total_elements: i64,
        total_pages: i64,
    ) -> Self {
        let mut page = Self {
            items,
            number,
            size,
            total_elements,
            total_pages,
            base: Base::Unknown,
        };
        page.base = Base::Unknown.learn(Some(number), &page);
        page
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
    pub fn number(&self) -> u32 {
        self.number
    }

    /// The page size the server used (it may be smaller than the size requested).
    pub fn size(&self) -> u32 {
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

    /// Whether no page follows this one, by the [paging rules](crate::paginate) ("Termination" and
    /// "Page base"), with the page base the query had learned when this page arrived.
    pub fn is_last(&self) -> bool {
        rules::next_page(self, self.base).is_none()
    }

    /// The number of the next page to request, or `None` on the last page.
    pub fn next_page(&self) -> Option<u32> {
        rules::next_page(self, self.base)
    }
}

/// Pages are equal when their items and metadata are: what the query had learned of the page base
/// when each arrived is not compared.
impl<T: PartialEq> PartialEq for Page<T> {
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items
            && self.number == other.number
            && self.size == other.size
            && self.total_elements == other.total_elements
            && self.total_pages == other.total_pages
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

    fn page(len: usize, number: u32, size: u32, total_pages: i64, base: Base) -> Page<u8> {
        let mut page = Page::from_parts(
            vec![0; len],
            number,
            size,
            total_pages * i64::from(size),
            total_pages,
        );
        page.base = base;
        page
    }

    #[test]
    fn one_based_pages_end_at_total_pages() {
        let one = Base::Reported(1);
        assert_eq!(page(10, 1, 10, 3, one).next_page(), Some(2));
        assert_eq!(page(10, 2, 10, 3, one).next_page(), Some(3));
        assert!(page(10, 3, 10, 3, one).is_last());
    }

    #[test]
    fn zero_based_pages_end_one_earlier() {
        let zero = Base::Reported(0);
        assert_eq!(page(10, 1, 10, 3, zero).next_page(), Some(2));
        assert!(page(10, 2, 10, 3, zero).is_last());
    }

    #[test]
    fn empty_or_short_pages_are_last() {
        let one = Base::Reported(1);
        assert!(page(0, 1, 10, 3, one).is_last());
        assert!(page(4, 1, 10, 3, one).is_last());
    }

    #[test]
    fn a_full_page_without_usable_totals_is_followed_by_one_more_request() {
        // The streams go on after such a page; a page loop following next_page does the same.
        let one = Base::Reported(1);
        assert_eq!(page(10, 1, 10, 0, one).next_page(), Some(2));
        assert!(page(0, 2, 10, 0, one).is_last());
    }

    #[test]
    fn equality_compares_items_and_metadata_not_the_learned_base() {
        let a = page(10, 2, 10, 3, Base::Reported(0));
        let b = page(10, 2, 10, 3, Base::Unknown);
        assert_eq!(a, b);
        assert_ne!(a, page(10, 2, 10, 4, Base::Reported(0)));
    }

    #[test]
    fn metadata_outside_the_contract_is_refused_not_wrapped() {
        let metadata = |number: i32, size: i32| {
            PageMetadata::builder()
                .number(number)
                .size(size)
                .total_elements(0)
                .total_pages(0)
                .try_into()
                .expect("valid metadata")
        };
        let detail = Page::<u8>::from_metadata(vec![], &metadata(-1, 10)).expect_err("negative");
        assert!(detail.contains("page number -1"), "{detail}");
        assert!(Page::<u8>::from_metadata(vec![], &metadata(0, i32::MIN)).is_err());
        let page = Page::<u8>::from_metadata(vec![], &metadata(i32::MAX, 0)).expect("in range");
        assert_eq!(page.number(), i32::MAX as u32);
        assert_eq!(page.next_page(), None);
    }
}
