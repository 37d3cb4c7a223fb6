//! `components/schemas`: the event schemas the JSON Schema back-end
//! prints, each root and each shared `$defs` entry once, with `$ref`s from
//! `#/$defs/x` to `#/components/schemas/x`.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::ir::Provider;
use crate::names::Namer;
use crate::schema;

/// Keywords of an event schema file that belong to the file, not to the
/// payload's schema: the dialect (the document's `jsonSchemaDialect`
/// says it), the generated-file marker, and the `$defs`, which become
/// components of their own.
const FILE_KEYWORDS: &[&str] = &["$schema", "$comment", "$defs"];

const DEFS: &str = "#/$defs/";
const COMPONENTS: &str = "#/components/schemas/";

pub(super) struct Components {
    pub schemas: Map<String, Value>,
    /// `$defs` key (an object's `def_name`) to component name.
    names: BTreeMap<String, String>,
}

impl Components {
    pub fn new(p: &Provider) -> Self {
        let mut roots: Vec<(String, Value)> = Vec::new();
        let mut defs: BTreeMap<String, Value> = BTreeMap::new();
        for e in &p.events {
            let Value::Object(mut file) = schema::event_schema(p, e) else {
                unreachable!("an event schema is an object");
            };
            if let Some(Value::Object(d)) = file.remove("$defs") {
                // A `def_name` is one object of the provider, so every
                // file's copy of it is the same text.
                defs.extend(d);
            }
            file.retain(|k, _| !FILE_KEYWORDS.contains(&k.as_str()));
            roots.push((
                p.types.object(e.payload).def_name.clone(),
                Value::Object(file),
            ));
        }
        // Component names allow `[A-Za-z0-9._-]` only; a `def_name` made
        // from an event name may hold other characters, and two names may
        // meet once those are replaced. Shared types claim first, in
        // `$defs` order, then the roots in event order, so what clashes is
        // the root, named in each event's `$ref` anyway.
        let mut namer = Namer::new();
        let mut names = BTreeMap::new();
        for key in defs.keys() {
            names.insert(key.clone(), namer.claim(&component_name(key)));
        }
        for (key, _) in &roots {
            names.insert(key.clone(), namer.claim(&component_name(key)));
        }
        let mut schemas = Map::new();
        for (key, mut value) in roots.into_iter().chain(defs) {
            rewrite_refs(&mut value, &names);
            schemas.insert(names[&key].clone(), value);
        }
        Components { schemas, names }
    }

    /// The `$ref` of the component of `def_name`.
    pub fn reference(&self, def_name: &str) -> String {
        format!("{COMPONENTS}{}", self.names[def_name])
    }
}

/// A component name for a `$defs` key: every character outside
/// `[A-Za-z0-9._-]` becomes `_`.
pub fn component_name(def_name: &str) -> String {
    let s = sanitize(def_name);
    if s.is_empty() {
        "_".to_string()
    } else {
        s
    }
}

pub(super) fn sanitize(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Points every `#/$defs/x` reference at `x`'s component.
fn rewrite_refs(v: &mut Value, names: &BTreeMap<String, String>) {
    match v {
        Value::Object(m) => {
            for (k, child) in m.iter_mut() {
                match child {
                    Value::String(r) if k == "$ref" => {
                        if let Some(name) = r.strip_prefix(DEFS).and_then(|d| names.get(d)) {
                            *r = format!("{COMPONENTS}{name}");
                        }
                    }
                    _ => rewrite_refs(child, names),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| rewrite_refs(i, names)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Span;
    use crate::ir::{Event, Field, Object, ObjectId, Type, TypeSpace};
    use serde_json::json;

    fn object(def_name: &str, fields: Vec<Field>, is_root: bool) -> Object {
        Object {
            def_name: def_name.to_string(),
            rust_name: String::new(),
            description: String::new(),
            fields,
            is_root,
        }
    }

    fn field(name: &str, ty: Type) -> Field {
        Field {
            name: name.to_string(),
            rust_name: name.to_string(),
            ty,
            nullable: false,
            required: true,
            description: String::new(),
            documented: true,
        }
    }

    fn event(name: &str, payload: usize) -> Event {
        Event {
            name: name.to_string(),
            variant: String::new(),
            description: String::new(),
            availability: vec![],
            action_path: vec![],
            actions: vec![],
            payload: ObjectId(payload),
            action_enum: None,
            examples: vec![],
            spellings: vec![],
            span: Span::default(),
        }
    }

    /// Two roots whose `$defs` keys meet once made component names, and a
    /// shared type already holding that name: the shared type keeps it, the
    /// roots are numbered in event order, and every `$ref` follows.
    #[test]
    fn clashing_names_are_resolved_in_a_fixed_order() {
        let shared = Type::Object(ObjectId(2));
        let p = Provider {
            name: "acme".into(),
            module: "acme".into(),
            event_header: None,
            name_in_body: vec![],
            headers: vec![],
            signatures: vec![],
            batch: None,
            events: vec![event("push hook", 0), event("push/hook", 1)],
            types: TypeSpace {
                objects: vec![
                    object("push hook_event", vec![field("by", shared.clone())], true),
                    object("push/hook_event", vec![field("by", shared)], true),
                    object("push_hook_event", vec![field("id", Type::Integer)], false),
                ],
                enums: vec![],
            },
        };
        let c = Components::new(&p);
        let keys: Vec<&String> = c.schemas.keys().collect();
        assert_eq!(
            keys,
            ["push_hook_event2", "push_hook_event3", "push_hook_event"]
        );
        assert_eq!(
            c.reference("push hook_event"),
            "#/components/schemas/push_hook_event2"
        );
        assert_eq!(
            c.reference("push/hook_event"),
            "#/components/schemas/push_hook_event3"
        );
        assert_eq!(
            c.schemas["push_hook_event3"]["properties"]["by"]["$ref"],
            "#/components/schemas/push_hook_event"
        );
        assert_eq!(c.schemas["push_hook_event"]["required"], json!(["id"]));
        assert!(c.schemas["push_hook_event2"].get("$schema").is_none());
    }

    #[test]
    fn refs_move_to_components_and_names_stay_in_the_allowed_set() {
        let names: BTreeMap<String, String> =
            [("user", "user"), ("Push Hook_event", "Push_Hook_event")]
                .into_iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect();
        let mut v = json!({
            "properties": {
                "sender": { "$ref": "#/$defs/user" },
                "list": { "items": { "anyOf": [{ "$ref": "#/$defs/Push Hook_event" }, { "type": "null" }] } },
                "$ref": { "type": "string" }
            }
        });
        rewrite_refs(&mut v, &names);
        assert_eq!(
            v["properties"]["sender"]["$ref"],
            "#/components/schemas/user"
        );
        assert_eq!(
            v["properties"]["list"]["items"]["anyOf"][0]["$ref"],
            "#/components/schemas/Push_Hook_event"
        );
        // A property named `$ref` is a property, not a reference.
        assert_eq!(v["properties"]["$ref"], json!({ "type": "string" }));
        assert_eq!(component_name("Push Hook_event"), "Push_Hook_event");
        assert_eq!(component_name("a.b-c_d"), "a.b-c_d");
        assert_eq!(component_name(""), "_");
    }
}
