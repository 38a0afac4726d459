//! The progress bar on stderr, drawn only when stderr is a terminal and stdout is not.

use indicatif::{ProgressBar, ProgressStyle};

use crate::listing::{Listing, Options};

/// A bar counting sessions; its length is set once the first page gives the total.
pub(crate) fn bar() -> ProgressBar {
    let bar = ProgressBar::no_length();
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} {pos}/{len} sessions [{bar:30}] {elapsed}")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// Moves the bar to what was listed. From the first page, the bar expects the server's total (or
/// the limit); when starting mid-listing it only counts.
pub(crate) fn advance(bar: &ProgressBar, listing: &Listing, options: &Options, limit: usize) {
    if bar.length().is_none()
        && options.start_page.is_none()
        && let Ok(total) = u64::try_from(listing.reported_total.unwrap_or(0))
    {
        bar.set_length(total.min(limit as u64));
    }
    bar.set_position(listing.listed as u64);
}
