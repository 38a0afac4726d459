//! Turning errors of the generated client into this crate's [`Error`].
//!
//! Through the executor, every request comes to an [`Exchange`]; an error the executor raised (a
//! status that is not a success, a transport failure, a timeout) comes back whole from it. The
//! generated client's other errors are those it finds itself: a request it cannot build, a success
//! whose body does not decode, a success status the contract does not document; they get the
//! exchange's status, attempts and host. A generated client without the executor
//! (`Hooks::none()`) also reports error statuses and connection failures directly: they are
//! classified by the same function as the executor's ([`Error::from_status`]), so a 404 is
//! [`ErrorKind::NotFound`] whichever way it arrives.

use std::time::SystemTime;

use sessions_api_gen::Error as Generated;
use sessions_api_gen::types::ApiError;

use crate::auth::Auth;
use crate::error::{Error, ErrorKind};
use crate::executor::{Exchange, api_message};
use crate::retry;
use crate::transport::{self, host_of};

/// Maps `error`, from a generated client whose base URL is `base_url`. `kept` is the exchange of
/// the request when the caller kept it (a [`Call`](crate::call::Call)); otherwise the exchange is
/// looked for in the error itself ([`Exchange::find_in`]).
pub(crate) fn map(
    error: Generated<ApiError>,
    auth: &Auth,
    base_url: &str,
    kept: Option<Exchange>,
) -> Error {
    let exchange = kept.or_else(|| Exchange::find_in(&error));
    // Whether the generated client read a response of its own (without an executor: one attempt).
    let answered = matches!(
        error,
        Generated::ErrorResponse(_)
            | Generated::UnexpectedResponse(_)
            | Generated::InvalidResponsePayload(..)
    );
    let found = match error {
        // Refused by the generated builder: never sent.
        Generated::InvalidRequest(message) => return Error::invalid_request(message),
        Generated::Custom(message) => {
            return Error::invalid_request(format!("refused by a client hook: {message}"));
        }
        Generated::CommunicationError(e) => transport::classify(e, "while sending the request"),
        Generated::ResponseBodyError(e) => {
            transport::classify(e, "while reading the response body")
        }
        Generated::InvalidUpgrade(e) => transport::classify(e, "while upgrading the connection"),
        Generated::ErrorResponse(response) => {
            let retry_after = retry::retry_after(response.headers(), SystemTime::now());
            let error = Error::from_status(response.status()).with_retry_after(retry_after);
            match api_message(response.into_inner()) {
                Some(message) => error.with_server_message(auth.redact(&message)),
                None => error,
            }
        }
        Generated::UnexpectedResponse(response) => Error::from_status(response.status()),
        Generated::InvalidResponsePayload(body, e) => Error::new(ErrorKind::Decode)
            .with_detail(auth.redact(&e.to_string()))
            .with_body(&body, |text| auth.redact(text)),
    };
    let mapped = match exchange {
        Some(exchange) => exchange.error_after(found),
        None if answered => found.with_attempts(1),
        None => found,
    };
    let host = url::Url::parse(base_url).ok().and_then(|u| host_of(&u));
    mapped.with_host(host).with_base_url(base_url)
}
