//! The generated crate's private `support` module: the parts of parsing that do
//! not depend on the docs, written once here instead of once per type.
//!
//! It is the only generated module that may `use` short names: it never sees
//! an IR name, so nothing there can shadow them.

use proc_macro2::TokenStream;
use quote::quote;

/// Source of `src/<support>.rs`.
pub(crate) fn support_module() -> TokenStream {
    quote! {
        //! Parsing helpers shared by every generated type.
        //!
        //! Types deserialize through these so that a failure deep inside a
        //! payload can be reported with its JSON path, without a dependency
        //! beyond serde and serde_json.

        // Which helpers are used depends on the enabled event features.
        #![allow(dead_code)]

        use std::borrow::Cow;
        use std::cell::RefCell;
        use std::fmt;
        use std::marker::PhantomData;

        use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
        use serde::ser::{Serialize, SerializeMap};
        use serde_json::{Map, Value};

        /// One bit per known field of an object: set when the key was present
        /// with a JSON `null`, so serializing writes `null` back instead of
        /// dropping a key the sender did send.
        #[derive(Clone, Copy, PartialEq, Eq, Hash)]
        pub struct Nulls<const N: usize>(pub(crate) [u64; N]);

        impl<const N: usize> Default for Nulls<N> {
            fn default() -> Self {
                Nulls([0; N])
            }
        }

        impl<const N: usize> Nulls<N> {
            #[inline]
            pub(crate) fn get(&self, index: usize) -> bool {
                get_bit(&self.0, index)
            }
        }

        impl<const N: usize> fmt::Debug for Nulls<N> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_set()
                    .entries((0..N * 64).filter(|&i| get_bit(&self.0, i)))
                    .finish()
            }
        }

        fn get_bit(bits: &[u64], index: usize) -> bool {
            (bits[index / 64] >> (index % 64)) & 1 == 1
        }

        fn set_bit(bits: &mut [u64], index: usize, on: bool) {
            let mask = 1u64 << (index % 64);
            if on {
                bits[index / 64] |= mask;
            } else {
                bits[index / 64] &= !mask;
            }
        }

        /// The known keys of one object type, as the generated field enum.
        pub(crate) trait FieldKey: Sized + Copy {
            fn from_key(key: &str) -> Option<Self>;
            fn index(self) -> usize;
        }

        /// An object key: a known field, or an unknown key kept for `extra`.
        ///
        /// Known keys are matched against the borrowed text, so they never
        /// allocate; only unknown keys become `String`s, which `extra` needs.
        pub(crate) enum Key<F> {
            Known(F),
            Unknown(String),
        }

        impl<'de, F: FieldKey> de::Deserialize<'de> for Key<F> {
            #[inline]
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_identifier(KeyVisitor(PhantomData))
            }
        }

        struct KeyVisitor<F>(PhantomData<F>);

        impl<'de, F: FieldKey> Visitor<'de> for KeyVisitor<F> {
            type Value = Key<F>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object key")
            }

            #[inline]
            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<F>, E> {
                Ok(match F::from_key(key) {
                    Some(field) => Key::Known(field),
                    None => Key::Unknown(key.to_owned()),
                })
            }

            #[inline]
            fn visit_string<E: de::Error>(self, key: String) -> Result<Key<F>, E> {
                Ok(match F::from_key(&key) {
                    Some(field) => Key::Known(field),
                    None => Key::Unknown(key),
                })
            }
        }

        /// A generated object type, filled in place field by field.
        ///
        /// Building objects where they end up (a field, a `Vec` slot, the
        /// event's box) instead of returning them by value avoids copying
        /// every nested struct once per level on the way up.
        pub(crate) trait Object: Default {
            type Field: FieldKey;

            const EXPECTING: &'static str;

            /// Reads the value of a known key into its field.
            fn read<'de, A: MapAccess<'de>>(&mut self, field: Self::Field, map: &mut A) -> Result<(), A::Error>;

            fn extra_mut(&mut self) -> &mut Map<String, Value>;
        }

        /// `Deserialize::deserialize` of every generated object.
        #[inline]
        pub(crate) fn deserialize_object<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
            let mut out = T::default();
            deserializer.deserialize_map(Fill(&mut out))?;
            Ok(out)
        }

        /// Fills an object from a JSON object; keys already set stay unless
        /// the input has them, so callers start from `Default`.
        struct Fill<'a, T>(&'a mut T);

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
                while let Some(key) = map.next_key::<Key<T::Field>>()? {
                    match key {
                        Key::Known(field) => self.0.read(field, &mut map)?,
                        Key::Unknown(key) => read_extra(&mut map, self.0.extra_mut(), key)?,
                    }
                }
                Ok(())
            }
        }

        /// Where an object field's value is built: inline, or in a box
        /// (fields on a type cycle). A marker type per case, as one blanket
        /// impl for `T` and one for `Box<T>` would overlap.
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

        /// Reads an object-typed field in place; otherwise like [`read_field`].
        #[inline]
        pub(crate) fn read_object<'de, A: MapAccess<'de>, T: Object>(
            map: &mut A,
            slot: &mut Option<T>,
            nulls: &mut [u64],
            index: usize,
            key: &'static str,
        ) -> Result<(), A::Error> {
            read_place::<A, Inline<T>>(map, slot, nulls, index, key)
        }

        /// [`read_object`] for a boxed field.
        #[inline]
        pub(crate) fn read_boxed<'de, A: MapAccess<'de>, T: Object>(
            map: &mut A,
            slot: &mut Option<Box<T>>,
            nulls: &mut [u64],
            index: usize,
            key: &'static str,
        ) -> Result<(), A::Error> {
            read_place::<A, Boxed<T>>(map, slot, nulls, index, key)
        }

        #[inline]
        fn read_place<'de, A: MapAccess<'de>, P: Place>(
            map: &mut A,
            slot: &mut Option<P::Slot>,
            nulls: &mut [u64],
            index: usize,
            key: &'static str,
        ) -> Result<(), A::Error> {
            match map.next_value_seed(NullableFill::<P>(slot)) {
                Ok(null) => {
                    set_bit(nulls, index, null);
                    Ok(())
                }
                Err(err) => {
                    record(Segment::Key(Cow::Borrowed(key)));
                    Err(err)
                }
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
        pub(crate) struct ObjectItems<T>(pub(crate) PhantomData<T>);

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

        /// Reads a known field's value. JSON `null` reads as `None` with the
        /// field's null bit set; a later duplicate key overwrites both.
        #[inline]
        pub(crate) fn read_field<'de, A, S>(
            map: &mut A,
            seed: S,
            slot: &mut Option<S::Value>,
            nulls: &mut [u64],
            index: usize,
            key: &'static str,
        ) -> Result<(), A::Error>
        where
            A: MapAccess<'de>,
            S: DeserializeSeed<'de>,
        {
            match map.next_value_seed(Nullable(seed)) {
                Ok(value) => {
                    set_bit(nulls, index, value.is_none());
                    *slot = value;
                    Ok(())
                }
                Err(err) => {
                    record(Segment::Key(Cow::Borrowed(key)));
                    Err(err)
                }
            }
        }

        /// Streams the value of an undocumented key into `extra`; a later
        /// duplicate key overwrites.
        #[inline]
        pub(crate) fn read_extra<'de, A: MapAccess<'de>>(
            map: &mut A,
            extra: &mut Map<String, Value>,
            key: String,
        ) -> Result<(), A::Error> {
            match map.next_value::<Value>() {
                Ok(value) => {
                    extra.insert(key, value);
                    Ok(())
                }
                Err(err) => {
                    record(Segment::Key(Cow::Owned(key)));
                    Err(err)
                }
            }
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

        /// Reads a JSON array into a `Vec`, recording the index of the item
        /// that failed. serde's own `Vec` impl would lose it.
        #[derive(Clone, Copy)]
        pub(crate) struct Items<S>(pub(crate) S);

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
        pub(crate) fn present<T>(value: &Option<T>, null: bool) -> usize {
            usize::from(value.is_some() || null)
        }

        /// Writes a known field: its value, `null` if it was read as `null`,
        /// nothing if it was absent.
        pub(crate) fn write_field<M: SerializeMap, T: Serialize>(
            map: &mut M,
            key: &'static str,
            value: &Option<T>,
            null: bool,
        ) -> Result<(), M::Error> {
            match value {
                Some(value) => map.serialize_entry(key, value),
                None if null => map.serialize_entry(key, &()),
                None => Ok(()),
            }
        }

        /// Keys of `extra` that do not name a known field; a known field wins,
        /// so output never has a key twice.
        pub(crate) fn extra_len<F: FieldKey>(extra: &Map<String, Value>) -> usize {
            extra.keys().filter(|key| F::from_key(key).is_none()).count()
        }

        pub(crate) fn write_extra<F: FieldKey, M: SerializeMap>(
            map: &mut M,
            extra: &Map<String, Value>,
        ) -> Result<(), M::Error> {
            for (key, value) in extra {
                if F::from_key(key).is_none() {
                    map.serialize_entry(key, value)?;
                }
            }
            Ok(())
        }

        pub(crate) fn is_null<F: FieldKey>(nulls: &[u64], extra: &Map<String, Value>, key: &str) -> bool {
            match F::from_key(key) {
                Some(field) => get_bit(nulls, field.index()),
                None => matches!(extra.get(key), Some(Value::Null)),
            }
        }

        /// Reads an open enum from its wire string; unknown strings become its
        /// `Other` variant through the generated `From` impls.
        pub(crate) fn wire_str<T>() -> WireStr<T> {
            WireStr(PhantomData)
        }

        pub(crate) struct WireStr<T>(PhantomData<T>);

        impl<'de, T> Visitor<'de> for WireStr<T>
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

        /// One step of a JSON path.
        enum Segment {
            Key(Cow<'static, str>),
            Index(usize),
        }

        thread_local! {
            /// Steps from the failure outwards, pushed while the error unwinds
            /// through the generated visitors (so the success path never
            /// touches it). `parse` clears it before each body.
            static PATH: RefCell<Vec<Segment>> = const { RefCell::new(Vec::new()) };
        }

        /// Bounds the recorder for types deserialized outside `parse`, which
        /// nobody clears.
        const MAX_SEGMENTS: usize = 1024;

        fn record(segment: Segment) {
            let _ = PATH.try_with(|path| {
                let mut path = path.borrow_mut();
                if path.len() < MAX_SEGMENTS {
                    path.push(segment);
                }
            });
        }

        fn reset_path() {
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

        fn is_plain_key(key: &str) -> bool {
            let mut chars = key.chars();
            chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        }

        /// A body that did not parse: which event, where in the JSON, and
        /// serde_json's message (which carries line and column).
        #[derive(Debug)]
        pub struct ParseError {
            event: String,
            path: String,
            error: serde_json::Error,
        }

        impl ParseError {
            fn new(event: &str, error: serde_json::Error) -> Self {
                ParseError {
                    event: event.to_owned(),
                    path: take_path(),
                    error,
                }
            }

            /// The event name given to `parse`.
            pub fn event(&self) -> &str {
                &self.event
            }

            /// Where parsing failed, jq-style: `.issue.labels[0].name`; `.` is
            /// the whole body.
            pub fn path(&self) -> &str {
                &self.path
            }

            /// serde_json's error, for its category, line and column.
            pub fn json_error(&self) -> &serde_json::Error {
                &self.error
            }
        }

        impl fmt::Display for ParseError {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}: {}: {}", self.event, self.path, self.error)
            }
        }

        // The message is part of `Display`, so `source` stays `None` rather
        // than print it twice in error chains.
        impl std::error::Error for ParseError {}

        /// Parses a documented event's body into its payload type, filling
        /// the box in place: payload structs run to kilobytes, and moving
        /// them out of a visitor and into a box costs more than parsing
        /// small bodies.
        pub(crate) fn typed<T: Object>(event: &str, body: &[u8]) -> Result<Box<T>, ParseError> {
            reset_path();
            let mut payload = Box::<T>::default();
            // One UTF-8 check over the whole body costs less than serde_json's
            // check of every string and key read from bytes (a sixth of the
            // parse time in profiles), and reading only text halves the code
            // every payload type instantiates.
            match std::str::from_utf8(body) {
                Ok(text) => fill(serde_json::Deserializer::from_str(text), &mut *payload),
                Err(_) => Err(not_utf8(body)),
            }
            .map_err(|err| ParseError::new(event, err))?;
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
        pub(crate) fn untyped(event: &str, body: &[u8]) -> Result<Value, ParseError> {
            reset_path();
            // As in `typed`.
            match std::str::from_utf8(body) {
                Ok(text) => serde_json::from_str(text),
                Err(_) => Err(not_utf8(body)),
            }
            .map_err(|err| ParseError::new(event, err))
        }

        /// serde_json's own error for a body that is not UTF-8, at the bad
        /// byte's line and column: the body is read from bytes once more,
        /// into nothing, but with every string checked.
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
                fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
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
    }
}
