//! Which body field names the event, found from the deliveries and the
//! page: a string field at the top or one level down (`data.type`,
//! `event.type`), or in each element of an array of events (a batch),
//! whose values the page lists, or that differ from delivery to delivery
//! under a key that says "event" or "type".

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::candidates::Candidate;
use super::lists::NameList;
use crate::parse::doc::{BlockKind, Document};
use crate::parse::fields::{sentences, strip_markup};

/// Where the event's name travels.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NameField {
    /// Keys from the body's root, or from an element of `batch`.
    pub path: Vec<String>,
    /// The array of events, when a delivery is a batch: keys from the
    /// root (empty when the body is the array).
    pub batch: Option<Vec<String>>,
}

impl NameField {
    /// The dotted path, as messages show it: `event.type`, `data.events[].eventType`.
    pub fn shown(&self) -> String {
        let path = self.path.join(".");
        match &self.batch {
            Some(b) if b.is_empty() => format!("[].{path}"),
            Some(b) => format!("{}[].{path}", b.join(".")),
            None => path,
        }
    }
}

/// How deep a name field may sit (in the body, or in a batch element).
const MAX_DEPTH: usize = 2;

/// How long a name may be: a catalog's dotted names run past 80 characters.
const MAX_NAME_LEN: usize = 160;

/// Whether a value can be an event's name: one token of letters, digits
/// and `_.:-/`, starting with a letter; not an id, a time or a path.
pub(crate) fn name_shaped(v: &str) -> bool {
    let hexish = v.len() >= 16 && v.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
    !v.is_empty()
        && v.len() <= MAX_NAME_LEN
        && v.starts_with(|c: char| c.is_ascii_alphabetic())
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.:-/".contains(c))
        && !v.contains("//")
        && !hexish
}

/// Words of a key: `eventType` → `event`, `type`; `event_name` → `event`, `name`.
fn key_words(key: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in key.chars() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Whether a key says it holds a kind of event: `event`, `type`,
/// `eventType`, `event_name`, `topic`, `kind`; not `objectType` or
/// `legacyEventType`, which say what else they are.
pub(crate) fn name_key(key: &str) -> bool {
    const WORDS: &[&str] = &["event", "type", "name", "kind", "topic", "webhook", "hook"];
    const STRONG: &[&str] = &["event", "type", "kind", "topic"];
    let words = key_words(key);
    !words.is_empty()
        && words.iter().all(|w| WORDS.contains(&w.as_str()))
        && words.iter().any(|w| STRONG.contains(&w.as_str()))
        // `action` is what happened to the event's object, read as actions.
        && key != "action"
}

/// String fields of an object, at most `MAX_DEPTH` keys deep.
fn strings(value: &Value) -> Vec<(Vec<String>, &str)> {
    crate::parse::event_names::string_fields(value, MAX_DEPTH)
}

/// Arrays of objects in a body, at most `MAX_DEPTH` keys deep: where a
/// batch's events could be.
pub(crate) fn object_arrays(value: &Value) -> Vec<(Vec<String>, &Vec<Value>)> {
    let is_batch = |items: &Vec<Value>| !items.is_empty() && items.iter().all(Value::is_object);
    let mut out = Vec::new();
    if let Value::Array(items) = value {
        if is_batch(items) {
            out.push((Vec::new(), items));
        }
        return out;
    }
    let mut level: Vec<(Vec<String>, &Value)> = vec![(Vec::new(), value)];
    for _ in 0..MAX_DEPTH {
        let mut next = Vec::new();
        for (path, v) in level {
            let Value::Object(map) = v else { continue };
            for (k, child) in map {
                let mut p = path.clone();
                p.push(k.clone());
                match child {
                    Value::Array(items) if is_batch(items) => out.push((p, items)),
                    Value::Object(_) => next.push((p, child)),
                    _ => {}
                }
            }
        }
        level = next;
    }
    out
}

/// The array at `path` of a body.
pub(crate) fn array_at<'v>(value: &'v Value, path: &[String]) -> Option<&'v Vec<Value>> {
    path.iter().try_fold(value, |v, k| v.get(k))?.as_array()
}

/// The string at `path` of a value.
pub(crate) fn string_at<'v>(value: &'v Value, path: &[String]) -> Option<&'v str> {
    path.iter().try_fold(value, |v, k| v.get(k))?.as_str()
}

