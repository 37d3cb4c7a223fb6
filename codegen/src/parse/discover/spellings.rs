//! One event in two payload formats: a page that shows each event's
//! delivery once per format (a native body and a CloudEvents one, under
//! one heading per event) spells the event once per format, in the same
//! field. The deliveries under one heading are then one event; the
//! spelling the page lists names it, the others are its other spellings.

use std::collections::BTreeSet;

use serde_json::Value;

/// A delivery with what pairing needs: its name, its body's top-level
/// keys, and the heading it sits under.
pub(crate) struct Shown<'a> {
    pub name: &'a str,
    pub value: &'a Value,
    /// The page and headings above it, as one key.
    pub under: String,
}

/// Keys of an object.
fn keys(v: &Value) -> BTreeSet<&str> {
    v.as_object()
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

/// How alike two key sets are: shared keys over all keys.
fn alike(a: &BTreeSet<&str>, b: &BTreeSet<&str>) -> bool {
    let shared = a.intersection(b).count();
    let all = a.union(b).count();
    all > 0 && shared * 2 >= all
}

/// The payload formats of the deliveries: each delivery's format index,
/// formats told apart by their top-level keys.
fn formats(shown: &[Shown<'_>]) -> Vec<usize> {
    let mut reps: Vec<BTreeSet<&str>> = Vec::new();
    shown
        .iter()
        .map(|s| {
            let k = keys(s.value);
            match reps.iter().position(|r| alike(r, &k)) {
                Some(i) => i,
                None => {
                    reps.push(k);
                    reps.len() - 1
                }
            }
        })
        .collect()
}

/// `(name, other spelling)` pairs, when the deliveries come in several
/// formats and every heading that holds deliveries holds exactly one of
/// each, with different names; `listed` says which spellings the page
/// lists (those name the event).
pub(crate) fn pair(shown: &[Shown<'_>], listed: &dyn Fn(&str) -> bool) -> Vec<(String, String)> {
    let format = formats(shown);
    let count = format.iter().copied().max().map_or(0, |m| m + 1);
    if count < 2 {
        return Vec::new();
    }
    // Deliveries per heading, headings in page order.
    let mut order: Vec<&str> = Vec::new();
    let mut by_heading: std::collections::HashMap<&str, Vec<usize>> = Default::default();
    for (i, s) in shown.iter().enumerate() {
        let under = by_heading.entry(s.under.as_str()).or_default();
        if under.is_empty() {
            order.push(&s.under);
        }
        under.push(i);
    }
    if order.len() < 2 {
        return Vec::new();
    }
    let mut pairs = Vec::new();
    for h in order {
        let under = &by_heading[h];
        let mut seen_formats: Vec<usize> = under.iter().map(|&i| format[i]).collect();
        seen_formats.sort_unstable();
        seen_formats.dedup();
        let mut names: Vec<&str> = under.iter().map(|&i| shown[i].name).collect();
        names.dedup();
        if under.len() != count || seen_formats.len() != count || names.len() != count {
            return Vec::new();
        }
        let primary = names
            .iter()
            .copied()
            .find(|n| listed(n))
            .unwrap_or_else(|| {
                // The first format's spelling.
                let first = under
                    .iter()
                    .min_by_key(|&&i| format[i])
                    .copied()
                    .unwrap_or(under[0]);
                shown[first].name
            });
        for n in names.into_iter().filter(|n| *n != primary) {
            pairs.push((primary.to_string(), n.to_string()));
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn two_formats_under_each_heading_are_two_spellings() {
        let values = [
            json!({"type": "A_DONE", "at": 1, "data": {}}),
            json!({"type": "x.a.done", "specversion": "1", "id": "1", "time": "t", "payload": {}}),
            json!({"type": "B_DONE", "at": 1, "data": {}}),
            json!({"type": "x.b.done", "specversion": "1", "id": "2", "time": "t", "payload": {}}),
        ];
        let shown: Vec<Shown<'_>> = values
            .iter()
            .enumerate()
            .map(|(i, v)| Shown {
                name: v["type"].as_str().unwrap(),
                value: v,
                under: format!("h{}", i / 2),
            })
            .collect();
        let pairs = pair(&shown, &|n| n.ends_with("_DONE"));
        assert_eq!(
            pairs,
            [
                ("A_DONE".to_string(), "x.a.done".to_string()),
                ("B_DONE".to_string(), "x.b.done".to_string())
            ]
        );
        // One heading holding both events of one format is no pairing.
        let one: Vec<Shown<'_>> = shown
            .into_iter()
            .map(|s| Shown {
                under: "all".into(),
                ..s
            })
            .collect();
        assert!(pair(&one, &|_| false).is_empty());
    }
}
