//! Every public error type is a good error (Rust API guidelines C-GOOD-ERR,
//! C-SEND-SYNC, C-DEBUG): `Debug`, `Display`, `std::error::Error`, `Send`,
//! `Sync` and `'static`, so it fits in `Box<dyn Error + Send + Sync>` and
//! `anyhow`; and its message is a lowercase phrase without a final period.

use std::error::Error;
use std::fmt::Debug;

fn good<E: Error + Debug + Send + Sync + 'static>(err: E) -> Box<dyn Error + Send + Sync> {
    let message = err.to_string();
    assert!(!message.is_empty(), "{err:?}");
    assert!(!message.ends_with('.'), "{message}");
    let first = message.chars().next().unwrap();
    assert!(!first.is_uppercase(), "{message}");
    assert!(!format!("{err:?}").is_empty());
    Box::new(err)
}

#[test]
fn parse_error() {
    let err = webhook_runtime::__private::untyped("ping", b"{").unwrap_err();
    let boxed = good::<webhook_runtime::ParseError>(err);
    assert!(boxed.to_string().starts_with("ping: .: "), "{boxed}");
}

#[test]
fn timestamp_error() {
    let err = webhook_runtime::Timestamp::from_text("soon")
        .to_system_time()
        .unwrap_err();
    let boxed = good::<webhook_runtime::TimestampError>(err);
    assert!(boxed.to_string().contains("`soon`"), "{boxed}");
}

#[cfg(feature = "delivery")]
#[test]
fn delivery_errors() {
    use webhook_runtime::delivery::*;
    use webhook_runtime::http::HeaderMap;

    let verify = Verifier::new(&[Scheme::StandardWebhooks][..], "k")
        .verify(&HeaderMap::new(), b"")
        .unwrap_err();
    good::<VerifyError>(verify.clone());
    let decode = decode_body(Some("text/plain"), b"").unwrap_err();
    good::<DecodeError>(decode);
    let headers =
        DeliveryHeaders::from_headers(&HeaderNames::new("x-event"), &HeaderMap::new()).unwrap_err();
    good::<HeaderError>(headers.clone());
    for err in [
        DeliveryError::from(verify),
        DeliveryError::from(headers),
        DeliveryError::Parse("bad".into()),
    ] {
        let boxed = good::<DeliveryError>(err);
        assert!(boxed.source().is_some(), "{boxed}");
    }
}

#[cfg(feature = "validate")]
#[test]
fn validation_errors() {
    use webhook_runtime::__private::Schemas;
    use webhook_runtime::validation::{ValidationError, ValidationErrors};

    static SCHEMAS: Schemas<1> = Schemas::new([("ping", r#"{"type": "object"}"#)]);
    let invalid = SCHEMAS.validate("ping", b"[]").unwrap_err();
    let first = invalid.errors()[0].clone();
    good::<ValidationErrors>(invalid);
    good::<ValidationError>(first);
    good::<ValidationErrors>(SCHEMAS.validate("push", b"{}").unwrap_err());
}
