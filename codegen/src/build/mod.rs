//! Stage 3: from parsed pages and example payloads to the IR.
//!
//! Field tables and examples are merged per position ([`shape`]); shared
//! objects are pulled out by key and named once ([`types`]); delivery headers
//! and signature schemes come from header tables and example requests
//! ([`delivery`]).

mod action_links;
mod defs;
mod delivery;
mod doc_type;
mod independence;
mod placeholder;
mod presence;
mod provider_name;
mod shape;
mod types;

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Diagnostics, Span};
use crate::ir::{Action, Docs, Event, Example, HeaderRole, Provider, Type};
use crate::load::{Loaded, PayloadFile};
use crate::names::{self, Namer};
use crate::parse::fields::PathSeg;
use crate::parse::{EventSection, FieldRow, ParsedPage};
use defs::{Defs, Parent};
use shape::Node;
use types::{Required, SpaceBuilder};

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Names the provider instead of guessing it from the docs.
    pub provider: Option<String>,
}

/// An event gathered from every place that documents it.
struct Gathered<'a> {
    name: String,
    sections: Vec<&'a EventSection>,
    examples: Vec<Example>,
    /// Comments after values in the examples: path and words.
    comments: Vec<(Vec<PathSeg>, String)>,
}

pub fn build(
    loaded: &Loaded,
    pages: &[ParsedPage],
    opts: &BuildOptions,
    diags: &mut Diagnostics,
) -> Docs {
    // Pages are grouped by the vendor they name; most docs trees have one.
    let mut groups: BTreeMap<String, Vec<&ParsedPage>> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    let docs_product = std::cell::OnceCell::new();
    for page in pages {
        if page.sections.is_empty() && page.headers.is_empty() && page.deliveries.is_empty() {
            continue;
        }
        let name = opts.provider.clone().unwrap_or_else(|| {
            provider_name::provider_name(page, || {
                docs_product
                    .get_or_init(|| provider_name::docs_product(pages))
                    .clone()
            })
        });
        if !groups.contains_key(&name) {
            order.push(name.clone());
        }
        groups.entry(name).or_default().push(page);
    }
    // Pages that only describe headers belong with the events' vendor when there is one.
    if order.len() > 1 {
        let with_events: Vec<String> = order
            .iter()
            .filter(|n| groups[*n].iter().any(|p| !p.sections.is_empty()))
            .cloned()
            .collect();
        if with_events.len() == 1 {
            let target = with_events[0].clone();
            for name in order.clone() {
                if name != target {
                    let moved = groups.remove(&name).unwrap_or_default();
                    groups.get_mut(&target).expect("present").extend(moved);
                }
            }
            order = vec![target];
        }
    }
    // By name, not by page path, so adding a vendor's pages does not change
    // which provider comes first (the one the receiver example serves).
    order.sort();
    let mut modules = Namer::new();
    let mut docs = Docs {
        version: loaded.version.clone(),
        ..Docs::default()
    };
    // Payload files are one directory for all vendors: each goes to the vendor
    // that documents its event, and one nobody documents is reported once.
    let documents = |group: &[&ParsedPage], event: &str| {
        group
            .iter()
            .any(|p| p.sections.iter().any(|s| s.name == event))
    };
    for (i, name) in order.iter().enumerate() {
        let group = &groups[name];
        let payloads: Vec<PayloadFile> = loaded
            .payloads
            .iter()
            .filter(|p| {
                documents(group, &p.event)
                    || i == 0 && !groups.values().any(|g| documents(g, &p.event))
            })
            .cloned()
            .collect();
        let evidence: Vec<&PayloadFile> = loaded
            .evidence
            .iter()
            .filter(|p| documents(group, &p.event))
            .collect();
        docs.providers.push(provider(
            name,
            group,
            (&payloads, &evidence),
            loaded,
            &mut modules,
            diags,
        ));
    }
    docs
}

