//! Stage 2: read event sections, field tables, examples and delivery headers
//! out of expanded pages.
//!
//! Front-ends differ by dialect; all of them produce a [`ParsedPage`], which
//! keeps the docs' own words (raw type names, raw descriptions) so the
//! decisions about what they mean are made once, in `build`.

mod catalog;
mod delivery;
pub mod detect;
pub mod fields;
mod flattened;
mod html;
mod markdown;
mod survey;
mod text_table;

use crate::diag::{Diagnostics, Span};
use crate::load::{Page, Sources};

pub use delivery::DeliveryExample;
pub use detect::Dialect;

/// What one page documents.
#[derive(Debug, Clone, Default)]
pub struct ParsedPage {
    pub title: Option<String>,
    pub headers: Vec<HeaderDoc>,
    pub deliveries: Vec<DeliveryExample>,
    pub sections: Vec<EventSection>,
    /// A file-level span for page-wide messages.
    pub span: Span,
    /// The front-end that read the page.
    pub dialect: Option<Dialect>,
    /// For a page without events: what it holds instead (header names,
    /// groups it lists), so the "no events" note can say what was there.
    pub found_instead: Vec<String>,
}

/// A delivery header row (`X-GitHub-Event | Name of the event ...`).
#[derive(Debug, Clone)]
pub struct HeaderDoc {
    pub name: String,
    pub description: String,
    pub span: Span,
}

/// One event's section.
#[derive(Debug, Clone)]
pub struct EventSection {
    pub name: String,
    pub span: Span,
    pub description: String,
    pub availability: Vec<String>,
    pub rows: Vec<FieldRow>,
    pub examples: Vec<ExampleBlock>,
}

/// One row of a `Key | Type | Description` table, as written.
#[derive(Debug, Clone)]
pub struct FieldRow {
    pub path: Vec<fields::PathSeg>,
    pub ty: String,
    pub description: String,
    /// The name the table's subheading quotes ("Payload for `edited`"):
    /// the table may document one action's payload.
    pub scope: Option<String>,
    pub span: Span,
}

/// A JSON example in the docs.
#[derive(Debug, Clone)]
pub struct ExampleBlock {
    pub raw: String,
    pub value: serde_json::Value,
    pub span: Span,
}

/// Parses every page, each in the dialect its content shows.
pub fn parse(pages: &[Page], sources: &Sources, diags: &mut Diagnostics) -> Vec<ParsedPage> {
    parse_as(pages, sources, None, diags)
}

/// Parses every page in `dialect`, or in the one detected per page when `None`.
pub fn parse_as(
    pages: &[Page],
    sources: &Sources,
    dialect: Option<Dialect>,
    diags: &mut Diagnostics,
) -> Vec<ParsedPage> {
    pages
        .iter()
        .map(|page| parse_page(page, sources, dialect, diags))
        .collect()
}

fn parse_page(
    page: &Page,
    sources: &Sources,
    forced: Option<Dialect>,
    diags: &mut Diagnostics,
) -> ParsedPage {
    let dialect = forced.unwrap_or_else(|| detect::detect(&page.text.text));
    if forced.is_none() && dialect != Dialect::Markdown {
        diags.note(
            sources.span(page.file, 0),
            format!("read as {dialect} (detected from the content; --dialect overrides)"),
        );
    }
    let mut parsed = match dialect {
        Dialect::Markdown => {
            let mut p = markdown::parse_page(page, sources, diags);
            if p.headers.is_empty() {
                let span = |off: usize| page.text.span(off, sources);
                p.headers = survey::header_list(&page.text.text, &span);
            }
            p
        }
        Dialect::ViewerText => text_table::parse_page(page, sources, diags),
        Dialect::Flattened => flattened::parse_page(page, sources, diags),
        Dialect::Catalog => catalog::parse_page(page, sources, diags),
        Dialect::Html => html::parse_page(page, sources, diags),
    };
    parsed.dialect = Some(dialect);
    for d in &parsed.deliveries {
        let Some(body) = &d.body else { continue };
        if let Err(e) = serde_json::from_str::<serde_json::Value>(body) {
            diags.note(
                d.span.clone(),
                format!(
                    "example delivery body is not complete JSON (at its line {}, column {}: {e}); abbreviated or broken, so only its headers are used",
                    e.line(),
                    e.column()
                ),
            );
        }
    }
    if parsed.sections.is_empty() {
        parsed.found_instead = survey::found_instead(&page.text.text, &parsed);
    }
    parsed
}

/// Reads a JSON example, reporting where it breaks.
pub(crate) fn read_json(
    raw: &str,
    start: Span,
    diags: &mut Diagnostics,
) -> Option<serde_json::Value> {
    match serde_json::from_str::<serde_json::Value>(raw) {
        Ok(v) => Some(v),
        Err(e) => {
            let span = Span {
                line: start.line + e.line().saturating_sub(1) as u32,
                // serde_json says column 0 at the start of a line (EOF after a newline).
                col: if e.line() <= 1 {
                    start.col + e.column().saturating_sub(1) as u32
                } else {
                    e.column().max(1) as u32
                },
                offset: start.offset + offset_of(raw, e.line(), e.column()),
                file: start.file,
            };
            diags.error(span, format!("example payload is not valid JSON: {e}"));
            None
        }
    }
}

/// Byte offset of a 1-based line/column in `s` (serde_json's columns count bytes).
fn offset_of(s: &str, line: usize, col: usize) -> usize {
    let mut off = 0;
    for (i, l) in s.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return off + col.saturating_sub(1).min(l.len());
        }
        off += l.len();
    }
    s.len()
}
