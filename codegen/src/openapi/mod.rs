//! Back-end: an OpenAPI 3.1 document per provider, its events under
//! `webhooks`, for other languages' generators (openapi-typescript,
//! oapi-codegen, openapi-generator) and request validators.
//!
//! The payload schemas are the JSON Schema back-end's own output
//! ([`schema::event_schema`]), moved into `components/schemas` with their
//! `$ref`s pointed there, so required, nullable and enum are the IR's one
//! decision printed a third time, never decided again here. The rest comes
//! from the IR too: delivery headers (`delivery.rs`), signature schemes
//! (`security.rs`), examples and descriptions.

mod components;
mod delivery;
mod security;

use serde_json::{json, Map, Value};

use crate::ir::{Docs, Event, Provider};
use crate::names::Namer;
use crate::schema::{self, PREAMBLE};

pub use components::component_name;

/// The document's file name, in each provider's schemas folder.
pub const FILE_NAME: &str = "openapi.json";
/// The OpenAPI version the documents are written in.
pub const OPENAPI: &str = "3.1.0";
/// `info.version` of docs that state no version: nothing in them to tell
/// one edition from another, and a guess (a date, `1.0.0`) would claim one.
pub const UNVERSIONED: &str = "unversioned";
/// The media type of every request body: the examples are JSON.
pub const MEDIA_TYPE: &str = "application/json";

/// `(path relative to the schemas dir, contents)`: `<provider>/openapi.json`
/// for every provider with events (one without has nothing to describe).
pub fn files(docs: &Docs) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = docs
        .providers
        .iter()
        .filter(|p| !p.events.is_empty())
        .map(|p| {
            let mut text = serde_json::to_string_pretty(&document(docs.version.as_deref(), p))
                .expect("a JSON value always serializes");
            text.push('\n');
            (format!("{}/{FILE_NAME}", p.name), text)
        })
        .collect();
    out.sort();
    out
}

/// The document of one provider, for docs of `version` (see [`Docs::version`]).
pub fn document(version: Option<&str>, p: &Provider) -> Value {
    let components = components::Components::new(p);
    let headers = delivery::Headers::new(p);
    let schemes = security::schemes(p);
    let mut operation_ids = Namer::new();
    let mut webhooks = Map::new();
    for e in &p.events {
        let op = operation(p, e, &components, &headers, &schemes, &mut operation_ids);
        webhooks.insert(e.name.clone(), json!({ "post": op }));
    }

    let mut doc = Map::new();
    doc.insert("openapi".into(), json!(OPENAPI));
    doc.insert("x-comment".into(), json!(PREAMBLE));
    doc.insert("info".into(), info(version, p));
    doc.insert("jsonSchemaDialect".into(), json!(schema::DIALECT));
    if let Some(name) = delivery::event_name(p) {
        doc.insert("x-event-name".into(), name);
    }
    doc.insert("webhooks".into(), Value::Object(webhooks));
    let mut comps = Map::new();
    comps.insert("schemas".into(), Value::Object(components.schemas));
    if !headers.shared.is_empty() {
        comps.insert("parameters".into(), Value::Object(headers.shared.clone()));
    }
    if !schemes.is_empty() {
        let map: Map<String, Value> = schemes
            .iter()
            .map(|s| (s.key.clone(), s.scheme.clone()))
            .collect();
        comps.insert("securitySchemes".into(), Value::Object(map));
    }
    doc.insert("components".into(), Value::Object(comps));
    Value::Object(doc)
}

fn info(version: Option<&str>, p: &Provider) -> Value {
    let told = match version {
        Some(v) => format!("the docs as they read for version `{v}`"),
        None => format!("the docs, which state no version (`{UNVERSIONED}`)"),
    };
    // `webhooks` is the name of a provider the docs do not name.
    let title = if p.name.to_lowercase().contains("webhook") {
        p.name.clone()
    } else {
        format!("{} webhooks", p.name)
    };
    json!({
        "title": title,
        "version": version.unwrap_or(UNVERSIONED),
        "description": format!(
            "The webhooks `{}` delivers, from {told}: one entry under `webhooks` per event, \
             its payload schema under `components/schemas`.",
            p.name
        ),
    })
}

fn operation(
    p: &Provider,
    e: &Event,
    components: &components::Components,
    headers: &delivery::Headers,
    schemes: &[security::Scheme],
    operation_ids: &mut Namer,
) -> Value {
    let mut op = Map::new();
    op.insert(
        "operationId".into(),
        json!(operation_ids.claim(&crate::names::snake(&e.variant))),
    );
    op.insert("summary".into(), json!(e.name));
    let description = description(e);
    if !description.is_empty() {
        op.insert("description".into(), json!(description));
    }
    let params = headers.parameters(p, e);
    if !params.is_empty() {
        op.insert("parameters".into(), Value::Array(params));
    }
    let mut media = Map::new();
    media.insert(
        "schema".into(),
        json!({ "$ref": components.reference(&p.types.object(e.payload).def_name) }),
    );
    let examples = examples(e);
    if !examples.is_empty() {
        media.insert("examples".into(), Value::Object(examples));
    }
    let mut content = Map::new();
    content.insert(MEDIA_TYPE.into(), Value::Object(media));
    op.insert(
        "requestBody".into(),
        json!({ "required": true, "content": content }),
    );
    if !schemes.is_empty() {
        // Alternatives: a delivery verified by any one scheme is authentic.
        let any: Vec<Value> = schemes
            .iter()
            .map(|s| json!({ s.key.clone(): [] }))
            .collect();
        op.insert("security".into(), Value::Array(any));
    }
    Value::Object(op)
}

/// The event's description, then its actions with theirs, and where the
/// docs say it is available.
fn description(e: &Event) -> String {
    let mut out = e.description.clone();
    let mut push = |block: String| {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&block);
    };
    if !e.actions.is_empty() {
        let at = e.action_path.join(".");
        let lines: Vec<String> = e
            .actions
            .iter()
            .map(|a| {
                if a.description.is_empty() {
                    format!("- `{}`", a.name)
                } else {
                    format!("- `{}`: {}", a.name, a.description)
                }
            })
            .collect();
        push(format!("Actions (`{at}`):\n{}", lines.join("\n")));
    }
    if !e.availability.is_empty() {
        let lines: Vec<String> = e.availability.iter().map(|a| format!("- {a}")).collect();
        push(format!("Availability:\n{}", lines.join("\n")));
    }
    out
}

/// The documented examples, keyed by action and number (`opened-1`), or
/// `example-1` for an event without actions, in the docs' order.
fn examples(e: &Event) -> Map<String, Value> {
    let mut keys = Namer::new();
    let mut per_key: std::collections::BTreeMap<String, usize> = Default::default();
    let mut out = Map::new();
    for ex in &e.examples {
        let base = ex
            .action
            .as_deref()
            .map(components::sanitize)
            .filter(|a| !a.is_empty())
            .unwrap_or_else(|| "example".to_string());
        let n = per_key.entry(base.clone()).or_insert(0);
        *n += 1;
        let key = keys.claim(&format!("{base}-{n}"));
        out.insert(key, json!({ "value": ex.value }));
    }
    out
}
