//! The streaming visitor every generated object deserializes through, and
//! the null tracking that lets it serialize back what it read.
//!
//! Generated code implements [`FieldKey`] and [`Object`] per type and calls
//! the `read_*` and `write_*` helpers per field; the helpers record the JSON
//! path of a failure on the way out (see [`crate::ParseError::path`]). Only
//! generated code calls into this module, through `__private`.
//!
//! A field the docs guarantee is a plain `T` ([`Object::REQUIRED`]):
//! absent or `null`, it keeps its type's default and the object's
//! [`Extra`] records which (drift, not an error; under
//! [`crate::drift::strict`] it is one, naming its path). Any other field is
//! an `Option<T>`, and a `null` it was sent is kept in the `Extra` under
//! its key, beside the keys the docs do not list: the `Extra` holds all the
//! typed fields do not say, so a struct has no other hidden state and a
//! test can build one with a struct literal.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap};
use serde_json::value::RawValue;

use crate::drift::{is_recovering, is_strict, own_drift, Drift};
use crate::extra::{is_lending, Extra, Json};
use crate::parse::{record, Segment};

/// The known keys of one object type, as the generated field enum.
pub trait FieldKey: Sized + Copy {
    fn from_key(key: &str) -> Option<Self>;
    fn index(self) -> usize;
}

/// An object key: a known field, or an unknown key kept for `extra`.
///
/// Keys are matched against the borrowed text, so they never allocate
/// unless written with escapes.
pub enum Key<'de, F> {
    Known(F),
    Unknown(Cow<'de, str>),
}

impl<'de, F: FieldKey> de::Deserialize<'de> for Key<'de, F> {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(KeyVisitor(PhantomData))
    }
}

struct KeyVisitor<F>(PhantomData<F>);

impl<'de, F: FieldKey> Visitor<'de> for KeyVisitor<F> {
    type Value = Key<'de, F>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    #[inline]
    fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Key<'de, F>, E> {
        Ok(match F::from_key(key) {
            Some(field) => Key::Known(field),
            None => Key::Unknown(Cow::Borrowed(key)),
        })
    }

    #[inline]
    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<'de, F>, E> {
        Ok(match F::from_key(key) {
            Some(field) => Key::Known(field),
            None => Key::Unknown(Cow::Owned(key.to_owned())),
        })
    }

    #[inline]
    fn visit_string<E: de::Error>(self, key: String) -> Result<Key<'de, F>, E> {
        Ok(match F::from_key(&key) {
            Some(field) => Key::Known(field),
            None => Key::Unknown(Cow::Owned(key)),
        })
    }
}

/// A generated object type, filled in place field by field.
///
/// Building objects where they end up (a field, a `Vec` slot, the event's
/// box) instead of returning them by value avoids copying every nested
/// struct once per level on the way up.
pub trait Object: Default {
    type Field: FieldKey;

    const EXPECTING: &'static str;

    /// How many known fields the type has ([`FieldKey::index`] is below it).
    const FIELDS: usize;

    /// The plain fields, which the docs say every payload has, by index
    /// and key: a payload without one is drift (recorded in the `Extra`),
    /// or under [`crate::drift::strict`] an error naming its path.
    const REQUIRED: &'static [(usize, &'static str)] = &[];

    /// Reads the value of a known key into its field.
    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        field: Self::Field,
        map: &mut A,
    ) -> Result<(), A::Error>;

    fn extra(&self) -> &Extra;

    fn extra_mut(&mut self) -> &mut Extra;

    /// Adds the drift of this object and of the objects below it to
    /// `out`, its paths from `at` (this object's own path). The default
    /// covers its own keys; generated types with object fields add theirs.
    fn drift(&self, at: &mut String, out: &mut Drift) {
        own_drift::<Self>(self.extra(), at, out);
    }
}

/// `Deserialize::deserialize` of every generated object.
#[inline]
pub fn deserialize_object<'de, T: Object, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    let mut out = T::default();
    deserializer.deserialize_map(Fill(&mut out))?;
    Ok(out)
}

/// Fills an object from a JSON object; keys already set stay unless the
/// input has them, so callers start from `Default`.
pub(crate) struct Fill<'a, T>(pub(crate) &'a mut T);

impl<'de, T: Object> DeserializeSeed<'de> for Fill<'_, T> {
    type Value = ();

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, T: Object> Visitor<'de> for Fill<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    #[inline]
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = Seen::of::<T>();
        fill_entries(self.0, &mut seen, &mut map)?;
        finish(self.0, &seen)
    }
}

