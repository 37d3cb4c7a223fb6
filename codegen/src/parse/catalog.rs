//! A vendor's event catalog: a table or list of `resource.action` names,
//! grouped by resource, often with nothing known about the payloads.
//!
//! Each name becomes one event, spelled exactly as written (vendors mix
//! `user.created` and `PaymentMethod.updated`; receivers match the string).

use super::detect::{dotted_event, is_field_header, lead_cell};
use super::fields::{key_path, plain};
use super::text_table::{header_name, lines, quoted_requests};
use super::{read_json, EventSection, FieldRow, HeaderDoc, ParsedPage};
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
    // Rows of the envelope table, which every event's payload shares.
    let mut envelope: Vec<FieldRow> = Vec::new();
    let mut in_envelope_section = false;
    let mut in_envelope_table = false;
    let mut fence: Option<(usize, String)> = None;
    let mut blocks: Vec<(usize, String)> = Vec::new();
    for (off, line) in lines(text) {
        let trimmed = line.trim_start();
        if let Some((start, body)) = fence.as_mut() {
            if trimmed.starts_with("```") {
                blocks.push((*start, std::mem::take(body)));
                fence = None;
            } else {
                body.push_str(line);
                body.push('\n');
            }
            continue;
        }
        if trimmed.starts_with("```json") {
            fence = Some((off + line.len() + 1, String::new()));
            continue;
        }
        if trimmed.starts_with('#') {
            in_envelope_section = trimmed.to_ascii_lowercase().contains("envelope");
            in_envelope_table = false;
            continue;
        }
        if in_envelope_table {
            if let Some(row) = envelope_row(line, span(off)) {
                envelope.push(row);
                continue;
            }
            in_envelope_table = line.trim().starts_with('|');
            if in_envelope_table {
                continue;
            }
        }
        if is_field_header(line) && in_envelope_section {
            in_envelope_table = true;
            continue;
        }
        if is_field_header(line) {
            diags.note(
                span(off),
                "field table in an event catalog; read as a catalog, so its rows are not attached (try --dialect markdown)",
            );
        }
        let Some(cell) = lead_cell(line).filter(|c| dotted_event(c)) else {
            // A header named in a list or table row still tells how deliveries look.
            if let Some(name) = lead_cell(line).filter(|c| header_name(c)) {
                // A table row describes the header in its other cells, a list item after `:`.
                let description = if line.trim_start().starts_with('|') {
                    let cells: Vec<&str> =
                        line.trim().trim_matches('|').split('|').skip(1).collect();
                    plain(&cells.join(" ")).trim().to_string()
                } else {
                    line.split_once(':').map_or("", |d| d.1).trim().to_string()
                };
                parsed.headers.push(HeaderDoc {
                    name: name.to_string(),
                    description,
                    span: span(off),
                    intro: String::new(),
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
    for section in &mut parsed.sections {
        section.rows.extend(envelope.iter().cloned());
    }
    // A catalog lists names apart from examples; the envelope's `event` says which one each shows.
    for (start, raw) in blocks {
        for example in read_json(&raw, span(start), diags) {
            let named = example
                .value
                .get("event")
                .and_then(|e| e.as_str())
                .map(str::to_string);
            match parsed
                .sections
                .iter_mut()
                .find(|s| Some(&s.name) == named.as_ref())
            {
                Some(section) => section.examples.push(example),
                None => diags.warning(
                    example.span,
                    "example names no event the catalog lists (in its `event` field); not used",
                ),
            }
        }
    }
    if !parsed.sections.is_empty() && !envelope.is_empty() {
        diags.note(
            parsed.sections[0].span.clone(),
            format!(
                "event catalog: {} events over {} resources, each with the {} envelope fields",
                parsed.sections.len(),
                resources.len(),
                envelope.len()
            ),
        );
    } else if !parsed.sections.is_empty() {
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

/// A `| key | type | description |` row of the envelope table.
fn envelope_row(line: &str, at: crate::diag::Span) -> Option<FieldRow> {
    let t = line.trim();
    if !t.starts_with('|') {
        return None;
    }
    let cells: Vec<&str> = t.trim_matches('|').split('|').map(str::trim).collect();
    if cells.len() < 3 || cells[0].chars().all(|c| c == '-' || c == ':' || c == ' ') {
        return None;
    }
    Some(FieldRow {
        path: key_path(cells[0])?,
        ty: plain(cells[1]).trim_matches('`').to_lowercase(),
        description: plain(&cells[2..].join(" ")).trim().to_string(),
        scope: None,
        span: at,
    })
}
