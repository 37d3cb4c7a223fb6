//! Object structs and open enums, one type at a time; the assembler
//! (`module.rs`) lays them out as a provider's `types.rs` and its files.
//!
//! Generated items spell std and serde types by absolute path: an IR type
//! may well be called `Result`, `Value` or `Map`, and would shadow a short
//! name in its own module. (`Some`, `None`, `Ok` are values, and IR types
//! are braced structs and enums, which never claim a value name.)

use proc_macro2::TokenStream;
use quote::quote;

use super::plan::ProviderPlan;
use super::tokens::{doc, ident, value_type};
use crate::ir::{EnumId, ObjectId, Type};

/// The doc of a provider's `types` module.
pub(crate) fn intro(p: &ProviderPlan<'_>) -> String {
    format!(
        " Payload objects and string enums of `{}` webhooks.",
        p.provider.name
    )
}

/// The struct of object `id` and its `Default`.
pub(crate) fn object(p: &ProviderPlan<'_>, id: ObjectId) -> TokenStream {
    let space = &p.provider.types;
    let object = space.object(id);
    let name = ident(&object.rust_name);
    let extra = &p.extra[id.0];
    let fields = object.fields.iter().zip(&p.boxed[id.0]).map(|(f, &boxed)| {
        let docs = doc(&field_doc(&f.name, &f.description));
        let rust = ident(&f.rust_name);
        let ty = value_type(&f.ty, boxed, space);
        let ty = if f.is_plain() {
            ty
        } else {
            quote!(::core::option::Option<#ty>)
        };
        quote! {
            #docs
            pub #rust: #ty,
        }
    });
    // Written out: `serde_json::Number` has no `Default`.
    let defaults = object.fields.iter().map(|f| {
        let rust = ident(&f.rust_name);
        let value = match (&f.ty, f.is_plain()) {
            (_, false) => quote!(::core::option::Option::None),
            (Type::Number, true) => quote!(::serde_json::Number::from(0u8)),
            (_, true) => quote!(::core::default::Default::default()),
        };
        quote!(#rust: #value,)
    });
    let docs = doc(&object.description);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name {
            #(#fields)*
            /// What the typed fields do not hold, kept so that serializing
            /// gives back what was parsed: keys the docs do not list, fields
            /// sent as `null`, and plain fields the delivery lacked.
            pub #extra: ::webhook_runtime::Extra,
        }

        /// Every optional field `None`, every other at its type's default:
        /// a start for `..Default::default()` in a struct literal.
        impl ::core::default::Default for #name {
            fn default() -> Self {
                Self {
                    #(#defaults)*
                    #extra: ::webhook_runtime::Extra::new(),
                }
            }
        }
    }
}

/// The wire key leads the docs: it is what readers search for.
fn field_doc(key: &str, description: &str) -> String {
    let description = description.trim();
    if description.is_empty() {
        format!("`{key}`")
    } else {
        format!("`{key}`: {description}")
    }
}

/// The open enum `id`.
pub(crate) fn enumeration(p: &ProviderPlan<'_>, id: EnumId) -> TokenStream {
    let e = p.provider.types.enumeration(id);
    let name = ident(&e.rust_name);
    let other = &p.other[id.0];
    let variants: Vec<_> = e.variants.iter().map(|v| ident(v)).collect();
    let values: Vec<String> = e.values.iter().map(|v| format!(" `{v}`")).collect();
    let intro = format!(" A string enum; values the docs do not list read as `{other}`.");
    quote! {
        #[doc = #intro]
        ///
        /// Non-exhaustive, so a value the docs add later is not a breaking
        /// change for a `match` over it.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(
                #[doc = #values]
                #variants,
            )*
            /// A value the docs do not list, as sent.
            #other(::std::string::String),
        }
    }
}
