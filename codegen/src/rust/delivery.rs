//! Receiving deliveries: the per-provider constants and functions that feed
//! `webhook_runtime::delivery` (which does the verifying), the `axum`
//! extractor's type, the generated tests and the `receiver` example.
//!
//! Everything here is behind the `delivery` cargo feature (the extractor and
//! the example behind `axum`), which turns on the runtime's feature of the
//! same name, so `--no-default-features` needs only serde.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::plan::{CratePlan, ProviderPlan};
use crate::ir::{Example, HeaderRole, HmacAlgorithm, Provider, SignatureScheme};

/// Lines for `src/lib.rs`: the runtime's module and `http`, whose
/// `HeaderMap` the `receive` functions take.
pub(crate) fn lib_items() -> TokenStream {
    quote! {
        // No doc of its own: rustdoc would print it before the module's,
        // which says the same.
        #[cfg(feature = "delivery")]
        pub use ::webhook_runtime::delivery;

        /// The `http` crate, whose `HeaderMap` [`delivery`] reads.
        #[cfg(feature = "delivery")]
        pub use ::webhook_runtime::http;
    }
}

fn algorithm(a: HmacAlgorithm) -> TokenStream {
    match a {
        HmacAlgorithm::Sha1 => quote!(::webhook_runtime::delivery::Algorithm::Sha1),
        HmacAlgorithm::Sha256 => quote!(::webhook_runtime::delivery::Algorithm::Sha256),
    }
}