/// Reads the entries `map` has left into `object`, marking known fields in
/// `seen` ([`Seen::of`]); [`finish`] then checks the plain fields. Apart,
/// so that one object can be read from more than one map (`parse_body`
/// reads the keys it held, then the rest of the body).
#[inline]
pub(crate) fn fill_entries<'de, T: Object, A: MapAccess<'de>>(
    object: &mut T,
    seen: &mut Option<Seen>,
    map: &mut A,
) -> Result<(), A::Error> {
    while let Some(key) = map.next_key::<Key<'de, T::Field>>()? {
        match key {
            Key::Known(field) => {
                if let Some(seen) = seen {
                    seen.set(field.index());
                }
                object.read(field, map)?
            }
            Key::Unknown(key) => read_extra(map, object.extra_mut(), &key)?,
        }
    }
    Ok(())
}

/// The plain fields `object` lacked: drift, or in strict mode an error.
#[inline]
pub(crate) fn finish<T: Object, E: de::Error>(
    object: &mut T,
    seen: &Option<Seen>,
) -> Result<(), E> {
    object.extra_mut().settle();
    if let Some(seen) = seen {
        if let Some(&(_, key)) = T::REQUIRED.iter().find(|(i, _)| !seen.has(*i)) {
            return missing(object, seen, key);
        }
        if !object.extra().absent().is_empty() {
            forget_absent(object, seen);
        }
    }
    Ok(())
}

/// Plain fields the object lacked, from `first` on: recorded as absent, or
/// in strict mode the error naming the first.
#[cold]
fn missing<T: Object, E: de::Error>(
    object: &mut T,
    seen: &Seen,
    first: &'static str,
) -> Result<(), E> {
    if is_strict() {
        record(Segment::Key(Cow::Borrowed(first)));
        return Err(E::custom("missing field"));
    }
    forget_absent(object, seen);
    for &(i, key) in T::REQUIRED {
        if !seen.has(i) {
            object.extra_mut().mark_absent(key);
        }
    }
    Ok(())
}

/// A plain field read again (an object filled twice by a repeated key) is
/// no longer absent.
#[cold]
fn forget_absent<T: Object>(object: &mut T, seen: &Seen) {
    for &(i, key) in T::REQUIRED {
        if seen.has(i) {
            object.extra_mut().unmark_absent(key);
        }
    }
}

/// Which known fields an object had, for [`Object::REQUIRED`]: bits on the
/// stack for the usual object, on the heap past 128 fields.
pub(crate) enum Seen {
    Small(u128),
    Large(Vec<u64>),
}

impl Seen {
    /// For an object of type `T`; `None` when it has no plain fields.
    #[inline]
    pub(crate) fn of<T: Object>() -> Option<Seen> {
        (!T::REQUIRED.is_empty()).then(|| Seen::new(T::FIELDS))
    }

    #[inline]
    fn new(fields: usize) -> Self {
        if fields <= 128 {
            Seen::Small(0)
        } else {
            Seen::Large(vec![0; fields.div_ceil(64)])
        }
    }

    #[inline]
    fn set(&mut self, index: usize) {
        match self {
            Seen::Small(bits) => *bits |= 1 << index,
            Seen::Large(words) => words[index / 64] |= 1 << (index % 64),
        }
    }

    fn has(&self, index: usize) -> bool {
        match self {
            Seen::Small(bits) => bits >> index & 1 == 1,
            Seen::Large(words) => words[index / 64] >> (index % 64) & 1 == 1,
        }
    }
}

/// Where an object field's value is built: inline, or in a box (fields on a
/// type cycle). A marker type per case, as one blanket impl for `T` and one
/// for `Box<T>` would overlap.
trait Place {
    type Slot;
    type Target: Object;

    /// Resets the slot to an empty object and returns it.
    fn fresh(slot: &mut Option<Self::Slot>) -> &mut Self::Target;
}

struct Inline<T>(PhantomData<T>);

impl<T: Object> Place for Inline<T> {
    type Slot = T;
    type Target = T;

    #[inline]
    fn fresh(slot: &mut Option<T>) -> &mut T {
        slot.insert(T::default())
    }
}

struct Boxed<T>(PhantomData<T>);

impl<T: Object> Place for Boxed<T> {
    type Slot = Box<T>;
    type Target = T;

    #[inline]
    fn fresh(slot: &mut Option<Box<T>>) -> &mut T {
        slot.insert(Box::default())
    }
}