/// Whether the page says the array at `path` carries several events: a
/// sentence that names it (`data.events`) and says it is an array, list
/// or batch of events ("an array, to send multiple events in one request").
pub(crate) fn says_batch(docs: &[&Document], path: &[String]) -> bool {
    let dotted = path.join(".");
    let last = path.last().cloned().unwrap_or_default();
    let names_it = |s: &str| {
        s.contains(&format!("`{dotted}`"))
            || (path.len() == 1 && s.contains(&format!("`{last}`")))
            || (path.is_empty() && s.to_lowercase().contains("array of events"))
    };
    let says = |s: &str| {
        let lower = s.to_lowercase();
        let container = ["array", "list", "batch"].iter().any(|w| lower.contains(w));
        let several = ["multiple", "several", "events", "many"]
            .iter()
            .any(|w| lower.contains(w));
        container && several
    };
    docs.iter().flat_map(|d| &d.blocks).any(|b| {
        let text = match &b.kind {
            BlockKind::Paragraph { text } => text.clone(),
            BlockKind::List { items } => items.join("\n"),
            _ => return false,
        };
        sentences(&strip_markup(&text)).any(|s| names_it(s) && says(s))
    })
}

/// What the candidates and lists say of one possible name field.
#[derive(Debug)]
struct Stats {
    field: NameField,
    /// Candidates that carry it.
    hits: usize,
    values: Vec<String>,
    /// Whether every value can be a name.
    shaped: bool,
    first: usize,
}

impl Stats {
    fn distinct(&self) -> usize {
        self.values.iter().collect::<HashSet<_>>().len()
    }

    fn listed(&self, listed: &HashSet<&str>) -> usize {
        self.values
            .iter()
            .filter(|v| listed.contains(v.as_str()))
            .collect::<HashSet<_>>()
            .len()
    }
}

/// The name field of these candidates (templates left out), if the page
/// shows one.
pub(crate) fn choose(
    candidates: &[&Candidate],
    lists: &[NameList],
    docs: &[&Document],
) -> Option<NameField> {
    let mut stats: Vec<Stats> = Vec::new();
    let mut index: HashMap<NameField, usize> = HashMap::new();
    let mut note = |field: NameField, value: &str, at: usize| match index.get(&field) {
        Some(&i) => {
            let s = &mut stats[i];
            s.hits += 1;
            s.shaped &= name_shaped(value);
            s.values.push(value.to_string());
        }
        None => {
            index.insert(field.clone(), stats.len());
            stats.push(Stats {
                field,
                hits: 1,
                values: vec![value.to_string()],
                shaped: name_shaped(value),
                first: at,
            });
        }
    };
    for (at, c) in candidates.iter().enumerate() {
        for (path, v) in strings(c.value()) {
            note(NameField { path, batch: None }, v, at);
        }
        for (batch, items) in object_arrays(c.value()) {
            for item in items {
                for (path, v) in strings(item) {
                    let field = NameField {
                        path,
                        batch: Some(batch.clone()),
                    };
                    note(field, v, at);
                }
            }
        }
    }
    let listed_names: HashSet<&str> = lists
        .iter()
        .flat_map(|l| l.names.iter().map(String::as_str))
        .collect();
    let batches: Vec<Vec<String>> = {
        let mut b: Vec<Vec<String>> = stats.iter().filter_map(|s| s.field.batch.clone()).collect();
        b.sort();
        b.dedup();
        b.into_iter().filter(|p| says_batch(docs, p)).collect()
    };
    let key_ok = |s: &Stats| s.field.path.last().is_some_and(|k| name_key(k));
    let said_batch = |s: &Stats| s.field.batch.as_ref().is_some_and(|b| batches.contains(b));
    stats
        .iter()
        .filter(|s| s.shaped)
        .map(|s| (s, s.listed(&listed_names), s.distinct()))
        .filter(|(s, listed, distinct)| {
            *listed >= 1 || key_ok(s) && *distinct >= 2 || key_ok(s) && said_batch(s)
        })
        // A batch the page describes comes first: its elements are the
        // events, whatever the envelope around them carries.
        .min_by_key(|(s, listed, distinct)| {
            (
                !said_batch(s),
                std::cmp::Reverse(*listed),
                !key_ok(s),
                std::cmp::Reverse(s.hits),
                std::cmp::Reverse(*distinct),
                s.field.path.len(),
                s.first,
            )
        })
        .map(|(s, _, _)| s.field.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_keys() {
        for key in [
            "type",
            "event",
            "eventType",
            "event_type",
            "eventName",
            "topic",
            "kind",
        ] {
            assert!(name_key(key), "{key}");
        }
        for key in [
            "objectType",
            "legacyEventType",
            "name",
            "action",
            "id",
            "operator",
        ] {
            assert!(!name_key(key), "{key}");
        }
    }

    #[test]
    fn name_shapes() {
        for v in ["BUILD_STARTED", "build:passed", "a.b.c", "ms.x-y.z-event"] {
            assert!(name_shaped(v), "{v}");
        }
        for v in [
            "",
            "Acme Hooks",
            "15173336",
            "/projects/2",
            "https://x",
            "2552bb609ca46865dc36401dee0b1865a0aee52d",
            "robot$x+y",
        ] {
            assert!(!name_shaped(v), "{v}");
        }
    }
}
