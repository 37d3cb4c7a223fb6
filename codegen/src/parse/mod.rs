//! Stage 2: read event sections, field tables, examples and delivery headers
//! out of expanded pages.
//!
//! Front-ends differ by dialect; all of them produce a [`ParsedPage`], which
//! keeps the docs' own words (raw type names, raw descriptions) so the
//! decisions about what they mean are made once, in `build`.

pub(crate) mod delivery;
pub mod detect;
pub mod discover;
pub mod doc;
pub(crate) mod event_names;
mod example_json;
pub mod fields;
pub mod find;
mod prose_headers;
pub mod read;
mod survey;
pub(crate) mod text_table;

use crate::diag::{Diagnostics, Span};
use crate::load::{Page, Sources};

pub use delivery::DeliveryExample;
pub use detect::Dialect;

/// What one page documents.
#[derive(Debug, Clone, Default)]
pub struct ParsedPage {
    pub title: Option<String>,
    /// The site or product its front matter names.
    pub site: Option<String>,
    pub headers: Vec<HeaderDoc>,
    /// Event headers seen only as the `X-Vendor-Event: Name` line that
    /// names a section's event.
    pub hinted_headers: Vec<HeaderDoc>,
    pub deliveries: Vec<DeliveryExample>,
    pub sections: Vec<EventSection>,
    /// Rows of a table of properties common to every event's payload (a
    /// "common properties" or envelope section), outside any event.
    pub common_rows: Vec<FieldRow>,
    /// A file-level span for page-wide messages.
    pub span: Span,
    /// The front-end that read the page.
    pub dialect: Option<Dialect>,
    /// For a page without events: what it holds instead (header names,
    /// groups it lists), so the "no events" note can say what was there.
    pub found_instead: Vec<String>,
    /// The page lowered to blocks (see [`doc`]): what is found over a whole
    /// page, whatever its markup, is found here.
    pub document: doc::Document,
    /// JSON examples outside any event section, with where they sit: when
    /// no section names an event, the events are found from these.
    pub loose_examples: Vec<LooseExample>,
    /// What [`discover`] found over all the pages, on the page whose
    /// events it added.
    pub found: discover::Found,
    /// Headers a paragraph describes (a signature header and how it is
    /// made), for docs without a header table.
    pub prose_headers: Vec<HeaderDoc>,
}

/// A JSON example read outside any event section, and its context.
#[derive(Debug, Clone)]
pub struct LooseExample {
    pub example: ExampleBlock,
    /// The code block's language as the markup names it, lowercased
    /// (empty when unnamed).
    pub lang: String,
    /// The headings above the block, outermost first.
    pub headings: Vec<String>,
    /// The text of the paragraphs (or list items) between the nearest
    /// heading and the block: what the page says of the example.
    pub before: String,
}

