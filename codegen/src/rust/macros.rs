//! Compile-time-checked event names: `EventName`, `EventKey` and `event!`.
//!
//! The generated crate gets, per provider module, an `EventName` enum (one
//! variant per documented event plus `Other(String)`) and an `EventKey`
//! (name and action), and at its root a `macro_rules! event` that passes
//! the event and action tables of the IR, with the path of the generated
//! module, to the runtime's `event!` proc macro; so `event!("issuez")` is a
//! compile error with a did-you-mean. A build script's `webhooks.rs` gets
//! the same macro: it needs no proc-macro crate of its own.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::plan::{CratePlan, ProviderPlan};
use super::tokens::ident;
use crate::names::Namer;

/// The fixed names of one provider module, clash-free against the IR.
struct Names {
    event_name: Ident,
    event_key: Ident,
    other: Ident,
}

fn names(p: &ProviderPlan<'_>) -> Names {
    let space = &p.provider.types;
    let mut types = Namer::new();
    let taken: Vec<&str> = space
        .objects
        .iter()
        .map(|o| o.rust_name.as_str())
        .chain(space.enums.iter().map(|e| e.rust_name.as_str()))
        .collect();
    types.reserve(&taken);
    types.reserve(&[&p.event_enum.to_string(), &p.parse_error.to_string()]);
    let mut variants = Namer::new();
    let taken: Vec<&str> = p
        .provider
        .events
        .iter()
        .map(|e| e.variant.as_str())
        .collect();
    variants.reserve(&taken);
    Names {
        event_name: ident(&types.claim("EventName")),
        event_key: ident(&types.claim("EventKey")),
        other: ident(&variants.claim("Other")),
    }
}

/// `EventName`, `EventKey` and `Event::{event_name, key}`, for a provider module.
pub(crate) fn provider_items(p: &ProviderPlan<'_>) -> TokenStream {
    let Names {
        event_name,
        event_key,
        other,
    } = names(p);
    let event_enum = &p.event_enum;
    let unknown = &p.unknown;
    let events = &p.provider.events;
    let variants: Vec<Ident> = events.iter().map(|e| ident(&e.variant)).collect();
    let wires: Vec<&str> = events.iter().map(|e| e.name.as_str()).collect();
    // A name and its other spellings read as one variant.
    let spelled: Vec<Vec<&str>> = events
        .iter()
        .map(|e| {
            std::iter::once(e.name.as_str())
                .chain(e.spellings.iter().map(String::as_str))
                .collect()
        })
        .collect();
    let docs = wires.iter().map(|w| format!(" `{w}`"));
    let cfgs = p.event_cfgs();
    let macro_use = format!(
        " Write known names with `event!(\"{}\")`, checked at compile time.",
        wires.first().copied().unwrap_or("name")
    );
    let other_doc = format!(" [`{other}`](Self::{other}).");
    let key_doc = format!(
        " An event name and its action, as [`{event_enum}::key`] gives; \
         `event!(\"name.action\")` writes one as a pattern."
    );
    quote! {
        /// An event name: one variant per documented event (whichever
        /// features are on), anything else as
        #[doc = #other_doc]
        ///
        #[doc = #macro_use]
        ///
        /// Non-exhaustive, so an event the docs add later is not a breaking
        /// change for a `match` over it.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #event_name {
            #(
                #[doc = #docs]
                #variants,
            )*
            /// An undocumented name, as sent.
            #other(::std::string::String),
        }

        impl #event_name {
            /// The name as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #wires,)*
                    Self::#other(name) => name,
                }
            }
        }

        impl ::core::str::FromStr for #event_name {
            type Err = ::core::convert::Infallible;

            fn from_str(name: &str) -> ::core::result::Result<Self, Self::Err> {
                ::core::result::Result::Ok(Self::from(name))
            }
        }

        impl ::core::convert::From<&str> for #event_name {
            fn from(name: &str) -> Self {
                match name {
                    #(#(#spelled)|* => Self::#variants,)*
                    _ => Self::#other(name.to_owned()),
                }
            }
        }

        impl ::core::fmt::Display for #event_name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #event_name {
            fn serialize<__S>(&self, serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error>
            where
                __S: ::serde::Serializer,
            {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #event_name {
            fn deserialize<__D>(deserializer: __D) -> ::core::result::Result<Self, __D::Error>
            where
                __D: ::serde::Deserializer<'de>,
            {
                let name = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                ::core::result::Result::Ok(Self::from(name.as_str()))
            }
        }

        #[doc = #key_doc]
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct #event_key<'a> {
            pub name: #event_name,
            pub action: ::core::option::Option<&'a str>,
        }

        impl #event_enum {
            /// The event name, typed.
            pub fn event_name(&self) -> #event_name {
                match self {
                    #(#cfgs Self::#variants(_) => #event_name::#variants,)*
                    Self::#unknown { name, .. } => #event_name::from(name.as_str()),
                }
            }

            /// The event name and action, to match against `event!("name.action")`.
            pub fn key(&self) -> #event_key<'_> {
                #event_key {
                    name: self.event_name(),
                    action: self.action(),
                }
            }
        }
    }
}

