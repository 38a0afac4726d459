//! Bundling a contract split into several files into one document.
//!
//! A contract may reference other files of its folder with relative `$ref`s
//! (`$ref: schemas/session.yaml#/Session`). Everything that reads the contract (the generator in
//! `build.rs`, every `cargo xtask` command) reads it through `read`, which gives one document
//! with local references only:
//!
//! - a component that is a bare reference to another file (`components/schemas/Session:
//!   {$ref: schemas/session.yaml#/Session}`) becomes the referenced content, under its own name;
//! - any other reference to another file becomes a local reference to a new component named after
//!   the last token of its pointer (or the file name), in the section its place calls for
//!   (`schemas`, `parameters`, `responses`, ...); a path item is inlined;
//! - references inside the other files (`#/LastStep`) follow their own file.
//!
//! A document without references to other files is returned exactly as written, so a contract in
//! one file generates byte for byte what it did. Only files inside the folder of the root document
//! are read: a reference to a URL, an absolute path, or a path that leaves the folder (through
//! `..` or a symbolic link) is refused. Cycles across files become cycles of local references,
//! which the tools judge as they judge any other.
//!
//! This file is standalone (std, `serde_json`, `serde_yaml_ng`) so that `build.rs` and `cargo xtask`
//! include the same code.

// `build.rs` uses the text only; `cargo xtask` the rest.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

/// A contract read from disk, with every other file it references bundled in.
#[derive(Debug, Clone)]
pub struct Bundle {
    /// The document's text: exactly the root file when it references no other file, otherwise the
    /// bundled document as JSON (which YAML readers read too).
    pub text: String,
    /// The bundled document.
    pub value: Value,
    /// The other files that were read (canonical paths), for rebuild triggers.
    pub files: Vec<PathBuf>,
}

impl Bundle {
    /// The text, after telling cargo (from a build script) to run again when a file it was
    /// bundled from changes.
    pub fn rerun_text(self) -> String {
        for file in &self.files {
            println!("cargo:rerun-if-changed={}", file.display());
        }
        self.text
    }
}

/// Reads the contract at `path` and bundles the files it references.
pub fn read(path: &Path) -> Result<Bundle, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let value: Value = serde_yaml_ng::from_str(&text)
        .map_err(|e| format!("{} is not valid YAML or JSON: {e}", path.display()))?;
    if !has_external_ref(&value) {
        return Ok(Bundle {
            text,
            value,
            files: Vec::new(),
        });
    }
    let root_file = path
        .canonicalize()
        .map_err(|e| format!("cannot resolve {}: {e}", path.display()))?;
    let root_dir = root_file
        .parent()
        .map(Path::to_path_buf)
        .ok_or_else(|| format!("{} has no folder", path.display()))?;
    let mut bundler = Bundler {
        root_dir,
        root_file: root_file.clone(),
        docs: BTreeMap::from([(root_file, value.clone())]),
        placed: BTreeMap::new(),
        taken: BTreeSet::new(),
        pending: VecDeque::new(),
        inlining: Vec::new(),
    };
    let value = bundler.bundle(&value)?;
    let text = serde_json::to_string_pretty(&value)
        .map_err(|e| format!("cannot write the bundled contract: {e}"))?;
    let files = bundler
        .docs
        .keys()
        .filter(|file| **file != bundler.root_file)
        .cloned()
        .collect();
    Ok(Bundle { text, value, files })
}

/// Whether any `$ref` in `value` names another file.
pub fn has_external_ref(value: &Value) -> bool {
    match value {
        Value::Object(object) => {
            object
                .get("$ref")
                .and_then(Value::as_str)
                .is_some_and(|r| !r.starts_with('#'))
                || object.values().any(has_external_ref)
        }
        Value::Array(items) => items.iter().any(has_external_ref),
        _ => false,
    }
}

/// A place in one of the files: its canonical path and a JSON pointer (without `#`).
type Target = (PathBuf, String);

struct Bundler {
    root_dir: PathBuf,
    root_file: PathBuf,
    docs: BTreeMap<PathBuf, Value>,
    /// Where each referenced place lives in the bundle (a local reference).
    placed: BTreeMap<Target, String>,
    /// Component names in use, as (section, name).
    taken: BTreeSet<(String, String)>,
    /// Components still to copy in: (section, name, source).
    pending: VecDeque<(String, String, Target)>,
    /// Path items being inlined, to refuse a cycle of them.
    inlining: Vec<Target>,
}

