//! Which of the objects seen at one position are independent evidence, and
//! which are copies of one sample.
//!
//! Docs examples are often written from one sample: the same repository
//! pasted into every event, a user touched up for the next example, ids
//! typed by hand. A copy proves nothing twice, so [`Instances::independent`]
//! counts groups of copies, where two objects are copies when
//! - they are the same object;
//! - they carry the same identifier (`id`, `node_id`, `uuid`, `guid`): one
//!   record, shown again, whatever else changed between the showings;
//! - both carry made-up identifiers ([`super::placeholder`]): written by
//!   hand, they are the writer's one sample, however many ids were typed;
//! - they agree on most of the keys they share ([`SAME_VALUES`]): the
//!   same values across events, with a field or two changed (a nested
//!   object compares by its identifier when it has one, else whole).
//!
//! Copies of copies are copies: the groups are the connected ones.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

use serde_json::Value;

use super::placeholder::words;

/// Objects that share at least this many keys ...
const COMPARED_FROM: usize = 3;
/// ... and differ in at most this share of them are the same values.
pub const SAME_VALUES: f64 = 0.25;
/// Instances remembered per position: past this many, more are not needed
/// to trust a field, and comparing every pair would cost too much.
const MAX_KEPT: usize = 512;

/// One object seen at a position, as far as its independence goes.
#[derive(Debug, Clone)]
pub struct Instance {
    whole: u64,
    /// Real identifier values, hashed with their key.
    ids: Vec<u64>,
    made_up: bool,
    /// Each key's hash with its value's: a scalar's value, a nested
    /// object's identity, an array's fingerprint. Sorted by key.
    values: Vec<(u64, u64)>,
}

/// Gathers an [`Instance`] key by key while the object is walked.
#[derive(Default)]
pub struct InstanceBuilder {
    ids: Vec<u64>,
    made_up: Vec<u64>,
    values: Vec<(u64, u64)>,
}

impl InstanceBuilder {
    /// Records `key`'s `value`; `identity` is what the value is compared
    /// by (for an object, what [`InstanceBuilder::finish`] gave).
    pub fn field(&mut self, key: &str, value: &Value, identity: u64) {
        let k = hash_of(key);
        self.values.push((k, identity));
        if !matches!(value, Value::String(_) | Value::Number(_)) {
            return;
        }
        let id = hash_of((key, value.to_string()));
        if names_an_id(key) && super::placeholder::made_up(key, value) {
            self.made_up.push(id);
        } else if identifier(key) {
            self.ids.push(id);
        }
    }

    /// The instance, and the identity its parent compares it by: its
    /// identifiers, real or made up, when it has any, else `whole`.
    pub fn finish(mut self, whole: u64) -> (Instance, u64) {
        self.values.sort_unstable();
        let identity = if self.ids.is_empty() && self.made_up.is_empty() {
            whole
        } else {
            let mut all: Vec<u64> = self.ids.iter().chain(&self.made_up).copied().collect();
            all.sort_unstable();
            hash_of(all)
        };
        let instance = Instance {
            whole,
            ids: self.ids,
            made_up: !self.made_up.is_empty(),
            values: self.values,
        };
        (instance, identity)
    }
}

/// The objects seen at a position, each once.
#[derive(Debug, Clone, Default)]
pub struct Instances {
    wholes: HashSet<u64>,
    kept: Vec<Instance>,
}

impl Instances {
    pub fn insert(&mut self, instance: Instance) {
        if self.wholes.insert(instance.whole) && self.kept.len() < MAX_KEPT {
            self.kept.push(instance);
        }
    }

    pub fn extend(&mut self, other: &Instances) {
        for i in &other.kept {
            self.insert(i.clone());
        }
        self.wholes.extend(other.wholes.iter().copied());
    }

    /// How many groups of copies the objects seen fall into.
    pub fn independent(&self) -> usize {
        let n = self.kept.len();
        let mut groups = Groups::new(n);
        let mut by_id: HashMap<u64, usize> = HashMap::new();
        let mut first_made_up: Option<usize> = None;
        for (i, instance) in self.kept.iter().enumerate() {
            for id in &instance.ids {
                let first = *by_id.entry(*id).or_insert(i);
                groups.join(first, i);
            }
            if instance.made_up {
                groups.join(*first_made_up.get_or_insert(i), i);
            }
        }
        for i in 0..n {
            for j in i + 1..n {
                if groups.find(i) != groups.find(j) && same_values(&self.kept[i], &self.kept[j]) {
                    groups.join(i, j);
                }
            }
        }
        groups.count
    }
}

