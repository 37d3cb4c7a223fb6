//! Token helpers every printer shares; they know the IR and nothing else of
//! the back-end.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Type, TypeSpace};

pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// How generated code names the runtime's helpers for generated code:
/// `__rt`, which no IR name can shadow (`names` never makes a leading `__`).
pub(crate) fn private() -> TokenStream {
    quote!(__rt)
}

/// The `use` that brings [`private`] into a generated module.
pub(crate) fn private_use() -> TokenStream {
    quote! {
        #[allow(unused_imports)]
        use ::webhook_runtime::__private as __rt;
    }
}

/// A `#[doc]` for free text from the docs, as one paragraph.
///
/// Vendor text is flattened to a line: its line breaks were table or
/// source wrapping, and re-wrapped markdown trips rustdoc and clippy lints.
pub(crate) fn doc(text: &str) -> TokenStream {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return TokenStream::new();
    }
    let text = format!(" {text}");
    quote!(#[doc = #text])
}

/// The Rust type of a field's value, without the `Option` of a field that
/// is not plain.
pub(crate) fn value_type(ty: &Type, boxed: bool, space: &TypeSpace) -> TokenStream {
    match ty {
        Type::String { .. } => quote!(::std::string::String),
        Type::Integer => quote!(i64),
        // `Number` keeps `1` and `1.0` apart, so round trips stay exact.
        Type::Number => quote!(::serde_json::Number),
        Type::Boolean => quote!(bool),
        Type::Enum(id) => {
            let name = ident(&space.enumeration(*id).rust_name);
            quote!(#name)
        }
        Type::Array(item) => {
            let item = value_type(item, false, space);
            quote!(::std::vec::Vec<#item>)
        }
        Type::Object(id) => {
            let name = ident(&space.object(*id).rust_name);
            if boxed {
                quote!(::std::boxed::Box<#name>)
            } else {
                quote!(#name)
            }
        }
        Type::Timestamp { .. } => quote!(::webhook_runtime::Timestamp),
        Type::Union(_) | Type::Any => quote!(::serde_json::Value),
    }
}
