//! Code blocks: JSON examples (read leniently, every value in a block), an
//! example delivery request (headers, then a body), or neither.

use crate::diag::{Diagnostics, Span};
use crate::parse::delivery::read_request;
use crate::parse::doc::{BlockKind, Code, Document};
use crate::parse::{read_json_as, ExampleBlock, ParsedPage};

/// Whether a block is a JSON example: JSON or unnamed, opening with `{` or `[`.
pub(super) fn is_json_block(lang: &str, content: &str) -> bool {
    let t = content.trim_start();
    matches!(lang, "json" | "jsonc" | "json5" | "javascript" | "js" | "")
        && (t.starts_with('{') || t.starts_with('['))
}

fn is_json(c: &Code) -> bool {
    is_json_block(c.lang.as_deref().unwrap_or(""), &c.text)
}

/// The examples of every block, by block index (empty for other blocks).
pub(super) fn read_examples(doc: &Document, diags: &mut Diagnostics) -> Vec<Vec<ExampleBlock>> {
    doc.blocks
        .iter()
        .map(|b| match &b.kind {
            BlockKind::Code(c) if is_json(c) => {
                read_json_as(&c.text, start(c, &b.span), c.unclosed, diags)
            }
            _ => Vec::new(),
        })
        .collect()
}

/// Where offsets into a block's text are reported from: where the text
/// starts when it is the file's text as written, else the block's start
/// (a decoded text's offsets are not the file's).
fn start(c: &Code, block: &Span) -> Span {
    if c.verbatim {
        c.text_span.clone()
    } else {
        block.clone()
    }
}

/// What a code block gives: its examples (`Some`, read beforehand into
/// `examples`) when it is JSON; else its request, into `parsed`, or a
/// warning when it is marked JSON and is not.
pub(super) fn read_block(
    c: &Code,
    at: &Span,
    examples: Vec<ExampleBlock>,
    parsed: &mut ParsedPage,
    diags: &mut Diagnostics,
) -> Option<Vec<ExampleBlock>> {
    if c.unclosed {
        diags.warning(
            at.clone(),
            "code fence is never closed; the rest of the page is read as its content",
        );
    }
    if is_json(c) {
        return Some(examples);
    }
    let lang = c.lang.as_deref().unwrap_or("");
    if let Some(d) = read_request(&c.text, c.text_span.clone()) {
        parsed.deliveries.push(d);
    } else if matches!(lang, "json" | "jsonc" | "json5") && !c.text.trim().is_empty() {
        let first = c.text.trim().lines().next().unwrap_or("");
        let shown: String = first.chars().take(40).collect();
        let more = if shown.len() < first.len() { "…" } else { "" };
        diags.warning(
            c.text_span.clone(),
            format!(
                "code block marked `{lang}` is not a JSON payload (it starts `{shown}{more}`: a shell session, console output or a request line?); skipped"
            ),
        );
    }
    None
}
