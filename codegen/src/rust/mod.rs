//! Rust back-end: the typed crate.
//!
//! [`generate_crate`] prints the whole crate from the IR: `Cargo.toml`, one
//! module per provider (types, `Event`, `parse`, the vendor's signature and
//! header configuration), the example payloads and tests that check them.
//! What does not depend on the docs (the visitor the types parse through,
//! signature checks, validation) is the hand-written `webhook-runtime`
//! crate, which the generated code names by absolute path. It never invents
//! identifiers beyond a few fixed ones, settled in [`plan`].

mod action_expr;
mod by_action;
mod cargo;
mod delivery;
mod event;
mod macros;
mod module;
mod output;
mod plan;
mod schemars_impls;
mod serde_impls;
mod settings;
mod test_suite;
mod tokens;
mod types;
mod validate;

#[cfg(test)]
mod tests;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Docs;
pub use module::{parse_module_path, single_module, DATA_DIR};
use output::rust_file;
pub use output::{BackendError, OutputFile, PREAMBLE};
use plan::CratePlan;
pub use settings::{CrateSettings, RuntimeDependency, RUNTIME_VERSION};
use tokens::ident;

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
            let mut lib = lib_rs(&plan);
            lib.extend(macros::lib_items(&plan));
            lib.extend(validate::lib_items(&plan));
            lib
        })?,
    ];
    for p in &plan.providers {
        let dir = format!("src/{}", p.module);
        files.push(rust_file(
            &format!("{dir}/mod.rs"),
            event::provider_module(p),
        )?);
        let (module, types) = types::types_files(p);
        files.push(rust_file(&format!("{dir}/types.rs"), module)?);
        for (stem, tokens) in types {
            files.push(rust_file(&format!("{dir}/types/{stem}.rs"), tokens)?);
        }
    }
    let (payloads, tests) = test_suite::suite(&plan, settings, &crate_ident);
    files.extend(payloads);
    files.extend(validate::files(&plan, settings)?);
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

fn lib_rs(plan: &CratePlan) -> TokenStream {
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
    let parsing = quote! {
        #![doc = ""]
        #![doc = " Every field is an `Option`: JSON `null` and an absent key both read as `None`,"]
        #![doc = " but each object remembers which keys were `null` (`is_null`) and writes them"]
        #![doc = " back, and keeps undocumented keys in its map of extras, so serializing a"]
        #![doc = " parsed payload gives the same JSON. A repeated key keeps its last value. A"]
        #![doc = " `null` inside an array is a type error, like any other value of the wrong type."]
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