/// A delivery header row (`X-Acme-Event | Name of the event ...`).
#[derive(Debug, Clone)]
pub struct HeaderDoc {
    pub name: String,
    pub description: String,
    /// The docs' words that introduce the list it is in ("Each delivery
    /// carries these headers:"), where the front-end keeps them.
    pub intro: String,
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

impl EventSection {
    /// Rows for the fields a paragraph says some payloads carry beyond the
    /// table (see [`fields::prose_fields`]), typed by the examples alone. A
    /// key the section's table has keeps its row.
    pub fn add_prose_fields(&mut self, text: &str, scope: Option<&str>, span: &Span) {
        for (key, sentence) in fields::prose_fields(text) {
            let path = vec![fields::PathSeg::Key(key)];
            if self.rows.iter().any(|r| r.path == path) {
                continue;
            }
            self.rows.push(FieldRow {
                path,
                ty: String::new(),
                description: sentence,
                scope: scope.map(str::to_string),
                optional: false,
                span: span.clone(),
            });
        }
    }
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
    /// The docs mark the key optional (`guild?`): a payload may leave it out.
    pub optional: bool,
    pub span: Span,
}

/// A JSON example in the docs.
#[derive(Debug, Clone)]
pub struct ExampleBlock {
    /// The example as the docs write it (comments and all).
    pub raw: String,
    pub value: serde_json::Value,
    pub span: Span,
    /// Comments that follow a value on its line: its path and the words,
    /// a description where the docs give none.
    pub comments: Vec<(Vec<fields::PathSeg>, String)>,
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
    parse_docs(pages, &[], sources, dialect, diags)
}

/// [`parse_as`], with the data files beside the pages (`data`), which may
/// be a catalog of the events.
pub fn parse_docs(
    pages: &[Page],
    data: &[crate::load::FileId],
    sources: &Sources,
    dialect: Option<Dialect>,
    diags: &mut Diagnostics,
) -> Vec<ParsedPage> {
    let mut parsed: Vec<ParsedPage> = pages
        .iter()
        .map(|page| parse_page(page, sources, dialect, diags))
        .collect();
    let data: Vec<discover::DataFile<'_>> = data
        .iter()
        .map(|&file| discover::DataFile {
            span: sources.span(file, 0),
            text: sources.file_text(file),
        })
        .collect();
    discover::discover(&mut parsed, &data, diags);
    for page in &mut parsed {
        page.prose_headers = prose_headers::prose_headers(&page.document);
    }
    parsed
}

fn parse_page(
    page: &Page,
    sources: &Sources,
    forced: Option<Dialect>,
    diags: &mut Diagnostics,
) -> ParsedPage {
    let named = detect::by_name(sources.display(page.file));
    let dialect = forced
        .or(named)
        .unwrap_or_else(|| detect::detect(&page.text.text));
    if forced.is_none() && dialect != Dialect::Markdown {
        let from = if named.is_some() {
            "the file name"
        } else {
            "the content"
        };
        diags.note(
            sources.span(page.file, 0),
            format!("read as {dialect} (detected from {from}; --dialect overrides)"),
        );
    }
    let mut parsed = match dialect {
        Dialect::ViewerText => text_table::parse_page(page, sources, diags),
        Dialect::Catalog => {
            let document = read::markdown::read(page, sources, diags);
            let mut p = find::catalog::page(&document, sources.span(page.file, 0), diags);
            p.document = document;
            p
        }
        _ => {
            let document = match dialect {
                Dialect::AsciiDoc => read::asciidoc::read(page, sources, diags),
                Dialect::Rst => read::rst::read(page, sources, diags),
                Dialect::Html => read::html::read(page, sources, diags),
                Dialect::Flattened => read::flattened::read(page, sources, diags),
                _ => read::markdown::read(page, sources, diags),
            };
            let mut p = find::page(&document, sources.span(page.file, 0), diags);
            p.document = document;
            p
        }
    };
    if dialect == Dialect::Markdown && parsed.headers.is_empty() {
        parsed.headers = survey::header_list(&parsed.document);
    }
    parsed.dialect = Some(dialect);
    if page.site.is_some() {
        parsed.site.clone_from(&page.site);
    }
    for d in &parsed.deliveries {
        let Some(body) = &d.body else { continue };
        match delivery_body(body) {
            Err(why) => diags.note(
                d.span.clone(),
                format!(
                    "example delivery body is not complete JSON ({why}); abbreviated or broken, so only its headers are used"
                ),
            ),
            Ok((_, Some(repaired))) => diags.note(
                d.span.clone(),
                format!("example delivery body is not strict JSON: it has {repaired}; read without them"),
            ),
            Ok((_, None)) => {}
        }
    }
    if parsed.sections.is_empty() {
        parsed.found_instead = survey::found_instead(&parsed.document, &parsed);
    }
    parsed
}

/// The one JSON value of an example request's body, read leniently, with
/// what was dropped to read it, or where and why it is not one.
pub(crate) fn delivery_body(body: &str) -> Result<(serde_json::Value, Option<String>), String> {
    let mut read = example_json::read(body, false);
    let dropped = repairs_summary(&read.repairs);
    let located = |at: usize, message: &str| {
        let mut at = at.min(body.len());
        while !body.is_char_boundary(at) {
            at -= 1;
        }
        let before = &body[..at];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, str::len) + 1;
        format!("at its line {line}, column {col}: {message}")
    };
    match read.problem {
        Some(example_json::Problem::Invalid { at, message }) => Err(located(at, &message)),
        Some(example_json::Problem::TrailingText { at }) => {
            Err(located(at, "text after the JSON value"))
        }
        None if read.values.len() == 1 => Ok((read.values.remove(0).value, dropped)),
        None => Err(format!("{} JSON values", read.values.len())),
    }
}

/// Reads the JSON examples of a code block (or payload file) leniently:
/// every value in it, comments, trailing commas and elisions dropped with a
/// note; a block that cannot be read, or that is a value followed by other
/// text (console output), gets a warning and gives nothing. `start` is
/// where `raw` begins.
pub(crate) fn read_json(raw: &str, start: Span, diags: &mut Diagnostics) -> Vec<ExampleBlock> {
    read_json_as(raw, start, false, diags)
}

