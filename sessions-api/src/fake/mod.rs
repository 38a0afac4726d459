//! A spec-faithful fake of the List sessions API (feature `fake`), for tests of services that use
//! this SDK and for the SDK's own tests and benchmarks.
//!
//! [`FakeServer`] runs an HTTP server (hyper, HTTP/1.1 and HTTP/2) on a loopback port, on a thread
//! of its own, and answers like the documented API:
//!
//! - `GET /v1/flows/{flowId}/{environment}/sessions` with a bearer token: `401` for a missing or
//!   unknown token, `403` for the [forbidden token](FakeServer::forbidden_token) (a token without read
//!   permission), `400` for an environment other than `live`/`staging` or an invalid query,
//!   `404 Flow not found` for a flow id that is not [configured](FakeServerBuilder::flow_id) (any
//!   flow id is accepted when none is configured).
//! - Paging as Spring does it: `page` in the configured base (1 by default; a page below the base is
//!   read as the base), `size` defaulting to 20 (also for `size=0`) and silently clamped to 100, and
//!   the page object `{size, number, totalElements, totalPages}` where `size` is the size used.
//!   A page past the last one is empty.
//! - Sorting: `sortBy=createdAt` or `sortBy=status` (by the status's wire text, ties in storage order),
//!   ascending unless `sortDesc=true`. Without `sortBy` sessions come in storage order: as given, or
//!   newest first for generated sessions (`sortDesc` alone changes nothing).
//! - `POST /oidc/token` ([`FakeServer::token_url`]): OAuth 2.0 client credentials, form-encoded
//!   `grant_type=client_credentials` with the [credentials](FakeServer::client_credentials) as HTTP
//!   Basic or in the body; it answers `{"access_token", "expires_in", "token_type": "Bearer"}` with a
//!   new token that the list endpoint accepts from then on.
//!
//! Error bodies have the contract's `ApiError` shape (`{"statusCode", "message", "error"}`).
//! Sessions are sent with `outcome`, `startedAt`, `completedAt` and `expiresAt` as `null` when unset
//! (as the documented example does) and other unset fields absent.
//!
//! # Data
//!
//! Sessions are either given ([`FakeServerBuilder::sessions`]) or generated
//! ([`FakeServerBuilder::generated_sessions`]). Generated session `i` is computed from `(seed, i)`
//! when a page needs it, so a fake of a million sessions stores nothing per session. Generated
//! sessions are created one a minute back from 2025-01-07T10:30:00Z, so storage order is `createdAt`
//! descending and sorting by `createdAt` is index arithmetic; the first `sortBy=status` request
//! builds an index of the generated set (eight bytes per session). They cover all six statuses with
//! the documented rules: `outcome` `accepted`/`rejected` on `COMPLETED`, `NO_OUTCOME` on the other
//! terminal statuses, `null` before; `completedAt` set exactly on terminal statuses; `startedAt` and
//! `lastStep` absent until processing started; `expiresAt` often `null`; `subjectId` sometimes absent.
//! Generated sessions carry the flow id and environment of the request.
//!
//! # Misbehaviour on purpose
//!
//! - [Faults](Fault) for list requests, each used once, in two places:
//!   - by page ([`FakeServer::inject_at_page`]): the next request for that page gets the fault,
//!     whatever order requests arrive in, so with prefetch on too the same page fails every run;
//!   - for the next requests, one first-in first-out queue: [`FakeServer::inject`] adds one fault
//!     at its back; [`FakeServer::fail_next`] and [`FakeServer::rate_limit_next`] are shorthands
//!     for `inject` called `count` times. Which page meets a queued fault depends on the order
//!     requests arrive in (not fixed once several pages are in flight).
//!
//!   A list request takes at most one fault: the first one for its page if there is one, else the
//!   front of the queue. The token endpoint has its own queue ([`FakeServer::inject_token_fault`]).
//!   Error statuses, `429`, malformed and [raw](Fault::Raw) bodies are answered before
//!   authentication, as a gateway would. The fake is not a general mock server: to answer one
//!   request with a status and body of your own, give it a [`Fault::Raw`].
//! - [Drift] of the payload away from the contract, each kind selectable on its own.
//! - Latency on every response ([`FakeServerBuilder::latency`]).
//! - Paging trouble: [`FakeServer::set_total_pages_offset`] (totals that lie),
//!   [`FakeServer::set_report_requested_size`] (a clamp the page object hides),
//!   [`FakeServer::insert_sessions`] / [`FakeServer::remove_sessions`] and
//!   [`FakeServer::set_churn`] (rows created or deleted between requests).
//! - A [live flow](LiveFlow) ([`FakeServerBuilder::live_flow`], [`FakeServer::set_live_flow`]):
//!   sessions created at a steady rate in time, a retention purge of the oldest, sessions moving on
//!   through their statuses, deterministic with a per-request clock. Its docs show each with an
//!   example.
//!
//! # Requests
//!
//! The list path serves `GET` and `HEAD` (same status and headers, no body); the token path serves
//! `POST`; other methods get `405` with an `Allow` header. Every request is recorded
//! ([`FakeServer::requests`], [`FakeServer::list_requests`]) unless
//! [`FakeServerBuilder::record_requests`] turns recording off for long runs, where the fake's memory
//! then stays flat; [`FakeServer::list_calls`] counts either way.
//!
//! # Example
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use sessions_api::fake::FakeServer;
//! use sessions_api::generated::{Client, Environment, Hooks, types::SortBy};
//!
//! let fake = FakeServer::builder()
//!     .generated_sessions(250, 42)
//!     .flow_id("demo-flow")
//!     .start()
//!     .await;
//!
//! // Any HTTP client works; here the generated client with a bearer header.
//! use sessions_api::reqwest::{self, header};
//! let mut headers = header::HeaderMap::new();
//! headers.insert(
//!     header::AUTHORIZATION,
//!     format!("Bearer {}", fake.token()).parse()?,
//! );
//! let http = reqwest::Client::builder().default_headers(headers).build()?;
//! let client = Client::new_with_client(&fake.base_url(), http, Hooks::none());
//!
//! let page = client
//!     .list_sessions()
//!     .flow_id("demo-flow")
//!     .environment(Environment::Live)
//!     .sort_by(SortBy::CreatedAt)
//!     .sort_desc(true)
//!     .size(100)
//!     .send()
//!     .await?
//!     .into_inner();
//! assert_eq!(page.page.number, 1);
//! assert_eq!(page.page.total_elements, 250);
//! assert_eq!(page.page.total_pages, 3);
//! assert_eq!(page.content.len(), 100);
//!
//! // Faults for the next requests, then assertions on what was received.
//! fake.fail_next(1, 503);
//! let err = client
//!     .list_sessions()
//!     .flow_id("demo-flow")
//!     .environment(Environment::Live)
//!     .send()
//!     .await
//!     .unwrap_err();
//! assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
//! assert_eq!(fake.list_calls(), 2);
//! assert_eq!(fake.list_requests()[0].query_value("size"), Some("100"));
//! # Ok(()) }
//! ```

