//! What a page holds besides event definitions, read over its blocks:
//! delivery headers written as a list, and, for a page with no events at
//! all, a short account of what it does have, so "no events" comes with
//! "but these".

use super::doc::{BlockKind, Document};
use super::fields::header_name;
use super::{HeaderDoc, ParsedPage};

/// The items of every list, one per line (a nested item is a line of its
/// parent's), with the list's span.
fn list_lines(doc: &Document) -> impl Iterator<Item = (&str, &crate::diag::Span)> {
    doc.blocks.iter().flat_map(|b| {
        let items: &[String] = match &b.kind {
            BlockKind::List { items } => items,
            _ => &[],
        };
        items
            .iter()
            .flat_map(|i| i.lines())
            .map(move |l| (l, &b.span))
    })
}

/// `` * `X-Vendor-Event`: description `` items: headers as a bullet list.
pub(crate) fn header_list(doc: &Document) -> Vec<HeaderDoc> {
    let mut out = Vec::new();
    for (item, at) in list_lines(doc) {
        let Some((name, desc)) = item.split_once(':') else {
            continue;
        };
        let name = name.trim().trim_matches('`');
        if header_name(name) && name.len() > 3 {
            out.push(HeaderDoc {
                name: name.to_string(),
                description: desc.trim().to_string(),
                span: at.clone(),
                intro: String::new(),
            });
        }
    }
    if out.len() < 2 {
        out.clear();
    }
    out
}

/// The page's prose and list items as lines, each marked whether it
/// opens a list item: a line a list item runs on into (a lazy
/// continuation, a nested item) is a line of its own.
fn marked_lines(doc: &Document) -> Vec<(bool, &str)> {
    let mut out = Vec::new();
    for block in &doc.blocks {
        match &block.kind {
            BlockKind::Paragraph { text } => out.extend(text.lines().map(|l| (false, l))),
            BlockKind::List { items } => {
                for item in items {
                    for (n, line) in item.lines().enumerate() {
                        out.push((n == 0, line));
                    }
                }
            }
            _ => out.push((false, "")),
        }
    }
    out
}

/// Lists of named things (`- Users: ...`) right after the line that
/// introduces them (ending in `:`), as "groups: Users, Invites".
fn term_lists(doc: &Document) -> Vec<String> {
    let ls = marked_lines(doc);
    let mut out = Vec::new();
    let mut i = 0;
    while i < ls.len() {
        let intro = ls[i].1.trim();
        let mut terms = Vec::new();
        let mut j = i + 1;
        while let Some(&(true, item)) = ls.get(j) {
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
pub(crate) fn found_instead(doc: &Document, page: &ParsedPage) -> Vec<String> {
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
    found.extend(term_lists(doc));
    found
}
