//! Where response bodies come from: recorded JSON files, or the live API paged through the SDK's
//! own pagination stream with the raw body of every response kept (validation needs the body as
//! sent, before any decoding; a drifted body may not decode at all).
//!
//! The live source is in [`live`](super::live) (feature `live`).

use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result, bail};
pub use secrecy::SecretString;

/// One response to check.
#[derive(Debug, Clone)]
pub struct Response {
    /// Where it came from, for reports (`page 2`, `page-2.json`). Never holds secrets.
    pub label: String,
    /// The HTTP status (200 for recorded pages, 400 for recorded `error-*.json` files).
    pub status: u16,
    /// The Content-Type, when known.
    pub content_type: Option<String>,
    /// The body as received.
    pub body: Vec<u8>,
    /// The page number requested (`None`: the server's first page, or not a live listing).
    pub requested_page: Option<u64>,
    /// The recorded listing this page belongs to (see [`read_recorded`]); `None` for a live page
    /// or a file that is not a numbered page.
    pub listing: Option<String>,
}

/// The listing and page number of a recorded file named `page-<N>.json` (listing `""`) or
/// `<listing>-page-<N>.json`.
pub fn recorded_page(name: &str) -> Option<(String, u64)> {
    let stem = name.strip_suffix(".json")?;
    let (prefix, number) = stem.rsplit_once("page-")?;
    let number: u64 = number.parse().ok()?;
    let listing = match prefix {
        "" => "",
        prefix => prefix.strip_suffix('-')?,
    };
    Some((listing.to_owned(), number))
}

/// Every `*.json` file in `dir`. `error-*.json` files are error bodies (checked against the 400
/// response), the others bodies of the 200 response. Files named `page-<N>.json` (or
/// `<listing>-page-<N>.json`) are the pages of one listing, in the order of `N` (so `page-10`
/// follows `page-9`); they come first, listing by listing, then the other files in name order.
pub fn read_recorded(dir: &Path) -> Result<Vec<Response>> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot list {}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_file() && path.extension().is_some_and(|e| e == "json"))
        .collect();
    let name_of = |path: &std::path::PathBuf| {
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    files.sort_by_cached_key(|path| {
        let name = name_of(path);
        match recorded_page(&name) {
            Some((listing, number)) => (0, listing, number, name),
            None => (1, String::new(), 0, name),
        }
    });
    if files.is_empty() {
        bail!("{} holds no .json files", dir.display());
    }
    files
        .into_iter()
        .map(|file| {
            let name = name_of(&file);
            let page = recorded_page(&name);
            let body =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            Ok(Response {
                status: if name.starts_with("error-") { 400 } else { 200 },
                label: name,
                content_type: Some("application/json".to_owned()),
                body,
                requested_page: page.as_ref().map(|(_, number)| *number),
                listing: page.map(|(listing, _)| listing),
            })
        })
        .collect()
}

/// How to authenticate to the live API.
#[derive(Debug, Clone)]
pub enum Credentials {
    /// A bearer token.
    Bearer(SecretString),
    /// OAuth 2.0 client credentials (HTTP Basic), exchanged for a token first.
    ClientCredentials {
        /// The token endpoint.
        token_url: String,
        /// The client id.
        client_id: String,
        /// The client secret.
        client_secret: SecretString,
    },
}

/// What to list from the live API.
#[derive(Debug, Clone)]
pub struct LiveOptions {
    /// The API base URL (`https://api.eu.platform.idnow.io/api`).
    pub base_url: String,
    /// The flow whose sessions are listed.
    pub flow_id: String,
    /// The logical environment (`live`, `staging`).
    pub environment: String,
    /// How to authenticate.
    pub credentials: Credentials,
    /// The most pages to fetch.
    pub max_pages: u32,
    /// The page size to ask for (the server's default when `None`).
    pub page_size: Option<u32>,
    /// The timeout of each request.
    pub timeout: Duration,
}
