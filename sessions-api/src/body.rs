//! Reading a response body under a size limit, and recognising JSON content types.

use bytes::{Bytes, BytesMut};
use http::HeaderMap;

use crate::error::{Error, ErrorKind};
use crate::transport;

/// The default response body limit: 16 MiB.
pub const DEFAULT_MAX_BODY_SIZE: u64 = 16 * 1024 * 1024;

/// Reads the whole body of `response`, failing with [`ErrorKind::BodyTooLarge`] as soon as it
/// exceeds `limit` bytes (before reading anything when `Content-Length` already says so). Every
/// error carries the response's status.
pub(crate) async fn read_capped(
    mut response: reqwest::Response,
    limit: u64,
) -> Result<Bytes, Error> {
    let status = response.status();
    let too_large = || Error::new(ErrorKind::BodyTooLarge { limit }).with_status(status);
    if response.content_length().is_some_and(|len| len > limit) {
        return Err(too_large());
    }
    let capacity = response
        .content_length()
        .and_then(|len| usize::try_from(len).ok())
        .unwrap_or(8 * 1024)
        .min(1024 * 1024);
    let mut body = BytesMut::with_capacity(capacity);
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() as u64 + chunk.len() as u64 > limit {
                    return Err(too_large());
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(body.freeze()),
            Err(e) => {
                return Err(
                    transport::classify(e, "while reading the response body").with_status(status)
                );
            }
        }
    }
}

/// The media type of a response without parameters, lower-cased (`application/json`).
pub(crate) fn media_type(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(http::header::CONTENT_TYPE)?.to_str().ok()?;
    let essence = value.split(';').next().unwrap_or_default().trim();
    Some(essence.to_ascii_lowercase())
}

/// Whether a media type is JSON: parameters (`; charset=...`) aside and in any case, its subtype is
/// `json` or ends in `+json` (`application/json`, `application/problem+json`, `text/json`), whatever
/// its type. `text/json+html` is not JSON: `+json` must end the subtype.
pub(crate) fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    let Some((_, subtype)) = essence.split_once('/') else {
        return false;
    };
    let subtype = subtype.trim().to_ascii_lowercase();
    subtype == "json" || subtype.ends_with("+json")
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    #[test]
    fn json_media_types_are_recognised() {
        let mut headers = HeaderMap::new();
        headers.insert(
            http::header::CONTENT_TYPE,
            HeaderValue::from_static("Application/JSON; charset=utf-8"),
        );
        let media = media_type(&headers).expect("present");
        assert!(is_json(&media));
        assert!(is_json("application/problem+json"));
        assert!(!is_json("text/html"));
        assert!(!is_json("text/json+html"));
    }

    #[test]
    fn json_is_recognised_by_subtype_whatever_the_case_and_parameters() {
        for json in [
            "application/json",
            "APPLICATION/JSON",
            "application/json; charset=utf-8",
            "Application/Problem+JSON ; charset=utf-8",
            "application/vnd.api+json",
            "text/json",
        ] {
            assert!(is_json(json), "{json}");
        }
        for other in [
            "text/json+html",
            "application/jsonp",
            "application/json-seq",
            "application/xml",
            "json",
            "",
        ] {
            assert!(!is_json(other), "{other}");
        }
    }
}
