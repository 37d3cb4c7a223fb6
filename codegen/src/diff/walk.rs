//! Walks one event's old and new schema side by side and gives each
//! difference the validator's verdict and the receiver's: what the field
//! is in the generated crate before and after, and whether the old types
//! still read what the new docs allow.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde_json::Value;

use super::receiver::{self, Model, Owner, Slot};
use super::renames::TypeRenames;
use super::shape::{covers, flatten, flatten_root, fmt_types, Shape, ANY};
use super::{Api, Change, Verdict, Wire, Within};
use crate::names::{snake, upper_camel};

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

/// What the walk of every event shares: the receiver model and the types
/// renamed between the two sides.
pub(crate) struct Context<'r> {
    pub model: Model,
    pub renames: &'r TypeRenames,
}

/// Where a compared node sits.
#[derive(Clone)]
struct Site {
    /// jq-style path from the payload root.
    path: String,
    /// The field the node is the value of (or the items of); `None` at the
    /// payload root.
    field: Option<FieldSite>,
    /// Under an object whose Rust type changed as a whole.
    validator_only: bool,
}

#[derive(Clone)]
struct FieldSite {
    /// Old and new owner of the field.
    owner: [Owner; 2],
    key: String,
    /// How many `[]` down from the field the node is.
    items: usize,
    /// Whether the owner requires the field, old and new (items: always).
    required: [bool; 2],
    /// The shared type holding the field and the path from it; `None` when
    /// the payload struct holds it.
    within: Option<(String, String)>,
}

impl FieldSite {
    fn enum_name(&self, side: usize) -> String {
        format!("{}{}", self.owner[side].enum_prefix, upper_camel(&self.key))
    }

    fn rust_item(&self) -> String {
        self.owner[1].item(&self.key, self.items)
    }
}

/// The receiver's verdicts of one line.
#[derive(Clone)]
struct Effect {
    api: Api,
    wire: Wire,
    rust: Option<String>,
}

impl Effect {
    const NONE: Effect = Effect {
        api: Api::Unchanged,
        wire: Wire::Safe,
        rust: None,
    };

    fn new(api: Api, wire: bool, rust: Option<String>) -> Self {
        let wire = if wire { Wire::Breaking } else { Wire::Safe };
        Effect { api, wire, rust }
    }
}

