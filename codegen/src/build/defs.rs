//! Which object positions share one type.
//!
//! Merging every object seen under one JSON key gives wrong types: an issue's
//! `pull_request` (four links) is not a pull request, and each event's
//! `changes` lists different fields. Merging only by position gives a copy
//! of the user object for every `sender`, `owner` and `assignee`. So
//! positions are clustered by shape, in two steps:
//!
//! 1. Under one key, a position joins the closest cluster whose keys it
//!    mostly shares (Jaccard ≥ [`SAME_KEY`]), or whose keys include nearly
//!    all of its own when it has many (an example that abbreviates the
//!    object), else starts its own.
//! 2. Clusters under different keys are one type when their keys are the same
//!    (or nearly, for larger objects) and no shared field has kinds that rule
//!    each other out. Their object-valued fields are then unified too, since
//!    one type has one type per field.
//!
//! A position is a slot: its parent (an event root or a cluster) and its path
//! inside the parent (`key`, or `key[]` for array items).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::shape::{Kind, Node};
use super::types::node_doc_type;
use crate::names;

/// Share of keys two positions under one key need in common to be one type.
const SAME_KEY: f64 = 0.5;
/// An object with at least this many keys, nearly all ([`ABRIDGED`]) found
/// in a cluster under the same key, is an abbreviated copy of it.
const ABRIDGED_MIN: usize = 8;
const ABRIDGED: f64 = 0.9;
/// Share of keys two objects under different keys need to be one type.
const CROSS_KEY: f64 = 0.8;
/// Objects smaller than this merge across keys only when their keys are equal.
const CROSS_KEY_MIN: usize = 4;
/// Bounds on the pairwise comparisons, for pathological inputs: clusters
/// tried per key, and clusters compared across keys.
const MAX_PER_KEY: usize = 64;
const MAX_FUZZY: usize = 2_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Parent {
    /// The payload of the provider's `n`th event.
    Root(usize),
    /// An object type ([`Defs::order`] index once finished, cluster before).
    Def(usize),
}

struct Cluster {
    /// The key (singular, for array items) its positions sit under.
    name: String,
    node: Node,
    keys: BTreeSet<String>,
    /// Where its first position is, for naming.
    first_parent: Parent,
    /// Where its positions are, and whether as array items; all event roots
    /// count as one place.
    parents: BTreeSet<(bool, Parent)>,
    /// How many positions it has as a key's value, and as array items.
    slots: [usize; 2],
    /// How deep its shallowest position is (1: a key of a payload).
    depth: usize,
}

/// One finished type: what its positions show, merged, and how to name it.
pub struct Def {
    pub node: Node,
    /// The key it is named for: the most widely used of those its
    /// positions sit under (or its one field's, for a wrapper).
    pub name: String,
    /// The parent of its first position under `name`.
    pub first_parent: Parent,
    /// How widely it is used under `name`: in how many places, then at how
    /// many positions, as the key's own value; then the same as array items;
    /// then how near the top of a payload (larger is nearer). All event
    /// roots count as one place.
    pub weight: [usize; 5],
}

#[derive(Default)]
pub struct Defs {
    clusters: Vec<Cluster>,
    slots: BTreeMap<(Parent, String), usize>,
    by_name: HashMap<String, Vec<usize>>,
    /// Finished types, in order of first appearance.
    pub order: Vec<Def>,
    /// Slot → type, with parents as [`Defs::order`] indices.
    resolved: HashMap<(Parent, String), usize>,
}

impl Defs {
    pub fn new() -> Self {
        Self::default()
    }

    /// Gathers every object below the `n`th event root.
    pub fn collect(&mut self, n: usize, root: &Node) {
        for (key, child) in &root.children {
            self.place(Parent::Root(n), key.clone(), key, child, 1);
        }
    }

    /// The type of the object at `slot` below `parent`, once finished.
    pub fn at(&self, parent: Parent, slot: &str) -> Option<usize> {
        self.resolved.get(&(parent, slot.to_string())).copied()
    }

