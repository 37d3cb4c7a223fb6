//! Walks one event's old and new schema side by side and classifies each
//! difference by what it does to a consumer of the payload.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde_json::Value;

use super::shape::{covers, flatten, flatten_root, fmt_types, Shape, ANY};
use super::{Change, Verdict};

/// Keywords that only inform readers; changing them cannot break a consumer.
const DOC_KEYS: [&str; 7] = [
    "title",
    "description",
    "examples",
    "example",
    "$comment",
    "deprecated",
    "default",
];

/// Validation keywords the shape does not model; compared verbatim on the
/// node that carries them.
const CONSTRAINT_KEYS: [&str; 15] = [
    "format",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
    "uniqueItems",
    "additionalProperties",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Members {
    Plain,
    /// The root when the event has actions: `.action`'s enum values are
    /// reported as actions added/removed, not as enum changes.
    RootWithActions,
    /// A `oneOf` variant: its `action` const only names the variant.
    Variant,
}

pub(crate) fn diff_event(event: &str, old: &Value, new: &Value) -> Vec<Change> {
    let mut walker = Walker {
        event,
        old_root: old,
        new_root: new,
        action: None,
        seen: HashSet::new(),
        changes: Vec::new(),
    };
    walker.root();
    walker.changes
}

struct Walker<'a> {
    event: &'a str,
    old_root: &'a Value,
    new_root: &'a Value,
    action: Option<&'a str>,
    /// (old content, new content) pairs already compared. A def reached from
    /// many paths, or recursively, is compared once, under the first path of
    /// the sorted walk; since both documents are finite trees this bounds the
    /// walk and makes it terminate on recursive `$ref`s.
    seen: HashSet<(usize, usize)>,
    changes: Vec<Change>,
}

impl<'a> Walker<'a> {
    fn push(&mut self, verdict: Verdict, path: &str, message: impl Into<String>) {
        self.changes.push(Change {
            verdict,
            event: self.event.to_string(),
            action: self.action.map(str::to_string),
            path: path.to_string(),
            message: message.into(),
        });
    }

    fn root(&mut self) {
        let (old, new) = (self.old_root, self.new_root);
        let (so, sn) = (flatten_root(old), flatten_root(new));
        let (ao, an) = (actions(old, &so), actions(new, &sn));
        let members = if ao.is_empty() && an.is_empty() {
            Members::Plain
        } else {
            Members::RootWithActions
        };
        self.compare(".", (old, &so), (new, &sn), false, members);
        self.actions(&ao, &an);
    }

    fn actions(
        &mut self,
        old: &BTreeMap<&'a str, Option<&'a Value>>,
        new: &BTreeMap<&'a str, Option<&'a Value>>,
    ) {
        let names: BTreeSet<&'a str> = old.keys().chain(new.keys()).copied().collect();
        for name in names {
            self.action = Some(name);
            match (old.get(name), new.get(name)) {
                (Some(_), None) => self.push(Verdict::Breaking, ".action", "action removed"),
                (None, Some(_)) => self.push(Verdict::Additive, ".action", "action added"),
                (Some(o), Some(n)) => {
                    let (o, n) = (o.unwrap_or(&ANY), n.unwrap_or(&ANY));
                    self.docs(".", o, n);
                    let so = flatten(self.old_root, o);
                    let sn = flatten(self.new_root, n);
                    self.members(".", &so, &sn, Members::Variant);
                }
                (None, None) => {}
            }
        }
        self.action = None;
    }

    fn node(&mut self, path: &str, old: &'a Value, new: &'a Value, skip_enum: bool) {
        let so = flatten(self.old_root, old);
        let sn = flatten(self.new_root, new);
        self.compare(path, (old, &so), (new, &sn), skip_enum, Members::Plain);
    }

