//! `parse_body` of a provider whose bodies carry the event name: one pass
//! over the body. The top-level keys before the one that decides the name
//! are kept as raw text; once the name is known, the payload type reads
//! those and then streams on through the rest of the body. Reading the
//! name first with [`crate::peek::string_at`] cost a second pass.
//!
//! Holding costs a second read of what is held, so where the name can be
//! had without it, it is: a name that is the body's last key is read back
//! from the end ([`named_last`], the payload then read from the start,
//! watching that the key does not come twice: [`Once`]), and one among the
//! first keys is read ahead over the values before it ([`named_first`]).

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{BorrowedStrDeserializer, MapAccessDeserializer, StringDeserializer};
use serde::de::{self, Deserialize, DeserializeSeed, IntoDeserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::Value;

use crate::extra::lending;
use crate::parse::{body_text, reset_path, typed, untyped, ParseError};
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
    parse_body_or(body, paths, "")
}

/// [`parse_body`], with `otherwise` the name when no path holds one: the
/// receiver's path, `otherwise` being the event header's name.
pub fn parse_body_or<E: Named>(
    body: &[u8],
    paths: &[&[&str]],
    otherwise: &str,
) -> Result<E, ParseError> {
    reset_path();
    if let Some(text) = body_text(body) {
        let repeated = Cell::new(false);
        // The end first: where it fails, it fails within a few bytes.
        let mut known = named_last(text, paths).or_else(|| named_first(text, paths));
        loop {
            // As in `crate::parse::typed`.
            let read = lending(text, |text| {
                let mut deserializer = serde_json::Deserializer::from_str(text);
                let scan = Scan {
                    paths,
                    otherwise,
                    known,
                    repeated: &repeated,
                    event: PhantomData,
                };
                de::Deserializer::deserialize_map(&mut deserializer, scan)
                    .and_then(|event| deserializer.end().map(|()| event))
            });
            match read {
                Ok(event) => return Ok(event),
                // The key read from the end came earlier too, where the
                // first counts: read ahead for it, or hold for it.
                Err(_) if repeated.take() => {
                    known = named_first(text, paths);
                    reset_path();
                }
                Err(_) => break,
            }
        }
    }
    two_passes(body, paths, otherwise)
}

/// An event name read before the parse: the first path's key (a one-key
/// path) and the string it holds, written without escapes.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Known<'a> {
    key: &'a str,
    event: &'a str,
    /// Read from the end: it counts only if the key does not come earlier.
    watch: bool,
}

/// How far into a body [`named_first`] looks: names come among the first
/// few keys or last; a name further in is held for.
const LOOK_AHEAD: usize = 512;

/// The name, when the first path's key is one of the body's top-level keys
/// within its first [`LOOK_AHEAD`] bytes: the first such key, so certain.
/// `None` on anything else, such as a key with escapes before it (which
/// could spell the same key).
fn named_first<'a, 'p: 'a>(text: &'a str, paths: &[&'p [&'p str]]) -> Option<Known<'a>> {
    let &[key] = *paths.first()? else {
        return None;
    };
    let bytes = &text.as_bytes()[..text.len().min(LOOK_AHEAD)];
    let mut at = skip_space(bytes, 0);
    (bytes.get(at) == Some(&b'{')).then_some(())?;
    loop {
        let (found, end) = string_ahead(bytes, skip_space(bytes, at + 1))?;
        let colon = skip_space(bytes, end);
        (bytes.get(colon) == Some(&b':')).then_some(())?;
        let value = skip_space(bytes, colon + 1);
        if found == key.as_bytes() {
            let (event, _) = string_ahead(bytes, value)?;
            let event = std::str::from_utf8(event).ok()?;
            return Some(Known {
                key,
                event,
                watch: false,
            });
        }
        at = skip_space(bytes, skip_value(bytes, value)?);
        (bytes.get(at) == Some(&b',')).then_some(())?;
    }
}

/// JSON's whitespace, which the readers around a body's name step over.
fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

/// `at` moved on over JSON whitespace.
fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).copied().is_some_and(is_space) {
        at += 1;
    }
    at
}