    fn place(&mut self, parent: Parent, slot: String, name: &str, node: &Node, depth: usize) {
        if node.is_objectish(&node_doc_type(node).kinds) {
            let c = match self.slots.get(&(parent, slot.clone())) {
                Some(&c) => c,
                None => {
                    let c = self.choose(name, node, parent);
                    let cluster = &mut self.clusters[c];
                    cluster.slots[usize::from(slot.ends_with("[]"))] += 1;
                    let place = match parent {
                        Parent::Root(_) => Parent::Root(usize::MAX),
                        def => def,
                    };
                    cluster.parents.insert((slot.ends_with("[]"), place));
                    cluster.depth = cluster.depth.min(depth);
                    self.slots.insert((parent, slot.clone()), c);
                    c
                }
            };
            self.absorb(c, node, depth);
        }
        if let Some(items) = &node.items {
            let name = names::singular(name);
            self.place(parent, format!("{slot}[]"), &name, items, depth);
        }
    }

    fn absorb(&mut self, c: usize, node: &Node, depth: usize) {
        let shallow = Node {
            items: None,
            ..node.clone()
        };
        let cluster = &mut self.clusters[c];
        cluster.node.merge(&shallow);
        cluster
            .keys
            .extend(node.children.iter().map(|(k, _)| k.clone()));
        for (key, child) in &node.children {
            self.place(Parent::Def(c), key.clone(), key, child, depth + 1);
        }
    }

    fn choose(&mut self, name: &str, node: &Node, parent: Parent) -> usize {
        let keys: BTreeSet<String> = node.children.iter().map(|(k, _)| k.clone()).collect();
        let candidates = self.by_name.get(name).map(Vec::as_slice).unwrap_or(&[]);
        // The closest fit, not the first: an abridged copy fits the full
        // object better than a small one it happens to half overlap.
        let mut found: Option<(usize, f64)> = None;
        for &c in candidates {
            let score = fit(&keys, &self.clusters[c].keys);
            if score > found.map_or(0.0, |(_, s)| s) && nested_fit(node, &self.clusters[c].node) {
                found = Some((c, score));
            }
        }
        // Past the bound, one more cluster per key is not worth the cost.
        let found = found.map(|(c, _)| c).or_else(|| {
            (candidates.len() >= MAX_PER_KEY)
                .then(|| candidates.last().copied())
                .flatten()
        });
        if let Some(c) = found {
            return c;
        }
        self.clusters.push(Cluster {
            name: name.to_string(),
            node: Node::default(),
            keys: BTreeSet::new(),
            first_parent: parent,
            parents: BTreeSet::new(),
            slots: [0; 2],
            depth: usize::MAX,
        });
        let c = self.clusters.len() - 1;
        self.by_name.entry(name.to_string()).or_default().push(c);
        c
    }

