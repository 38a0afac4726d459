//! Options of a pagination stream.

/// The most page requests one stream makes, whatever [`PaginationOptions::max_pages`] says.
/// 100,000 pages of 100 sessions is ten million sessions.
pub const HARD_CAP_PAGES: u32 = 100_000;

/// How a pagination stream pages through a source. See the [module docs](crate::paginate) for the
/// rules.
///
/// ```
/// use sessions_api::paginate::PaginationOptions;
///
/// let options = PaginationOptions::new().with_prefetch(4).with_dedupe(true);
/// assert_eq!(options.prefetch, 4);
/// assert_eq!(options.start_page, None);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PaginationOptions {
    /// The first page to request, in the server's numbering (for example an error's
    /// [`resume_page`](crate::Error::resume_page)); `None` asks for the server's first page.
    pub start_page: Option<u32>,
    /// The most page requests to make, pages asked for again included (at most
    /// [`HARD_CAP_PAGES`]); the stream ends quietly there.
    pub max_pages: Option<u32>,
    /// Drop items whose key was already yielded.
    pub dedupe: bool,
    /// The most page requests in flight at once once the totals are known (at least 1).
    pub prefetch: usize,
    /// After a listing in an order without a proof, list again newest first and yield at the end
    /// the items that pass found and the first did not (see the [paging
    /// rules](crate::paginate), "Verification"). Off by default.
    pub verify: bool,
}

impl Default for PaginationOptions {
    fn default() -> Self {
        Self {
            start_page: None,
            max_pages: None,
            dedupe: false,
            prefetch: 1,
            verify: false,
        }
    }
}

impl PaginationOptions {
    /// The defaults: from the server's first page, no cap but [`HARD_CAP_PAGES`], no dedupe, one
    /// page ahead, no verification pass.
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts at page `number` in the server's numbering instead of the server's first page.
    #[must_use]
    pub fn with_start_page(mut self, number: u32) -> Self {
        self.start_page = Some(number);
        self
    }

    /// Makes at most `pages` page requests.
    #[must_use]
    pub fn with_max_pages(mut self, pages: u32) -> Self {
        self.max_pages = Some(pages);
        self
    }

    /// Drops items whose key was already yielded.
    #[must_use]
    pub fn with_dedupe(mut self, on: bool) -> Self {
        self.dedupe = on;
        self
    }

    /// Keeps up to `pages` requests in flight (at least 1).
    #[must_use]
    pub fn with_prefetch(mut self, pages: usize) -> Self {
        self.prefetch = pages.max(1);
        self
    }

    /// Verifies a listing in an order without a proof with a newest-first pass (see
    /// [`verify`](Self::verify)).
    #[must_use]
    pub fn with_verify(mut self, on: bool) -> Self {
        self.verify = on;
        self
    }

    /// The page-request budget: `max_pages` capped by [`HARD_CAP_PAGES`].
    pub(crate) fn budget(&self) -> u32 {
        self.max_pages
            .map_or(HARD_CAP_PAGES, |max| max.min(HARD_CAP_PAGES))
    }

    /// In-flight requests allowed (at least one).
    pub(crate) fn window(&self) -> usize {
        self.prefetch.max(1)
    }
}
