//! Recognising renames: an event or a type that disappears while one of the
//! same shape and a similar name appears is one thing renamed, which a
//! reviewer reads more easily than a removal and an addition (it still
//! breaks code that names it).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::receiver;
use super::shape::flatten;
use super::{Api, Change, Wire, Within};
use crate::names::snake;

/// How deep the event shape comparison follows fields.
const SHAPE_DEPTH: usize = 6;
/// Bounds the paths collected per event, for pathological schemas.
const MAX_PATHS: usize = 20_000;

/// `$defs` keys renamed, per provider: old key → new key.
#[derive(Debug, Clone, Default)]
pub(crate) struct TypeRenames {
    by_provider: BTreeMap<String, BTreeMap<String, String>>,
}

impl TypeRenames {
    pub fn provider(&self, provider: &str) -> Option<&BTreeMap<String, String>> {
        self.by_provider.get(provider)
    }

    /// One change per renamed type, placed at the first event (and path)
    /// whose new schema uses it.
    pub fn changes(&self, new: &BTreeMap<String, Value>) -> Vec<Change> {
        let mut out = Vec::new();
        for (provider, renames) in &self.by_provider {
            for (from, to) in renames {
                let site = new
                    .iter()
                    .filter(|(k, _)| provider_of(k) == provider)
                    .find_map(|(k, schema)| first_path(schema, to).map(|p| (k, p)));
                let Some((event, path)) = site else {
                    continue;
                };
                let (a, b) = (receiver::type_name(from), receiver::type_name(to));
                let events = new
                    .iter()
                    .filter(|(k, s)| {
                        provider_of(k) == provider && s.pointer(&format!("/$defs/{to}")).is_some()
                    })
                    .map(|(k, _)| k.clone())
                    .collect();
                let mut change = renamed(
                    event,
                    path,
                    format!("type renamed from `{a}` (same fields)"),
                    format!("{a} -> {b}"),
                );
                change.within = Some(Within {
                    ty: b,
                    path: ".".into(),
                    events,
                });
                out.push(change);
            }
        }
        out
    }
}

fn provider_of(event: &str) -> &str {
    event.rsplit_once('/').map_or("", |(p, _)| p)
}

/// A provider that is gone from `old` and one that is new in `new`, when
/// each side has exactly one such and they share event names: the vendor
/// renamed itself (a page titled VSTS in 2018 and Azure DevOps in 2025), so
/// its events are compared across the two names.
pub(crate) fn provider(
    old: &BTreeMap<String, Value>,
    new: &BTreeMap<String, Value>,
) -> Option<(String, String)> {
    let providers = |set: &BTreeMap<String, Value>| -> BTreeSet<String> {
        set.keys().map(|k| provider_of(k).to_string()).collect()
    };
    let (before, after) = (providers(old), providers(new));
    let gone: Vec<&String> = before.difference(&after).collect();
    let fresh: Vec<&String> = after.difference(&before).collect();
    let ([from], [to]) = (gone.as_slice(), fresh.as_slice()) else {
        return None;
    };
    let events = |set: &BTreeMap<String, Value>, p: &str| -> BTreeSet<String> {
        set.keys()
            .filter(|k| provider_of(k) == p)
            .map(|k| {
                k.rsplit_once('/')
                    .map_or(k.as_str(), |(_, e)| e)
                    .to_string()
            })
            .collect()
    };
    let shared = events(old, from).intersection(&events(new, to)).count();
    (shared > 0).then(|| ((*from).clone(), (*to).clone()))
}

/// The change that says a provider was renamed: its module in the crate.
pub(crate) fn provider_change(from: &str, to: &str) -> Change {
    renamed(
        to,
        ".".into(),
        format!("provider renamed from `{from}`; its events are compared under the new name"),
        format!(
            "module {} -> {}",
            crate::names::snake(from),
            crate::names::snake(to)
        ),
    )
}

/// A rename at `path` of `event`: invisible to a validator and on the wire,
/// breaking to code that names the old item.
fn renamed(event: &str, path: String, message: String, rust: String) -> Change {
    Change {
        verdict: None,
        wire: Wire::Safe,
        api: Api::Breaking,
        event: event.to_string(),
        action: None,
        path,
        message,
        rust: Some(rust),
        within: None,
        validator_only: false,
    }
}

