//! Checking bodies against the documented JSON Schemas: generated
//! `validate` (cargo feature `validate`, which pulls in `jsonschema`) and
//! `undocumented_fields` (serde_json only).
//!
//! Generated code embeds each provider's schemas in a [`Schemas`] table;
//! this module holds the error types and the walks over the schemas.

use std::sync::OnceLock;

use serde_json::Value;

/// One complaint of the schema about a body.
#[cfg(feature = "validate")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    /// JSON pointer of the offending value (`""` is the whole body).
    pub pointer: String,
    /// The schema keyword that failed (`type`, `required`, `enum`, ...).
    pub keyword: String,
    /// One line, for people.
    pub message: String,
    /// Drift rather than a value the types reject: a documented key the
    /// body lacks (`required`) or sends as `null` where the docs say it
    /// never is. `parse` accepts such a body, the field at its type's
    /// default, and the event's `drift()` lists it (beside the keys the
    /// docs do not list); `parse_strict` rejects it.
    pub drift: bool,
}

#[cfg(feature = "validate")]
impl std::fmt::Display for ValidationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = if self.pointer.is_empty() {
            "(root)"
        } else {
            &self.pointer
        };
        write!(f, "{at}: {} ({})", self.message, self.keyword)?;
        if self.drift {
            f.write_str(" [drift]")?;
        }
        Ok(())
    }
}

/// Why a body does not match the docs.
#[cfg(feature = "validate")]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ValidationErrors {
    /// The docs have no schema for this event name, so nothing can be said.
    NoSchema { event: String },
    /// The body is not JSON.
    Malformed { event: String, message: String },
    /// The schema rejects the body; never empty.
    Invalid {
        event: String,
        errors: Vec<ValidationError>,
    },
}

#[cfg(feature = "validate")]
impl ValidationErrors {
    /// The schema's complaints; empty for the other variants.
    pub fn errors(&self) -> &[ValidationError] {
        match self {
            Self::Invalid { errors, .. } => errors,
            _ => &[],
        }
    }

    /// Whether every complaint is drift ([`ValidationError::drift`]): a
    /// body `parse` reads, with defaults where fields are missing.
    pub fn is_drift_only(&self) -> bool {
        matches!(self, Self::Invalid { errors, .. } if errors.iter().all(|e| e.drift))
    }
}

#[cfg(feature = "validate")]
impl std::fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoSchema { event } => write!(f, "{event}: no documented schema"),
            Self::Malformed { event, message } => write!(f, "{event}: not JSON: {message}"),
            Self::Invalid { event, errors } => {
                write!(f, "{event}: {} schema error(s)", errors.len())?;
                for error in errors {
                    write!(f, "\n  {error}")?;
                }
                Ok(())
            }
        }
    }
}

#[cfg(feature = "validate")]
impl std::error::Error for ValidationErrors {}

#[cfg(feature = "validate")]
impl std::error::Error for ValidationError {}

/// Messages quote the offending value, which may be a whole object.
#[cfg(feature = "validate")]
const MESSAGE_LIMIT: usize = 200;

/// The embedded schemas of one provider, by event name: the text of each
/// is parsed, and compiled into a validator, once, on first use.
#[doc(hidden)]
pub struct Schemas<const N: usize> {
    schemas: [(&'static str, &'static str); N],
    parsed: [OnceLock<Value>; N],
    #[cfg(feature = "validate")]
    validators: [OnceLock<jsonschema::Validator>; N],
}

impl<const N: usize> Schemas<N> {
    /// `(event name, schema text)` pairs.
    pub const fn new(schemas: [(&'static str, &'static str); N]) -> Self {
        Schemas {
            schemas,
            parsed: [const { OnceLock::new() }; N],
            #[cfg(feature = "validate")]
            validators: [const { OnceLock::new() }; N],
        }
    }

    fn index(&self, event: &str) -> Option<usize> {
        self.schemas.iter().position(|(name, _)| *name == event)
    }

    fn parsed(&self, index: usize) -> &Value {
        self.parsed[index].get_or_init(|| {
            let (event, text) = self.schemas[index];
            serde_json::from_str(text)
                .unwrap_or_else(|err| panic!("the embedded schema of {event} is not JSON: {err}"))
        })
    }