mod data;
mod faults;
mod live;
mod record;
mod responder;
mod server;
mod token;

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sessions_api_gen::Environment;
use sessions_api_gen::types::{Session, SortBy};

pub use data::DEFAULT_FLOW_ID;
pub use faults::{Drift, Fault, RetryAfter, UnknownDrift};
pub use live::{LiveClock, LiveFlow};
pub use record::{RecordedRequest, RequestKind};
pub use token::ClientAuth;

use data::{SortKey, Store};
use responder::{Config, Shared, State};

/// The bearer token a fake accepts unless [`FakeServerBuilder::bearer_token`] says otherwise.
pub const DEFAULT_TOKEN: &str = "fake-token";
/// The token a fake answers `403` to unless [`FakeServerBuilder::forbidden_token`] says otherwise.
pub const DEFAULT_FORBIDDEN_TOKEN: &str = "fake-token-without-read";
/// The client id the token endpoint accepts by default.
pub const DEFAULT_CLIENT_ID: &str = "fake-client";
/// The client secret the token endpoint accepts by default.
pub const DEFAULT_CLIENT_SECRET: &str = "fake-secret";
/// `expires_in` of issued tokens by default, in seconds (the documented value).
pub const DEFAULT_EXPIRES_IN: u64 = 86_400;
/// The page size used when a request gives none (the sibling List flows endpoint's default).
pub const DEFAULT_PAGE_SIZE: u32 = 20;
/// The largest page size served; larger requests are clamped silently.
pub const DEFAULT_MAX_PAGE_SIZE: u32 = 100;

