//! Every setting of the generated client, in one place.
//!
//! `build.rs` compiles this file to generate the client, and `cargo xtask` includes the same file to
//! regenerate and check the snapshot (both as a module named `settings`), so what is snapshotted is
//! byte for byte what is compiled. The snapshot's path is defined here too ([`SNAPSHOT_PATH`]).

use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TypeImpl};
use quote::quote;

/// The contract's personal-data marks (`x-personal-data: true`), shared with `build.rs`.
#[path = "personal_data.rs"]
pub mod personal_data;

/// Named schemas of open value sets, each replaced by a hand-written open enum of the same name in
/// the generated crate (`x-extensible-enum` in the contract).
pub const OPEN_ENUMS: &[&str] = &["SessionStatus", "Outcome", "Verdict", "Environment"];

/// The generator settings: builder interface, extra derives, open enums, and the hooks seam.
pub fn settings() -> GenerationSettings {
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Builder)
        // Per-request behaviour (auth, retries) is plugged in by the wrapper through `Hooks`.
        .with_inner_type(quote!(crate::hooks::Hooks))
        .with_hooks(HooksMode::Expected)
        .with_derive("schemars::JsonSchema")
        .with_derive("PartialEq");
    for name in OPEN_ENUMS {
        settings.with_replacement(
            name,
            format!("crate::open_enums::{name}"),
            [TypeImpl::Display, TypeImpl::FromStr].into_iter(),
        );
    }
    // The environment a request names is the closed set the API accepts; the SDK keeps one type
    // for both sides (its request validation refuses values outside the set).
    settings.with_replacement(
        "EnvironmentParameter",
        "crate::open_enums::Environment",
        [TypeImpl::Display, TypeImpl::FromStr].into_iter(),
    );
    settings
}

/// Generates the client's Rust source from the contract's YAML text, formatted with prettyplease.
pub fn generate(spec_yaml: &str) -> Result<String, String> {
    let value: serde_json::Value = serde_yaml_ng::from_str(spec_yaml)
        .map_err(|e| format!("the spec is not valid YAML: {e}"))?;
    let personal = personal_data::marked_properties(&value);
    let spec: openapiv3::OpenAPI = serde_json::from_value(value)
        .map_err(|e| format!("the spec is not an OpenAPI 3.0 document: {e}"))?;
    let mut generator = Generator::new(&settings());
    let tokens = generator
        .generate_tokens(&spec)
        .map_err(|e| format!("progenitor failed: {e}"))?;
    let mut file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("generated code does not parse: {e}"))?;
    mark_non_exhaustive(&mut file);
    mask_personal_data_in_debug(&mut file, &personal);
    Ok(prettyplease::unparse(&file))
}

