//! [`Extra`]: what an object's typed fields do not hold, kept as the JSON
//! text the delivery sent. The text is not copied per key: a parse lends
//! its body to every object it fills (see [`lending`]), and each kept key
//! and value is a span of that one shared copy.

use std::cell::RefCell;
use std::fmt;
use std::hash::BuildHasher;
use std::sync::Arc;

use hashbrown::HashTable;
use serde::de::Deserialize;
use serde::ser::{Error as _, Serialize, SerializeMap, Serializer};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

/// What an object's typed fields do not hold, kept so that serializing
/// gives back what was parsed: the keys the docs do not list (with their
/// values), fields sent as `null` or with a value of another type than the
/// docs say, and the plain fields the delivery lacked, which read as their
/// type's default.
///
/// Values are kept as the JSON text the delivery sent, not as [`Value`]
/// trees: most handlers never look at them. The text is shared with the
/// rest of the delivery (one copy of the body per parse, however many keys
/// are kept), so a payload part you keep keeps that copy alive. Read a
/// value with [`Extra::value`] (a `Value`), [`Extra::get_as`] (your own
/// type) or [`Extra::raw`] (the text); serializing writes the text back as
/// received. A struct literal starts it with `Default::default()`.
#[derive(Clone, Default)]
pub struct Extra {
    /// The delivery's text, when spans point into it.
    source: Option<Arc<str>>,
    /// Text of keys and values inserted by hand, or read by a deserializer
    /// that does not lend its input.
    own: String,
    /// In the order received; a repeated key keeps its first place and its
    /// last value.
    entries: Vec<Entry>,
    /// Key to entry, once there are more entries than a scan should cover.
    index: Option<Box<Index>>,
    /// Keys of plain fields the delivery did not send: their fields hold a
    /// default that is written back as absent.
    absent: Vec<&'static str>,
    /// Set while a parse fills the object: `entries` may repeat a key and
    /// `index` lag behind until [`Extra::settle`].
    unsettled: bool,
}

/// Past this many entries, lookups go through a hash index: a repeated
/// key must not cost a scan of thousands.
const SCAN: usize = 16;

/// First sizes of `entries` and `own`: most objects keep a few keys (and
/// copy the names of a few fields sent as `null`), in one allocation each.
const FIRST_ENTRIES: usize = 8;
const FIRST_OWN: usize = 64;

#[derive(Clone, Copy)]
struct Entry {
    key: Span,
    value: Span,
}

/// A range of `Extra::source` or, with [`Span::OWN`] set in `len`, of
/// `Extra::own`.
#[derive(Clone, Copy)]
struct Span {
    at: u32,
    len: u32,
}

impl Span {
    const OWN: u32 = 1 << 31;
    /// `null`, the most common kept value (optional fields sent as
    /// `null`), without text of its own.
    const NULL: Span = Span {
        at: 0,
        len: u32::MAX,
    };

    fn range(self) -> std::ops::Range<usize> {
        let at = self.at as usize;
        at..at + (self.len & !Span::OWN) as usize
    }

    fn is_own(self) -> bool {
        self.len & Span::OWN != 0
    }
}

#[derive(Clone)]
struct Index {
    table: HashTable<u32>,
    hasher: foldhash::fast::RandomState,
}

/// The text of `span`, from the buffer it points into.
fn text<'a>(source: &'a Option<Arc<str>>, own: &'a str, span: Span) -> &'a str {
    if span.len == Span::NULL.len {
        return "null";
    }
    let buffer = if span.is_own() {
        own
    } else {
        source.as_deref().unwrap_or_default()
    };
    buffer.get(span.range()).unwrap_or_default()
}

impl Extra {
    pub fn new() -> Self {
        Self::default()
    }

    fn text(&self, span: Span) -> &str {
        text(&self.source, &self.own, span)
    }

    /// Whether entry `i`'s key is `key`: lengths first, as most keys differ
    /// in length.
    fn key_is(&self, i: usize, key: &str) -> bool {
        let span = self.entries[i].key;
        span.range().len() == key.len() && self.text(span) == key
    }

    fn position(&self, key: &str) -> Option<usize> {
        match &self.index {
            Some(index) => {
                let hash = index.hasher.hash_one(key);
                index
                    .table
                    .find(hash, |&i| self.key_is(i as usize, key))
                    .map(|&i| i as usize)
            }
            None => (0..self.entries.len()).find(|&i| self.key_is(i, key)),
        }
    }

