//! Procedural macros behind generated webhook code; use them through
//! `webhook-runtime` (and the generated `event!`), not from this crate.
//!
//! - `event!` checks an event name, and optionally an action, against the
//!   tables the generated code passes in, and suggests the closest documented
//!   name when it is unknown. The tables travel in the macro input because a
//!   build script can write a `macro_rules!` macro but not a proc-macro crate.
//! - `#[cfg_feature(name)]` keeps an item when `webhook-runtime` has that
//!   cargo feature: code included from a build script has no features of its
//!   own to test with `#[cfg]`.

use proc_macro::TokenStream;
use proc_macro2::{Delimiter, Literal, Span, TokenStream as Tokens, TokenTree};
use quote::quote;

/// One provider's names, as the generated code passes them.
struct Provider {
    module: syn::Ident,
    event_name: syn::Ident,
    event_key: syn::Ident,
    events: Vec<Event>,
}

struct Event {
    name: String,
    variant: syn::Ident,
    actions: Vec<String>,
}

/// `event!({ root } [ tables ] input)`.
///
/// `root` is the path of the generated module (`$crate`, or
/// `$crate::webhooks` for an included file). `tables` is, per provider,
/// `module EventName EventKey { "name" Variant ["action" ...] ... }`. With one
/// provider the input is `"name"` or `"name.action"`; with several it is
/// `provider, "name"`. The result is `root::EventName::Variant`, or an
/// `EventKey` with the action, each usable as a constant and as a pattern.
#[doc(hidden)]
#[proc_macro]
pub fn event(input: TokenStream) -> TokenStream {
    match expand(input.into()) {
        Ok(tokens) => tokens.into(),
        Err(err) => err.to_compile_error().into(),
    }
}

/// Keeps the item when `webhook-runtime` was built with the named cargo
/// feature (`delivery`, `axum`, `validate` or `testing`), drops it
/// otherwise; `not(name)` the other way round.
#[doc(hidden)]
#[proc_macro_attribute]
pub fn cfg_feature(attr: TokenStream, item: TokenStream) -> TokenStream {
    match feature_on(attr.into()) {
        Ok(true) => item,
        Ok(false) => TokenStream::new(),
        Err(err) => err.to_compile_error().into(),
    }
}

/// `name` or `not(name)`, for the features of `webhook-runtime`.
fn feature_on(attr: Tokens) -> syn::Result<bool> {
    let mut tokens = attr.clone().into_iter();
    if let (Some(TokenTree::Ident(not)), Some(TokenTree::Group(inner)), None) =
        (tokens.next(), tokens.next(), tokens.next())
    {
        if not == "not" && inner.delimiter() == Delimiter::Parenthesis {
            return feature_on(inner.stream()).map(|on| !on);
        }
    }
    let name: syn::Ident = syn::parse2(attr)?;
    let on = match name.to_string().as_str() {
        "delivery" => cfg!(feature = "delivery"),
        "axum" => cfg!(feature = "axum"),
        "validate" => cfg!(feature = "validate"),
        "testing" => cfg!(feature = "testing"),
        other => {
            let msg = format!(
                "unknown webhook-runtime feature `{other}` (known: delivery, axum, validate, testing)"
            );
            return Err(syn::Error::new(name.span(), msg));
        }
    };
    Ok(on)
}

