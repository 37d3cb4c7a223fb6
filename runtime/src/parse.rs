//! Parsing a body into a generated type: [`ParseError`], which names the
//! JSON path of a failure, and the entry points generated `parse` calls.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use crate::drift::{is_strict, recovering};
use crate::extra::lending;
use crate::visit::{Fill, Object};

/// A provider's generated `Event` enum: what the receiver and the `axum`
/// extractor of `delivery` parse a verified body into.
pub trait ParseEvent: Sized {
    /// Parses `body` as the generated module's `parse` does; `event` is the
    /// name the delivery's event header gives. For a provider whose docs
    /// put the event name in the body, the body's name comes first and the
    /// header's is the fallback.
    fn parse_event(event: &str, body: &[u8]) -> Result<Self, ParseError>;
}

/// One step of a JSON path.
pub(crate) enum Segment {
    Key(Cow<'static, str>),
    Index(usize),
}

thread_local! {
    /// Steps from the failure outwards, pushed while the error unwinds
    /// through the generated visitors (so the success path never touches
    /// it). `typed` and `untyped` clear it before each body.
    static PATH: RefCell<Vec<Segment>> = const { RefCell::new(Vec::new()) };
}

/// Bounds the recorder for types deserialized outside `parse`, which nobody
/// clears.
const MAX_SEGMENTS: usize = 1024;

#[cold]
pub(crate) fn record(segment: Segment) {
    let _ = PATH.try_with(|path| {
        let mut path = path.borrow_mut();
        if path.len() < MAX_SEGMENTS {
            path.push(segment);
        }
    });
}

pub(crate) fn reset_path() {
    let _ = PATH.try_with(|path| path.borrow_mut().clear());
}

/// jq-style: `.issue.labels[0].name`, `["odd key"]`, `.` for the root.
fn take_path() -> String {
    let segments = PATH
        .try_with(|path| std::mem::take(&mut *path.borrow_mut()))
        .unwrap_or_default();
    let mut out = String::new();
    for segment in segments.iter().rev() {
        match segment {
            Segment::Key(key) if is_plain_key(key) => {
                out.push('.');
                out.push_str(key);
            }
            Segment::Key(key) => {
                out.push('[');
                out.push_str(&serde_json::to_string(key).unwrap_or_default());
                out.push(']');
            }
            Segment::Index(index) => {
                out.push('[');
                out.push_str(&index.to_string());
                out.push(']');
            }
        }
    }
    if out.is_empty() {
        out.push('.');
    }
    out
}

pub(crate) fn is_plain_key(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A body that did not parse: which event, where in the JSON, and
/// serde_json's message (which carries line and column). When the body is
/// JSON that does not fit the documented types (a value of another type;
/// in strict mode, a field the docs guarantee missing or `null`), the
/// error holds it as a
/// [`Value`]: nothing a vendor sends is lost.
#[derive(Debug)]
pub struct ParseError {
    event: String,
    path: String,
    error: serde_json::Error,
    payload: Option<Box<Value>>,
}

impl ParseError {
    fn new(event: &str, error: serde_json::Error) -> Self {
        ParseError {
            event: event.to_owned(),
            path: take_path(),
            error,
            payload: None,
        }
    }

    /// An error of serde_json's, for `event`, at the path recorded so far.
    pub(crate) fn from_json(event: &str, error: serde_json::Error) -> Self {
        Self::new(event, error)
    }

    /// The same error, its path read from `prefix` (a batch's
    /// `.data.events[2]`) on.
    pub(crate) fn within(mut self, prefix: &str) -> Self {
        self.path = if self.path == "." {
            prefix.to_owned()
        } else {
            format!("{prefix}{}", self.path)
        };
        self
    }

    /// The same error, handing back `payload` (the whole body).
    pub(crate) fn with_payload(mut self, payload: Option<Value>) -> Self {
        if payload.is_some() {
            self.payload = payload.map(Box::new);
        }
        self
    }

    /// The event name given to `parse`.
    pub fn event(&self) -> &str {
        &self.event
    }

    /// Where parsing failed, jq-style: `.issue.labels[0].name`; `.` is the
    /// whole body.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// serde_json's error, for its category, line and column.
    pub fn json_error(&self) -> &serde_json::Error {
        &self.error
    }

    /// The body as JSON, when it is JSON that the documented types do not
    /// fit; `None` for a body that is not JSON at all.
    pub fn payload(&self) -> Option<&Value> {
        self.payload.as_deref()
    }

    /// [`ParseError::payload`], by value: what to keep, log or forward
    /// when a delivery drifted from the docs.
    pub fn into_payload(self) -> Option<Value> {
        self.payload.map(|p| *p)
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.event, self.path, self.error)
    }
}

// The message is part of `Display`, so `source` stays `None` rather than
// print it twice in error chains.
impl std::error::Error for ParseError {}

/// Parses a documented event's body into its payload type, filling the box
/// in place: payload structs run to kilobytes, and moving them out of a
/// visitor and into a box costs more than parsing small bodies.
pub fn typed<T: Object>(event: &str, body: &[u8]) -> Result<Box<T>, ParseError> {
    reset_path();
    let mut payload = Box::<T>::default();
    // One UTF-8 check over the whole body costs less than serde_json's check
    // of every string and key read from bytes (a sixth of the parse time in
    // profiles), and reading only text halves the code every payload type
    // instantiates.
    let text = body_text(body).ok_or_else(|| ParseError::new(event, not_utf8(body)))?;
    // Kept keys and values become spans of one shared copy of the body.
    lending(text, |text| {
        fill(serde_json::Deserializer::from_str(text), &mut *payload).or_else(|err| {
            // A value of another type than the docs say is drift, kept in a
            // second pass (`crate::visit`); syntax errors and strict parsing
            // stay errors.
            if err.classify() != serde_json::error::Category::Data || is_strict() {
                return Err(err);
            }
            reset_path();
            *payload = T::default();
            recovering(|| fill(serde_json::Deserializer::from_str(text), &mut *payload))
        })
    })
    .map_err(|err| {
        let mut error = ParseError::new(event, err);
        // Read once more, untyped, only on failure: the error hands back
        // what the types could not hold.
        error.payload = serde_json::from_str(text).ok().map(Box::new);
        error
    })?;
    Ok(payload)
}

fn fill<'de, R: serde_json::de::Read<'de>, T: Object>(
    mut deserializer: serde_json::Deserializer<R>,
    out: &mut T,
) -> Result<(), serde_json::Error> {
    de::Deserializer::deserialize_map(&mut deserializer, Fill(out))
        .and_then(|()| deserializer.end())
}

/// Parses a body of an event without a type (unknown, or its feature off).
pub fn untyped(event: &str, body: &[u8]) -> Result<Value, ParseError> {
    reset_path();
    // As in `typed`.
    match body_text(body) {
        Some(text) => serde_json::from_str(text),
        None => Err(not_utf8(body)),
    }
    .map_err(|err| ParseError::new(event, err))
}

/// `body` as text, when it is UTF-8: the one check of the whole body that
/// lets serde_json read it as `&str`. simdutf8 checks mostly-ASCII JSON
/// several times faster than `std::str::from_utf8`, whose check was a
/// few percent of a typed parse in profiles.
#[inline]
pub(crate) fn body_text(body: &[u8]) -> Option<&str> {
    simdutf8::basic::from_utf8(body).ok()
}

/// serde_json's own error for a body that is not UTF-8, at the bad byte's
/// line and column: the body is read from bytes once more, into nothing,
/// but with every string checked.
#[cold]
fn not_utf8(body: &[u8]) -> serde_json::Error {
    struct Checked;
    impl<'de> de::Deserialize<'de> for Checked {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_any(Checked)
        }
    }
    impl<'de> Visitor<'de> for Checked {
        type Value = Checked;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_bool<E>(self, _: bool) -> Result<Checked, E> {
            Ok(Checked)
        }
        fn visit_i64<E>(self, _: i64) -> Result<Checked, E> {
            Ok(Checked)
        }
        fn visit_u64<E>(self, _: u64) -> Result<Checked, E> {
            Ok(Checked)
        }
        fn visit_f64<E>(self, _: f64) -> Result<Checked, E> {
            Ok(Checked)
        }
        fn visit_str<E>(self, _: &str) -> Result<Checked, E> {
            Ok(Checked)
        }
        fn visit_unit<E>(self) -> Result<Checked, E> {
            Ok(Checked)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Checked, A::Error> {
            while seq.next_element::<Checked>()?.is_some() {}
            Ok(Checked)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Checked, A::Error> {
            while map.next_entry::<Checked, Checked>()?.is_some() {}
            Ok(Checked)
        }
    }
    match serde_json::from_slice::<Checked>(body) {
        Err(err) => err,
        // Unreachable in practice: JSON outside strings is ASCII.
        Ok(Checked) => de::Error::custom("the body is not UTF-8"),
    }
}