fn provider(
    name: &str,
    pages: &[&ParsedPage],
    (payloads, evidence): (&[PayloadFile], &[&PayloadFile]),
    loaded: &Loaded,
    modules: &mut Namer,
    diags: &mut Diagnostics,
) -> Provider {
    let headers = delivery::headers(pages);
    let signatures = delivery::signatures(&headers, pages);
    let event_header = headers
        .iter()
        .find(|h| h.role == HeaderRole::EventName)
        .map(|h| h.name.clone());

    // Sections by event name, in page order; a name documented twice is merged.
    let mut gathered: Vec<Gathered<'_>> = Vec::new();
    for page in pages {
        for s in &page.sections {
            match gathered.iter_mut().find(|g| g.name == s.name) {
                Some(g) => {
                    diags.warning(
                        s.span.clone(),
                        format!(
                            "event `{}` is documented more than once; sections merged",
                            s.name
                        ),
                    );
                    g.sections.push(s);
                }
                None => gathered.push(Gathered {
                    name: s.name.clone(),
                    sections: vec![s],
                    examples: Vec::new(),
                    comments: Vec::new(),
                }),
            }
        }
    }
    attach_examples(&mut gathered, pages, payloads, loaded, diags);

    // Rows of common-properties sections: every event's, unless its own
    // table describes the key.
    let common: Vec<&FieldRow> = pages.iter().flat_map(|p| &p.common_rows).collect();

    // Shapes per event, then the shared objects across all of them.
    let mut roots: Vec<Node> = Vec::new();
    let mut optional: Vec<BTreeSet<String>> = Vec::new();
    for g in &gathered {
        let mut root = Node::default();
        for s in &g.sections {
            for row in &s.rows {
                root.document(row);
                if let (Some(scope), Some(PathSeg::Key(last))) = (&row.scope, row.path.last()) {
                    if last == "action" {
                        root.document_value(&row.path, scope);
                    }
                }
            }
        }
        optional.push(apply_common(&mut root, &common));
        for ex in &g.examples {
            root.observe(&ex.value);
        }
        // A comment after a value describes it where the docs do not.
        for (path, text) in &g.comments {
            describe(&mut root, path, text);
        }
        normalise(&mut root);
        let mut seen: Vec<&serde_json::Value> = g.examples.iter().map(|e| &e.value).collect();
        let values = evidence_values(evidence, &g.name, loaded);
        for value in &values {
            // The same payload under another version is no more evidence.
            if !seen.contains(&value) {
                root.observe_evidence(value);
                seen.push(value);
            }
        }
        roots.push(root);
    }
    let null_keys = presence::null_keys(&roots);
    let mut defs = Defs::new();
    for (i, root) in roots.iter().enumerate() {
        defs.collect(i, root);
    }
    defs.finish();

    let mut space = SpaceBuilder::new(diags, null_keys);
    let mut variants = Namer::new();
    variants.reserve(&["Unknown"]);
    let mut events = Vec::new();
    let mut root_ids = Vec::new();
    for g in &gathered {
        let variant = variants.claim(&names::upper_camel(&g.name));
        root_ids.push(space.reserve_root(&variant, &g.name));
        events.push(variant);
    }
    space.reserve_defs(&defs, &events);
    space.fill_defs(&defs);
    let mut out_events = Vec::new();
    for (n, ((g, root), (variant, id))) in gathered
        .into_iter()
        .zip(&roots)
        .zip(events.into_iter().zip(root_ids))
        .enumerate()
    {
        let first = g.sections[0];
        // Keys only some actions' tables have are not every payload's.
        let tables = action_tables(&g.sections);
        let required: Vec<String> = required_keys(root, &g.examples, None, &[])
            .into_iter()
            .filter(|k| !tables.iter().any(|(_, keys)| keys.contains(k.as_str())))
            .filter(|k| !optional[n].contains(k))
            .collect();
        space.fill(
            &defs,
            Parent::Root(n),
            id,
            root,
            Required::Keys(&required),
            &variant,
        );
        let action_path = action_path(root);
        let everywhere: BTreeSet<&String> = root
            .children
            .iter()
            .map(|(k, _)| k)
            .filter(|k| {
                !g.examples.is_empty()
                    && g.examples.iter().all(|e| e.value.get(k.as_str()).is_some())
            })
            .collect();
        let action_enum = field_enum(&space.space, id, &action_path);
        // Documented actions first; actions only examples show (free-form
        // actions, or docs that list none) follow, without closing the field.
        let mut action_values: Vec<String> = action_enum
            .map(|e| space.space.enumeration(e).values.clone())
            .unwrap_or_default();
        if let Some(node) = path_node(root, &action_path) {
            for s in &node.strings {
                if !action_values.contains(s) {
                    action_values.push(s.clone());
                }
            }
        }
        // Top-level keys the docs tie to actions: by their descriptions, or
        // by being in the table of some actions only.
        let links: Vec<(&String, Vec<&str>)> = root
            .children
            .iter()
            .filter(|(k, _)| Some(k) != action_path.first() && !required.contains(k))
            .map(|(k, c)| {
                let mut to = action_links::linked_actions(&c.description, &action_values);
                for (action, keys) in &tables {
                    let known = action_values.iter().find(|a| a == action);
                    if let Some(action) = known.filter(|_| keys.contains(k.as_str())) {
                        if !to.contains(&action.as_str()) {
                            to.push(action);
                        }
                    }
                }
                (k, to)
            })
            .collect();
        let actions = action_values
            .iter()
            .map(|a| {
                let linked: Vec<String> = links
                    .iter()
                    .filter(|(_, to)| to.contains(&a.as_str()))
                    .map(|(k, _)| (*k).clone())
                    .collect();
                // A key tied to this action alone ("if the action was
                // `edited`") describes its shape: required when every example
                // of it has the key. A key tied to several is where the docs
                // say it may appear, and stays optional.
                let alone: Vec<String> = links
                    .iter()
                    .filter(|(_, to)| to.as_slice() == [a.as_str()])
                    .map(|(k, _)| (*k).clone())
                    .collect();
                // A key every example of the event has is the event's to
                // require or not (on its evidence), never one action's own.
                let own: Vec<String> = required_keys(root, &g.examples, Some(a), &alone)
                    .into_iter()
                    .filter(|k| {
                        !required.contains(k) && (!everywhere.contains(k) || alone.contains(k))
                    })
                    .collect();
                let fields = root
                    .children
                    .iter()
                    .map(|(k, _)| k)
                    .filter(|k| own.contains(k) || linked.contains(k))
                    .cloned()
                    .collect();
                Action {
                    name: a.clone(),
                    description: String::new(),
                    required: own,
                    fields,
                }
            })
            .collect();
        let spellings = pages
            .iter()
            .flat_map(|p| &p.found.spellings)
            .filter(|(event, _)| *event == g.name)
            .map(|(_, other)| other.clone())
            .collect();
        out_events.push(Event {
            name: g.name.clone(),
            spellings,
            variant,
            description: first.description.clone(),
            availability: g
                .sections
                .iter()
                .flat_map(|s| s.availability.clone())
                .collect(),
            action_path,
            actions,
            payload: id,
            action_enum,
            examples: g.examples,
            span: first.span.clone(),
        });
    }
    let space = space.space;
    // Where discovery found the name, it is there; else where the sections'
    // examples carry it.
    let found = pages.iter().find_map(|p| p.found.name_field.as_ref());
    let name_in_body = match found {
        Some(field) => vec![field.path.clone()],
        None => body_name_paths(&out_events),
    };
    let batch = found
        .and_then(|f| f.batch.clone())
        .map(|path| crate::ir::Batch {
            path,
            examples: pages
                .iter()
                .flat_map(|p| &p.found.batch_examples)
                .map(|b| example(b.value.clone(), b.raw.clone(), b.span.to_string(), None))
                .collect(),
        });
    let mut headers = headers;
    // The receiver dispatches on the event header where the body does not
    // name the event, and turns a delivery without it away.
    if name_in_body.is_empty() {
        for h in headers.iter_mut() {
            h.every_delivery |= event_header.as_ref() == Some(&h.name);
        }
    }
    Provider {
        name: name.to_string(),
        module: modules.claim(&names::snake(name)),
        event_header,
        name_in_body,
        batch,
        headers,
        signatures,
        events: out_events,
        types: space,
    }
}

