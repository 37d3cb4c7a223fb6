//! `parse_body` of a provider whose bodies carry the event name: one pass
//! over the body. The top-level keys before the one that decides the name
//! are kept as raw text; once the name is known, the payload type reads
//! those and then streams on through the rest of the body. Reading the
//! name first with [`crate::peek::string_at`] cost a second pass.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{BorrowedStrDeserializer, MapAccessDeserializer, StringDeserializer};
use serde::de::{self, Deserialize, DeserializeSeed, IntoDeserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::Value;

use crate::extra::lending;
use crate::parse::{reset_path, typed, untyped, ParseError};
use crate::peek::{str_in, string_at};
use crate::visit::{fill_entries, finish, Object, Seen};

/// Where a payload is read from once its event name is known: the body
/// itself, or the rest of a body being read.
pub trait Source {
    type Error;

    fn typed<T: Object>(self) -> Result<Box<T>, Self::Error>;

    fn untyped(self) -> Result<Value, Self::Error>;
}

/// A generated `Event`, read from a [`Source`] by its name as `parse`
/// reads it from a body.
pub trait Named: Sized {
    fn from_source<S: Source>(event: &str, source: S) -> Result<Self, S::Error>;
}

/// Parses `body` as the event it names at the first of `paths` that holds
/// a string (`""` when none does), as `parse` would with that name.
pub fn parse_body<E: Named>(body: &[u8], paths: &[&[&str]]) -> Result<E, ParseError> {
    reset_path();
    if let Ok(text) = std::str::from_utf8(body) {
        // As in `crate::parse::typed`.
        let read = lending(text, |text| {
            let mut deserializer = serde_json::Deserializer::from_str(text);
            let scan = Scan {
                paths,
                event: PhantomData,
            };
            de::Deserializer::deserialize_map(&mut deserializer, scan)
                .and_then(|event| deserializer.end().map(|()| event))
        });
        if let Ok(event) = read {
            return Ok(event);
        }
    }
    two_passes(body, paths)
}

/// A body that is not a JSON object, or does not fit its type: read again
/// the way `parse` reads it, for the same error (its position in the body,
/// the payload handed back) or the same `Unknown`.
#[cold]
fn two_passes<E: Named>(body: &[u8], paths: &[&[&str]]) -> Result<E, ParseError> {
    let event = paths
        .iter()
        .find_map(|path| string_at(body, path))
        .unwrap_or_default();
    E::from_source(&event, Body(&event, body))
}

struct Body<'a>(&'a str, &'a [u8]);

impl Source for Body<'_> {
    type Error = ParseError;

    fn typed<T: Object>(self) -> Result<Box<T>, ParseError> {
        typed(self.0, self.1)
    }

    fn untyped(self) -> Result<Value, ParseError> {
        untyped(self.0, self.1)
    }
}

struct Scan<'p, E> {
    paths: &'p [&'p [&'p str]],
    event: PhantomData<E>,
}

impl<'de, E: Named> Visitor<'de> for Scan<'_, E> {
    type Value = E;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<E, A::Error> {
        // Per path: `None` until its first key comes, then the string there
        // (borrowed from the body unless written with escapes). A provider
        // names a path or two: they fit on the stack.
        let mut small: [Option<Option<Cow<'de, str>>>; 4] = Default::default();
        let mut large = Vec::new();
        let found: &mut [Option<Option<Cow<'de, str>>>] = if self.paths.len() <= small.len() {
            &mut small[..self.paths.len()]
        } else {
            large.resize(self.paths.len(), None);
            &mut large
        };
        let mut kept = Held::default();
        while let Some(KeyText(key)) = map.next_key()? {
            let raw: &'de RawValue = map.next_value()?;
            let mut named = false;
            for (path, found) in self.paths.iter().zip(found.iter_mut()) {
                if found.is_none() && path.first() == Some(&&*key) {
                    *found = Some(string_in(raw, &path[1..]));
                    named = true;
                }
            }
            kept.push((key, raw));
            if named {
                if let Some(event) = decided(found) {
                    let rest = Rest::new(kept, map, false);
                    return E::from_source(&event, rest);
                }
            }
        }
        let event = found
            .iter_mut()
            .find_map(|found| found.take().flatten())
            .unwrap_or_default();
        E::from_source(&event, Rest::new(kept, map, true))
    }
}

/// The string at `path` in a top-level value, as [`string_at`] reads it.
fn string_in<'de>(raw: &'de RawValue, path: &[&str]) -> Option<Cow<'de, str>> {
    match str_in(Some(raw.get()), path) {
        Some(text) => Some(Cow::Borrowed(text)),
        // Escaped, or no string there.
        None => string_at(raw.get().as_bytes(), path).map(Cow::Owned),
    }
}