    fn compare(
        &mut self,
        path: &str,
        (old, so): (&'a Value, &Shape<'a>),
        (new, sn): (&'a Value, &Shape<'a>),
        skip_enum: bool,
        members: Members,
    ) {
        // Docs and nullability belong to the site (`anyOf: [$ref, null]`
        // differs per use), so they are checked before deduplication.
        self.docs(path, old, new);
        self.nullability(path, so, sn);
        let key = (addr(so.content), addr(sn.content));
        if !self.seen.insert(key) {
            return;
        }
        if !std::ptr::eq(so.content, old) && !std::ptr::eq(sn.content, new) {
            self.docs(path, so.content, sn.content);
        }
        self.types(path, so, sn);
        if !skip_enum {
            self.enums(path, so, sn);
        }
        self.constraints(path, so.content, sn.content);
        // After a type change the old fields mean nothing on the new side;
        // the type change alone is the useful report.
        if so.may_be("object") && sn.may_be("object") {
            self.members(path, so, sn, members);
        }
        if so.may_be("array") && sn.may_be("array") && (so.items.is_some() || sn.items.is_some()) {
            let (oi, ni) = (so.items.unwrap_or(&ANY), sn.items.unwrap_or(&ANY));
            self.node(&items_path(path), oi, ni, false);
        }
    }

    fn members(&mut self, path: &str, so: &Shape<'a>, sn: &Shape<'a>, mode: Members) {
        let names: BTreeSet<&'a str> = so
            .props
            .keys()
            .chain(sn.props.keys())
            .chain(&so.required)
            .chain(&sn.required)
            .copied()
            .collect();
        for name in names {
            if mode == Members::Variant && name == "action" {
                continue;
            }
            let child = child_path(path, name);
            let (was_req, is_req) = (so.required.contains(name), sn.required.contains(name));
            match (so.props.get(name), sn.props.get(name)) {
                (Some(o), None) => {
                    let what = flatten(self.old_root, o).describe();
                    let msg = format!("removed (was {what}, {})", req_word(was_req));
                    self.push(Verdict::Breaking, &child, msg);
                }
                (None, Some(n)) => {
                    let what = flatten(self.new_root, n).describe();
                    // A new required field narrows what the schema accepts,
                    // just like an existing field becoming required.
                    let verdict = if is_req {
                        Verdict::Breaking
                    } else {
                        Verdict::Additive
                    };
                    let msg = format!("added ({}, {what})", req_word(is_req));
                    self.push(verdict, &child, msg);
                }
                (o, n) => {
                    match (was_req, is_req) {
                        (false, true) => self.push(Verdict::Breaking, &child, "became required"),
                        (true, false) => self.push(Verdict::Additive, &child, "no longer required"),
                        _ => {}
                    }
                    if let (Some(o), Some(n)) = (o, n) {
                        let skip_enum = mode == Members::RootWithActions && name == "action";
                        self.node(&child, o, n, skip_enum);
                    }
                }
            }
        }
    }

    fn docs(&mut self, path: &str, old: &Value, new: &Value) {
        for key in DOC_KEYS {
            match (old.get(key), new.get(key)) {
                (None, Some(_)) => self.push(Verdict::DocsOnly, path, format!("{key} added")),
                (Some(_), None) => self.push(Verdict::DocsOnly, path, format!("{key} removed")),
                (Some(a), Some(b)) if a != b => {
                    self.push(Verdict::DocsOnly, path, format!("{key} changed"));
                }
                _ => {}
            }
        }
    }

    fn nullability(&mut self, path: &str, so: &Shape, sn: &Shape) {
        // Going to or from "any" is a type change, reported by `types`.
        if so.types.is_none() || sn.types.is_none() {
            return;
        }
        match (so.nullable(), sn.nullable()) {
            (true, false) => self.push(Verdict::Breaking, path, "no longer nullable"),
            (false, true) => self.push(Verdict::Additive, path, "became nullable"),
            _ => {}
        }
    }

    fn types(&mut self, path: &str, so: &Shape, sn: &Shape) {
        let (old, new) = (so.base_types(), sn.base_types());
        let (narrowed, widened) = match (&old, &new) {
            (None, None) => (false, false),
            (None, Some(_)) => (true, false),
            (Some(_), None) => (false, true),
            (Some(o), Some(n)) => (
                o.iter().any(|t| !covers(n, t)),
                n.iter().any(|t| !covers(o, t)),
            ),
        };
        let what = format!("{} -> {}", fmt_types(old.as_ref()), fmt_types(new.as_ref()));
        match (narrowed, widened) {
            (true, true) => self.push(Verdict::Breaking, path, format!("type changed ({what})")),
            (true, false) => self.push(Verdict::Breaking, path, format!("type narrowed ({what})")),
            (false, true) => self.push(Verdict::Additive, path, format!("type widened ({what})")),
            (false, false) => {}
        }
    }

