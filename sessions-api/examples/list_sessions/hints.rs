//! What to do after a listing that failed or asked for a page past the end. A hint to run something
//! is given only when running it can help: a retryable error is retried, a start page the server
//! does not have is left out, and anything else is left to the error's own message.

use sessions_api::ErrorKind;

use crate::listing::{Listing, Options};

/// The hint that leads back to a listing from the first page.
pub(crate) const WITHOUT_START_PAGE: &str = "run the same command without --start-page";

/// What was listed before a failure, and how to list the rest when that can help.
pub(crate) fn failure(
    listing: &Listing,
    error: &sessions_api::Error,
    options: &Options,
    context: &str,
) -> String {
    let listed = i64::try_from(listing.listed).unwrap_or(i64::MAX);
    let mut text = format!(
        "{} of {context} listed before the error",
        plural(listed, "session", "sessions"),
    );
    if listing.pages > 0 {
        text.push_str(&format!(" ({})", page_span(listing)));
    }
    // The first page asked for failed: naming it again would be a loop.
    let at_start = options.start_page.filter(|_| listing.pages == 0);
    match (at_start, error.resume_page()) {
        (Some(start), _) if matches!(error.kind(), ErrorKind::Pagination) => {
            text.push_str(&format!(
                "; page {start} is not a page of this listing in the server's numbering: \
                 {WITHOUT_START_PAGE} to list from the first page"
            ));
        }
        _ if !error.is_retryable() => {}
        (None, Some(page)) => text.push_str(&format!(
            "; to list the rest, run the same command with --start-page {page}"
        )),
        _ => text.push_str("; run the same command again to retry"),
    }
    text
}

/// The error for a `--start-page` past the last page: nothing was received while the server
/// reports sessions.
pub(crate) fn past_the_end(listing: &Listing, options: &Options, context: &str) -> Option<String> {
    let start = options.start_page?;
    let total = listing.reported_total.filter(|&total| total > 0)?;
    if listing.received > 0 {
        return None;
    }
    let pages = listing.reported_pages.unwrap_or(0);
    Some(format!(
        "page {start} is past the last page of {context}: the server reports {} in {}; \
         {WITHOUT_START_PAGE} to list from the first page",
        plural(total, "session", "sessions"),
        plural(pages, "page", "pages"),
    ))
}

/// `1 session`, `2 sessions`.
pub(crate) fn plural(count: i64, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// Where the listing started and ended, e.g. "pages 3-5" or "page 1".
pub(crate) fn page_span(listing: &Listing) -> String {
    match (listing.first_page, listing.last_page) {
        (Some(first), Some(last)) if first != last => format!("pages {first}-{last}"),
        (Some(first), _) => format!("page {first}"),
        _ => "no page".to_owned(),
    }
}
