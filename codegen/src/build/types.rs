//! From merged [`Node`]s to IR types: the one place that decides what type
//! a field has, which objects are shared, and what every type is called.

use std::collections::{BTreeMap, BTreeSet};

use super::defs::{Defs, Parent};
use super::doc_type::{self, DocType};
use super::presence;
use super::shape::{Kind, Node};
use crate::diag::Diagnostics;
use crate::ir::{Enum, EnumId, Field, Object, ObjectId, Type, TypeSpace};
use crate::names::{self, Namer};

pub fn node_doc_type(node: &Node) -> DocType {
    node.doc_ty
        .as_ref()
        .map(|(t, _)| doc_type::parse(t))
        .unwrap_or_default()
}

/// Builds the provider's type space: event roots first (so they get the
/// plain names), then shared objects in order of first appearance.
pub struct SpaceBuilder<'a> {
    pub space: TypeSpace,
    type_names: Namer,
    def_names: Namer,
    /// Object ids of [`Defs::order`]; `None` for an object no docs or
    /// example show a key of. It is left open (`Value`), which types nothing
    /// less and accepts what a vendor later sends there (a string, an array).
    def_ids: Vec<Option<ObjectId>>,
    diags: &'a mut Diagnostics,
    /// Unknown type words already reported, so each is reported once.
    reported: BTreeSet<String>,
    /// Keys the provider's examples show as `null` somewhere.
    null_keys: BTreeSet<String>,
}

/// Which fields of an object are required.
pub enum Required<'a> {
    /// An event root: these keys (decided with the docs' tables, see `build`).
    Keys(&'a [String]),
    /// A shared object: those every instance has, see [`presence`].
    FromEvidence,
}

impl<'a> SpaceBuilder<'a> {
    pub fn new(diags: &'a mut Diagnostics, null_keys: BTreeSet<String>) -> Self {
        let mut type_names = Namer::new();
        // Names the Rust back-end defines itself in every provider module.
        type_names.reserve(&[
            "Event",
            "EventName",
            "ParseError",
            "Timestamp",
            "Example",
            "Value",
            "Map",
            "Option",
            "String",
            "Vec",
            "Box",
            "Result",
            "Default",
        ]);
        SpaceBuilder {
            space: TypeSpace::default(),
            type_names,
            def_names: Namer::new(),
            def_ids: Vec::new(),
            diags,
            reported: BTreeSet::new(),
            null_keys,
        }
    }

    /// Reserves an object for an event root; fields are filled by `fill`.
    pub fn reserve_root(&mut self, event_variant: &str, event_name: &str) -> ObjectId {
        let rust_name = self.type_names.claim(&format!("{event_variant}Event"));
        let def_name = self.def_names.claim(&format!("{event_name}_event"));
        self.push_object(def_name, rust_name, true)
    }

    /// Names the shared objects. The type most widely used under a key
    /// takes the key's name (`Installation`); another type under the same
    /// key is named for where it first appears (`InstallationInstallation`,
    /// `LabelChanges`). `variants` names the event roots.
    pub fn reserve_defs(&mut self, defs: &Defs, variants: &[String]) {
        let mut primary: BTreeMap<&str, usize> = BTreeMap::new();
        let empty = |i: usize| defs.order[i].node.children.is_empty();
        for (i, d) in defs.order.iter().enumerate() {
            if empty(i) {
                continue;
            }
            let best = primary.entry(&d.name).or_insert(i);
            if d.weight > defs.order[*best].weight {
                *best = i;
            }
        }
        // Primary names are claimed first, so they are never the ones
        // suffixed; the others follow in order, so a parent (which comes
        // first) is named before its children.
        let mut rust_names: Vec<Option<String>> = vec![None; defs.order.len()];
        for (name, &i) in &primary {
            rust_names[i] = Some(self.type_names.claim(&names::upper_camel(name)));
        }
        for i in 0..defs.order.len() {
            if rust_names[i].is_some() || empty(i) {
                continue;
            }
            let d = &defs.order[i];
            let parent = match d.first_parent {
                Parent::Root(e) => variants.get(e).cloned().unwrap_or_default(),
                Parent::Def(p) => rust_names
                    .get(p)
                    .cloned()
                    .flatten()
                    .unwrap_or_else(|| names::upper_camel(&defs.order[p].name)),
            };
            let wanted = format!("{parent}{}", names::upper_camel(&d.name));
            rust_names[i] = Some(self.type_names.claim(&wanted));
        }
        for rust_name in rust_names {
            let id = rust_name.map(|rust_name| {
                let def_name = self.def_names.claim(&names::snake(&rust_name));
                self.push_object(def_name, rust_name, false)
            });
            self.def_ids.push(id);
        }
    }

    fn push_object(&mut self, def_name: String, rust_name: String, is_root: bool) -> ObjectId {
        self.space.objects.push(Object {
            def_name,
            rust_name,
            description: String::new(),
            fields: Vec::new(),
            is_root,
        });
        ObjectId(self.space.objects.len() - 1)
    }

