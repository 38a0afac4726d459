//! Inside this workspace (feature `generate`), generates the client from the contract into
//! `OUT_DIR/client.rs` with the settings of `codegen.rs`, and warns when the committed client
//! (`src/generated/client.snap.rs`, what this crate compiles) differs from it. The test suite fails
//! on the same difference (`tests/tests/generated_client.rs`), and so does `cargo xtask check`.
//!
//! Without the feature (a service depending on the SDK) this does nothing: the service compiles
//! the committed, reviewed client and never the generator.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    #[cfg(feature = "generate")]
    generate::run();
}

// The one settings file, compiled here and by `cargo xtask` (its `codegen` module) under the same
// module name, so a reader finds it as `settings` in both.
// Bundles a contract split into several files (relative-file `$ref`s) into one document.
#[cfg(feature = "generate")]
#[path = "bundle.rs"]
mod bundle;

#[cfg(feature = "generate")]
#[path = "codegen.rs"]
#[allow(dead_code)] // Some helpers serve only `cargo xtask`.
mod settings;

#[cfg(feature = "generate")]
mod generate {
    use std::path::{Path, PathBuf};

    use crate::settings;

    pub fn run() {
        let manifest_dir = PathBuf::from(env("CARGO_MANIFEST_DIR"));
        let workspace = manifest_dir.join("..");
        let spec_path = workspace.join("spec/openapi.yaml");
        let committed_path = workspace.join(settings::CLIENT_PATH);
        for path in [&spec_path, &committed_path] {
            println!("cargo:rerun-if-changed={}", path.display());
        }
        println!("cargo:rerun-if-changed=codegen.rs");
        println!("cargo:rerun-if-changed=personal_data.rs");
        println!("cargo:rerun-if-changed=bundle.rs");
        let spec = read_spec(&spec_path);
        let source = settings::generate(&spec).unwrap_or_else(|e| fail(&e));
        let out = PathBuf::from(env("OUT_DIR")).join("client.rs");
        if let Err(e) = std::fs::write(&out, &source) {
            fail(&format!("cannot write {}: {e}", out.display()));
        }
        let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
        if !settings::is_current(&committed, &source) {
            println!(
                "cargo:warning=the committed client {} differs from what spec/openapi.yaml and \
                 the generation settings generate; {}",
                settings::CLIENT_PATH,
                settings::SNAPSHOT_FIX
            );
        }
    }

    /// The contract's text, with the files it references bundled in (cargo runs this again when
    /// any of them changes).
    fn read_spec(path: &Path) -> String {
        crate::bundle::read(path)
            .map(crate::bundle::Bundle::rerun_text)
            .unwrap_or_else(|e| fail(&e))
    }

    fn env(name: &str) -> String {
        std::env::var(name).unwrap_or_else(|e| fail(&format!("{name} is not set: {e}")))
    }

    fn fail(message: &str) -> ! {
        eprintln!("error: generating the client from the OpenAPI contract failed: {message}");
        std::process::exit(1);
    }
}
