//! Flattens one schema node into the facts a consumer depends on, so the walk
//! compares a `$ref`, an `allOf` wrapper and a nullable `anyOf` alike instead
//! of reporting spelling changes as type changes.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

/// Stands in for an absent `items` or action variant: absent means "anything".
pub(crate) static ANY: Value = Value::Bool(true);

/// Only `$ref`/`allOf`/`anyOf` chains recurse here (never properties), so a
/// legitimate chain is short; anything deeper is a cycle we failed to see.
const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone)]
pub(crate) struct Shape<'a> {
    /// JSON types a value may have, including `"null"`; `None` means any.
    pub types: Option<BTreeSet<&'a str>>,
    /// Allowed non-null values; null lives in `types`.
    pub enum_vals: Option<Vec<&'a Value>>,
    pub props: BTreeMap<&'a str, &'a Value>,
    pub required: BTreeSet<&'a str>,
    pub items: Option<&'a Value>,
    /// The node whose own keywords say what this is: the `$defs` entry when the
    /// site only points at one, so identical defs reached from many sites can
    /// be compared once.
    pub content: &'a Value,
    pub ref_name: Option<&'a str>,
}

impl<'a> Shape<'a> {
    fn any(node: &'a Value) -> Self {
        Shape {
            types: None,
            enum_vals: None,
            props: BTreeMap::new(),
            required: BTreeSet::new(),
            items: None,
            content: node,
            ref_name: None,
        }
    }

    pub fn nullable(&self) -> bool {
        self.types.as_ref().is_none_or(|t| t.contains("null"))
    }

    pub fn base_types(&self) -> Option<BTreeSet<&'a str>> {
        self.types
            .as_ref()
            .map(|t| t.iter().copied().filter(|t| *t != "null").collect())
    }

    pub fn may_be(&self, ty: &str) -> bool {
        self.types.as_ref().is_none_or(|t| covers(t, ty))
    }

    fn is_null_only(&self) -> bool {
        self.types
            .as_ref()
            .is_some_and(|t| t.len() == 1 && t.contains("null"))
    }

    fn is_unconstrained(&self) -> bool {
        self.types.is_none()
            && self.enum_vals.is_none()
            && self.props.is_empty()
            && self.required.is_empty()
            && self.items.is_none()
    }

    /// Short type label for messages, e.g. `string`, `issue|null`.
    pub fn describe(&self) -> String {
        let base = match self.ref_name {
            Some(name) => name.to_string(),
            None => fmt_types(self.base_types().as_ref()),
        };
        let shows_null =
            self.ref_name.is_some() || self.base_types().is_some_and(|t| !t.is_empty());
        if self.types.is_some() && self.nullable() && shows_null {
            format!("{base}|null")
        } else {
            base
        }
    }
}

/// Whether a value of type `ty` is accepted by `types`; JSON Schema's
/// `number` includes `integer`, which is what makes integer→number a widening.
pub(crate) fn covers(types: &BTreeSet<&str>, ty: &str) -> bool {
    types.contains(ty) || (ty == "integer" && types.contains("number"))
}

pub(crate) fn fmt_types(types: Option<&BTreeSet<&str>>) -> String {
    match types {
        None => "any".to_string(),
        Some(t) if t.is_empty() => "null".to_string(),
        Some(t) => t.iter().copied().collect::<Vec<_>>().join("|"),
    }
}

pub(crate) fn flatten<'a>(root: &'a Value, node: &'a Value) -> Shape<'a> {
    flatten_in(root, node, true, &mut Vec::new())
}

/// The event root's `oneOf` lists per-action variants, not alternatives of
/// the payload's shape, so it must not be merged into the root.
pub(crate) fn flatten_root(root: &Value) -> Shape<'_> {
    flatten_in(root, root, false, &mut Vec::new())
}

fn flatten_in<'a>(
    root: &'a Value,
    node: &'a Value,
    branches: bool,
    stack: &mut Vec<*const Value>,
) -> Shape<'a> {
    let Some(obj) = node.as_object() else {
        return match node {
            Value::Bool(false) => Shape {
                types: Some(BTreeSet::new()),
                ..Shape::any(node)
            },
            _ => Shape::any(node),
        };
    };
    let id: *const Value = node;
    if stack.len() >= MAX_DEPTH || stack.contains(&id) {
        return Shape::any(node);
    }
    stack.push(id);

    let mut parts = Vec::new();
    if let Some(reference) = obj.get("$ref").and_then(Value::as_str) {
        if let Some(target) = resolve(root, reference) {
            let mut shape = flatten_in(root, target, true, stack);
            shape
                .ref_name
                .get_or_insert(reference.rsplit('/').next().unwrap_or(reference));
            parts.push(shape);
        }
    }
    for member in obj
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        parts.push(flatten_in(root, member, true, stack));
    }
    if branches {
        for key in ["anyOf", "oneOf"] {
            if let Some(list) = obj.get(key).and_then(Value::as_array) {
                let shapes = list
                    .iter()
                    .map(|b| flatten_in(root, b, true, stack))
                    .collect();
                parts.push(union(node, shapes));
            }
        }
    }
    stack.pop();

    let own = own_keywords(node);
    let substantive: Vec<&Shape<'_>> = parts.iter().filter(|s| !s.is_unconstrained()).collect();
    let (content, ref_name) = match substantive.as_slice() {
        [only] if own.is_unconstrained() => (only.content, only.ref_name),
        _ => (node, None),
    };
    let mut shape = parts.into_iter().fold(own, intersect);
    shape.content = content;
    shape.ref_name = ref_name;
    shape
}