    pub fn fill_defs(&mut self, defs: &Defs) {
        for (i, def) in defs.order.iter().enumerate() {
            let Some(id) = self.def_ids[i] else {
                continue;
            };
            let prefix = self.space.objects[id.0].rust_name.clone();
            self.fill(
                defs,
                Parent::Def(i),
                id,
                &def.node,
                Required::FromEvidence,
                &prefix,
            );
        }
    }

    /// Sets the fields of object `id`, at `at`, from `node`'s children;
    /// enums of its fields are named `{prefix}{Field}`.
    pub fn fill(
        &mut self,
        defs: &Defs,
        at: Parent,
        id: ObjectId,
        node: &Node,
        required: Required<'_>,
        prefix: &str,
    ) {
        let owner = prefix.to_string();
        let map_like = presence::map_like(node);
        let independent = match required {
            Required::FromEvidence => node.instances.independent(),
            Required::Keys(_) => 0,
        };
        let mut field_names = Namer::new();
        let mut fields = Vec::new();
        for (key, child) in &node.children {
            let here = Here {
                defs,
                at,
                slot: key.clone(),
            };
            let (ty, mut nullable) = self.field_type(&here, &owner, key, child);
            let required = match required {
                Required::Keys(keys) => keys.contains(key),
                Required::FromEvidence => {
                    !map_like
                        && !presence::conditional(&child.description)
                        && !child.doc_optional
                        && presence::always_present(
                            node,
                            independent,
                            child,
                            presence::min_instances(child),
                        )
                }
            };
            // An object the docs never describe, not shown in every
            // instance: vendors send `null` for a related object that is
            // not there as often as they leave the key out.
            if !required && presence::undescribed_object(child) {
                nullable = true;
            }
            fields.push(Field {
                name: key.clone(),
                rust_name: field_names.claim(&names::snake(key)),
                ty,
                nullable,
                required,
                description: child.description.clone(),
                documented: child.documented,
            });
        }
        let obj = &mut self.space.objects[id.0];
        obj.fields = fields;
        if obj.description.is_empty() {
            obj.description = node.description.clone();
        }
    }

    fn field_type(&mut self, here: &Here<'_>, owner: &str, key: &str, node: &Node) -> (Type, bool) {
        let doc = node_doc_type(node);
        self.report_unknown_words(node, &doc);
        let ty = self.value_type(here, owner, key, node, &doc);
        let nullable = presence::nullable(key, node, doc.nullable, &self.null_keys);
        (ty, nullable)
    }

    fn report_unknown_words(&mut self, node: &Node, doc: &DocType) {
        if let (Some((cell, span)), false) = (&node.doc_ty, doc.unknown.is_empty()) {
            if doc.kinds.is_empty() && self.reported.insert(cell.clone()) {
                self.diags.warning(
                    span.clone(),
                    format!("unknown type `{cell}`; taken from the examples, or left open"),
                );
            }
        }
    }

    fn value_type(
        &mut self,
        here: &Here<'_>,
        owner: &str,
        key: &str,
        node: &Node,
        doc: &DocType,
    ) -> Type {
        let seen: BTreeSet<Kind> = node
            .kinds
            .iter()
            .copied()
            .filter(|k| *k != Kind::Null)
            .collect();
        let mut kinds = doc.kinds.clone();
        if !doc.kinds.is_empty() && !seen.is_empty() && !covers(&doc.kinds, &seen) {
            if let Some((cell, span)) = &node.doc_ty {
                let shown: Vec<&str> = seen.iter().map(|k| k.name()).collect();
                self.diags.warning(
                    span.clone(),
                    format!("`{key}` is documented as `{cell}` but examples show {}; using the looser type", shown.join(" and ")),
                );
            }
        }
        kinds.extend(seen.iter().copied());
        if kinds.is_empty() && !node.children.is_empty() {
            kinds.insert(Kind::Object);
        }
        if kinds.is_empty() && node.items.is_some() {
            kinds.insert(Kind::Array);
        }
        if let Some(t) = timestamp(key, node, doc, &kinds) {
            return t;
        }
        // An integer where a number is allowed is still a number.
        if kinds.contains(&Kind::Number) {
            kinds.remove(&Kind::Integer);
        }
        let mut types: Vec<Type> = kinds
            .iter()
            .map(|k| self.kind_type(here, *k, owner, key, node, doc))
            .collect();
        match types.len() {
            0 => Type::Any,
            1 => types.pop().expect("one"),
            _ => Type::Union(types),
        }
    }