/// Configures and starts a [`FakeServer`]. Obtained from [`FakeServer::builder`].
#[derive(Debug)]
pub struct FakeServerBuilder {
    store: Store,
    flows: Vec<String>,
    environment: Option<Environment>,
    page_base: u32,
    default_size: u32,
    max_size: u32,
    bearer_token: String,
    forbidden_token: String,
    client_id: String,
    client_secret: String,
    expires_in: u64,
    latency: Option<Duration>,
    drifts: Vec<Drift>,
    total_pages_offset: i64,
    report_requested_size: bool,
    record: bool,
    listener: Option<TcpListener>,
    live: Option<LiveFlow>,
}

impl Default for FakeServerBuilder {
    fn default() -> Self {
        Self {
            store: Store::Given(Vec::new()),
            flows: Vec::new(),
            environment: None,
            page_base: 1,
            default_size: DEFAULT_PAGE_SIZE,
            max_size: DEFAULT_MAX_PAGE_SIZE,
            bearer_token: DEFAULT_TOKEN.to_owned(),
            forbidden_token: DEFAULT_FORBIDDEN_TOKEN.to_owned(),
            client_id: DEFAULT_CLIENT_ID.to_owned(),
            client_secret: DEFAULT_CLIENT_SECRET.to_owned(),
            expires_in: DEFAULT_EXPIRES_IN,
            latency: None,
            drifts: Vec::new(),
            total_pages_offset: 0,
            report_requested_size: false,
            record: true,
            listener: None,
            live: None,
        }
    }
}

impl FakeServerBuilder {
    /// Serves these sessions, in this storage order (replaces generated sessions).
    pub fn sessions(mut self, sessions: Vec<Session>) -> Self {
        self.store = Store::Given(sessions);
        self
    }

    /// Serves `count` generated sessions; the same `seed` always gives the same sessions (replaces
    /// given sessions). Nothing is stored per session.
    pub fn generated_sessions(mut self, count: u64, seed: u64) -> Self {
        self.store = Store::generated(count, seed);
        self
    }

    /// Adds a known flow id. Once any is set, other flow ids get `404 Flow not found`; with none set,
    /// every flow id is accepted.
    pub fn flow_id(mut self, flow_id: impl Into<String>) -> Self {
        self.flows.push(flow_id.into());
        self
    }