/// Examples from sections, from example requests, and from payload files.
fn attach_examples(
    gathered: &mut [Gathered<'_>],
    pages: &[&ParsedPage],
    payloads: &[PayloadFile],
    loaded: &Loaded,
    diags: &mut Diagnostics,
) {
    let push = |g: &mut Gathered<'_>, ex: Example| {
        if !g.examples.iter().any(|e| e.value == ex.value) {
            g.examples.push(ex);
        }
    };
    for g in gathered.iter_mut() {
        let blocks: Vec<_> = g.sections.iter().flat_map(|s| s.examples.clone()).collect();
        for b in blocks {
            g.comments.extend(b.comments);
            push(g, example(b.value, b.raw, b.span.to_string(), None));
        }
    }
    for page in pages {
        for d in &page.deliveries {
            let Some((_, event)) = d
                .headers
                .iter()
                .find(|(n, _)| delivery::role(n) == HeaderRole::EventName)
            else {
                continue;
            };
            let Some(g) = gathered.iter_mut().find(|g| &g.name == event) else {
                continue;
            };
            let Some(body) = &d.body else { continue };
            match crate::parse::delivery_body(body) {
                Ok((value, _)) => {
                    push(g, example(value, body.clone(), d.span.to_string(), None));
                }
                Err(why) => diags.note(
                    d.span.clone(),
                    format!(
                        "example delivery body is not complete JSON ({why}); not used as an example"
                    ),
                ),
            }
        }
    }
    for p in payloads {
        let display = loaded.sources.display(p.file).to_string();
        let Some(g) = gathered.iter_mut().find(|g| g.name == p.event) else {
            diags.note(
                Span {
                    file: display,
                    line: 1,
                    col: 1,
                    offset: 0,
                },
                format!(
                    "example payload for `{}`, which no page documents; not used",
                    p.event
                ),
            );
            continue;
        };
        let raw = loaded.sources.file_text(p.file).to_string();
        let start = Span {
            file: display.clone(),
            line: 1,
            col: 1,
            offset: 0,
        };
        for b in crate::parse::read_json(&raw, start, diags) {
            g.comments.extend(b.comments);
            push(
                g,
                example(b.value, b.raw, display.clone(), p.action.clone()),
            );
        }
    }
}