/// [`read_json`], or with `first_only` the first value alone, ignoring what
/// follows it (a fence never closed runs on into prose).
pub(crate) fn read_json_as(
    raw: &str,
    start: Span,
    first_only: bool,
    diags: &mut Diagnostics,
) -> Vec<ExampleBlock> {
    use example_json::{Problem, RepairKind};
    let read = example_json::read(raw, first_only);
    let at = |offset: usize| span_in(raw, &start, offset);
    match &read.problem {
        Some(Problem::TrailingText { at: off }) => {
            diags.warning(
                at(*off),
                "a JSON value followed by text that is not JSON (console output, a log, a shell session); not an example, skipped",
            );
            return Vec::new();
        }
        Some(Problem::Invalid { at: off, message }) => {
            let kept = if read.values.is_empty() {
                ""
            } else {
                "; the values before it in this block are kept"
            };
            diags.warning(
                at(*off),
                format!("example payload is not valid JSON: {message}; skipped{kept}"),
            );
        }
        None => {}
    }
    if let Some(second) = read.values.get(1) {
        diags.note(
            at(second.start),
            format!(
                "code block holds {} JSON values back to back; each is an example",
                read.values.len()
            ),
        );
    }
    for r in &read.repairs {
        if let RepairKind::Elision(text) = &r.kind {
            diags.note(
                at(r.at),
                format!("elision `{text}` dropped; the example is abridged here"),
            );
        }
    }
    let mut out = Vec::new();
    // A block of one value is that example as written, blank lines and all.
    let single = read.values.len() == 1;
    for piece in read.values {
        let within = |r: &&example_json::Repair| r.at >= piece.start && r.at < piece.end;
        let count = |kind: RepairKind| {
            read.repairs
                .iter()
                .filter(within)
                .filter(|r| r.kind == kind)
                .count()
        };
        let (comments, commas, missing) = (
            count(RepairKind::Comment),
            count(RepairKind::TrailingComma),
            count(RepairKind::MissingComma),
        );
        let first = read.repairs.iter().filter(within).find(|r| {
            matches!(
                r.kind,
                RepairKind::Comment | RepairKind::TrailingComma | RepairKind::MissingComma
            )
        });
        if let Some(first) = first {
            let what = kinds_phrase(&[
                ("comments", comments),
                ("trailing commas", commas),
                ("missing commas", missing),
            ]);
            // A left-out comma is put back; the rest is left out.
            let how = if missing > 0 {
                "read with each repaired"
            } else {
                "read without them"
            };
            diags.note(
                at(first.at),
                format!("example is not strict JSON: it has {what}; {how}"),
            );
        }
        let (text, from) = match (single, first_only) {
            (true, false) => (raw, 0),
            (true, true) => (&raw[..piece.end], 0),
            (false, _) => (&raw[piece.start..piece.end], piece.start),
        };
        out.push(ExampleBlock {
            raw: text.to_string(),
            value: piece.value,
            span: at(from),
            comments: piece.comments,
        });
    }
    out
}

/// `comments (2) and trailing commas (1)`, of the counts that are not 0.
fn kinds_phrase(counts: &[(&str, usize)]) -> String {
    let parts: Vec<String> = counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(what, n)| format!("{what} ({n})"))
        .collect();
    match parts.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// What was dropped to read a value, when anything was.
fn repairs_summary(repairs: &[example_json::Repair]) -> Option<String> {
    use example_json::RepairKind;
    let count = |f: fn(&RepairKind) -> bool| repairs.iter().filter(|r| f(&r.kind)).count();
    let phrase = kinds_phrase(&[
        ("comments", count(|k| *k == RepairKind::Comment)),
        (
            "trailing commas",
            count(|k| *k == RepairKind::TrailingComma),
        ),
        ("missing commas", count(|k| *k == RepairKind::MissingComma)),
        ("elisions", count(|k| matches!(k, RepairKind::Elision(_)))),
    ]);
    (!phrase.is_empty()).then_some(phrase)
}

/// Where byte `offset` of `raw` is, `raw` starting at `start` in one file.
fn span_in(raw: &str, start: &Span, offset: usize) -> Span {
    let mut offset = offset.min(raw.len());
    while !raw.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &raw[..offset];
    let lines = before.matches('\n').count() as u32;
    let col = match before.rfind('\n') {
        Some(nl) => before[nl + 1..].chars().count() as u32 + 1,
        None => start.col + before.chars().count() as u32,
    };
    Span {
        file: start.file.clone(),
        line: start.line + lines,
        col,
        offset: start.offset + offset,
    }
}