    /// Joins clusters across keys, then fixes the finished types.
    pub fn finish(&mut self) {
        let n = self.clusters.len();
        let mut joined = Joined::new(&self.clusters);
        for (&(parent, ref slot), &c) in &self.slots {
            if let Parent::Def(p) = parent {
                joined.slots[p].insert(slot.clone(), c);
            }
        }
        // Exact key sets first (cheap, and the common case: user objects,
        // `{from}` change records, `{href}` links), then near matches.
        let mut exact: HashMap<&BTreeSet<String>, usize> = HashMap::new();
        let mut groups: Vec<usize> = Vec::new();
        for c in 0..n {
            let keys = &self.clusters[c].keys;
            if keys.is_empty() {
                continue;
            }
            if let Some(&g) = exact.get(keys) {
                if self.compatible(&joined, g, c) {
                    joined.union(g, c);
                    continue;
                }
            }
            exact.entry(keys).or_insert(c);
            let near = (keys.len() >= CROSS_KEY_MIN && groups.len() <= MAX_FUZZY)
                .then(|| {
                    groups.iter().copied().find(|&g| {
                        let g = joined.find(g);
                        joined.keys[g].len() >= CROSS_KEY_MIN
                            && overlap(keys, &joined.keys[g]).1 >= CROSS_KEY
                            && self.compatible(&joined, g, c)
                    })
                })
                .flatten();
            match near {
                Some(g) => joined.union(g, c),
                None => groups.push(c),
            }
        }

        // Finished types in order of their first cluster.
        let mut index_of: HashMap<usize, usize> = HashMap::new();
        let mut members: Vec<Vec<usize>> = Vec::new();
        for c in 0..n {
            let r = joined.find(c);
            let i = *index_of.entry(r).or_insert_with(|| {
                members.push(Vec::new());
                members.len() - 1
            });
            members[i].push(c);
        }
        let def_of = |c: usize| index_of[&joined.find(c)];
        let mut order = Vec::with_capacity(members.len());
        for group in &members {
            let mut node = Node::default();
            let mut uses: Vec<Uses<'_>> = Vec::new();
            for &c in group {
                let cl = &self.clusters[c];
                node.merge(&cl.node);
                let i = match uses.iter().position(|u| u.name == cl.name) {
                    Some(i) => i,
                    None => {
                        uses.push(Uses {
                            name: &cl.name,
                            places: BTreeSet::new(),
                            slots: [0; 2],
                            depth: usize::MAX,
                        });
                        uses.len() - 1
                    }
                };
                let u = &mut uses[i];
                u.places.extend(cl.parents.iter().map(|&(item, p)| match p {
                    Parent::Def(d) => (item, Parent::Def(def_of(d))),
                    root => (item, root),
                }));
                u.slots[0] += cl.slots[0];
                u.slots[1] += cl.slots[1];
                u.depth = u.depth.min(cl.depth);
            }
            // The most widely used name; the first seen on a tie.
            let mut best: Option<(&str, [usize; 5])> = None;
            for u in &uses {
                let weight = u.weight();
                if best.is_none_or(|(_, w)| weight > w) {
                    best = Some((u.name, weight));
                }
            }
            let (name, weight) = best.unwrap_or((&self.clusters[group[0]].name, [0; 5]));
            // Named for where it first appears under the name it takes.
            let first = group
                .iter()
                .map(|&c| &self.clusters[c])
                .find(|cl| cl.name == name)
                .unwrap_or(&self.clusters[group[0]]);
            // A one-field wrapper found under several keys (`{from}` under
            // `title`, `body`, `name`) is named for its field, not one key.
            let name = match &node.children[..] {
                [(only, _)] if uses.len() > 2 => only.clone(),
                _ => name.to_string(),
            };
            order.push(Def {
                node,
                name,
                first_parent: first.first_parent,
                weight,
            });
        }
        for def in &mut order {
            if let Parent::Def(c) = def.first_parent {
                def.first_parent = Parent::Def(def_of(c));
            }
        }
        let mut resolved = HashMap::with_capacity(self.slots.len());
        for (&(parent, ref slot), &c) in &self.slots {
            let parent = match parent {
                Parent::Def(p) => Parent::Def(def_of(p)),
                root => root,
            };
            resolved.insert((parent, slot.clone()), def_of(c));
        }
        self.order = order;
        self.resolved = resolved;
    }

    /// No field both have is of kinds that exclude each other.
    fn compatible(&self, joined: &Joined, a: usize, b: usize) -> bool {
        let theirs: HashMap<&str, BTreeSet<Kind>> = self.clusters[b]
            .node
            .children
            .iter()
            .map(|(k, child)| (k.as_str(), value_kinds(child)))
            .collect();
        joined.members[joined.find(a)].iter().all(|&m| {
            self.clusters[m].node.children.iter().all(|(k, child)| {
                let Some(kb) = theirs.get(k.as_str()) else {
                    return true;
                };
                let ka = value_kinds(child);
                ka.is_empty() || kb.is_empty() || !ka.is_disjoint(kb)
            })
        })
    }
}

/// What a field may hold, from the docs and the examples; null fits anything.
fn value_kinds(node: &Node) -> BTreeSet<Kind> {
    let mut k = node_doc_type(node).kinds;
    k.extend(node.kinds.iter().copied());
    k.remove(&Kind::Null);
    if k.is_empty() && !node.children.is_empty() {
        k.insert(Kind::Object);
    }
    if k.is_empty() && node.items.is_some() {
        k.insert(Kind::Array);
    }
    if k.contains(&Kind::Number) {
        k.insert(Kind::Integer);
    }
    k
}

/// Where a type's positions under one name are.
struct Uses<'a> {
    name: &'a str,
    /// Parents, and whether as array items (event roots as one).
    places: BTreeSet<(bool, Parent)>,
    /// Positions as the key's value, and as array items.
    slots: [usize; 2],
    depth: usize,
}

impl Uses<'_> {
    /// As [`Def::weight`].
    fn weight(&self) -> [usize; 5] {
        let items = self.places.iter().filter(|(item, _)| *item).count();
        [
            self.places.len() - items,
            self.slots[0],
            items,
            self.slots[1],
            usize::MAX - self.depth,
        ]
    }
}

