//! Tables: a `Header | Description` table names delivery headers; a
//! `Key | Type | Description` table (and its synonyms) documents fields,
//! of the event whose section it is in, or of every event when a heading
//! or paragraph above says it holds what every payload carries.

use super::events::lower;
use crate::diag::{Diagnostics, Span};
use crate::parse::doc::Row;
use crate::parse::fields::{key_path, optional_key, plain};
use crate::parse::{EventSection, FieldRow, HeaderDoc, ParsedPage};

/// Where a table sits.
#[derive(Clone, Copy)]
pub(super) struct Context<'a> {
    /// The event section it is in, if any.
    pub section: Option<usize>,
    /// Whether the heading or prose above introduces common properties.
    pub common: bool,
    /// The one name the subheading quotes ("Payload for `edited`").
    pub scope: Option<&'a str>,
    /// The prose since the last heading, which may introduce the table.
    pub intro: &'a str,
}

/// The type and description columns of a field table's header (lowercased).
pub(super) fn field_table_columns(header: &[String]) -> Option<(usize, usize)> {
    let first = header.first()?;
    let key_like = ["key", "name", "field", "property", "parameter", "attribute"];
    if !key_like.iter().any(|k| first.contains(k)) {
        return None;
    }
    let ty = header.iter().position(|h| h == "type")?;
    let desc = header
        .iter()
        .position(|h| h.contains("description"))
        .unwrap_or(header.len().saturating_sub(1));
    Some((ty, desc))
}

fn is_header_table(header: &[String]) -> bool {
    header
        .first()
        .is_some_and(|h| h == "header" || h == "header name" || h == "headers")
}

pub(super) fn read(
    header: &[String],
    rows: &[Row],
    at: &Span,
    ctx: Context<'_>,
    parsed: &mut ParsedPage,
    diags: &mut Diagnostics,
) {
    let header = lower(header);
    if is_header_table(&header) {
        for row in rows {
            let name = plain(row.cells.first().map_or("", String::as_str))
                .trim_matches('`')
                .to_string();
            if name.is_empty() {
                continue;
            }
            let description = row.cells.get(1..).map(|c| c.join(" ")).unwrap_or_default();
            parsed.headers.push(HeaderDoc {
                name,
                description,
                intro: ctx.intro.to_string(),
                span: row.span.clone(),
            });
        }
        return;
    }
    let Some(cols) = field_table_columns(&header) else {
        return;
    };
    if ctx.section.is_none() && ctx.common {
        let mut holder = common_holder(&parsed.span);
        for row in rows {
            let cells = fitted(&row.cells, header.len());
            push_row(&mut holder, &cells, cols, None, row.span.clone(), diags);
        }
        parsed.common_rows.extend(holder.rows);
        return;
    }
    let Some(s) = ctx.section else {
        diags.note(
            at.clone(),
            "field table outside any event section; not attached to an event",
        );
        return;
    };
    for row in rows {
        if row.cells.len() < header.len() {
            diags.warning(
                row.span.clone(),
                format!(
                    "table row has fewer cells than the header's {}; the missing ones are empty",
                    header.len()
                ),
            );
        } else if row.cells.len() > header.len() {
            diags.warning(
                row.span.clone(),
                format!(
                    "table row has more cells than the header's {}; the extra ones are dropped",
                    header.len()
                ),
            );
        }
        let cells = fitted(&row.cells, header.len());
        push_row(
            &mut parsed.sections[s],
            &cells,
            cols,
            ctx.scope,
            row.span.clone(),
            diags,
        );
    }
}

/// A row's cells as many as the header's: the missing ones empty, the
/// extra ones dropped.
fn fitted(cells: &[String], n: usize) -> Vec<String> {
    let mut out: Vec<String> = cells.iter().take(n).cloned().collect();
    out.resize(n.max(out.len()), String::new());
    out
}

/// A section to read common rows into with [`push_row`].
fn common_holder(span: &Span) -> EventSection {
    EventSection {
        name: String::new(),
        span: span.clone(),
        description: String::new(),
        availability: Vec::new(),
        rows: Vec::new(),
        examples: Vec::new(),
    }
}

/// Deeper key paths are not field names but a stack overflow waiting.
const MAX_KEY_DEPTH: usize = 64;

fn push_row(
    sec: &mut EventSection,
    cells: &[String],
    (ty, desc): (usize, usize),
    scope: Option<&str>,
    at: Span,
    diags: &mut Diagnostics,
) {
    let (key, optional) = optional_key(cells.first().map_or("", String::as_str));
    let key = key.as_str();
    let Some(path) = key_path(key) else {
        diags.warning(
            at,
            format!(
                "table row key `{}` is not a field name; row skipped",
                plain(key)
            ),
        );
        return;
    };
    // Later stages walk the tree a key builds recursively; JSON examples are
    // held to the same bound by serde_json's recursion limit.
    if path.len() > MAX_KEY_DEPTH {
        diags.warning(
            at,
            format!(
                "table row key nests {} levels deep, more than {MAX_KEY_DEPTH}; row skipped",
                path.len()
            ),
        );
        return;
    }
    if cells.len() <= ty {
        diags.warning(
            at,
            format!("table row `{}` has no type column; row skipped", plain(key)),
        );
        return;
    }
    sec.rows.push(FieldRow {
        path,
        ty: plain(&cells[ty]).trim_matches('`').to_lowercase(),
        description: cells
            .get(desc)
            .or(cells.last())
            .cloned()
            .unwrap_or_default(),
        scope: scope.map(str::to_string),
        optional,
        span: at,
    });
}
