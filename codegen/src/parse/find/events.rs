//! Which headings are events. A heading is an event when its section has a
//! definition line naming one (``Event ID: `x` ``), when its text is one
//! token (`issues`, `user.created`) and its section has a field table or a
//! JSON example, when its section shows an `X-Vendor-Event: Name` header
//! with a JSON example, or when every example in it carries a field whose
//! value matches the heading or its anchor; and no heading inside it is an
//! event itself. Decided innermost first, so a heading that groups events
//! is not one.

use super::code::is_json_block;
use super::tables::field_table_columns;
use crate::diag::Span;
use crate::parse::doc::{BlockKind, Document};
use crate::parse::event_names::{body_name, definition_line};
use crate::parse::fields::{ident_like, plain};
use crate::parse::ExampleBlock;

/// Each heading's end: the index of the next heading at its level or
/// above (or the page's end); other blocks end where the page does.
pub(super) fn heading_ends(doc: &Document) -> Vec<usize> {
    let blocks = &doc.blocks;
    let level = |i: usize| match &blocks[i].kind {
        BlockKind::Heading { level, .. } => *level,
        _ => u8::MAX,
    };
    // Found in one pass (a page of many headings would otherwise search the
    // rest of them for each): a stack of the headings still open, levels
    // rising from bottom to top.
    let mut ends = vec![blocks.len(); blocks.len()];
    let mut open: Vec<usize> = Vec::new();
    for j in (0..blocks.len()).filter(|&j| level(j) != u8::MAX) {
        while let Some(&h) = open.last().filter(|&&h| level(j) <= level(h)) {
            ends[h] = j;
            open.pop();
        }
        open.push(j);
    }
    ends
}

/// The events found: a name per block (`Some` on event headings), and the
/// event headers seen only as the `X-Vendor-Event: Name` line naming one.
pub(super) struct Found {
    pub names: Vec<Option<String>>,
    pub hinted: Vec<(String, Span)>,
}

pub(super) fn find(doc: &Document, ends: &[usize], examples: &[Vec<ExampleBlock>]) -> Found {
    let blocks = &doc.blocks;
    let has_content = |from: usize, to: usize| {
        blocks[from..to].iter().any(|b| match &b.kind {
            BlockKind::Table { header, .. } => field_table_columns(&lower(header)).is_some(),
            BlockKind::Code(c) => is_json_block(c.lang.as_deref().unwrap_or(""), &c.text),
            _ => false,
        })
    };
    let has_json = |from: usize, to: usize| {
        blocks[from..to].iter().any(|b| {
            matches!(&b.kind, BlockKind::Code(c) if is_json_block(c.lang.as_deref().unwrap_or(""), &c.text))
        })
    };
    let hint_in = |from: usize, to: usize| {
        blocks[from..to].iter().find_map(|b| match &b.kind {
            BlockKind::Code(c) => event_header_hint(&c.text),
            BlockKind::Paragraph { text } => event_header_hint(text),
            _ => None,
        })
    };
    // ``Event ID: `x` `` lines; a range that defines several names is a
    // list of events, not one event's section.
    let defined_in = |from: usize, to: usize| {
        let mut names = blocks[from..to].iter().flat_map(|b| match &b.kind {
            BlockKind::List { items } => items.iter().filter_map(|i| definition_line(i)).collect(),
            BlockKind::Paragraph { text } => definition_line(text).into_iter().collect(),
            _ => Vec::new(),
        });
        let first = names.next()?;
        names.all(|n| n == first).then_some(first)
    };
    let mut names: Vec<Option<String>> = vec![None; blocks.len()];
    let mut hinted: Vec<(String, Span)> = Vec::new();
    // The first event heading after `h`: all of them are decided before `h`.
    let mut next_event: Option<usize> = None;
    for h in (0..blocks.len()).rev() {
        let BlockKind::Heading {
            text: title,
            anchor,
            ..
        } = &blocks[h].kind
        else {
            continue;
        };
        let end = ends[h];
        if next_event.is_some_and(|j| j < end) {
            continue;
        }
        let content = has_content(h + 1, end);
        names[h] = defined_in(h + 1, end)
            .or_else(|| {
                (content && ident_like(title)).then(|| title.trim().trim_matches('`').to_string())
            })
            .or_else(|| {
                let (header, value) = hint_in(h + 1, end).filter(|_| has_json(h + 1, end))?;
                hinted.push((header, blocks[h].span.clone()));
                Some(value)
            })
            .or_else(|| {
                let values: Vec<&serde_json::Value> = examples[h + 1..end]
                    .iter()
                    .flatten()
                    .map(|e| &e.value)
                    .collect();
                let ids: Vec<String> = anchor.iter().cloned().collect();
                body_name(&values, &ids, title)
            });
        if names[h].is_some() {
            next_event = Some(h);
        }
    }
    hinted.reverse();
    Found { names, hinted }
}

/// A table's header as the finders match it: words, lowercased.
pub(super) fn lower(header: &[String]) -> Vec<String> {
    header.iter().map(|h| plain(h).to_lowercase()).collect()
}

/// An `X-Whatever-Event: value` line anywhere in a block: how vendors whose
/// headings are prose name the event.
fn event_header_hint(raw: &str) -> Option<(String, String)> {
    raw.lines().find_map(|line| {
        let line = line.trim().trim_start_matches('>').trim().trim_matches('`');
        let (name, value) = line.split_once(':')?;
        let name = name.trim();
        let lower = name.to_ascii_lowercase();
        let ok = lower.ends_with("-event")
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !value.trim().is_empty();
        ok.then(|| {
            (
                name.to_string(),
                value.trim().trim_matches('`').trim().to_string(),
            )
        })
    })
}
