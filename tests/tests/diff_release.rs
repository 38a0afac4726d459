//! The release gate's contract half: a breaking contract change fails it while the contract's
//! `info.version` stays the released one, and the failure says which version it needs; moving
//! `info.version` far enough passes.

use std::path::PathBuf;

use serde_json::Value;
use xtask::release::{Baseline, Change, assess_contract};

/// A scratch tree holding `spec/openapi.yaml`, removed on drop.
struct Tree(PathBuf);

impl Tree {
    fn new(name: &str, contract: &Value) -> Self {
        let dir = std::env::temp_dir().join(format!("diff-release-{name}-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("spec")).expect("scratch tree");
        let text = serde_yaml_ng::to_string(contract).expect("YAML");
        std::fs::write(dir.join("spec/openapi.yaml"), text).expect("contract");
        Self(dir)
    }
}

impl Drop for Tree {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn released() -> (Value, Baseline) {
    let text = std::fs::read_to_string(xtask::workspace::spec_path()).expect("the contract");
    let doc = serde_yaml_ng::from_str(&text).expect("YAML");
    let baseline = Baseline {
        root: xtask::workspace::root(),
        label: "test".into(),
        version: "0.2.0".parse().expect("a version"),
        contract: text,
        contract_name: "the released contract".into(),
    };
    (doc, baseline)
}

fn set_version(doc: &mut Value, version: &str) {
    *doc.pointer_mut("/info/version").expect("info.version") = Value::String(version.into());
}

#[test]
fn a_breaking_contract_change_without_a_new_info_version_fails_the_gate() {
    let (mut doc, baseline) = released();
    let old = xtask::release::contract_version::info_version(&doc)
        .expect("info.version")
        .to_owned();
    let released: xtask::release::Version = old.parse().expect("MAJOR.MINOR.PATCH");
    let needed = released.bumped(Change::Breaking).to_string();
    // The response loses a required property: breaking.
    let required = doc
        .pointer_mut("/components/schemas/Session/required")
        .and_then(Value::as_array_mut)
        .expect("Session.required");
    let name = required.remove(0);
    let properties = doc
        .pointer_mut("/components/schemas/Session/properties")
        .and_then(Value::as_object_mut)
        .expect("Session.properties");
    properties.remove(name.as_str().expect("a name"));

    let tree = Tree::new("unbumped", &doc);
    let assessment = assess_contract(&tree.0, &baseline).expect("judges");
    assert_eq!(assessment.change, Change::Breaking);
    let version_problem = assessment
        .problems
        .iter()
        .find(|p| p.contains("info.version"))
        .unwrap_or_else(|| panic!("no info.version problem in {:?}", assessment.problems));
    assert!(
        version_problem.contains(&format!("set info.version to {needed}")),
        "{version_problem}"
    );

    set_version(&mut doc, &needed);
    let tree = Tree::new("bumped", &doc);
    let assessment = assess_contract(&tree.0, &baseline).expect("judges");
    assert!(
        !assessment
            .problems
            .iter()
            .any(|p| p.contains("info.version")),
        "{:?}",
        assessment.problems
    );
}

#[test]
fn a_compatible_contract_change_needs_a_new_minor_info_version() {
    let (mut doc, baseline) = released();
    let properties = doc
        .pointer_mut("/components/schemas/Session/properties")
        .and_then(Value::as_object_mut)
        .expect("Session.properties");
    properties.insert("reviewNote".into(), serde_json::json!({"type": "string"}));
    let tree = Tree::new("addition", &doc);
    let assessment = assess_contract(&tree.0, &baseline).expect("judges");
    assert_eq!(assessment.change, Change::Addition);
    assert_eq!(assessment.problems.len(), 1, "{:?}", assessment.problems);
    assert!(assessment.problems[0].contains("info.version"));

    let old: xtask::release::Version = xtask::release::contract_version::info_version(&doc)
        .expect("info.version")
        .parse()
        .expect("a version");
    set_version(&mut doc, &old.bumped(Change::Addition).to_string());
    let tree = Tree::new("addition-bumped", &doc);
    let assessment = assess_contract(&tree.0, &baseline).expect("judges");
    assert!(assessment.problems.is_empty(), "{:?}", assessment.problems);

    // No change at all asks nothing of info.version.
    let (doc, baseline) = released();
    let tree = Tree::new("unchanged", &doc);
    let assessment = assess_contract(&tree.0, &baseline).expect("judges");
    assert_eq!(assessment.change, Change::None);
    assert!(assessment.problems.is_empty(), "{:?}", assessment.problems);
}
