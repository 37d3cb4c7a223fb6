//! Deliveries that carry several events in one array (`data.events`),
//! each event naming itself: [`Batch`] holds them typed, with the rest of
//! the body as it came, and serializes back to the body.

use serde::de::{self, Deserialize, DeserializeSeed, MapAccess, Visitor};
use serde::ser::{Error as _, Serialize, Serializer};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::fmt;

use crate::parse::{ParseError, ParseEvent};

/// A generated `Event` whose deliveries come in batches.
pub trait BatchEvent: Sized {
    /// Keys from the body's root to the array of events; empty when the
    /// body is the array itself.
    const PATH: &'static [&'static str];

    /// Parses one element of the array by the event name it carries.
    fn parse_element(element: &[u8]) -> Result<Self, ParseError>;
}

/// A delivery of several events: each one typed (an event the docs do not
/// name is kept as unknown), and the body around them kept as it came.
///
/// Serializing gives the body back: the envelope with the events put back
/// in their array (at the end of the object that held it).
#[derive(Debug, Clone, PartialEq)]
pub struct Batch<E> {
    /// The body without its array of events; `Value::Null` when the body
    /// is the array.
    pub envelope: Value,
    /// The events of the array, in order. Empty when the body holds no
    /// array there (then the envelope is the whole body).
    pub events: Vec<E>,
}

impl<E: BatchEvent> Batch<E> {
    /// Parses a batch delivery: the envelope once as JSON, and each event
    /// of the array through its typed parse. A failure names the path from
    /// the body's root (`.data.events[2].actor.id`) and hands back the body.
    pub fn parse(body: &[u8]) -> Result<Self, ParseError> {
        crate::parse::reset_path();
        let text = crate::parse::body_text(body).ok_or_else(|| {
            crate::parse::untyped("", body)
                .err()
                .unwrap_or_else(not_json)
        })?;
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let (envelope, elements) = Envelope(E::PATH)
            .deserialize(&mut deserializer)
            .and_then(|split| deserializer.end().map(|()| split))
            .map_err(|err| ParseError::from_json("", err))?;
        let prefix = prefix(E::PATH);
        let mut events = Vec::with_capacity(elements.len());
        for (index, element) in elements.into_iter().enumerate() {
            let event = E::parse_element(element.get().as_bytes()).map_err(|err| {
                err.within(&format!("{prefix}[{index}]"))
                    .with_payload(serde_json::from_str(text).ok())
            })?;
            events.push(event);
        }
        Ok(Batch { envelope, events })
    }
}

fn not_json() -> ParseError {
    ParseError::from_json("", de::Error::custom("the body is not UTF-8"))
}

/// `.data.events`, as paths in errors are written.
fn prefix(path: &[&str]) -> String {
    path.iter().map(|k| format!(".{k}")).collect()
}

impl<E: BatchEvent + Serialize> Serialize for Batch<E> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let events = self
            .events
            .iter()
            .map(serde_json::to_value)
            .collect::<Result<Vec<Value>, _>>()
            .map_err(S::Error::custom)?;
        let Some((last, parents)) = E::PATH.split_last() else {
            return events.serialize(serializer);
        };
        if self.events.is_empty() && !has_array(&self.envelope, E::PATH) {
            // The body held no array: it is the envelope as it came.
            return self.envelope.serialize(serializer);
        }
        let mut body = self.envelope.clone();
        let mut at = &mut body;
        for key in parents {
            if !at.is_object() {
                *at = Value::Object(Map::new());
            }
            at = at
                .as_object_mut()
                .expect("an object")
                .entry(key.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
        }
        if !at.is_object() {
            *at = Value::Object(Map::new());
        }
        at.as_object_mut()
            .expect("an object")
            .insert(last.to_string(), Value::Array(events));
        body.serialize(serializer)
    }
}

/// Whether the array slot exists (it never does in a parsed envelope; a
/// hand-built one may hold it).
fn has_array(envelope: &Value, path: &[&str]) -> bool {
    path.iter()
        .try_fold(envelope, |v, k| v.get(k))
        .is_some_and(Value::is_array)
}

/// [`Batch::parse`], for the receiver and the `axum` extractor: the event
/// header, if any, is not needed, each event names itself.
impl<E: BatchEvent> ParseEvent for Batch<E> {
    fn parse_event(_event: &str, body: &[u8]) -> Result<Self, ParseError> {
        Batch::parse(body)
    }
}

