//! The generated client is snapshotted: a contract change shows up as a reviewed diff.

use std::panic;

/// Fails (with insta's diff) when the compiled client differs from the committed snapshot, and says
/// how to fix it.
#[test]
fn generated_client_matches_committed_snapshot() {
    let outcome = panic::catch_unwind(|| {
        insta::assert_snapshot!("generated_client", sessions_api_gen::GENERATED_SOURCE);
    });
    if outcome.is_err() {
        panic!(
            "the generated client differs from tests/tests/snapshots/generated_client__generated_client.snap: \
             spec/openapi.yaml or the generation settings changed without regenerating. \
             Run `cargo xtask codegen`, review the snapshot diff, and commit it."
        );
    }
}

/// The generated operation exists under the name the wrapper relies on.
#[test]
fn generated_client_has_list_sessions_builder() {
    let source = sessions_api_gen::GENERATED_SOURCE;
    assert!(source.contains("pub fn list_sessions(&self) -> builder::ListSessions<'_>"));
    assert!(source.contains("operation_id: \"list_sessions\""));
}
