//! The generated client: committed as the content of an insta snapshot (a contract change shows up as
//! a reviewed diff) and compiled from that one file, its data types closed to struct literals and
//! exhaustive matches, its builders named apart from the types they build, and its requests handed
//! to the hooks seam.

use std::panic;
use std::sync::{Arc, Mutex};

use futures::future::BoxFuture;
use sessions_api_gen::hooks::OperationInfo;
use sessions_api_gen::{Client, Environment, Hooks, RequestExecutor};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The committed client: the content file of the snapshot below, and what `sessions-api-gen`
/// compiles.
const COMMITTED: &str = include_str!("../../sessions-api-gen/src/generated/client.snap.rs");

/// Fails (insta writes the new client beside the committed one for `cargo insta review`) when the
/// client this build generated from the contract differs from the committed one, and says how to
/// fix it.
#[test]
fn generated_client_matches_committed_snapshot() {
    let outcome = panic::catch_unwind(|| {
        insta::with_settings!({
            snapshot_path => "../../sessions-api-gen/src/generated",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_binary_snapshot!(
                "client.rs",
                sessions_api_gen::GENERATED_SOURCE.as_bytes().to_vec()
            );
        });
    });
    if outcome.is_err() {
        panic!(
            "the committed client {} differs from what spec/openapi.yaml and the generation \
             settings generate: they changed without regenerating; {}.",
            xtask::codegen::CLIENT_PATH,
            xtask::codegen::SNAPSHOT_FIX
        );
    }
}

/// The snapshot is the compiled client: one file, whose bytes the crate includes.
#[test]
fn the_snapshot_content_is_the_compiled_client() {
    let metadata = include_str!("../../sessions-api-gen/src/generated/client.snap");
    assert!(metadata.contains("snapshot_kind: binary"), "{metadata}");
    assert!(metadata.contains("extension: rs"), "{metadata}");
    assert!(COMMITTED.contains("pub const PERSONAL_DATA_FIELDS"));
    let lib = include_str!("../../sessions-api-gen/src/lib.rs");
    assert!(lib.contains(r#"include!("generated/client.snap.rs");"#));
}

/// A builder has a name of its own: documentation never shows `TryFrom<Session> for Session`.
#[test]
fn builders_are_named_apart_from_the_types_they_build() {
    let builder: sessions_api::SessionBuilder = sessions_api::Session::builder();
    let name = std::any::type_name_of_val(&builder);
    assert!(name.ends_with("::SessionBuilder"), "{name}");
    let step: sessions_api::LastStepBuilder = sessions_api::LastStep::builder();
    assert!(std::any::type_name_of_val(&step).ends_with("::LastStepBuilder"));
    assert!(COMMITTED.contains("impl ::std::convert::TryFrom<SessionBuilder> for super::Session"));
    assert!(!COMMITTED.contains("TryFrom<Session> for"));
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
    let types = public_types(COMMITTED);
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
