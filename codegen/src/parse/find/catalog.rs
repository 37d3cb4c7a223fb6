//! An event catalog: a table or list of `resource.action` names, grouped by
//! resource, often with nothing known about the payloads, read over any
//! page's blocks.
//!
//! Each name becomes one event, spelled exactly as written (vendors mix
//! `user.created` and `PaymentMethod.updated`; receivers match the string).
//! A field table under a heading that names the envelope documents what
//! every event's payload shares; examples go to the event their `event`
//! field names.

use super::code::is_json_block;
use crate::diag::{Diagnostics, Span};
use crate::parse::detect::{dotted_event, is_field_header};
use crate::parse::doc::{BlockKind, Document};
use crate::parse::fields::{header_name, key_path, plain};
use crate::parse::{read_json, EventSection, FieldRow, HeaderDoc, ParsedPage};

/// A lead cell or item unwrapped from its emphasis and code marks.
fn unwrapped(cell: &str) -> &str {
    cell.trim()
        .trim_matches(|c| c == '*' || c == '`' || c == '_')
        .trim()
}

/// What a page that is a catalog of events holds. `span` is the page's own.
pub fn page(doc: &Document, span: Span, diags: &mut Diagnostics) -> ParsedPage {
    let mut parsed = ParsedPage {
        title: doc.title.clone(),
        site: doc.site.clone(),
        span,
        ..Default::default()
    };
    let mut resources: Vec<String> = Vec::new();
    // Rows of the envelope table, which every event's payload shares.
    let mut envelope: Vec<FieldRow> = Vec::new();
    let mut in_envelope = false;
    let mut examples = Vec::new();
    let mut notes: Vec<Span> = Vec::new();
    for block in &doc.blocks {
        match &block.kind {
            BlockKind::Heading { text, .. } => {
                in_envelope = text.to_ascii_lowercase().contains("envelope");
            }
            BlockKind::Table { header, rows } => {
                let field_table = is_field_header(&header.join(" "));
                if field_table && in_envelope {
                    envelope.extend(rows.iter().filter_map(|r| envelope_row(&r.cells, &r.span)));
                    continue;
                }
                if field_table {
                    notes.push(block.span.clone());
                }
                // A table without a header row starts with a name.
                let header_row = (header.as_slice(), &block.span);
                let body = rows.iter().map(|r| (r.cells.as_slice(), &r.span));
                for (cells, at) in std::iter::once(header_row).chain(body) {
                    let Some(lead) = cells.first().map(|c| unwrapped(c)) else {
                        continue;
                    };
                    // What a catalog row says beside the name (often nothing).
                    let rest = || {
                        let rest: Vec<&str> = cells[1..]
                            .iter()
                            .map(|c| c.trim())
                            .filter(|c| !c.is_empty())
                            .collect();
                        rest.join(" ")
                    };
                    if dotted_event(lead) {
                        add(&mut parsed, &mut resources, diags, lead, rest(), at);
                    } else if header_name(lead) {
                        // A header named in a table still tells how deliveries look.
                        parsed.headers.push(HeaderDoc {
                            name: lead.to_string(),
                            description: plain(&cells[1..].join(" ")).trim().to_string(),
                            span: at.clone(),
                            intro: String::new(),
                        });
                    }
                }
            }
            BlockKind::List { items } => {
                for item in items {
                    let lead = unwrapped(item);
                    if dotted_event(lead) {
                        add(
                            &mut parsed,
                            &mut resources,
                            diags,
                            lead,
                            String::new(),
                            &block.span,
                        );
                    } else if header_name(lead) {
                        let description = item.split_once(':').map_or("", |d| d.1).trim();
                        parsed.headers.push(HeaderDoc {
                            name: lead.to_string(),
                            description: description.to_string(),
                            span: block.span.clone(),
                            intro: String::new(),
                        });
                    }
                }
            }
            BlockKind::Code(c)
                if c.lang.as_deref().is_some_and(|l| l.starts_with("json"))
                    && is_json_block("json", &c.text) =>
            {
                let at = if c.verbatim {
                    &c.text_span
                } else {
                    &block.span
                };
                examples.extend(read_json(&c.text, at.clone(), diags));
            }
            _ => {}
        }
    }
    for at in notes {
        diags.note(
            at,
            "field table in an event catalog; read as a catalog, so its rows are not attached (try --dialect markdown)",
        );
    }
    for section in &mut parsed.sections {
        section.rows.extend(envelope.iter().cloned());
    }
    // A catalog lists names apart from examples; the envelope's `event` says which one each shows.
    for example in examples {
        let named = example.value.get("event").and_then(|e| e.as_str());
        match parsed
            .sections
            .iter_mut()
            .find(|s| Some(s.name.as_str()) == named)
        {
            Some(section) => section.examples.push(example),
            None => diags.warning(
                example.span,
                "example names no event the catalog lists (in its `event` field); not used",
            ),
        }
    }
    if let Some(first) = parsed.sections.first() {
        let what = if envelope.is_empty() {
            "with no payload fields documented; each schema is an open object".to_string()
        } else {
            format!("each with the {} envelope fields", envelope.len())
        };
        diags.note(
            first.span.clone(),
            format!(
                "event catalog: {} events over {} resources, {what}",
                parsed.sections.len(),
                resources.len(),
            ),
        );
    }
    parsed
}

/// One listed name as an event, once.
fn add(
    parsed: &mut ParsedPage,
    resources: &mut Vec<String>,
    diags: &mut Diagnostics,
    name: &str,
    description: String,
    at: &Span,
) {
    if parsed.sections.iter().any(|s| s.name == name) {
        diags.warning(
            at.clone(),
            format!("event `{name}` is listed twice in the catalog; kept once"),
        );
        return;
    }
    let resource = name.split('.').next().unwrap_or(name).to_string();
    if !resources.contains(&resource) {
        resources.push(resource);
    }
    parsed.sections.push(EventSection {
        name: name.to_string(),
        span: at.clone(),
        description,
        availability: Vec::new(),
        rows: Vec::new(),
        examples: Vec::new(),
    });
}

/// A `key | type | description` row of the envelope table.
fn envelope_row(cells: &[String], at: &Span) -> Option<FieldRow> {
    if cells.len() < 3 {
        return None;
    }
    Some(FieldRow {
        path: key_path(&cells[0])?,
        ty: plain(&cells[1]).trim_matches('`').to_lowercase(),
        description: plain(&cells[2..].join(" ")).trim().to_string(),
        scope: None,
        optional: false,
        span: at.clone(),
    })
}
