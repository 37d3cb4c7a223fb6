//! Documented examples as tests of a user's handler (cargo feature
//! `testing`): each generated module lists its [`Example`]s, and its
//! `example_tests!` macro writes one `#[test]` per example that calls
//! [`run_example`].

use std::fmt::{Debug, Display};

/// A documented example payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    /// The event name, as sent.
    pub event: &'static str,
    /// The documented action of this example, if any.
    pub action: Option<&'static str>,
    /// The payload exactly as the docs show it.
    pub body: &'static [u8],
}

/// Parses `example` with `parse` and passes the result to `handler`;
/// panics, naming the example, when either fails.
#[doc(hidden)]
pub fn run_example<T, E: Debug, P: Display>(
    example: &Example,
    parse: impl FnOnce(&str, &[u8]) -> Result<T, P>,
    handler: impl FnOnce(&T) -> Result<(), E>,
) {
    let name = match example.action {
        Some(action) => format!("{} ({action})", example.event),
        None => example.event.to_owned(),
    };
    let event = parse(example.event, example.body)
        .unwrap_or_else(|err| panic!("the documented {name} example does not parse: {err}"));
    if let Err(err) = handler(&event) {
        panic!("the handler failed on the documented {name} example: {err:?}");
    }
}
