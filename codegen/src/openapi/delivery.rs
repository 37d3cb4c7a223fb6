//! Delivery headers as header parameters, and where the event's name travels.

use serde_json::{json, Map, Value};

use crate::ir::{Event, Header, Provider};
use crate::names::Namer;

use super::components::sanitize;

pub(super) struct Headers {
    /// `components/parameters`: every documented header but the event
    /// header, whose schema differs per event.
    pub shared: Map<String, Value>,
    /// Header name to its `components/parameters` key, in the docs' order.
    keys: Vec<(String, String)>,
}

impl Headers {
    pub fn new(p: &Provider) -> Self {
        let mut namer = Namer::new();
        let mut shared = Map::new();
        let mut keys = Vec::new();
        for h in p.headers.iter().filter(|h| !is_event_header(p, h)) {
            let key = namer.claim(&sanitize(&h.name));
            shared.insert(key.clone(), parameter(h, json!({ "type": "string" })));
            keys.push((h.name.clone(), key));
        }
        Headers { shared, keys }
    }

    /// An event's header parameters: the event header, whose value is the
    /// event's name, then references to the others.
    pub fn parameters(&self, p: &Provider, e: &Event) -> Vec<Value> {
        let mut out = Vec::new();
        if let Some(h) = p.headers.iter().find(|h| is_event_header(p, h)) {
            out.push(parameter(h, json!({ "type": "string", "const": e.name })));
        }
        for (_, key) in &self.keys {
            out.push(json!({ "$ref": format!("#/components/parameters/{key}") }));
        }
        out
    }
}

fn is_event_header(p: &Provider, h: &Header) -> bool {
    p.event_header.as_deref() == Some(h.name.as_str())
}

/// A header parameter; required where every delivery carries it (the IR's
/// [`Header::every_delivery`]).
fn parameter(h: &Header, schema: Value) -> Value {
    let mut m = Map::new();
    m.insert("name".into(), json!(h.name));
    m.insert("in".into(), json!("header"));
    if !h.description.is_empty() {
        m.insert("description".into(), json!(h.description));
    }
    m.insert("required".into(), json!(h.every_delivery));
    m.insert("schema".into(), schema);
    Value::Object(m)
}

/// `x-event-name`: the header that names the event, or the body fields
/// that do, for receivers that dispatch on it. OpenAPI's `webhooks` keys
/// are names only; this says where a delivery carries one.
pub(super) fn event_name(p: &Provider) -> Option<Value> {
    if !p.name_in_body.is_empty() {
        return Some(json!({ "in": "body", "paths": p.name_in_body }));
    }
    p.event_header
        .as_ref()
        .map(|h| json!({ "in": "header", "name": h }))
}
