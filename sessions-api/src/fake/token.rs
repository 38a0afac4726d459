//! The OAuth 2.0 client-credentials token endpoint (`POST /oidc/token`, form-encoded).
//!
//! Credentials are accepted as HTTP Basic (`client_secret_basic`) or in the form body
//! (`client_secret_post`); the answer is `{"access_token", "expires_in", "token_type": "Bearer"}`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

/// The path of the token endpoint on the fake.
pub(crate) const TOKEN_PATH: &str = "/oidc/token";

/// How a token request authenticated the client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClientAuth {
    /// Credentials in an HTTP Basic `Authorization` header (`client_secret_basic`).
    Basic,
    /// Credentials in the form body (`client_secret_post`).
    Post,
}

/// The outcome of checking a token request.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Valid: issue a token; the client authenticated this way.
    Issue(ClientAuth),
    /// Rejected with this status and OAuth error body.
    Reject(u16, Value),
}

/// Checks a token request against the expected credentials.
pub(crate) fn check(
    authorization: Option<&str>,
    content_type: Option<&str>,
    body: &[u8],
    client_id: &str,
    client_secret: &str,
) -> Verdict {
    let form_encoded = content_type.is_some_and(|ct| {
        ct.split(';').next().is_some_and(|m| {
            m.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
    });
    if !form_encoded {
        return invalid_request("the body must be application/x-www-form-urlencoded");
    }
    let form: Vec<(String, String)> = url::form_urlencoded::parse(body).into_owned().collect();
    let field = |name: &str| {
        form.iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    };
    match field("grant_type") {
        Some("client_credentials") => {}
        Some(_) => {
            return Verdict::Reject(400, oauth_error("unsupported_grant_type", None));
        }
        None => return invalid_request("grant_type is required"),
    }
    let basic = authorization.and_then(basic_credentials);
    let (auth, id, secret) = match (basic, field("client_id"), field("client_secret")) {
        (Some((id, secret)), _, None) => (ClientAuth::Basic, id, secret),
        (None, Some(id), Some(secret)) => (ClientAuth::Post, id.to_owned(), secret.to_owned()),
        (Some(_), _, Some(_)) => {
            return invalid_request("use one client authentication method, not two");
        }
        _ => {
            return Verdict::Reject(401, oauth_error("invalid_client", None));
        }
    };
    if id == client_id && secret == client_secret {
        Verdict::Issue(auth)
    } else {
        Verdict::Reject(401, oauth_error("invalid_client", None))
    }
}

/// The success body.
pub(crate) fn token_body(access_token: &str, expires_in: u64) -> Value {
    json!({
        "access_token": access_token,
        "expires_in": expires_in,
        "token_type": "Bearer",
    })
}

fn invalid_request(description: &str) -> Verdict {
    Verdict::Reject(400, oauth_error("invalid_request", Some(description)))
}

fn oauth_error(error: &str, description: Option<&str>) -> Value {
    match description {
        Some(description) => json!({ "error": error, "error_description": description }),
        None => json!({ "error": error }),
    }
}

/// The client id and secret of a `Basic` authorization header (each form-urlencoded, RFC 6749 §2.3.1).
fn basic_credentials(header: &str) -> Option<(String, String)> {
    let (scheme, encoded) = header.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    Some((form_decode(id), form_decode(secret)))
}

fn form_decode(text: &str) -> String {
    url::form_urlencoded::parse(format!("x={text}").as_bytes())
        .next()
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FORM: Option<&str> = Some("application/x-www-form-urlencoded");

    #[test]
    fn basic_and_post_are_both_accepted() {
        let body = b"grant_type=client_credentials";
        assert_eq!(
            check(Some("Basic aWQ6c2VjcmV0"), FORM, body, "id", "secret"),
            Verdict::Issue(ClientAuth::Basic)
        );
        let body = b"grant_type=client_credentials&client_id=id&client_secret=secret";
        assert_eq!(
            check(None, FORM, body, "id", "secret"),
            Verdict::Issue(ClientAuth::Post)
        );
    }

    #[test]
    fn wrong_secret_grant_or_content_type_is_rejected() {
        let body = b"grant_type=client_credentials&client_id=id&client_secret=nope";
        assert!(matches!(
            check(None, FORM, body, "id", "secret"),
            Verdict::Reject(401, _)
        ));
        let body = b"grant_type=password&client_id=id&client_secret=secret";
        assert!(matches!(
            check(None, FORM, body, "id", "secret"),
            Verdict::Reject(400, _)
        ));
        let body = b"grant_type=client_credentials&client_id=id&client_secret=secret";
        assert!(matches!(
            check(None, Some("application/json"), body, "id", "secret"),
            Verdict::Reject(400, _)
        ));
    }
}
