//! The fake's request handling: one [`Handler`] that routes every request (list sessions, token,
//! anything else), checks it like the API does, and records it.
//!
//! Methods follow RFC 9110: the list path serves `GET` and `HEAD` (the same status and headers,
//! without the body, §9.3.2), the token path `POST`; any other method is answered `405` with an
//! `Allow` header naming those (§15.5.6).

use std::collections::{HashSet, VecDeque};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use serde_json::{Value, json};
use sessions_api_gen::Environment;
use sessions_api_gen::types::Session;

use super::data::{SortKey, Store};
use super::faults::{self, Drift, Fault};
use super::live::Live;
use super::record::{RecordedRequest, RequestKind};
use super::server::{Handler, Reply, Request};
use super::token::{self, ClientAuth};

/// Settings fixed when the fake starts.
#[derive(Debug)]
pub(crate) struct Config {
    pub page_base: u64,
    pub default_size: u64,
    pub max_size: u64,
    pub flows: Vec<String>,
    pub environment: Option<Environment>,
    pub bearer_token: String,
    pub forbidden_token: String,
    pub client_id: String,
    pub client_secret: String,
    /// Whether requests are kept for [`super::FakeServer::requests`].
    pub record: bool,
}

/// What changes while the fake runs.
#[derive(Debug)]
pub(crate) struct State {
    pub store: Store,
    pub valid_tokens: HashSet<String>,
    pub issued_tokens: Vec<String>,
    pub expires_in: u64,
    /// Faults for the next list requests, first in first out.
    pub faults: VecDeque<Fault>,
    /// Faults for a page: `(page, fault)`, oldest first.
    pub page_faults: Vec<(u64, Fault)>,
    pub token_faults: VecDeque<Fault>,
    pub drifts: Vec<Drift>,
    pub latency: Option<Duration>,
    pub total_pages_offset: i64,
    pub report_requested_size: bool,
    pub churn_insert: u64,
    pub churn_remove: u64,
    /// The live flow changing the data as requests arrive, if any.
    pub live: Option<Live>,
    /// The requests received, when recording is on.
    pub records: Vec<RecordedRequest>,
    /// List requests received (counted whether recording is on or not).
    pub list_calls: usize,
    /// Token requests received (counted whether recording is on or not).
    pub token_calls: usize,
}

/// Config and state, shared by the [`super::FakeServer`] handle and the server's handler.
#[derive(Debug)]
pub(crate) struct Shared {
    pub config: Config,
    pub state: Mutex<State>,
}

impl Shared {
    /// The state; a panic elsewhere while it was held does not make it unusable.
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The methods the list path serves.
const LIST_METHODS: &str = "GET, HEAD";
/// The methods the token path serves.
const TOKEN_METHODS: &str = "POST";

/// An answer before latency is added.
struct Answer {
    template: Reply,
    status: u16,
    extra_delay: Option<Duration>,
}

impl Answer {
    fn json(status: u16, body: &Value) -> Self {
        let bytes = serde_json::to_vec(body).unwrap_or_default();
        Self::raw(status, bytes)
    }

    fn raw(status: u16, body: Vec<u8>) -> Self {
        let status = valid_status(status);
        Self {
            template: Reply::json(status, body),
            status,
            extra_delay: None,
        }
    }

    fn error(status: u16, message: Value) -> Self {
        let status = valid_status(status);
        Self::json(status, &faults::error_body(status, message))
    }