    /// Ties the tokens to one environment, as the provider does: a request for another environment
    /// gets `401`. By default both `live` and `staging` are served.
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = Some(environment);
        self
    }

    /// The number of the first page: 1 (the default) or 0.
    pub fn page_base(mut self, base: u32) -> Self {
        self.page_base = base;
        self
    }

    /// The page size used when a request gives none or `0` (default 20; at least 1).
    pub fn default_size(mut self, size: u32) -> Self {
        self.default_size = size.max(1);
        self
    }

    /// The largest page size served; a larger `size` is clamped silently (default 100; at least 1).
    pub fn max_size(mut self, size: u32) -> Self {
        self.max_size = size.max(1);
        self
    }

    /// The bearer token the list endpoint accepts (default [`DEFAULT_TOKEN`]).
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.bearer_token = token.into();
        self
    }

    /// A token that is valid but lacks read permission: answered `403` (default
    /// [`DEFAULT_FORBIDDEN_TOKEN`]).
    pub fn forbidden_token(mut self, token: impl Into<String>) -> Self {
        self.forbidden_token = token.into();
        self
    }

    /// The client id and secret the token endpoint accepts.
    pub fn client_credentials(
        mut self,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        self.client_id = client_id.into();
        self.client_secret = client_secret.into();
        self
    }

    /// `expires_in` of issued tokens, in seconds (default 86400).
    pub fn token_expires_in(mut self, seconds: u64) -> Self {
        self.expires_in = seconds;
        self
    }

    /// Delays every response by `latency` (responses overlap: a slow one holds up no other).
    pub fn latency(mut self, latency: Duration) -> Self {
        self.latency = Some(latency);
        self
    }

    /// Applies `drift` to every list response from the start.
    pub fn drift(mut self, drift: Drift) -> Self {
        if !self.drifts.contains(&drift) {
            self.drifts.push(drift);
        }
        self
    }

    /// Reports `totalPages` off by `offset` from the truth (see [`FakeServer::set_total_pages_offset`]).
    pub fn total_pages_offset(mut self, offset: i64) -> Self {
        self.total_pages_offset = offset;
        self
    }

    /// Reports the requested page size in `page.size` even when it was clamped (see
    /// [`FakeServer::set_report_requested_size`]).
    pub fn report_requested_size(mut self, on: bool) -> Self {
        self.report_requested_size = on;
        self
    }

    /// Whether to keep every request for [`FakeServer::requests`] (on by default). Off, the fake
    /// keeps no request ([`FakeServer::requests`] and its kin are empty; [`FakeServer::list_calls`]
    /// and [`FakeServer::token_calls`] still count), so the memory of a long run stays flat.
    pub fn record_requests(mut self, on: bool) -> Self {
        self.record = on;
        self
    }

    /// Changes the data as a live flow does while it is listed: steady creation in time, a retention
    /// purge of the oldest, status transitions (see [`LiveFlow`]). Its clock starts with the fake.
    pub fn live_flow(mut self, flow: LiveFlow) -> Self {
        self.live = Some(flow);
        self
    }

    /// Serves on this listener instead of a random loopback port (e.g. a fixed port).
    pub fn listener(mut self, listener: TcpListener) -> Self {
        self.listener = Some(listener);
        self
    }

    fn into_parts(self) -> (Arc<Shared>, Option<TcpListener>) {
        let mut valid_tokens = HashSet::new();
        valid_tokens.insert(self.bearer_token.clone());
        let shared = Arc::new(Shared {
            config: Config {
                page_base: u64::from(self.page_base),
                default_size: u64::from(self.default_size),
                max_size: u64::from(self.max_size),
                flows: self.flows,
                environment: self.environment,
                bearer_token: self.bearer_token,
                forbidden_token: self.forbidden_token,
                client_id: self.client_id,
                client_secret: self.client_secret,
                record: self.record,
            },
            state: Mutex::new(State {
                store: self.store,
                valid_tokens,
                issued_tokens: Vec::new(),
                expires_in: self.expires_in,
                faults: VecDeque::new(),
                page_faults: Vec::new(),
                token_faults: VecDeque::new(),
                drifts: self.drifts,
                latency: self.latency,
                total_pages_offset: self.total_pages_offset,
                report_requested_size: self.report_requested_size,
                churn_insert: 0,
                churn_remove: 0,
                live: self.live.map(live::Live::new),
                records: Vec::new(),
                list_calls: 0,
                token_calls: 0,
            }),
        });
        (shared, self.listener)
    }

    /// Starts the fake. Panics only if no loopback port can be bound or no thread started
    /// ([`FakeServerBuilder::start_blocking`] returns that error instead).
    pub async fn start(self) -> FakeServer {
        match self.start_blocking() {
            Ok(fake) => fake,
            Err(error) => panic!("the fake server could not start: {error}"),
        }
    }

    /// Starts the fake from synchronous code (a benchmark's setup, a plain `#[test]`), or says why
    /// it cannot (no loopback port, no thread). The fake serves from a thread of its own, so this
    /// needs no async runtime, may be called from inside one, and serves as soon as it returns.
    pub fn start_blocking(self) -> std::io::Result<FakeServer> {
        let (shared, listener) = self.into_parts();
        let handler: Arc<dyn server::Handler> = Arc::clone(&shared) as _;
        let server = server::start(listener, handler)?;
        Ok(FakeServer { server, shared })
    }
}

/// A running fake of the List sessions API. Dropping it stops the server.
///
/// All methods take `&self`; the fake is `Send + Sync`, so it can be shared with spawned tasks
/// (e.g. in an `Arc`).
pub struct FakeServer {
    server: server::Running,
    shared: Arc<Shared>,
}

impl fmt::Debug for FakeServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeServer")
            .field("base_url", &self.base_url())
            .finish_non_exhaustive()
    }
}

impl FakeServer {
    /// A builder with the defaults: no sessions, page base 1, size 20 (max 100), token
    /// [`DEFAULT_TOKEN`].
    pub fn builder() -> FakeServerBuilder {
        FakeServerBuilder::default()
    }

    /// The base URL to give a client, e.g. `http://127.0.0.1:41234` (no trailing slash; the API's
    /// paths start right after it, like `https://api.eu.platform.idnow.io/api`).
    pub fn base_url(&self) -> String {
        self.server.uri()
    }

    /// The URL of the token endpoint, `{base_url}/oidc/token`.
    pub fn token_url(&self) -> String {
        format!("{}{}", self.server.uri(), token::TOKEN_PATH)
    }

    /// The bearer token the list endpoint accepts (until [`FakeServer::revoke_tokens`]).
    pub fn token(&self) -> &str {
        &self.shared.config.bearer_token
    }

    /// The token answered with `403` (valid, but without read permission).
    pub fn forbidden_token(&self) -> &str {
        &self.shared.config.forbidden_token
    }

    /// The client id and secret the token endpoint accepts.
    pub fn client_credentials(&self) -> (&str, &str) {
        (
            &self.shared.config.client_id,
            &self.shared.config.client_secret,
        )
    }

