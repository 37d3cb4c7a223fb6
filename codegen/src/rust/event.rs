//! A provider's module root: the `Event` enum, `parse` and the event tables.

use proc_macro2::TokenStream;
use quote::quote;

use super::action_expr::action_expr;
use super::plan::ProviderPlan;
use super::tokens::{doc, ident, private, private_use};
use crate::ir::Event;

/// The first items of `src/<provider>/mod.rs`: its docs, `types`, `Event`,
/// `parse` and the event tables.
pub(crate) fn provider_items(p: &ProviderPlan<'_>) -> TokenStream {
    let rt = private();
    let (event_enum, parse_error, unknown) = (&p.event_enum, &p.parse_error, &p.unknown);
    let events = &p.provider.events;
    let space = &p.provider.types;

    let cfgs = p.event_cfgs();
    let variants: Vec<_> = events.iter().map(|e| ident(&e.variant)).collect();
    let wires: Vec<&str> = events.iter().map(|e| e.name.as_str()).collect();
    // Every name a delivery of the event may carry: its own, then the
    // other spellings the docs show.
    let spelled: Vec<Vec<&str>> = events
        .iter()
        .map(|e| {
            std::iter::once(e.name.as_str())
                .chain(e.spellings.iter().map(String::as_str))
                .collect()
        })
        .collect();
    let all_names: Vec<&str> = wires
        .iter()
        .copied()
        .chain(
            events
                .iter()
                .flat_map(|e| e.spellings.iter().map(String::as_str)),
        )
        .collect();
    let payloads = events
        .iter()
        .map(|e| ident(&space.object(e.payload).rust_name));
    let variant_docs = events.iter().zip(&p.features).map(|(e, feature)| {
        let text = format!(
            "`{}`{}{} (cargo feature `{feature}`)",
            e.name,
            if e.description.trim().is_empty() {
                ""
            } else {
                ": "
            },
            e.description.trim()
        );
        doc(&text)
    });
    // `_` where the action is statically absent, so `payload` is never unused.
    let (bindings, actions): (Vec<_>, Vec<_>) = events
        .iter()
        .map(|e| match action_expr(p, e, quote!(payload)) {
            Some(expr) => (quote!(payload), expr),
            None => (quote!(_), quote!(None)),
        })
        .unzip();

    let reexport = if *parse_error == "ParseError" {
        quote!(
            pub use ::webhook_runtime::ParseError;
        )
    } else {
        quote!(pub use ::webhook_runtime::ParseError as #parse_error;)
    };
    // The type of every time field; the IR never names a type `Timestamp`.
    let reexport = quote! {
        #reexport
        pub use ::webhook_runtime::Timestamp;
    };
    let intro = format!(
        " `{name}` webhooks: [`{event_enum}`], [`parse`] and the payload types.",
        name = p.provider.name
    );

    let unknown_link = format!(
        " when its cargo feature is on; everything else is [`{unknown}`](Self::{unknown})."
    );
    let unknown_path = format!(
        " Unknown names, and events whose feature is off, give [`{event_enum}::{unknown}`]"
    );

    let with_actions: Vec<&Event> = events.iter().filter(|e| !e.actions.is_empty()).collect();
    let event_actions = if with_actions.is_empty() {
        quote! { let _ = event; &[] }
    } else {
        let names = with_actions.iter().map(|e| {
            let all =
                std::iter::once(e.name.as_str()).chain(e.spellings.iter().map(String::as_str));
            quote!(#(#all)|*)
        });
        let actions: Vec<Vec<&str>> = with_actions
            .iter()
            .map(|e| e.actions.iter().map(|a| a.name.as_str()).collect())
            .collect();
        quote! {
            match event {
                #(#names => &[#(#actions),*],)*
                _ => &[],
            }
        }
    };

    let body_names = body_name_items(p);
    // Where the body names the event, the receiver reads the name there in
    // the same pass, as `parse_body` does; the header's is the fallback.
    let paths = &p.provider.name_in_body;
    let parse_event = if paths.is_empty() {
        quote!(parse(event, body))
    } else {
        let rt = private();
        quote!(#rt::parse_body_or::<Self>(body, &[#(&[#(#paths),*]),*], event))
    };
    let parse_event = quote! {
        /// [`parse`], for the runtime's receiver and extractor.
        impl ::webhook_runtime::ParseEvent for #event_enum {
            fn parse_event(event: &str, body: &[u8]) -> ::core::result::Result<Self, #parse_error> {
                #parse_event
            }
        }
    };
    let lenient_doc = format!(
        " A plain field (`T`, not `Option<T>`) that the delivery lacks or sends as `null` is no \
         error: it holds its type's default, and [`{event_enum}::drift`] lists it. \
         [`parse_strict`] rejects it instead."
    );
    let use_rt = private_use();
    quote! {
        #![doc = #intro]

        #use_rt

        mod types;

        // Empty when every type belongs to events whose features are off.
        #[allow(unused_imports)]
        pub use self::types::*;
        #reexport

        /// A parsed delivery. Each documented event has a variant, present
        #[doc = #unknown_link]
        ///
        /// Non-exhaustive because the set of variants depends on features.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #event_enum {
            #(
                #variant_docs
                #cfgs
                #variants(::std::boxed::Box<#payloads>),
            )*
            /// An event with no typed variant here (undocumented, or its
            /// feature is off), with the body as JSON.
            #unknown {
                name: ::std::string::String,
                payload: ::serde_json::Value,
            },
        }

        impl #event_enum {
            /// The event name as sent, e.g. in the event header.
            pub fn name(&self) -> &str {
                match self {
                    #(#cfgs Self::#variants(_) => #wires,)*
                    Self::#unknown { name, .. } => name,
                }
            }

            /// The payload's action, for events that have one. For unknown
            /// events, the payload's top-level `"action"` string, if any.
            pub fn action(&self) -> ::core::option::Option<&str> {
                match self {
                    #(#cfgs Self::#variants(#bindings) => #actions,)*
                    Self::#unknown { payload, .. } => payload.get("action").and_then(|v| v.as_str()),
                }
            }

            pub fn is_unknown(&self) -> bool {
                matches!(self, Self::#unknown { .. })
            }

            /// How the delivery differs from the docs, by JSON path: the
            /// plain fields it lacked or sent as `null` (each holds its type's
            /// default, and serializes back as it came), and the keys the
            /// docs do not list. Empty when the delivery is as documented;
            /// an unknown event is undocumented as a whole (`.`).
            pub fn drift(&self) -> ::webhook_runtime::Drift {
                match self {
                    #(#cfgs Self::#variants(payload) => #rt::drift_of(&**payload),)*
                    Self::#unknown { .. } => ::webhook_runtime::Drift::untyped(),
                }
            }
        }

        /// Writes the payload only, as it was received.
        impl ::serde::Serialize for #event_enum {
            fn serialize<__S>(&self, serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error>
            where
                __S: ::serde::Serializer,
            {
                match self {
                    #(#cfgs Self::#variants(payload) => ::serde::Serialize::serialize(&**payload, serializer),)*
                    Self::#unknown { payload, .. } => ::serde::Serialize::serialize(payload, serializer),
                }
            }
        }

        /// Parses a body by its event name (matched exactly, as sent).
        ///
        #[doc = #unknown_path]
        /// (the body as JSON); a body that is not JSON, or that does not fit
        /// the documented types, is an error naming the JSON path.
        ///
        #[doc = #lenient_doc]
        pub fn parse(event: &str, body: &[u8]) -> ::core::result::Result<#event_enum, #parse_error> {
            #(
                #cfgs
                if #(event == #spelled)||* {
                    return #rt::typed(event, body).map(#event_enum::#variants);
                }
            )*
            #rt::untyped(event, body).map(|payload| #event_enum::#unknown {
                name: event.to_owned(),
                payload,
            })
        }

        /// [`parse`], but a delivery that lacks a plain field or sends it as
        /// `null` is an error naming the event and the field's JSON path,
        /// with the payload handed back (as for any value that does not fit).
        pub fn parse_strict(event: &str, body: &[u8]) -> ::core::result::Result<#event_enum, #parse_error> {
            #rt::strict(|| parse(event, body))
        }

        #body_names

        #parse_event

        /// Every documented event name, whichever features are on (an
        /// event's other spellings after the names).
        pub fn event_names() -> &'static [&'static str] {
            &[#(#all_names),*]
        }

        /// The documented actions of an event; empty for events without
        /// actions and for unknown names.
        pub fn event_actions(event: &str) -> &'static [&'static str] {
            #event_actions
        }
    }
}

