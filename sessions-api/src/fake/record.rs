//! Requests the fake received, kept for assertions.

use super::server::Request;

use super::token::ClientAuth;

/// Which endpoint a request went to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RequestKind {
    /// `/v1/flows/{flowId}/{environment}/sessions`.
    List,
    /// The token endpoint (`/oidc/token`).
    Token,
    /// Any other path (answered `404`).
    Other,
}

/// One request the fake received, and the status it answered. Fields may be added in minor
/// releases; read them, the fake builds the values.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// The endpoint.
    pub kind: RequestKind,
    /// The HTTP method, e.g. `GET`.
    pub method: String,
    /// The path as received (still percent-encoded).
    pub path: String,
    /// The query pairs, decoded, in the order received.
    pub query: Vec<(String, String)>,
    /// The `Authorization` header, if any. These are the fake's test credentials.
    pub authorization: Option<String>,
    /// For token requests, how the client authenticated, when it did so successfully.
    pub client_auth: Option<ClientAuth>,
    /// The status the fake answered.
    pub status: u16,
}

impl RecordedRequest {
    pub(crate) fn new(
        kind: RequestKind,
        request: &Request,
        status: u16,
        client_auth: Option<ClientAuth>,
    ) -> Self {
        Self {
            kind,
            method: request.method.to_string(),
            path: request.url.path().to_owned(),
            query: request.url.query_pairs().into_owned().collect(),
            authorization: request
                .headers
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
            client_auth,
            status,
        }
    }

    /// The first value of query parameter `name`.
    pub fn query_value(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The `page` query parameter as a number, if present and numeric.
    pub fn page(&self) -> Option<i64> {
        self.query_value("page").and_then(|p| p.parse().ok())
    }

    /// The `size` query parameter as a number, if present and numeric.
    pub fn size(&self) -> Option<i64> {
        self.query_value("size").and_then(|s| s.parse().ok())
    }

    /// The bearer token sent, if the `Authorization` header used the Bearer scheme.
    pub fn bearer_token(&self) -> Option<&str> {
        let (scheme, token) = self.authorization.as_deref()?.split_once(' ')?;
        scheme
            .eq_ignore_ascii_case("bearer")
            .then_some(token.trim())
    }
}