/// Reads an optional object-typed field in place; otherwise like
/// [`read_field`].
#[inline]
pub fn read_object<'de, A: MapAccess<'de>, T: Object>(
    map: &mut A,
    slot: &mut Option<T>,
    extra: &mut Extra,
    key: &'static str,
) -> Result<(), A::Error> {
    read_place::<A, Inline<T>>(map, slot, extra, key)
}

/// [`read_object`] for a boxed field.
#[inline]
pub fn read_boxed<'de, A: MapAccess<'de>, T: Object>(
    map: &mut A,
    slot: &mut Option<Box<T>>,
    extra: &mut Extra,
    key: &'static str,
) -> Result<(), A::Error> {
    read_place::<A, Boxed<T>>(map, slot, extra, key)
}

#[inline]
fn read_place<'de, A: MapAccess<'de>, P: Place>(
    map: &mut A,
    slot: &mut Option<P::Slot>,
    extra: &mut Extra,
    key: &'static str,
) -> Result<(), A::Error> {
    if is_recovering() {
        let null = recover(map, extra, key, |value| {
            NullableFill::<P>(slot).deserialize(value)
        })?;
        if null == Some(true) {
            keep_null(extra, key);
        } else if null.is_none() {
            *slot = None;
        }
        return Ok(());
    }
    if at_key(map.next_value_seed(NullableFill::<P>(slot)), key)? {
        keep_null(extra, key);
    }
    Ok(())
}

/// `result`, with `key` recorded as the failing path segment when it is an
/// error (see [`crate::ParseError::path`]).
#[inline]
fn at_key<T, E>(result: Result<T, E>, key: &'static str) -> Result<T, E> {
    result.inspect_err(|_| record(Segment::Key(Cow::Borrowed(key))))
}

/// Remembers that a known field was sent as `null`, for writing it back.
#[cold]
fn keep_null(extra: &mut Extra, key: &'static str) {
    extra.keep(key, "null");
}

/// Reads a plain object-typed field in place. A later duplicate key fills
/// the same object again, its keys overwriting. `null` leaves the object
/// as it was (its default) and is kept in `extra`, as for [`read_plain`].
#[inline]
pub fn read_plain_object<'de, A: MapAccess<'de>, T: Object>(
    map: &mut A,
    slot: &mut T,
    extra: &mut Extra,
    key: &'static str,
) -> Result<(), A::Error> {
    if is_recovering() {
        match recover(map, extra, key, |value| PlainFill(slot).deserialize(value))? {
            Some(true) => plain_null(extra, key)?,
            Some(false) => {}
            None => *slot = T::default(),
        }
        return Ok(());
    }
    if at_key(map.next_value_seed(PlainFill(slot)), key)? {
        plain_null(extra, key)?;
    }
    Ok(())
}

/// [`read_plain_object`] for a boxed field.
#[inline]
pub fn read_plain_boxed<'de, A: MapAccess<'de>, T: Object>(
    map: &mut A,
    slot: &mut Box<T>,
    extra: &mut Extra,
    key: &'static str,
) -> Result<(), A::Error> {
    read_plain_object(map, &mut **slot, extra, key)
}

/// Reads a plain field's value. `null` leaves the field at its default and
/// is kept in `extra` (written back as `null`), or in strict mode is an
/// error at the key.
#[inline]
pub fn read_plain<'de, A, S>(
    map: &mut A,
    seed: S,
    slot: &mut S::Value,
    extra: &mut Extra,
    key: &'static str,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    S: DeserializeSeed<'de>,
{
    let read = if is_recovering() {
        match recover(map, extra, key, |value| Nullable(seed).deserialize(value))? {
            Some(read) => read,
            None => return Ok(()),
        }
    } else {
        at_key(map.next_value_seed(Nullable(seed)), key)?
    };
    match read {
        Some(value) => *slot = value,
        None => plain_null(extra, key)?,
    }
    Ok(())
}

#[cold]
fn plain_null<E: de::Error>(extra: &mut Extra, key: &'static str) -> Result<(), E> {
    if is_strict() {
        record(Segment::Key(Cow::Borrowed(key)));
        return Err(E::invalid_type(
            de::Unexpected::Unit,
            &"a value (the docs say it is never null)",
        ));
    }
    keep_null(extra, key);
    Ok(())
}

/// Reads `null` (giving `true`, the object untouched) or an object into a
/// plain field's object.
struct PlainFill<'a, T>(&'a mut T);

