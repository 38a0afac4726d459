//! Where the sessions come from: a client from the environment's credentials, or the demo fake.

use std::io::Write;
use std::time::Duration;

use anyhow::{Context, bail};
use sessions_api::fake::FakeServer;
use sessions_api::{Client, PRODUCTION_EU, TokenAuthMethod};

/// The flow the demo data belongs to.
pub(crate) const DEMO_FLOW: &str = "demo-flow";
/// How many sessions the demo serves.
pub(crate) const DEMO_SESSIONS: u64 = 137;
/// The seed of the demo data: the same sessions on every run.
const DEMO_SEED: u64 = 42;

/// Where the sessions come from.
pub(crate) enum Source {
    /// The API, with credentials from the environment.
    Real(Client),
    /// The demo fake, kept alive for as long as the listing runs.
    Demo { client: Client, fake: FakeServer },
}

impl Source {
    /// A client from `env`'s credentials, or the demo fake (announced on `err`) when there are none.
    pub(crate) async fn from_env(
        env: &dyn Fn(&str) -> Option<String>,
        err: &mut impl Write,
    ) -> anyhow::Result<Self> {
        let var = |name: &str| env(name).filter(|v| !v.trim().is_empty());
        let builder = Client::builder()
            .base_url(var("IDNOW_BASE_URL").unwrap_or_else(|| PRODUCTION_EU.to_owned()))
            .timeout(Duration::from_secs(30));
        if let Some(token) = var("IDNOW_TOKEN") {
            return Ok(Self::Real(builder.bearer_token(token).build()?));
        }
        let credentials = (
            var("IDNOW_CLIENT_ID"),
            var("IDNOW_CLIENT_SECRET"),
            var("IDNOW_TOKEN_URL"),
        );
        match credentials {
            (None, None, None) => {}
            (Some(id), Some(secret), Some(token_url)) => {
                let method = match var("IDNOW_TOKEN_AUTH").as_deref() {
                    Some("post") => TokenAuthMethod::ClientSecretPost,
                    _ => TokenAuthMethod::ClientSecretBasic,
                };
                let builder = builder.client_credentials(id, secret, token_url);
                return Ok(Self::Real(builder.token_auth_method(method).build()?));
            }
            _ => bail!(
                "client credentials need IDNOW_CLIENT_ID, IDNOW_CLIENT_SECRET and IDNOW_TOKEN_URL together"
            ),
        }
        let fake = demo_fake().await;
        writeln!(
            err,
            "No IDNOW_TOKEN or IDNOW_CLIENT_ID/IDNOW_CLIENT_SECRET/IDNOW_TOKEN_URL set: listing demo \
             data from the built-in fake server at {} (flow {DEMO_FLOW}, {DEMO_SESSIONS} sessions).",
            fake.base_url()
        )?;
        let client = Client::builder()
            .base_url(fake.base_url())
            .bearer_token(fake.token().to_owned())
            .build()?;
        Ok(Self::Demo { client, fake })
    }

    /// The client to list with.
    pub(crate) fn client(&self) -> &Client {
        match self {
            Self::Real(client) | Self::Demo { client, .. } => client,
        }
    }

    /// The flow to list: `--flow`, or the demo's flow with the demo data.
    pub(crate) fn flow(&self, flag: Option<&str>) -> anyhow::Result<String> {
        match (self, flag) {
            (_, Some(flow)) => Ok(flow.to_owned()),
            (Self::Demo { fake, .. }, None) => Ok(fake.flow_id().to_owned()),
            (Self::Real(_), None) => {
                None.context("--flow (or IDNOW_FLOW_ID) is required with real credentials")
            }
        }
    }
}

/// The demo's fake: it keeps no request, so a long demo listing runs in flat memory.
pub(crate) async fn demo_fake() -> FakeServer {
    FakeServer::builder()
        .generated_sessions(DEMO_SESSIONS, DEMO_SEED)
        .flow_id(DEMO_FLOW)
        .record_requests(false)
        .start()
        .await
}
