//! A contract split into several files: `Session`, `LastStep` and `PageMetadata` moved to
//! `schemas/session.yaml` and referenced with relative-file `$ref`s. Bundled, it generates the same
//! client, diffs as unchanged against the single file and passes `cargo xtask check`; references
//! that leave the spec folder, point to a URL or form a cycle are refused with a clear message.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::{Map, Value, json};
use xtask::diff::{self, AllowList, Base};
use xtask::spec::{Spec, bundle};

const MOVED: &[&str] = &["Session", "LastStep", "PageMetadata"];

/// A scratch directory of this test process, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("diff-split-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("spec/schemas")).expect("scratch directory");
        Self(dir)
    }
    fn spec(&self) -> PathBuf {
        self.0.join("spec/openapi.yaml")
    }
    fn write(&self, name: &str, value: &Value) -> PathBuf {
        let path = self.0.join(name);
        let text = serde_yaml_ng::to_string(value).expect("YAML");
        std::fs::write(&path, text).expect("scratch file");
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn contract() -> Value {
    Spec::load(&xtask::workspace::spec_path())
        .expect("the contract loads")
        .raw
}

/// Rewrites every `$ref` string in `value`.
fn rewrite_refs(value: &mut Value, f: &dyn Fn(&str) -> String) {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(reference)) = object.get_mut("$ref") {
                *reference = f(reference);
            }
            object.values_mut().for_each(|v| rewrite_refs(v, f));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rewrite_refs(v, f)),
        _ => {}
    }
}

/// The moved schemas as the content of `schemas/session.yaml`: references among them stay in
/// the file, the others point back into the root document.
fn session_file(doc: &Value) -> Value {
    let mut file = Map::new();
    for name in MOVED {
        let schema = doc
            .pointer(&format!("/components/schemas/{name}"))
            .cloned()
            .unwrap_or_else(|| panic!("{name} is a schema of the contract"));
        file.insert((*name).to_owned(), schema);
    }
    let mut file = Value::Object(file);
    rewrite_refs(&mut file, &|reference| {
        let name = reference.trim_start_matches("#/components/schemas/");
        if MOVED.contains(&name) {
            format!("#/{name}")
        } else {
            format!("../openapi.yaml{reference}")
        }
    });
    file
}

/// The contract split into two files. `keep_components`: the root keeps each moved schema as a
/// component that references the file; otherwise the root references the file where the schemas
/// are used and no longer names them.
fn split(scratch: &Scratch, keep_components: bool) -> PathBuf {
    let mut doc = contract();
    scratch.write("spec/schemas/session.yaml", &session_file(&doc));
    let schemas = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
        .expect("component schemas");
    for name in MOVED {
        if keep_components {
            schemas.insert(
                (*name).to_owned(),
                json!({ "$ref": format!("schemas/session.yaml#/{name}") }),
            );
        } else {
            schemas.remove(*name);
        }
    }
    if !keep_components {
        rewrite_refs(&mut doc, &|reference| {
            let name = reference.trim_start_matches("#/components/schemas/");
            if MOVED.contains(&name) {
                format!("schemas/session.yaml#/{name}")
            } else {
                reference.to_owned()
            }
        });
    }
    assert!(
        bundle::has_external_ref(&doc),
        "the root references the file"
    );
    scratch.write("spec/openapi.yaml", &doc)
}

fn generated(text: &str) -> String {
    xtask::codegen::generate(text).expect("the client generates")
}

#[test]
fn a_split_contract_generates_the_same_client() {
    let single = std::fs::read_to_string(xtask::workspace::spec_path()).expect("the contract");
    let expected = generated(&single);
    for keep_components in [true, false] {
        let scratch = Scratch::new(&format!("gen-{keep_components}"));
        let path = split(&scratch, keep_components);
        let bundled = bundle::read(&path).expect("the split contract bundles");
        assert!(
            !bundle::has_external_ref(&bundled.value),
            "only local references remain"
        );
        assert_eq!(bundled.files.len(), 1, "one other file was read");
        assert!(
            generated(&bundled.text) == expected,
            "splitting the contract (components kept: {keep_components}) changed the generated client"
        );
    }
}

#[test]
fn a_contract_in_one_file_is_read_exactly_as_written() {
    let path = xtask::workspace::spec_path();
    let bundled = bundle::read(&path).expect("the contract bundles");
    let text = std::fs::read_to_string(&path).expect("the contract");
    assert_eq!(bundled.text, text);
    assert!(bundled.files.is_empty());
}