fn expand(input: Tokens) -> syn::Result<Tokens> {
    let mut input = input.into_iter();
    let root = match input.next() {
        Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => g.stream(),
        _ => return Err(table_error()),
    };
    let providers = match input.next() {
        Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Bracket => providers(g.stream())?,
        _ => return Err(table_error()),
    };
    if providers.is_empty() {
        return Err(table_error());
    }
    let single = providers.len() == 1;
    let mut parts = vec![Tokens::new()];
    for tt in input {
        match &tt {
            TokenTree::Punct(p) if p.as_char() == ',' => parts.push(Tokens::new()),
            _ => parts
                .last_mut()
                .into_iter()
                .for_each(|part| part.extend([tt.clone()])),
        }
    }
    let usage = if single {
        "expected `event!(\"name\")` or `event!(\"name.action\")`"
    } else {
        "expected `event!(provider, \"name\")` or `event!(provider, \"name.action\")`"
    };
    let (provider, module, literal) = match (single, parts.len()) {
        (true, 1) => (&providers[0], None, parts.remove(0)),
        (false, 2) => {
            let module: syn::Ident = syn::parse2(ungroup(parts.remove(0)))?;
            let Some(provider) = providers.iter().find(|p| module == p.module) else {
                let mut msg = format!("unknown provider `{module}`");
                let names: Vec<String> = providers.iter().map(|p| p.module.to_string()).collect();
                if let Some(best) = closest(&module.to_string(), names.iter().map(String::as_str)) {
                    msg.push_str(&format!("; did you mean `{best}`?"));
                }
                return Err(syn::Error::new(module.span(), msg));
            };
            (provider, Some(module), parts.remove(0))
        }
        _ => return Err(syn::Error::new(Span::call_site(), usage)),
    };
    let literal: syn::LitStr = syn::parse2(ungroup(literal))?;
    let span = literal.span();
    let (event, action) = lookup(provider, &literal.value(), span)?;
    let root = match &module {
        Some(module) => quote!(#root::#module),
        None => root,
    };
    let name_ty = &provider.event_name;
    let variant = &event.variant;
    let name = quote!(#root::#name_ty::#variant);
    Ok(match action {
        None => name,
        Some(action) => {
            let key_ty = &provider.event_key;
            let mut action = Literal::string(action);
            action.set_span(span);
            quote! {
                #root::#key_ty {
                    name: #name,
                    action: ::core::option::Option::Some(#action),
                }
            }
        }
    })
}

/// The tables come from generated code; a malformed one is a codegen bug.
fn table_error() -> syn::Error {
    syn::Error::new(
        Span::call_site(),
        "malformed event table: the generated code does not match this webhook-runtime; regenerate it",
    )
}

fn providers(tokens: Tokens) -> syn::Result<Vec<Provider>> {
    let mut out = Vec::new();
    let mut tokens = tokens.into_iter();
    while let Some(first) = tokens.next() {
        let module = ident(Some(first))?;
        let event_name = ident(tokens.next())?;
        let event_key = ident(tokens.next())?;
        let events = match tokens.next() {
            Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => events(g.stream())?,
            _ => return Err(table_error()),
        };
        out.push(Provider {
            module,
            event_name,
            event_key,
            events,
        });
    }
    Ok(out)
}

fn events(tokens: Tokens) -> syn::Result<Vec<Event>> {
    let mut out = Vec::new();
    let mut tokens = tokens.into_iter();
    while let Some(first) = tokens.next() {
        let name = string(first)?;
        let variant = ident(tokens.next())?;
        let actions = match tokens.next() {
            Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Bracket => g
                .stream()
                .into_iter()
                .map(string)
                .collect::<syn::Result<_>>()?,
            _ => return Err(table_error()),
        };
        out.push(Event {
            name,
            variant,
            actions,
        });
    }
    Ok(out)
}

fn ident(tt: Option<TokenTree>) -> syn::Result<syn::Ident> {
    match tt {
        Some(TokenTree::Ident(ident)) => Ok(ident),
        _ => Err(table_error()),
    }
}

fn string(tt: TokenTree) -> syn::Result<String> {
    match tt {
        TokenTree::Literal(lit) => syn::parse2::<syn::LitStr>(TokenTree::Literal(lit).into())
            .map(|s| s.value())
            .map_err(|_| table_error()),
        _ => Err(table_error()),
    }
}

/// A fragment passed through `macro_rules!` may come wrapped in an
/// invisible group.
fn ungroup(tokens: Tokens) -> Tokens {
    let mut iter = tokens.clone().into_iter();
    match (iter.next(), iter.next()) {
        (Some(TokenTree::Group(g)), None) if g.delimiter() == Delimiter::None => g.stream(),
        _ => tokens,
    }
}

/// The event named by `text` (the whole of it, or a prefix before a `.`)
/// and the checked action after the `.`, if any.
fn lookup<'p>(
    provider: &'p Provider,
    text: &str,
    span: Span,
) -> syn::Result<(&'p Event, Option<&'p str>)> {
    if let Some(event) = provider.events.iter().find(|e| e.name == text) {
        return Ok((event, None));
    }
    for (at, _) in text.rmatch_indices('.') {
        let (name, action) = (&text[..at], &text[at + 1..]);
        if let Some(event) = provider.events.iter().find(|e| e.name == name) {
            return check_action(event, action, span).map(|a| (event, Some(a)));
        }
    }
    let names = || provider.events.iter().map(|e| e.name.as_str());
    let head = text.split('.').next().unwrap_or(text);
    let guess = if head != text {
        closest(head, names()).map(|best| (head, best))
    } else {
        None
    };
    let msg = match guess.or_else(|| closest(text, names()).map(|best| (text, best))) {
        Some((wanted, best)) => format!("unknown event {wanted:?}; did you mean {best:?}?"),
        None => format!("unknown event {text:?}"),
    };
    Err(syn::Error::new(span, msg))
}

fn check_action<'e>(event: &'e Event, action: &str, span: Span) -> syn::Result<&'e str> {
    if let Some(found) = event.actions.iter().find(|a| *a == action) {
        return Ok(found);
    }
    let name = &event.name;
    if event.actions.is_empty() {
        let msg = format!("event {name:?} has no documented actions, so {action:?} is unknown");
        return Err(syn::Error::new(span, msg));
    }
    let listed = event.actions.join(", ");
    let msg = match closest(action, event.actions.iter().map(String::as_str)) {
        Some(best) => format!(
            "unknown action {action:?} for event {name:?}; did you mean {best:?}? documented actions: {listed}"
        ),
        None => {
            format!("unknown action {action:?} for event {name:?}; documented actions: {listed}")
        }
    };
    Err(syn::Error::new(span, msg))
}

/// The candidate nearest to `wanted` by edit distance, if near enough to be
/// a typo.
fn closest<'c>(wanted: &str, candidates: impl Iterator<Item = &'c str>) -> Option<&'c str> {
    candidates
        .map(|c| (distance(wanted, c), c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance, by chars.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == *cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::{closest, distance};

    #[test]
    fn edit_distance() {
        assert_eq!(distance("issuez", "issues"), 1);
        assert_eq!(distance("", "push"), 4);
        assert_eq!(distance("opend", "opened"), 1);
        assert_eq!(distance("ü", "u"), 1);
    }

    #[test]
    fn suggestions_are_typos_only() {
        let names = ["issues", "issue_comment", "push"];
        assert_eq!(closest("issuez", names.into_iter()), Some("issues"));
        assert_eq!(closest("pusj", names.into_iter()), Some("push"));
        assert_eq!(closest("deployment", names.into_iter()), None);
    }
}