    /// The index over every entry, built once the entries outgrow a scan;
    /// `false` (and no index) if two entries share a key.
    fn reindex(&mut self) -> bool {
        let count = self.entries.len();
        self.index = (count > SCAN).then(|| {
            Box::new(Index {
                table: HashTable::with_capacity(count),
                hasher: foldhash::fast::RandomState::default(),
            })
        });
        for position in 0..count {
            // Against the entries before it: those the index holds so far.
            let key = self.text(self.entries[position].key);
            let repeated = match self.index {
                Some(_) => self.position(key).is_some(),
                None => (0..position).any(|i| self.key_is(i, key)),
            };
            if repeated {
                self.index = None;
                return false;
            }
            self.index_entry(position);
        }
        true
    }

    fn index_entry(&mut self, position: usize) {
        let Extra {
            source,
            own,
            entries,
            index,
            ..
        } = self;
        if let Some(index) = index {
            let Index { table, hasher } = &mut **index;
            let hash = |i: u32| hasher.hash_one(text(source, own, entries[i as usize].key));
            table.insert_unique(hash(position as u32), position as u32, |&i| hash(i));
        }
    }

    /// Keeps `value` (JSON text) under `key`, as spans of the lent body
    /// where both lie in it, copied otherwise. For a parse filling the
    /// object: a repeated key is resolved by [`Extra::settle`], once.
    pub(crate) fn keep(&mut self, key: &str, value: &str) {
        let entry = self.entry(key, value);
        self.push(entry);
        self.unsettled = true;
    }

    /// After a parse filled the object: a repeated key keeps its first
    /// place and its last value, and lookups go through the index.
    #[inline]
    pub(crate) fn settle(&mut self) {
        if std::mem::take(&mut self.unsettled) && !self.reindex() {
            self.resolve_repeats();
        }
    }

    #[cold]
    fn resolve_repeats(&mut self) {
        let entries = std::mem::take(&mut self.entries);
        for entry in entries {
            self.put(entry);
        }
    }

    fn entry(&mut self, key: &str, value: &str) -> Entry {
        let key = self.span(key);
        let value = if value == "null" {
            Span::NULL
        } else {
            self.span(value)
        };
        Entry { key, value }
    }

    fn push(&mut self, entry: Entry) {
        if self.entries.capacity() == 0 {
            self.entries.reserve_exact(FIRST_ENTRIES);
        }
        self.entries.push(entry);
    }

    /// Keeps `entry` in a settled `Extra`: over the value of its key
    /// (giving `true`), or last.
    fn put(&mut self, entry: Entry) -> bool {
        if let Some(i) = self.position(self.text(entry.key)) {
            self.entries[i].value = entry.value;
            return true;
        }
        self.push(entry);
        if self.entries.len() == SCAN + 1 {
            self.reindex();
        } else {
            self.index_entry(self.entries.len() - 1);
        }
        false
    }

    /// Where `text` lies in the lent body, or a copy of it in `own`.
    fn span(&mut self, text: &str) -> Span {
        if let Some(span) = self.shared_span(text) {
            return span;
        }
        let at = self.own.len();
        // Past 2 GiB of copied text a span cannot say where it is; the
        // text reads as empty rather than as some other text.
        if at.saturating_add(text.len()) >= Span::OWN as usize - 1 {
            return Span {
                at: 0,
                len: Span::OWN,
            };
        }
        if self.own.capacity() == 0 {
            self.own.reserve_exact(FIRST_OWN.max(text.len()));
        }
        self.own.push_str(text);
        Span {
            at: at as u32,
            len: text.len() as u32 | Span::OWN,
        }
    }

    fn shared_span(&mut self, text: &str) -> Option<Span> {
        if let Some(source) = &self.source {
            return within(source, text);
        }
        let (source, span) = LENT
            .try_with(|lent| {
                let lent = lent.borrow();
                let source = lent.as_ref()?;
                Some((source.clone(), within(source, text)?))
            })
            .ok()??;
        self.source = Some(source);
        Some(span)
    }

    /// The JSON text kept under `key`, as the delivery sent it.
    pub fn raw(&self, key: &str) -> Option<&str> {
        if self.entries.is_empty() {
            return None;
        }
        self.position(key).map(|i| self.text(self.entries[i].value))
    }

    /// The value kept under `key`, built as a [`Value`] on each call.
    pub fn value(&self, key: &str) -> Option<Value> {
        // Kept text is JSON that serde_json itself delimited.
        self.get_as(key).and_then(Result::ok)
    }

    /// The value kept under `key`, deserialized as `T` (borrowing from the
    /// kept text where `T` can); `None` when there is no such key.
    pub fn get_as<'a, T: Deserialize<'a>>(&'a self, key: &str) -> Option<serde_json::Result<T>> {
        self.raw(key).map(serde_json::from_str)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.raw(key).is_some()
    }

