//! The small languages inside table cells: key paths, type names, and
//! "Can be one of `a`, `b`, or `c`" value lists.

/// A step in a key path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PathSeg {
    Key(String),
    /// `[]`: the items of an array.
    Items,
}

/// A key cell whose key ends in `?` (`guild?`), as docs that mark
/// optional keys write it: the cell without the mark, and whether it had
/// one.
pub fn optional_key(cell: &str) -> (String, bool) {
    let t = cell.trim();
    let bare = t.trim_matches('`');
    match bare.strip_suffix('?') {
        Some(key) if !key.is_empty() && !key.ends_with('?') => (key.to_string(), true),
        _ => (cell.to_string(), false),
    }
}

/// `pull_request[head][sha]`, `commits[][id]`, `deployment_status["state"]`,
/// `object_attributes.action`: all the spellings docs use for nesting.
pub fn key_path(cell: &str) -> Option<Vec<PathSeg>> {
    let cell = strip_markup(cell);
    let cell = cell.trim().trim_matches('`').trim();
    if cell.is_empty() || cell.contains(char::is_whitespace) {
        return None;
    }
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = cell.chars().peekable();
    let flush = |cur: &mut String, out: &mut Vec<PathSeg>| {
        let k = cur.trim_matches(['"', '\'']).to_string();
        if !k.is_empty() {
            out.push(PathSeg::Key(k));
        }
        cur.clear();
    };
    while let Some(c) = chars.next() {
        match c {
            '[' => {
                flush(&mut cur, &mut out);
                if chars.peek() == Some(&']') {
                    chars.next();
                    out.push(PathSeg::Items);
                }
            }
            ']' | '.' => flush(&mut cur, &mut out),
            '`' => {}
            _ => cur.push(c),
        }
    }
    flush(&mut cur, &mut out);
    let valid = out.iter().all(|s| match s {
        PathSeg::Key(k) => k
            .chars()
            .all(|c| c.is_alphanumeric() || "_-$@+:".contains(c)),
        PathSeg::Items => true,
    });
    (valid && matches!(out.first(), Some(PathSeg::Key(_)))).then_some(out)
}

/// Drops HTML tags and markdown links' targets, keeps their text.
pub fn strip_markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    unlink(&out)
}

/// `[text](target)` → `text`; other brackets stay. Linear: a cell of many
/// `[` is not searched to its end once per bracket.
fn unlink(s: &str) -> String {
    let mut res = String::with_capacity(s.len());
    let mut copied = 0;
    let mut i = 0;
    // The first `)` at or after the last place one was looked for (None: no more).
    let mut close_cache: Option<Option<usize>> = None;
    while let Some(rel) = s[i..].find('[') {
        let open = i + rel;
        let text_start = open + 1;
        // The link text is what comes before `](`, with no `[` in it.
        let next_open = s[text_start..]
            .find('[')
            .map_or(s.len(), |r| text_start + r);
        let link = s[text_start..next_open].find("](").and_then(|r| {
            let target = text_start + r + 2;
            let close = match close_cache {
                Some(Some(c)) if c >= target => Some(c),
                Some(None) => None,
                _ => s[target..].find(')').map(|r| target + r),
            };
            close_cache = Some(close);
            Some((text_start + r, close?))
        });
        match link {
            Some((mid, close)) => {
                res.push_str(&s[copied..open]);
                res.push_str(&s[text_start..mid]);
                copied = close + 1;
                i = close + 1;
            }
            None => i = text_start,
        }
    }
    res.push_str(&s[copied..]);
    res
}

/// The plain-language description: markup stripped, whitespace collapsed.
pub fn plain(s: &str) -> String {
    strip_markup(&s.replace("</li>", "; ").replace("<li>", " "))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" ;", ";")
        .trim_end_matches([';', ' '])
        .to_string()
}

