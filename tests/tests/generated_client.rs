//! The generated client: snapshotted (a contract change shows up as a reviewed diff), its data types
//! closed to struct literals and exhaustive matches, and its requests handed to the hooks seam.

use std::panic;
use std::sync::{Arc, Mutex};

use futures::future::BoxFuture;
use sessions_api_gen::hooks::OperationInfo;
use sessions_api_gen::{Client, Environment, Hooks, RequestExecutor};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Fails (with insta's diff) when the compiled client differs from the committed snapshot, and says
/// how to fix it.
#[test]
fn generated_client_matches_committed_snapshot() {
    let outcome = panic::catch_unwind(|| {
        insta::assert_snapshot!("generated_client", sessions_api_gen::GENERATED_SOURCE);
    });
    if outcome.is_err() {
        panic!(
            "the generated client differs from {}: spec/openapi.yaml or the generation settings \
             changed without regenerating. {}.",
            xtask::codegen::SNAPSHOT_PATH,
            xtask::codegen::SNAPSHOT_FIX
        );
    }
}

/// The public data types of `mod types`, each with whether `#[non_exhaustive]` precedes it and
/// whether it has a public field (a newtype with a private field cannot be built by literal).
fn public_types(source: &str) -> Vec<(String, bool, bool)> {
    let lines: Vec<&str> = source.lines().collect();
    let start = lines
        .iter()
        .position(|l| *l == "pub mod types {")
        .expect("a types module");
    let mut types = Vec::new();
    for (i, line) in lines.iter().enumerate().skip(start) {
        if *line == "    pub mod builder {" {
            break;
        }
        let Some(rest) = line
            .strip_prefix("    pub struct ")
            .or_else(|| line.strip_prefix("    pub enum "))
        else {
            continue;
        };
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let attributes = lines[..i].iter().rev().take_while(|l| {
            !l.trim().is_empty() && !l.trim_start().starts_with("pub ") && **l != "    }"
        });
        let non_exhaustive = attributes
            .into_iter()
            .any(|l| l.trim() == "#[non_exhaustive]");
        let is_enum = line.starts_with("    pub enum ");
        let body = lines[i + 1..]
            .iter()
            .take_while(|l| !l.starts_with("    }"));
        let public_field = is_enum
            || rest.contains("(pub ")
            || body.into_iter().any(|l| l.starts_with("        pub "));
        types.push((name, non_exhaustive, public_field));
    }
    types
}

/// A property or value the contract adds later must not break a user's struct literal or `match`:
/// every public generated struct with public fields and every generated enum is `#[non_exhaustive]`.
#[test]
fn every_public_generated_data_type_is_non_exhaustive() {
    let types = public_types(sessions_api_gen::GENERATED_SOURCE);
    let names: Vec<&str> = types.iter().map(|(name, ..)| name.as_str()).collect();
    for expected in [
        "Session",
        "LastStep",
        "PageMetadata",
        "SessionPage",
        "ApiError",
        "SortBy",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} not found in {names:?}"
        );
    }
    let open: Vec<&str> = types
        .iter()
        .filter(|(_, non_exhaustive, public_field)| *public_field && !non_exhaustive)
        .map(|(name, ..)| name.as_str())
        .collect();
    assert!(open.is_empty(), "not #[non_exhaustive]: {open:?}");
}

/// Records the operation of every request it sends.
#[derive(Debug, Default)]
struct Recorder {
    operations: Mutex<Vec<&'static str>>,
}

impl RequestExecutor for Recorder {
    fn execute<'a>(
        &'a self,
        client: &'a reqwest::Client,
        request: reqwest::Request,
        info: &'a OperationInfo,
    ) -> BoxFuture<'a, reqwest::Result<reqwest::Response>> {
        self.operations
            .lock()
            .expect("not poisoned")
            .push(info.operation_id);
        Box::pin(client.execute(request))
    }
}

/// The wrapper's auth, retries and tracing live in an executor: the generated operation must hand
/// its request to it, named by the contract's operation id.
#[tokio::test]
async fn generated_operation_sends_through_the_hooks_executor_under_its_operation_id() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            include_str!("../../spec/examples/documented.json"),
            "application/json",
        ))
        .mount(&server)
        .await;
    let recorder = Arc::new(Recorder::default());
    let client = Client::new(&server.uri(), Hooks::with_executor(recorder.clone()));
    let page = client
        .list_sessions()
        .flow_id("flow-1")
        .environment(Environment::Live)
        .send()
        .await
        .expect("the documented page decodes")
        .into_inner();
    assert_eq!(page.content.len(), 1);
    assert_eq!(
        *recorder.operations.lock().expect("not poisoned"),
        ["list_sessions"]
    );
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(1));
}