/// `renamed`: the two schemas are of one event under two names, which is
/// reported on its own.
pub(crate) fn diff_event(
    event: &str,
    old: &Value,
    new: &Value,
    ctx: &Context<'_>,
    renamed: bool,
) -> Vec<Change> {
    let provider = event.rsplit_once('/').map_or("", |(p, _)| p);
    let mut walker = Walker {
        event,
        old_root: old,
        new_root: new,
        action: None,
        seen: HashSet::new(),
        changes: Vec::new(),
        model: ctx.model,
        renames: ctx.renames.provider(provider),
        renamed,
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
    model: Model,
    /// Old `$defs` key → new one, for the types renamed in this provider.
    renames: Option<&'a BTreeMap<String, String>>,
    /// The event was renamed; its new names are reported once, elsewhere.
    renamed: bool,
}

impl<'a> Walker<'a> {
    fn push(
        &mut self,
        verdict: Option<Verdict>,
        site: &Site,
        message: impl Into<String>,
        e: Effect,
    ) {
        let within = site.field.as_ref().and_then(|f| f.within.clone());
        self.push_within(verdict, site, within, message.into(), e);
    }

    fn push_within(
        &mut self,
        verdict: Option<Verdict>,
        site: &Site,
        within: Option<(String, String)>,
        message: String,
        e: Effect,
    ) {
        self.changes.push(Change {
            verdict,
            wire: e.wire,
            api: e.api,
            event: self.event.to_string(),
            action: self.action.map(str::to_string),
            path: site.path.clone(),
            message,
            rust: e.rust,
            within: within.map(|(ty, path)| Within {
                ty,
                path,
                events: Vec::new(),
            }),
            validator_only: site.validator_only,
        });
    }

    /// The type name an old `$defs` key has on the new side.
    fn old_type(&self, def: &str) -> String {
        let def = self
            .renames
            .and_then(|r| r.get(def))
            .map_or(def, String::as_str);
        receiver::type_name(def)
    }

    /// The type name of `def`, the new side's `$defs` key when `shape` is
    /// of the new side, else an old key.
    fn new_type(&self, def: &str, sn: &Shape<'_>) -> String {
        if sn.ref_name == Some(def) {
            receiver::type_name(def)
        } else {
            self.old_type(def)
        }
    }

    fn slots(&self, f: &FieldSite, so: &Shape<'_>, sn: &Shape<'_>) -> [Slot; 2] {
        let old_type = |d: &str| self.old_type(d);
        let new_type = |d: &str| receiver::type_name(d);
        // Items are never `Option`s: a `null` item fails to parse (see `types`).
        let items = f.items > 0;
        [
            Slot {
                plain: items || (f.required[0] && !so.nullable()),
                ty: receiver::rust_type(self.old_root, so, &f.enum_name(0), &old_type),
            },
            Slot {
                plain: items || (f.required[1] && !sn.nullable()),
                ty: receiver::rust_type(self.new_root, sn, &f.enum_name(1), &new_type),
            },
        ]
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
        let site = Site {
            path: ".".into(),
            field: None,
            validator_only: false,
        };
        let (a, b) = (
            receiver::payload_name(self.event, old),
            receiver::payload_name(self.event, new),
        );
        if a != b && !self.renamed {
            let msg = format!("payload type renamed from `{a}`");
            let e = Effect::new(Api::Breaking, false, Some(format!("{a} -> {b}")));
            self.push(None, &site, msg, e);
        }
        self.compare(&site, (old, &so), (new, &sn), false, members);
        self.actions(&ao, &an);
    }

    /// The payload struct of `root`. Its enums are named for the new
    /// side's event, so an event renamed is reported once, not again for
    /// every enum of its payload.
    fn event_owner(&self, root: &Value) -> Owner {
        Owner {
            ty: receiver::payload_name(self.event, root),
            enum_prefix: receiver::event_variant(self.event, self.new_root),
        }
    }

    fn actions(
        &mut self,
        old: &BTreeMap<&'a str, Option<&'a Value>>,
        new: &BTreeMap<&'a str, Option<&'a Value>>,
    ) {
        let names: BTreeSet<&'a str> = old.keys().chain(new.keys()).copied().collect();
        let prefix = receiver::event_variant(self.event, self.new_root);
        let site = Site {
            path: ".action".into(),
            field: None,
            validator_only: false,
        };
        for name in names {
            self.action = Some(name);
            let variant = format!("{prefix}Action::{}", upper_camel(name));
            match (old.get(name), new.get(name)) {
                (Some(_), None) => {
                    let e = Effect::new(Api::Breaking, false, Some(format!("{variant} removed")));
                    self.push(Some(Verdict::Breaking), &site, "action removed", e);
                }
                (None, Some(_)) => {
                    let rust = Some(format!("{variant} added"));
                    let e = Effect::new(self.model.variant_added(), !self.model.open_enums, rust);
                    self.push(Some(Verdict::Additive), &site, "action added", e);
                }
                (Some(o), Some(n)) => {
                    let (o, n) = (o.unwrap_or(&ANY), n.unwrap_or(&ANY));
                    let here = Site {
                        path: ".".into(),
                        field: None,
                        validator_only: false,
                    };
                    self.docs(&here, o, n, None);
                    let so = flatten(self.old_root, o);
                    let sn = flatten(self.new_root, n);
                    self.members(&here, &so, &sn, Members::Variant);
                }
                (None, None) => {}
            }
        }
        self.action = None;
    }

    fn node(&mut self, site: &Site, old: &'a Value, new: &'a Value, skip_enum: bool) {
        let so = flatten(self.old_root, old);
        let sn = flatten(self.new_root, new);
        self.compare(site, (old, &so), (new, &sn), skip_enum, Members::Plain);
    }

    fn compare(
        &mut self,
        site: &Site,
        (old, so): (&'a Value, &Shape<'a>),
        (new, sn): (&'a Value, &Shape<'a>),
        skip_enum: bool,
        members: Members,
    ) {
        let slots = site.field.as_ref().map(|f| (f, self.slots(f, so, sn)));
        // Docs, presence, nullability and the field's Rust type belong to the
        // site (`anyOf: [$ref, null]` differs per use), so they are checked
        // before deduplication.
        self.docs(site, old, new, None);
        if let Some((f, slots)) = &slots {
            self.required(site, f, slots);
            self.nullability(site, f, slots, so, sn);
            self.renamed_type(site, f, slots, so, sn);
        }
        let key = (addr(so.content), addr(sn.content));
        if !self.seen.insert(key) {
            return;
        }
        if !std::ptr::eq(so.content, old) && !std::ptr::eq(sn.content, new) {
            // A `$defs` entry's own wording is its type's.
            let own = sn.ref_name.or(so.ref_name).map(|d| self.new_type(d, sn));
            let mut here = site.clone();
            here.validator_only |= !self.same_type(so, sn);
            self.docs(&here, so.content, sn.content, own);
        }
        self.types(site, slots.as_ref(), so, sn);
        if !skip_enum {
            self.enums(site, slots.as_ref(), so, sn);
        }
        self.constraints(site, so.content, sn.content);
        // After a type change the old fields mean nothing on the new side;
        // the type change alone is the useful report.
        if so.may_be("object") && sn.may_be("object") {
            let inner = self.inner_site(site, so, sn);
            self.members(&inner, so, sn, members);
        }
        if so.may_be("array") && sn.may_be("array") && (so.items.is_some() || sn.items.is_some()) {
            let (oi, ni) = (so.items.unwrap_or(&ANY), sn.items.unwrap_or(&ANY));
            let items = Site {
                path: items_path(&site.path),
                field: site.field.as_ref().map(|f| FieldSite {
                    items: f.items + 1,
                    required: [true, true],
                    within: f.within.as_ref().map(|(ty, p)| (ty.clone(), items_path(p))),
                    ..f.clone()
                }),
                validator_only: site.validator_only,
            };
            self.node(&items, oi, ni, false);
        }
    }

    /// The site whose fields are `site`'s object's: a shared type owns them
    /// when the object is a `$defs` entry, else whoever owns `site`.
    /// Whether both nodes are one Rust type (the same `$defs` entry, or
    /// one renamed), or both spelled out in place.
    fn same_type(&self, so: &Shape<'_>, sn: &Shape<'_>) -> bool {
        match (so.ref_name, sn.ref_name) {
            (Some(o), Some(n)) => self.old_type(o) == receiver::type_name(n),
            (None, None) => true,
            _ => false,
        }
    }

    fn inner_site(&self, site: &Site, so: &Shape<'_>, sn: &Shape<'_>) -> Site {
        let same_type = self.same_type(so, sn);
        let field = match (&site.field, so.ref_name, sn.ref_name) {
            (None, _, _) => None,
            (Some(f), o, n) if o.is_some() || n.is_some() => {
                let new_ty =
                    n.map_or_else(|| self.old_type(o.unwrap_or_default()), receiver::type_name);
                let old_ty = o.map_or_else(|| new_ty.clone(), |d| self.old_type(d));
                let owner = |ty: &String| Owner {
                    ty: ty.clone(),
                    enum_prefix: ty.clone(),
                };
                Some(FieldSite {
                    owner: [owner(&old_ty), owner(&new_ty)],
                    key: String::new(),
                    items: 0,
                    required: f.required,
                    within: Some((new_ty, ".".into())),
                })
            }
            // An object spelled out in place (hand-written schemas): its
            // fields are the holder's, one level down.
            (Some(f), _, _) => {
                let down = |o: &Owner| Owner {
                    ty: format!("{}.{}", o.ty, snake(&f.key)),
                    enum_prefix: format!("{}{}", o.enum_prefix, upper_camel(&f.key)),
                };
                Some(FieldSite {
                    owner: [down(&f.owner[0]), down(&f.owner[1])],
                    key: String::new(),
                    items: 0,
                    required: f.required,
                    within: f.within.clone(),
                })
            }
        };
        Site {
            path: site.path.clone(),
            field,
            // A type compared with itself is reported as itself, even below
            // a field whose own type changed.
            validator_only: match (so.ref_name, sn.ref_name) {
                (Some(_), Some(_)) => !same_type,
                _ => site.validator_only || !same_type,
            },
        }
    }

    /// The site of field `name` of the object at `parent`.
    fn field_site(&self, parent: &Site, name: &str, required: [bool; 2]) -> Site {
        let path = child_path(&parent.path, name);
        let field = match &parent.field {
            Some(f) => FieldSite {
                owner: f.owner.clone(),
                key: name.to_string(),
                items: 0,
                required,
                within: f
                    .within
                    .as_ref()
                    .map(|(ty, p)| (ty.clone(), child_path(p, name))),
            },
            None => FieldSite {
                owner: [
                    self.event_owner(self.old_root),
                    self.event_owner(self.new_root),
                ],
                key: name.to_string(),
                items: 0,
                required,
                within: None,
            },
        };
        Site {
            path,
            field: Some(field),
            validator_only: parent.validator_only,
        }
    }

    fn members(&mut self, parent: &Site, so: &Shape<'a>, sn: &Shape<'a>, mode: Members) {
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
            let (was_req, is_req) = (so.required.contains(name), sn.required.contains(name));
            let site = self.field_site(parent, name, [was_req, is_req]);
            let field = site.field.as_ref().expect("a field site");
            match (so.props.get(name), sn.props.get(name)) {
                (Some(o), None) => {
                    let shape = flatten(self.old_root, o);
                    let what = shape.describe();
                    let msg = format!("removed (was {what}, {})", req_word(was_req));
                    let slot = &self.slots(field, &shape, &shape)[0];
                    let rust = format!("{}: {slot} removed", field.owner[0].item(name, 0));
                    let e = Effect::new(Api::Breaking, slot.plain, Some(rust));
                    self.push(Some(Verdict::Breaking), &site, msg, e);
                }
                (None, Some(n)) => {
                    let shape = flatten(self.new_root, n);
                    let what = shape.describe();
                    // A new required field narrows what the schema accepts,
                    // just like an existing field becoming required; a
                    // receiver's old crate keeps it among the extra keys.
                    let verdict = if is_req {
                        Verdict::Breaking
                    } else {
                        Verdict::Additive
                    };
                    let msg = format!("added ({}, {what})", req_word(is_req));
                    let slot = &self.slots(field, &shape, &shape)[1];
                    let rust = format!("{}: {slot} added", field.rust_item());
                    let e = Effect::new(Api::Addition, false, Some(rust));
                    self.push(Some(verdict), &site, msg, e);
                }
                (Some(o), Some(n)) => {
                    let skip_enum = mode == Members::RootWithActions && name == "action";
                    self.node(&site, o, n, skip_enum);
                }
                (None, None) => self.action_required(&site, was_req, is_req),
            }
        }
    }

    /// An action's own `required` list changed: the schema's view of that
    /// action, and the fields `<Event>ByAction` unwraps for it.
    fn action_required(&mut self, site: &Site, was_req: bool, is_req: bool) {
        let view = self.action.map(|a| {
            let event = receiver::event_variant(self.event, self.new_root);
            let key = site.field.as_ref().map_or("", |f| f.key.as_str());
            format!("{event}ByAction::{} {{ {} }}", upper_camel(a), snake(key))
        });
        let (verdict, msg, rust) = match (was_req, is_req) {
            (false, true) => (
                Verdict::Breaking,
                "became required",
                view.map(|v| format!("{v} unwrapped")),
            ),
            (true, false) => (
                Verdict::Additive,
                "no longer required",
                view.map(|v| format!("{v} no longer unwrapped")),
            ),
            _ => return,
        };
        let e = Effect::new(Api::Breaking, false, rust);
        self.push(Some(verdict), site, msg, e);
    }

    fn required(&mut self, site: &Site, f: &FieldSite, [o, n]: &[Slot; 2]) {
        if f.items > 0 {
            return;
        }
        let (verdict, msg) = match (f.required[0], f.required[1]) {
            (false, true) => (Verdict::Breaking, "became required"),
            (true, false) => (Verdict::Additive, "no longer required"),
            _ => return,
        };
        let api = if o.plain == n.plain {
            Api::Unchanged
        } else {
            Api::Breaking
        };
        // The old crate requires a plain field; the new docs let it be absent.
        let wire = o.plain && !f.required[1];
        self.push(Some(verdict), site, msg, slot_effect(f, o, n, api, wire));
    }

    fn nullability(
        &mut self,
        site: &Site,
        f: &FieldSite,
        slots: &[Slot; 2],
        so: &Shape<'_>,
        sn: &Shape<'_>,
    ) {
        // Going to or from "any" is a type change, reported by `types`.
        if so.types.is_none() || sn.types.is_none() {
            return;
        }
        let [o, n] = slots;
        let api = if o.plain == n.plain {
            Api::Unchanged
        } else {
            Api::Breaking
        };
        match (so.nullable(), sn.nullable()) {
            (true, false) => {
                let e = slot_effect(f, o, n, api, false);
                self.push(Some(Verdict::Breaking), site, "no longer nullable", e);
            }
            (false, true) => {
                // A plain field cannot hold the `null` the new docs allow.
                let e = slot_effect(f, o, n, api, o.plain);
                self.push(Some(Verdict::Additive), site, "became nullable", e);
            }
            _ => {}
        }
    }

    /// A field that holds a differently named type: invisible to a
    /// validator, which sees only shapes, but code naming the old type
    /// breaks. (Renamed types are reported once, as renames.)
    fn renamed_type(
        &mut self,
        site: &Site,
        f: &FieldSite,
        slots: &[Slot; 2],
        so: &Shape<'_>,
        sn: &Shape<'_>,
    ) {
        let (Some(a), Some(b)) = (so.ref_name, sn.ref_name) else {
            return;
        };
        let [o, n] = slots;
        if o.ty == n.ty {
            return;
        }
        let msg = format!(
            "holds `{}` instead of `{}`",
            receiver::type_name(b),
            receiver::type_name(a)
        );
        let e = slot_effect(f, o, n, Api::Breaking, false);
        self.push(None, site, msg, e);
    }

    /// `own`: the nodes are a `$defs` entry, whose wording is its type's
    /// (named so) rather than the field's.
    fn docs(&mut self, site: &Site, old: &Value, new: &Value, own: Option<String>) {
        for key in DOC_KEYS {
            // A renamed event's root title is its payload type's new name.
            if self.renamed && key == "title" && std::ptr::eq(old, self.old_root) {
                continue;
            }
            let msg = match (old.get(key), new.get(key)) {
                (None, Some(_)) => format!("{key} added"),
                (Some(_), None) => format!("{key} removed"),
                (Some(a), Some(b)) if a != b => format!("{key} changed"),
                _ => continue,
            };
            let within = match &own {
                Some(ty) => Some((ty.clone(), ".".to_string())),
                None => site.field.as_ref().and_then(|f| f.within.clone()),
            };
            let v = Some(Verdict::DocsOnly);
            self.push_within(v, site, within, msg, Effect::NONE);
        }
    }

    fn types(
        &mut self,
        site: &Site,
        slots: Option<&(&FieldSite, [Slot; 2])>,
        so: &Shape<'_>,
        sn: &Shape<'_>,
    ) {
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
        let (verdict, msg) = match (narrowed, widened) {
            (true, true) => (Verdict::Breaking, format!("type changed ({what})")),
            (true, false) => (Verdict::Breaking, format!("type narrowed ({what})")),
            (false, true) => (Verdict::Additive, format!("type widened ({what})")),
            (false, false) => return,
        };
        let e = match slots {
            Some((f, [o, n])) => {
                let api = if o == n {
                    Api::Unchanged
                } else {
                    Api::Breaking
                };
                let reads = receiver::reads(so);
                let null_item = f.items > 0 && reads.is_some() && sn.nullable();
                let wire = null_item || receiver::rejects_some(reads.as_ref(), sn);
                slot_effect(f, o, n, api, wire)
            }
            // The payload root is always an object.
            None => Effect::NONE,
        };
        self.push(Some(verdict), site, msg, e);
    }

    fn enums(
        &mut self,
        site: &Site,
        slots: Option<&(&FieldSite, [Slot; 2])>,
        so: &Shape<'_>,
        sn: &Shape<'_>,
    ) {
        let name = slots.map_or_else(String::new, |(f, _)| f.enum_name(1));
        let old_name = slots.map_or_else(String::new, |(f, _)| f.enum_name(0));
        let variant = |name: &str, v: &Value| match v.as_str() {
            Some(s) => format!("{name}::{}", upper_camel(s)),
            None => format!("{name} value {v}"),
        };
        let open = self.model.open_enums;
        match (&so.enum_vals, &sn.enum_vals) {
            (Some(old), Some(new)) => {
                for v in old.iter().filter(|v| !new.contains(v)) {
                    let rust = Some(format!("{} removed", variant(&old_name, v)));
                    let e = Effect::new(Api::Breaking, false, rust);
                    let msg = format!("enum value {v} removed");
                    self.push(Some(Verdict::Breaking), site, msg, e);
                }
                for v in new.iter().filter(|v| !old.contains(v)) {
                    let rust = Some(format!("{} added", variant(&name, v)));
                    let e = Effect::new(self.model.variant_added(), !open, rust);
                    let msg = format!("enum value {v} added");
                    self.push(Some(Verdict::Additive), site, msg, e);
                }
            }
            (Some(_), None) => {
                // A closed enum rejects the strings the new docs allow.
                let e = self.enum_effect(slots, !open);
                self.push(Some(Verdict::Additive), site, "enum constraint removed", e);
            }
            (None, Some(_)) => {
                let e = self.enum_effect(slots, false);
                self.push(Some(Verdict::Breaking), site, "enum constraint added", e);
            }
            (None, None) => {}
        }
    }

    fn enum_effect(&self, slots: Option<&(&FieldSite, [Slot; 2])>, wire: bool) -> Effect {
        match slots {
            Some((f, [o, n])) if o != n => slot_effect(f, o, n, Api::Breaking, wire),
            _ => Effect::new(Api::Unchanged, wire, None),
        }
    }

    /// Formats, patterns and bounds narrow what a validator accepts; the
    /// generated types do not check them.
    fn constraints(&mut self, site: &Site, old: &Value, new: &Value) {
        for key in CONSTRAINT_KEYS {
            let (verdict, msg) = match (old.get(key), new.get(key)) {
                (None, Some(v)) => (
                    Verdict::Breaking,
                    format!("{key} constraint added ({})", short(v)),
                ),
                (Some(_), None) => (Verdict::Additive, format!("{key} constraint removed")),
                (Some(a), Some(b)) if a != b => (
                    bound_verdict(key, a, b),
                    format!("{key} changed ({} -> {})", short(a), short(b)),
                ),
                _ => continue,
            };
            self.push(Some(verdict), site, msg, Effect::NONE);
        }
    }
}

/// The receiver's effect of a change to one field, with the Rust item as it
/// was and is.
fn slot_effect(f: &FieldSite, o: &Slot, n: &Slot, api: Api, wire: bool) -> Effect {
    let rust = if o == n {
        format!("{}: {n}", f.rust_item())
    } else {
        format!("{}: {o} -> {n}", f.rust_item())
    };
    Effect::new(api, wire, Some(rust))
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
