//! Drift: what a delivery says differently from the docs, kept rather than
//! rejected. [`Extra`] is each object's record of it (keys the docs do not
//! list, `null`s, plain fields the delivery lacked), [`Drift`] the report of
//! a whole payload, and strict parsing turns a lacking plain field back
//! into an error for whoever wants one.

use std::cell::Cell;
use std::fmt;

use indexmap::IndexMap;
use serde::de::Deserialize;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::visit::{FieldKey, Object};

/// What an object's typed fields do not hold, kept so that serializing
/// gives back what was parsed: the keys the docs do not list (with their
/// values), fields sent as `null`, and the plain fields the delivery
/// lacked, which read as their type's default.
///
/// Values are kept as the JSON text the delivery sent ([`RawValue`]), not
/// as [`Value`] trees: most handlers never look at them, and building a
/// tree per undocumented key cost more than parsing the typed fields.
/// Read one with [`Extra::value`] (a `Value`), [`Extra::get_as`] (your
/// own type) or [`Extra::raw`] (the text); serializing writes the text
/// back as received. A struct literal starts it with `Default::default()`.
#[derive(Clone, Default)]
pub struct Extra {
    /// In the order received; a repeated key keeps its first place and its
    /// last value.
    map: IndexMap<String, Box<RawValue>>,
    /// Keys of plain fields the delivery did not send: their fields hold a
    /// default that is written back as absent.
    absent: Vec<&'static str>,
}

impl Extra {
    pub fn new() -> Self {
        Self::default()
    }

    /// The JSON text kept under `key`, as the delivery sent it.
    pub fn raw(&self, key: &str) -> Option<&RawValue> {
        self.map.get(key).map(|raw| &**raw)
    }

    /// The value kept under `key`, built as a [`Value`] on each call.
    pub fn value(&self, key: &str) -> Option<Value> {
        // Kept text is JSON that serde_json itself delimited.
        self.get_as(key).and_then(Result::ok)
    }

    /// The value kept under `key`, deserialized as `T` (borrowing from the
    /// kept text where `T` can); `None` when there is no such key.
    pub fn get_as<'a, T: Deserialize<'a>>(&'a self, key: &str) -> Option<serde_json::Result<T>> {
        self.map.get(key).map(|raw| serde_json::from_str(raw.get()))
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// How many keys are kept (undocumented ones and `null`s).
    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.map.keys().map(String::as_str)
    }

    /// The kept keys with their JSON text, in the order received.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &RawValue)> {
        self.map.iter().map(|(key, raw)| (key.as_str(), &**raw))
    }

    /// Keeps `raw` under `key`, giving back the text it replaces.
    pub fn insert(&mut self, key: impl Into<String>, raw: Box<RawValue>) -> Option<Box<RawValue>> {
        self.map.insert(key.into(), raw)
    }

    /// Keeps `value`, written as JSON text, under `key`.
    pub fn insert_value<T: Serialize + ?Sized>(
        &mut self,
        key: impl Into<String>,
        value: &T,
    ) -> serde_json::Result<Option<Box<RawValue>>> {
        Ok(self.insert(key, serde_json::value::to_raw_value(value)?))
    }

    pub fn remove(&mut self, key: &str) -> Option<Box<RawValue>> {
        self.map.shift_remove(key)
    }

    /// Keys of the plain fields (typed `T`, not `Option<T>`) that the
    /// delivery did not send: each field holds its type's default, and
    /// serializing leaves the key out again while it does.
    pub fn absent(&self) -> &[&'static str] {
        &self.absent
    }

    /// Whether the delivery lacked the plain field `key`.
    pub fn is_absent(&self, key: &str) -> bool {
        self.absent.contains(&key)
    }

    /// The kept keys and values as a map of [`Value`]s, built now.
    pub fn into_map(self) -> Map<String, Value> {
        self.to_map()
    }

    /// [`Extra::into_map`] without giving up the `Extra`.
    pub fn to_map(&self) -> Map<String, Value> {
        self.map
            .iter()
            .filter_map(|(key, raw)| Some((key.clone(), serde_json::from_str(raw.get()).ok()?)))
            .collect()
    }

    /// Whether `key` was sent as `null`.
    #[inline]
    pub(crate) fn is_null(&self, key: &str) -> bool {
        !self.map.is_empty() && self.map.get(key).is_some_and(|raw| raw.get() == "null")
    }

    /// Nothing kept at all, the usual case: callers skip their lookups.
    #[inline]
    pub(crate) fn is_clear(&self) -> bool {
        self.map.is_empty() && self.absent.is_empty()
    }

    #[cold]
    pub(crate) fn mark_absent(&mut self, key: &'static str) {
        if !self.absent.contains(&key) {
            self.absent.push(key);
        }
    }

    /// A value came for the key after all (a repeated key): it is no
    /// longer absent.
    #[inline]
    pub(crate) fn unmark_absent(&mut self, key: &str) {
        if !self.absent.is_empty() {
            self.absent.retain(|k| *k != key);
        }
    }
}