    /// How many keys are kept (undocumented ones, `null`s, values of
    /// another type).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.iter().map(|(key, _)| key)
    }

    /// The kept keys with their JSON text, in the order received.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries
            .iter()
            .map(|e| (self.text(e.key), self.text(e.value)))
    }

    /// Keeps `raw` under `key`; whether it replaced a kept value.
    pub fn insert(&mut self, key: &str, raw: &RawValue) -> bool {
        self.settle();
        let entry = self.entry(key, raw.get());
        self.put(entry)
    }

    /// Keeps `value`, written as JSON text, under `key`; whether it
    /// replaced a kept value.
    pub fn insert_value<T: Serialize + ?Sized>(
        &mut self,
        key: &str,
        value: &T,
    ) -> serde_json::Result<bool> {
        Ok(self.insert(key, &serde_json::value::to_raw_value(value)?))
    }

    /// Drops `key` and gives back its text.
    pub fn remove(&mut self, key: &str) -> Option<String> {
        self.settle();
        let i = self.position(key)?;
        let text = self.text(self.entries[i].value).to_owned();
        self.entries.remove(i);
        self.reindex();
        Some(text)
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
        self.iter()
            .filter_map(|(key, raw)| Some((key.to_owned(), serde_json::from_str(raw).ok()?)))
            .collect()
    }

    /// Whether `key` was sent as `null`.
    #[inline]
    pub(crate) fn is_null(&self, key: &str) -> bool {
        self.raw(key) == Some("null")
    }

    /// Nothing kept at all, the usual case: callers skip their lookups.
    #[inline]
    pub(crate) fn is_clear(&self) -> bool {
        self.entries.is_empty() && self.absent.is_empty()
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

/// Where `text` lies in `source`, when it is a slice of it.
fn within(source: &str, text: &str) -> Option<Span> {
    let base = source.as_ptr() as usize;
    let at = (text.as_ptr() as usize).checked_sub(base)?;
    let end = at.checked_add(text.len())?;
    (end <= source.len() && end < Span::OWN as usize - 1).then_some(Span {
        at: at as u32,
        len: text.len() as u32,
    })
}

thread_local! {
    /// The body a parse on this thread is reading, while [`lending`] runs.
    static LENT: RefCell<Option<Arc<str>>> = const { RefCell::new(None) };
}

/// Runs `read` on a shared copy of `text`, lent to every [`Extra`] filled
/// meanwhile on this thread: text they keep that lies in it is a span, not
/// a copy. `read` must read from the `&str` it is given, through a reader
/// that lends its input (`serde_json::Deserializer::from_str`): kept values
/// are then read as borrowed [`RawValue`]s (see [`is_lending`]).
pub(crate) fn lending<R>(text: &str, read: impl FnOnce(&str) -> R) -> R {
    let source: Arc<str> = Arc::from(text);
    // A thread being torn down has no thread-locals: nothing is lent, and
    // kept text is copied (`is_lending` says no).
    let Ok(previous) = LENT.try_with(|lent| lent.replace(Some(source.clone()))) else {
        return read(text);
    };
    // Restored however `read` ends, so a nested parse (a batch's element)
    // hands its caller's body back.
    struct Restore(Option<Arc<str>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            let _ = LENT.try_with(|lent| *lent.borrow_mut() = previous);
        }
    }
    let _restore = Restore(previous);
    read(&source)
}

/// Whether a parse is lending its body: its reader lends, so a kept value
/// can be read as `&RawValue` and kept as a span.
#[inline]
pub(crate) fn is_lending() -> bool {
    LENT.try_with(|lent| lent.borrow().is_some())
        .unwrap_or(false)
}

/// Kept JSON text, written back verbatim.
pub(crate) struct Json<'a>(pub(crate) &'a str);

impl Serialize for Json<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Kept text is valid JSON; serde_json writes a `RawValue` as is.
        let raw: &RawValue = serde_json::from_str(self.0).map_err(S::Error::custom)?;
        raw.serialize(serializer)
    }
}

/// The kept keys and their text, as a JSON object.
impl Serialize for Extra {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (key, raw) in self.iter() {
            map.serialize_entry(key, &Json(raw))?;
        }
        map.end()
    }
}

/// Equal when the same keys hold the same text, in any order, and the
/// same plain fields were absent.
impl PartialEq for Extra {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len()
            && self.iter().all(|(key, raw)| other.raw(key) == Some(raw))
            && self.absent.len() == other.absent.len()
            && self.absent.iter().all(|key| other.absent.contains(key))
    }
}

/// Each value of `map` kept as its JSON text.
impl From<Map<String, Value>> for Extra {
    fn from(map: Map<String, Value>) -> Self {
        let mut extra = Extra::default();
        for (key, value) in &map {
            if let Ok(raw) = serde_json::value::to_raw_value(value) {
                extra.insert(key, &raw);
            }
        }
        extra
    }
}

