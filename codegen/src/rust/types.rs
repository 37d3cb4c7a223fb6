//! Object structs and open enums: per provider, a `types.rs` that includes
//! one file per type (`types/<type>.rs`), or one module for the single-file
//! build.
//!
//! Generated items spell std and serde types by absolute path: an IR type
//! may well be called `Result`, `Value` or `Map`, and would shadow a short
//! name in its own module. (`Some`, `None`, `Ok` are values, and IR types
//! are braced structs and enums, which never claim a value name.)

use proc_macro2::TokenStream;
use quote::quote;

use super::plan::features::cfg_attr;
use super::plan::ProviderPlan;
use super::serde_impls;
use super::tokens::{doc, ident, private, private_use, value_type};
use crate::ir::{EnumId, ObjectId, Type, TypeSpace};
use crate::names::{snake, Namer};

/// The `DeserializeSeed` reading such a value: arrays go through the
/// runtime's `Items` so a failing item's index is known, arrays of objects
/// through `ObjectItems`, which builds each item in its slot.
pub(crate) fn seed(ty: &Type, boxed: bool, space: &TypeSpace) -> TokenStream {
    let rt = private();
    match ty {
        Type::Array(item) if matches!(**item, Type::Object(_)) => {
            let item = value_type(item, false, space);
            quote!(#rt::ObjectItems(::core::marker::PhantomData::<#item>))
        }
        Type::Array(item) => {
            let item = seed(item, false, space);
            quote!(#rt::Items(#item))
        }
        _ => {
            let ty = value_type(ty, boxed, space);
            quote!(::core::marker::PhantomData::<#ty>)
        }
    }
}

/// One type: its name, the `#[cfg]` gate of its events, and its items
/// (definition, then impls) without the gate.
struct TypeItems {
    name: String,
    cfg: TokenStream,
    items: [TokenStream; 2],
}

fn all_types(p: &ProviderPlan) -> Vec<TypeItems> {
    let space = &p.provider.types;
    let objects = (0..space.objects.len()).map(|i| object(p, ObjectId(i)));
    let enums = (0..space.enums.len()).map(|i| enumeration(p, EnumId(i)));
    objects.chain(enums).collect()
}

fn intro(p: &ProviderPlan) -> String {
    format!(
        " Payload objects and string enums of `{}` webhooks.",
        p.provider.name
    )
}

/// `src/<provider>/types.rs` as one module, every item gated.
pub(crate) fn types_module(p: &ProviderPlan) -> TokenStream {
    let intro = intro(p);
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
pub(crate) fn types_files(p: &ProviderPlan) -> (TokenStream, Vec<(String, TokenStream)>) {
    let intro = intro(p);
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

fn object(p: &ProviderPlan, id: ObjectId) -> TypeItems {
    let space = &p.provider.types;
    let object = space.object(id);
    let cfg = cfg_attr(&p.object_gates[id.0], &p.features);
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
    let impls = serde_impls::object_impls(p, id);
    let view = super::by_action::items(p, id);
    let definition = quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name {
            #(#fields)*
            /// What the typed fields do not hold, kept so that serializing
            /// gives back what was parsed: keys the docs do not list, and
            /// optional fields sent as `null`.
            pub #extra: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
        }

        /// Every optional field `None`, every other at its type's default:
        /// a start for `..Default::default()` in a struct literal.
        impl ::core::default::Default for #name {
            fn default() -> Self {
                Self {
                    #(#defaults)*
                    #extra: ::serde_json::Map::new(),
                }
            }
        }

        #view
    };
    TypeItems {
        name: object.rust_name.clone(),
        cfg,
        items: [definition, quote!(const _: () = { #impls };)],
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

fn enumeration(p: &ProviderPlan, id: EnumId) -> TypeItems {
    let e = p.provider.types.enumeration(id);
    let cfg = cfg_attr(&p.enum_gates[id.0], &p.features);
    let name = ident(&e.rust_name);
    let other = &p.other[id.0];
    let variants: Vec<_> = e.variants.iter().map(|v| ident(v)).collect();
    let values: Vec<String> = e.values.iter().map(|v| format!(" `{v}`")).collect();
    let impls = serde_impls::enum_impls(p, id);
    let intro = format!(" A string enum; values the docs do not list read as `{other}`.");
    let definition = quote! {
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
    };
    TypeItems {
        name: e.rust_name.clone(),
        cfg,
        items: [definition, quote!(const _: () = { #impls };)],
    }
}