/// Adds `#[non_exhaustive]` to the public data types the generator writes into `mod types`: every
/// `pub struct` with a public field and every `pub enum`.
///
/// A compatible contract change (a new optional property, a new value of a closed set, a new
/// alternative of a `oneOf`) then stays a compatible change of the crate: users cannot write a
/// struct literal or an exhaustive `match` that the new field or variant would break. Users build
/// values with the generated builders (`Session::builder()...try_into()`), which grow a setter per
/// new property. Builder structs (`types::builder`) and newtypes with a private field are left
/// alone: their fields are private already.
pub fn mark_non_exhaustive(file: &mut syn::File) {
    for item in &mut file.items {
        if let syn::Item::Mod(module) = item
            && module.ident == "types"
            && let Some((_, items)) = &mut module.content
        {
            for item in items {
                let attrs = match item {
                    syn::Item::Struct(s) if is_pub(&s.vis) && has_pub_field(&s.fields) => {
                        &mut s.attrs
                    }
                    syn::Item::Enum(e) if is_pub(&e.vis) => &mut e.attrs,
                    _ => continue,
                };
                if !attrs.iter().any(|a| a.path().is_ident("non_exhaustive")) {
                    attrs.push(syn::parse_quote!(#[non_exhaustive]));
                }
            }
        }
    }
}

/// What `Debug` shows in place of a value the contract marks as personal data.
pub const PERSONAL_DATA_MASK: &str = "[personal data]";

/// Replaces the derived `Debug` of every generated type (data types and their builders) that holds
/// a property the contract marks as personal data with one that shows [`PERSONAL_DATA_MASK`] in its
/// place, so `{:?}` of a session (or of a page of them) never prints a subject id. Driven by the
/// marks: a newly marked property is masked when the client is regenerated.
pub fn mask_personal_data_in_debug(file: &mut syn::File, personal: &[String]) {
    let marked: Vec<String> = personal.iter().map(|name| normalize(name)).collect();
    if marked.is_empty() {
        return;
    }
    for item in &mut file.items {
        if let syn::Item::Mod(module) = item
            && module.ident == "types"
        {
            mask_in_module(module, &marked);
        }
    }
}

fn mask_in_module(module: &mut syn::ItemMod, marked: &[String]) {
    let Some((_, items)) = &mut module.content else {
        return;
    };
    let mut impls = Vec::new();
    for item in items.iter_mut() {
        match item {
            syn::Item::Mod(inner) => mask_in_module(inner, marked),
            syn::Item::Struct(strukt) => {
                let holds_marked = strukt.fields.iter().any(|field| {
                    field
                        .ident
                        .as_ref()
                        .is_some_and(|ident| marked.contains(&normalize(&ident.to_string())))
                });
                if holds_marked && remove_derived_debug(&mut strukt.attrs) {
                    impls.push(masked_debug_impl(strukt, marked));
                }
            }
            _ => {}
        }
    }
    items.extend(impls);
}

/// Drops `Debug` from a `#[derive(...)]` list; whether it was there.
fn remove_derived_debug(attrs: &mut [syn::Attribute]) -> bool {
    use syn::punctuated::Punctuated;
    let mut removed = false;
    for attr in attrs.iter_mut().filter(|a| a.path().is_ident("derive")) {
        let Ok(paths) =
            attr.parse_args_with(Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
        else {
            continue;
        };
        let kept: Punctuated<syn::Path, syn::Token![,]> = paths
            .iter()
            .filter(|path| path.segments.last().is_none_or(|s| s.ident != "Debug"))
            .cloned()
            .collect();
        if kept.len() != paths.len() {
            removed = true;
            *attr = syn::parse_quote!(#[derive(#kept)]);
        }
    }
    removed
}

fn masked_debug_impl(strukt: &syn::ItemStruct, marked: &[String]) -> syn::Item {
    let name = &strukt.ident;
    let label = name.to_string();
    let fields = strukt.fields.iter().filter_map(|field| {
        let ident = field.ident.as_ref()?;
        let text = ident.to_string();
        Some(if marked.contains(&normalize(&text)) {
            quote!(.field(#text, &#PERSONAL_DATA_MASK))
        } else {
            quote!(.field(#text, &self.#ident))
        })
    });
    syn::parse_quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#label) #(#fields)* .finish()
            }
        }
    }
}

/// A property name compared without case or underscores (`subjectId` and `subject_id` alike).
fn normalize(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

fn has_pub_field(fields: &syn::Fields) -> bool {
    fields.iter().any(|field| is_pub(&field.vis))
}

/// Where the insta snapshot of the generated client lives, relative to the workspace root.
pub const SNAPSHOT_PATH: &str = "tests/tests/snapshots/generated_client__generated_client.snap";

/// What to do when the snapshot is stale.
pub const SNAPSHOT_FIX: &str = "run `cargo xtask codegen`, review the snapshot diff, and commit it";

/// The header insta writes for the snapshot (used when there is no file to take it from).
const SNAPSHOT_HEADER: &str = "---\nsource: tests/tests/generated_client.rs\nexpression: \"sessions_api_gen::GENERATED_SOURCE\"\n---\n";

/// The body of an insta snapshot file (after its `---` header).
pub fn snapshot_body(file: &str) -> Option<&str> {
    let rest = file.strip_prefix("---\n")?;
    let end = rest.find("\n---\n")?;
    Some(&rest[end + 5..])
}

/// Whether a snapshot file holds exactly `source`.
pub fn snapshot_matches(file: &str, source: &str) -> bool {
    snapshot_body(file).is_some_and(|body| body.trim_end() == source.trim_end())
}

/// The snapshot file for `source`, keeping the header of `existing` when there is one.
pub fn snapshot_file(existing: Option<&str>, source: &str) -> String {
    let header = existing
        .and_then(|file| {
            let body = snapshot_body(file)?;
            Some(&file[..file.len() - body.len()])
        })
        .unwrap_or(SNAPSHOT_HEADER);
    format!("{header}{}\n", source.trim_end())
}
