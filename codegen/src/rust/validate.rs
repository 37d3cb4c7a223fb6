//! Checks for consumers: `validate` (feature `validate`), `undocumented_fields`
//! (feature `undocumented`, on by default), `examples` and `example_tests!`
//! (feature `testing`).
//!
//! The schemas are embedded with `include_str!` from the checked-in schema
//! directory into one `webhook_runtime` `Schemas` table per provider, so
//! `validate` checks exactly what `schemas/` publishes, and
//! `undocumented_fields` walks the same text with serde_json alone: plain
//! users compile no validator, and the two can never disagree about what
//! the docs describe. It has a feature of its own so that a build of one
//! event (`default-features = false`) compiles nothing else. The walks, the
//! validator and the test runner are the runtime's.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::output::{rust_file, BackendError, OutputFile};
use super::plan::examples::{example_files, schema_stems};
use super::plan::{CratePlan, ProviderPlan};
use super::settings::CrateSettings;
use super::tokens::{ident, private, private_use};
use crate::names::{snake, Namer};

/// Items of a provider's `mod.rs`.
pub(crate) fn provider_items() -> TokenStream {
    quote! {
        mod validation;

        #[cfg(feature = "undocumented")]
        pub use self::validation::undocumented_fields;
        #[cfg(feature = "validate")]
        pub use self::validation::validate;
        #[cfg(feature = "validate")]
        pub use ::webhook_runtime::validation::{ValidationError, ValidationErrors};
        #[cfg(feature = "testing")]
        pub use self::validation::examples;
        #[cfg(feature = "testing")]
        pub use ::webhook_runtime::testing::Example;
        #[cfg(feature = "testing")]
        #[doc(hidden)]
        pub use self::validation::run_example as __run_example;
    }
}

/// Items of `lib.rs`: the shared types, from the runtime, and the
/// `example_tests!` macros.
pub(crate) fn lib_items(plan: &CratePlan<'_>) -> TokenStream {
    let macros = plan.providers.iter().map(|p| example_macro(plan, p));
    quote! {
        /// The types every provider's `validate` and `examples` share, from
        /// `webhook-runtime`.
        pub mod validation {
            #[cfg(feature = "validate")]
            pub use ::webhook_runtime::validation::{ValidationError, ValidationErrors};
            #[cfg(feature = "testing")]
            pub use ::webhook_runtime::testing::Example;
        }

        #(#macros)*
    }
}

fn macro_name(plan: &CratePlan<'_>, p: &ProviderPlan<'_>) -> Ident {
    if plan.single() {
        ident("example_tests")
    } else {
        ident(&format!("{}_example_tests", p.module))
    }
}

/// The doc, the rules of the macro with the `testing` feature, and the
/// compile error without it. `root` is the path of the generated module
/// (`$crate`, or `$crate::webhooks` for an included file).
fn example_macro_parts(
    plan: &CratePlan<'_>,
    p: &ProviderPlan<'_>,
    root: &TokenStream,
    missing: &str,
) -> (String, TokenStream, TokenStream) {
    let name = macro_name(plan, p);
    let module = if plan.single() {
        quote!()
    } else {
        let m = &p.module;
        quote!(::#m)
    };
    let mut fns = Namer::new();
    let tests = example_files(p).into_iter().enumerate().map(|(i, file)| {
        let test = ident(&fns.claim(&snake(&file.title)));
        let i = proc_macro2::Literal::usize_unsuffixed(i);
        quote! {
            #[test]
            $(#[$attr])*
            fn #test() {
                #root #module::__run_example(#i, $handler)
            }
        }
    });
    let doc = format!(
        " One `#[test]` per documented `{}` example, named after its event and \
         action, that parses it and passes the `Event` to `handler` (a \
         `fn(&Event) -> Result<(), E>` with `E: Debug`); a test fails when the \
         handler returns `Err` or panics. Attributes after the handler \
         (`{name}!(handler, #[ignore])`) go on every test. Needs the cargo feature `testing`.",
        p.provider.name
    );
    let with = quote! {
        ($handler:expr $(, #[$attr:meta])* $(,)?) => {
            #(#tests)*
        };
    };
    let without = quote! {
        ($($any:tt)*) => {
            ::core::compile_error!(#missing);
        };
    };
    (doc, with, without)
}

fn example_macro(plan: &CratePlan<'_>, p: &ProviderPlan<'_>) -> TokenStream {
    let name = macro_name(plan, p);
    let missing = format!("`{name}!` needs the `testing` cargo feature of the generated crate");
    let (doc, with, without) = example_macro_parts(plan, p, &quote!($crate), &missing);
    quote! {
        #[doc = #doc]
        #[cfg(feature = "testing")]
        #[macro_export]
        macro_rules! #name {
            #with
        }

        #[doc = #doc]
        #[cfg(not(feature = "testing"))]
        #[macro_export]
        macro_rules! #name {
            #without
        }
    }
}

/// The `example_tests!` macros of a build script's `webhooks.rs`, included
/// at `module_path`: usable in the including crate, like its `event!`, and
/// only with the runtime's `testing` feature.
pub(crate) fn included_items(plan: &CratePlan<'_>, module_path: &[Ident]) -> TokenStream {
    let root = quote!($crate #(::#module_path)*);
    let macros = plan.providers.iter().map(|p| {
        let name = macro_name(plan, p);
        let missing = format!("`{name}!` needs the `testing` feature of `webhook-runtime`");
        let (doc, with, without) = example_macro_parts(plan, p, &root, &missing);
        quote! {
            #[doc = #doc]
            #[::webhook_runtime::__private::cfg_feature(testing)]
            #[allow(unused_macros)]
            macro_rules! #name {
                #with
            }

            #[doc = #doc]
            #[::webhook_runtime::__private::cfg_feature(not(testing))]
            #[allow(unused_macros)]
            macro_rules! #name {
                #without
            }

            #[allow(unused_imports)]
            pub(crate) use #name;
        }
    });
    quote!(#(#macros)*)
}

/// Each provider's `src/<module>/validation.rs`.
pub(crate) fn files(
    plan: &CratePlan<'_>,
    settings: &CrateSettings,
) -> Result<Vec<OutputFile>, BackendError> {
    let mut files = Vec::new();
    for p in &plan.providers {
        // `include_str!` is relative to this file, two levels below the crate root.
        let schemas = format!("../../{}", settings.schema_dir.trim_end_matches('/'));
        let dirs = Dirs {
            schemas: &schemas,
            root: "../..",
            shown: &settings.schema_dir,
        };
        files.push(rust_file(
            &format!("src/{}/validation.rs", p.module),
            provider_file(p, &dirs),
        )?);
    }
    Ok(files)
}

/// Where a validation module finds what it embeds, relative to the file it
/// is printed in.
pub(crate) struct Dirs<'a> {
    /// Holds a directory of schemas per provider.
    pub schemas: &'a str,
    /// Holds `payloads/`.
    pub root: &'a str,
    /// The schema directory as the module's docs name it.
    pub shown: &'a str,
}

