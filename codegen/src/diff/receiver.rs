//! What the Rust back-end makes of a schema, as far as a receiver's code can
//! tell: type and variant names, each field's Rust type, and which JSON
//! values that type reads.
//!
//! The mapping is the generated crate's contract: a property is a plain `T`
//! when its object's `required` lists it and its schema does not admit
//! `null`, else an `Option<T>`; a `$defs` entry is a struct named in
//! UpperCamelCase from its key, the payload root one named from the
//! schema's `title`; an `enum` list is an enum named for its owner and key,
//! with a variant per value and `Other(String)`; every event is a variant of
//! `Event` (and of `EventName`), every action one of `<Event>Action`.

use std::collections::BTreeSet;
use std::fmt;

use serde_json::Value;

use super::shape::{covers, flatten, Shape};
use super::Api;
use crate::names::{snake, upper_camel};

/// What a receiver's types do with values and variants the old docs did not
/// list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Model {
    /// Enums keep values they do not list (`Other(String)`), so a new
    /// action or enum value still parses. Types generated elsewhere from the
    /// schemas (typify's) reject them: a new value is then wire-breaking.
    pub open_enums: bool,
    /// `#[non_exhaustive]` on `EventName`, `<Event>Action`, value enums and
    /// `<Event>ByAction`: without it, a new variant breaks a `match` that
    /// names every variant, so additions of events, actions and values are
    /// API-breaking.
    pub non_exhaustive_enums: bool,
}

impl Model {
    /// The crate this project generates: open enums, all of them
    /// `#[non_exhaustive]` (`Event` too). `tests/api_compat.rs` holds this
    /// to what compiles.
    pub const GENERATED: Model = Model {
        open_enums: true,
        non_exhaustive_enums: true,
    };

    /// A new event, action or enum value.
    pub(crate) fn variant_added(self) -> Api {
        if self.non_exhaustive_enums {
            Api::Addition
        } else {
            Api::Breaking
        }
    }
}

impl Default for Model {
    fn default() -> Self {
        Model::GENERATED
    }
}

/// The Rust name of the struct for a `$defs` key.
pub fn type_name(def_key: &str) -> String {
    upper_camel(def_key)
}

/// The `Event` variant of an event: from `x-event` when the schema has one
/// (the file name may have been made safe), else from the file's name.
pub fn event_variant(event: &str, schema: &Value) -> String {
    let name = schema
        .get("x-event")
        .and_then(Value::as_str)
        .unwrap_or_else(|| event.rsplit('/').next().unwrap_or(event));
    upper_camel(name)
}

/// The payload struct of an event: from the schema's `title`.
pub fn payload_name(event: &str, schema: &Value) -> String {
    match schema.get("title").and_then(Value::as_str) {
        Some(title) if !title.is_empty() => upper_camel(title),
        _ => format!("{}Event", event_variant(event, schema)),
    }
}

/// A field as a generated struct holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Slot {
    pub plain: bool,
    pub ty: String,
}

impl fmt::Display for Slot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.plain {
            f.write_str(&self.ty)
        } else {
            write!(f, "Option<{}>", self.ty)
        }
    }
}

/// Who owns a field: the Rust type, and the prefix its enums are named with
/// (the event's variant for the payload root, the type's name otherwise).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Owner {
    pub ty: String,
    pub enum_prefix: String,
}

impl Owner {
    /// `Issue::number`, or `Issue::labels[]` for the items of `labels`.
    pub fn item(&self, key: &str, items: usize) -> String {
        format!("{}::{}{}", self.ty, snake(key), "[]".repeat(items))
    }
}

/// The Rust type of a value of `shape` (without the `Option`), in `root`'s
/// document; `rename` maps a `$defs` key to the type name to print.
pub(crate) fn rust_type(
    root: &Value,
    shape: &Shape<'_>,
    enum_name: &str,
    rename: &dyn Fn(&str) -> String,
) -> String {
    rust_type_in(root, shape, enum_name, rename, 0)
}

fn rust_type_in(
    root: &Value,
    shape: &Shape<'_>,
    enum_name: &str,
    rename: &dyn Fn(&str) -> String,
    depth: usize,
) -> String {
    let Some(base) = shape.base_types() else {
        return "Value".into();
    };
    let mut kinds = base.iter();
    let (Some(only), None) = (kinds.next(), kinds.next()) else {
        // Several JSON types (or none but null) read as `serde_json::Value`.
        return "Value".into();
    };
    match *only {
        "string" if shape.enum_vals.is_some() => enum_name.to_string(),
        "string" => "String".into(),
        "integer" => "i64".into(),
        // `serde_json::Number`, so that `1` and `1.0` stay apart.
        "number" => "Number".into(),
        "boolean" => "bool".into(),
        // Arrays of arrays are rare; a bound keeps a self-referencing
        // `items` chain finite.
        "array" if depth < 8 => match shape.items {
            Some(items) => {
                let item = flatten(root, items);
                let inner = rust_type_in(root, &item, enum_name, rename, depth + 1);
                format!("Vec<{inner}>")
            }
            None => "Vec<Value>".into(),
        },
        "object" => match shape.ref_name {
            Some(def) => rename(def),
            None if shape.props.is_empty() => "Value".into(),
            // Only hand-written schemas have objects outside `$defs`; their
            // fields are compared one by one.
            None => "{object}".into(),
        },
        _ => "Value".into(),
    }
}

/// The JSON types a value of `shape`'s Rust type reads, besides `null` for
/// an `Option`; `None` when it reads anything (`Value`).
pub(crate) fn reads(shape: &Shape<'_>) -> Option<BTreeSet<&'static str>> {
    let base = shape.base_types()?;
    let mut kinds = base.iter();
    let (Some(only), None) = (kinds.next(), kinds.next()) else {
        return None;
    };
    let kind: &'static str = match *only {
        "string" => "string",
        "integer" => "integer",
        "number" => "number",
        "boolean" => "boolean",
        "array" => "array",
        "object" => "object",
        _ => return None,
    };
    Some(BTreeSet::from([kind]))
}

/// Whether a reader of `old` kinds fails on some value of `new`'s types.
pub(crate) fn rejects_some(old: Option<&BTreeSet<&str>>, new: &Shape<'_>) -> bool {
    let Some(old) = old else {
        return false;
    };
    match new.base_types() {
        None => true,
        Some(new) => new.iter().any(|t| !covers(old, t)),
    }
}