impl<'de, T: Object> DeserializeSeed<'de> for PlainFill<'_, T> {
    type Value = bool;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de, T: Object> Visitor<'de> for PlainFill<'_, T> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_none<E: de::Error>(self) -> Result<bool, E> {
        Ok(true)
    }

    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Ok(true)
    }

    #[inline]
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_map(Fill(self.0))?;
        Ok(false)
    }
}

/// Reads `null` (giving `true`) or an object into the slot.
struct NullableFill<'a, P: Place>(&'a mut Option<P::Slot>);

impl<'de, P: Place> DeserializeSeed<'de> for NullableFill<'_, P> {
    type Value = bool;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de, P: Place> Visitor<'de> for NullableFill<'_, P> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(P::Target::EXPECTING)
    }

    #[inline]
    fn visit_none<E: de::Error>(self) -> Result<bool, E> {
        *self.0 = None;
        Ok(true)
    }

    #[inline]
    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        *self.0 = None;
        Ok(true)
    }

    #[inline]
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_map(Fill(P::fresh(self.0)))?;
        Ok(false)
    }
}

/// Reads a JSON array of objects, each built in its `Vec` slot.
pub struct ObjectItems<T>(pub PhantomData<T>);

impl<T> Clone for ObjectItems<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for ObjectItems<T> {}

impl<'de, T: Object> DeserializeSeed<'de> for ObjectItems<T> {
    type Value = Vec<T>;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Vec<T>, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, T: Object> Visitor<'de> for ObjectItems<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut items: Vec<T> = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        loop {
            items.push(T::default());
            let last = items.len() - 1;
            match seq.next_element_seed(Fill(&mut items[last])) {
                Ok(Some(())) => {}
                Ok(None) => {
                    items.pop();
                    return Ok(items);
                }
                Err(err) => {
                    record(Segment::Index(last));
                    return Err(err);
                }
            }
        }
    }
}

/// Reads an optional field's value. JSON `null` reads as `None`, with the
/// `null` kept in `extra` under the key; a later duplicate key overwrites
/// the value (a value wins over a kept `null` when writing).
#[inline]
pub fn read_field<'de, A, S>(
    map: &mut A,
    seed: S,
    slot: &mut Option<S::Value>,
    extra: &mut Extra,
    key: &'static str,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    S: DeserializeSeed<'de>,
{
    let value = if is_recovering() {
        match recover(map, extra, key, |value| Nullable(seed).deserialize(value))? {
            Some(value) => value,
            None => {
                *slot = None;
                return Ok(());
            }
        }
    } else {
        at_key(map.next_value_seed(Nullable(seed)), key)?
    };
    if value.is_none() {
        keep_null(extra, key);
    }
    *slot = value;
    Ok(())
}

/// The second pass over a delivery whose first failed on a value of
/// another type than the docs say ([`crate::parse`] runs it): each known
/// field's value is taken as the text it was sent as, then typed from that
/// text; a value that does not fit is kept in `extra` under its key,
/// written back in the field's place and reported by `Drift::mismatched`,
/// and the field holds its default. `None` is that case; `Some` what the
/// field's reader gave. The pass reads from text (`crate::parse::typed`),
/// so the value's text is borrowed from the body.
#[cold]
fn recover<'de, A: MapAccess<'de>, T>(
    map: &mut A,
    extra: &mut Extra,
    key: &'static str,
    read: impl FnOnce(
        &mut serde_json::Deserializer<serde_json::de::StrRead<'de>>,
    ) -> Result<T, serde_json::Error>,
) -> Result<Option<T>, A::Error> {
    let raw: &'de RawValue = at_key(map.next_value(), key)?;
    match read(&mut serde_json::Deserializer::from_str(raw.get())) {
        Ok(read) => Ok(Some(read)),
        Err(_) => {
            // The failure recorded its path on the way out; it is kept,
            // not reported.
            crate::parse::reset_path();
            extra.unmark_absent(key);
            extra.keep(key, raw.get());
            Ok(None)
        }
    }
}

