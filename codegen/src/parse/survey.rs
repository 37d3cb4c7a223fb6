//! What a page holds besides event definitions: delivery headers written as
//! a list, and, for a page with no events at all, a short account of what it
//! does have, so "no events" comes with "but these".

use super::text_table::{header_name, lines};
use super::{HeaderDoc, ParsedPage};
use crate::diag::Span;

/// `` * `X-Vendor-Event`: description `` lines: headers as a bullet list.
pub(crate) fn header_list(text: &str, span: &dyn Fn(usize) -> Span) -> Vec<HeaderDoc> {
    let mut out = Vec::new();
    for (off, line) in lines(text) {
        let t = line.trim_start();
        let Some(item) = t.strip_prefix("* ").or_else(|| t.strip_prefix("- ")) else {
            continue;
        };
        let Some((name, desc)) = item.split_once(':') else {
            continue;
        };
        let name = name.trim().trim_matches('`');
        if header_name(name) && name.len() > 3 {
            out.push(HeaderDoc {
                name: name.to_string(),
                description: desc.trim().to_string(),
                span: span(off),
                intro: String::new(),
            });
        }
    }
    if out.len() < 2 {
        out.clear();
    }
    out
}

/// Lists of named things (`- Users: ...`) under the line that introduces
/// them, as "groups: Users, Invites".
fn term_lists(text: &str) -> Vec<String> {
    let ls = lines(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < ls.len() {
        let intro = ls[i].1.trim();
        let mut terms = Vec::new();
        let mut j = i + 1;
        while let Some((_, l)) = ls.get(j) {
            let t = l.trim_start();
            let Some(item) = t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")) else {
                break;
            };
            match item.split_once(':') {
                Some((term, _)) if term.split_whitespace().count() <= 3 && !term.is_empty() => {
                    terms.push(term.trim().trim_matches(['*', '`']).to_string())
                }
                _ => break,
            }
            j += 1;
        }
        if terms.len() >= 2 && intro.ends_with(':') {
            let what = intro
                .trim_end_matches(':')
                .split_whitespace()
                .last()
                .unwrap_or("items")
                .to_ascii_lowercase();
            out.push(format!("{what}: {}", terms.join(", ")));
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// A line per thing found on a page that defines no events.
pub(crate) fn found_instead(text: &str, page: &ParsedPage) -> Vec<String> {
    let mut found = Vec::new();
    if !page.headers.is_empty() {
        let names: Vec<&str> = page.headers.iter().map(|h| h.name.as_str()).collect();
        found.push(format!("delivery headers: {}", names.join(", ")));
    }
    if !page.deliveries.is_empty() {
        found.push(format!(
            "{} example delivery request(s)",
            page.deliveries.len()
        ));
    }
    found.extend(term_lists(text));
    found
}
