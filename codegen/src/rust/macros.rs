//! Compile-time-checked event names: `EventName`, `EventKey` and `event!`.
//!
//! The generated crate gets, per provider module, an `EventName` enum (one
//! variant per documented event plus `Other(String)`) and an `EventKey`
//! (name and action), and at its root a `macro_rules! event` that forwards
//! `$crate` to a proc macro in a sibling crate, `<crate>/macros/`. That
//! crate embeds the event and action tables of the IR, so `event!("issuez")`
//! is a compile error with a did-you-mean.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::plan::{ident, CratePlan, ProviderPlan};
use super::{rust_file, BackendError, CrateSettings, OutputFile, PREAMBLE};
use crate::names::Namer;

/// The fixed names of one provider module, clash-free against the IR.
struct Names {
    event_name: Ident,
    event_key: Ident,
    other: Ident,
}

fn names(p: &ProviderPlan) -> Names {
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

/// The package name of the proc-macro crate.
pub(crate) fn package_name(settings: &CrateSettings) -> String {
    format!("{}-macros", settings.crate_name)
}

fn macros_ident(settings: &CrateSettings) -> Ident {
    ident(&package_name(settings).replace('-', "_"))
}

/// `EventName`, `EventKey` and `Event::{event_name, key}`, for a provider module.
pub(crate) fn provider_items(p: &ProviderPlan) -> TokenStream {
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
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
                    #(#wires => Self::#variants,)*
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

/// Items appended to `src/lib.rs`: the `event!` macro and its private re-export.
pub(crate) fn lib_items(plan: &CratePlan, settings: &CrateSettings) -> TokenStream {
    let macros = macros_ident(settings);
    let first = plan.providers.first();
    let example = first
        .and_then(|p| p.provider.events.first())
        .map_or("name", |e| e.name.as_str());
    let (rule, usage) = if plan.single() {
        (
            quote! {
                ($name:tt) => {
                    $crate::__private::event_impl!($crate, $name)
                };
            },
            format!(" `event!(\"{example}\")`"),
        )
    } else {
        let module = first.map_or("provider".to_string(), |p| p.module.to_string());
        (
            quote! {
                ($provider:ident, $name:tt) => {
                    $crate::__private::event_impl!($crate, $provider, $name)
                };
            },
            format!(" `event!({module}, \"{example}\")`"),
        )
    };
    quote! {
        #[doc(hidden)]
        pub mod __private {
            pub use #macros::event_impl;
        }

        /// A documented event name, checked at compile time:
        #[doc = #usage]
        /// is an `EventName` and `event!("name.action")` an `EventKey`, each
        /// usable as a `const` initializer and as a match pattern. An unknown
        /// name or action is a compile error that suggests the closest one.
        #[macro_export]
        macro_rules! event {
            #rule
        }
    }
}

/// `macros/Cargo.toml` and `macros/src/lib.rs`.
pub(crate) fn macros_crate(
    plan: &CratePlan,
    settings: &CrateSettings,
) -> Result<Vec<OutputFile>, BackendError> {
    let manifest = format!(
        "# {PREAMBLE}\n\
         [package]\n\
         name = \"{name}\"\n\
         version = \"{version}\"\n\
         edition = \"2021\"\n\
         publish = false\n\
         \n\
         [lib]\n\
         proc-macro = true\n\
         doctest = false\n\
         \n\
         [dependencies]\n\
         proc-macro2 = \"1\"\n\
         quote = \"1\"\n\
         syn = {{ version = \"2\", default-features = false, features = [\"parsing\", \"printing\", \"proc-macro\"] }}\n",
        name = package_name(settings),
        version = settings.version,
    );
    Ok(vec![
        OutputFile {
            path: "macros/Cargo.toml".to_string(),
            contents: manifest.into_bytes(),
        },
        rust_file("macros/src/lib.rs", macros_lib(plan, settings))?,
    ])
}

fn macros_lib(plan: &CratePlan, settings: &CrateSettings) -> TokenStream {
    let providers = plan.providers.iter().map(|p| {
        let Names {
            event_name,
            event_key,
            ..
        } = names(p);
        let module = p.module.to_string();
        let (event_name, event_key) = (event_name.to_string(), event_key.to_string());
        let events = p.provider.events.iter().map(|e| {
            let (name, variant) = (&e.name, &e.variant);
            let actions = e.actions.iter().map(|a| a.name.as_str());
            quote! {
                Event { name: #name, variant: #variant, actions: &[#(#actions),*] }
            }
        });
        quote! {
            Provider {
                module: #module,
                event_name: #event_name,
                event_key: #event_key,
                events: &[#(#events),*],
            }
        }
    });
    let single = plan.single();
    // `#` inside the generated `quote!`s, which this `quote!` must not read.
    let pound = proc_macro2::Punct::new('#', proc_macro2::Spacing::Alone);
    let title = format!(
        " The proc macro behind `{}::event!`; use that, not this crate.",
        settings.crate_name.replace('-', "_")
    );
    quote! {
        #![doc = #title]

        use proc_macro::TokenStream;
        use proc_macro2::{Delimiter, Literal, Span, TokenStream as Tokens, TokenTree};
        use quote::quote;

        struct Provider {
            module: &'static str,
            event_name: &'static str,
            event_key: &'static str,
            events: &'static [Event],
        }

        struct Event {
            name: &'static str,
            variant: &'static str,
            actions: &'static [&'static str],
        }

        /// One provider means `event!("name")` and items at the crate root;
        /// several mean `event!(module, "name")`.
        const SINGLE: bool = #single;

        static PROVIDERS: &[Provider] = &[#(#providers),*];

        /// `event_impl!($crate, "name")`, or `event_impl!($crate, module, "name")`.
        #[doc(hidden)]
        #[proc_macro]
        pub fn event_impl(input: TokenStream) -> TokenStream {
            match expand(input.into()) {
                Ok(tokens) => tokens.into(),
                Err(err) => err.to_compile_error().into(),
            }
        }

        fn expand(input: Tokens) -> syn::Result<Tokens> {
            let mut parts = vec![Tokens::new()];
            for tt in input {
                match &tt {
                    TokenTree::Punct(p) if p.as_char() == ',' => parts.push(Tokens::new()),
                    _ => parts.last_mut().into_iter().for_each(|part| part.extend([tt.clone()])),
                }
            }
            let usage = if SINGLE {
                "expected `event!(\"name\")` or `event!(\"name.action\")`"
            } else {
                "expected `event!(provider, \"name\")` or `event!(provider, \"name.action\")`"
            };
            let krate = parts.remove(0);
            let (provider, module, literal) = match (SINGLE, parts.len()) {
                (true, 1) => (&PROVIDERS[0], None, parts.remove(0)),
                (false, 2) => {
                    let module: syn::Ident = syn::parse2(ungroup(parts.remove(0)))?;
                    let found = PROVIDERS.iter().find(|p| module == p.module);
                    let Some(provider) = found else {
                        let mut msg = format!("unknown provider `{module}`");
                        let wanted = module.to_string();
                        if let Some(best) = closest(&wanted, PROVIDERS.iter().map(|p| p.module)) {
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
                Some(module) => quote!(#pound krate::#pound module),
                None => krate,
            };
            let name_ty = syn::Ident::new(provider.event_name, Span::call_site());
            let variant = syn::Ident::new(event.variant, Span::call_site());
            let name = quote!(#pound root::#pound name_ty::#pound variant);
            Ok(match action {
                None => name,
                Some(action) => {
                    let key_ty = syn::Ident::new(provider.event_key, Span::call_site());
                    let mut action = Literal::string(action);
                    action.set_span(span);
                    quote! {
                        #pound root::#pound key_ty {
                            name: #pound name,
                            action: ::core::option::Option::Some(#pound action),
                        }
                    }
                }
            })
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

        /// The event named by `text` (the whole of it, or a prefix before a
        /// `.`) and the checked action after the `.`, if any.
        fn lookup(
            provider: &'static Provider,
            text: &str,
            span: Span,
        ) -> syn::Result<(&'static Event, Option<&'static str>)> {
            if let Some(event) = provider.events.iter().find(|e| e.name == text) {
                return Ok((event, None));
            }
            for (at, _) in text.rmatch_indices('.') {
                let (name, action) = (&text[..at], &text[at + 1..]);
                if let Some(event) = provider.events.iter().find(|e| e.name == name) {
                    return check_action(event, action, span).map(|a| (event, Some(a)));
                }
            }
            let names = || provider.events.iter().map(|e| e.name);
            let head = text.split('.').next().unwrap_or(text);
            let guess = if head != text {
                closest(head, names()).map(|best| (head, best))
            } else {
                None
            };
            let msg = match guess.or_else(|| closest(text, names()).map(|best| (text, best))) {
                Some((wanted, best)) => {
                    format!("unknown event {wanted:?}; did you mean {best:?}?")
                }
                None => format!("unknown event {text:?}"),
            };
            Err(syn::Error::new(span, msg))
        }

        fn check_action(event: &Event, action: &str, span: Span) -> syn::Result<&'static str> {
            if let Some(found) = event.actions.iter().copied().find(|a| *a == action) {
                return Ok(found);
            }
            let name = event.name;
            if event.actions.is_empty() {
                let msg = format!("event {name:?} has no documented actions, so {action:?} is unknown");
                return Err(syn::Error::new(span, msg));
            }
            let listed = event.actions.join(", ");
            let msg = match closest(action, event.actions.iter().copied()) {
                Some(best) => format!(
                    "unknown action {action:?} for event {name:?}; did you mean {best:?}? documented actions: {listed}"
                ),
                None => format!(
                    "unknown action {action:?} for event {name:?}; documented actions: {listed}"
                ),
            };
            Err(syn::Error::new(span, msg))
        }

        /// The candidate nearest to `wanted` by edit distance, if near enough
        /// to be a typo.
        fn closest(wanted: &str, candidates: impl Iterator<Item = &'static str>) -> Option<&'static str> {
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
    }
}