    /// The first configured flow id, or [`DEFAULT_FLOW_ID`] when any flow id is accepted.
    pub fn flow_id(&self) -> &str {
        self.shared
            .config
            .flows
            .first()
            .map_or(DEFAULT_FLOW_ID, String::as_str)
    }

    /// The number of the first page.
    pub fn page_base(&self) -> u64 {
        self.shared.config.page_base
    }

    // --- data -------------------------------------------------------------------------------

    /// How many sessions the fake holds now.
    pub fn len(&self) -> u64 {
        self.shared.lock().store.len()
    }

    /// Whether the fake holds no sessions.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every session in the order a listing with `sort_by` (`None`: no `sortBy`) and `descending`
    /// returns them, across all pages, with generated sessions carrying [`FakeServer::flow_id`] and
    /// environment `live`. This materializes the whole set: meant for assertions on small fakes.
    pub fn expected_sessions(&self, sort_by: Option<SortBy>, descending: bool) -> Vec<Session> {
        let key = match sort_by {
            None => SortKey::Storage,
            Some(SortBy::CreatedAt) => SortKey::CreatedAt,
            Some(SortBy::Status) => SortKey::Status,
            // A sort field this fake does not know (it answers 400 to it): storage order.
            Some(_) => SortKey::Storage,
        };
        let flow = self.flow_id().to_owned();
        self.shared
            .lock()
            .store
            .all(key, descending, &flow, &Environment::Live)
    }

    /// Creates `count` sessions newer than every existing one (they come first in storage and
    /// `createdAt`-descending order): a client paging meanwhile sees items again.
    pub fn insert_sessions(&self, count: u64) {
        self.shared.lock().store.insert_newest(count);
    }

    /// Deletes the `count` first sessions of storage order (the newest, for generated data): a client
    /// paging meanwhile skips items.
    pub fn remove_sessions(&self, count: u64) {
        self.shared.lock().store.remove_newest(count);
    }

    /// After every successful list response, creates `insert` new sessions and then deletes `remove`
    /// of the newest (as [`FakeServer::insert_sessions`] and [`FakeServer::remove_sessions`]).
    /// `(0, 0)` turns it off.
    pub fn set_churn(&self, insert: u64, remove: u64) {
        let mut state = self.shared.lock();
        state.churn_insert = insert;
        state.churn_remove = remove;
    }

    /// Starts `flow` now (its clock from zero), replacing any live flow; `None` stops it. See
    /// [`LiveFlow`].
    pub fn set_live_flow(&self, flow: Option<LiveFlow>) {
        self.shared.lock().live = flow.map(live::Live::new);
    }

    // --- faults -----------------------------------------------------------------------------

    /// Adds `fault` at the back of the queue for the next list requests: it is used by the first
    /// list request that finds no fault of its page ([`FakeServer::inject_at_page`]) and none queued
    /// before it.
    pub fn inject(&self, fault: Fault) {
        self.shared.lock().faults.push_back(fault);
    }

    /// Shorthand for [`inject`](FakeServer::inject)`(Fault::Status(status))` called `count` times:
    /// the queued faults go at the back of the same queue, after any queued before.
    pub fn fail_next(&self, count: usize, status: u16) {
        for _ in 0..count {
            self.inject(Fault::Status(status));
        }
    }

    /// Shorthand for [`inject`](FakeServer::inject)`(Fault::RateLimited(retry_after))` called
    /// `count` times (at the back of the same queue).
    pub fn rate_limit_next(&self, count: usize, retry_after: RetryAfter) {
        for _ in 0..count {
            self.inject(Fault::RateLimited(retry_after.clone()));
        }
    }

    /// Gives `fault` to the next list request for page `page`, as the fake reads the `page` query
    /// parameter (absent or below the [page base](FakeServerBuilder::page_base): the first page).
    /// Requests for other pages, and requests whose `page` is not a number, pass it by. Several
    /// faults for one page are used one per request for it, in the order given; a page's fault
    /// comes before the queue of [`FakeServer::inject`].
    ///
    /// This is how to fail page `n` and no other, also when a client has several pages in flight:
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use sessions_api::fake::{Fault, FakeServer};
    /// use sessions_api::{Client, Environment, RetryPolicy};
    ///
    /// let fake = FakeServer::builder().generated_sessions(50, 7).start().await;
    /// fake.inject_at_page(3, Fault::Status(503));
    /// let client = Client::builder()
    ///     .base_url(fake.base_url())
    ///     .bearer_token(fake.token().to_owned())
    ///     .retry(RetryPolicy::none())
    ///     .build()?;
    /// let query = client.sessions(fake.flow_id(), Environment::Live).page_size(10).prefetch(4);
    /// let error = query.items().try_collect::<Vec<_>>().await.unwrap_err();
    /// assert_eq!(error.resume_page(), Some(3));
    /// # Ok(()) }
    /// ```
    pub fn inject_at_page(&self, page: u64, fault: Fault) {
        self.shared.lock().page_faults.push((page, fault));
    }

