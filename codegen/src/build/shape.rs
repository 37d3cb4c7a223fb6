//! What the docs and the examples say about one value, merged.
//!
//! A [`Node`] gathers, for one position in a payload, what the field tables
//! claim (type name, values, description) and what the examples show (JSON
//! kinds, keys, string values, how often a key is present). Types are decided
//! from the whole of it afterwards, in `types`.

use std::collections::{BTreeSet, HashMap};
use std::hash::{Hash, Hasher};

use super::independence::{InstanceBuilder, Instances};
use crate::diag::Span;
use crate::parse::fields::{enum_values, PathSeg};

/// Kinds of JSON value, in the order unions are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Null,
    Boolean,
    Integer,
    Number,
    String,
    Array,
    Object,
}

impl Kind {
    pub fn of(v: &serde_json::Value) -> Kind {
        use serde_json::Value as V;
        match v {
            V::Null => Kind::Null,
            V::Bool(_) => Kind::Boolean,
            V::Number(n) if n.is_i64() || n.is_u64() => Kind::Integer,
            V::Number(_) => Kind::Number,
            V::String(_) => Kind::String,
            V::Array(_) => Kind::Array,
            V::Object(_) => Kind::Object,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Boolean => "boolean",
            Kind::Integer => "integer",
            Kind::Number => "number",
            Kind::String => "string",
            Kind::Array => "array",
            Kind::Object => "object",
        }
    }
}

/// Distinct string values remembered per position; enough to check documented
/// values, bounded so a huge example cannot blow up memory.
const MAX_STRINGS: usize = 256;

#[derive(Debug, Clone, Default)]
pub struct Node {
    /// The table's type cell, lowercased, and where the row is.
    pub doc_ty: Option<(String, Span)>,
    pub description: String,
    pub doc_values: Vec<String>,
    pub doc_nullable: bool,
    /// A table marks the key optional (`key?`): never required.
    pub doc_optional: bool,
    pub documented: bool,
    /// JSON kinds seen in examples.
    pub kinds: BTreeSet<Kind>,
    pub strings: BTreeSet<String>,
    /// How many object instances were seen here (for key presence counts).
    pub objects_seen: u32,
    /// The objects seen here, each once, for how many independent ones
    /// they are: copies of one sample are one piece of evidence.
    pub instances: Instances,
    /// How many times the parent object had this key, and how many of
    /// those with `null`.
    pub present: u32,
    pub nulls: u32,
    /// Strings seen that read as ISO 8601 date-times, those of them that
    /// are not RFC 3339 (no offset, a space for the `T`), and other strings.
    pub time_strings: u32,
    pub loose_time_strings: u32,
    pub other_strings: u32,
    /// Keys in order of first mention.
    pub children: Vec<(String, Node)>,
    pub items: Option<Box<Node>>,
    /// Where each key is in `children`, once there are many: a table of
    /// thousands of rows would otherwise be searched key by key for each.
    /// Rebuilt whenever it is out of step (`children` is public).
    pub(super) index: HashMap<String, usize>,
}

/// Objects with fewer keys are searched directly.
const INDEX_FROM: usize = 64;

impl Node {
    pub fn child_mut(&mut self, key: &str) -> &mut Node {
        let found = if self.children.len() < INDEX_FROM {
            self.children.iter().position(|(k, _)| k == key)
        } else {
            if self.index.len() != self.children.len() {
                self.index = self
                    .children
                    .iter()
                    .enumerate()
                    .map(|(i, (k, _))| (k.clone(), i))
                    .collect();
            }
            self.index
                .get(key)
                .copied()
                .filter(|&i| self.children.get(i).is_some_and(|(k, _)| k == key))
        };
        let i = match found {
            Some(i) => i,
            None => {
                if self.children.len() >= INDEX_FROM && self.index.len() == self.children.len() {
                    self.index.insert(key.to_string(), self.children.len());
                }
                self.children.push((key.to_string(), Node::default()));
                self.children.len() - 1
            }
        };
        &mut self.children[i].1
    }

    pub fn child(&self, key: &str) -> Option<&Node> {
        self.children.iter().find(|(k, _)| k == key).map(|(_, n)| n)
    }

    pub fn items_mut(&mut self) -> &mut Node {
        self.items.get_or_insert_with(Default::default)
    }

