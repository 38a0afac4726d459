//! Responses exactly as the server sent them, for contract checks: the same request, credentials,
//! retries and limits as [`SessionsRequest::page`], without decoding the body.
//!
//! The request goes through a [`Call`](crate::call::Call), which keeps the
//! [`Exchange`](crate::executor::Exchange) the executor made, and with it the last response read in
//! full: the transport layer hands it back explicitly and knows nothing of this use.

use std::fmt;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::CONTENT_TYPE;

use crate::error::{Error, ErrorKind, Result, snippet};
use crate::executor::FullResponse;
use crate::personal_data;
use crate::request::SessionsRequest;

/// One answer of the List sessions endpoint as received: status, content type and body bytes.
///
/// Its `Debug` output shows the start of the body with personal data masked; the fields hold the
/// body as received.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RawResponse {
    /// The HTTP status of the final attempt (after retries).
    pub status: StatusCode,
    /// The `Content-Type` header, when present.
    pub content_type: Option<String>,
    /// The body as received (at most the client's body limit).
    pub body: Bytes,
}

impl From<FullResponse> for RawResponse {
    fn from(answer: FullResponse) -> Self {
        Self {
            status: answer.status,
            content_type: answer
                .headers
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
            body: answer.body,
        }
    }
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let start = snippet(&self.body);
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("content_type", &self.content_type)
            .field("body_len", &self.body.len())
            .field(
                "body",
                &personal_data::mask_fields(&start, personal_data::FIELDS),
            )
            .finish()
    }
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
        let call = self.client.call();
        let result = self.fetch_through(&call, number).await;
        match (call.last_response(), result) {
            (Some(answer), _) => Ok(RawResponse::from(answer)),
            (None, Err(error)) => Err(error),
            (None, Ok(_)) => {
                Err(Error::new(ErrorKind::Decode)
                    .with_detail("the answer was decoded but not kept"))
            }
        }
    }
}