    /// Checks `body` against the schema of `event`.
    ///
    /// An event without a schema and a body that is not JSON are errors of
    /// their own, never a pass.
    #[cfg(feature = "validate")]
    pub fn validate(&self, event: &str, body: &[u8]) -> Result<(), ValidationErrors> {
        let Some(index) = self.index(event) else {
            return Err(ValidationErrors::NoSchema {
                event: event.to_owned(),
            });
        };
        let json: Value =
            serde_json::from_slice(body).map_err(|err| ValidationErrors::Malformed {
                event: event.to_owned(),
                message: err.to_string(),
            })?;
        let validator = self.validators[index].get_or_init(|| {
            jsonschema::validator_for(self.parsed(index)).unwrap_or_else(|err| {
                panic!("the embedded schema of {event} does not compile: {err}")
            })
        });
        let errors: Vec<ValidationError> = validator
            .iter_errors(&json)
            .map(|err| {
                let schema_path = err.schema_path.as_str();
                let keyword = schema_path
                    .rsplit('/')
                    .next()
                    .unwrap_or_default()
                    .to_owned();
                let mut message: String = err
                    .to_string()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                if message.len() > MESSAGE_LIMIT {
                    let mut cut = MESSAGE_LIMIT;
                    while !message.is_char_boundary(cut) {
                        cut -= 1;
                    }
                    message.truncate(cut);
                    message.push_str("...");
                }
                let drift = keyword == "required" || (keyword == "type" && err.instance.is_null());
                ValidationError {
                    pointer: err.instance_path.as_str().to_owned(),
                    keyword,
                    message,
                    drift,
                }
            })
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(ValidationErrors::Invalid {
                event: event.to_owned(),
                errors,
            })
        }
    }

    /// JSON pointers of the keys of `body` that no `properties` of the
    /// schema of `event` names, topmost only. A body that is not JSON gives
    /// nothing; an unknown event gives `[""]`, the whole body.
    pub fn undocumented_fields(&self, event: &str, body: &[u8]) -> Vec<String> {
        let Ok(json) = serde_json::from_slice::<Value>(body) else {
            return Vec::new();
        };
        let Some(index) = self.index(event) else {
            // Nothing of an unknown event is documented: the body itself.
            return vec![String::new()];
        };
        let schema = self.parsed(index);
        let mut out = Vec::new();
        let mut at = String::new();
        walk(schema, &[schema], &json, &mut at, &mut out);
        out
    }
}

/// Bounds the walk through `$ref` chains, which may be cyclic.
const REF_DEPTH: usize = 64;

/// Reports keys of `value` (and below) that no schema in `schemas` names.
fn walk(root: &Value, schemas: &[&Value], value: &Value, at: &mut String, out: &mut Vec<String>) {
    let mut flat = Vec::new();
    for schema in schemas {
        flatten(root, schema, &mut flat, 0);
    }
    match value {
        Value::Object(map) => {
            let open = flat.iter().any(|s| {
                s.get("additionalProperties").is_some_and(|a| a != false)
                    || s.get("patternProperties").is_some()
            });
            for (key, child) in map {
                let known: Vec<&Value> = flat
                    .iter()
                    .filter_map(|s| s.get("properties").and_then(|p| p.get(key)))
                    .collect();
                let len = at.len();
                at.push('/');
                at.push_str(&key.replace('~', "~0").replace('/', "~1"));
                if !known.is_empty() {
                    walk(root, &known, child, at, out);
                } else if !open {
                    out.push(at.clone());
                }
                at.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let item: Vec<&Value> = flat
                    .iter()
                    .filter_map(|s| {
                        s.get("prefixItems")
                            .and_then(|p| p.get(i))
                            .or_else(|| s.get("items"))
                    })
                    .collect();
                let len = at.len();
                at.push('/');
                at.push_str(&i.to_string());
                walk(root, &item, child, at, out);
                at.truncate(len);
            }
        }
        _ => {}
    }
}

/// The schema objects that describe a value at `schema`: itself and every
/// branch reachable through `$ref` and the combinators. Which branch applies
/// does not matter here; a key is documented when any of them names it.
fn flatten<'a>(root: &'a Value, schema: &'a Value, out: &mut Vec<&'a Value>, depth: usize) {
    if depth > REF_DEPTH || !schema.is_object() {
        return;
    }
    out.push(schema);
    if let Some(target) = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
        .and_then(|pointer| root.pointer(pointer))
    {
        flatten(root, target, out, depth + 1);
    }
    for key in ["anyOf", "oneOf", "allOf"] {
        for branch in schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            flatten(root, branch, out, depth + 1);
        }
    }
    for key in ["then", "else"] {
        if let Some(branch) = schema.get(key) {
            flatten(root, branch, out, depth + 1);
        }
    }
}
