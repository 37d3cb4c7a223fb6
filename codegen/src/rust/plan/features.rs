//! Cargo feature names: the crate's own and one per event, and the
//! `#[cfg]`s that use them.

use proc_macro2::TokenStream;
use quote::quote;

use super::graph::Gate;
use crate::ir::Docs;
use crate::names::Namer;

/// The crate's own cargo features, in manifest order, with what each turns
/// on; event features must not take their names.
pub(crate) const CRATE_FEATURES: &[(&str, &[&str])] = &[
    ("delivery", &["webhook-runtime/delivery"]),
    ("sha1", &["delivery", "webhook-runtime/sha1"]),
    ("axum", &["delivery", "webhook-runtime/axum"]),
    ("validate", &["webhook-runtime/validate"]),
    ("undocumented", &[]),
    ("testing", &["webhook-runtime/testing"]),
    ("schemars", &["dep:schemars"]),
];

/// Feature names per provider, per event: the event name lowercased with
/// runs of other characters as one `-`, prefixed with the provider module
/// when there are several providers; clashes get `2`, `3`, ... in IR order.
pub(crate) fn feature_names(docs: &Docs) -> Vec<Vec<String>> {
    let mut namer = Namer::new();
    namer.reserve(&["default"]);
    let own: Vec<&str> = CRATE_FEATURES.iter().map(|(name, _)| *name).collect();
    namer.reserve(&own);
    let several = docs.providers.len() > 1;
    docs.providers
        .iter()
        .map(|p| {
            p.events
                .iter()
                .map(|e| {
                    let base = slug(&e.name);
                    let wanted = if several {
                        format!("{}-{base}", p.module)
                    } else {
                        base
                    };
                    namer.claim(&wanted)
                })
                .collect()
        })
        .collect()
}

fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("event");
    }
    out
}

/// `#[cfg(...)]` for a gate over `features` (one provider's), or nothing.
pub(crate) fn cfg_attr(gate: &Gate, features: &[String]) -> TokenStream {
    match gate {
        Gate::Always => TokenStream::new(),
        Gate::Events(events) => {
            let pred = predicate(events.iter().map(|&i| features[i].as_str()));
            quote!(#[cfg(#pred)])
        }
    }
}

/// `feature = "a"` or `any(feature = "a", feature = "b")`.
pub(crate) fn predicate<'a>(features: impl IntoIterator<Item = &'a str>) -> TokenStream {
    let features: Vec<&str> = features.into_iter().collect();
    match features.as_slice() {
        [one] => quote!(feature = #one),
        many => quote!(any(#(feature = #many),*)),
    }
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs() {
        assert_eq!(slug("pull_request"), "pull-request");
        assert_eq!(slug("Push Hook"), "push-hook");
        assert_eq!(slug("invoice.payment_failed"), "invoice-payment-failed");
        assert_eq!(slug("--"), "event");
    }
}