/// Whether two objects agree on all but a few of the keys they share.
fn same_values(a: &Instance, b: &Instance) -> bool {
    let (mut compared, mut differ) = (0usize, 0usize);
    let (mut x, mut y) = (a.values.iter().peekable(), b.values.iter().peekable());
    while let (Some(&&(ka, va)), Some(&&(kb, vb))) = (x.peek(), y.peek()) {
        match ka.cmp(&kb) {
            std::cmp::Ordering::Less => {
                x.next();
            }
            std::cmp::Ordering::Greater => {
                y.next();
            }
            std::cmp::Ordering::Equal => {
                compared += 1;
                differ += usize::from(va != vb);
                x.next();
                y.next();
            }
        }
    }
    compared >= COMPARED_FROM && (differ as f64) <= SAME_VALUES * compared as f64
}

/// Keys that name the object itself rather than describe it: `id`,
/// `node_id`, `uuid`, `guid`, in any case or spelling.
fn identifier(key: &str) -> bool {
    let words = words(key);
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    matches!(words[..], ["id"] | ["node", "id"] | ["uuid"] | ["guid"])
}

/// Keys that hold an id, the object's own or another's (`pullRequestId`,
/// `hook_id`): a made-up value in any of them shows the object was written
/// by hand.
fn names_an_id(key: &str) -> bool {
    words(key)
        .last()
        .is_some_and(|w| matches!(w.as_str(), "id" | "uuid" | "guid"))
}

/// A hash with a fixed key, the same on every run.
fn hash_of(v: impl Hash) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    v.hash(&mut h);
    h.finish()
}

/// Union-find over instance indices, counting the groups.
struct Groups {
    parent: Vec<usize>,
    count: usize,
}

impl Groups {
    fn new(n: usize) -> Self {
        Groups {
            parent: (0..n).collect(),
            count: n,
        }
    }

    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.parent[b] = a;
            self.count -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::shape::Node;
    use serde_json::json;

    fn independent(objects: &[serde_json::Value]) -> usize {
        let mut node = Node::default();
        for o in objects {
            node.observe(o);
        }
        node.instances.independent()
    }

    #[test]
    fn the_same_object_repeated_is_one() {
        let o = json!({"size": 1, "color": "red"});
        assert_eq!(independent(&[o.clone(), o.clone(), o]), 1);
        assert_eq!(
            independent(&[json!({"size": 1}), json!({"size": 2}), json!({"size": 3})]),
            3
        );
    }

    #[test]
    fn one_identifier_is_one_record_whatever_changed() {
        let objects = [
            json!({"id": 7, "state": "open", "title": "a", "updated": "1", "closed": null}),
            json!({"id": 7, "state": "closed", "title": "b", "updated": "2", "closed": "2"}),
            json!({"id": 8, "node_id": "W7"}),
            json!({"id": 7, "node_id": "W7"}),
            json!({"id": 9, "state": "open"}),
        ];
        // 7 and 8 are one record through the shared `node_id`.
        assert_eq!(independent(&objects), 2);
    }

    #[test]
    fn made_up_identifiers_are_one_sample() {
        let objects = [
            json!({"id": "aaaa1111-bbbb-cccc-dddd-eeee2222ffff", "name": "one"}),
            json!({"id": "widget-id", "name": "two"}),
            json!({"id": 12345, "name": "three"}),
            json!({"id": "f844ec47-a9db-4511-8281-8b63f4eaf94e", "name": "four"}),
            json!({"id": 2727068, "name": "five"}),
        ];
        assert_eq!(independent(&objects), 3);
    }

    #[test]
    fn the_same_values_with_a_field_changed_are_one() {
        let repo = |id: u64, pushed: &str, stars: u64| {
            json!({"id": id, "name": "w", "url": "https://x/w", "owner": {"id": 1},
                   "pushed_at": pushed, "stars": stars, "private": false, "size": 10})
        };
        // The same repository pasted into three events, once with its id
        // changed, with `pushed_at` changed each time; and another one.
        let other = json!({"id": 3, "name": "v", "url": "https://x/v", "owner": {"id": 2},
                           "pushed_at": "5", "stars": 0, "private": false, "size": 3});
        assert_eq!(
            independent(&[repo(1, "1", 0), repo(2, "2", 0), repo(1, "3", 0), other]),
            2
        );
        // Too few keys in common to say.
        assert_eq!(
            independent(&[json!({"a": 1, "b": 2}), json!({"a": 1, "b": 3})]),
            2
        );
    }

    #[test]
    fn nested_objects_compare_by_their_identifier() {
        let event = |action: &str, title: &str| {
            json!({"action": action, "number": 1,
                   "issue": {"id": 5, "title": title},
                   "repository": {"id": 6}, "sender": {"id": 7}})
        };
        // The issue was retitled between the two examples; it is the same
        // issue, so these are one payload with its action changed.
        assert_eq!(
            independent(&[event("opened", "a"), event("edited", "b")]),
            1
        );
    }
}
