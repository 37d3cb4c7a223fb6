//! The expression that reads a payload's action along `action_path`: the
//! `Event::action` arms and the per-action views both match on it.

use proc_macro2::TokenStream;
use quote::quote;

use super::plan::ProviderPlan;
use super::tokens::ident;
use crate::ir::{Event, ObjectId, Type, TypeSpace};

/// Where the typed walk along `action_path` is.
enum Cursor {
    /// At a struct: an expression of type `&Struct` (`optional: false`) or
    /// `Option<&Struct>`.
    Struct {
        id: ObjectId,
        expr: TokenStream,
        optional: bool,
    },
    /// Left the typed structs: an `Option<&serde_json::Value>`.
    Json(TokenStream),
    /// Left them through a key the docs do not list: an
    /// `Option<&str>` (the JSON text `extra` kept) and the keys below it.
    Raw(TokenStream, Vec<String>),
}

/// An `Option<&str>` expression for the action of `payload` (an expression
/// of type `&T` or `&Box<T>`, `T` the event's root struct), or `None` when
/// the types say there is none.
///
/// Follows typed fields where the IR has them, and falls back to JSON
/// (`extra` or a `Value` field) where it does not, so an action the docs
/// place under an untyped key is still found.
pub(crate) fn action_expr(
    p: &ProviderPlan<'_>,
    event: &Event,
    payload: TokenStream,
) -> Option<TokenStream> {
    let space = &p.provider.types;
    let (last, init) = event.action_path.split_last()?;
    let mut cursor = Cursor::Struct {
        id: event.payload,
        expr: payload,
        optional: false,
    };
    for key in init {
        cursor = match cursor {
            Cursor::Json(expr) => Cursor::Json(quote!(#expr.and_then(|v| v.get(#key)))),
            Cursor::Raw(expr, mut keys) => {
                keys.push(key.clone());
                Cursor::Raw(expr, keys)
            }
            Cursor::Struct { id, expr, optional } => {
                let step = field_step(p, space, id, &expr, optional, key);
                match step {
                    Step::Object { target, access } => Cursor::Struct {
                        id: target,
                        expr: access,
                        optional: true,
                    },
                    Step::Json(access) => Cursor::Json(access),
                    Step::Raw(access) => Cursor::Raw(access, Vec::new()),
                    Step::Leaf { .. } => return None,
                }
            }
        };
    }
    match cursor {
        Cursor::Json(expr) => {
            Some(quote!(#expr.and_then(|v| v.get(#last)).and_then(|v| v.as_str())))
        }
        Cursor::Raw(expr, mut keys) => {
            keys.push(last.clone());
            Some(raw_str(&expr, &keys))
        }
        Cursor::Struct { id, expr, optional } => {
            match field_step(p, space, id, &expr, optional, last) {
                Step::Json(access) => Some(quote!(#access.and_then(|v| v.as_str()))),
                Step::Raw(access) => Some(raw_str(&access, &[])),
                Step::Leaf { text } => text,
                Step::Object { .. } => None,
            }
        }
    }
}

/// The string at `keys` in kept text (`raw`, an `Option<&str>`).
fn raw_str(raw: &TokenStream, keys: &[String]) -> TokenStream {
    quote!(::webhook_runtime::__private::str_in(#raw, &[#(#keys),*]))
}

enum Step {
    /// A field typed as an object: an `Option<&Target>` expression.
    Object {
        target: ObjectId,
        access: TokenStream,
    },
    /// JSON from here on: an `Option<&Value>` expression.
    Json(TokenStream),
    /// A key `extra` keeps: an `Option<&str>` expression (its JSON text).
    Raw(TokenStream),
    /// A field of another type: an `Option<&str>` expression when it is
    /// text (a string or a string enum).
    Leaf { text: Option<TokenStream> },
}

fn field_step(
    p: &ProviderPlan<'_>,
    space: &TypeSpace,
    id: ObjectId,
    expr: &TokenStream,
    optional: bool,
    key: &str,
) -> Step {
    let object = space.object(id);
    // `Option<&_>` of what `tail` reads from the struct: through the
    // struct's own `Option` when it is optional.
    let on = |tail: TokenStream| {
        if optional {
            quote!(#expr.and_then(|o| o.#tail))
        } else {
            quote!(#expr.#tail)
        }
    };
    let Some((index, field)) = object
        .fields
        .iter()
        .enumerate()
        .find(|(_, f)| f.name == key)
    else {
        let extra = &p.extra[id.0];
        return Step::Raw(on(quote!(#extra.raw(#key))));
    };
    let rust = ident(&field.rust_name);
    let boxed = p.boxed[id.0][index];
    // A reference to the field's value, as an `Option`.
    let access = match (field.is_plain(), boxed, optional) {
        (false, false, _) => on(quote!(#rust.as_ref())),
        (false, true, _) => on(quote!(#rust.as_deref())),
        (true, false, false) => quote!(::core::option::Option::Some(&#expr.#rust)),
        (true, true, false) => quote!(::core::option::Option::Some(&*#expr.#rust)),
        (true, false, true) => quote!(#expr.map(|o| &o.#rust)),
        (true, true, true) => quote!(#expr.map(|o| &*o.#rust)),
    };
    match &field.ty {
        Type::Object(target) => Step::Object {
            target: *target,
            access,
        },
        Type::Union(_) | Type::Any => Step::Json(access),
        // An optional `String` reads as `&str` at once (clippy's
        // `as_deref` advice holds for generated code too).
        Type::String { .. } if !field.is_plain() && !boxed => Step::Leaf {
            text: Some(on(quote!(#rust.as_deref()))),
        },
        Type::String { .. } | Type::Enum(_) => Step::Leaf {
            text: Some(quote!(#access.map(|v| v.as_str()))),
        },
        _ => Step::Leaf { text: None },
    }
}
