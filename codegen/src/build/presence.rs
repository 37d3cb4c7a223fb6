//! Which fields every payload carries, and which may be `null`: the one
//! decision behind a schema's `required` list and `null` type and behind a
//! plain `T` (rather than `Option<T>`) in Rust.
//!
//! A field is required only on evidence: the docs do not make it
//! conditional, and every instance of its object in every example (of every
//! product version, for every event that uses the type) has it, non-null,
//! with enough independent instances to trust that: copies of one sample
//! count once ([`super::independence`]). A wrong "required" breaks a
//! receiver's parse; a wrong "optional" costs an `Option`, so doubt goes to
//! optional. A field is nullable when any example shows `null` there (for
//! the type, wherever it is used), when the docs say so or make it
//! conditional, and, for an object the docs never describe, when the vendor
//! sends `null` under the same key elsewhere.

use std::collections::BTreeSet;

use super::shape::{Kind, Node};

/// Independent instances of an object that must all carry a field the
/// docs do not describe before it counts as always present. A wrong
/// "required" fails a receiver's parse while a wrong "optional" costs an
/// `unwrap`, so the bar is high. Measured on the 2021 docs corpus against
/// 664 later real deliveries of the events it documents: counting copies
/// once, 2 made 483 fields plain and 8 deliveries lacked one (or sent it
/// `null`), 3 made 293 plain and 2 lacked one, 4 makes 225 plain and 1
/// lacks one (a `ping` without `repository`, a field the docs list), as
/// 6 does with 173 plain.
pub const TRUSTED_INSTANCES: usize = 4;

/// The same for a field the docs list without a condition: the docs and
/// two independent examples agreeing is enough; one example is an anecdote
/// (a vendor's sample of one product version, which others send without
/// the field).
pub const TRUSTED_DOCUMENTED: usize = 2;

/// How many independent instances must carry a field at `child` to trust it.
pub fn min_instances(child: &Node) -> usize {
    if child.documented {
        TRUSTED_DOCUMENTED
    } else {
        TRUSTED_INSTANCES
    }
}

/// Share of a key's appearances that are `null` from which the key counts
/// as one the vendor sends as `null` wherever the docs do not describe it
/// (`description`: 70% of its appearances in the 2021 corpus examples),
/// while one `null` among many (`body`: 8%) is not evidence about every
/// other object with that key.
pub const NULL_SHARE: f64 = 0.1;

/// Whether a description makes the field's presence or value depend on
/// something: "if any", "when the …", "only present …", "for pushes where
/// …", "or null". A sentence that opens with "When" says what time a value
/// is ("When the commit was made"), and "can only be" restricts values;
/// neither is a condition.
pub fn conditional(description: &str) -> bool {
    let d = description.to_lowercase();
    let words: Vec<&str> = d
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.' || c == ','))
        .filter(|w| !w.is_empty())
        .collect();
    let bare = |w: &str| w.trim_matches(|c: char| c == '.' || c == ',').to_string();
    for (i, raw) in words.iter().enumerate() {
        let w = bare(raw);
        let next = words.get(i + 1).map(|n| bare(n)).unwrap_or_default();
        let prev = i.checked_sub(1).map(|p| words[p]);
        let sentence_start = prev.is_none_or(|p| p.ends_with('.'));
        let hit = match w.as_str() {
            "null" | "nullable" | "unless" | "optional" | "optionally" | "omitted" | "absent"
            | "otherwise" | "whenever" => true,
            // "if the action was …", "if any", "if one was given": a
            // condition; "If necessary, use …" is advice.
            "if" => {
                matches!(
                    next.as_str(),
                    "any" | "present" | "set" | "available" | "applicable" | "known" | "given"
                ) || subject(&next)
            }
            "when" => !sentence_start && subject(&next),
            // "only present …", "Only for `edited`", "only when": a
            // condition; "can only be" restricts values, "… events only"
            // scopes a sentence.
            "only" => {
                sentence_start
                    || matches!(
                        next.as_str(),
                        "present"
                            | "for"
                            | "when"
                            | "if"
                            | "set"
                            | "sent"
                            | "included"
                            | "in"
                            | "on"
                            | "available"
                            | "exists"
                            | "there"
                    )
            }
            "may" | "might" => true,
            "where" => prev.is_some_and(|_| i >= 2 && bare(words[i - 2]) == "for"),
            _ => false,
        };
        if hit {
            return true;
        }
    }
    ["left out", "not included", "not present", "not sent"]
        .iter()
        .any(|p| d.contains(p))
}

/// Whether `word` opens a clause about something ("the", "it", "there"),
/// after "if" or "when".
fn subject(word: &str) -> bool {
    matches!(
        word,
        "the"
            | "a"
            | "an"
            | "it"
            | "its"
            | "there"
            | "this"
            | "that"
            | "one"
            | "someone"
            | "no"
            | "you"
            | "they"
            | "not"
            | "their"
            | "these"
            | "those"
    )
}