fn resolve<'a>(root: &'a Value, reference: &str) -> Option<&'a Value> {
    root.pointer(reference.strip_prefix('#')?)
}

fn own_keywords(node: &Value) -> Shape<'_> {
    let mut shape = Shape::any(node);
    let declared: Option<BTreeSet<&str>> = match node.get("type") {
        Some(Value::String(t)) => Some(BTreeSet::from([t.as_str()])),
        Some(Value::Array(ts)) if !ts.is_empty() => {
            Some(ts.iter().filter_map(Value::as_str).collect())
        }
        _ => None,
    };
    let values: Option<Vec<&Value>> = match (node.get("enum"), node.get("const")) {
        (Some(Value::Array(vals)), _) => Some(vals.iter().collect()),
        (_, Some(c)) => Some(vec![c]),
        _ => None,
    };
    let has_null = values.iter().flatten().any(|v| v.is_null());
    shape.types = match (declared, &values) {
        // A `null` in the enum is how some docs spell nullability, even
        // though strict JSON Schema would need the type to allow it too.
        (Some(mut t), _) => {
            if has_null {
                t.insert("null");
            }
            Some(t)
        }
        (None, Some(vals)) => Some(vals.iter().map(|v| json_type(v)).collect()),
        (None, None) => None,
    };
    shape.enum_vals = values.map(|v| v.into_iter().filter(|v| !v.is_null()).collect());
    if let Some(props) = node.get("properties").and_then(Value::as_object) {
        shape.props = props.iter().map(|(k, v)| (k.as_str(), v)).collect();
    }
    if let Some(req) = node.get("required").and_then(Value::as_array) {
        shape.required = req.iter().filter_map(Value::as_str).collect();
    }
    shape.items = match node.get("items") {
        Some(Value::Array(tuple)) => tuple.first(),
        Some(items) => Some(items),
        None => None,
    };
    shape
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// `allOf` and sibling keywords: a value must satisfy both.
fn intersect<'a>(mut a: Shape<'a>, b: Shape<'a>) -> Shape<'a> {
    a.types = match (a.types, b.types) {
        (None, t) | (t, None) => t,
        (Some(x), Some(y)) => Some(
            x.iter()
                .copied()
                .filter(|t| covers(&y, t))
                .chain(y.iter().copied().filter(|t| covers(&x, t)))
                .collect(),
        ),
    };
    a.enum_vals = match (a.enum_vals, b.enum_vals) {
        (None, e) | (e, None) => e,
        (Some(x), Some(y)) => Some(x.into_iter().filter(|v| y.contains(v)).collect()),
    };
    for (k, v) in b.props {
        a.props.entry(k).or_insert(v);
    }
    a.required.extend(b.required);
    a.items = a.items.or(b.items);
    a
}

/// `anyOf`/`oneOf` below the root: a value satisfies one branch. Null
/// branches only contribute nullability, so `anyOf: [$ref, null]` keeps the
/// referenced object's fields and required list.
fn union<'a>(node: &'a Value, branches: Vec<Shape<'a>>) -> Shape<'a> {
    let mut shape = Shape::any(node);
    if branches.iter().all(|b| b.types.is_some()) {
        shape.types = Some(
            branches
                .iter()
                .flat_map(|b| b.types.iter().flatten().copied())
                .collect(),
        );
    }
    let non_null: Vec<&Shape<'_>> = branches.iter().filter(|b| !b.is_null_only()).collect();
    if !non_null.is_empty() && non_null.iter().all(|b| b.enum_vals.is_some()) {
        let mut vals: Vec<&Value> = Vec::new();
        for v in non_null.iter().flat_map(|b| b.enum_vals.iter().flatten()) {
            if !vals.contains(v) {
                vals.push(v);
            }
        }
        shape.enum_vals = Some(vals);
    }
    for b in &non_null {
        for (k, v) in &b.props {
            shape.props.entry(k).or_insert(v);
        }
        shape.items = shape.items.or(b.items);
    }
    // Only what every branch requires is guaranteed to be present.
    let mut required = non_null.iter().map(|b| &b.required);
    if let Some(first) = required.next() {
        shape.required = required.fold(first.clone(), |acc, r| &acc & r);
    }
    if let [only] = non_null.as_slice() {
        shape.content = only.content;
        shape.ref_name = only.ref_name;
    }
    shape
}