/// Events removed from `old` paired with events added in `new` that are the
/// same event renamed: old key → new key.
pub(crate) fn events(
    old: &BTreeMap<String, Value>,
    new: &BTreeMap<String, Value>,
) -> BTreeMap<String, String> {
    let gone: Vec<&String> = old.keys().filter(|k| !new.contains_key(*k)).collect();
    let fresh: Vec<&String> = new.keys().filter(|k| !old.contains_key(*k)).collect();
    if gone.is_empty() || fresh.is_empty() {
        return BTreeMap::new();
    }
    let shapes = |set: &BTreeMap<String, Value>, keys: &[&String]| -> Vec<BTreeSet<String>> {
        keys.iter().map(|k| paths(&set[*k])).collect()
    };
    let (old_shapes, new_shapes) = (shapes(old, &gone), shapes(new, &fresh));
    let mut candidates = Vec::new();
    for (i, a) in gone.iter().enumerate() {
        for (j, b) in fresh.iter().enumerate() {
            if provider_of(a) != provider_of(b) {
                continue;
            }
            let names = name_similarity(&event_name(a, &old[*a]), &event_name(b, &new[*b]));
            let shape = jaccard(&old_shapes[i], &new_shapes[j]);
            // Docs eras apart rewrite their examples, so a very similar name
            // needs only some payload in common; a less similar one needs
            // much the same payload, and the very same payload a name that
            // is not unrelated.
            // The same several-word last part under a new namespace is a
            // move whatever the examples show (eras rewrite them whole).
            let moved = last_part(a) == last_part(b) && names >= 0.6;
            let accept = moved
                || (names >= 0.6 && shape >= 0.1)
                || (names >= 0.5 && shape >= 0.5)
                || (shape >= 0.9 && names >= 0.25);
            if accept {
                candidates.push((2.0 * names + shape, i, j));
            }
        }
    }
    pair(candidates)
        .into_iter()
        .map(|(i, j)| (gone[i].clone(), fresh[j].clone()))
        .collect()
}

/// The change that says an event was renamed.
pub(crate) fn event_change(from: &str, to: &str, old: &Value, new: &Value) -> Change {
    let a = event_name(from, old);
    let (va, vb) = (
        receiver::event_variant(from, old),
        receiver::event_variant(to, new),
    );
    renamed(
        to,
        ".".into(),
        format!("event renamed from `{a}` (an old crate reads the new name as `Event::Unknown`)"),
        format!("Event::{va} -> Event::{vb}"),
    )
}

/// Types (`$defs` keys) gone from a provider paired with new ones of the
/// same fields, or of mostly the same fields used under the same keys.
/// `events` (old key → new key) places an old type's uses under the new
/// names, so the types of a renamed event pair up with each other.
pub(crate) fn types(
    old: &BTreeMap<String, Value>,
    new: &BTreeMap<String, Value>,
    events: &BTreeMap<String, String>,
) -> TypeRenames {
    let (old_defs, new_defs) = (defs(old, events), defs(new, &BTreeMap::new()));
    let mut out = TypeRenames::default();
    for (provider, olds) in &old_defs {
        let Some(news) = new_defs.get(provider) else {
            continue;
        };
        let gone: Vec<(&String, &DefFacts)> = olds
            .iter()
            .filter(|(k, _)| !news.contains_key(*k))
            .collect();
        let fresh: Vec<(&String, &DefFacts)> = news
            .iter()
            .filter(|(k, _)| !olds.contains_key(*k))
            .collect();
        let mut candidates = Vec::new();
        for (i, (_, a)) in gone.iter().enumerate() {
            for (j, (_, b)) in fresh.iter().enumerate() {
                if a.fields.is_empty() || b.fields.is_empty() {
                    continue;
                }
                let fields = jaccard(&a.fields, &b.fields);
                let used = jaccard(&a.used_as, &b.used_as);
                let used_in = jaccard(&a.used_in, &b.used_in);
                if fields == 1.0 || (fields >= 0.5 && used.max(used_in) >= 0.5) {
                    // Where the type is used tells identical shapes apart.
                    candidates.push((fields + used + 2.0 * used_in, i, j));
                }
            }
        }
        let renames: BTreeMap<String, String> = pair(candidates)
            .into_iter()
            .map(|(i, j)| (gone[i].0.clone(), fresh[j].0.clone()))
            .collect();
        if !renames.is_empty() {
            out.by_provider.insert(provider.clone(), renames);
        }
    }
    out
}

/// Best pairs first, each side used once; ties go to the earlier names, so
/// the result does not depend on anything but the input.
fn pair(mut candidates: Vec<(f64, usize, usize)>) -> Vec<(usize, usize)> {
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (mut left, mut right) = (BTreeSet::new(), BTreeSet::new());
    let mut out = Vec::new();
    for (_, i, j) in candidates {
        if left.contains(&i) || right.contains(&j) {
            continue;
        }
        left.insert(i);
        right.insert(j);
        out.push((i, j));
    }
    out
}

/// What identifies a type apart from its name: its field names, the keys
/// it is found under (`label`, `labels[]`), and those keys per event.
#[derive(Default)]
struct DefFacts {
    fields: BTreeSet<String>,
    used_as: BTreeSet<String>,
    used_in: BTreeSet<(String, String)>,
}

/// `renamed` maps event keys to the names uses are recorded under.
fn defs(
    set: &BTreeMap<String, Value>,
    renamed: &BTreeMap<String, String>,
) -> BTreeMap<String, BTreeMap<String, DefFacts>> {
    let mut out: BTreeMap<String, BTreeMap<String, DefFacts>> = BTreeMap::new();
    for (event, schema) in set {
        let provider = out.entry(provider_of(event).to_string()).or_default();
        let Some(defs) = schema.get("$defs").and_then(Value::as_object) else {
            continue;
        };
        for (key, def) in defs {
            let facts = provider.entry(key.clone()).or_default();
            let shape = flatten(schema, def);
            facts
                .fields
                .extend(shape.props.keys().map(|k| k.to_string()));
        }
        let event = renamed.get(event).unwrap_or(event);
        for (def, key) in uses(schema) {
            if let Some(facts) = provider.get_mut(&def) {
                facts.used_in.insert((event.clone(), key.clone()));
                facts.used_as.insert(key);
            }
        }
    }
    out
}

