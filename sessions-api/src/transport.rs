//! Classifying `reqwest` failures into this crate's error kinds.

use std::error::Error as StdError;

use crate::error::{Error, ErrorKind};

/// Turns a `reqwest` failure into an [`Error`]; `context` says what was being done
/// ("while reading the response body").
pub(crate) fn classify(error: reqwest::Error, context: &str) -> Error {
    let host = error.url().and_then(host_of);
    // The causes below reqwest's own message, which repeats the whole URL.
    let cause = match StdError::source(&error) {
        Some(source) => chain_message(source),
        None => error.to_string(),
    };
    let classified = if error.is_timeout() {
        Error::new(ErrorKind::Timeout).with_detail(cause)
    } else if error.is_builder() {
        Error::invalid_request(format!("the request could not be built: {cause}"))
    } else if error.is_redirect() {
        Error::new(ErrorKind::Transport)
            .with_detail(format!("redirects were not followed: {cause}"))
            .with_retryable(false)
    } else if error.is_connect() {
        Error::new(ErrorKind::Transport).with_detail(format!("could not connect: {cause}"))
    } else if error.is_body() || error.is_decode() {
        Error::new(ErrorKind::Transport)
            .with_detail(format!("the connection broke {context}: {cause}"))
    } else {
        Error::new(ErrorKind::Transport).with_detail(cause)
    };
    classified.with_host(host).with_source(error)
}

/// `host:port` of a URL, the way errors name the server.
pub(crate) fn host_of(url: &url::Url) -> Option<String> {
    let host = url.host_str()?;
    Some(match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    })
}

/// The chain of an error's messages, outermost first, joined by `": "`, without repetitions.
fn chain_message(error: &(dyn StdError + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut current: Option<&(dyn StdError + 'static)> = Some(error);
    while let Some(e) = current {
        let text = e.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        current = e.source();
    }
    parts.join(": ")
}
