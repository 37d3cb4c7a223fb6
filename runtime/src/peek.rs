//! One string read out of a body without building the rest of it: where a
//! vendor's docs put the event name in the body instead of a header.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// The string at `path` (object keys from the root) in a JSON body; `None`
/// when the body is not JSON, or holds no string there. Of a key repeated
/// in one object, the first that holds a string counts.
pub fn string_at(body: &[u8], path: &[&str]) -> Option<String> {
    let text = crate::parse::body_text(body)?;
    let mut deserializer = serde_json::Deserializer::from_str(text);
    At(path)
        .deserialize(&mut deserializer)
        .ok()
        .flatten()
        .map(Cow::into_owned)
}

/// The string at `path` in JSON text an [`crate::Extra`] kept, borrowed
/// from it (how a generated `action()` reads an action under an
/// undocumented key); `None` as for [`string_at`], and for a string written
/// with escapes, which cannot be borrowed.
pub fn str_in<'a>(raw: Option<&'a str>, path: &[&str]) -> Option<&'a str> {
    let mut deserializer = serde_json::Deserializer::from_str(raw?);
    match At(path).deserialize(&mut deserializer).ok().flatten()? {
        Cow::Borrowed(text) => Some(text),
        Cow::Owned(_) => None,
    }
}

/// What is left of the path at the current value.
struct At<'p>(&'p [&'p str]);

impl<'de> DeserializeSeed<'de> for At<'_> {
    type Value = Option<Cow<'de, str>>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for At<'_> {
    type Value = Option<Cow<'de, str>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(self.0.is_empty().then_some(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.0.is_empty().then(|| Cow::Owned(v.to_owned())))
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
    use super::{str_in, string_at};

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
        assert_eq!(
            string_at(br#"{"e":"a\"b"}"#, &["e"]).as_deref(),
            Some("a\"b")
        );
    }

    #[test]
    fn borrows_a_string_from_kept_text() {
        let raw = r#"{"a":{"b":"x"},"c":"q\"q"}"#;
        assert_eq!(str_in(Some(raw), &["a", "b"]), Some("x"));
        assert_eq!(str_in(Some(raw), &["a"]), None);
        assert_eq!(str_in(Some(raw), &["c"]), None);
        assert_eq!(str_in(None, &[]), None);
    }
}
