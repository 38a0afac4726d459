//! Generates the client from the OpenAPI contract into `OUT_DIR/client.rs`, and the list of
//! properties the contract marks as personal data into `OUT_DIR/personal_data.rs`.

// The one settings file, compiled here and by `cargo xtask` (its `codegen` module) under the same
// module name, so a reader finds it as `settings` in both.
#[path = "codegen.rs"]
#[allow(dead_code)] // Some helpers serve only `cargo xtask`.
mod settings;

// Bundles a contract split into several files into one document (relative-file `$ref`s).
#[path = "bundle.rs"]
mod bundle;

use settings::personal_data;

fn main() {
    // `openapi.yaml` links to `../spec/openapi.yaml` in the workspace; a packaged crate carries a copy.
    let spec_path = "openapi.yaml";
    println!("cargo:rerun-if-changed={spec_path}");
    println!("cargo:rerun-if-changed=codegen.rs");
    println!("cargo:rerun-if-changed=personal_data.rs");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=bundle.rs");
    let spec = match bundle::read(std::path::Path::new(spec_path)) {
        Ok(bundle) => bundle.rerun_text(),
        Err(e) => fail(&e),
    };
    let source = match settings::generate(&spec) {
        Ok(source) => source,
        Err(e) => fail(&e),
    };
    warn_if_snapshot_is_stale(&source);
    let out_dir = match std::env::var("OUT_DIR") {
        Ok(dir) => std::path::PathBuf::from(dir),
        Err(e) => fail(&format!("OUT_DIR is not set: {e}")),
    };
    if let Err(e) = std::fs::write(out_dir.join("client.rs"), source) {
        fail(&format!("cannot write the generated client: {e}"));
    }
    let fields = match serde_yaml_ng::from_str::<serde_json::Value>(&spec) {
        Ok(value) => personal_data::marked_properties(&value),
        Err(e) => fail(&format!("the spec is not valid YAML: {e}")),
    };
    let list = personal_data::render(&fields);
    if let Err(e) = std::fs::write(out_dir.join("personal_data.rs"), list) {
        fail(&format!("cannot write the personal data list: {e}"));
    }
}

/// In the workspace, says at build time (so in any failing build or test output too) when the
/// committed snapshot no longer matches the contract. A packaged crate has no snapshot to compare.
fn warn_if_snapshot_is_stale(source: &str) {
    let snapshot = std::path::Path::new("..").join(settings::SNAPSHOT_PATH);
    let Ok(file) = std::fs::read_to_string(&snapshot) else {
        return;
    };
    println!("cargo:rerun-if-changed={}", snapshot.display());
    if !settings::snapshot_matches(&file, source) {
        println!(
            "cargo:warning=the generated client differs from the committed snapshot {}: \
             spec/openapi.yaml or the generation settings changed without regenerating; {}",
            settings::SNAPSHOT_PATH,
            settings::SNAPSHOT_FIX
        );
    }
}

fn fail(message: &str) -> ! {
    eprintln!("error: generating the client from the OpenAPI contract failed: {message}");
    std::process::exit(1);
}