/// Keeps the text of an undocumented key's value in `extra`, checked but
/// not built into a tree; a later duplicate key overwrites. In a parse that
/// lends its body ([`crate::extra::lending`]) the value is read borrowed
/// and kept as a span of the body.
#[inline]
pub(crate) fn read_extra<'de, A: MapAccess<'de>>(
    map: &mut A,
    extra: &mut Extra,
    key: &str,
) -> Result<(), A::Error> {
    let read = if is_lending() {
        map.next_value::<&'de RawValue>()
            .map(|raw| extra.keep(key, raw.get()))
    } else {
        map.next_value::<Box<RawValue>>()
            .map(|raw| extra.keep(key, raw.get()))
    };
    read.inspect_err(|_| record(Segment::Key(Cow::Owned(key.to_owned()))))
}

/// `None` for JSON `null`, else what the inner seed reads.
struct Nullable<S>(S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Nullable<S> {
    type Value = Option<S::Value>;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de, S: DeserializeSeed<'de>> Visitor<'de> for Nullable<S> {
    type Value = Option<S::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or null")
    }

    #[inline]
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    #[inline]
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        self.0.deserialize(deserializer).map(Some)
    }
}

/// Reads a JSON array into a `Vec`, recording the index of the item that
/// failed. serde's own `Vec` impl would lose it.
#[derive(Clone, Copy)]
pub struct Items<S>(pub S);

impl<'de, S: DeserializeSeed<'de> + Clone> DeserializeSeed<'de> for Items<S> {
    type Value = Vec<S::Value>;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, S: DeserializeSeed<'de> + Clone> Visitor<'de> for Items<S> {
    type Value = Vec<S::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        // A hostile size hint must not allocate up front.
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        loop {
            match seq.next_element_seed(self.0.clone()) {
                Ok(Some(item)) => items.push(item),
                Ok(None) => return Ok(items),
                Err(err) => {
                    record(Segment::Index(items.len()));
                    return Err(err);
                }
            }
        }
    }
}

/// Counts what [`write_field`] writes, for `serialize_map`'s length.
#[inline]
pub fn present<T>(value: &Option<T>, extra: &Extra, key: &str) -> usize {
    // What `extra` keeps under a known field's key is the `null` it was
    // sent, or a value of another type than the docs say.
    usize::from(value.is_some() || extra.raw(key).is_some())
}

/// Writes an optional field: its value, `null` if it was read as `null`,
/// nothing if it was absent (or left at `None` by a struct literal).
#[inline]
pub fn write_field<M: SerializeMap, T: Serialize>(
    map: &mut M,
    key: &'static str,
    value: &Option<T>,
    extra: &Extra,
) -> Result<(), M::Error> {
    match value {
        Some(value) => map.serialize_entry(key, value),
        // What `extra` kept in the field's place, as in `present`.
        None => match extra.raw(key) {
            Some(kept) => map.serialize_entry(key, &Json(kept)),
            None => Ok(()),
        },
    }
}

/// Keys of `extra` that do not name a known field; a known field is written
/// in its place (a kept `null` with it), so output never has a key twice.
pub fn extra_len<F: FieldKey>(extra: &Extra) -> usize {
    extra
        .keys()
        .filter(|key| F::from_key(key).is_none())
        .count()
}

pub fn write_extra<F: FieldKey, M: SerializeMap>(
    map: &mut M,
    extra: &Extra,
) -> Result<(), M::Error> {
    for (key, value) in extra.iter() {
        if F::from_key(key).is_none() {
            map.serialize_entry(key, &Json(value))?;
        }
    }
    Ok(())
}

/// Whether `key` was sent with a JSON `null`, known or not: both are kept
/// in `extra`.
pub fn is_null(extra: &Extra, key: &str) -> bool {
    extra.is_null(key)
}

/// Reads an open enum from its wire string; unknown strings become its
/// `Other` variant through the generated `From` impls.
pub fn wire_str<T>() -> WireStr<T> {
    WireStr(PhantomData)
}

pub struct WireStr<T>(PhantomData<T>);

impl<T> Visitor<'_> for WireStr<T>
where
    T: for<'a> From<&'a str> + From<String>,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    #[inline]
    fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
        Ok(T::from(value))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<T, E> {
        Ok(T::from(value))
    }
}

#[cfg(test)]
mod tests {
    use super::Seen;

    #[test]
    fn seen_fields_on_the_stack_and_past_128() {
        for fields in [1, 128, 129, 300] {
            let mut seen = Seen::new(fields);
            let marked: Vec<usize> = (0..fields).filter(|i| i % 7 == 3).collect();
            for &i in &marked {
                seen.set(i);
            }
            for i in 0..fields {
                assert_eq!(
                    seen.has(i),
                    marked.contains(&i),
                    "{fields} fields, index {i}"
                );
            }
        }
    }
}