    fn enums(&mut self, path: &str, so: &Shape, sn: &Shape) {
        match (&so.enum_vals, &sn.enum_vals) {
            (Some(old), Some(new)) => {
                for v in old.iter().filter(|v| !new.contains(v)) {
                    self.push(Verdict::Breaking, path, format!("enum value {v} removed"));
                }
                for v in new.iter().filter(|v| !old.contains(v)) {
                    self.push(Verdict::Additive, path, format!("enum value {v} added"));
                }
            }
            (Some(_), None) => self.push(Verdict::Additive, path, "enum constraint removed"),
            (None, Some(_)) => self.push(Verdict::Breaking, path, "enum constraint added"),
            (None, None) => {}
        }
    }

    fn constraints(&mut self, path: &str, old: &Value, new: &Value) {
        for key in CONSTRAINT_KEYS {
            match (old.get(key), new.get(key)) {
                (None, Some(v)) => {
                    let msg = format!("{key} constraint added ({})", short(v));
                    self.push(Verdict::Breaking, path, msg);
                }
                (Some(_), None) => {
                    self.push(Verdict::Additive, path, format!("{key} constraint removed"));
                }
                (Some(a), Some(b)) if a != b => {
                    let msg = format!("{key} changed ({} -> {})", short(a), short(b));
                    self.push(bound_verdict(key, a, b), path, msg);
                }
                _ => {}
            }
        }
    }
}

/// Actions of an event, each with its `oneOf` variant when it has one. Both
/// the `action` enum and the variants' consts count, so a schema listing
/// actions only one way is still understood.
fn actions<'a>(root: &'a Value, shape: &Shape<'a>) -> BTreeMap<&'a str, Option<&'a Value>> {
    let mut out = BTreeMap::new();
    if let Some(action) = shape.props.get("action") {
        for name in enum_strings(&flatten(root, action)) {
            out.entry(name).or_insert(None);
        }
    }
    for variant in root
        .get("oneOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(action) = flatten(root, variant).props.get("action") {
            for name in enum_strings(&flatten(root, action)) {
                out.insert(name, Some(variant));
            }
        }
    }
    out
}

fn enum_strings<'a>(shape: &Shape<'a>) -> Vec<&'a str> {
    shape
        .enum_vals
        .iter()
        .flatten()
        .filter_map(|v| v.as_str())
        .collect()
}

/// Raising a lower bound or lowering an upper bound rejects values that used
/// to pass; the opposite only accepts more. Anything else is assumed to break.
fn bound_verdict(key: &str, old: &Value, new: &Value) -> Verdict {
    let (Some(a), Some(b)) = (old.as_f64(), new.as_f64()) else {
        return Verdict::Breaking;
    };
    let tighter = if key.starts_with("min") || key.starts_with("exclusiveMin") {
        b > a
    } else if key.starts_with("max") || key.starts_with("exclusiveMax") {
        b < a
    } else {
        true
    };
    if tighter {
        Verdict::Breaking
    } else {
        Verdict::Additive
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.len() <= 40 {
        s
    } else {
        "...".to_string()
    }
}

fn req_word(required: bool) -> &'static str {
    if required {
        "required"
    } else {
        "optional"
    }
}

fn addr(v: &Value) -> usize {
    std::ptr::from_ref(v) as usize
}

/// jq-style paths: `.issue.title`, `.labels[]`, `."odd key"`.
fn child_path(parent: &str, name: &str) -> String {
    let plain = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let segment = if plain {
        name.to_string()
    } else {
        serde_json::to_string(name).unwrap_or_else(|_| name.to_string())
    };
    if parent == "." {
        format!(".{segment}")
    } else {
        format!("{parent}.{segment}")
    }
}

fn items_path(parent: &str) -> String {
    if parent == "." {
        ".[]".to_string()
    } else {
        format!("{parent}[]")
    }
}
