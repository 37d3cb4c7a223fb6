//! Webhook payload types generated at build time from `docs-input/`, and a
//! handler that matches on them.

/// `parse`, `Event`, the payload types, `ParseError` and `event!`; with the
/// runtime features this crate turns on, each provider's `receiver`,
/// `validate` and `examples` too.
pub mod webhooks {
    include!(concat!(env!("OUT_DIR"), "/webhooks.rs"));
}

use webhooks::{event, github};

/// Events this crate watches, named at compile time: a typo in a name or an
/// action is a build error that suggests the documented one.
pub const WATCHED: github::EventName = event!(github, "issues");

/// What a receiver would do with a GitHub delivery, in a word.
pub fn triage(event: &github::Event) -> &'static str {
    match event.key() {
        event!(github, "pull_request.opened") => "review",
        event!(github, "issues.labeled") => "sort",
        key if key.name == WATCHED => "read",
        _ if event.is_unknown() => "unknown",
        _ => "ignore",
    }
}

/// Every documented GitHub example is a test of `triage`: none may come
/// out as an event the docs do not know.
#[cfg(test)]
mod docs_examples {
    fn handle(event: &super::github::Event) -> Result<(), String> {
        match super::triage(event) {
            "unknown" => Err(format!("{} parsed as unknown", event.name())),
            _ => Ok(()),
        }
    }

    crate::webhooks::github_example_tests!(handle);
}