/// Source of a provider's validation module.
pub(crate) fn provider_file(p: &ProviderPlan<'_>, dirs: &Dirs<'_>) -> TokenStream {
    let provider = p.provider;
    let event_enum = &p.event_enum;
    let parse_error = &p.parse_error;
    let rt = private();
    let schema_dir = format!("{}/{}", dirs.schemas, provider.name);
    let stems = schema_stems(&provider.events);
    let wires: Vec<&str> = provider.events.iter().map(|e| e.name.as_str()).collect();
    // Each name a delivery may carry, with its event's schema: an event's
    // other spellings after all the names.
    let (named, schema_files): (Vec<&str>, Vec<String>) = provider
        .events
        .iter()
        .zip(&stems)
        .map(|(e, s)| (e.name.as_str(), s))
        .chain(
            provider
                .events
                .iter()
                .zip(&stems)
                .flat_map(|(e, s)| e.spellings.iter().map(move |n| (n.as_str(), s))),
        )
        .map(|(name, s)| (name, format!("{schema_dir}/{s}.schema.json")))
        .unzip();
    let count = proc_macro2::Literal::usize_unsuffixed(named.len());
    let examples = example_files(p);
    let example_count = proc_macro2::Literal::usize_unsuffixed(examples.len());
    let example_items = examples.iter().map(|file| {
        let event = wires[file.event];
        let action = match &file.example.action {
            Some(a) => quote!(::core::option::Option::Some(#a)),
            None => quote!(::core::option::Option::None),
        };
        let include = format!("{}/{}", dirs.root, file.path);
        quote! {
            ::webhook_runtime::testing::Example {
                event: #event,
                action: #action,
                body: include_bytes!(#include),
            }
        }
    });
    let intro = format!(
        " Bodies against the documented `{}` schemas, embedded from `{}`.",
        provider.name, dirs.shown
    );
    let use_rt = private_use();
    quote! {
        #![doc = #intro]

        #use_rt

        /// Schema text per documented event, in `event_names()` order.
        #[cfg(any(feature = "validate", feature = "undocumented"))]
        static SCHEMAS: #rt::Schemas<#count> =
            #rt::Schemas::new([#((#named, include_str!(#schema_files))),*]);

        /// Checks `body` against the documented JSON Schema of `event`.
        ///
        /// An event without a schema and a body that is not JSON are errors
        /// of their own, never a pass. Each schema compiles once, on first use.
        #[cfg(feature = "validate")]
        pub fn validate(event: &str, body: &[u8]) -> ::core::result::Result<(), ::webhook_runtime::validation::ValidationErrors> {
            SCHEMAS.validate(event, body)
        }

        /// JSON pointers of the fields of `body` that the docs of `event` do
        /// not describe: object keys that no `properties` of the schema
        /// names, topmost only (nothing below an undocumented key is listed).
        ///
        /// Needs the cargo feature `undocumented` (on by default) and no
        /// dependency: it walks the embedded schema with serde_json. A body
        /// that is not JSON gives nothing; an unknown event gives `[""]`,
        /// the whole body.
        #[cfg(feature = "undocumented")]
        pub fn undocumented_fields(event: &str, body: &[u8]) -> ::std::vec::Vec<::std::string::String> {
            SCHEMAS.undocumented_fields(event, body)
        }

        #[cfg(feature = "testing")]
        static EXAMPLES: [::webhook_runtime::testing::Example; #example_count] = [#(#example_items),*];

        /// Every documented example payload, by event in `event_names()`
        /// order, then as the docs list them.
        #[cfg(feature = "testing")]
        pub fn examples() -> &'static [::webhook_runtime::testing::Example] {
            &EXAMPLES
        }

        /// The body of one generated example test.
        #[cfg(feature = "testing")]
        pub fn run_example<E: ::core::fmt::Debug>(
            index: usize,
            handler: impl FnOnce(&super::#event_enum) -> ::core::result::Result<(), E>,
        ) {
            #rt::run_example(
                &EXAMPLES[index],
                |event, body| -> ::core::result::Result<super::#event_enum, super::#parse_error> {
                    super::parse(event, body)
                },
                handler,
            )
        }
    }
}
