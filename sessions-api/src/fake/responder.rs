//! The fake's request handling: one [`wiremock::Respond`] implementation that routes every request
//! (list sessions, token, anything else), checks it like the API does, and records it.
//!
//! Methods follow RFC 9110: the list path serves `GET` and `HEAD` (the same status and headers,
//! without the body, §9.3.2), the token path `POST`; any other method is answered `405` with an
//! `Allow` header naming those (§15.5.6).

use std::collections::{HashSet, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use serde_json::{Value, json};
use sessions_api_gen::Environment;
use sessions_api_gen::types::Session;
use wiremock::{Mock, Request, Respond, ResponseTemplate};

use super::data::{SortKey, Store};
use super::faults::{self, Drift, Fault};
use super::live::Live;
use super::record::{RecordedRequest, RequestKind};
use super::recycle::Recycler;
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
    pub faults: VecDeque<Fault>,
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

/// Config and state, shared by the [`super::FakeServer`] handle and the responder.
#[derive(Debug)]
pub(crate) struct Shared {
    pub config: Config,
    pub state: Mutex<State>,
    /// Remounts the responder now and then when requests are not recorded (see [`Recycler`]).
    pub recycler: Option<Recycler>,
}

impl Shared {
    /// The state; a panic elsewhere while it was held does not make it unusable.
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The responder mounted on the mock server.
#[derive(Debug)]
pub(crate) struct Responder(pub Arc<Shared>);

/// The fake's one mock: every request goes to the [`Responder`].
pub(crate) fn mock(shared: Arc<Shared>) -> Mock {
    Mock::given(wiremock::matchers::any())
        .respond_with(Responder(shared))
        .named("sessions API fake")
}

/// The methods the list path serves.
const LIST_METHODS: &str = "GET, HEAD";
/// The methods the token path serves.
const TOKEN_METHODS: &str = "POST";

/// An answer before latency is added.
struct Answer {
    template: ResponseTemplate,
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
            template: ResponseTemplate::new(status).set_body_raw(body, "application/json"),
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
        answer.template = answer.template.insert_header("Allow", allow);
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

impl Respond for Responder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let template = self.answer(request);
        // After the fake's own lock is released: this may wait for a remount to be queued.
        if let Some(recycler) = &self.0.recycler {
            recycler.after_request();
        }
        template
    }
}

impl Responder {
    fn answer(&self, request: &Request) -> ResponseTemplate {
        let config = &self.0.config;
        let mut state = self.0.lock();
        let path = request.url.path();
        let (kind, answer, auth) = if path == token::TOKEN_PATH {
            let (answer, auth) = token_answer(config, &mut state, request);
            (RequestKind::Token, answer, auth)
        } else if let Some((flow, environment)) = list_path(path) {
            // HEAD is answered as GET; the HTTP server sends its headers without the body.
            let answer =
                if request.method == http::Method::GET || request.method == http::Method::HEAD {
                    list_answer(config, &mut state, request, &flow, &environment)
                } else {
                    Answer::method_not_allowed(LIST_METHODS)
                };
            (RequestKind::List, answer, None)
        } else {
            let message = format!("Cannot {} {path}", request.method);
            (RequestKind::Other, Answer::error(404, json!(message)), None)
        };
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
        match delay {
            Some(delay) => answer.template.set_delay(delay),
            None => answer.template,
        }
    }
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

fn take_fault(queue: &mut VecDeque<Fault>) -> FaultEffect {
    match queue.pop_front() {
        None => FaultEffect::None,
        Some(Fault::Status(status)) => {
            FaultEffect::Answer(Answer::error(status, json!(faults::reason(status))))
        }
        Some(Fault::RateLimited(retry_after)) => {
            let mut answer = Answer::error(429, json!("Too Many Requests"));
            if let Some(value) = retry_after.header_value() {
                answer.template = answer.template.insert_header("Retry-After", value.as_str());
            }
            FaultEffect::Answer(answer)
        }
        Some(Fault::MalformedBody) => {
            FaultEffect::Answer(Answer::raw(200, faults::MALFORMED_BODY.as_bytes().to_vec()))
        }
        Some(Fault::TruncatedBody) => FaultEffect::Truncate,
        Some(Fault::Delay(delay)) => FaultEffect::Delay(delay),
    }
}

fn finish(mut answer: Answer, effect: FaultEffect, body: Option<&[u8]>) -> Answer {
    match effect {
        FaultEffect::Truncate => {
            if let (200, Some(body)) = (answer.status, body) {
                answer.template = ResponseTemplate::new(200)
                    .set_body_raw(faults::truncate(body), "application/json");
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
    let effect = take_fault(&mut state.token_faults);
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

fn list_answer(
    config: &Config,
    state: &mut State,
    request: &Request,
    flow: &str,
    environment: &str,
) -> Answer {
    let effect = take_fault(&mut state.faults);
    if let FaultEffect::Answer(answer) = effect {
        return answer;
    }
    let token = header(request, "authorization").and_then(|value| {
        let (scheme, token) = value.trim().split_once(' ')?;
        scheme
            .eq_ignore_ascii_case("bearer")
            .then(|| token.trim().to_owned())
    });
    let Some(token) = token else {
        return unauthorized();
    };
    if token == config.forbidden_token {
        return Answer::error(403, json!("Forbidden resource"));
    }
    if !state.valid_tokens.contains(&token) {
        return unauthorized();
    }
    let environment: Environment = environment.into();
    if environment.is_unknown() {
        return Answer::error(
            400,
            json!(["environment must be one of the following values: live, staging"]),
        );
    }
    if config
        .environment
        .as_ref()
        .is_some_and(|own| *own != environment)
    {
        return unauthorized();
    }
    if !config.flows.is_empty() && !config.flows.iter().any(|f| f == flow) {
        return Answer::error(404, json!("Flow not found"));
    }
    let query = match parse_query(config, request) {
        Ok(query) => query,
        Err(errors) => return Answer::error(400, json!(errors)),
    };
    if let Some(live) = state.live.as_mut() {
        live.advance(&mut state.store);
    }
    let index = query.page - config.page_base;
    let start = index.saturating_mul(query.size);
    let slice = state.store.slice(
        query.key,
        query.descending,
        start,
        query.size,
        flow,
        &environment,
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
    let bytes = if state.drifts.is_empty() {
        page_bytes(&slice.sessions, &page)
    } else {
        let mut body = json!({
            "content": slice.sessions.iter().map(session_json).collect::<Vec<_>>(),
            "page": page,
        });
        for drift in &state.drifts {
            drift.apply(&mut body);
        }
        serde_json::to_vec(&body).unwrap_or_default()
    };
    if state.churn_insert > 0 {
        state.store.insert_newest(state.churn_insert);
    }
    if state.churn_remove > 0 {
        state.store.remove_newest(state.churn_remove);
    }
    let answer = Answer::raw(200, bytes.clone());
    finish(answer, effect, Some(&bytes))
}

fn unauthorized() -> Answer {
    let mut answer = Answer::error(401, json!("Unauthorized"));
    answer.template = answer.template.insert_header("WWW-Authenticate", "Bearer");
    answer
}

/// A session as the fake sends it: the contract's fields, with `outcome`, `startedAt`,
/// `completedAt` and `expiresAt` as `null` when unset (as the documented example does) and the
/// other unset fields absent. Serialized straight to bytes, without an intermediate JSON tree, so a
/// page costs little under wiremock's lock.
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
