//! A vendor's event catalog: a table or list of `resource.action` names,
//! grouped by resource, often with nothing known about the payloads.
//!
//! Each name becomes one event, spelled exactly as written (vendors mix
//! `user.created` and `PaymentMethod.updated`; receivers match the string).

use super::detect::{dotted_event, is_field_header, lead_cell};
use super::text_table::{header_name, lines, quoted_requests};
use super::{EventSection, HeaderDoc, ParsedPage};
use crate::diag::Diagnostics;
use crate::load::{Page, Sources};

pub fn parse_page(page: &Page, sources: &Sources, diags: &mut Diagnostics) -> ParsedPage {
    let text = &page.text.text;
    let span = |off: usize| page.text.span(off, sources);
    let mut parsed = ParsedPage {
        title: page.title.clone(),
        span: sources.span(page.file, 0),
        ..Default::default()
    };
    let mut resources: Vec<String> = Vec::new();
    for (off, line) in lines(text) {
        if is_field_header(line) {
            diags.note(
                span(off),
                "field table in an event catalog; read as a catalog, so its rows are not attached (try --dialect markdown)",
            );
        }
        let Some(cell) = lead_cell(line).filter(|c| dotted_event(c)) else {
            // A header named in a list or table row still tells how deliveries look.
            if let Some(name) = lead_cell(line).filter(|c| header_name(c)) {
                parsed.headers.push(HeaderDoc {
                    name: name.to_string(),
                    description: line.split_once(':').map_or("", |d| d.1).trim().to_string(),
                    span: span(off),
                });
            }
            continue;
        };
        if parsed.sections.iter().any(|s| s.name == cell) {
            diags.warning(
                span(off),
                format!("event `{cell}` is listed twice in the catalog; kept once"),
            );
            continue;
        }
        let resource = cell.split('.').next().unwrap_or(cell).to_string();
        if !resources.contains(&resource) {
            resources.push(resource.clone());
        }
        // What a catalog row says beside the name (often nothing).
        let rest = line
            .trim()
            .trim_matches('|')
            .split('|')
            .skip(1)
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        parsed.sections.push(EventSection {
            name: cell.to_string(),
            span: span(off + line.find(cell).unwrap_or(0)),
            description: rest,
            availability: Vec::new(),
            rows: Vec::new(),
            examples: Vec::new(),
        });
    }
    parsed.deliveries = quoted_requests(text, &span);
    if !parsed.sections.is_empty() {
        diags.note(
            parsed.sections[0].span.clone(),
            format!(
                "event catalog: {} events over {} resources, with no payload fields documented; each schema is an open object",
                parsed.sections.len(),
                resources.len()
            ),
        );
    }
    parsed
}
