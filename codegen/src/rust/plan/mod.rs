//! Every decision the printers share, made once from the IR: the fixed
//! names this back-end adds next to IR names, cargo features and gates,
//! boxing, which events get a per-action view, which providers get delivery
//! items, and where example payloads go. It knows no printer.
//!
//! Fixed names (`Event`, `ParseError`, `Unknown`, `Other`, `extra`)
//! go through [`Namer`] with the IR names of the same scope
//! reserved, so a clash yields `Event2`, `extra2`, ... rather than broken
//! code. Every other identifier comes from the IR as is.

pub(crate) mod examples;
pub(crate) mod features;
pub(crate) mod graph;

use proc_macro2::Ident;

use self::graph::Gate;
use super::tokens::ident;
use crate::ir::{Docs, Event, HeaderRole, Provider};
use crate::names::Namer;

pub(crate) struct CratePlan<'a> {
    pub providers: Vec<ProviderPlan<'a>>,
}

impl ProviderPlan<'_> {
    /// The `#[cfg(...)]` of each event's feature, in event order.
    pub fn event_cfgs(&self) -> Vec<proc_macro2::TokenStream> {
        self.features
            .iter()
            .map(|f| {
                let pred = features::predicate([f.as_str()]);
                quote::quote!(#[cfg(#pred)])
            })
            .collect()
    }
}

pub(crate) struct ProviderPlan<'a> {
    pub provider: &'a Provider,
    pub module: Ident,
    pub event_enum: Ident,
    pub parse_error: Ident,
    /// The `Event` variant of unknown events.
    pub unknown: Ident,
    /// Per event.
    pub features: Vec<String>,
    pub object_gates: Vec<Gate>,
    pub enum_gates: Vec<Gate>,
    /// Per object, per field.
    pub boxed: Vec<Vec<bool>>,
    /// Per object: the map of what its typed fields do not hold (unknown
    /// keys, and known ones sent as `null`).
    pub extra: Vec<Ident>,
    /// Per enum: the variant holding unknown strings.
    pub other: Vec<Ident>,
    /// Per event: its per-action view enum, when its docs give actions
    /// fields of their own.
    pub by_action: Vec<Option<Ident>>,
    /// The header that names the event, if any.
    pub event_header: Option<&'a str>,
    /// The batch type, when a delivery carries several events.
    pub batch: Option<Ident>,
}

impl<'a> CratePlan<'a> {
    pub(crate) fn new(docs: &'a Docs) -> Self {
        let features = features::feature_names(docs);
        let providers = docs
            .providers
            .iter()
            .zip(features)
            .map(|(p, f)| ProviderPlan::new(p, f))
            .collect();
        CratePlan { providers }
    }

    pub(crate) fn single(&self) -> bool {
        self.providers.len() == 1
    }

    /// The provider the `receiver` example serves: the first with delivery items.
    pub(crate) fn receiver(&self) -> Option<&ProviderPlan<'a>> {
        self.providers
            .iter()
            .find(|p| p.receives() && p.batch.is_none())
    }
}

impl<'a> ProviderPlan<'a> {
    /// Whether the provider gets delivery items: a header names the event,
    /// or the body does (nothing else would say how to parse a delivery).
    pub(crate) fn receives(&self) -> bool {
        self.event_header.is_some() || !self.provider.name_in_body.is_empty()
    }

    fn new(provider: &'a Provider, features: Vec<String>) -> Self {
        let space = &provider.types;
        let mut types = Namer::new();
        let type_names: Vec<&str> = space
            .objects
            .iter()
            .map(|o| o.rust_name.as_str())
            .chain(space.enums.iter().map(|e| e.rust_name.as_str()))
            .collect();
        types.reserve(&type_names);
        let event_enum = ident(&types.claim("Event"));
        let parse_error = ident(&types.claim("ParseError"));
        let by_action = provider
            .events
            .iter()
            .map(|e| {
                has_view(provider, e)
                    .then(|| ident(&types.claim(&format!("{}ByAction", e.variant))))
            })
            .collect();
        let batch = provider
            .batch
            .as_ref()
            .map(|_| ident(&types.claim("Batch")));

        let mut variants = Namer::new();
        let event_variants: Vec<&str> =
            provider.events.iter().map(|e| e.variant.as_str()).collect();
        variants.reserve(&event_variants);
        let unknown = ident(&variants.claim("Unknown"));

        let extra = space
            .objects
            .iter()
            .map(|object| {
                let mut fields = Namer::new();
                let names: Vec<&str> = object.fields.iter().map(|f| f.rust_name.as_str()).collect();
                fields.reserve(&names);
                ident(&fields.claim("extra"))
            })
            .collect();
        let other = space
            .enums
            .iter()
            .map(|e| {
                let mut namer = Namer::new();
                let names: Vec<&str> = e.variants.iter().map(String::as_str).collect();
                namer.reserve(&names);
                ident(&namer.claim("Other"))
            })
            .collect();

        let (object_gates, enum_gates) = graph::gates(provider);
        ProviderPlan {
            provider,
            module: ident(&provider.module),
            event_enum,
            parse_error,
            unknown,
            features,
            object_gates,
            enum_gates,
            boxed: graph::boxed_fields(space),
            extra,
            other,
            by_action,
            event_header: event_header(provider),
            batch,
        }
    }
}

/// Whether `event` gets a view: it has an action enum, at least one action
/// with fields of its own, and a payload type of its own (a type another
/// event shares would get two `by_action` methods).
fn has_view(provider: &Provider, event: &Event) -> bool {
    event.action_enum.is_some()
        && event.actions.iter().any(|a| !a.fields.is_empty())
        && provider
            .events
            .iter()
            .filter(|e| e.payload == event.payload)
            .count()
            == 1
}

fn event_header(provider: &Provider) -> Option<&str> {
    provider.event_header.as_deref().or_else(|| {
        provider
            .headers
            .iter()
            .find(|h| h.role == HeaderRole::EventName)
            .map(|h| h.name.as_str())
    })
}
