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

/// Whether a listing yielded every item that existed for the whole listing, as far as it can
/// prove; read it with [`ListingReport::completeness`]. Which outcome each order can reach, and
/// why, is in the [paging rules](crate::paginate) ("Completeness").
///
/// Its [`Display`](std::fmt::Display) is one sentence for a summary line, saying what to do when
/// the outcome is not `Complete`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Completeness {
    /// Proven: the listing reached its end (its last page, or the caller's stop condition) and
    /// every item that existed for the whole listing was yielded at least once (exactly once with
    /// [`dedupe`](crate::paginate::PaginationOptions::dedupe)).
    Complete,
    /// Rows were removed while the listing ran (the server's `totalElements` went down between two
    /// pages): an item that existed for the whole listing may have moved into a page already served
    /// and been missed. List again, or reconcile by other means, if every item matters.
    PossiblyIncomplete(PossibleLoss),
    /// The listing reached its end and saw no sign of a loss, but in its order rows can move
    /// between pages without any sign (the reason says which): it cannot vouch that nothing was
    /// missed. Never a claim of completeness.
    Unverified(Unverified),
    /// The listing has not reached its end: it is still running, or an error or `max_pages`
    /// stopped it. Items past the last page yielded were not listed.
    Unfinished,
}

/// Why a listing that ended could not prove it missed nothing: the reason in
/// [`Completeness::Unverified`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Unverified {
    /// The listing's order has no cheap proof: oldest first (a purge of the oldest moves unserved
    /// rows towards served pages while the total holds still), by status (a status change moves a
    /// row across pages), the server's undocumented default order, or a
    /// [`PageSource`](crate::paginate::PageSource) whose order is
    /// [unknown](crate::paginate::ListingOrder::Unknown). List newest first, or turn on
    /// [`verify`](crate::paginate::PaginationOptions::verify).
    Order,
    /// Newest first with requests in flight at once (prefetch above 1), and the check at the end
    /// found sessions that existed at the start deleted meanwhile, or could not conclude (more than
    /// a page of sessions created during the listing). List again with prefetch 1, whose proof needs
    /// no check.
    ConcurrentDeletions,
}

impl Unverified {
    /// What to do about it, in a few words.
    pub fn advice(&self) -> &'static str {
        match self {
            Self::Order => {
                "this order lets sessions move between pages unseen: list newest first \
                 (sortBy=createdAt, descending) or verify with a newest-first pass"
            }
            Self::ConcurrentDeletions => {
                "sessions were deleted while pages were fetched concurrently: list again with \
                 prefetch 1"
            }
        }
    }
}

impl std::fmt::Display for Completeness {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Complete => f.write_str("complete"),
            Self::PossiblyIncomplete(loss) => write!(
                f,
                "possibly incomplete: sessions were removed while listing (the total went from {} \
                 to {} at page {}): list again, newest first with prefetch 1, if every session \
                 matters",
                loss.total_before, loss.total_after, loss.page
            ),
            Self::Unverified(reason) => write!(f, "not verified: {}", reason.advice()),
            Self::Unfinished => f.write_str("unfinished: the listing did not reach its end"),
        }
    }
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
    pub(crate) unverified: Option<Unverified>,
    pub(crate) verification_pages: u32,
    pub(crate) head_checks: u32,
}

impl ListingReport {
    /// Whether the listing yielded every item that existed for the whole listing, as far as it can
    /// prove; see [`Completeness`]. The one way to ask.
    pub fn completeness(&self) -> Completeness {
        match (self.loss, self.end) {
            (Some(loss), _) => Completeness::PossiblyIncomplete(loss),
            (None, Some(ListingEnd::LastPage | ListingEnd::StoppedByCondition)) => {
                match self.unverified {
                    Some(reason) => Completeness::Unverified(reason),
                    None => Completeness::Complete,
                }
            }
            (None, _) => Completeness::Unfinished,
        }
    }

    /// Pages of the [verification pass](crate::paginate::PaginationOptions::verify) taken into
    /// the listing (0 when none ran); their requests count in [`requests`](Self::requests).
    pub fn verification_pages(&self) -> u32 {
        self.verification_pages
    }

    /// Requests of the check at the end of a newest-first listing with requests in flight at once
    /// (0 or 1); counted in [`requests`](Self::requests) too.
    pub fn head_checks(&self) -> u32 {
        self.head_checks
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