fn scheme(s: &SignatureScheme) -> TokenStream {
    match s {
        SignatureScheme::HmacHex {
            header,
            algorithm: a,
            prefix,
        } => {
            let a = algorithm(*a);
            let prefix = match prefix {
                Some(p) => quote!(::core::option::Option::Some(#p)),
                None => quote!(::core::option::Option::None),
            };
            quote!(::webhook_runtime::delivery::Scheme::HmacHex { header: #header, algorithm: #a, prefix: #prefix })
        }
        SignatureScheme::HmacBase64 {
            header,
            algorithm: a,
        } => {
            let a = algorithm(*a);
            quote!(::webhook_runtime::delivery::Scheme::HmacBase64 { header: #header, algorithm: #a })
        }
        SignatureScheme::Timestamped { header } => {
            quote!(::webhook_runtime::delivery::Scheme::Timestamped { header: #header })
        }
        SignatureScheme::StandardWebhooks => {
            quote!(::webhook_runtime::delivery::Scheme::StandardWebhooks)
        }
    }
}

fn header_of(provider: &Provider, role: HeaderRole) -> TokenStream {
    match provider.headers.iter().find(|h| h.role == role) {
        Some(h) => {
            let name = h.name.as_str();
            quote!(::core::option::Option::Some(#name))
        }
        None => quote!(::core::option::Option::None),
    }
}

/// Items appended to a provider's `mod.rs`; empty without an event header
/// or a name in the body.
pub(crate) fn provider_items(p: &ProviderPlan<'_>) -> TokenStream {
    let provider = p.provider;
    if !p.receives() {
        return TokenStream::new();
    }
    let event = match p.event_header {
        Some(name) => quote!(::core::option::Option::Some(#name)),
        None => quote!(::core::option::Option::None),
    };
    // What a delivery parses into: the event, or a batch of them.
    let event_enum = p.batch.as_ref().unwrap_or(&p.event_enum);
    let schemes = provider.signatures.iter().map(scheme);
    let delivery = header_of(provider, HeaderRole::DeliveryId);
    let hook_id = header_of(provider, HeaderRole::HookId);
    let user_agent = header_of(provider, HeaderRole::UserAgent);
    let target_id = header_of(provider, HeaderRole::InstallationTargetId);
    let target_type = header_of(provider, HeaderRole::InstallationTargetType);
    let name = &provider.name;
    let schemes_doc = format!(" How `{name}` signs its deliveries, as documented.");
    let names_doc = format!(" The delivery headers `{name}` sends, as documented.");
    let extractor_doc =
        format!(" An `axum` extractor of a verified delivery parsed as [`{event_enum}`].");
    quote! {
        #[doc = #schemes_doc]
        #[cfg(feature = "delivery")]
        pub const SCHEMES: &[::webhook_runtime::delivery::Scheme] = &[#(#schemes),*];

        #[doc = #names_doc]
        #[cfg(feature = "delivery")]
        pub const HEADER_NAMES: ::webhook_runtime::delivery::HeaderNames = ::webhook_runtime::delivery::HeaderNames {
            event: #event,
            delivery: #delivery,
            hook_id: #hook_id,
            user_agent: #user_agent,
            installation_target_id: #target_id,
            installation_target_type: #target_type,
        };

        /// A verifier of [`SCHEMES`] with one shared secret.
        #[cfg(feature = "delivery")]
        pub fn verifier(secret: impl AsRef<[u8]>) -> ::webhook_runtime::delivery::Verifier {
            ::webhook_runtime::delivery::Verifier::new(SCHEMES, secret)
        }

        /// A receiver of [`HEADER_NAMES`] that requires a valid signature.
        #[cfg(feature = "delivery")]
        pub fn receiver(secret: impl AsRef<[u8]>) -> ::webhook_runtime::delivery::Receiver {
            ::webhook_runtime::delivery::Receiver::new(HEADER_NAMES, verifier(secret))
        }

        /// Checks a request (size, headers, signature over the raw `body`,
        /// content type) and parses its event; a body that does not parse
        /// is [`DeliveryError::Parse`](::webhook_runtime::delivery::DeliveryError::Parse) (400).
        #[cfg(feature = "delivery")]
        pub fn receive(
            receiver: &::webhook_runtime::delivery::Receiver,
            headers: &::webhook_runtime::http::HeaderMap,
            body: &[u8],
        ) -> ::core::result::Result<(::webhook_runtime::delivery::DeliveryHeaders, #event_enum), ::webhook_runtime::delivery::DeliveryError> {
            receiver.receive_event(headers, body)
        }

        #[doc = #extractor_doc]
        /// The state provides the receiver (`Arc<Receiver>: FromRef<S>`);
        /// rejections are [`DeliveryError`](::webhook_runtime::delivery::DeliveryError)s,
        /// which answer with their status (400, 401, 413 or 415).
        #[cfg(feature = "axum")]
        pub type Delivery = ::webhook_runtime::delivery::Delivery<#event_enum>;
    }
}

fn krate(plan: &CratePlan<'_>, p: &ProviderPlan<'_>, crate_ident: &Ident) -> TokenStream {
    if plan.single() {
        quote!(::#crate_ident)
    } else {
        let module = &p.module;
        quote!(::#crate_ident::#module)
    }
}

/// Source of `examples/receiver.rs`, when some provider has delivery items.
pub(crate) fn example(plan: &CratePlan<'_>, crate_ident: &Ident) -> Option<TokenStream> {
    let p = plan.receiver()?;
    let krate = krate(plan, p, crate_ident);
    let intro = format!(
        " Receives `{}` webhooks: `receiver --listen ADDR`, secret in `WEBHOOK_SECRET`.",
        p.provider.name
    );
    Some(quote! {
        #![doc = #intro]
        //!
        //! Answers `POST /` with 204 for every valid delivery, unknown events
        //! included, and prints one line per accepted delivery to stdout:
        //! `<delivery id> <event> <action or ->`. Rejected deliveries get the
        //! status of their `DeliveryError`.

        use std::sync::Arc;

        use axum::http::StatusCode;
        use axum::routing::post;
        use axum::Router;
        use #krate::Delivery;

        fn usage() -> ! {
            eprintln!("usage: receiver --listen ADDR (secret in WEBHOOK_SECRET)");
            std::process::exit(2)
        }

        #[tokio::main]
        async fn main() {
            let mut listen = None;
            let mut args = std::env::args().skip(1);
            while let Some(arg) = args.next() {
                match arg.as_str() {
                    "--listen" => listen = Some(args.next().unwrap_or_else(|| usage())),
                    _ => usage(),
                }
            }
            let listen = listen.unwrap_or_else(|| usage());
            let secret = match std::env::var("WEBHOOK_SECRET") {
                Ok(secret) if !secret.is_empty() => secret,
                _ => {
                    eprintln!("WEBHOOK_SECRET is not set");
                    std::process::exit(2)
                }
            };
            let receiver = Arc::new(#krate::receiver(secret));
            let app = Router::new().route("/", post(accept)).with_state(receiver);
            let listener = match tokio::net::TcpListener::bind(&listen).await {
                Ok(listener) => listener,
                Err(err) => {
                    eprintln!("cannot listen on {listen}: {err}");
                    std::process::exit(1)
                }
            };
            if let Ok(addr) = listener.local_addr() {
                eprintln!("listening on {addr}");
            }
            if let Err(err) = axum::serve(listener, app).await {
                eprintln!("server error: {err}");
                std::process::exit(1)
            }
        }

        async fn accept(delivery: Delivery) -> StatusCode {
            let id = delivery.headers.delivery.as_deref().unwrap_or("-");
            let action = delivery.event.action().unwrap_or("-");
            println!("{id} {} {action}", delivery.event.name());
            StatusCode::NO_CONTENT
        }
    })
}

/// The smallest documented example, preferring ones with an action.
fn smallest_example(provider: &Provider) -> Option<(usize, &Example, String)> {
    let mut best: Option<(usize, &Example, String)> = None;
    for (i, event) in provider.events.iter().enumerate() {
        for example in &event.examples {
            let Ok(text) = serde_json::to_string(&example.value) else {
                continue;
            };
            let key = |e: &Example, t: &str| (e.action.is_none(), t.len());
            if best
                .as_ref()
                .is_none_or(|(_, b, t)| key(example, &text) < key(b, t))
            {
                best = Some((i, example, text));
            }
        }
    }
    best
}

/// Source of `tests/delivery.rs`, when some provider has delivery items and
/// a SHA-256 scheme and an example to sign.
pub(crate) fn tests(plan: &CratePlan<'_>, crate_ident: &Ident) -> Option<TokenStream> {
    let mut modules = Vec::new();
    for p in &plan.providers {
        // A batch's events are checked by the examples' tests.
        if !p.receives() || p.batch.is_some() {
            continue;
        }
        let Some(index) = p.provider.signatures.iter().position(|s| {
            !matches!(
                s,
                SignatureScheme::HmacHex {
                    algorithm: HmacAlgorithm::Sha1,
                    ..
                } | SignatureScheme::HmacBase64 {
                    algorithm: HmacAlgorithm::Sha1,
                    ..
                }
            )
        }) else {
            continue;
        };
        let Some((event_index, example, body)) = smallest_example(p.provider) else {
            continue;
        };
        let event = &p.provider.events[event_index];
        let wire = event.name.as_str();
        let feature = p.features[event_index].as_str();
        let action = match &example.action {
            Some(a) => quote!(::core::option::Option::Some(#a)),
            None => quote!(::core::option::Option::None),
        };
        let krate = krate(plan, p, crate_ident);
        let module = &p.module;
        // Without an event header, the body names the event.
        let missing_header = p.event_header.is_some().then(|| {
            quote! {
                #[test]
                fn missing_event_header_is_400() {
                    let mut headers = signed(BODY.as_bytes(), "application/json");
                    if let Some(name) = HEADER_NAMES.event {
                        headers.remove(name);
                    }
                    let err = receive(&receiver(SECRET), &headers, BODY.as_bytes()).unwrap_err();
                    assert_eq!(err.status(), 400, "{err}");
                }
            }
        });
        // A body without the name is unknown, not ill typed: only the
        // header names the event of a `[]`.
        let ill_typed = p.event_header.is_some().then(|| {
            quote! {
                #[cfg(feature = #feature)]
                #[test]
                fn ill_typed_payload_is_400() {
                    let body = b"[]";
                    let headers = signed(body, "application/json");
                    let err = receive(&receiver(SECRET), &headers, body).unwrap_err();
                    assert_eq!(err.status(), 400, "{err}");
                    assert!(matches!(err, delivery::DeliveryError::Parse(_)));
                }
            }
        });
        modules.push(quote! {
            mod #module {
                use super::*;
                use #krate::{receive, receiver, HEADER_NAMES, SCHEMES};

                const EVENT: &str = #wire;
                const BODY: &str = #body;

                fn signed(body: &[u8], content_type: &str) -> HeaderMap {
                    let mut headers = delivery::sign(&SCHEMES[#index], SECRET, body, now(), "msg_1")
                        .expect("signing works");
                    if let Some(name) = HEADER_NAMES.event {
                        headers.insert(HeaderName::from_static_lower(name), HeaderValue::from_static(EVENT));
                    }
                    if let Some(name) = HEADER_NAMES.delivery {
                        headers.insert(HeaderName::from_static_lower(name), HeaderValue::from_static("delivery-1"));
                    }
                    headers.insert(CONTENT_TYPE, HeaderValue::from_str(content_type).unwrap());
                    headers
                }

                #[test]
                fn signed_example_is_received_typed() {
                    let headers = signed(BODY.as_bytes(), "application/json");
                    let (delivery, event) = receive(&receiver(SECRET), &headers, BODY.as_bytes())
                        .expect("a signed documented example is accepted");
                    if HEADER_NAMES.event.is_some() {
                        assert_eq!(delivery.event, EVENT);
                    }
                    assert_eq!(event.name(), EVENT);
                    if HEADER_NAMES.delivery.is_some() {
                        assert_eq!(delivery.delivery.as_deref(), Some("delivery-1"));
                    }
                    #[cfg(feature = #feature)]
                    {
                        assert!(!event.is_unknown());
                        assert_eq!(event.action(), #action);
                    }
                }

                #[test]
                fn tampered_body_is_401() {
                    let headers = signed(BODY.as_bytes(), "application/json");
                    let tampered = format!("{BODY} ");
                    let err = receive(&receiver(SECRET), &headers, tampered.as_bytes()).unwrap_err();
                    assert_eq!(err.status(), 401, "{err}");
                }

                #[test]
                fn wrong_secret_is_401() {
                    let headers = signed(BODY.as_bytes(), "application/json");
                    let err = receive(&receiver("another secret"), &headers, BODY.as_bytes()).unwrap_err();
                    assert_eq!(err.status(), 401, "{err}");
                }

                #[test]
                fn text_plain_is_415() {
                    let headers = signed(BODY.as_bytes(), "text/plain");
                    let err = receive(&receiver(SECRET), &headers, BODY.as_bytes()).unwrap_err();
                    assert_eq!(err.status(), 415, "{err}");
                }

                #[test]
                fn form_encoded_payload_is_received() {
                    let form = format!("payload={}", percent_encode(BODY));
                    let headers = signed(form.as_bytes(), "application/x-www-form-urlencoded");
                    let (_, event) = receive(&receiver(SECRET), &headers, form.as_bytes())
                        .expect("a form-encoded delivery is accepted");
                    assert_eq!(event.name(), EVENT);
                    let expected: serde_json::Value = serde_json::from_str(BODY).unwrap();
                    assert_eq!(serde_json::to_value(&event).unwrap(), expected);
                }

                #[test]
                fn body_over_the_cap_is_413() {
                    let headers = signed(BODY.as_bytes(), "application/json");
                    let small = receiver(SECRET).max_body(BODY.len() - 1);
                    let err = receive(&small, &headers, BODY.as_bytes()).unwrap_err();
                    assert_eq!(err.status(), 413, "{err}");
                }

                #missing_header

                #ill_typed
            }
        });
    }
    if modules.is_empty() {
        return None;
    }
    Some(quote! {
        //! Documented examples, signed as the provider would, come back typed
        //! through `receive`; bad deliveries get the right status.

        #![cfg(feature = "delivery")]

        use #crate_ident::delivery;
        use #crate_ident::http::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE};

        const SECRET: &str = "It's a Secret to Everybody";

        fn now() -> u64 {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0)
        }

        trait FromStaticLower {
            fn from_static_lower(name: &str) -> HeaderName;
        }

        impl FromStaticLower for HeaderName {
            fn from_static_lower(name: &str) -> HeaderName {
                HeaderName::from_bytes(name.as_bytes()).expect("a valid header name")
            }
        }

        /// Every byte but ASCII alphanumerics as `%XX`.
        fn percent_encode(text: &str) -> String {
            text.bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect()
        }

        #(#modules)*
    })
}