    /// Records a table row at `path`.
    pub fn document(&mut self, row: &crate::parse::FieldRow) {
        let (path, ty, description, span) =
            (&row.path, &row.ty, &row.description, row.span.clone());
        let mut node = self;
        for seg in path {
            node = match seg {
                PathSeg::Key(k) => node.child_mut(k),
                PathSeg::Items => node.items_mut(),
            };
        }
        node.documented = true;
        node.doc_optional |= row.optional;
        if node.doc_ty.is_none() && !ty.is_empty() {
            node.doc_ty = Some((ty.to_string(), span));
        }
        let plain = crate::parse::fields::plain(description);
        if node.description.is_empty() {
            node.description = plain.clone();
        }
        for v in enum_values(description) {
            if !node.doc_values.contains(&v) {
                node.doc_values.push(v);
            }
        }
        let lower = plain.to_lowercase();
        if lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w == "null" || w == "nullable")
        {
            node.doc_nullable = true;
        }
    }

    /// Adds a value the docs give the field at `path` elsewhere than in its
    /// description (a table under "Payload for `edited`" that documents
    /// `action` says `edited` is one).
    pub fn document_value(&mut self, path: &[PathSeg], value: &str) {
        let mut node = self;
        for seg in path {
            node = match seg {
                PathSeg::Key(k) => node.child_mut(k),
                PathSeg::Items => node.items_mut(),
            };
        }
        if !node.doc_values.iter().any(|v| v == value) {
            node.doc_values.push(value.to_string());
        }
    }

    /// Records an example value at this position.
    pub fn observe(&mut self, v: &serde_json::Value) {
        self.observe_value(v);
    }

    /// [`Node::observe`], saying what the value was.
    fn observe_value(&mut self, v: &serde_json::Value) -> Seen {
        self.kinds.insert(Kind::of(v));
        match v {
            serde_json::Value::Null => {
                self.nulls += 1;
                Seen::whole(fingerprint(v))
            }
            serde_json::Value::String(s) => {
                if is_date_time(s) {
                    self.time_strings += 1;
                    self.loose_time_strings += u32::from(!is_rfc3339(s));
                } else {
                    self.other_strings += 1;
                }
                if self.strings.len() < MAX_STRINGS {
                    self.strings.insert(s.clone());
                }
                let mut h = hasher(b'"');
                s.hash(&mut h);
                Seen::whole(h.finish())
            }
            serde_json::Value::Array(items) => {
                let mut h = hasher(b'[');
                for item in items {
                    self.items_mut().observe_value(item).whole.hash(&mut h);
                }
                Seen::whole(h.finish())
            }
            serde_json::Value::Object(map) => {
                self.objects_seen += 1;
                let mut h = hasher(b'{');
                let mut instance = InstanceBuilder::default();
                for (k, child) in map {
                    let c = self.child_mut(k);
                    c.present += 1;
                    k.hash(&mut h);
                    let seen = c.observe_value(child);
                    seen.whole.hash(&mut h);
                    instance.field(k, child, seen.identity);
                }
                self.record(instance, h.finish())
            }
            _ => Seen::whole(fingerprint(v)),
        }
    }

    /// Keeps an object seen here as an instance.
    fn record(&mut self, instance: InstanceBuilder, whole: u64) -> Seen {
        let (instance, identity) = instance.finish(whole);
        self.instances.insert(instance);
        Seen { whole, identity }
    }

    /// Records a payload that is evidence about presence and `null` only: an
    /// example of another product version. It counts instances, keys present
    /// and `null`s at positions already known, and adds no key, kind or value,
    /// so the types stay those of the version asked for.
    pub fn observe_evidence(&mut self, v: &serde_json::Value) {
        self.evidence_value(v);
    }

    fn evidence_value(&mut self, v: &serde_json::Value) -> Seen {
        use serde_json::Value as V;
        match v {
            V::Null => {
                self.kinds.insert(Kind::Null);
                self.nulls += 1;
                Seen::whole(fingerprint(v))
            }
            V::Object(map) if self.kinds.contains(&Kind::Object) => {
                self.objects_seen += 1;
                let mut h = hasher(b'{');
                let mut instance = InstanceBuilder::default();
                for (k, value) in map {
                    k.hash(&mut h);
                    let seen = match self.children.iter_mut().find(|(c, _)| c == k) {
                        Some((_, child)) => {
                            child.present += 1;
                            child.evidence_value(value)
                        }
                        None => Seen::whole(fingerprint(value)),
                    };
                    seen.whole.hash(&mut h);
                    instance.field(k, value, seen.identity);
                }
                self.record(instance, h.finish())
            }
            V::Array(items) if self.items.is_some() => {
                let node = self.items_mut();
                let mut h = hasher(b'[');
                for item in items {
                    node.evidence_value(item).whole.hash(&mut h);
                }
                Seen::whole(h.finish())
            }
            _ => Seen::whole(fingerprint(v)),
        }
    }

    /// Folds `other` (the same kind of value seen elsewhere) into `self`.
    pub fn merge(&mut self, other: &Node) {
        if self.doc_ty.is_none() {
            self.doc_ty.clone_from(&other.doc_ty);
        }
        if self.description.is_empty() {
            self.description.clone_from(&other.description);
        }
        for v in &other.doc_values {
            if !self.doc_values.contains(v) {
                self.doc_values.push(v.clone());
            }
        }
        self.doc_nullable |= other.doc_nullable;
        self.documented |= other.documented;
        self.kinds.extend(other.kinds.iter().copied());
        for s in &other.strings {
            if self.strings.len() >= MAX_STRINGS {
                break;
            }
            self.strings.insert(s.clone());
        }
        self.objects_seen += other.objects_seen;
        self.instances.extend(&other.instances);
        self.present += other.present;
        self.nulls += other.nulls;
        self.time_strings += other.time_strings;
        self.loose_time_strings += other.loose_time_strings;
        self.other_strings += other.other_strings;
        for (k, c) in &other.children {
            self.child_mut(k).merge(c);
        }
        if let Some(items) = &other.items {
            self.items_mut().merge(items);
        }
    }

    /// Whether values here are (at least sometimes) objects.
    pub fn is_objectish(&self, doc_kinds: &BTreeSet<Kind>) -> bool {
        self.kinds.contains(&Kind::Object)
            || doc_kinds.contains(&Kind::Object)
            || (!self.children.is_empty()
                && !self.kinds.contains(&Kind::Array)
                && !doc_kinds.contains(&Kind::Array))
    }
}

