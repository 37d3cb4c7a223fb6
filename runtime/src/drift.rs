//! Drift: what a delivery says differently from the docs, kept rather than
//! rejected. [`Extra`] (in `crate::extra`) is each object's record of it (keys the docs do not
//! list, `null`s, plain fields the delivery lacked), [`Drift`] the report of
//! a whole payload, and strict parsing turns a lacking plain field back
//! into an error for whoever wants one.

use std::cell::Cell;
use std::fmt;

use serde::ser::{Serialize, SerializeMap};

use crate::extra::{Extra, Json};
use crate::visit::{FieldKey, Object};

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
    for (key, raw) in extra.iter() {
        if T::Field::from_key(key).is_none() {
            out.undocumented.push(path_to(at, key));
        } else if raw != "null" {
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
        Sent::Kept => map.serialize_entry(key, &Json(extra.raw(key).unwrap_or("null"))),
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