#[test]
fn a_split_contract_diffs_as_unchanged_and_passes_the_check() {
    let scratch = Scratch::new("diff");
    let path = split(&scratch, true);
    let single = xtask::workspace::spec_path();
    let args = |old: &Path, new: &Path| diff::DiffArgs {
        old: old.to_owned(),
        new: new.to_owned(),
        format: diff::Format::Json,
        allow: Vec::new(),
        allow_file: None,
        fail_on: xtask::report::Severity::Info,
    };
    for (old, new) in [(&single, &path), (&path, &single)] {
        let old_text = xtask::spec::read_bundled(old).expect("bundles");
        let new_text = xtask::spec::read_bundled(new).expect("bundles");
        let report = diff::diff_texts((&old_text, "old"), (&new_text, "new"), &AllowList::new())
            .expect("both judge");
        let changes: Vec<_> = report.changes.iter().map(|c| c.change.id).collect();
        assert!(changes.is_empty(), "{changes:?}");
        // --fail-on info: the command finds nothing at all.
        let code = xtask::report::exit(diff::run(&args(old, new)));
        assert_eq!(code, ExitCode::from(0));
    }
    let code = xtask::report::exit(xtask::check::run_spec(
        &path,
        &Base::File(diff::baseline_path()),
    ));
    assert_eq!(
        code,
        ExitCode::from(0),
        "cargo xtask check on the split copy"
    );
}

/// The contract with `components/schemas/Session` replaced by `reference`, and the error reading
/// it gives.
fn refused(scratch: &Scratch, reference: &str) -> String {
    let mut doc = contract();
    *doc.pointer_mut("/components/schemas/Session")
        .expect("Session") = json!({ "$ref": reference });
    let path = scratch.write("spec/openapi.yaml", &doc);
    let text = match bundle::read(&path) {
        Err(error) => return error,
        Ok(bundled) => bundled.text,
    };
    match diff::parse_document(&text, "split").and_then(|doc| diff::diff(&doc, &doc)) {
        Err(error) => format!("{error:#}"),
        Ok(_) => panic!("`{reference}` was accepted"),
    }
}

#[test]
fn references_that_leave_the_spec_folder_or_name_a_url_are_refused() {
    let scratch = Scratch::new("refused");
    let outside = json!({ "Session": { "type": "object" } });
    scratch.write("outside.yaml", &outside);
    scratch.write("spec/schemas/inside.yaml", &outside);

    let error = refused(&scratch, "https://example.com/schemas.yaml#/Session");
    assert!(error.contains("points to a URL"), "{error}");
    assert!(error.contains("never the network"), "{error}");
    let error = refused(&scratch, "//example.com/schemas.yaml#/Session");
    assert!(error.contains("points to a URL"), "{error}");

    let error = refused(&scratch, "../outside.yaml#/Session");
    assert!(error.contains("leaves the spec folder"), "{error}");
    let error = refused(&scratch, "schemas/../../outside.yaml#/Session");
    assert!(error.contains("leaves the spec folder"), "{error}");

    let absolute = scratch.0.join("outside.yaml");
    let error = refused(&scratch, &format!("{}#/Session", absolute.display()));
    assert!(error.contains("absolute path"), "{error}");

    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&absolute, scratch.0.join("spec/schemas/link.yaml"))
            .expect("symlink");
        let error = refused(&scratch, "schemas/link.yaml#/Session");
        assert!(error.contains("leaves the spec folder"), "{error}");
    }

    let error = refused(&scratch, "schemas/missing.yaml#/Session");
    assert!(error.contains("cannot read"), "{error}");
    let error = refused(&scratch, "schemas/inside.yaml#/Nothing");
    assert!(error.contains("points to nothing"), "{error}");
    // The control: a file inside the folder is read.
    let mut doc = contract();
    *doc.pointer_mut("/components/schemas/Session")
        .expect("Session") = json!({ "$ref": "schemas/inside.yaml#/Session" });
    scratch.write("spec/openapi.yaml", &doc);
    let bundled = bundle::read(&scratch.spec()).expect("a file inside the folder is read");
    assert_eq!(
        bundled.value.pointer("/components/schemas/Session"),
        Some(&json!({ "type": "object" }))
    );
}

#[test]
fn cycles_across_files_stay_errors() {
    let scratch = Scratch::new("cycle");
    scratch.write(
        "spec/schemas/a.yaml",
        &json!({ "A": { "$ref": "b.yaml#/B" } }),
    );
    scratch.write(
        "spec/schemas/b.yaml",
        &json!({ "B": { "$ref": "a.yaml#/A" } }),
    );
    let error = refused(&scratch, "schemas/a.yaml#/A");
    assert!(error.contains("never reaches a schema"), "{error}");

    // A recursive schema across files (a node whose children are nodes) is no error.
    scratch.write(
        "spec/schemas/a.yaml",
        &json!({ "A": { "type": "object", "properties": {
            "children": { "type": "array", "items": { "$ref": "b.yaml#/B" } } } } }),
    );
    let mut doc = contract();
    *doc.pointer_mut("/components/schemas/Session")
        .expect("Session") = json!({ "$ref": "schemas/a.yaml#/A" });
    let path = scratch.write("spec/openapi.yaml", &doc);
    let bundled = bundle::read(&path).expect("bundles");
    let doc = diff::parse_document(&bundled.text, "split").expect("parses");
    assert!(diff::diff(&doc, &doc).expect("judges").is_empty());
}
