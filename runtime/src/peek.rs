//! One string read out of a body without building the rest of it: where a
//! vendor's docs put the event name in the body instead of a header.

use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// The string at `path` (object keys from the root) in a JSON body; `None`
/// when the body is not JSON, or holds no string there. Of a key repeated
/// in one object, the first counts.
pub fn string_at(body: &[u8], path: &[&str]) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    let mut deserializer = serde_json::Deserializer::from_str(text);
    At(path).deserialize(&mut deserializer).ok().flatten()
}

/// What is left of the path at the current value.
struct At<'p>(&'p [&'p str]);

impl<'de> DeserializeSeed<'de> for At<'_> {
    type Value = Option<String>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for At<'_> {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.0.is_empty().then(|| v.to_owned()))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = None;
        while let Some(hit) = map.next_key_seed(Key(self.0.first().copied()))? {
            if hit && found.is_none() {
                found = map.next_value_seed(At(&self.0[1..]))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

/// Whether a key is the next one of the path.
struct Key<'p>(Option<&'p str>);

impl<'de> DeserializeSeed<'de> for Key<'_> {
    type Value = bool;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for Key<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        Ok(Some(v) == self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::string_at;

    #[test]
    fn finds_a_nested_string_and_nothing_else() {
        let body =
            br#"{"a":[1,{"event":"no"}],"meta":{"x":null,"event":"user.created"},"event":"top"}"#;
        assert_eq!(
            string_at(body, &["meta", "event"]).as_deref(),
            Some("user.created")
        );
        assert_eq!(string_at(body, &["event"]).as_deref(), Some("top"));
        assert_eq!(string_at(body, &["meta", "x"]), None);
        assert_eq!(string_at(body, &["meta"]), None);
        assert_eq!(string_at(body, &["missing"]), None);
        assert_eq!(
            string_at(br#"{"event":"first","event":"second"}"#, &["event"]).as_deref(),
            Some("first")
        );
        assert_eq!(string_at(b"{\"event\":", &["event"]), None);
        assert_eq!(string_at(b"\xff", &["event"]), None);
        assert_eq!(string_at(br#""bare""#, &[]).as_deref(), Some("bare"));
    }
}
