//! Responses exactly as the server sent them, for contract checks: the same request, credentials,
//! retries and limits as [`SessionsRequest::page`], without decoding the body.

use std::cell::RefCell;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap};

use crate::error::Result;
use crate::request::SessionsRequest;

tokio::task_local! {
    /// Set while [`SessionsRequest::page_raw`] runs: the executor leaves the last answer here.
    static CAPTURE: RefCell<Option<RawResponse>>;
}

/// One answer of the List sessions endpoint as received: status, content type and body bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawResponse {
    /// The HTTP status of the final attempt (after retries).
    pub status: StatusCode,
    /// The `Content-Type` header, when present.
    pub content_type: Option<String>,
    /// The body as received (at most the client's body limit).
    pub body: Bytes,
}

/// Called by the executor with every answer it read in full; keeps it when a raw fetch is running.
pub(crate) fn record(status: StatusCode, headers: &HeaderMap, body: &Bytes) {
    let _ = CAPTURE.try_with(|slot| {
        *slot.borrow_mut() = Some(RawResponse {
            status,
            content_type: headers
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
            body: body.clone(),
        });
    });
}

impl SessionsRequest {
    /// Fetches page `number` (the server's first page, without a `page` parameter, when `None`)
    /// and returns the answer as the server sent it, whatever its status and whether or not the
    /// body matches the contract: for checking the live API against the contract.
    ///
    /// It goes through the client like [`page`](Self::page) (credentials, retries of transient
    /// failures, timeouts, the body limit). It fails only when no answer was read at all: a
    /// transport failure, a timeout, a token that could not be had, an invalid request, a body over
    /// the limit.
    pub async fn page_raw(&self, number: Option<u32>) -> Result<RawResponse> {
        let (result, captured) = CAPTURE
            .scope(RefCell::new(None), async {
                let result = self.fetch(number).await;
                let captured = CAPTURE.with(|slot| slot.borrow_mut().take());
                (result, captured)
            })
            .await;
        match (captured, result) {
            (Some(raw), _) => Ok(raw),
            (None, Err(error)) => Err(error),
            (None, Ok(_)) => Err(crate::Error::new(crate::ErrorKind::Decode)
                .with_detail("the answer was decoded but not kept")),
        }
    }
}