/// Whether a common property's description says every payload carries it
/// ("This property is included in every webhook payload").
pub fn in_every_payload(description: &str) -> bool {
    let d = description.to_lowercase();
    ["every", "all ", "each ", "always"]
        .iter()
        .any(|w| d.contains(w))
        && ["payload", "event", "delivery", "deliveries", "message"]
            .iter()
            .any(|w| d.contains(w))
        && !d.contains("most ")
}

/// Whether every instance of `parent` seen has `child`'s key, never `null`,
/// over at least `min` independent ones (`independent`: how many of
/// `parent`'s instances are, from [`super::independence::Instances::independent`]).
pub fn always_present(parent: &Node, independent: usize, child: &Node, min: usize) -> bool {
    independent >= min.max(1)
        && child.present >= parent.objects_seen
        && !child.kinds.contains(&Kind::Null)
}

/// Whether a field at `child` (under `key`) may be `null`. `null_keys` are
/// the keys the vendor sends as `null` as a matter of course.
pub fn nullable(key: &str, child: &Node, doc_nullable: bool, null_keys: &BTreeSet<String>) -> bool {
    child.kinds.contains(&Kind::Null)
        || doc_nullable
        || child.doc_nullable
        || conditional(&child.description)
        || (!child.documented && null_keys.contains(key))
}

/// Whether `node`'s instances look like a map from names to one kind of
/// value (`{"checks": "write", "issues": "read"}`) rather than a record:
/// every value the same scalar kind, and the instances disagree on keys.
/// A map's keys come and go, so none of them is required.
pub fn map_like(node: &Node) -> bool {
    let scalar = |n: &Node| -> Option<Kind> {
        let mut kinds = n.kinds.iter().filter(|k| **k != Kind::Null);
        let k = *kinds.next()?;
        (kinds.next().is_none() && !matches!(k, Kind::Object | Kind::Array)).then_some(k)
    };
    let Some((_, first)) = node.children.first() else {
        return false;
    };
    let Some(kind) = scalar(first) else {
        return false;
    };
    node.children.len() >= 2
        && node.children.iter().all(|(_, c)| scalar(c) == Some(kind))
        && node
            .children
            .iter()
            .any(|(_, c)| c.present < node.objects_seen)
}

/// An object the docs never describe, seen only as an object.
pub fn undescribed_object(child: &Node) -> bool {
    !child.documented && child.kinds.iter().all(|k| *k == Kind::Object) && !child.kinds.is_empty()
}

/// Keys shown `null` in at least [`NULL_SHARE`] of their appearances below
/// any of `roots`.
pub fn null_keys<'a>(roots: impl IntoIterator<Item = &'a Node>) -> BTreeSet<String> {
    let mut counts: std::collections::BTreeMap<String, (u32, u32)> = Default::default();
    fn walk(node: &Node, counts: &mut std::collections::BTreeMap<String, (u32, u32)>) {
        for (key, child) in &node.children {
            let c = counts.entry(key.clone()).or_default();
            c.0 += child.nulls;
            c.1 += child.present;
            walk(child, counts);
        }
        if let Some(items) = &node.items {
            walk(items, counts);
        }
    }
    for root in roots {
        walk(root, &mut counts);
    }
    counts
        .into_iter()
        .filter(|(_, (nulls, present))| {
            *nulls > 0 && f64::from(*nulls) >= NULL_SHARE * f64::from(*present)
        })
        .map(|(k, _)| k)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditional_wording() {
        for d in [
            "The milestone, if any.",
            "Present when the webhook is set up on an organization.",
            "Only present for `edited`.",
            "The SHA, for pushes where a commit was made.",
            "A string or null.",
            "Optional note.",
        ] {
            assert!(conditional(d), "{d}");
        }
        for d in [
            "The repository where the event occurred.",
            "The user that triggered the event.",
            "The number of the issue.",
            "When the commit was made, as an ISO 8601 timestamp.",
            "The pushed commits. If necessary, use the Commits API for more. This limit is applied to timeline events only and not to deliveries.",
            "Identifier to pass back when attaching content to the link.",
            "What happened. Currently, can only be `started`.",
        ] {
            assert!(!conditional(d), "{d}");
        }
    }

    #[test]
    fn presence_needs_every_instance_and_no_null() {
        let mut parent = Node::default();
        for v in [
            serde_json::json!({"a": 1, "b": null, "c": 1}),
            serde_json::json!({"a": 2, "b": 3}),
        ] {
            parent.observe(&v);
        }
        let child = |k: &str| parent.child(k).unwrap();
        let n = parent.instances.independent();
        assert!(always_present(&parent, n, child("a"), 2));
        assert!(
            !always_present(&parent, n, child("a"), 3),
            "too few instances"
        );
        assert!(!always_present(&parent, n, child("b"), 1), "null once");
        assert!(!always_present(&parent, n, child("c"), 1), "absent once");
    }
}