    /// `405 Method Not Allowed` with the `Allow` header RFC 9110 §15.5.6 requires.
    fn method_not_allowed(allow: &str) -> Self {
        let mut answer = Self::error(405, json!("Method Not Allowed"));
        answer.template = answer.template.header("allow", allow);
        answer
    }
}

/// `status`, or 500 when it is not an HTTP status (a misconfigured fault must not panic the server).
fn valid_status(status: u16) -> u16 {
    if http::StatusCode::from_u16(status).is_ok() {
        status
    } else {
        500
    }
}

impl Handler for Shared {
    fn handle(&self, request: &Request) -> Reply {
        let config = &self.config;
        let mut state = self.lock();
        let (kind, answer, auth) = route(config, &mut state, request);
        match kind {
            RequestKind::List => state.list_calls += 1,
            RequestKind::Token => state.token_calls += 1,
            RequestKind::Other => {}
        }
        if config.record {
            state
                .records
                .push(RecordedRequest::new(kind, request, answer.status, auth));
        }
        let delay = match (state.latency, answer.extra_delay) {
            (Some(a), Some(b)) => Some(a + b),
            (a, b) => a.or(b),
        };
        let mut reply = answer.template;
        reply.delay = delay;
        reply
    }
}

/// Sends a request to its endpoint: what it is, the answer, and how a token request authenticated.
fn route(
    config: &Config,
    state: &mut State,
    request: &Request,
) -> (RequestKind, Answer, Option<ClientAuth>) {
    let path = request.url.path();
    if path == token::TOKEN_PATH {
        let (answer, auth) = token_answer(config, state, request);
        return (RequestKind::Token, answer, auth);
    }
    let Some((flow, environment)) = list_path(path) else {
        let message = format!("Cannot {} {path}", request.method);
        return (RequestKind::Other, Answer::error(404, json!(message)), None);
    };
    // HEAD is answered as GET; the HTTP server sends its headers without the body.
    let answer = if request.method == http::Method::GET || request.method == http::Method::HEAD {
        list_answer(config, state, request, &flow, &environment)
    } else {
        Answer::method_not_allowed(LIST_METHODS)
    };
    (RequestKind::List, answer, None)
}

/// `(flowId, environment)` of `/v1/flows/{flowId}/{environment}/sessions`, percent-decoded.
fn list_path(path: &str) -> Option<(String, String)> {
    let rest = path.strip_prefix("/v1/flows/")?;
    let mut segments = rest.split('/');
    let (flow, environment, sessions) = (segments.next()?, segments.next()?, segments.next()?);
    if sessions != "sessions" || segments.next().is_some() || flow.is_empty() {
        return None;
    }
    Some((percent_decode(flow)?, percent_decode(environment)?))
}

/// Percent-decodes a path segment; a `%` not followed by two hex digits makes it malformed (`None`).
fn percent_decode(segment: &str) -> Option<String> {
    let well_formed = segment.split('%').skip(1).all(|rest| {
        rest.as_bytes()
            .get(..2)
            .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if !well_formed {
        return None;
    }
    percent_encoding::percent_decode_str(segment)
        .decode_utf8()
        .ok()
        .map(|decoded| decoded.into_owned())
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

/// Applies a front-of-API fault, or says how the answer must be altered.
enum FaultEffect {
    Answer(Answer),
    Truncate,
    Delay(Duration),
    None,
}

/// The fault a list request takes: the first one for its page, else the front of the queue.
fn list_fault(config: &Config, state: &mut State, request: &Request) -> Option<Fault> {
    let for_page = requested_page(config, request).and_then(|page| {
        let position = state.page_faults.iter().position(|(p, _)| *p == page)?;
        Some(state.page_faults.remove(position).1)
    });
    for_page.or_else(|| state.faults.pop_front())
}

/// The page a list request asks for, as [`parse_query`] reads it; `None` when `page` is not a number.
fn requested_page(config: &Config, request: &Request) -> Option<u64> {
    let page = match request.url.query_pairs().find(|(name, _)| name == "page") {
        None => config.page_base,
        Some((_, value)) => value.parse::<u64>().ok()?,
    };
    Some(page.max(config.page_base))
}

fn effect_of(fault: Option<Fault>) -> FaultEffect {
    match fault {
        None => FaultEffect::None,
        Some(Fault::Status(status)) => {
            FaultEffect::Answer(Answer::error(status, json!(faults::reason(status))))
        }
        Some(Fault::RateLimited(retry_after)) => {
            let mut answer = Answer::error(429, json!("Too Many Requests"));
            if let Some(value) = retry_after.header_value() {
                answer.template = answer.template.header("retry-after", value);
            }
            FaultEffect::Answer(answer)
        }
        Some(Fault::MalformedBody) => {
            FaultEffect::Answer(Answer::raw(200, faults::MALFORMED_BODY.as_bytes().to_vec()))
        }
        Some(Fault::Raw { status, body }) => FaultEffect::Answer(Answer::raw(status, body)),
        Some(Fault::TruncatedBody) => FaultEffect::Truncate,
        Some(Fault::Delay(delay)) => FaultEffect::Delay(delay),
    }
}

fn finish(mut answer: Answer, effect: FaultEffect, body: Option<&[u8]>) -> Answer {
    match effect {
        FaultEffect::Truncate => {
            if let (200, Some(body)) = (answer.status, body) {
                answer.template = answer.template.with_body(faults::truncate(body));
            }
        }
        FaultEffect::Delay(delay) => answer.extra_delay = Some(delay),
        FaultEffect::Answer(_) | FaultEffect::None => {}
    }
    answer
}

fn token_answer(
    config: &Config,
    state: &mut State,
    request: &Request,
) -> (Answer, Option<ClientAuth>) {
    let effect = effect_of(state.token_faults.pop_front());
    if let FaultEffect::Answer(answer) = effect {
        return (answer, None);
    }
    if request.method != http::Method::POST {
        return (Answer::method_not_allowed(TOKEN_METHODS), None);
    }
    match token::check(
        header(request, "authorization"),
        header(request, "content-type"),
        &request.body,
        &config.client_id,
        &config.client_secret,
    ) {
        token::Verdict::Issue(auth) => {
            let access_token = format!("fake-access-token-{}", state.issued_tokens.len() + 1);
            state.valid_tokens.insert(access_token.clone());
            state.issued_tokens.push(access_token.clone());
            let body = token::token_body(&access_token, state.expires_in);
            let bytes = serde_json::to_vec(&body).unwrap_or_default();
            let answer = Answer::raw(200, bytes.clone());
            (finish(answer, effect, Some(&bytes)), Some(auth))
        }
        token::Verdict::Reject(status, body) => {
            (finish(Answer::json(status, &body), effect, None), None)
        }
    }
}

/// The parsed list query.
struct ListQuery {
    page: u64,
    size: u64,
    requested_size: u64,
    key: SortKey,
    descending: bool,
}

fn parse_query(config: &Config, request: &Request) -> Result<ListQuery, Vec<String>> {
    let mut errors = Vec::new();
    let mut page = None;
    let mut size = None;
    let mut key = SortKey::Storage;
    let mut descending = false;
    for (name, value) in request.url.query_pairs() {
        match name.as_ref() {
            "page" => match value.parse::<u64>() {
                Ok(p) if p <= i32::MAX as u64 => page = Some(p),
                Ok(_) => errors.push(format!("page must not be greater than {}", i32::MAX)),
                Err(_) => errors.push("page must be a non-negative integer".to_owned()),
            },
            "size" => match value.parse::<u64>() {
                Ok(s) if s <= i32::MAX as u64 => size = Some(s),
                Ok(_) => errors.push(format!("size must not be greater than {}", i32::MAX)),
                Err(_) => errors.push("size must be a positive integer".to_owned()),
            },
            "sortBy" => match value.as_ref() {
                "status" => key = SortKey::Status,
                "createdAt" => key = SortKey::CreatedAt,
                _ => errors.push(
                    "sortBy must be one of the following values: status, createdAt".to_owned(),
                ),
            },
            "sortDesc" => match value.as_ref() {
                "true" => descending = true,
                "false" => descending = false,
                _ => errors.push("sortDesc must be a boolean value".to_owned()),
            },
            _ => {}
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let requested_size = match size {
        None | Some(0) => config.default_size,
        Some(s) => s,
    };
    Ok(ListQuery {
        page: page.unwrap_or(config.page_base).max(config.page_base),
        size: requested_size.min(config.max_size),
        requested_size,
        key,
        descending,
    })
}

/// The answer to a `GET` (or `HEAD`) of the list path: a fault, a refusal, or a page.
fn list_answer(
    config: &Config,
    state: &mut State,
    request: &Request,
    flow: &str,
    environment: &str,
) -> Answer {
    let effect = effect_of(list_fault(config, state, request));
    if let FaultEffect::Answer(answer) = effect {
        return answer;
    }
    let environment = match authorize(config, state, request, flow, environment) {
        Ok(environment) => environment,
        Err(refusal) => return refusal,
    };
    let query = match parse_query(config, request) {
        Ok(query) => query,
        Err(errors) => return Answer::error(400, json!(errors)),
    };
    if let Some(live) = state.live.as_mut() {
        live.advance(&mut state.store);
    }
    let bytes = page_body(config, state, &query, flow, &environment);
    churn(state);
    let answer = Answer::raw(200, bytes.clone());
    finish(answer, effect, Some(&bytes))
}

/// Checks the bearer token, the environment and the flow as the API does; the refusal otherwise.
fn authorize(
    config: &Config,
    state: &State,
    request: &Request,
    flow: &str,
    environment: &str,
) -> Result<Environment, Answer> {
    let token = header(request, "authorization").and_then(|value| {
        let (scheme, token) = value.trim().split_once(' ')?;
        scheme
            .eq_ignore_ascii_case("bearer")
            .then(|| token.trim().to_owned())
    });
    let Some(token) = token else {
        return Err(unauthorized());
    };
    if token == config.forbidden_token {
        return Err(Answer::error(403, json!("Forbidden resource")));
    }
    if !state.valid_tokens.contains(&token) {
        return Err(unauthorized());
    }
    let environment: Environment = environment.into();
    if environment.is_unknown() {
        return Err(Answer::error(
            400,
            json!(["environment must be one of the following values: live, staging"]),
        ));
    }
    if config
        .environment
        .as_ref()
        .is_some_and(|own| *own != environment)
    {
        return Err(unauthorized());
    }
    if !config.flows.is_empty() && !config.flows.iter().any(|f| f == flow) {
        return Err(Answer::error(404, json!("Flow not found")));
    }
    Ok(environment)
}

/// The body of the page `query` asks for: its sessions, the page object (with any lying totals or
/// hidden clamp configured) and any drift.
fn page_body(
    config: &Config,
    state: &mut State,
    query: &ListQuery,
    flow: &str,
    environment: &Environment,
) -> Vec<u8> {
    let index = query.page - config.page_base;
    let start = index.saturating_mul(query.size);
    let slice = state.store.slice(
        query.key,
        query.descending,
        start,
        query.size,
        flow,
        environment,
    );
    let true_pages = slice.total.div_ceil(query.size);
    let total_pages = true_pages.saturating_add_signed(state.total_pages_offset);
    let reported_size = if state.report_requested_size {
        query.requested_size
    } else {
        query.size
    };
    let page = json!({
        "size": reported_size,
        "number": query.page,
        "totalElements": slice.total,
        "totalPages": total_pages,
    });
    if state.drifts.is_empty() {
        return page_bytes(&slice.sessions, &page);
    }
    let mut body = json!({
        "content": slice.sessions.iter().map(session_json).collect::<Vec<_>>(),
        "page": page,
    });
    for drift in &state.drifts {
        drift.apply(&mut body);
    }
    serde_json::to_vec(&body).unwrap_or_default()
}

/// Rows created and deleted after a successful list response ([`super::FakeServer::set_churn`]).
fn churn(state: &mut State) {
    if state.churn_insert > 0 {
        state.store.insert_newest(state.churn_insert);
    }
    if state.churn_remove > 0 {
        state.store.remove_newest(state.churn_remove);
    }
}

fn unauthorized() -> Answer {
    let mut answer = Answer::error(401, json!("Unauthorized"));
    answer.template = answer.template.header("www-authenticate", "Bearer");
    answer
}

/// A session as the fake sends it: the contract's fields, with `outcome`, `startedAt`,
/// `completedAt` and `expiresAt` as `null` when unset (as the documented example does) and the
/// other unset fields absent. Serialized straight to bytes, without an intermediate JSON tree, so a
/// page costs little under the fake's lock.
struct WireSession<'a>(&'a Session);

impl serde::Serialize for WireSession<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let s = self.0;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("sessionId", &s.session_id)?;
        map.serialize_entry("sessionStatus", &s.session_status)?;
        map.serialize_entry("flowId", &s.flow_id)?;
        if let Some(version) = &s.flow_version {
            map.serialize_entry("flowVersion", version)?;
        }
        if let Some(environment) = &s.environment {
            map.serialize_entry("environment", environment)?;
        }
        if let Some(subject) = &s.subject_id {
            map.serialize_entry("subjectId", subject)?;
        }
        map.serialize_entry("outcome", &s.outcome)?;
        map.serialize_entry("createdAt", &s.created_at)?;
        map.serialize_entry("startedAt", &s.started_at)?;
        if let Some(updated) = &s.updated_at {
            map.serialize_entry("updatedAt", updated)?;
        }
        map.serialize_entry("completedAt", &s.completed_at)?;
        map.serialize_entry("expiresAt", &s.expires_at)?;
        if let Some(step) = &s.last_step {
            map.serialize_entry("lastStep", step)?;
        }
        map.end()
    }
}

/// The JSON of one session as the fake sends it (see [`WireSession`]).
pub(crate) fn session_json(session: &Session) -> Value {
    serde_json::to_value(WireSession(session)).unwrap_or(Value::Null)
}

/// A page body as the fake sends it, serialized straight to bytes.
fn page_bytes(sessions: &[Session], page: &Value) -> Vec<u8> {
    #[derive(serde::Serialize)]
    struct WirePage<'a> {
        content: Vec<WireSession<'a>>,
        page: &'a Value,
    }
    let body = WirePage {
        content: sessions.iter().map(WireSession).collect(),
        page,
    };
    serde_json::to_vec(&body).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_path_decodes_segments() {
        assert_eq!(
            list_path("/v1/flows/a%20b/live/sessions"),
            Some(("a b".to_owned(), "live".to_owned()))
        );
        assert_eq!(list_path("/v1/flows/a/live/sessions/x"), None);
        assert_eq!(list_path("/v1/flows//live/sessions"), None);
        assert_eq!(list_path("/v1/flows/%zz/live/sessions"), None);
        assert_eq!(list_path("/v1/flows/%e2/live/sessions"), None);
    }
}
