//! Every setting of the generated client, in one place.
//!
//! `build.rs` compiles this file (feature `generate`, on inside this workspace) to generate the
//! client and compare it with the committed one, and `cargo xtask` includes the same file to
//! regenerate and check it (both as a module named `settings`), so what is committed, snapshotted
//! and compiled is byte for byte what these settings generate. Where the committed client lives is
//! defined here too ([`CLIENT_PATH`], [`SNAPSHOT_PATH`]).

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
    name_builders(&mut file);
    mask_personal_data_in_debug(&mut file, &personal);
    file.items.push(personal_data_item(&personal));
    Ok(prettyplease::unparse(&file))
}

/// The `PERSONAL_DATA_FIELDS` constant: the properties the contract marks as personal data, kept
/// in the generated client so a service compiles the list without reading the contract.
fn personal_data_item(fields: &[String]) -> syn::Item {
    let first = format!(
        " The properties the contract marks as personal data (`{}: true`), read from the",
        personal_data::MARK
    );
    let second =
        " contract when this client was generated. Their values are masked in error messages,";
    let third = " `Debug` output, body snippets and logs.";
    syn::parse_quote! {
        #[doc = #first]
        #[doc = #second]
        #[doc = #third]
        pub const PERSONAL_DATA_FIELDS: &[&str] = &[#(#fields),*];
    }
}

/// The suffix of a generated builder's name: `Session::builder()` returns a `SessionBuilder`.
pub const BUILDER_SUFFIX: &str = "Builder";

/// Gives every builder of `mod types::builder` a name of its own (`SessionBuilder` for `Session`),
/// instead of the data type's name the generator reuses, so documentation and error messages never
/// show `TryFrom<Session> for Session`. Renames the structs and every path that names them: inside
/// `types::builder` (bare names) and in `types` (`builder::Session`).
pub fn name_builders(file: &mut syn::File) {
    use syn::visit_mut::VisitMut;

    let Some(types) = file.items.iter_mut().find_map(|item| match item {
        syn::Item::Mod(module) if module.ident == "types" => module.content.as_mut(),
        _ => None,
    }) else {
        return;
    };
    let Some(builders) = types.1.iter_mut().find_map(|item| match item {
        syn::Item::Mod(module) if module.ident == "builder" => module.content.as_mut(),
        _ => None,
    }) else {
        return;
    };
    let names: Vec<String> = builders
        .1
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(strukt) => Some(strukt.ident.to_string()),
            _ => None,
        })
        .collect();
    let mut inside = RenameBuilders {
        names: &names,
        prefix: None,
    };
    for item in &mut builders.1 {
        inside.visit_item_mut(item);
    }
    let mut outside = RenameBuilders {
        names: &names,
        prefix: Some("builder"),
    };
    for item in &mut types.1 {
        let is_builder_module = matches!(item, syn::Item::Mod(module) if module.ident == "builder");
        if !is_builder_module {
            outside.visit_item_mut(item);
        }
    }
}

/// Renames builder structs and the paths naming them: bare names inside `types::builder`
/// (`prefix: None`), `builder::Name` elsewhere in `types` (`prefix: Some("builder")`).
struct RenameBuilders<'a> {
    names: &'a [String],
    prefix: Option<&'static str>,
}

impl RenameBuilders<'_> {
    fn renamed(&self, ident: &syn::Ident) -> Option<syn::Ident> {
        self.names
            .iter()
            .any(|name| ident == name)
            .then(|| quote::format_ident!("{ident}{BUILDER_SUFFIX}"))
    }
}

impl syn::visit_mut::VisitMut for RenameBuilders<'_> {
    fn visit_item_struct_mut(&mut self, strukt: &mut syn::ItemStruct) {
        if self.prefix.is_none()
            && let Some(ident) = self.renamed(&strukt.ident)
        {
            strukt.ident = ident;
        }
        syn::visit_mut::visit_item_struct_mut(self, strukt);
    }

    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        let segments = path.segments.len();
        let matches_prefix = match self.prefix {
            None => segments == 1 && path.leading_colon.is_none(),
            Some(prefix) => {
                segments == 2
                    && path.leading_colon.is_none()
                    && path.segments.first().is_some_and(|s| s.ident == prefix)
            }
        };
        if matches_prefix
            && let Some(last) = path.segments.last_mut()
            && let Some(ident) = self.renamed(&last.ident)
        {
            last.ident = ident;
        }
        syn::visit_mut::visit_path_mut(self, path);
    }
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

/// The committed client, relative to the workspace root: the content file of an insta binary
/// snapshot, which `sessions-api-gen` compiles. The one copy of the generated bytes.
pub const CLIENT_PATH: &str = "sessions-api-gen/src/generated/client.snap.rs";

/// The insta metadata of the snapshot whose content is [`CLIENT_PATH`], relative to the workspace
/// root.
pub const SNAPSHOT_PATH: &str = "sessions-api-gen/src/generated/client.snap";

/// What to do when the committed client is stale.
pub const SNAPSHOT_FIX: &str =
    "run `cargo xtask codegen`, review `git diff sessions-api-gen/src/generated`, and commit it";

/// The insta metadata `cargo xtask codegen` writes beside a new client (insta keeps its own when
/// it writes one).
pub const SNAPSHOT_METADATA: &str =
    "---\nsource: tests/tests/generated_client.rs\nextension: rs\nsnapshot_kind: binary\n---\n";

/// Whether the committed client holds exactly the freshly generated `source`.
pub fn is_current(committed: &str, source: &str) -> bool {
    committed == source
}
