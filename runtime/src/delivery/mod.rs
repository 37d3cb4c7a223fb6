//! Receiving webhook deliveries: signature verification, body decoding and
//! the delivery headers that say which event a body carries (cargo feature
//! `delivery`; `sha1` adds HMAC-SHA1, `axum` the [`Delivery`] extractor).
//!
//! Nothing here is specific to one vendor. Generated provider modules
//! describe, as constants, which [`Scheme`]s and [`HeaderNames`] their
//! documentation specifies (`SCHEMES`, `HEADER_NAMES`, with `verifier` and
//! `receiver` built from them); this module turns those descriptions into
//! checks.
//!
//! The usual entry point is [`Receiver::receive`], which takes the request
//! headers and the *raw* body bytes (signatures are computed over the bytes
//! as sent, so the body must not be parsed or re-serialised before
//! verification) and returns the delivery headers together with the JSON
//! document to parse; [`Receiver::receive_event`] parses it too.
//!
//! ```
//! use webhook_runtime::delivery::{sign, Algorithm, HeaderNames, Receiver, Scheme, Verifier};
//!
//! // What a generated module declares for a vendor that signs the body with a
//! // hex HMAC-SHA256 header.
//! const SCHEMES: &[Scheme] = &[Scheme::HmacHex {
//!     header: "X-Hub-Signature-256",
//!     algorithm: Algorithm::Sha256,
//!     prefix: Some("sha256="),
//! }];
//! const HEADER_NAMES: HeaderNames = HeaderNames::new("X-Acme-Event");
//!
//! let receiver = Receiver::new(HEADER_NAMES, Verifier::new(SCHEMES, "secret"));
//! let body = br#"{"zen":"Design for failure."}"#;
//! // The headers the vendor would send.
//! let mut headers = sign(&SCHEMES[0], "secret", body, 0, "").unwrap();
//! headers.insert("x-acme-event", "ping".parse().unwrap());
//! headers.insert("content-type", "application/json".parse().unwrap());
//!
//! let (delivery, json) = receiver.receive(&headers, body).unwrap();
//! assert_eq!((delivery.event.as_str(), &*json), ("ping", &body[..]));
//!
//! let err = receiver.receive(&headers, b"{}").unwrap_err();
//! assert_eq!(err.status(), 401);
//! ```

#[cfg(feature = "axum")]
mod axum;
mod body;
mod headers;
mod receiver;
mod scheme;
mod sign;
mod verify;

#[cfg(feature = "axum")]
pub use self::axum::Delivery;
pub use self::body::{check_size, decode_body, DecodeError, DEFAULT_MAX_BODY};
pub use self::headers::{DeliveryHeaders, HeaderError, HeaderNames};
pub use self::receiver::{DeliveryError, Receiver};
pub use self::scheme::{
    Algorithm, Scheme, STANDARD_WEBHOOKS_ID, STANDARD_WEBHOOKS_SECRET_PREFIX,
    STANDARD_WEBHOOKS_SIGNATURE, STANDARD_WEBHOOKS_TIMESTAMP,
};
pub use self::sign::{sign, sign_hex, verify_hex};
pub use self::verify::{Verifier, VerifyError, DEFAULT_TOLERANCE};
