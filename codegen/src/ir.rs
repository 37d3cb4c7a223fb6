//! The intermediate representation: what the docs say, as plain data.
//!
//! Front-ends build it, back-ends read it; nothing here parses or prints.
//! Every Rust identifier a back-end needs is decided here, once, by
//! [`crate::names`], so two back-ends can never disagree on a name.

use std::collections::BTreeMap;

use crate::diag::Span;

/// Everything read from one docs path.
#[derive(Debug, Clone, Default)]
pub struct Docs {
    pub providers: Vec<Provider>,
    /// The product version the docs were read for, in their own terms
    /// (`fpt`, `ghes-3.1`, a DocFX moniker), where they tell versions
    /// apart; `None` where they state no version.
    pub version: Option<String>,
}

/// One vendor: its events, delivery headers and signature scheme.
#[derive(Debug, Clone)]
pub struct Provider {
    /// Wire-level name, e.g. `github`; also the schema folder name.
    pub name: String,
    /// snake_case module name in the generated crate.
    pub module: String,
    /// The header that carries the event name, e.g. `X-GitHub-Event`.
    pub event_header: Option<String>,
    /// Where the body carries the event name, when it does: key paths such
    /// as `["eventType"]`, the one most events use first, then others
    /// some events use instead. Empty when the name is not in the body.
    pub name_in_body: Vec<Vec<String>>,
    /// Where a delivery carries several events, when it does: then
    /// `name_in_body` is where each of them carries its name.
    pub batch: Option<Batch>,
    pub headers: Vec<Header>,
    pub signatures: Vec<SignatureScheme>,
    pub events: Vec<Event>,
    /// Objects and enums shared by the events of this provider.
    pub types: TypeSpace,
}

/// Deliveries that carry several events in one array (`data.events`).
#[derive(Debug, Clone, Default)]
pub struct Batch {
    /// Keys from the body's root to the array; empty when the body is it.
    pub path: Vec<String>,
    /// Whole deliveries as the docs show them.
    pub examples: Vec<Example>,
}

