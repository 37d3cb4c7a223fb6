//! Finders: what a page means, read once over its blocks (see
//! [`super::doc`]), whatever markup it was written in. `events` decides
//! which headings are events; `tables` reads field, header and
//! common-properties tables; `code` reads examples and example requests out
//! of code blocks; the walk here gives each section what it holds
//! (description, prose fields, availability) and keeps the JSON examples
//! outside any event with their context.

pub mod catalog;
mod code;
mod events;
mod tables;

use super::doc::{BlockKind, Document};
use super::fields::{header_name, heading_scope, introduces_common_properties, plain};
use super::{EventSection, LooseExample, ParsedPage};
use crate::diag::{Diagnostics, Span};

/// What a page's blocks hold: its events with their rows and examples,
/// headers, example requests, common rows and the examples outside any
/// event. `span` is the page's own, for page-wide messages.
pub fn page(doc: &Document, span: Span, diags: &mut Diagnostics) -> ParsedPage {
    let blocks = &doc.blocks;
    let mut parsed = ParsedPage {
        title: doc.title.clone().or_else(|| {
            blocks.iter().find_map(|b| match &b.kind {
                BlockKind::Heading { level: 1, text, .. } => Some(text.clone()),
                _ => None,
            })
        }),
        site: doc.site.clone(),
        span,
        ..Default::default()
    };
    let ends = events::heading_ends(doc);
    // Every example is read once, before sections are decided: a section
    // may be named by a field its examples carry.
    let mut examples = code::read_examples(doc, diags);
    let found = events::find(doc, &ends, &examples);

    // The header that names them is the provider's event header.
    for (name, at) in found.hinted {
        if !parsed.hinted_headers.iter().any(|h| h.name == name) {
            parsed.hinted_headers.push(super::HeaderDoc {
                name,
                description: String::new(),
                intro: String::new(),
                span: at,
            });
        }
    }

    let mut current: Option<(usize, usize)> = None; // (section index, end block)
    let mut subheading = String::new();
    // Outside event sections: whether the heading or intro above says its
    // table holds what every payload may carry.
    let mut common = false;
    // The one quoted name in the subheading, if any: a table under "Payload
    // for `edited`" documents that action's payload.
    let mut scope: Option<String> = None;
    // The headings open above the block, and the prose since the last one:
    // the context of an example outside any event section, and what
    // introduces a list of headers.
    let mut trail: Vec<(u8, String)> = Vec::new();
    let mut before = String::new();
    let add_before = |before: &mut String, text: &str| {
        if !before.is_empty() {
            before.push('\n');
        }
        before.push_str(&plain(text));
    };
    for (i, block) in blocks.iter().enumerate() {
        if current.is_some_and(|(_, end)| i >= end) {
            current = None;
        }
        match &block.kind {
            BlockKind::Heading { level, text, .. } => {
                trail.retain(|(l, _)| l < level);
                trail.push((*level, text.clone()));
                before.clear();
            }
            BlockKind::Paragraph { text } => add_before(&mut before, text),
            BlockKind::List { items } => {
                for item in items {
                    add_before(&mut before, item);
                }
            }
            _ => {}
        }
        if let Some(name) = &found.names[i] {
            parsed.sections.push(EventSection {
                name: name.clone(),
                span: block.span.clone(),
                description: String::new(),
                availability: Vec::new(),
                rows: Vec::new(),
                examples: Vec::new(),
            });
            current = Some((parsed.sections.len() - 1, ends[i]));
            subheading.clear();
            scope = None;
            continue;
        }
        let section = current.map(|(s, _)| s);
        match &block.kind {
            BlockKind::Heading { text, .. } => {
                subheading = text.to_lowercase();
                scope = heading_scope(text);
                common = introduces_common_properties(text);
            }
            BlockKind::Table { header, rows } => {
                let ctx = tables::Context {
                    section,
                    common,
                    scope: scope.as_deref(),
                    intro: &before,
                };
                tables::read(header, rows, &block.span, ctx, &mut parsed, diags);
            }
            BlockKind::Paragraph { text } => {
                if section.is_none() && introduces_common_properties(text) {
                    common = true;
                }
                if let Some(s) = section {
                    let sec = &mut parsed.sections[s];
                    if sec.description.is_empty() && subheading.is_empty() {
                        sec.description = plain(text);
                    }
                    sec.add_prose_fields(text, scope.as_deref(), &block.span);
                }
            }
            BlockKind::List { items } => {
                if let (Some(s), true) = (section, subheading.contains("availab")) {
                    for item in items {
                        parsed.sections[s].availability.push(plain(item));
                    }
                }
            }
            BlockKind::DefinitionList { items } => {
                // Terms that are header names (`X-Vendor-Signature`)
                // describe delivery headers.
                for d in items {
                    let name = plain(&d.term).trim_matches('`').to_string();
                    if header_name(&name) {
                        parsed.headers.push(super::HeaderDoc {
                            name,
                            description: d.definition.clone(),
                            intro: before.clone(),
                            span: d.span.clone(),
                        });
                    }
                }
            }
            BlockKind::Code(c) => {
                let found = std::mem::take(&mut examples[i]);
                if let Some(found) = code::read_block(c, &block.span, found, &mut parsed, diags) {
                    match section {
                        Some(s) => parsed.sections[s].examples.extend(found),
                        None => {
                            if let Some(first) = found.first() {
                                diags.note(
                                    first.span.clone(),
                                    "JSON example outside any event section; not attached to an event",
                                );
                            }
                            let headings: Vec<String> =
                                trail.iter().map(|(_, t)| t.clone()).collect();
                            let lang = c.lang.clone().unwrap_or_default();
                            parsed
                                .loose_examples
                                .extend(found.into_iter().map(|example| LooseExample {
                                    example,
                                    lang: lang.clone(),
                                    headings: headings.clone(),
                                    before: before.clone(),
                                }));
                        }
                    }
                }
            }
        }
    }
    parsed
}