/// Equal when the same keys hold the same text, in any order, and the
/// same plain fields were absent.
impl PartialEq for Extra {
    fn eq(&self, other: &Self) -> bool {
        self.map.len() == other.map.len()
            && self
                .map
                .iter()
                .all(|(key, raw)| other.map.get(key).is_some_and(|o| o.get() == raw.get()))
            && self.absent.len() == other.absent.len()
            && self.absent.iter().all(|key| other.absent.contains(key))
    }
}

/// Each value of `map` kept as its JSON text.
impl From<Map<String, Value>> for Extra {
    fn from(map: Map<String, Value>) -> Self {
        let map = map
            .into_iter()
            .filter_map(|(key, value)| Some((key, serde_json::value::to_raw_value(&value).ok()?)))
            .collect();
        Extra {
            map,
            absent: Vec::new(),
        }
    }
}

struct Text<'a>(&'a RawValue);

impl fmt::Debug for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.get())
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        map.entries(self.iter().map(|(key, raw)| (key, Text(raw))));
        if !self.absent.is_empty() {
            map.entry(&"(absent)", &self.absent);
        }
        map.finish()
    }
}

/// The kept keys and their text, as a JSON object.
impl Serialize for Extra {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.map.len()))?;
        for (key, raw) in &self.map {
            map.serialize_entry(key, raw)?;
        }
        map.end()
    }
}

/// How a delivery differs from the docs, found in a parsed payload: paths
/// jq-style from the payload's root (`.resource.repository.defaultBranch`),
/// in the order of the types' fields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drift {
    /// Plain fields (typed `T`, which the docs say every delivery carries)
    /// that the delivery lacked or sent as `null`: each reads as its type's
    /// default. The object's `is_null(key)` tells which of the two.
    pub missing: Vec<String>,
    /// Keys the docs do not list, kept in their object's `extra`; topmost
    /// only (nothing below an undocumented key is listed).
    pub undocumented: Vec<String>,
    /// Fields sent with a value of another type than the docs say (a
    /// string where they say an object): the value is kept in the
    /// object's `extra` under its key and written back in the field's
    /// place, and the field holds its default (`None` if optional).
    pub mismatched: Vec<String>,
}

impl Drift {
    /// Nothing drifted: the delivery is what the docs describe.
    pub fn is_empty(&self) -> bool {
        self.missing.is_empty() && self.undocumented.is_empty() && self.mismatched.is_empty()
    }

    /// The report of a payload without a type: all of it is undocumented.
    pub fn untyped() -> Self {
        Drift {
            undocumented: vec![".".to_owned()],
            ..Drift::default()
        }
    }
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return f.write_str("no drift");
        }
        let mut first = true;
        for (label, paths) in [
            ("missing", &self.missing),
            ("undocumented", &self.undocumented),
            ("mismatched", &self.mismatched),
        ] {
            if !paths.is_empty() {
                if !first {
                    f.write_str("; ")?;
                }
                first = false;
                write!(f, "{label}: {}", paths.join(", "))?;
            }
        }
        Ok(())
    }
}

/// The drift of a whole payload.
pub fn drift_of<T: Object>(payload: &T) -> Drift {
    let mut out = Drift::default();
    let mut at = String::new();
    payload.drift(&mut at, &mut out);
    out
}

/// [`Object::drift`] of an object's own keys: its plain fields absent or
/// `null`, then its undocumented keys.
pub fn own_drift<T: Object>(extra: &Extra, at: &str, out: &mut Drift) {
    if extra.is_clear() {
        return;
    }
    for &(_, key) in T::REQUIRED {
        if extra.is_absent(key) || extra.is_null(key) {
            out.missing.push(path_to(at, key));
        }
    }
    for (key, raw) in &extra.map {
        if T::Field::from_key(key).is_none() {
            out.undocumented.push(path_to(at, key));
        } else if raw.get() != "null" {
            out.mismatched.push(path_to(at, key));
        }
    }
}