/// A delivery header the docs list.
#[derive(Debug, Clone)]
pub struct Header {
    pub name: String,
    pub description: String,
    /// What the header is for, when the docs make it recognisable.
    pub role: HeaderRole,
    /// Whether every delivery carries it: the docs say so where they list
    /// it and set no condition on it ("only sent when ..."), or it is the
    /// header the provider's events are named by, which the receiver needs.
    pub every_delivery: bool,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HeaderRole {
    EventName,
    DeliveryId,
    HookId,
    Signature,
    UserAgent,
    InstallationTargetId,
    InstallationTargetType,
    Other,
}

/// How deliveries are signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureScheme {
    /// HMAC of the body, hex, in `header`, optionally after `prefix` (`sha256=`).
    HmacHex {
        header: String,
        algorithm: HmacAlgorithm,
        prefix: Option<String>,
    },
    /// HMAC of the body, base64, in `header`.
    HmacBase64 {
        header: String,
        algorithm: HmacAlgorithm,
    },
    /// `t=<unix>,v1=<hex>` over `"{t}.{body}"`.
    Timestamped { header: String },
    /// The Standard Webhooks scheme (`webhook-id`, `webhook-timestamp`, `webhook-signature`).
    StandardWebhooks,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HmacAlgorithm {
    Sha1,
    Sha256,
}

/// One event, as named by the event header.
#[derive(Debug, Clone)]
pub struct Event {
    /// The value of the event header, exactly as the docs show it.
    pub name: String,
    /// Other names a delivery of this event carries (the spelling of
    /// another payload format of the docs), each parsed as this event.
    pub spellings: Vec<String>,
    /// UpperCamelCase variant name in `Event`.
    pub variant: String,
    pub description: String,
    pub availability: Vec<String>,
    /// Path to the action discriminator inside the payload, e.g. `["action"]`
    /// or `["object_attributes", "action"]`; empty when the event has none.
    pub action_path: Vec<String>,
    pub actions: Vec<Action>,
    /// The payload object; the root of this event's types.
    pub payload: ObjectId,
    /// The enum of `actions`, when there are any.
    pub action_enum: Option<EnumId>,
    pub examples: Vec<Example>,
    pub span: Span,
}

/// One documented action of an event.
#[derive(Debug, Clone)]
pub struct Action {
    pub name: String,
    pub description: String,
    /// Top-level keys every example of this action has beyond the event's own
    /// required keys.
    pub required: Vec<String>,
    /// Top-level keys the docs give this action beyond the event's own
    /// required keys, in payload order: `required`, and the keys whose
    /// descriptions tie them to this action ("if the action was `edited`").
    pub fields: Vec<String>,
}

/// A documented example payload.
#[derive(Debug, Clone)]
pub struct Example {
    pub action: Option<String>,
    /// Where it came from, for messages and test names.
    pub source: String,
    /// The payload exactly as written in the docs.
    pub raw: String,
    pub value: serde_json::Value,
}

/// Shapes of an event payload, JSON-wise.
#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    String {
        format: Option<String>,
    },
    Integer,
    Number,
    Boolean,
    /// A point in time: ISO 8601 text, and also Unix seconds where the
    /// examples show a number (`seconds`). Vendors send one key both ways.
    Timestamp {
        seconds: bool,
        /// Every text form seen is RFC 3339 (JSON Schema's `date-time`);
        /// some vendors leave out the offset or write a space for the `T`.
        rfc3339: bool,
    },
    /// A string limited to documented values (open in Rust, closed in schemas).
    Enum(EnumId),
    Array(Box<Type>),
    Object(ObjectId),
    /// Several JSON types where the docs and examples disagree, looser than
    /// each; `Any` when nothing is known.
    Union(Vec<Type>),
    Any,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjectId(pub usize);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EnumId(pub usize);

/// The single owner of the provider's type names.
#[derive(Debug, Clone, Default)]
pub struct TypeSpace {
    pub objects: Vec<Object>,
    pub enums: Vec<Enum>,
}

impl TypeSpace {
    pub fn object(&self, id: ObjectId) -> &Object {
        &self.objects[id.0]
    }
    pub fn enumeration(&self, id: EnumId) -> &Enum {
        &self.enums[id.0]
    }
}

/// An object shape. Objects are open: fields not listed are allowed and kept.
#[derive(Debug, Clone)]
pub struct Object {
    /// The `$defs` key, snake_case, unique in the provider.
    pub def_name: String,
    /// UpperCamelCase Rust type name, unique in the provider.
    pub rust_name: String,
    pub description: String,
    pub fields: Vec<Field>,
    /// Whether this is an event payload root (not shared in `$defs`).
    pub is_root: bool,
}

/// A field of an object. `required` and `nullable` are the one decision
/// both back-ends print: the schema's `required` list and `null` type, and
/// in Rust a plain `T` when required and not nullable, else `Option<T>`.
#[derive(Debug, Clone)]
pub struct Field {
    /// The JSON key.
    pub name: String,
    /// snake_case Rust field name, unique in its object.
    pub rust_name: String,
    pub ty: Type,
    pub nullable: bool,
    pub required: bool,
    pub description: String,
    /// Where the docs describe it, when they do.
    pub documented: bool,
}

impl Field {
    /// Whether every payload carries it, never `null`: a plain `T` in Rust.
    pub fn is_plain(&self) -> bool {
        self.required && !self.nullable
    }
}

/// A string enum; `values` are wire strings, `variants` their Rust names.
#[derive(Debug, Clone)]
pub struct Enum {
    pub rust_name: String,
    pub values: Vec<String>,
    pub variants: Vec<String>,
}

/// A stable, sorted multimap used where iteration order must be deterministic.
pub type SortedMap<K, V> = BTreeMap<K, V>;