/// `event_name_of` and `parse_body`, for a provider whose deliveries carry
/// the event name in the body; nothing otherwise.
fn body_name_items(p: &ProviderPlan<'_>) -> TokenStream {
    let paths = &p.provider.name_in_body;
    if paths.is_empty() {
        return TokenStream::new();
    }
    let (event_enum, parse_error, unknown) = (&p.event_enum, &p.parse_error, &p.unknown);
    let rt = private();
    let events = &p.provider.events;
    let cfgs = p.event_cfgs();
    let variants: Vec<_> = events.iter().map(|e| ident(&e.variant)).collect();
    let spelled: Vec<Vec<&str>> = events
        .iter()
        .map(|e| {
            std::iter::once(e.name.as_str())
                .chain(e.spellings.iter().map(String::as_str))
                .collect()
        })
        .collect();
    let shown: Vec<String> = paths.iter().map(|k| format!("`{}`", k.join("."))).collect();
    let where_ = shown.join(", else ");
    let carrier = if p.provider.batch.is_some() {
        "an event of a batch"
    } else {
        "a body"
    };
    let name_doc = format!(
        " The event name {carrier} carries ({where_}), if it is a JSON object that carries one as a string."
    );
    let parse_doc = format!(
        " Parses a body by the event name it carries ({where_}), as [`parse`] would with that name."
    );
    let unknown_doc = format!(
        " A body without one is [`{event_enum}::{unknown}`] with an empty name, its payload intact."
    );
    let tries = paths.iter().map(|keys| {
        quote! {
            if let ::core::option::Option::Some(name) = #rt::string_at(body, &[#(#keys),*]) {
                return ::core::option::Option::Some(name);
            }
        }
    });
    let event_name_of = quote! {
        #[doc = #name_doc]
        pub fn event_name_of(body: &[u8]) -> ::core::option::Option<::std::string::String> {
            #(#tries)*
            ::core::option::Option::None
        }
    };
    let named = quote! {
        /// How a body is read once it has named its event, in the pass
        /// that reads the name: as [`parse`] reads it.
        impl #rt::Named for #event_enum {
            fn from_source<S: #rt::Source>(event: &str, source: S) -> ::core::result::Result<Self, S::Error> {
                #(
                    #cfgs
                    if #(event == #spelled)||* {
                        return source.typed().map(#event_enum::#variants);
                    }
                )*
                source.untyped().map(|payload| #event_enum::#unknown {
                    name: event.to_owned(),
                    payload,
                })
            }
        }
    };
    let paths = quote!(&[#(&[#(#paths),*]),*]);
    let (Some(batch), Some(batch_ty)) = (&p.provider.batch, &p.batch) else {
        return quote! {
            #event_name_of

            #[doc = #parse_doc]
            #[doc = #unknown_doc]
            pub fn parse_body(body: &[u8]) -> ::core::result::Result<#event_enum, #parse_error> {
                #rt::parse_body::<#event_enum>(body, #paths)
            }

            #named

            /// [`parse_body`], rejecting a delivery that lacks a plain field
            /// or sends it as `null`, as [`parse_strict`] does.
            pub fn parse_body_strict(body: &[u8]) -> ::core::result::Result<#event_enum, #parse_error> {
                #rt::strict(|| parse_body(body))
            }
        };
    };
    // A batch: the body's array holds the events, each naming itself.
    let keys = &batch.path;
    let array = if keys.is_empty() {
        "the body".to_string()
    } else {
        format!("`{}`", keys.join("."))
    };
    let batch_doc = format!(
        " A delivery of several events, the array {array}: each typed by the name it carries ({where_}), the rest of the body kept as it came. Serializing gives the body back."
    );
    let parse_batch_doc = format!(
        " Parses a delivery, a batch of events in {array}: each by the name it carries ({where_}), as [`parse`] would with that name; an element without one is [`{event_enum}::{unknown}`] with an empty name."
    );
    quote! {
        #event_name_of

        #named

        #[doc = #batch_doc]
        pub type #batch_ty = ::webhook_runtime::Batch<#event_enum>;

        /// Where a delivery holds its events, and how each one is parsed.
        impl ::webhook_runtime::BatchEvent for #event_enum {
            const PATH: &'static [&'static str] = &[#(#keys),*];

            fn parse_element(element: &[u8]) -> ::core::result::Result<Self, #parse_error> {
                #rt::parse_body::<Self>(element, #paths)
            }
        }

        #[doc = #parse_batch_doc]
        pub fn parse_body(body: &[u8]) -> ::core::result::Result<#batch_ty, #parse_error> {
            ::webhook_runtime::Batch::parse(body)
        }

        /// [`parse_body`], rejecting an event that lacks a plain field or
        /// sends it as `null`, as [`parse_strict`] does.
        pub fn parse_body_strict(body: &[u8]) -> ::core::result::Result<#batch_ty, #parse_error> {
            #rt::strict(|| parse_body(body))
        }
    }
}