/// Sets the description of the node at `path`, unless the docs gave one.
fn describe(root: &mut Node, path: &[PathSeg], text: &str) {
    let mut node = root;
    for seg in path {
        node = match seg {
            PathSeg::Key(k) => node.child_mut(k),
            PathSeg::Items => node.items_mut(),
        };
    }
    if node.description.is_empty() {
        node.description = text.to_string();
    }
}

/// Where the event name travels in the body (see
/// [`shared_name_paths`](crate::parse::event_names::shared_name_paths)).
fn body_name_paths(events: &[Event]) -> Vec<Vec<String>> {
    let named: Vec<(&str, Vec<&serde_json::Value>)> = events
        .iter()
        .map(|e| {
            (
                e.name.as_str(),
                e.examples.iter().map(|x| &x.value).collect(),
            )
        })
        .collect();
    crate::parse::event_names::shared_name_paths(&named)
}

/// Documents `common` rows in an event's root where its own rows do not
/// describe the key. Gives the keys so added that the section does not say
/// every payload carries: optional, whatever the examples show.
fn apply_common(root: &mut Node, common: &[&FieldRow]) -> BTreeSet<String> {
    let own: BTreeSet<String> = root
        .children
        .iter()
        .filter(|(_, c)| c.documented)
        .map(|(k, _)| k.clone())
        .collect();
    let mut optional = BTreeSet::new();
    for row in common {
        let Some(PathSeg::Key(key)) = row.path.first() else {
            continue;
        };
        if own.contains(key) {
            continue;
        }
        root.document(row);
        if row.path.len() == 1 && !presence::in_every_payload(&row.description) {
            optional.insert(key.clone());
        }
    }
    optional
}

/// The payloads of other product versions for `event`; one that is not
/// JSON is left out (the version it belongs to reports it).
fn evidence_values(
    evidence: &[&PayloadFile],
    event: &str,
    loaded: &Loaded,
) -> Vec<serde_json::Value> {
    evidence
        .iter()
        .filter(|p| p.event == event)
        .filter_map(|p| serde_json::from_str(loaded.sources.file_text(p.file)).ok())
        .collect()
}

/// An example; its action is the one its file names, else the payload's own `action`.
fn example(
    value: serde_json::Value,
    raw: String,
    source: String,
    action: Option<String>,
) -> Example {
    let action = action.or_else(|| {
        value
            .get("action")
            .and_then(|a| a.as_str())
            .map(str::to_string)
    });
    Example {
        action,
        source,
        raw,
        value,
    }
}

/// Children documented under an array key belong to its items.
fn normalise(node: &mut Node) {
    let doc = types::node_doc_type(node);
    let arrayish =
        doc.kinds.contains(&shape::Kind::Array) || node.kinds.contains(&shape::Kind::Array);
    let objectish =
        doc.kinds.contains(&shape::Kind::Object) || node.kinds.contains(&shape::Kind::Object);
    if arrayish && !objectish && !node.children.is_empty() {
        let children = std::mem::take(&mut node.children);
        let items = node.items_mut();
        for (k, c) in children {
            items.child_mut(&k).merge(&c);
        }
    }
    for (_, c) in &mut node.children {
        normalise(c);
    }
    if let Some(items) = &mut node.items {
        normalise(items);
    }
}