/// The tables the runtime's `event!` checks names against: per provider,
/// `module EventName EventKey { "name" Variant ["action" ...] ... }`.
fn tables(plan: &CratePlan<'_>) -> TokenStream {
    let providers = plan.providers.iter().map(|p| {
        let Names {
            event_name,
            event_key,
            ..
        } = names(p);
        let module = &p.module;
        let events = p.provider.events.iter().flat_map(|e| {
            let variant = ident(&e.variant);
            let actions: Vec<&str> = e.actions.iter().map(|a| a.name.as_str()).collect();
            std::iter::once(&e.name)
                .chain(&e.spellings)
                .map(move |name| quote!(#name #variant [#(#actions)*]))
                .collect::<Vec<_>>()
        });
        quote!(#module #event_name #event_key { #(#events)* })
    });
    quote!([#(#providers)*])
}

/// `macro_rules! event`'s rules, which hand `root` (the path of the
/// generated module) and the tables to `proc_macro`, the runtime's
/// `event!` as the expansion site can name it.
fn rules(plan: &CratePlan<'_>, proc_macro: TokenStream, root: TokenStream) -> TokenStream {
    let tables = tables(plan);
    if plan.single() {
        quote! {
            ($name:tt) => {
                #proc_macro!({ #root } #tables $name)
            };
        }
    } else {
        quote! {
            ($provider:ident, $name:tt) => {
                #proc_macro!({ #root } #tables $provider, $name)
            };
        }
    }
}

/// `event!("issues")` (or `event!(acme, "issues")`), for docs.
fn usage(plan: &CratePlan<'_>) -> String {
    let first = plan.providers.first();
    let example = first
        .and_then(|p| p.provider.events.first())
        .map_or("name", |e| e.name.as_str());
    if plan.single() {
        format!(" `event!(\"{example}\")`")
    } else {
        let module = first.map_or("provider".to_string(), |p| p.module.to_string());
        format!(" `event!({module}, \"{example}\")`")
    }
}

/// Items appended to `src/lib.rs`: the `event!` macro and its private
/// re-export of the runtime's, which a crate using the macro cannot name.
pub(crate) fn lib_items(plan: &CratePlan<'_>) -> TokenStream {
    let rules = rules(plan, quote!($crate::__private::event), quote!($crate));
    let usage = usage(plan);
    quote! {
        #[doc(hidden)]
        pub mod __private {
            pub use ::webhook_runtime::__private::event;
        }

        /// A documented event name, checked at compile time:
        #[doc = #usage]
        /// is an `EventName` and `event!("name.action")` an `EventKey`, each
        /// usable as a `const` initializer and as a match pattern. An unknown
        /// name or action is a compile error that suggests the closest one.
        #[macro_export]
        macro_rules! event {
            #rules
        }
    }
}

/// `event!` for a build script's `webhooks.rs`, included in the module at
/// `module_path` (from the crate root; empty for the root itself). A `use`
/// makes it a path in that module, `webhooks::event!`, for the including
/// crate only: `#[macro_export]` would put it at the crate root, where a
/// macro from an included file cannot be named by path.
pub(crate) fn included_items(plan: &CratePlan<'_>, module_path: &[Ident]) -> TokenStream {
    let rules = rules(
        plan,
        quote!(::webhook_runtime::__private::event),
        quote!($crate #(::#module_path)*),
    );
    let usage = usage(plan);
    quote! {
        /// A documented event name, checked at compile time:
        #[doc = #usage]
        /// is an `EventName` and `event!("name.action")` an `EventKey`, each
        /// usable as a `const` initializer and as a match pattern. An unknown
        /// name or action is a compile error that suggests the closest one.
        #[allow(unused_macros)]
        macro_rules! event {
            #rules
        }

        #[allow(unused_imports)]
        pub(crate) use event;
    }
}
