//! Webhook payload types generated at build time from `docs-input/`.

/// `parse`, `Event`, the payload types and `ParseError`.
pub mod webhooks {
    include!(concat!(env!("OUT_DIR"), "/webhooks.rs"));
}
