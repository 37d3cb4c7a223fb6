//! Delivery bodies: the size cap and the JSON document inside a JSON or
//! form-encoded body.

use std::borrow::Cow;
use std::error::Error as StdError;
use std::fmt;

/// Default cap on a delivery body (vendors document payloads of at most
/// 25 MB).
pub const DEFAULT_MAX_BODY: usize = 25 * 1024 * 1024;

/// Fails with [`DecodeError::TooLarge`] when `len` exceeds `max`.
pub fn check_size(len: usize, max: usize) -> Result<(), DecodeError> {
    if len > max {
        Err(DecodeError::TooLarge { len, max })
    } else {
        Ok(())
    }
}

/// The JSON document carried by a delivery body.
///
/// `application/json` and `+json` types are returned as they are;
/// `application/x-www-form-urlencoded` bodies yield their `payload` field,
/// percent-decoded. The JSON itself is not validated here.
pub fn decode_body<'a>(
    content_type: Option<&str>,
    body: &'a [u8],
) -> Result<Cow<'a, [u8]>, DecodeError> {
    let unsupported = || DecodeError::UnsupportedMediaType {
        content_type: content_type.map(truncate_for_error),
    };
    let essence = content_type
        .and_then(|ct| ct.split(';').next())
        .map(str::trim)
        .ok_or_else(unsupported)?;
    let bytes = essence.as_bytes();
    let is_json = essence.eq_ignore_ascii_case("application/json")
        || (essence.contains('/')
            && bytes.len() > 5
            && bytes[bytes.len() - 5..].eq_ignore_ascii_case(b"+json"));
    if is_json {
        Ok(Cow::Borrowed(body))
    } else if essence.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
        form_field(body, b"payload").map(Cow::Owned)
    } else {
        Err(unsupported())
    }
}

/// Keeps error messages bounded whatever a sender puts in a header.
fn truncate_for_error(value: &str) -> String {
    const MAX: usize = 100;
    match value.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}...", &value[..end]),
        None => value.to_owned(),
    }
}

/// The percent-decoded value of the only field named `name`.
fn form_field(body: &[u8], name: &[u8]) -> Result<Vec<u8>, DecodeError> {
    let mut found = None;
    for pair in body.split(|&b| b == b'&').filter(|pair| !pair.is_empty()) {
        let (key, value) = match pair.iter().position(|&b| b == b'=') {
            Some(i) => (&pair[..i], &pair[i + 1..]),
            None => (pair, &[][..]),
        };
        if percent_decode(key) == name {
            // Two payloads would make what gets parsed depend on which one a
            // given parser picks.
            if found.is_some() {
                return Err(DecodeError::DuplicatePayload);
            }
            found = Some(percent_decode(value));
        }
    }
    found.ok_or(DecodeError::MissingPayload)
}

/// `application/x-www-form-urlencoded` decoding: `+` is a space, and a `%`
/// not followed by two hex digits is kept literally (as browsers do).
fn percent_decode(input: &[u8]) -> Vec<u8> {
    fn hex_value(b: u8) -> Option<u8> {
        match b {
            b'0'..=b'9' => Some(b - b'0'),
            b'a'..=b'f' => Some(b - b'a' + 10),
            b'A'..=b'F' => Some(b - b'A' + 10),
            _ => None,
        }
    }
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        match input[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hi = input.get(i + 1).copied().and_then(hex_value);
                let lo = input.get(i + 2).copied().and_then(hex_value);
                if let (Some(hi), Some(lo)) = (hi, lo) {
                    out.push(hi << 4 | lo);
                    i += 2;
                } else {
                    out.push(b'%');
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    out
}

/// Why a delivery body could not be turned into a JSON document.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeError {
    /// The content type is missing or neither JSON nor form-encoded.
    UnsupportedMediaType {
        /// The received `Content-Type`, shortened.
        content_type: Option<String>,
    },
    /// The body exceeds the configured cap.
    TooLarge {
        /// Body length in bytes.
        len: usize,
        /// The cap.
        max: usize,
    },
    /// A form-encoded body has no `payload` field.
    MissingPayload,
    /// A form-encoded body has more than one `payload` field.
    DuplicatePayload,
}

impl DecodeError {
    /// HTTP status to answer with: 415, 413 or 400.
    pub fn status(&self) -> u16 {
        match self {
            DecodeError::UnsupportedMediaType { .. } => 415,
            DecodeError::TooLarge { .. } => 413,
            DecodeError::MissingPayload | DecodeError::DuplicatePayload => 400,
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::UnsupportedMediaType {
                content_type: Some(ct),
            } => {
                write!(f, "unsupported content type {ct:?}")
            }
            DecodeError::UnsupportedMediaType { content_type: None } => {
                f.write_str("missing content type")
            }
            DecodeError::TooLarge { len, max } => {
                write!(f, "body of {len} bytes exceeds the limit of {max}")
            }
            DecodeError::MissingPayload => f.write_str("form body has no payload field"),
            DecodeError::DuplicatePayload => {
                f.write_str("form body has more than one payload field")
            }
        }
    }
}

impl StdError for DecodeError {}