/// The contents of the string that starts at `at` and where it ends;
/// `None` unless a string without escapes starts there and ends in
/// `bytes`.
fn string_ahead(bytes: &[u8], at: usize) -> Option<(&[u8], usize)> {
    (bytes.get(at) == Some(&b'"')).then_some(())?;
    let close = at + 1 + memchr::memchr2(b'"', b'\\', &bytes[at + 1..])?;
    (bytes[close] == b'"').then(|| (&bytes[at + 1..close], close + 1))
}

/// Where the JSON value starting at `at` ends, if it ends in `bytes`:
/// strings skipped whole (escapes and all), nesting counted outside them.
fn skip_value(bytes: &[u8], mut at: usize) -> Option<usize> {
    let mut depth = 0usize;
    loop {
        match *bytes.get(at)? {
            b'"' => loop {
                // On to the closing quote, past each backslash and the
                // byte it escapes.
                at += 1;
                at += memchr::memchr2(b'"', b'\\', bytes.get(at..)?)?;
                if bytes[at] == b'"' {
                    break;
                }
                at += 1;
            },
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.checked_sub(1)?,
            byte if depth == 0 && (byte == b',' || is_space(byte)) => return Some(at),
            _ => {}
        }
        at += 1;
        if depth == 0 && matches!(bytes.get(at - 1), Some(b'"' | b'}' | b']')) {
            return Some(at);
        }
    }
}

/// The first path's key and the name it holds, when that key (a one-key
/// path) is the body's last and holds a string without escapes: read back
/// from the end, so that a body naming its event last is not held whole
/// before it is read. Whether the key came earlier too (where the first
/// counts) only the parse can tell: [`Once`].
fn named_last<'a, 'p: 'a>(text: &'a str, paths: &[&'p [&'p str]]) -> Option<Known<'a>> {
    // An event name is short: a longer last string is no name.
    const NAME_LEN: usize = 256;
    let &[key] = *paths.first()? else {
        return None;
    };
    let bytes = text.as_bytes();
    let end = expect_back(bytes, skip_space_back(bytes, bytes.len()), b'}')?;
    let close = expect_back(bytes, skip_space_back(bytes, end), b'"')?;
    // Back to the opening quote; a backslash first means escapes.
    let from = close.saturating_sub(NAME_LEN);
    let open = from
        + bytes[from..close]
            .iter()
            .rposition(|&b| b == b'"' || b == b'\\')?;
    if bytes[open] != b'"' || open.checked_sub(1).is_some_and(|i| bytes[i] == b'\\') {
        return None;
    }
    // The key, written as the path names it, then `,` or `{` before it:
    // outside any string, as a quote inside one would be escaped.
    let colon = expect_back(bytes, skip_space_back(bytes, open), b':')?;
    let key_close = expect_back(bytes, skip_space_back(bytes, colon), b'"')?;
    let key_open = key_close.checked_sub(key.len() + 1)?;
    if bytes[key_open] != b'"' || &bytes[key_open + 1..key_close] != key.as_bytes() {
        return None;
    }
    let before = skip_space_back(bytes, key_open).checked_sub(1)?;
    if !matches!(bytes[before], b',' | b'{') {
        return None;
    }
    Some(Known {
        key,
        event: std::str::from_utf8(&bytes[open + 1..close]).ok()?,
        watch: true,
    })
}

/// `end` moved back over JSON whitespace.
fn skip_space_back(bytes: &[u8], mut end: usize) -> usize {
    while end > 0 && is_space(bytes[end - 1]) {
        end -= 1;
    }
    end
}

/// `end` moved back over `byte`, if that is what precedes it.
fn expect_back(bytes: &[u8], end: usize, byte: u8) -> Option<usize> {
    (end > 0 && bytes[end - 1] == byte).then(|| end - 1)
}

