//! Turning errors of the generated client into this crate's [`Error`].
//!
//! Through the executor, every answer that is not a success comes back as the executor's own error,
//! carried in a body error ([`Carried`]); the generated client's other errors are those it finds
//! itself: a request it cannot build, a success whose body does not decode, a success status the
//! contract does not document. A generated client without the executor (`Hooks::none()`) also
//! reports error statuses and connection failures directly: they are classified by the same rule
//! as the executor's ([`Error::from_status`]), so a 404 is [`ErrorKind::NotFound`] whichever
//! way it arrives.

use std::error::Error as StdError;
use std::time::SystemTime;

use sessions_api_gen::Error as Generated;
use sessions_api_gen::types::ApiError;

use crate::auth::Auth;
use crate::error::{Error, ErrorKind};
use crate::executor::{Carried, Delivered, api_message};
use crate::retry;
use crate::transport::{self, host_of};

/// Maps `error`, from a generated client whose base URL is `base_url`. `delivered` is the exchange
/// of the success the executor handed over, when the caller recorded it.
pub(crate) fn map(
    error: Generated<ApiError>,
    auth: &Auth,
    base_url: &str,
    delivered: Option<Delivered>,
) -> Error {
    let mapped = match error {
        // Refused by the generated builder: never sent.
        Generated::InvalidRequest(message) => return Error::invalid_request(message),
        Generated::Custom(message) => {
            return Error::invalid_request(format!("refused by a client hook: {message}"));
        }
        Generated::CommunicationError(e) => carried_or(e, "while sending the request"),
        Generated::ResponseBodyError(e) => carried_or(e, "while reading the response body"),
        Generated::InvalidUpgrade(e) => carried_or(e, "while upgrading the connection"),
        Generated::ErrorResponse(response) => {
            let status = response.status();
            let retry_after = retry::retry_after(response.headers(), SystemTime::now());
            let error = Error::from_status(status)
                .with_retry_after(retry_after)
                .with_attempts(1);
            match api_message(response.into_inner()) {
                Some(message) => error.with_server_message(auth.redact(&message)),
                None => error,
            }
        }
        Generated::UnexpectedResponse(response) => {
            let status = response.status();
            let error = Error::from_status(status);
            match response.extensions().get::<Delivered>() {
                Some(d) => error.with_exchange(d.status, d.attempts, d.host.clone()),
                None => error.with_attempts(1),
            }
        }
        Generated::InvalidResponsePayload(body, e) => {
            let error = Error::new(ErrorKind::Decode)
                .with_detail(auth.redact(&e.to_string()))
                .with_body(&body, |text| auth.redact(text));
            match &delivered {
                Some(d) => error.with_exchange(d.status, d.attempts, d.host.clone()),
                None => error.with_attempts(1),
            }
        }
    };
    let host = url::Url::parse(base_url).ok().and_then(|u| host_of(&u));
    mapped.with_host(host).with_base_url(base_url)
}

/// The executor's error carried in `error`, or `error` classified as a transport failure.
fn carried_or(error: reqwest::Error, context: &str) -> Error {
    match Carried::take_from(&error as &(dyn StdError + 'static)) {
        Some(carried) => carried,
        None => transport::classify(error, context),
    }
}