    fn kind_type(
        &mut self,
        here: &Here<'_>,
        kind: Kind,
        owner: &str,
        key: &str,
        node: &Node,
        doc: &DocType,
    ) -> Type {
        match kind {
            Kind::Null => Type::Any,
            Kind::Boolean => Type::Boolean,
            Kind::Integer => Type::Integer,
            Kind::Number => Type::Number,
            Kind::String if !node.doc_values.is_empty() => {
                Type::Enum(self.enumeration(owner, key, node))
            }
            Kind::String => Type::String {
                format: doc.format.map(str::to_string),
            },
            Kind::Object => here
                .defs
                .at(here.at, &here.slot)
                .and_then(|i| self.def_ids[i])
                .map_or(Type::Any, Type::Object),
            Kind::Array => {
                let item_name = names::singular(key);
                let here = &Here {
                    slot: format!("{}[]", here.slot),
                    ..*here
                };
                match &node.items {
                    Some(items) => {
                        let mut item_doc = node_doc_type(items);
                        if item_doc.kinds.is_empty() {
                            item_doc.kinds = doc.items.clone();
                        }
                        Type::Array(Box::new(
                            self.value_type(here, owner, &item_name, items, &item_doc),
                        ))
                    }
                    None if doc.items.len() == 1 => {
                        let empty = Node::default();
                        let item_doc = DocType {
                            kinds: doc.items.clone(),
                            ..Default::default()
                        };
                        Type::Array(Box::new(
                            self.value_type(here, owner, &item_name, &empty, &item_doc),
                        ))
                    }
                    None => Type::Array(Box::new(Type::Any)),
                }
            }
        }
    }

    /// A string enum for a documented value list; values seen in examples
    /// but missing from the docs are added, and reported.
    fn enumeration(&mut self, owner: &str, key: &str, node: &Node) -> EnumId {
        let mut values = node.doc_values.clone();
        let extra: Vec<&String> = node
            .strings
            .iter()
            .filter(|s| !values.contains(s))
            .collect();
        if !extra.is_empty() {
            if let Some((_, span)) = &node.doc_ty {
                let list: Vec<String> = extra.iter().map(|s| format!("`{s}`")).collect();
                self.diags.note(
                    span.clone(),
                    format!(
                        "examples show {} for `{key}`, not among its documented values; added",
                        list.join(", ")
                    ),
                );
            }
            values.extend(extra.into_iter().cloned());
        }
        self.push_enum(&format!("{owner}{}", names::upper_camel(key)), values)
    }

    pub fn push_enum(&mut self, wanted: &str, values: Vec<String>) -> EnumId {
        let rust_name = self.type_names.claim(wanted);
        let mut variant_names = Namer::new();
        variant_names.reserve(&["Other"]);
        let variants = values
            .iter()
            .map(|v| variant_names.claim(&names::upper_camel(v)))
            .collect();
        self.space.enums.push(Enum {
            rust_name,
            values,
            variants,
        });
        EnumId(self.space.enums.len() - 1)
    }
}

/// Where a value sits, to find the object type of that position.
struct Here<'d> {
    defs: &'d Defs,
    at: Parent,
    slot: String,
}

/// A point in time, when the docs say so (`timestamp`, `date-time`) or
/// every string the examples show there is an ISO 8601 date-time, or a
/// `…_at` key only ever shows integers (Unix seconds). Payloads send one
/// key both ways (`repository.created_at` is seconds in a push and text
/// elsewhere), so the type reads both.
fn timestamp(key: &str, node: &Node, doc: &DocType, kinds: &BTreeSet<Kind>) -> Option<Type> {
    let numeric = |k: &Kind| matches!(k, Kind::Integer | Kind::Number);
    if !node.doc_values.is_empty() || !kinds.iter().all(|k| numeric(k) || *k == Kind::String) {
        return None;
    }
    let documented = doc.format == Some("date-time") || says_time(&node.description);
    let named = names::is_timestamp_key(key);
    let time = if kinds.is_empty() {
        // Only ever `null` in the examples, and not described.
        named && node.kinds.contains(&Kind::Null)
    } else if kinds.contains(&Kind::String) {
        documented || node.time_strings > 0 && node.other_strings == 0
    } else {
        documented || named
    };
    time.then(|| Type::Timestamp {
        seconds: kinds.iter().any(numeric),
        rfc3339: node.loose_time_strings == 0,
    })
}

/// Whether a description calls the value a point in time ("The ISO 8601
/// timestamp of the commit").
fn says_time(description: &str) -> bool {
    let d = description.to_lowercase();
    d.contains("iso 8601")
        || d.contains("iso8601")
        || d.contains("rfc 3339")
        || d.contains("rfc3339")
        || d.split(|c: char| !c.is_alphanumeric())
            .any(|w| w == "timestamp")
}

/// Whether documented kinds admit every kind seen.
fn covers(doc: &BTreeSet<Kind>, seen: &BTreeSet<Kind>) -> bool {
    seen.iter()
        .all(|k| doc.contains(k) || (*k == Kind::Integer && doc.contains(&Kind::Number)))
}
