//! [`Receiver`]: size, headers, signature and body checks in one call.

use std::borrow::Cow;
use std::error::Error as StdError;
use std::fmt;

use http::header::HeaderMap;

use super::body::{check_size, decode_body, DecodeError, DEFAULT_MAX_BODY};
use super::headers::{DeliveryHeaders, HeaderError, HeaderNames};
use super::verify::{Verifier, VerifyError};
use crate::ParseEvent;

/// Turns an HTTP request into a verified delivery: size check, headers,
/// signature over the raw body, then decoding.
#[derive(Debug, Clone)]
pub struct Receiver {
    verifier: Option<Verifier>,
    names: HeaderNames,
    max_body: usize,
}

impl Receiver {
    /// A receiver that requires a valid signature on every delivery.
    pub fn new(names: HeaderNames, verifier: Verifier) -> Self {
        Receiver {
            verifier: Some(verifier),
            names,
            max_body: DEFAULT_MAX_BODY,
        }
    }

    /// A receiver that accepts unsigned deliveries. Anyone who can reach the
    /// endpoint can then forge events: only for providers that do not sign,
    /// or behind another authentication layer.
    pub fn without_verification(names: HeaderNames) -> Self {
        Receiver {
            verifier: None,
            names,
            max_body: DEFAULT_MAX_BODY,
        }
    }

    /// Sets the body size cap (default [`DEFAULT_MAX_BODY`]).
    #[must_use]
    pub fn max_body(mut self, max_body: usize) -> Self {
        self.max_body = max_body;
        self
    }

    /// The body size cap.
    pub fn max_body_len(&self) -> usize {
        self.max_body
    }

    /// The header names this receiver reads.
    pub fn names(&self) -> &HeaderNames {
        &self.names
    }

    /// The verifier, unless built with [`Receiver::without_verification`].
    pub fn verifier(&self) -> Option<&Verifier> {
        self.verifier.as_ref()
    }

    /// Checks a request and returns its delivery headers and JSON document.
    ///
    /// `body` must be the bytes exactly as received.
    pub fn receive<'a>(
        &self,
        headers: &HeaderMap,
        body: &'a [u8],
    ) -> Result<(DeliveryHeaders, Cow<'a, [u8]>), DeliveryError> {
        check_size(body.len(), self.max_body)?;
        let delivery = DeliveryHeaders::from_headers(&self.names, headers)?;
        if let Some(verifier) = &self.verifier {
            verifier.verify(headers, body)?;
        }
        let json = decode_body(delivery.content_type.as_deref(), body)?;
        Ok((delivery, json))
    }

    /// [`receive`](Self::receive), then parses the JSON document as the
    /// event its header names (or, for a provider that names events in the
    /// body, as the body names it); a body that does not parse is
    /// [`DeliveryError::Parse`] (400).
    pub fn receive_event<E: ParseEvent>(
        &self,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<(DeliveryHeaders, E), DeliveryError> {
        let (delivery, json) = self.receive(headers, body)?;
        let event = E::parse_event(&delivery.event, &json)
            .map_err(|err| DeliveryError::Parse(Box::new(err)))?;
        Ok((delivery, event))
    }
}

/// Why a delivery was rejected; [`DeliveryError::status`] gives the HTTP
/// status to answer with.
#[derive(Debug)]
#[non_exhaustive]
pub enum DeliveryError {
    /// A required delivery header is missing or unusable (400).
    Headers(HeaderError),
    /// The signature is missing or bad (401; 500 when not configured).
    Verify(VerifyError),
    /// The body is too large (413), of an unsupported type (415) or a
    /// malformed form (400).
    Decode(DecodeError),
    /// The JSON document does not parse as the announced event (400).
    Parse(Box<dyn StdError + Send + Sync>),
}

impl DeliveryError {
    /// HTTP status to answer with.
    pub fn status(&self) -> u16 {
        match self {
            DeliveryError::Headers(_) | DeliveryError::Parse(_) => 400,
            DeliveryError::Verify(err) => err.status(),
            DeliveryError::Decode(err) => err.status(),
        }
    }
}

impl fmt::Display for DeliveryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeliveryError::Headers(err) => err.fmt(f),
            DeliveryError::Verify(err) => err.fmt(f),
            DeliveryError::Decode(err) => err.fmt(f),
            DeliveryError::Parse(err) => write!(f, "invalid event payload: {err}"),
        }
    }
}

impl StdError for DeliveryError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            DeliveryError::Headers(err) => Some(err),
            DeliveryError::Verify(err) => Some(err),
            DeliveryError::Decode(err) => Some(err),
            DeliveryError::Parse(err) => Some(err.as_ref()),
        }
    }
}

impl From<HeaderError> for DeliveryError {
    fn from(err: HeaderError) -> Self {
        DeliveryError::Headers(err)
    }
}

impl From<VerifyError> for DeliveryError {
    fn from(err: VerifyError) -> Self {
        DeliveryError::Verify(err)
    }
}

impl From<DecodeError> for DeliveryError {
    fn from(err: DecodeError) -> Self {
        DeliveryError::Decode(err)
    }
}