/// Values a description enumerates after "can be", "can be one of",
/// "can only be", "can be either", inline or as an HTML list.
pub fn enum_values(desc: &str) -> Vec<String> {
    let lower = desc.to_lowercase();
    let Some(at) = lower
        .find("can be")
        .or_else(|| lower.find("can only be"))
        .or_else(|| lower.find("one of:"))
    else {
        return Vec::new();
    };
    let rest = &desc[at..];
    let mut values = Vec::new();
    if let Some(ul) = rest.find("<li>").filter(|&i| !rest[..i].contains(". ")) {
        for item in rest[ul..].split("<li>").skip(1) {
            if let Some(v) = first_code(item) {
                values.push(v);
            }
        }
        return dedup(values);
    }
    // Inline: the first code span, then more while only separators come between.
    let mut s = rest;
    let Some(start) = s.find('`') else {
        return values;
    };
    if rest[..start].contains(". ") {
        return values;
    }
    s = &s[start..];
    while let Some(v) = code_at_start(s) {
        values.push(v.to_string());
        s = &s[v.len() + 2..];
        let gap_end = s.find('`').unwrap_or(s.len());
        let gap = s[..gap_end].trim().trim_end_matches(':');
        let only_separators = gap
            .split(|c: char| c == ',' || c.is_whitespace())
            .all(|w| matches!(w, "" | "or" | "and" | "either"));
        if !only_separators || gap_end == s.len() {
            break;
        }
        s = &s[gap_end..];
    }
    dedup(values)
}

fn first_code(s: &str) -> Option<String> {
    let start = s.find('`')?;
    code_at_start(&s[start..]).map(str::to_string)
}

/// `` `value` `` at the start of `s`, if it is a plausible enum value.
pub(crate) fn code_at_start(s: &str) -> Option<&str> {
    let inner = s.strip_prefix('`')?;
    let end = inner.find('`')?;
    let v = &inner[..end];
    let ok = !v.is_empty()
        && v.len() <= 80
        && v.chars()
            .all(|c| c.is_alphanumeric() || "_-.:/+".contains(c));
    ok.then_some(v)
}

/// Runs of two or more code spans with only separators between them
/// (commas, `or`, `and`, `either`, `:`): the values a sentence lists,
/// "one of `build:triggered`, `build:failed`, or `build:passed`". A run
/// never crosses a sentence's end.
pub fn code_runs(text: &str) -> Vec<Vec<String>> {
    let mut runs = Vec::new();
    for sentence in sentences(text) {
        let mut run: Vec<String> = Vec::new();
        let mut rest = sentence;
        while let Some(open) = rest.find('`') {
            let gap = &rest[..open];
            let only_separators = gap
                .trim()
                .trim_end_matches(':')
                .split(|c: char| c == ',' || c == '/' || c.is_whitespace())
                .all(|w| matches!(w, "" | "or" | "and" | "either"));
            if !only_separators && run.len() >= 2 {
                runs.push(std::mem::take(&mut run));
            } else if !only_separators {
                run.clear();
            }
            let Some(value) = code_at_start(&rest[open..]) else {
                // A span that is not a value (spaces, markup) ends the run.
                if run.len() >= 2 {
                    runs.push(std::mem::take(&mut run));
                }
                run.clear();
                let after = rest[open + 1..]
                    .find('`')
                    .map_or(rest.len(), |e| open + e + 2);
                rest = &rest[after.min(rest.len())..];
                continue;
            };
            run.push(value.to_string());
            rest = &rest[open + value.len() + 2..];
        }
        if run.len() >= 2 {
            runs.push(run);
        }
    }
    runs
}

/// Heading text that can be an event name as written: one token such as
/// `issues`, `pull_request_review`, `user.created`, `PushEvent`, but not a
/// word that names a part of a section (`Example`, `Payload`, `Headers`),
/// which docs use as subheadings under the event's own.
pub fn ident_like(s: &str) -> bool {
    let s = s.trim().trim_matches('`');
    !s.is_empty()
        && s.len() <= 80
        && s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.:/-".contains(c))
        && !SECTION_PARTS.contains(&s.trim_end_matches(':').to_ascii_lowercase().as_str())
}

/// Subheading words that say what a part of a section holds.
const SECTION_PARTS: &[&str] = &[
    "example",
    "examples",
    "sample",
    "samples",
    "payload",
    "payloads",
    "schema",
    "fields",
    "properties",
    "parameters",
    "attributes",
    "headers",
    "request",
    "response",
    "body",
    "object",
    "data",
    "json",
    "availability",
    "description",
    "overview",
    "notes",
    "note",
    "usage",
    "format",
];