/// What a value seen was: its fingerprint, and what an object holding it
/// compares it by (an object's identifiers, when it has any).
#[derive(Debug, Clone, Copy)]
struct Seen {
    whole: u64,
    identity: u64,
}

impl Seen {
    fn whole(whole: u64) -> Self {
        Seen {
            whole,
            identity: whole,
        }
    }
}

/// A hasher with a fixed key, so fingerprints are the same on every run.
fn hasher(tag: u8) -> std::collections::hash_map::DefaultHasher {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    tag.hash(&mut h);
    h
}

/// A value's fingerprint, computed whole (values the tree does not follow).
fn fingerprint(v: &serde_json::Value) -> u64 {
    let mut h = hasher(b'=');
    v.to_string().hash(&mut h);
    h.finish()
}

/// Whether a date-time (see [`is_date_time`]) is also RFC 3339, JSON
/// Schema's `date-time`: a `T`, seconds and an offset (`Z` or `±hh:mm`).
pub fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    let zone = s.get(19..).map(|z| {
        let z = z
            .strip_prefix('.')
            .map_or(z, |f| f.trim_start_matches(|c: char| c.is_ascii_digit()));
        let zb = z.as_bytes();
        matches!(z, "Z" | "z") || zb.len() == 6 && matches!(zb[0], b'+' | b'-') && zb[3] == b':'
    });
    is_date_time(s)
        && matches!(b.get(10), Some(b'T' | b't'))
        && b.get(16) == Some(&b':')
        && zone == Some(true)
}

/// Whether `s` reads as an ISO 8601 date and time of day
/// (`2021-08-29T12:00:00Z`, `2019-05-15T15:20:30-07:00`, a space for the
/// `T`, fractions of a second, no offset): what the runtime's `Timestamp`,
/// which the generated code reads such a field into, converts. A date alone
/// is not a time.
pub fn is_date_time(s: &str) -> bool {
    webhook_runtime::Timestamp::from_text(s)
        .unix_seconds()
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::{is_date_time, is_rfc3339};

    #[test]
    fn date_times_and_which_are_rfc3339() {
        for (text, time, rfc) in [
            ("2019-05-15T15:20:30Z", true, true),
            ("2019-05-15T15:20:30.123-07:00", true, true),
            ("2019-05-15t15:20:30+00:00", true, true),
            ("2018-04-25 20:42:10", true, false),
            ("2019-05-15T15:20:30", true, false),
            ("2019-05-15T15:20Z", true, false),
            ("2019-05-15T15:20:30+0700", true, false),
            ("2019-05-15T15:20:30 UTC", true, false),
            ("2019-05-15", false, false),
            ("v2019-05-15T15:20:30Z", false, false),
            ("2019-05-15T15:20:30Zulu", false, false),
        ] {
            assert_eq!(is_date_time(text), time, "{text}");
            assert_eq!(is_rfc3339(text), rfc, "{text}");
        }
    }
}