/// `(def, key)` for every property (or its items) of the root or of a def
/// that refers to a def.
fn uses(schema: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let defs = schema.get("$defs").and_then(Value::as_object);
    for object in std::iter::once(schema).chain(defs.into_iter().flat_map(|d| d.values())) {
        refs_in(object, "", &mut out, 0);
    }
    out
}

fn refs_in(node: &Value, key: &str, out: &mut Vec<(String, String)>, depth: usize) {
    let Some(obj) = node.as_object() else {
        return;
    };
    if depth > 8 {
        return;
    }
    if let Some(def) = obj
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/$defs/"))
    {
        out.push((def.to_string(), key.to_string()));
        return;
    }
    for list in ["anyOf", "allOf", "oneOf"] {
        for branch in obj
            .get(list)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            refs_in(branch, key, out, depth + 1);
        }
    }
    if let Some(items) = obj.get("items") {
        refs_in(items, &format!("{key}[]"), out, depth + 1);
    }
    for (k, v) in obj
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        refs_in(v, k, out, depth + 1);
    }
}

/// The event's own name (`x-event`), else the key's last part.
fn event_name(key: &str, schema: &Value) -> String {
    schema.get("x-event").and_then(Value::as_str).map_or_else(
        || key.rsplit('/').next().unwrap_or(key).to_string(),
        str::to_string,
    )
}

/// 0..=1: how much two event names share. Words count, plurals aside
/// (`issue`, `issues`); a dotted name that keeps its last part of several
/// words under a new namespace (`ms.vss-release.release-created-event`,
/// `ms.azure-devops-release.release-created-event`) scores at least half.
fn name_similarity(a: &str, b: &str) -> f64 {
    let words = |s: &str| -> BTreeSet<String> {
        snake(s)
            .split('_')
            .filter(|w| !w.is_empty())
            .map(|w| match w.strip_suffix('s') {
                Some(stem) if stem.len() >= 3 => stem.to_string(),
                _ => w.to_string(),
            })
            .collect()
    };
    let whole = jaccard(&words(a), &words(b));
    let moved = match (a.rsplit_once('.'), b.rsplit_once('.')) {
        (Some((pa, la)), Some((pb, lb))) if la == lb && words(la).len() >= 2 => {
            0.5 + 0.5 * jaccard(&words(pa), &words(pb))
        }
        _ => 0.0,
    };
    whole.max(moved)
}

/// The part of a dotted event key after its last dot.
fn last_part(key: &str) -> &str {
    key.rsplit_once('.').map_or(key, |(_, last)| last)
}

fn jaccard<T: Ord>(a: &BTreeSet<T>, b: &BTreeSet<T>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        return 0.0;
    }
    a.intersection(b).count() as f64 / union as f64
}

/// Every field path of a payload (`resource.release.name`, `labels[].id`),
/// through `$ref`s, to a bounded depth: the event's shape.
fn paths(schema: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut stack = vec![(schema, String::new(), 0usize)];
    while let Some((node, prefix, depth)) = stack.pop() {
        if depth > SHAPE_DEPTH || out.len() > MAX_PATHS {
            continue;
        }
        let shape = flatten(schema, node);
        for (k, v) in &shape.props {
            let path = if prefix.is_empty() {
                k.to_string()
            } else {
                format!("{prefix}.{k}")
            };
            out.insert(path.clone());
            stack.push((v, path, depth + 1));
        }
        if let Some(items) = shape.items {
            stack.push((items, format!("{prefix}[]"), depth + 1));
        }
    }
    out
}

/// The first jq path (shortest, then sorted) at which `schema` holds a
/// value of `$defs` entry `def`.
fn first_path(schema: &Value, def: &str) -> Option<String> {
    let mut queue = std::collections::VecDeque::from([(schema, ".".to_string(), 0usize)]);
    let mut seen = BTreeSet::new();
    while let Some((node, path, depth)) = queue.pop_front() {
        let shape = flatten(schema, node);
        if let Some(r) = shape.ref_name {
            if r == def {
                return Some(path);
            }
            if !seen.insert(r) {
                continue;
            }
        }
        if depth > SHAPE_DEPTH {
            continue;
        }
        for (k, v) in &shape.props {
            let child = if path == "." {
                format!(".{k}")
            } else {
                format!("{path}.{k}")
            };
            queue.push_back((v, child, depth + 1));
        }
        if let Some(items) = shape.items {
            let child = if path == "." {
                ".[]".to_string()
            } else {
                format!("{path}[]")
            };
            queue.push_back((items, child, depth + 1));
        }
    }
    None
}
