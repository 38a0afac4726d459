//! The summary line of a listing that ended without an error: what was listed, in which order, and
//! whether the listing is complete, with what to do when it is not.

use sessions_api::paginate::{Completeness, Unverified};

use crate::hints::{WITHOUT_START_PAGE, page_span, plural};
use crate::listing::{Listing, Options, Stop};

/// The words for a listing whose order has no proof of completeness.
pub(crate) const UNVERIFIED_ORDER: &str = "not verified: in this order a session can move between \
    pages unseen (a status change, a deletion of the oldest); list newest first (the default, \
    without --asc and --sort status) for a verified listing";

/// The words for a newest-first listing with pages in flight at once that saw deletions.
pub(crate) const UNVERIFIED_DELETIONS: &str = "not verified: sessions were deleted while pages were \
    fetched at once; run the same command with --prefetch 1 for a verified listing";

/// The summary. The count is what was written; the server's total is named apart when it differs.
pub(crate) fn line(listing: &Listing, stop: &Stop, options: &Options, context: &str) -> String {
    let listed = i64::try_from(listing.listed).unwrap_or(i64::MAX);
    let mut text = format!(
        "{} listed of {context}, {}",
        plural(listed, "session", "sessions"),
        page_span(listing)
    );
    if let Some(total) = listing.reported_total
        && total != listed
    {
        text.push_str(&format!(" (the server reported {total} in all)"));
    }
    text.push_str(&format!(
        ", {}; {}",
        options.order,
        completeness(listing, stop, options)
    ));
    text
}

/// The completeness outcome in words, and what to do when it is not `Complete`.
fn completeness(listing: &Listing, stop: &Stop, options: &Options) -> String {
    let Some(completeness) = &listing.completeness else {
        return "unfinished".to_owned();
    };
    match completeness {
        // From a start page, the listing covers every session only when it listed the total.
        Completeness::Complete => match options.start_page.filter(|_| !listed_all(listing)) {
            Some(page) => format!(
                "complete from page {page} to the last page, but not verified together with the \
                 pages before it (sessions may have moved between the runs): {WITHOUT_START_PAGE} \
                 for a verified listing"
            ),
            None => {
                "complete: every session that existed for the whole listing is in it".to_owned()
            }
        },
        Completeness::PossiblyIncomplete(loss) => format!(
            "possibly incomplete: the server's total went down from {} to {} at page {} (sessions \
             were deleted while listing), so one that existed throughout may be missing; run the \
             same command again for a listing during which none is deleted",
            loss.total_before(),
            loss.total_after(),
            loss.page()
        ),
        Completeness::Unfinished => match stop {
            Stop::Limit => format!(
                "unfinished: stopped at --limit {}; raise --limit or leave it out to list them all",
                options.limit.unwrap_or(listing.listed)
            ),
            Stop::OutputClosed => "unfinished: the output was closed before the last page; let \
                 the command write to its end to list them all"
                .to_owned(),
            _ => "unfinished: the listing ended before its last page".to_owned(),
        },
        Completeness::Unverified(Unverified::Order) => UNVERIFIED_ORDER.to_owned(),
        Completeness::Unverified(Unverified::ConcurrentDeletions) => {
            UNVERIFIED_DELETIONS.to_owned()
        }
        // An outcome of a later version: the SDK's own sentence says what to do.
        other => other.to_string(),
    }
}

/// Whether the listing wrote as many sessions as the server reported in all.
fn listed_all(listing: &Listing) -> bool {
    listing.reported_total == i64::try_from(listing.listed).ok()
}
