//! A small webhook consumer of `generated`, the way a user would write one:
//! a handler over a few events, tested against every documented example
//! (`tests/examples.rs`) and checked with `validate`.

use generated::github::Event;

/// Why the handler refused a delivery.
#[derive(Debug, PartialEq, Eq)]
pub enum HandlerError {
    /// A field the handler relies on is absent.
    Missing(&'static str),
    /// The handler was told to refuse this event (for the failure test).
    Refused(String),
}

/// What a consumer might do with a delivery: pick out the fields it needs.
pub fn handle(event: &Event) -> Result<(), HandlerError> {
    match event {
        Event::Issues(payload) => {
            // Plain fields: the docs guarantee them, parsing checked them.
            let _ = (payload.issue.number, &payload.action);
            Ok(())
        }
        Event::Push(payload) => {
            payload
                .ref_
                .as_deref()
                .ok_or(HandlerError::Missing("ref"))?;
            payload
                .after
                .as_deref()
                .ok_or(HandlerError::Missing("after"))?;
            Ok(())
        }
        Event::PullRequest(payload) => {
            let _: i64 = payload.number;
            Ok(())
        }
        Event::Ping(payload) => {
            payload.zen.as_deref().ok_or(HandlerError::Missing("zen"))?;
            Ok(())
        }
        // Everything else is acknowledged and ignored.
        _ => Ok(()),
    }
}

/// A handler with a bug for exactly one event: `issues` deliveries fail.
pub fn refuse_issues(event: &Event) -> Result<(), HandlerError> {
    if event.name() == "issues" {
        return Err(HandlerError::Refused(event.name().to_owned()));
    }
    handle(event)
}