impl Bundler {
    fn bundle(&mut self, root: &Value) -> Result<Value, String> {
        self.register_components(root)?;
        let root_file = self.root_file.clone();
        let mut out = self.walk(root, &root_file, &mut Vec::new())?;
        while let Some((section, name, target)) = self.pending.pop_front() {
            let content = self.content(&target)?;
            let mut site = vec!["components".to_owned(), section.clone(), name.clone()];
            let value = self.walk(&content, &target.0, &mut site)?;
            let components = out
                .as_object_mut()
                .ok_or("the contract is not an object")?
                .entry("components")
                .or_insert_with(|| Value::Object(Map::new()));
            let section = components
                .as_object_mut()
                .ok_or("`components` is not an object")?
                .entry(section)
                .or_insert_with(|| Value::Object(Map::new()));
            section
                .as_object_mut()
                .ok_or("a section of `components` is not an object")?
                .insert(name, value);
        }
        Ok(out)
    }

    /// Names the root document's components, and places the content of those that are a bare
    /// reference to another file under their own name.
    fn register_components(&mut self, root: &Value) -> Result<(), String> {
        let Some(components) = root.get("components").and_then(Value::as_object) else {
            return Ok(());
        };
        for (section, entries) in components {
            let Some(entries) = entries.as_object() else {
                continue;
            };
            for (name, entry) in entries {
                self.taken.insert((section.clone(), name.clone()));
                let Some(reference) = bare_ref(entry) else {
                    continue;
                };
                if reference.starts_with('#') {
                    continue;
                }
                let site = format!("#/components/{}/{}", escape(section), escape(name));
                let target = self.target(reference, &self.root_file.clone(), &site)?;
                self.placed.entry(target).or_insert(site);
            }
        }
        Ok(())
    }

    fn walk(
        &mut self,
        value: &Value,
        file: &Path,
        site: &mut Vec<String>,
    ) -> Result<Value, String> {
        match value {
            Value::Object(object) => {
                if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
                    return self.reference(object, reference, file, site);
                }
                let mut out = Map::new();
                for (key, child) in object {
                    site.push(key.clone());
                    let child = self.walk(child, file, site);
                    site.pop();
                    out.insert(key.clone(), child?);
                }
                Ok(Value::Object(out))
            }
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    site.push(i.to_string());
                    let item = self.walk(item, file, site);
                    site.pop();
                    out.push(item?);
                }
                Ok(Value::Array(out))
            }
            other => Ok(other.clone()),
        }
    }

    fn reference(
        &mut self,
        object: &Map<String, Value>,
        reference: &str,
        file: &Path,
        site: &mut Vec<String>,
    ) -> Result<Value, String> {
        if reference.starts_with('#') && file == self.root_file {
            return Ok(Value::Object(object.clone()));
        }
        let here = pointer(site);
        let target = self.target(reference, file, &here)?;
        if target.0 == self.root_file {
            return Ok(with_ref(object, format!("#{}", target.1)));
        }
        // A component that is a bare reference: its content goes here, under its own name.
        if self.placed.get(&target) == Some(&here) {
            let content = self.content(&target)?;
            return self.walk(&content, &target.0.clone(), site);
        }
        if let Some(local) = self.placed.get(&target) {
            return Ok(with_ref(object, local.clone()));
        }
        let Some(section) = section_for(site) else {
            return self.inline_path_item(target, site);
        };
        let name = self.fresh_name(&section, &target);
        let local = format!("#/components/{}/{}", escape(&section), escape(&name));
        self.placed.insert(target.clone(), local.clone());
        self.pending.push_back((section, name, target));
        Ok(with_ref(object, local))
    }

    /// A path item cannot live in `components` (OpenAPI 3.0): it is copied in place.
    fn inline_path_item(
        &mut self,
        target: Target,
        site: &mut Vec<String>,
    ) -> Result<Value, String> {
        if self.inlining.contains(&target) {
            return Err(format!(
                "the path item at {} references itself through other files",
                pointer(site)
            ));
        }
        let content = self.content(&target)?;
        self.inlining.push(target.clone());
        let out = self.walk(&content, &target.0, site);
        self.inlining.pop();
        out
    }

    fn fresh_name(&mut self, section: &str, target: &Target) -> String {
        let base = target
            .1
            .rsplit('/')
            .next()
            .filter(|token| !token.is_empty())
            .map(|token| token.replace("~1", "/").replace("~0", "~"))
            .or_else(|| {
                target
                    .0
                    .file_stem()
                    .map(|stem| stem.to_string_lossy().into_owned())
            })
            .unwrap_or_else(|| "Bundled".to_owned());
        let mut name = base.clone();
        let mut n = 2;
        while self.taken.contains(&(section.to_owned(), name.clone())) {
            name = format!("{base}{n}");
            n += 1;
        }
        self.taken.insert((section.to_owned(), name.clone()));
        name
    }

    /// The file and pointer a reference written in `file` names, after the safety checks.
    fn target(&mut self, reference: &str, file: &Path, site: &str) -> Result<Target, String> {
        let (path, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let where_ = format!("`$ref: {reference}` at {site} in {}", self.shown(file));
        if !fragment.is_empty() && !fragment.starts_with('/') {
            return Err(format!(
                "{where_}: the part after `#` must be a JSON pointer starting with `/`"
            ));
        }
        if path.is_empty() {
            return Ok((file.to_path_buf(), fragment.to_owned()));
        }
        if is_url(path) {
            return Err(format!(
                "{where_} points to a URL: only files inside the spec folder are read, never the network"
            ));
        }
        if path.starts_with('/') || path.starts_with('\\') || Path::new(path).is_absolute() {
            return Err(format!(
                "{where_} is an absolute path: references name files relative to the spec folder"
            ));
        }
        let joined = file.parent().unwrap_or(&self.root_dir).join(path);
        let canonical = joined
            .canonicalize()
            .map_err(|e| format!("{where_}: cannot read {}: {e}", joined.display()))?;
        if !canonical.starts_with(&self.root_dir) {
            return Err(format!(
                "{where_} leaves the spec folder {} (through `..` or a symbolic link): refused",
                self.root_dir.display()
            ));
        }
        if !self.docs.contains_key(&canonical) {
            let text = std::fs::read_to_string(&canonical)
                .map_err(|e| format!("{where_}: cannot read {}: {e}", canonical.display()))?;
            let doc: Value = serde_yaml_ng::from_str(&text).map_err(|e| {
                format!(
                    "{where_}: {} is not valid YAML or JSON: {e}",
                    self.shown(&canonical)
                )
            })?;
            self.docs.insert(canonical.clone(), doc);
        }
        Ok((canonical, fragment.to_owned()))
    }

    fn content(&self, target: &Target) -> Result<Value, String> {
        self.docs
            .get(&target.0)
            .and_then(|doc| doc.pointer(&target.1))
            .cloned()
            .ok_or_else(|| {
                format!(
                    "the reference to {}#{} points to nothing",
                    self.shown(&target.0),
                    target.1
                )
            })
    }

    fn shown(&self, file: &Path) -> String {
        file.strip_prefix(&self.root_dir)
            .unwrap_or(file)
            .display()
            .to_string()
    }
}

