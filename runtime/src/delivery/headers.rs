//! The delivery headers a provider sends: which event, which delivery, which hook.

use std::error::Error as StdError;
use std::fmt;

use http::header::{HeaderMap, CONTENT_TYPE};

/// Names of the headers a provider sends with each delivery, as documented.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct HeaderNames {
    /// Header naming the event type, required when set; `None` for a
    /// provider whose deliveries name the event in the body only.
    pub event: Option<&'static str>,
    /// Header carrying the unique delivery id.
    pub delivery: Option<&'static str>,
    /// Header carrying the id of the webhook configuration.
    pub hook_id: Option<&'static str>,
    /// The `User-Agent` as documented, if the docs mention it.
    pub user_agent: Option<&'static str>,
    /// Header carrying the id of the resource the hook is installed on.
    pub installation_target_id: Option<&'static str>,
    /// Header carrying the type of the resource the hook is installed on.
    pub installation_target_type: Option<&'static str>,
}

impl HeaderNames {
    /// Names with only the event header set.
    pub const fn new(event: &'static str) -> Self {
        HeaderNames {
            event: Some(event),
            ..HeaderNames::none()
        }
    }

    /// Names with no header set, for a provider whose deliveries carry
    /// the event's name in the body only.
    pub const fn none() -> Self {
        HeaderNames {
            event: None,
            delivery: None,
            hook_id: None,
            user_agent: None,
            installation_target_id: None,
            installation_target_type: None,
        }
    }
}

/// The delivery headers of one request.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DeliveryHeaders {
    /// Event type, trimmed; empty when the provider sends no event header
    /// (its deliveries name the event in the body).
    pub event: String,
    /// Unique delivery id.
    pub delivery: Option<String>,
    /// Id of the webhook configuration.
    pub hook_id: Option<String>,
    /// `User-Agent` (or the provider's equivalent).
    pub user_agent: Option<String>,
    /// Id of the resource the hook is installed on.
    pub installation_target_id: Option<String>,
    /// Type of the resource the hook is installed on.
    pub installation_target_type: Option<String>,
    /// `Content-Type` of the body.
    pub content_type: Option<String>,
}

impl DeliveryHeaders {
    /// Reads the headers named by `names`. Only the event header is
    /// required, where there is one; optional headers that are not UTF-8
    /// are decoded lossily because they are informational.
    pub fn from_headers(names: &HeaderNames, headers: &HeaderMap) -> Result<Self, HeaderError> {
        let event = match names.event {
            Some(header) => event_header(header, headers)?,
            None => String::new(),
        };
        let optional = |name: Option<&'static str>| name.and_then(|name| text(headers, name));
        Ok(DeliveryHeaders {
            event,
            delivery: optional(names.delivery),
            hook_id: optional(names.hook_id),
            user_agent: optional(names.user_agent),
            installation_target_id: optional(names.installation_target_id),
            installation_target_type: optional(names.installation_target_type),
            content_type: text(headers, CONTENT_TYPE.as_str()),
        })
    }
}

/// The event header's one value, trimmed and not empty.
fn event_header(header: &'static str, headers: &HeaderMap) -> Result<String, HeaderError> {
    let mut values = headers.get_all(header).iter();
    let value = values.next().ok_or(HeaderError::Missing { header })?;
    if values.next().is_some() {
        return Err(HeaderError::Invalid {
            header,
            reason: "header repeated",
        });
    }
    let event = std::str::from_utf8(value.as_bytes())
        .map_err(|_| HeaderError::Invalid {
            header,
            reason: "not UTF-8",
        })?
        .trim();
    if event.is_empty() {
        return Err(HeaderError::Invalid {
            header,
            reason: "empty",
        });
    }
    Ok(event.to_owned())
}

fn text(headers: &HeaderMap, name: &str) -> Option<String> {
    let value = headers.get(name)?;
    Some(String::from_utf8_lossy(value.as_bytes()).trim().to_owned())
}

/// A required delivery header is missing or unusable.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum HeaderError {
    /// The header is absent.
    Missing {
        /// Its name.
        header: &'static str,
    },
    /// The header is present but unusable.
    Invalid {
        /// Its name.
        header: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeaderError::Missing { header } => write!(f, "missing {header} header"),
            HeaderError::Invalid { header, reason } => {
                write!(f, "invalid {header} header: {reason}")
            }
        }
    }
}

impl StdError for HeaderError {}
