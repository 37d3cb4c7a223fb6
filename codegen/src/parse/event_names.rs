//! Where vendors put an event's name besides a heading or a header: a
//! definition line in its section (``Event ID: `build.complete` ``), and a
//! field of the payload that every example of the section carries with the
//! same value, one that matches the section's name or anchor.

use serde_json::Value;

use super::fields::ident_like;

/// Words a definition's label may add after `event`: `Event ID`, `Event type`.
const LABEL_TAILS: &[&str] = &["id", "type", "name", "key", "code", "identifier"];

/// Whether a definition's label names the event: `Event`, `Event ID`,
/// `Webhook event type`; never a code span (`` `eventType` `` is a field).
fn event_label(label: &str) -> bool {
    let label = label.trim().trim_matches(|c| c == '*' || c == '_').trim();
    if label.is_empty() || label.contains('`') {
        return false;
    }
    let lower = label.to_lowercase();
    let mut words: Vec<&str> = lower.split_whitespace().collect();
    if matches!(words.first(), Some(&("webhook" | "hook"))) {
        words.remove(0);
    }
    match words.as_slice() {
        ["event"] => true,
        ["event", tail] => LABEL_TAILS.contains(tail),
        _ => false,
    }
}

/// The name a definition's value gives: a code span, or one bare token.
fn definition_value(value: &str) -> Option<String> {
    let v = value.trim().trim_start_matches(['*', '_']).trim();
    if let Some(rest) = v.strip_prefix('`') {
        let name = rest.split('`').next()?.trim();
        return (!name.is_empty() && name.len() <= 80).then(|| name.to_string());
    }
    let v = v.trim_end_matches(['*', '_']).trim();
    ident_like(v).then(|| v.to_string())
}

/// An event name a block of text defines: a line ``Event ID: `x` ``,
/// `**Event type:** x`, `Event: x` (a list item or a paragraph), or a
/// definition list's `Event ID` followed by `: x`.
pub(crate) fn definition_line(raw: &str) -> Option<String> {
    let lines: Vec<&str> = raw
        .lines()
        .map(|l| {
            let l = l.trim().trim_start_matches('>').trim();
            let l = l.strip_prefix(['*', '-', '+']).map_or(l, |r| {
                if r.starts_with(' ') {
                    r.trim()
                } else {
                    l
                }
            });
            l.trim()
        })
        .collect();
    for (i, line) in lines.iter().enumerate() {
        // `Event ID` / `: build.complete`.
        if event_label(line) {
            if let Some(def) = lines.get(i + 1).and_then(|n| n.strip_prefix(':')) {
                if let Some(name) = definition_value(def) {
                    return Some(name);
                }
            }
        }
        // `**Event ID:** x` keeps its colon inside the bold.
        let plain = line.replace(":**", "**:").replace(":__", "__:");
        let Some((label, value)) = plain.split_once(':') else {
            continue;
        };
        if event_label(label) {
            if let Some(name) = definition_value(value) {
                return Some(name);
            }
        }
    }
    None
}

/// Words of a name or heading, lowercased: `git.pullrequest.created`,
/// `mergeRequest`, `Build completed`.
fn words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_lowercase() || c.is_numeric();
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Heading words that say what kind of section it is, not which event.
const GENERIC_HEADING_WORDS: &[&str] = &[
    "event", "events", "hook", "hooks", "webhook", "webhooks", "payload", "payloads", "the", "a",
    "an",
];

/// Whether a field value names the section: equal to one of its ids (an
/// anchor, the heading itself) but for case and punctuation, or each of its
/// words begins the heading's word at that place (`build.complete` and
/// "Build completed", `merge_request` and "Merge request events").
pub(crate) fn names_section(value: &str, ids: &[String], heading: &str) -> bool {
    let squash = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let v = squash(value);
    if v.is_empty() {
        return false;
    }
    if ids
        .iter()
        .chain([&heading.to_string()])
        .any(|id| squash(id) == v)
    {
        return true;
    }
    let vw = words(value);
    let hw: Vec<String> = words(heading)
        .into_iter()
        .filter(|w| !GENERIC_HEADING_WORDS.contains(&w.as_str()))
        .collect();
    !vw.is_empty()
        && vw.len() == hw.len()
        && vw.iter().zip(&hw).all(|(v, h)| h.starts_with(v.as_str()))
}

/// How deep a name field may sit in the payload.
const MAX_NAME_DEPTH: usize = 3;