/// The `$ref` of an object that holds nothing else.
fn bare_ref(value: &Value) -> Option<&str> {
    let object = value.as_object()?;
    (object.len() == 1)
        .then(|| object.get("$ref").and_then(Value::as_str))
        .flatten()
}

fn with_ref(object: &Map<String, Value>, reference: String) -> Value {
    let mut out = object.clone();
    out.insert("$ref".to_owned(), Value::String(reference));
    Value::Object(out)
}

/// A scheme (`https:`, `file:`) or a network path (`//host`).
fn is_url(path: &str) -> bool {
    if path.starts_with("//") {
        return true;
    }
    let Some((scheme, _)) = path.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// The `components` section a reference at `site` (tokens of the bundled document) belongs in;
/// `None` for a path item, which has no section in OpenAPI 3.0.
fn section_for(site: &[String]) -> Option<String> {
    let n = site.len();
    if n == 3 && site[0] == "components" {
        return Some(site[1].clone());
    }
    if n == 2 && site[0] == "paths" {
        return None;
    }
    let last = site.last().map(String::as_str).unwrap_or("");
    let parent = if n >= 2 { site[n - 2].as_str() } else { "" };
    let grandparent = if n >= 3 { site[n - 3].as_str() } else { "" };
    let in_schema = grandparent == "properties";
    let section = match (parent, last) {
        ("parameters", index) if index.parse::<usize>().is_ok() => "parameters",
        ("responses", code) if !in_schema && is_status(code) => "responses",
        (_, "requestBody") => "requestBodies",
        ("headers", _) if !in_schema => "headers",
        ("examples", _) if !in_schema => "examples",
        ("links", _) if !in_schema => "links",
        ("callbacks", _) if !in_schema => "callbacks",
        _ => "schemas",
    };
    Some(section.to_owned())
}

fn is_status(code: &str) -> bool {
    code == "default" || (code.len() == 3 && code.chars().all(|c| c.is_ascii_digit() || c == 'X'))
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn pointer(site: &[String]) -> String {
    let mut out = "#".to_owned();
    for token in site {
        out.push('/');
        out.push_str(&escape(token));
    }
    out
}