/// A body that is not a JSON object, or does not fit its type: read again
/// the way `parse` reads it, for the same error (its position in the body,
/// the payload handed back) or the same `Unknown`.
#[cold]
fn two_passes<E: Named>(body: &[u8], paths: &[&[&str]], otherwise: &str) -> Result<E, ParseError> {
    let event = paths
        .iter()
        .find_map(|path| string_at(body, path))
        .unwrap_or_else(|| otherwise.to_owned());
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
    otherwise: &'p str,
    /// The name read before the parse, when certain ([`named_first`]) or
    /// certain unless its key comes twice ([`named_last`]).
    known: Option<Known<'p>>,
    /// Set when that key came earlier too.
    repeated: &'p Cell<bool>,
    event: PhantomData<E>,
}

impl<'de, E: Named> Visitor<'de> for Scan<'_, E> {
    type Value = E;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<E, A::Error> {
        if let Some(known) = self.known {
            // Nothing to hold: the payload reads the body from its start
            // (for a name read from the end, watching for its key twice).
            let map = Once {
                map,
                watch: known.watch.then_some((known.key, self.repeated)),
                seen: false,
            };
            return E::from_source(known.event, Rest::new(Held::default(), map, false));
        }
        // Per path: the first string one of its keys holds, as for
        // `string_at` (a key repeated after a value that is no string may
        // still hold one), borrowed from the body unless written with
        // escapes. A provider names a path or two: they fit on the stack.
        let mut small: [Option<Cow<'de, str>>; 4] = Default::default();
        let mut large = Vec::new();
        let found: &mut [Option<Cow<'de, str>>] = if self.paths.len() <= small.len() {
            &mut small[..self.paths.len()]
        } else {
            large.resize(self.paths.len(), None);
            &mut large
        };
        let mut kept = Held::default();
        while let Some(KeyText(key)) = map.next_key()? {
            let raw: &'de RawValue = map.next_value()?;
            for (path, found) in self.paths.iter().zip(found.iter_mut()) {
                if found.is_none() && path.first() == Some(&&*key) {
                    *found = string_in(raw, &path[1..]);
                }
            }
            kept.push((key, raw));
            // The first path's name decides at once; a later path's only
            // at the end, as an earlier one may still come.
            if let Some(event) = found.first_mut().and_then(Option::take) {
                let rest = Rest::new(kept, Once::not(map), false);
                return E::from_source(&event, rest);
            }
        }
        let event = found
            .iter_mut()
            .find_map(Option::take)
            .unwrap_or(Cow::Borrowed(self.otherwise));
        E::from_source(&event, Rest::new(kept, Once::not(map), true))
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
struct Rest<'de, 'p, A> {
    kept: HeldIter<'de>,
    value: Option<&'de RawValue>,
    map: Once<'p, A>,
    ended: bool,
}

impl<'de, 'p, A: MapAccess<'de>> Rest<'de, 'p, A> {
    fn new(kept: Held<'de>, map: Once<'p, A>, ended: bool) -> Self {
        Rest {
            kept: kept.into_iter(),
            value: None,
            map,
            ended,
        }
    }
}

impl<'de, A: MapAccess<'de>> Source for Rest<'de, '_, A> {
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

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Rest<'de, '_, A> {
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

/// The body's own map; with a key to watch, one that must not come twice
/// (the name [`named_last`] read from the end is the key's last value,
/// which counts only if it is also its first). A second one is an error
/// that sets the flag, and `parse_body` reads the body again, looking for
/// the name ahead or holding keys until it comes.
struct Once<'p, A> {
    map: A,
    /// The key, and where to say it came twice.
    watch: Option<(&'p str, &'p Cell<bool>)>,
    seen: bool,
}

impl<A> Once<'_, A> {
    /// `map`, watching for nothing.
    fn not(map: A) -> Self {
        Once {
            map,
            watch: None,
            seen: false,
        }
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Once<'_, A> {
    type Error = A::Error;

    #[inline]
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let Some((watched, repeated)) = self.watch else {
            return self.map.next_key_seed(seed);
        };
        let Some(KeyText(key)) = self.map.next_key()? else {
            return Ok(None);
        };
        if key == watched && std::mem::replace(&mut self.seen, true) {
            repeated.set(true);
            return Err(de::Error::custom("the naming key comes twice"));
        }
        key_into(key, seed).map(Some)
    }

    #[inline]
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
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

#[cfg(test)]
mod tests {
    use super::{named_first, named_last, LOOK_AHEAD};

    const PATHS: &[&[&str]] = &[&["kind"], &["meta", "event"]];

    #[test]
    fn the_last_key_is_read_back_from_the_end() {
        for (body, name) in [
            (r#"{"a":1,"kind":"issues"}"#, Some("issues")),
            (
                " {\"a\" : [1,\"}\"] ,\n\"kind\"\t:\r\"issues\" } \n",
                Some("issues"),
            ),
            (r#"{"kind":""}"#, Some("")),
            // Earlier too: the parse tells (`Once`).
            (r#"{"kind":"push","kind":"issues"}"#, Some("issues")),
            // Not the last key, or not this object's.
            (r#"{"kind":"issues","a":1}"#, None),
            (r#"{"a":{"kind":"issues"}}"#, None),
            (r#"["kind","issues"]"#, None),
            (r#"{"a":"x\",\"kind\":\"issues"}"#, None),
            // Escapes in either string, or not a string.
            (r#"{"a":1,"kind":"is\"sues"}"#, None),
            (r#"{"a":1,"kind":"issues\\"}"#, None),
            (r#"{"a":1,"\u006bind":"issues"}"#, None),
            (r#"{"a":1,"kind":7}"#, None),
            (r#"{"a":1,"xkind":"issues"}"#, None),
            (r#"{"a":1,"kind" "issues"}"#, None),
            ("", None),
            ("}", None),
        ] {
            let read = named_last(body, PATHS);
            assert_eq!(read.map(|known| known.event), name, "{body}");
            assert!(read.is_none_or(|known| known.key == "kind" && known.watch));
        }
        // A string longer than any name is not looked through.
        let long = format!(r#"{{"a":1,"kind":"{}"}}"#, "x".repeat(300));
        assert_eq!(named_last(&long, PATHS), None);
        // Only a one-key first path is looked for.
        let body = r#"{"a":1,"kind":"issues"}"#;
        assert_eq!(named_last(body, &[&["meta", "event"], &["kind"]]), None);
        assert_eq!(named_last(body, &[]), None);
    }

    #[test]
    fn the_first_top_level_key_is_read_ahead_over_any_values_before_it() {
        for (body, name) in [
            (r#"{"kind":"issues","a":1}"#, Some("issues")),
            (
                r#" { "a" : 1 , "b":-2.5e3,"c":true,"d":null, "kind" : "issues" "#,
                Some("issues"),
            ),
            (
                r#"{"a":{"kind":"push","x":[1,{"y":"}]\"{"}]},"b":["kind"],"kind":"issues"}"#,
                Some("issues"),
            ),
            (
                r#"{"a":"\"kind\":\"push\"","kind":"issues","kind":"push"}"#,
                Some("issues"),
            ),
            (r#"{"a":"\\","kind":"issues"}"#, Some("issues")),
            // Not a plain string there: the parse decides.
            (r#"{"kind":7}"#, None),
            (r#"{"kind":"iss\u0075es"}"#, None),
            // A key with escapes first, which could spell `kind`.
            (r#"{"\u006bind":"push","kind":"issues"}"#, None),
            // Not an object, not there, or not within reach.
            (r#"["kind","issues"]"#, None),
            (r#"{"a":{"kind":"issues"}}"#, None),
            (r#"{"a":1}"#, None),
            (r#"{"a":"unterminated"#, None),
            ("", None),
        ] {
            let read = named_first(body, PATHS);
            assert_eq!(read.map(|known| known.event), name, "{body}");
            assert!(read.is_none_or(|known| known.key == "kind" && !known.watch));
        }
        let far = format!(r#"{{"a":"{}","kind":"issues"}}"#, "x".repeat(LOOK_AHEAD));
        assert_eq!(named_first(&far, PATHS).map(|known| known.event), None);
        let near = format!(
            r#"{{"a":"{}","kind":"issues"}}"#,
            "x".repeat(LOOK_AHEAD - 40)
        );
        assert_eq!(
            named_first(&near, PATHS).map(|known| known.event),
            Some("issues")
        );
        assert!(named_first(r#"{"kind":"issues"}"#, &[&["meta", "event"], &["kind"]]).is_none());
    }
}