/// Where the action is: a top-level `action`, or the first documented
/// `….action` with a value list (vendors nest it, e.g. `object_attributes.action`).
/// Per action with a table of its own, the top-level keys that table has
/// and not every such table has. A table is an action's when its subheading
/// quotes a name and it documents an `action` key: the name is that
/// action (and [`Node::document_value`] made it one of its values).
fn action_tables<'a>(sections: &[&'a EventSection]) -> Vec<(&'a str, BTreeSet<&'a str>)> {
    let rows = || sections.iter().flat_map(|s| &s.rows);
    let documents_action = |scope: &str| {
        rows().any(|r| {
            r.scope.as_deref() == Some(scope)
                && matches!(r.path.last(), Some(PathSeg::Key(k)) if k == "action")
        })
    };
    let mut tables: Vec<(&str, BTreeSet<&str>)> = Vec::new();
    for row in rows() {
        let (Some(scope), Some(PathSeg::Key(key))) = (&row.scope, row.path.first()) else {
            continue;
        };
        match tables.iter_mut().find(|(a, _)| a == scope) {
            Some((_, keys)) => {
                keys.insert(key);
            }
            None if documents_action(scope) => {
                tables.push((scope, BTreeSet::from([key.as_str()])));
            }
            None => {}
        }
    }
    if tables.len() < 2 {
        // One table alone cannot tell its action's keys from the event's.
        return Vec::new();
    }
    let common: BTreeSet<&str> = tables
        .iter()
        .map(|(_, keys)| keys.clone())
        .reduce(|a, b| a.intersection(&b).copied().collect())
        .unwrap_or_default();
    for (_, keys) in &mut tables {
        keys.retain(|k| !common.contains(k));
    }
    tables
}

fn action_path(root: &Node) -> Vec<String> {
    if root.child("action").is_some() {
        return vec!["action".to_string()];
    }
    fn find(node: &Node, path: &mut Vec<String>, depth: usize) -> bool {
        if depth > 3 {
            return false;
        }
        for (k, c) in &node.children {
            path.push(k.clone());
            if k == "action" && (!c.doc_values.is_empty() || !c.strings.is_empty()) {
                return true;
            }
            if find(c, path, depth + 1) {
                return true;
            }
            path.pop();
        }
        false
    }
    let mut path = Vec::new();
    if find(root, &mut path, 0) {
        path
    } else {
        Vec::new()
    }
}

fn path_node<'n>(root: &'n Node, path: &[String]) -> Option<&'n Node> {
    let mut node = root;
    for k in path {
        node = node.child(k)?;
    }
    (!path.is_empty()).then_some(node)
}

fn field_enum(
    space: &crate::ir::TypeSpace,
    root: crate::ir::ObjectId,
    path: &[String],
) -> Option<crate::ir::EnumId> {
    let mut obj = root;
    for (i, k) in path.iter().enumerate() {
        let f = space.object(obj).fields.iter().find(|f| &f.name == k)?;
        match (&f.ty, i + 1 == path.len()) {
            (Type::Enum(e), true) => return Some(*e),
            (Type::Object(o), false) => obj = *o,
            _ => return None,
        }
    }
    None
}

/// Top-level keys every example (of `action`, if given) has, that the docs do
/// not describe as conditional, unless the condition is that action
/// (`linked`: keys the docs tie to it alone).
fn required_keys(
    root: &Node,
    examples: &[Example],
    action: Option<&str>,
    linked: &[String],
) -> Vec<String> {
    let relevant: Vec<&Example> = examples
        .iter()
        .filter(|e| action.is_none() || e.action.as_deref() == action)
        .collect();
    if relevant.is_empty() {
        return Vec::new();
    }
    let any_rows = root.children.iter().any(|(_, c)| c.documented);
    let independent = root.instances.independent();
    root.children
        .iter()
        .filter(|(k, c)| {
            relevant.iter().all(|e| e.value.get(k.as_str()).is_some())
                && (c.documented || !any_rows)
                && (!presence::conditional(&c.description) || linked.contains(k))
                && !c.doc_optional
                // Of every payload: never `null`, in any version's examples.
                && (action.is_some()
                    || presence::always_present(root, independent, c, presence::min_instances(c)))
        })
        .map(|(k, _)| k.clone())
        .collect()
}