struct Text<'a>(&'a str);

impl fmt::Debug for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// An `Extra` filled as a parse fills it: every key and value a slice
    /// of the lent body.
    fn kept_from(body: &str) -> Extra {
        lending(body, |text| {
            let object: std::collections::BTreeMap<&str, &RawValue> =
                serde_json::from_str(text).unwrap();
            let mut extra = Extra::default();
            // In the body's order, as a parse keeps them.
            let mut pairs: Vec<_> = object.into_iter().collect();
            pairs.sort_by_key(|(key, _)| key.as_ptr() as usize);
            for (key, raw) in pairs {
                extra.keep(key, raw.get());
            }
            extra
        })
    }

    #[test]
    fn kept_text_is_a_span_of_the_body_and_reads_back_verbatim() {
        let body = r#"{"a": [1, 2.50, {"b": "\u00e9"}], "n": null, "s": "x\"y"}"#;
        let extra = kept_from(body);
        assert!(extra.own.is_empty(), "nothing copied: {:?}", extra.own);
        assert!(extra.source.is_some());
        assert_eq!(extra.raw("a"), Some(r#"[1, 2.50, {"b": "\u00e9"}]"#));
        assert_eq!(extra.raw("n"), Some("null"));
        assert_eq!(extra.raw("s"), Some(r#""x\"y""#));
        assert_eq!(extra.get_as::<String>("s").unwrap().unwrap(), "x\"y");
        assert_eq!(
            serde_json::to_string(&extra).unwrap(),
            r#"{"a":[1, 2.50, {"b": "\u00e9"}],"n":null,"s":"x\"y"}"#
        );
        // The same keys inserted by hand are equal, their text copied.
        let mut by_hand = Extra::new();
        for (key, raw) in extra.iter() {
            by_hand.insert(key, &RawValue::from_string(raw.to_owned()).unwrap());
        }
        assert!(by_hand.source.is_none());
        assert_eq!(by_hand, extra);
    }

    #[test]
    fn outside_a_lending_parse_text_is_copied() {
        let mut extra = Extra::new();
        extra.keep("k", "[1]");
        assert!(extra.source.is_none());
        assert_eq!(extra.raw("k"), Some("[1]"));
    }

    #[test]
    fn a_repeated_key_keeps_its_place_and_its_last_value() {
        // Below and above the scan limit, so the index is exercised too.
        for count in [3, SCAN, SCAN + 1, 200] {
            let mut extra = Extra::new();
            for i in 0..count {
                extra.keep(&format!("k{i}"), &i.to_string());
            }
            // As a parse meets a repeated key: resolved once it settles.
            extra.keep("k1", "\"x\"");
            extra.settle();
            assert_eq!(extra.len(), count, "{count}");
            assert_eq!(extra.raw("k1"), Some("\"x\""));
            assert_eq!(extra.keys().nth(1), Some("k1"));
            assert_eq!(extra.index.is_some(), count > SCAN, "{count}");
            // By hand, over a kept value.
            let y = RawValue::from_string("\"y\"".into()).unwrap();
            assert!(extra.insert("k1", &y), "k1 was kept already");
            assert!(!extra.insert("new", &y));
            assert_eq!(extra.len(), count + 1);
            assert_eq!(extra.keys().last(), Some("new"));
            assert_eq!(extra.raw("k1"), Some("\"y\""));
            assert_eq!(
                extra.raw(&format!("k{}", count - 1)),
                Some(&*(count - 1).to_string())
            );
            assert_eq!(extra.raw("absent"), None);
            // Removing keeps the others findable, in order.
            assert_eq!(extra.remove("k0").as_deref(), Some("0"));
            assert_eq!(extra.len(), count);
            assert_eq!(extra.keys().next(), Some("k1"));
            for i in 2..count {
                assert_eq!(
                    extra.raw(&format!("k{i}")),
                    Some(&*i.to_string()),
                    "{count}"
                );
            }
        }
    }

    #[test]
    fn a_nested_parse_lends_its_own_body_and_gives_the_outer_one_back() {
        let outer = r#"{"o": 1}"#;
        lending(outer, |outer_text| {
            let inner = kept_from(r#"{"i": 2}"#);
            assert_eq!(inner.raw("i"), Some("2"));
            let mut extra = Extra::new();
            let value = &outer_text[outer_text.find('1').unwrap()..][..1];
            extra.keep("o", value);
            assert_eq!(extra.own, "o", "the key is copied, the value shared");
            assert_eq!(extra.raw("o"), Some("1"));
        });
        assert!(!is_lending());
    }
}