/// Union-find over clusters, keeping for each group its members, the union
/// of their keys, and which cluster each of its fields' objects is, so
/// joining two groups joins those too.
struct Joined {
    up: Vec<usize>,
    members: Vec<Vec<usize>>,
    keys: Vec<BTreeSet<String>>,
    slots: Vec<BTreeMap<String, usize>>,
}

impl Joined {
    fn new(clusters: &[Cluster]) -> Self {
        let n = clusters.len();
        Joined {
            up: (0..n).collect(),
            members: (0..n).map(|c| vec![c]).collect(),
            keys: clusters.iter().map(|c| c.keys.clone()).collect(),
            slots: vec![BTreeMap::new(); n],
        }
    }

    fn find(&self, mut c: usize) -> usize {
        while self.up[c] != c {
            c = self.up[c];
        }
        c
    }

    fn union(&mut self, a: usize, b: usize) {
        let mut work = vec![(a, b)];
        while let Some((a, b)) = work.pop() {
            let (ra, rb) = (self.find(a), self.find(b));
            if ra == rb {
                continue;
            }
            // The earlier cluster stays the root, so order is by first sight.
            let (keep, gone) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.up[gone] = keep;
            let members = std::mem::take(&mut self.members[gone]);
            self.members[keep].extend(members);
            let keys = std::mem::take(&mut self.keys[gone]);
            self.keys[keep].extend(keys);
            let moved = std::mem::take(&mut self.slots[gone]);
            for (slot, c) in moved {
                match self.slots[keep].get(&slot) {
                    Some(&other) => work.push((other, c)),
                    None => {
                        self.slots[keep].insert(slot, c);
                    }
                }
            }
        }
    }
}

/// How well a position with `a` keys fits a cluster with `b` under the same
/// key: their Jaccard similarity, or (when the smaller is large and nearly
/// all inside the other, an abridged copy) the share of it inside; 0 when
/// it does not fit.
fn fit(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 1.0;
    }
    let (common, jaccard) = overlap(a, b);
    let small = a.len().min(b.len());
    let inside = common as f64 / small as f64;
    if small >= ABRIDGED_MIN && inside >= ABRIDGED {
        inside
    } else if jaccard >= SAME_KEY {
        jaccard
    } else {
        0.0
    }
}

/// Whether the objects two positions hold under their shared keys could be
/// one type too: a pull request reference's `head` (`ref`, `sha` and a
/// three-key `repo`) shares most keys with a pull request's `head`, but
/// its `repo` is no repository, and one type would make every repository
/// field optional. One level deep, which is where such references differ.
fn nested_fit(a: &Node, b: &Node) -> bool {
    let keys =
        |n: &Node| -> BTreeSet<String> { n.children.iter().map(|(k, _)| k.clone()).collect() };
    a.children.iter().all(|(k, ca)| match b.child(k) {
        Some(cb) if !ca.children.is_empty() && !cb.children.is_empty() => {
            fit(&keys(ca), &keys(cb)) > 0.0
        }
        _ => true,
    })
}

