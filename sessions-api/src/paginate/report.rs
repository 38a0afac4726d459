//! What a stream can tell about its listing once it ended: how it ended, whether every item that
//! existed for the whole listing was yielded, and what it cost.

/// How a listing ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ListingEnd {
    /// The last page by the paging rules was reached.
    LastPage,
    /// The caller's stop condition ended it (for example
    /// [`created_after`](crate::SessionsRequest::created_after) reaching the cutoff).
    StoppedByCondition,
    /// The request budget set with [`max_pages`](crate::paginate::PaginationOptions::max_pages) ended it.
    MaxPages,
    /// An error ended it (the stream yielded it last);
    /// [`resume`](crate::paginate::PaginationStream::resume) continues when possible.
    Error,
}

/// Whether a listing yielded every item that existed while it ran.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Completeness {
    /// The listing reached its end (its last page, or the caller's stop condition) and nothing
    /// suggests a loss: every item that existed for the whole listing was yielded at least once
    /// (exactly once with [`dedupe`](crate::paginate::PaginationOptions::dedupe)).
    Complete,
    /// Rows were removed while the listing ran (the server's `totalElements` went down between two
    /// pages): an item that existed for the whole listing may have moved into a page already served
    /// and been missed. List again, or reconcile by other means, if every item matters.
    PossiblyIncomplete(PossibleLoss),
    /// The listing has not reached its end: it is still running, or an error or `max_pages`
    /// stopped it. Items past the last page yielded were not listed.
    Unfinished,
}

/// Where a listing saw its totals go down, which makes a missed item possible.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct PossibleLoss {
    page: u32,
    total_before: i64,
    total_after: i64,
}

impl PossibleLoss {
    pub(crate) fn new(page: u32, total_before: i64, total_after: i64) -> Self {
        Self {
            page,
            total_before,
            total_after,
        }
    }

    /// The first page (in the server's numbering) whose `totalElements` was lower than that of a
    /// page before it.
    pub fn page(&self) -> u32 {
        self.page
    }

    /// `totalElements` reported with the page before.
    pub fn total_before(&self) -> i64 {
        self.total_before
    }

    /// `totalElements` reported with [`page`](Self::page).
    pub fn total_after(&self) -> i64 {
        self.total_after
    }
}

/// What a [`PaginationStream`](crate::paginate::PaginationStream) did so far: read it after the end
/// with [`report`](crate::paginate::PaginationStream::report).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ListingReport {
    pub(crate) requests: u32,
    pub(crate) pages: u32,
    pub(crate) items: u64,
    pub(crate) refetched: u32,
    pub(crate) resumed: u32,
    pub(crate) duplicates: u64,
    pub(crate) end: Option<ListingEnd>,
    pub(crate) loss: Option<PossibleLoss>,
}

impl ListingReport {
    /// Whether the listing yielded every item that existed while it ran; see [`Completeness`].
    pub fn completeness(&self) -> Completeness {
        match (self.loss, self.end) {
            (Some(loss), _) => Completeness::PossiblyIncomplete(loss),
            (None, Some(ListingEnd::LastPage | ListingEnd::StoppedByCondition)) => {
                Completeness::Complete
            }
            (None, _) => Completeness::Unfinished,
        }
    }

    /// How the listing ended; `None` while it runs.
    pub fn end(&self) -> Option<ListingEnd> {
        self.end
    }

    /// Where the totals went down, if they did (the reason for
    /// [`Completeness::PossiblyIncomplete`]).
    pub fn possible_loss(&self) -> Option<PossibleLoss> {
        self.loss
    }

    /// Page requests started, pages asked for again included (a request aborted before it was sent,
    /// because the stream ended or dropped the pages in flight, counts too).
    pub fn requests(&self) -> u32 {
        self.requests
    }

    /// Pages taken into the listing (each page number once, unless resumed).
    pub fn pages(&self) -> u32 {
        self.pages
    }

    /// Items yielded (after dedupe).
    pub fn items(&self) -> u64 {
        self.items
    }

    /// Pages asked for again because the server answered them from an older state of the listing
    /// than a page before them (rows were inserted meanwhile); their first answers were dropped.
    pub fn refetched(&self) -> u32 {
        self.refetched
    }

    /// How many times [`resume`](crate::paginate::PaginationStream::resume) continued the listing
    /// after an error.
    pub fn resumed(&self) -> u32 {
        self.resumed
    }

    /// Items dropped by [`dedupe`](crate::paginate::PaginationOptions::dedupe) as already yielded.
    pub fn duplicates(&self) -> u64 {
        self.duplicates
    }
}