    /// Queues `fault` for the next token request.
    pub fn inject_token_fault(&self, fault: Fault) {
        self.shared.lock().token_faults.push_back(fault);
    }

    /// Drops every fault not used yet (queued, by page and for the token endpoint).
    pub fn clear_faults(&self) {
        let mut state = self.shared.lock();
        state.faults.clear();
        state.page_faults.clear();
        state.token_faults.clear();
    }

    /// Adds `drift` to every following list response (kept until [`FakeServer::clear_drift`]).
    pub fn drift(&self, drift: Drift) {
        let mut state = self.shared.lock();
        if !state.drifts.contains(&drift) {
            state.drifts.push(drift);
        }
    }

    /// Stops all drift.
    pub fn clear_drift(&self) {
        self.shared.lock().drifts.clear();
    }

    /// Sets (or with `None` removes) the delay of every response.
    pub fn set_latency(&self, latency: Option<Duration>) {
        self.shared.lock().latency = latency;
    }

    /// Reports `totalPages` as the truth plus `offset` (never below 0): positive totals promise pages
    /// that are empty, negative ones hide pages that have items. `0` tells the truth.
    pub fn set_total_pages_offset(&self, offset: i64) {
        self.shared.lock().total_pages_offset = offset;
    }

    /// When on, `page.size` reports the size the client asked for even when the fake clamped it, so
    /// a full page looks short. Off by default (the size used is reported, as Spring does).
    pub fn set_report_requested_size(&self, on: bool) {
        self.shared.lock().report_requested_size = on;
    }

    // --- tokens -----------------------------------------------------------------------------

    /// Sets `expires_in` of tokens issued from now on.
    pub fn set_token_expires_in(&self, seconds: u64) {
        self.shared.lock().expires_in = seconds;
    }

    /// Invalidates every token accepted so far, the [configured one](FakeServer::token) included:
    /// the next list request with one of them gets `401`. Tokens issued afterwards are valid.
    pub fn revoke_tokens(&self) {
        self.shared.lock().valid_tokens.clear();
    }

    /// The access tokens the token endpoint issued, oldest first.
    pub fn issued_tokens(&self) -> Vec<String> {
        self.shared.lock().issued_tokens.clone()
    }

    // --- recorded requests ------------------------------------------------------------------

    /// Every request received, oldest first (none when
    /// [recording is off](FakeServerBuilder::record_requests)).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.lock().records.clone()
    }

    /// The list-sessions requests received, oldest first.
    pub fn list_requests(&self) -> Vec<RecordedRequest> {
        self.requests_of(RequestKind::List)
    }

    /// The token requests received, oldest first.
    pub fn token_requests(&self) -> Vec<RecordedRequest> {
        self.requests_of(RequestKind::Token)
    }

    /// How many list-sessions requests were received (since the last
    /// [`clear_requests`](FakeServer::clear_requests)), whether recording is on or not.
    pub fn list_calls(&self) -> usize {
        self.shared.lock().list_calls
    }

    /// How many token requests were received (since the last
    /// [`clear_requests`](FakeServer::clear_requests)), whether recording is on or not.
    pub fn token_calls(&self) -> usize {
        self.shared.lock().token_calls
    }

    /// Whether requests are recorded (see [`FakeServerBuilder::record_requests`]).
    pub fn records_requests(&self) -> bool {
        self.shared.config.record
    }

    /// Forgets the recorded requests and resets the counts.
    pub fn clear_requests(&self) {
        let mut state = self.shared.lock();
        state.records.clear();
        state.list_calls = 0;
        state.token_calls = 0;
    }

    fn requests_of(&self, kind: RequestKind) -> Vec<RecordedRequest> {
        self.shared
            .lock()
            .records
            .iter()
            .filter(|r| r.kind == kind)
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn fake_server_is_send_and_sync() {
        assert_send_sync::<FakeServer>();
        assert_send_sync::<FakeServerBuilder>();
    }
}