/// The one code span of a heading ("Webhook payload object for `edited`",
/// "`edited`"), when it has exactly one that could be a value.
pub fn heading_scope(heading: &str) -> Option<String> {
    let spans: Vec<&str> = heading
        .match_indices('`')
        .step_by(2)
        .filter_map(|(i, _)| code_at_start(&heading[i..]))
        .collect();
    match spans.as_slice() {
        [one] => Some(one.to_string()),
        _ => None,
    }
}

/// Whether a heading or an intro introduces properties every event's payload
/// may carry: "Webhook payload object common properties", "Common fields",
/// "Envelope", "… included in every webhook payload", "All events share …".
pub fn introduces_common_properties(text: &str) -> bool {
    let t = text.to_lowercase();
    let has = |w: &str| t.contains(w);
    let about_keys = ["propert", "field", "attribute", "key", "parameter"]
        .iter()
        .any(|w| has(w));
    (has("common") || has("shared")) && about_keys
        || has("envelope")
        || ((has("every") || has("all ")) && (has("payload") || has("event")) && about_keys)
}

/// Sentences, split after `.`, `;` or `!` followed by a space; good
/// enough for table cells and paragraphs, and a stray split only narrows a sentence.
pub fn sentences(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.trim().is_empty() {
            return None;
        }
        let end = rest
            .char_indices()
            .find(|&(i, c)| {
                matches!(c, '.' | ';' | '!') && rest[i + 1..].starts_with(char::is_whitespace)
            })
            .map_or(rest.len(), |(i, _)| i + 1);
        let (head, tail) = rest.split_at(end);
        rest = tail;
        Some(head)
    })
}

/// Fields a paragraph says some payloads carry beyond the table: "Deliveries
/// for `review_requested` events will have an additional field called
/// `requested_reviewer`", "the payload also includes a `reason` key". Each
/// is the key and its sentence, which becomes the field's description (and
/// so ties it to the actions the sentence names). Only a sentence that says
/// the field is additional ("additional", "extra", "also") counts: prose that
/// mentions "the `login` field" of some object is about a field elsewhere.
pub fn prose_fields(text: &str) -> Vec<(String, String)> {
    const NOUNS: &[&str] = &[
        "field",
        "fields",
        "key",
        "keys",
        "property",
        "properties",
        "attribute",
        "attributes",
    ];
    let mut found = Vec::new();
    for sentence in sentences(text) {
        let lower = sentence.to_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric() && c != '_')
            .collect();
        let additional = ["additional", "extra", "also"]
            .iter()
            .any(|w| words.contains(w));
        if !additional {
            continue;
        }
        // Code spans named as a field: "field called `x`", "field `x`",
        // "`x` field". Byte offsets agree between `sentence` and `lower` for
        // the ASCII around them; a span is checked before it is sliced.
        // A list continues a named span: "the properties `a` and `b`".
        let mut last_named_end = None;
        for (i, _) in sentence.match_indices('`').step_by(2) {
            let Some(key) = code_at_start(&sentence[i..]) else {
                last_named_end = None;
                continue;
            };
            let end = i + key.len() + 2;
            let before = lower.get(..i).unwrap_or_default().trim_end();
            let before = before
                .strip_suffix("called")
                .or_else(|| before.strip_suffix("named"))
                .map_or(before, str::trim_end);
            let after = lower.get(end..).unwrap_or_default().trim_start();
            let listed = last_named_end.is_some_and(|e: usize| {
                let gap = lower.get(e..i).unwrap_or_default();
                matches!(gap.trim(), "," | "and" | ", and" | "or" | ", or")
            });
            let named = listed
                || NOUNS.iter().any(|n| {
                    before.ends_with(n)
                        || after.split(|c: char| !c.is_alphanumeric()).next() == Some(n)
                });
            last_named_end = named.then_some(end);
            if named && key_path(key).is_some_and(|p| p.len() == 1) {
                found.push((key.to_string(), plain(sentence.trim())));
            }
        }
    }
    found
}

fn dedup(values: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    values
        .into_iter()
        .filter(|v| seen.insert(v.clone()))
        .collect()
}