/// String fields of `value` (objects only, at most `depth` keys deep), in
/// payload order, shallowest first: key path and value.
pub(crate) fn string_fields(value: &Value, depth: usize) -> Vec<(Vec<String>, &str)> {
    let mut out = Vec::new();
    let mut level: Vec<(Vec<String>, &Value)> = vec![(Vec::new(), value)];
    for _ in 0..depth {
        let mut next = Vec::new();
        for (path, v) in level {
            let Value::Object(map) = v else { continue };
            for (k, child) in map {
                let mut p = path.clone();
                p.push(k.clone());
                match child {
                    Value::String(s) => out.push((p, s.as_str())),
                    Value::Object(_) => next.push((p, child)),
                    _ => {}
                }
            }
        }
        level = next;
    }
    out
}

/// The value at a key path, if it is a string.
pub(crate) fn string_at<'v>(value: &'v Value, path: &[String]) -> Option<&'v str> {
    path.iter().try_fold(value, |v, k| v.get(k))?.as_str()
}

/// A name the section's examples all carry in one field that names the
/// section (see [`names_section`]), shallowest and first in the payload.
pub(crate) fn body_name(examples: &[&Value], ids: &[String], heading: &str) -> Option<String> {
    let first = examples.first()?;
    string_fields(first, MAX_NAME_DEPTH)
        .into_iter()
        .filter(|(_, v)| v.len() <= 80 && !v.contains('\n'))
        .filter(|(path, v)| examples[1..].iter().all(|e| string_at(e, path) == Some(*v)))
        .find(|(_, v)| names_section(v, ids, heading))
        .map(|(_, v)| v.to_string())
}

/// Key paths at which `value` holds `name`, shallowest first.
pub(crate) fn name_paths(value: &Value, name: &str) -> Vec<Vec<String>> {
    string_fields(value, MAX_NAME_DEPTH)
        .into_iter()
        .filter(|(_, v)| *v == name)
        .map(|(p, _)| p)
        .collect()
}

/// Where the event name travels in the body, if it does: per event, the
/// shallowest key path at which every example holds the event's own name.
/// A path some events share is the docs' only when it names at least half
/// of the events that have examples (one field that happens to equal its
/// event's name, such as a `"type": "public"`, is no convention); the other
/// events' own paths follow it as fallbacks, most used first.
pub(crate) fn shared_name_paths(events: &[(&str, Vec<&Value>)]) -> Vec<Vec<String>> {
    let mut counts: Vec<(Vec<String>, usize)> = Vec::new();
    let mut with_examples = 0;
    for (name, examples) in events.iter().filter(|(_, x)| !x.is_empty()) {
        with_examples += 1;
        let mut paths = name_paths(examples[0], name);
        paths.retain(|p| examples[1..].iter().all(|x| string_at(x, p) == Some(*name)));
        let Some(path) = paths.into_iter().next() else {
            continue;
        };
        match counts.iter_mut().find(|(p, _)| *p == path) {
            Some((_, n)) => *n += 1,
            None => counts.push((path, 1)),
        }
    }
    // Most used first; ties in the order first seen.
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    match counts.first() {
        Some((_, n)) if 2 * n >= with_examples => counts.into_iter().map(|(p, _)| p).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn definition_lines() {
        for (raw, want) in [
            ("* Event ID: `build.complete`", Some("build.complete")),
            ("- **Event type:** `git.push`", Some("git.push")),
            ("**Event type**: git.push", Some("git.push")),
            ("Event: push", Some("push")),
            ("Webhook event: `Push Hook`", Some("Push Hook")),
            ("Event ID\n: build.complete", Some("build.complete")),
            ("Event: A build finishes.", None),
            ("* Publisher ID: `tfs`", None),
            ("* `eventType`: `build.complete`", None),
            ("Events: push", None),
        ] {
            assert_eq!(definition_line(raw).as_deref(), want, "{raw}");
        }
    }

    #[test]
    fn section_names() {
        let none: &[String] = &[];
        assert!(names_section("build.complete", none, "Build completed"));
        assert!(names_section("merge_request", none, "Merge request events"));
        assert!(names_section("push", none, "Push events"));
        assert!(!names_section(
            "git.pullrequest.created",
            none,
            "Pull request created"
        ));
        assert!(names_section(
            "git.pullrequest.created",
            &["git.pullrequest.created".to_string()],
            "Pull request created"
        ));
        assert!(!names_section("opened", none, "Build completed"));
    }

    #[test]
    fn body_names_and_paths() {
        let a =
            json!({"id": "1", "eventType": "build.complete", "meta": {"kind": "build.complete"}});
        let b = json!({"id": "2", "eventType": "build.complete"});
        assert_eq!(
            body_name(&[&a, &b], &[], "Build completed").as_deref(),
            Some("build.complete")
        );
        assert_eq!(body_name(&[&a, &b], &[], "Release created"), None);
        assert_eq!(
            name_paths(&a, "build.complete"),
            [
                vec!["eventType".to_string()],
                vec!["meta".to_string(), "kind".to_string()]
            ]
        );
    }
}
