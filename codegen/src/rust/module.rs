//! The assembler: the one place that calls the printers (`event`, `types`,
//! `serde_impls`, `by_action`, `macros`, `validate`, `schemars_impls`,
//! `delivery`, `test_suite`, `cargo`) and puts what they return together
//! as files: the crate's, or the single `webhooks.rs` a build script
//! includes (reshaped by `single_file`). Printers read the plan and never
//! each other.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::output::{rust_file, BackendError, OutputFile};
use super::plan::features::cfg_attr;
use super::plan::{CratePlan, ProviderPlan};
use super::settings::{CrateSettings, RUNTIME_VERSION};
use super::single_file::{self, parse_module_path, DATA_DIR};
use super::tokens::{ident, private_use};
use super::{
    by_action, cargo, delivery, event, macros, schemars_impls, serde_impls, test_suite, types,
    validate,
};
use crate::ir::{Docs, EnumId, ObjectId};
use crate::names::{snake, Namer};

/// Every file of the crate, sorted by path; the same input gives the same bytes.
pub fn generate_crate(
    docs: &Docs,
    settings: &CrateSettings,
) -> Result<Vec<OutputFile>, BackendError> {
    let plan = CratePlan::new(docs);
    let crate_ident = ident(&settings.crate_name.replace('-', "_"));
    let mut files = vec![
        OutputFile {
            path: "Cargo.toml".to_string(),
            contents: cargo::manifest(&plan, settings).into_bytes(),
        },
        rust_file("src/lib.rs", {
            let mut lib = lib_rs(&plan, &crate_ident);
            lib.extend(macros::lib_items(&plan));
            lib.extend(validate::lib_items(&plan));
            lib
        })?,
    ];
    for p in &plan.providers {
        let dir = format!("src/{}", p.module);
        files.push(rust_file(&format!("{dir}/mod.rs"), provider_module(p))?);
        let (module, types) = types_files(p);
        files.push(rust_file(&format!("{dir}/types.rs"), module)?);
        for (stem, tokens) in types {
            files.push(rust_file(&format!("{dir}/types/{stem}.rs"), tokens)?);
        }
    }
    let (payloads, tests) = test_suite::suite(&plan, settings, &crate_ident);
    files.extend(payloads);
    files.extend(validate::files(&plan, settings)?);
    files.extend(schemars_impls::files(&plan, settings)?);
    files.push(rust_file("tests/examples.rs", tests)?);
    if let Some(tests) = delivery::tests(&plan, &crate_ident) {
        files.push(rust_file("tests/delivery.rs", tests)?);
    }
    if let Some(example) = delivery::example(&plan, &crate_ident) {
        files.push(rust_file("examples/receiver.rs", example)?);
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Source of the one-file module; `events` keeps only those events (by name)
/// typed, the others parse as unknown, like a crate feature turned off.
/// `module_path` is where the user's crate includes it, from the crate
/// root (`webhooks`, `a::b`; empty for the root): `event!` names the types
/// through it.
pub fn single_module(
    docs: &Docs,
    events: Option<&BTreeSet<String>>,
    module_path: &str,
) -> Result<String, BackendError> {
    let plan = CratePlan::new(docs);
    let module_path = parse_module_path(module_path).ok_or_else(|| BackendError {
        path: "webhooks.rs".to_string(),
        message: format!("`{module_path}` is not a path of modules"),
    })?;
    let check = runtime_check();
    let event = macros::included_items(&plan, &module_path);
    let tests = validate::included_items(&plan, &module_path);
    let mut items = single_file::parse_file("root", quote!(#check #event #tests))?.items;

    for p in &plan.providers {
        let enabled: BTreeSet<String> = p
            .provider
            .events
            .iter()
            .zip(&p.features)
            .filter(|(e, _)| events.is_none_or(|keep| keep.contains(&e.name)))
            .map(|(_, f)| f.clone())
            .collect();
        let schemas = format!("{DATA_DIR}/schemas");
        let dirs = validate::Dirs {
            schemas: &schemas,
            root: DATA_DIR,
            shown: &schemas,
        };
        let inline = [
            ("types", types_module(p)),
            ("validation", validate::provider_file(p, &dirs)),
        ];
        single_file::push_provider(
            &mut items,
            &p.module,
            plan.single(),
            provider_module(p),
            inline,
            &enabled,
        )?;
    }
    Ok(single_file::print(items))
}

/// Source of `src/<provider>/mod.rs`: the event items, then what each
/// printer adds to a provider's module.
fn provider_module(p: &ProviderPlan<'_>) -> TokenStream {
    let event = event::provider_items(p);
    let names = macros::provider_items(p);
    let schemars = schemars_impls::provider_items();
    let validation = validate::provider_items();
    let delivery = delivery::provider_items(p);
    quote! {
        #event
        #names
        #schemars
        #validation
        #delivery
    }
}

fn lib_rs(plan: &CratePlan<'_>, crate_ident: &proc_macro2::Ident) -> TokenStream {
    let delivery = delivery::lib_items();
    let check = runtime_check();
    let names: Vec<String> = plan
        .providers
        .iter()
        .map(|p| format!("`{}`", p.provider.name))
        .collect();
    let title = format!(
        " Typed webhook payloads for {}, generated from the documentation.",
        names.join(", ")
    );
    let example = missing_field_example(plan, crate_ident);
    let parsing = quote! {
        #![doc = ""]
        #![doc = " A field the docs say every delivery carries, never `null`, is a plain `T`; any"]
        #![doc = " other field is an `Option<T>`, where JSON `null` and an absent key both read as"]
        #![doc = " `None`. A delivery that lacks a plain field, or sends it as `null`, still"]
        #![doc = " parses: the field holds its type's default, and `Event::drift` lists it by JSON"]
        #![doc = " path, beside the keys the docs do not list (`parse_strict` rejects such a"]
        #![doc = " delivery instead). Each object remembers which keys were `null` (`is_null`)"]
        #![doc = " or absent and keeps undocumented keys in its `extra` as the JSON text received"]
        #![doc = " (`extra.value(key)` builds a `Value`, `extra.get_as::<T>(key)` your own type),"]
        #![doc = " so serializing a parsed payload gives the same JSON. A repeated key keeps its"]
        #![doc = " last value. A value of another type than the docs say (a `null` inside an"]
        #![doc = " array too) is kept in its object's `extra`, written back in the field's place,"]
        #![doc = " and listed by `Event::drift` as mismatched; `parse_strict` rejects it."]
        #example
    };
    let modules = if plan.single() {
        let p = &plan.providers[0];
        let (module, event, unknown) = (&p.module, &p.event_enum, &p.unknown);
        let usage = format!(
            " [`parse`] turns an event name and a body into an [`{event}`]. Each event has a \
             cargo feature (all on by default); with it off the event parses as \
             [`{event}::{unknown}`] and its types are not compiled."
        );
        quote! {
            #![doc = ""]
            #![doc = #usage]
            #parsing

            mod #module;

            pub use self::#module::*;
        }
    } else {
        let modules = plan.providers.iter().map(|p| &p.module);
        quote! {
            #![doc = ""]
            #![doc = " One module per provider, each with its own `Event`, `parse` and types. Each \
                      event has a cargo feature (all on by default); with it off the event \
                      parses as unknown and its types are not compiled."]
            #parsing

            #(pub mod #modules;)*
        }
    };
    quote! {
        #![doc = #title]
        #modules

        #check

        #delivery
    }
}

/// The runtime version check, an item of the crate root or included file:
/// a runtime of another version fails here, saying which one to use.
fn runtime_check() -> TokenStream {
    quote!(::webhook_runtime::generated_for!(#RUNTIME_VERSION);)
}

/// One type: its name, the `#[cfg]` gate of its events, and its items
/// (definition, then impls) without the gate.
struct TypeItems {
    name: String,
    cfg: TokenStream,
    items: [TokenStream; 2],
}

/// Every type of a provider, objects then enums: the definition with its
/// per-action view, and the serde impls in a `const _` block, whose helper
/// items then stay out of the module's namespace.
fn all_types(p: &ProviderPlan<'_>) -> Vec<TypeItems> {
    let space = &p.provider.types;
    let objects = (0..space.objects.len()).map(|i| {
        let id = ObjectId(i);
        let definition = types::object(p, id);
        let view = by_action::items(p, id);
        let impls = serde_impls::object_impls(p, id);
        TypeItems {
            name: space.object(id).rust_name.clone(),
            cfg: cfg_attr(&p.object_gates[i], &p.features),
            items: [quote!(#definition #view), quote!(const _: () = { #impls };)],
        }
    });
    let enums = (0..space.enums.len()).map(|i| {
        let id = EnumId(i);
        let definition = types::enumeration(p, id);
        let impls = serde_impls::enum_impls(p, id);
        TypeItems {
            name: space.enumeration(id).rust_name.clone(),
            cfg: cfg_attr(&p.enum_gates[i], &p.features),
            items: [definition, quote!(const _: () = { #impls };)],
        }
    });
    objects.chain(enums).collect()
}

/// `src/<provider>/types.rs` as one module, every item gated.
pub(crate) fn types_module(p: &ProviderPlan<'_>) -> TokenStream {
    let intro = types::intro(p);
    let types = all_types(p).into_iter().map(|t| {
        let (cfg, [definition, impls]) = (&t.cfg, &t.items);
        quote! {
            #cfg
            #definition
            #cfg
            #impls
        }
    });
    let use_rt = private_use();
    quote! {
        #![doc = #intro]
        #use_rt
        #(#types)*
    }
}

/// `src/<provider>/types.rs` as the crate writes it: one `include!` per
/// type, of `types/<type>.rs`, under the type's gate. A gated `include!` is
/// dropped before its file is read, so a build with one event's feature
/// does not even parse the types it does not use; and the types stay in one
/// module, which keeps the full build's codegen units as they were.
pub(crate) fn types_files(p: &ProviderPlan<'_>) -> (TokenStream, Vec<(String, TokenStream)>) {
    let intro = types::intro(p);
    let mut stems = Namer::new();
    let mut includes = Vec::new();
    let mut files = Vec::new();
    for t in all_types(p) {
        let stem = stems.claim(&snake(&t.name));
        let path = format!("types/{stem}.rs");
        let cfg = &t.cfg;
        includes.push(quote! {
            #cfg
            include!(#path);
        });
        let [definition, impls] = t.items;
        files.push((stem, quote!(#definition #impls)));
    }
    let use_rt = private_use();
    let module = quote! {
        #![doc = #intro]
        #use_rt
        #(#includes)*
    };
    (module, files)
}

/// The root page's example of a delivery lacking its plain fields, as a
/// doctest, so the page's claims are compiled and run with the crate's
/// tests: the first event (in provider order) whose payload has plain
/// fields, parsed from `{}`. Nothing when no event has one.
fn missing_field_example(plan: &CratePlan<'_>, crate_ident: &proc_macro2::Ident) -> TokenStream {
    let Some((p, event, plain)) = plan.providers.iter().find_map(|p| {
        p.provider
            .events
            .iter()
            .zip(&p.features)
            .find_map(|(e, feature)| {
                let payload = p.provider.types.object(e.payload);
                let plain: Vec<&crate::ir::Field> =
                    payload.fields.iter().filter(|f| f.is_plain()).collect();
                (!plain.is_empty()).then_some((p, (e, feature), plain))
            })
    }) else {
        return TokenStream::new();
    };
    let ((e, feature), event_enum) = (event, &p.event_enum);
    let module = if plan.single() {
        crate_ident.to_string()
    } else {
        format!("{crate_ident}::{}", p.module)
    };
    let variant = &e.variant;
    let missing: Vec<String> = plain
        .iter()
        .map(|f| {
            let key = &f.name;
            if key
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                format!("\".{key}\"")
            } else {
                format!("{:?}", format!("[{key:?}]"))
            }
        })
        .collect();
    let first = &plain[0];
    let extra = &p.extra[e.payload.0];
    // The field's type written out shows it is no `Option`.
    let space = &p.provider.types;
    let ty = match &first.ty {
        crate::ir::Type::String { .. } => "String".to_string(),
        crate::ir::Type::Integer => "i64".to_string(),
        crate::ir::Type::Boolean => "bool".to_string(),
        crate::ir::Type::Object(id) => format!("{module}::{}", space.object(*id).rust_name),
        crate::ir::Type::Enum(id) => format!("{module}::{}", space.enumeration(*id).rust_name),
        _ => "_".to_string(),
    };
    let lines = [
        String::new(),
        " # A delivery without its plain fields".to_string(),
        String::new(),
        " ```".to_string(),
        format!(" # #[cfg(feature = {feature:?})] {{"),
        format!(" use {module}::{{parse, parse_strict, {event_enum}}};"),
        String::new(),
        format!(
            " // The docs say every `{}` delivery carries these; this one has none.",
            e.name
        ),
        format!(" let event = parse({:?}, b\"{{}}\").unwrap();", e.name),
        format!(" let {event_enum}::{variant}(payload) = &event else {{ panic!(\"not typed\") }};"),
        " // A plain field, not an `Option`: it holds its type's default.".to_string(),
        format!(" let _plain: &{ty} = &payload.{};", first.rust_name),
        format!(" assert!(payload.{extra}.is_absent({:?}));", first.name),
        format!(
            " assert_eq!(event.drift().missing, [{}]);",
            missing.join(", ")
        ),
        " // Serializing gives back what was sent.".to_string(),
        " assert_eq!(serde_json::to_string(&event).unwrap(), \"{}\");".to_string(),
        " // Strict parsing rejects it, naming the first field missing.".to_string(),
        format!(
            " let error = parse_strict({:?}, b\"{{}}\").unwrap_err();",
            e.name
        ),
        format!(" assert_eq!(error.path(), {});", missing[0]),
        " # }".to_string(),
        " ```".to_string(),
    ];
    quote!(#(#![doc = #lines])*)
}