/// The drift of an object-typed field's value, at `key` below `at`.
#[inline]
pub fn drift_at<T: Object>(value: &T, key: &str, at: &mut String, out: &mut Drift) {
    let len = at.len();
    push_key(at, key);
    value.drift(at, out);
    at.truncate(len);
}

/// The drift of each object of an array field, at `key[i]` below `at`.
#[inline]
pub fn drift_items<T: Object>(values: &[T], key: &str, at: &mut String, out: &mut Drift) {
    let len = at.len();
    push_key(at, key);
    for (i, value) in values.iter().enumerate() {
        let item = at.len();
        at.push('[');
        at.push_str(&i.to_string());
        at.push(']');
        value.drift(at, out);
        at.truncate(item);
    }
    at.truncate(len);
}

fn path_to(at: &str, key: &str) -> String {
    let mut path = at.to_owned();
    push_key(&mut path, key);
    path
}

/// jq-style, as [`crate::ParseError::path`] writes paths.
fn push_key(at: &mut String, key: &str) {
    if crate::parse::is_plain_key(key) {
        at.push('.');
        at.push_str(key);
    } else {
        at.push('[');
        at.push_str(&serde_json::to_string(key).unwrap_or_default());
        at.push(']');
    }
}

/// How a plain field is written back: its value, or as the delivery sent
/// it while the field still holds the default it was read as.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sent {
    Value,
    Null,
    Absent,
    /// A value of another type than the docs say, kept in `extra`.
    Kept,
}

#[inline]
fn sent(extra: &Extra, key: &str, is_default: impl FnOnce() -> bool) -> Sent {
    if extra.is_clear() {
        return Sent::Value;
    }
    let sent = if extra.is_absent(key) {
        Sent::Absent
    } else if extra.is_null(key) {
        Sent::Null
    } else if extra.contains_key(key) {
        Sent::Kept
    } else {
        Sent::Value
    };
    // A value set since (not the default any more) is written.
    if sent != Sent::Value && !is_default() {
        return Sent::Value;
    }
    sent
}

/// Counts what [`write_plain`] writes, for `serialize_map`'s length.
#[inline]
pub fn plain_len(extra: &Extra, key: &str, is_default: impl FnOnce() -> bool) -> usize {
    usize::from(sent(extra, key, is_default) != Sent::Absent)
}

/// Writes a plain field: its value; or, when the delivery lacked it or sent
/// `null` and the field still holds the default it was read as, nothing or
/// `null` again.
#[inline]
pub fn write_plain<M: SerializeMap, T: Serialize>(
    map: &mut M,
    key: &'static str,
    value: &T,
    extra: &Extra,
    is_default: impl FnOnce() -> bool,
) -> Result<(), M::Error> {
    match sent(extra, key, is_default) {
        Sent::Value => map.serialize_entry(key, value),
        Sent::Null => map.serialize_entry(key, &()),
        Sent::Kept => map.serialize_entry(key, &extra.map[key]),
        Sent::Absent => Ok(()),
    }
}

thread_local! {
    /// Set while [`strict`] runs: a plain field absent or `null` is then an
    /// error. Read only on that (cold) path.
    static STRICT: Cell<bool> = const { Cell::new(false) };
}

/// Runs `parse` with plain fields enforced: a delivery that lacks one, or
/// sends it as `null`, is an error naming its path (the generated
/// `parse_strict`).
pub fn strict<T>(parse: impl FnOnce() -> T) -> T {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            let _ = STRICT.try_with(|s| s.set(self.0));
        }
    }
    let _restore = Restore(STRICT.try_with(|s| s.replace(true)).unwrap_or(false));
    parse()
}

pub(crate) fn is_strict() -> bool {
    STRICT.try_with(Cell::get).unwrap_or(false)
}

thread_local! {
    /// Set during the second pass over a delivery whose first pass met a
    /// value of another type than the docs say (see `crate::visit`).
    static RECOVERING: Cell<bool> = const { Cell::new(false) };
}

/// Runs `parse` as the second pass: values that do not fit their field are
/// kept, not errors.
pub(crate) fn recovering<T>(parse: impl FnOnce() -> T) -> T {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            let _ = RECOVERING.try_with(|s| s.set(self.0));
        }
    }
    let _restore = Restore(RECOVERING.try_with(|s| s.replace(true)).unwrap_or(false));
    parse()
}

#[inline]
pub(crate) fn is_recovering() -> bool {
    RECOVERING.try_with(Cell::get).unwrap_or(false)
}