/// Reads a body as JSON, except the array at the path, whose elements are
/// kept as raw text for their typed parse.
struct Envelope<'p>(&'p [&'p str]);

impl<'de> DeserializeSeed<'de> for Envelope<'_> {
    type Value = (Value, Vec<&'de RawValue>);

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        if self.0.is_empty() {
            let elements = <Vec<&'de RawValue>>::deserialize(d)?;
            return Ok((Value::Null, elements));
        }
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Envelope<'_> {
    type Value = (Value, Vec<&'de RawValue>);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Map::new();
        let mut elements = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == self.0[0] && elements.is_empty() {
                if self.0.len() == 1 {
                    match map.next_value::<Holder<'de>>()? {
                        Holder::Array(items) => elements = items,
                        Holder::Other(value) => {
                            out.insert(key, value);
                        }
                    }
                } else {
                    let (value, inner) = map.next_value_seed(Envelope(&self.0[1..]))?;
                    elements = inner;
                    out.insert(key, value);
                }
            } else {
                out.insert(key, map.next_value()?);
            }
        }
        Ok((Value::Object(out), elements))
    }

    // Any other value is kept whole: a body without the array is an
    // envelope with no events.
    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        let value = Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        Ok((value, Vec::new()))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok((Value::String(v.to_owned()), Vec::new()))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok((Value::Bool(v), Vec::new()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok((Value::from(v), Vec::new()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok((Value::from(v), Vec::new()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok((Value::from(v), Vec::new()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok((Value::Null, Vec::new()))
    }
}

/// The value at the array's key: its elements as raw text, or whatever
/// else the body has there (kept in the envelope).
enum Holder<'de> {
    Array(Vec<&'de RawValue>),
    Other(Value),
}

impl<'de> Deserialize<'de> for Holder<'de> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = <&'de RawValue>::deserialize(d)?;
        let text = raw.get();
        if text.trim_start().starts_with('[') {
            serde_json::from_str::<Vec<&'de RawValue>>(text)
                .map(Holder::Array)
                .map_err(de::Error::custom)
        } else {
            serde_json::from_str(text)
                .map(Holder::Other)
                .map_err(de::Error::custom)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An event that is its body, named by `kind`; `bad` never parses.
    #[derive(Debug, Clone, PartialEq, serde::Serialize)]
    struct Named(Value);

    impl BatchEvent for Named {
        const PATH: &'static [&'static str] = &["data", "events"];
        fn parse_element(element: &[u8]) -> Result<Self, ParseError> {
            let value = crate::parse::untyped("x", element)?;
            if value.get("kind").and_then(Value::as_str) == Some("bad") {
                return Err(ParseError::from_json("bad", de::Error::custom("no")));
            }
            Ok(Named(value))
        }
    }

    #[test]
    fn events_are_parsed_and_the_body_comes_back() {
        let body = br#"{"kind":"hook","data":{"events":[{"kind":"a.b","n":1},{"kind":"c","x":[null]}],"more":true},"z":0}"#;
        let batch = Batch::<Named>::parse(body).unwrap();
        assert_eq!(batch.events.len(), 2);
        assert_eq!(batch.events[1].0["kind"], "c");
        assert_eq!(
            batch.envelope,
            serde_json::json!({"kind": "hook", "data": {"more": true}, "z": 0})
        );
        let back = serde_json::to_value(&batch).unwrap();
        assert_eq!(back, serde_json::from_slice::<Value>(body).unwrap());
    }

    #[test]
    fn a_body_without_the_array_is_all_envelope() {
        let body = br#"{"data":{"events":"none"}}"#;
        let batch = Batch::<Named>::parse(body).unwrap();
        assert!(batch.events.is_empty());
        let back = serde_json::to_value(&batch).unwrap();
        assert_eq!(back, serde_json::from_slice::<Value>(body).unwrap());
        assert!(Batch::<Named>::parse(b"[1, 2]").unwrap().events.is_empty());
    }

    #[test]
    fn a_bad_event_is_an_error_at_its_index_with_the_body() {
        let body = br#"{"data":{"events":[{"kind":"a"},{"kind":"bad"}]}}"#;
        let err = Batch::<Named>::parse(body).unwrap_err();
        assert_eq!(err.path(), ".data.events[1]");
        assert_eq!(err.payload().unwrap()["data"]["events"][1]["kind"], "bad");
        assert!(Batch::<Named>::parse(b"{\"data\": ").is_err());
    }
}