/// A header-table row: `X-Name description`.
pub(crate) fn header_name(w: &str) -> bool {
    let w = w.trim_matches('`');
    w.len() <= 64
        && w.contains('-')
        && w.starts_with(|c: char| c.is_ascii_alphabetic())
        && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && w.split('-')
            .all(|p| p.starts_with(|c: char| c.is_ascii_uppercase() || c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_of_code_spans() {
        assert_eq!(
            code_runs(
                "Event that fired, one of `build:triggered`, `build:failed`, or `build:passed`."
            ),
            [vec!["build:triggered", "build:failed", "build:passed"]]
        );
        assert_eq!(
            code_runs("Use `a` here. Then `b`, `c` and `d`; not `e` alone"),
            [vec!["b", "c", "d"]]
        );
        assert!(code_runs("The `type` field, then the `id` field.").is_empty());
    }

    #[test]
    fn common_property_sections() {
        for t in [
            "Webhook payload object common properties",
            "Common fields",
            "The event envelope",
            "These properties are included in every webhook payload.",
        ] {
            assert!(introduces_common_properties(t), "{t}");
        }
        for t in [
            "Webhook payload object",
            "Delivery headers",
            "issues",
            "Payload for `edited`",
        ] {
            assert!(!introduces_common_properties(t), "{t}");
        }
    }

    #[test]
    fn prose_names_additional_fields() {
        let keys =
            |t: &str| -> Vec<String> { prose_fields(t).into_iter().map(|(k, _)| k).collect() };
        assert_eq!(
            keys("Deliveries for `review_requested` and `review_request_removed` events will have an additional field called `requested_reviewer`."),
            ["requested_reviewer"]
        );
        assert_eq!(
            keys("The payload also includes a `reason` key."),
            ["reason"]
        );
        assert_eq!(
            keys("Some events carry the extra properties `a` and `b`."),
            ["a", "b"]
        );
        assert_eq!(
            keys("Read the `login` field of the sender."),
            Vec::<String>::new()
        );
        assert_eq!(keys("It also runs `opened` checks."), Vec::<String>::new());
        assert_eq!(
            keys("An additional field called `two words` appears."),
            Vec::<String>::new()
        );
    }

    #[test]
    fn heading_scope_is_the_one_code_span() {
        assert_eq!(
            heading_scope("Webhook payload object for `edited`").as_deref(),
            Some("edited")
        );
        assert_eq!(
            heading_scope("`pull_request.opened`").as_deref(),
            Some("pull_request.opened")
        );
        assert_eq!(heading_scope("Payload for `a` and `b`"), None);
        assert_eq!(heading_scope("Webhook payload object"), None);
        assert_eq!(heading_scope("Payload for `two words`"), None);
    }

    fn keys(s: &str) -> Vec<String> {
        key_path(s)
            .unwrap()
            .into_iter()
            .map(|p| match p {
                PathSeg::Key(k) => k,
                PathSeg::Items => "[]".into(),
            })
            .collect()
    }

    #[test]
    fn paths() {
        assert_eq!(
            keys("`check_run[check_suite][id]`"),
            ["check_run", "check_suite", "id"]
        );
        assert_eq!(
            keys("`commits[][author][name]`"),
            ["commits", "[]", "author", "name"]
        );
        assert_eq!(
            keys("`deployment_status[\"state\"]`"),
            ["deployment_status", "state"]
        );
        assert_eq!(
            keys("object_attributes.action"),
            ["object_attributes", "action"]
        );
        assert!(key_path("two words").is_none());
        assert_eq!(
            plain("The [deployment](/rest/x) and `a[b]`"),
            "The deployment and `a[b]`"
        );
        assert_eq!(unlink("[a [b](c) [d](e)f) [g](h"), "[a b df) [g](h");
        assert_eq!(unlink("x [a](b) ](c) [[y](z)"), "x a ](c) [y");
    }

    #[test]
    fn enums() {
        assert_eq!(
            enum_values("The action. Can be one of `opened`, `closed`, or `reopened`."),
            ["opened", "closed", "reopened"]
        );
        assert_eq!(
            enum_values("Currently, can only be `started`."),
            ["started"]
        );
        assert_eq!(
            enum_values("Can be `added` to indicate a user accepted an `invite`."),
            ["added"]
        );
        assert_eq!(
            enum_values("Can be one of: <ul><li> `created` - A new `check`.</li><li>`completed` - done</li></ul>"),
            ["created", "completed"]
        );
        assert_eq!(
            enum_values("Can be one of `success`, `failure`, `action_required` or `stale`. This value will be `null` until"),
            ["success", "failure", "action_required", "stale"]
        );
        assert!(enum_values("The `sender` object is `acme`.").is_empty());
    }
}
