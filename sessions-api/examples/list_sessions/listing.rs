//! The listing: pages from the SDK's stream, each page's rows written as soon as it arrives.

use std::io::Write;

use indicatif::ProgressBar;
use sessions_api::SessionsRequest;
use sessions_api::paginate::Completeness;

use crate::rows::Rows;

/// What the listing is asked to do beyond the query itself.
#[derive(Clone, Debug, Default)]
pub(crate) struct Options {
    /// Stop after this many sessions.
    pub(crate) limit: Option<usize>,
    /// Pages in flight.
    pub(crate) prefetch: usize,
    /// The page to start at, in the server's numbering.
    pub(crate) start_page: Option<u32>,
    /// The order, in words ("newest first").
    pub(crate) order: &'static str,
}

/// How far a listing got.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Listing {
    /// Sessions written.
    pub(crate) listed: usize,
    /// Sessions received (more than written when `--limit` cut a page).
    pub(crate) received: usize,
    /// Pages received.
    pub(crate) pages: u32,
    /// The number of the first page received, in the server's numbering.
    pub(crate) first_page: Option<u32>,
    /// The number of the last page received.
    pub(crate) last_page: Option<u32>,
    /// `totalElements` of the last page received.
    pub(crate) reported_total: Option<i64>,
    /// `totalPages` of the last page received.
    pub(crate) reported_pages: Option<i64>,
    /// What the stream could vouch for when the listing ended.
    pub(crate) completeness: Option<Completeness>,
}

/// Why a listing ended.
#[derive(Debug)]
pub(crate) enum Stop {
    /// The stream ended.
    Done,
    /// `--limit` sessions were written while more were available.
    Limit,
    /// Whoever reads stdout stopped reading (e.g. `| head`).
    OutputClosed,
    /// Writing stdout failed.
    Output(std::io::Error),
    /// A page could not be listed.
    Failed(sessions_api::Error),
}

/// Lists the pages of `query`, writing each page's rows as soon as it arrives, and closes the
/// output whatever happened, so what was written stays well-formed.
pub(crate) async fn list<W: Write>(
    query: &SessionsRequest,
    options: &Options,
    rows: &mut Rows<W>,
    progress: Option<&ProgressBar>,
) -> (Listing, Stop) {
    let mut listing = Listing::default();
    let stop = list_into(query, options, rows, progress, &mut listing).await;
    let stop = match (stop, rows.finish()) {
        (Stop::Done | Stop::Limit, Err(error)) => output_stop(error),
        (stop, _) => stop,
    };
    (listing, stop)
}

async fn list_into<W: Write>(
    query: &SessionsRequest,
    options: &Options,
    rows: &mut Rows<W>,
    progress: Option<&ProgressBar>,
    listing: &mut Listing,
) -> Stop {
    let limit = options.limit.unwrap_or(usize::MAX);
    let mut query = query.clone().prefetch(options.prefetch.max(1));
    if let Some(page) = options.start_page {
        query = query.start_page(page);
    }
    // The stream learns the page base, stops on the last page and keeps pages in flight; dropping
    // it at the limit cancels what is still in flight. At the limit on the last page it is asked
    // once more, which makes no request and lets it vouch for the listing.
    let mut pages = query.pages();
    let mut more = false;
    let stop = 'list: loop {
        if listing.listed >= limit && more {
            break Stop::Limit;
        }
        let page = match pages.try_next().await {
            Ok(Some(page)) => page,
            Ok(None) => break Stop::Done,
            Err(error) => break Stop::Failed(error),
        };
        listing.pages += 1;
        listing.first_page.get_or_insert(page.number());
        listing.last_page = Some(page.number());
        listing.reported_total = Some(page.total_elements());
        listing.reported_pages = Some(page.total_pages());
        more = !page.is_last();
        let items = page.into_items();
        listing.received += items.len();
        let wanted = limit.saturating_sub(listing.listed);
        more |= items.len() > wanted;
        for session in items.iter().take(wanted) {
            if let Err(error) = rows.row(session) {
                break 'list output_stop(error);
            }
            listing.listed += 1;
        }
        if let Err(error) = rows.flush() {
            break output_stop(error);
        }
        if let Some(bar) = progress {
            crate::progress::advance(bar, listing, options, limit);
        }
    };
    listing.completeness = Some(pages.report().completeness());
    stop
}

fn output_stop(error: std::io::Error) -> Stop {
    if error.kind() == std::io::ErrorKind::BrokenPipe {
        Stop::OutputClosed
    } else {
        Stop::Output(error)
    }
}