/// How many keys two non-empty sets share, and that over all their keys
/// (their Jaccard similarity).
fn overlap(a: &BTreeSet<String>, b: &BTreeSet<String>) -> (usize, f64) {
    let common = a.intersection(b).count();
    (common, common as f64 / (a.len() + b.len() - common) as f64)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn defs(payloads: &[serde_json::Value]) -> Defs {
        let mut defs = Defs::new();
        for (i, p) in payloads.iter().enumerate() {
            let mut root = Node::default();
            root.observe(p);
            defs.collect(i, &root);
        }
        defs.finish();
        defs
    }

    fn user(login: &str) -> serde_json::Value {
        json!({"login": login, "id": 1, "node_id": "U1", "type": "User", "site_admin": false})
    }

    #[test]
    fn one_key_with_unrelated_shapes_is_two_types() {
        let links = json!({"url": "u", "html_url": "h", "diff_url": "d", "patch_url": "p"});
        let full = json!({"id": 1, "number": 2, "state": "open", "title": "t", "body": "b", "merged": false});
        let d = defs(&[
            json!({"issue": {"number": 1, "pull_request": links}}),
            json!({"pull_request": full}),
            json!({"pull_request": full}),
        ]);
        let issue = d.at(Parent::Root(0), "issue").unwrap();
        let small = d.at(Parent::Def(issue), "pull_request").unwrap();
        let big = d.at(Parent::Root(1), "pull_request").unwrap();
        assert_ne!(small, big);
        assert_eq!(Some(big), d.at(Parent::Root(2), "pull_request"));
        // The type used at more positions keeps the key's name.
        assert!(d.order[big].weight > d.order[small].weight);
    }

    #[test]
    fn same_keys_under_other_names_are_one_type_named_by_the_most_places() {
        let d = defs(&[
            json!({"sender": user("a"), "issue": {"user": user("b"), "assignee": user("c")}}),
            json!({"sender": user("a"), "comment": {"user": user("d")}}),
        ]);
        let issue = d.at(Parent::Root(0), "issue").unwrap();
        let comment = d.at(Parent::Root(1), "comment").unwrap();
        let sender = d.at(Parent::Root(0), "sender").unwrap();
        for (at, slot) in [
            (Parent::Def(issue), "user"),
            (Parent::Def(issue), "assignee"),
            (Parent::Def(comment), "user"),
            (Parent::Root(1), "sender"),
        ] {
            assert_eq!(d.at(at, slot), Some(sender), "{slot}");
        }
        assert_eq!(d.order[sender].name, "user");
    }

    #[test]
    fn an_abridged_example_joins_the_full_object() {
        let keys = [
            "id", "number", "state", "title", "body", "user", "url", "html_url", "merged", "draft",
            "head", "base",
        ];
        let full: serde_json::Map<String, serde_json::Value> =
            keys.iter().map(|k| (k.to_string(), json!("x"))).collect();
        let short: serde_json::Map<String, serde_json::Value> = keys[..8]
            .iter()
            .map(|k| (k.to_string(), json!("x")))
            .collect();
        let tiny = json!({"url": "x", "id": "x", "number": "x", "head": "x", "base": "x"});
        let d = defs(&[
            json!({"pull_requests": [tiny]}),
            json!({"pull_request": full}),
            json!({"pull_request": short}),
        ]);
        assert_eq!(
            d.at(Parent::Root(1), "pull_request"),
            d.at(Parent::Root(2), "pull_request")
        );
        assert_ne!(
            d.at(Parent::Root(0), "pull_requests[]"),
            d.at(Parent::Root(1), "pull_request")
        );
    }

    #[test]
    fn kinds_that_exclude_each_other_keep_types_apart() {
        let d = defs(&[json!({
            "a": {"id": 1, "name": "n", "url": "u", "size": 3},
            "b": {"id": "x1", "name": "n", "url": "u", "size": 3},
        })]);
        assert_ne!(d.at(Parent::Root(0), "a"), d.at(Parent::Root(0), "b"));
    }

    #[test]
    fn joining_two_types_joins_their_object_fields() {
        // `repo` under `head` and under `base` share no keys, so alone they
        // would be two types; but `head` and `base` are one type, which has
        // one type for `repo`.
        let d = defs(&[json!({
            "head": {"label": "l", "ref": "r", "sha": "s", "repo": {"id": 1, "name": "n"}},
            "base": {"label": "l", "ref": "r", "sha": "s", "repo": {"url": "u", "owner": "o"}},
        })]);
        let head = d.at(Parent::Root(0), "head").unwrap();
        assert_eq!(d.at(Parent::Root(0), "base"), Some(head));
        let repo = d.at(Parent::Def(head), "repo").unwrap();
        let fields: Vec<&str> = d.order[repo]
            .node
            .children
            .iter()
            .map(|(k, _)| k.as_str())
            .collect();
        assert_eq!(fields, ["id", "name", "url", "owner"]);
    }

    #[test]
    fn a_wrapper_under_many_keys_is_named_for_its_field() {
        let from = |v: &str| json!({"from": v});
        let d =
            defs(&[json!({"changes": {"title": from("a"), "body": from("b"), "name": from("c")}})]);
        let changes = d.at(Parent::Root(0), "changes").unwrap();
        let title = d.at(Parent::Def(changes), "title").unwrap();
        assert_eq!(d.at(Parent::Def(changes), "body"), Some(title));
        assert_eq!(d.order[title].name, "from");
    }
}