/// The name, once no path before the one that holds it can still come
/// (a key's first value counts, as for [`string_at`]).
fn decided<'de>(found: &[Option<Option<Cow<'de, str>>>]) -> Option<Cow<'de, str>> {
    for found in found {
        match found {
            None => return None,
            Some(Some(event)) => return Some(event.clone()),
            Some(None) => {}
        }
    }
    Some(Cow::Borrowed(""))
}

/// A key held with its value's text.
type HeldKey<'de> = (Cow<'de, str>, &'de RawValue);

/// The keys held before the name: the first few on the stack (the name
/// is usually among the first keys), any more in a `Vec`.
#[derive(Default)]
struct Held<'de> {
    first: [Option<HeldKey<'de>>; 4],
    more: Vec<HeldKey<'de>>,
}

type HeldIter<'de> = std::iter::Chain<
    std::iter::Flatten<std::array::IntoIter<Option<HeldKey<'de>>, 4>>,
    std::vec::IntoIter<HeldKey<'de>>,
>;

impl<'de> Held<'de> {
    fn push(&mut self, held: HeldKey<'de>) {
        match self.first.iter_mut().find(|slot| slot.is_none()) {
            Some(slot) => *slot = Some(held),
            None => self.more.push(held),
        }
    }
}

impl<'de> IntoIterator for Held<'de> {
    type Item = HeldKey<'de>;
    type IntoIter = HeldIter<'de>;

    fn into_iter(self) -> HeldIter<'de> {
        self.first.into_iter().flatten().chain(self.more)
    }
}

/// The kept keys, then the rest of the object (unless it `ended`).
struct Rest<'de, A> {
    kept: HeldIter<'de>,
    value: Option<&'de RawValue>,
    map: A,
    ended: bool,
}

impl<'de, A: MapAccess<'de>> Rest<'de, A> {
    fn new(kept: Held<'de>, map: A, ended: bool) -> Self {
        Rest {
            kept: kept.into_iter(),
            value: None,
            map,
            ended,
        }
    }
}

impl<'de, A: MapAccess<'de>> Source for Rest<'de, A> {
    type Error = A::Error;

    fn typed<T: Object>(mut self) -> Result<Box<T>, A::Error> {
        // The held keys one by one, then the body's own map: the rest of
        // the payload is read as `parse` reads it, not through `Rest`.
        let mut payload = Box::<T>::default();
        let mut seen = Seen::of::<T>();
        for (key, raw) in self.kept.by_ref() {
            let mut entry = Entry {
                key: Some(key),
                value: Some(raw),
            };
            fill_entries(&mut *payload, &mut seen, &mut entry).map_err(de::Error::custom)?;
        }
        if !self.ended {
            fill_entries(&mut *payload, &mut seen, &mut self.map)?;
        }
        finish(&mut *payload, &seen)?;
        Ok(payload)
    }

    fn untyped(self) -> Result<Value, A::Error> {
        Value::deserialize(MapAccessDeserializer::new(self))
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Rest<'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        if let Some((key, raw)) = self.kept.next() {
            self.value = Some(raw);
            return key_into(key, seed).map(Some);
        }
        if self.ended {
            return Ok(None);
        }
        self.map.next_key_seed(seed)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match self.value.take() {
            // Any error sends `parse_body` to its second pass, which
            // reports it at its place in the body.
            Some(raw) => seed.deserialize(raw).map_err(de::Error::custom),
            None => self.map.next_value_seed(seed),
        }
    }
}

/// One held key and its value, as a map.
struct Entry<'de> {
    key: Option<Cow<'de, str>>,
    value: Option<&'de RawValue>,
}

impl<'de> MapAccess<'de> for Entry<'de> {
    type Error = serde_json::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        self.key.take().map(|key| key_into(key, seed)).transpose()
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        match self.value.take() {
            Some(raw) => seed.deserialize(raw),
            None => Err(de::Error::custom("a value asked for twice")),
        }
    }
}

/// A held key, given to `seed` borrowed where it was read borrowed.
fn key_into<'de, K: DeserializeSeed<'de>, E: de::Error>(
    key: Cow<'de, str>,
    seed: K,
) -> Result<K::Value, E> {
    match key {
        Cow::Borrowed(key) => seed.deserialize(BorrowedStrDeserializer::new(key)),
        Cow::Owned(key) => {
            let key: StringDeserializer<E> = key.into_deserializer();
            seed.deserialize(key)
        }
    }
}

/// A key as read: borrowed from the body unless written with escapes.
struct KeyText<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for KeyText<'de> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyTextVisitor)
    }
}

struct KeyTextVisitor;

impl<'de> Visitor<'de> for KeyTextVisitor {
    type Value = KeyText<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<KeyText<'de>, E> {
        Ok(KeyText(Cow::Borrowed(key)))
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<KeyText<'de>, E> {
        Ok(KeyText(Cow::Owned(key.to_owned())))
    }
}
