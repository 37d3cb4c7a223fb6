//! The runtime of webhook crates generated from vendor documentation.
//!
//! `codegen` reads a vendor's webhook docs and writes Rust: a crate of its
//! own (`cargo run -p codegen`) or one `webhooks.rs` from a build script
//! (`codegen::Builder`). What it writes is what the docs decide: payload
//! types, the `Event` enum and its dispatch, name tables, examples, and
//! which signature scheme and delivery headers the vendor documents. What
//! is the same for every vendor lives here, written and tested once:
//!
//! - the streaming visitor generated types deserialize through, which keeps
//!   unknown keys, `null`s and the absence of fields the docs guarantee
//!   (each object's [`Extra`]) so a payload serializes back as it came;
//!   [`Drift`], the report of how a payload differs from the docs; strict
//!   parsing; and [`ParseError`], which names the JSON path of a failure and
//!   hands the payload back;
//! - [`Timestamp`], a time as the payload sent it (ISO 8601 text or Unix
//!   seconds), converting to `SystemTime`, and to `chrono`, `time` and
//!   `jiff` types behind the features of those names;
//! - `delivery` (cargo feature `delivery`; `sha1` for HMAC-SHA1, `axum` for
//!   an extractor): signature verification for every scheme the generator
//!   knows, typed delivery headers, body decoding, a `Receiver` that does
//!   all of it;
//! - [`validation`]: checking a body against the embedded JSON Schemas
//!   (feature `validate`, which pulls in `jsonschema`) and listing the keys
//!   the docs do not describe;
//! - `testing` (feature `testing`): documented examples as tests of a
//!   handler.
//!
//! A generated crate depends on this one and turns these features on for its
//! own features of the same names. Code from a build script uses whatever
//! features the including crate enables here: with `delivery` on, each
//! provider module of `webhooks.rs` gets its `verifier`, `receiver` and
//! `receive`; with `validate`, its `validate`.
//!
//! # Versions
//!
//! Generated code states the runtime version it was written for with
//! [`generated_for!`]; a runtime that cannot run it is a compile error
//! naming both versions, never a silent misbehaviour.
//!
//! Everything under `__private` is for generated code only and may change
//! in any release.

mod batch;
mod body_name;
mod drift;
mod extra;
mod parse;
mod peek;
mod timestamp;
mod visit;

#[cfg(feature = "delivery")]
pub mod delivery;
#[cfg(feature = "testing")]
pub mod testing;
pub mod validation;

pub use batch::{Batch, BatchEvent};
pub use drift::Drift;
pub use extra::Extra;
pub use parse::{ParseError, ParseEvent};
pub use timestamp::{Timestamp, TimestampError};

/// The `http` crate, whose `HeaderMap` `delivery` reads.
#[cfg(feature = "delivery")]
pub use http;

/// Checks, while compiling, that generated code fits this runtime.
///
/// Generated code starts with `::webhook_runtime::generated_for!("0.1.0");`,
/// naming the version of this crate its generator wrote it for. A runtime
/// accepts its own version and the earlier ones it still runs; any other is
/// a compile error that says which version to depend on:
///
/// ```text
/// error: this code was generated for webhook-runtime 0.2.0, but it is compiled with webhook-runtime 0.1.0: depend on webhook-runtime 0.2.0, or regenerate the code with a codegen that writes for 0.1.0
/// ```
#[macro_export]
macro_rules! generated_for {
    ("0.1.0") => {};
    ($version:literal) => {
        ::core::compile_error!(::core::concat!(
            "this code was generated for webhook-runtime ",
            $version,
            ", but it is compiled with webhook-runtime 0.1.0: depend on webhook-runtime ",
            $version,
            ", or regenerate the code with a codegen that writes for 0.1.0"
        ));
    };
}

/// What generated code calls; not part of the documented API.
#[doc(hidden)]
pub mod __private {
    pub use crate::body_name::{parse_body, parse_body_or, Named, Source};
    pub use crate::drift::{
        drift_at, drift_items, drift_of, own_drift, plain_len, strict, write_plain,
    };
    pub use crate::parse::{typed, untyped};
    pub use crate::peek::{str_in, string_at};
    #[cfg(feature = "testing")]
    pub use crate::testing::run_example;
    pub use crate::validation::Schemas;
    pub use crate::visit::{
        deserialize_object, extra_len, is_null, present, read_boxed, read_field, read_object,
        read_plain, read_plain_boxed, read_plain_object, wire_str, write_extra, write_field,
        FieldKey, Items, Object, ObjectItems, WireStr,
    };
    pub use webhook_runtime_macros::{cfg_feature, event};
}

#[cfg(test)]
mod tests {
    #[test]
    fn generated_for_accepts_this_version() {
        let version = env!("CARGO_PKG_VERSION");
        let source = include_str!("lib.rs");
        let accepted = format!("(\"{version}\") => {{}};");
        assert!(
            source.contains(&accepted),
            "`generated_for!` rejects {version}"
        );
        let named = format!("compiled with webhook-runtime {version}:");
        assert!(
            source.contains(&named),
            "`generated_for!` names another version"
        );
        crate::generated_for!("0.1.0");
    }
}
