//! Per-action views of payloads whose docs give actions their own fields.
//!
//! A field only some actions carry is an `Option` in the struct, since the
//! struct holds every action's payload. Where the docs give an action
//! fields of its own (`edited` has `changes`), `by_action()` gives an enum
//! with a variant per action holding those fields, borrowed: unwrapped where
//! every example of the action has the field, optional otherwise. A payload
//! that lacks an unwrapped field, or has an action the docs do not list, is
//! the `Other` variant, so nothing is lost or rejected.

use proc_macro2::TokenStream;
use quote::quote;

use super::action_expr::action_expr;
use super::plan::ProviderPlan;
use super::tokens::{doc, ident, value_type};
use crate::ir::ObjectId;

/// The view enum and `by_action()` for the payload root `id`; empty for
/// any other object.
pub(crate) fn items(p: &ProviderPlan<'_>, id: ObjectId) -> TokenStream {
    let events = &p.provider.events;
    let Some((index, event)) = events.iter().enumerate().find(|(_, e)| e.payload == id) else {
        return TokenStream::new();
    };
    let (Some(view), Some(enum_id)) = (&p.by_action[index], event.action_enum) else {
        return TokenStream::new();
    };
    // An action enum is found along typed fields, so its path always reads.
    let Some(action) = action_expr(p, event, quote!(self)) else {
        return TokenStream::new();
    };
    let space = &p.provider.types;
    let payload = space.object(id);
    let actions = space.enumeration(enum_id);
    let other = &p.other[enum_id.0];

    let mut variants = Vec::new();
    let mut arms = Vec::new();
    for a in &event.actions {
        let Some(at) = actions.values.iter().position(|v| *v == a.name) else {
            continue;
        };
        let variant = ident(&actions.variants[at]);
        let docs = doc(&match a.description.trim() {
            "" => format!("`{}`", a.name),
            text => format!("`{}`: {text}", a.name),
        });
        // The action's own fields, as the root struct has them: those its
        // examples always carry unwrapped, the others optional.
        let mut unwrapped = Vec::new();
        let mut fields = Vec::new();
        for key in &a.fields {
            let Some(at) = payload.fields.iter().position(|f| f.name == *key) else {
                continue;
            };
            let field = &payload.fields[at];
            let name = ident(&field.rust_name);
            let ty = value_type(&field.ty, false, space);
            let boxed = p.boxed[id.0][at];
            if field.is_plain() {
                // Every payload has it: no `Option` to look through.
                let access = if boxed {
                    quote!(&*self.#name)
                } else {
                    quote!(&self.#name)
                };
                fields.push((name, quote!(&'a #ty), quote!(: #access)));
                continue;
            }
            let access = if boxed {
                quote!(self.#name.as_deref())
            } else {
                quote!(self.#name.as_ref())
            };
            if a.required.contains(key) {
                unwrapped.push((name.clone(), access));
                fields.push((name, quote!(&'a #ty), TokenStream::new()));
            } else {
                fields.push((
                    name,
                    quote!(::core::option::Option<&'a #ty>),
                    quote!(: #access),
                ));
            }
        }
        let wire = &a.name;
        if fields.is_empty() {
            variants.push(quote!(#docs #variant,));
            arms.push(quote!(::core::option::Option::Some(#wire) => #view::#variant,));
            continue;
        }
        let declared = fields.iter().map(|(n, t, _)| quote!(#n: #t));
        variants.push(quote!(#docs #variant { #(#declared,)* },));
        let built = fields.iter().map(|(n, _, init)| quote!(#n #init));
        let value = quote!(#view::#variant { #(#built,)* });
        if unwrapped.is_empty() {
            arms.push(quote!(::core::option::Option::Some(#wire) => #value,));
            continue;
        }
        let names = unwrapped.iter().map(|(n, _)| n);
        let accesses = unwrapped.iter().map(|(_, a)| a);
        arms.push(quote! {
            ::core::option::Option::Some(#wire) => match (#(#accesses,)*) {
                (#(::core::option::Option::Some(#names),)*) => #value,
                _ => #view::#other(self),
            },
        });
    }
    let root = ident(&payload.rust_name);
    let intro = doc(&format!(
        "`{}` by action: a variant per documented action, holding the fields \
         the docs give that action, borrowed; unwrapped where every example of \
         the action has the field. From [`{root}::by_action`].",
        event.name
    ));
    let other_doc = doc(
        "An action the docs do not list, no action, or a documented action \
         without one of its fields: the whole payload, as parsed.",
    );
    let method_doc = doc(&format!(
        "This payload by its action, with the fields the docs give each \
         action: [`{view}`]."
    ));
    quote! {
        #intro
        #[derive(Debug, Clone, Copy, PartialEq)]
        #[non_exhaustive]
        pub enum #view<'a> {
            #(#variants)*
            #other_doc
            #other(&'a #root),
        }

        impl #root {
            #method_doc
            pub fn by_action(&self) -> #view<'_> {
                match #action {
                    #(#arms)*
                    _ => #view::#other(self),
                }
            }
        }
    }
}
