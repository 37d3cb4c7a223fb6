//! A rendered page flattened back to text. The front matter became a table
//! (`title | intro | ...` then the values), each `<dt>`/`<dd>` pair of a
//! definition list split as `Name` on one line and `: description` on the
//! next, with the following term glued to the end of the description, and
//! every code span ends its line; the example delivery lost its fence
//! (its `> ` lines remain).
//!
//! Lowered: the header pairs as a definition list, each `> ` block as a
//! code block (an example request is read from it like any other), and the
//! front matter row's title as the page's.

use crate::diag::Diagnostics;
use crate::load::{Page, Sources};
use crate::parse::doc::{Block, BlockKind, Code, Definition, Document};
use crate::parse::fields::header_name;
use crate::parse::text_table::{lines, truncate};

/// The last header-like token of a line: the term a `: description` line defines.
fn trailing_term(line: &str) -> Option<(usize, &str)> {
    let t = line.trim_end();
    let start = t
        .char_indices()
        .rfind(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '-'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let term = &t[start..];
    header_name(term).then_some((start, term))
}

pub fn read(page: &Page, sources: &Sources, diags: &mut Diagnostics) -> Document {
    let text = &page.text.text;
    let span = |off: usize| page.text.span(off, sources);
    let ls = lines(text);
    let mut doc = Document {
        title: page.title.clone(),
        ..Default::default()
    };
    // Front matter row: keys, a `---|---` rule, values.
    if let Some(k) = ls.iter().take(10).position(|(_, l)| {
        l.split('|')
            .next()
            .is_some_and(|c| c.trim().eq_ignore_ascii_case("title"))
            && l.contains('|')
    }) {
        let value_row = ls[k + 1..]
            .iter()
            .find(|(_, l)| !l.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')));
        if let Some((off, row)) = value_row {
            let title = row.split('|').next().unwrap_or("").trim();
            if !title.is_empty() && doc.title.is_none() {
                doc.title = Some(title.to_string());
            }
            diags.note(
                span(*off),
                format!(
                    "front matter read from a flattened table row; title `{}`",
                    truncate(title)
                ),
            );
        }
    }
    // Definition-list headers.
    let mut headers: Vec<Definition> = Vec::new();
    let mut current: Option<usize> = None;
    for (n, &(off, line)) in ls.iter().enumerate() {
        let next_defines = ls
            .get(n + 1)
            .is_some_and(|(_, l)| l.trim_start().starts_with(':'));
        let term = next_defines.then(|| trailing_term(line)).flatten();
        let body = match term {
            Some((start, _)) => &line[..start],
            None => line,
        };
        if let Some(h) = current {
            let body = body.trim().trim_start_matches(':').trim();
            if !body.is_empty() {
                let d = &mut headers[h].definition;
                // Code spans ended their lines: rejoin without a space before punctuation.
                if !d.is_empty() && !body.starts_with(['.', ',', ')', ';']) {
                    d.push(' ');
                }
                d.push_str(body);
            }
            // A sentence that ends before a capitalised line ends the list.
            let next_starts_prose = ls.get(n + 1).is_none_or(|(_, l)| {
                l.trim().is_empty() || l.starts_with(|c: char| c.is_uppercase())
            });
            if term.is_none() && line.trim_end().ends_with('.') && next_starts_prose {
                current = None;
            }
        }
        if let Some((start, name)) = term {
            headers.push(Definition {
                term: name.to_string(),
                definition: String::new(),
                span: span(off + start),
            });
            current = Some(headers.len() - 1);
        }
    }
    if headers.is_empty() {
        diags.note(
            sources.span(page.file, 0),
            "flattened page: no `Name` / `: description` header pairs found",
        );
    } else {
        let at = headers[0].span.clone();
        doc.blocks.push(Block {
            kind: BlockKind::DefinitionList { items: headers },
            span: at,
        });
    }
    doc.blocks.extend(quoted_blocks(text, &span));
    doc
}

/// `> `-quoted blocks (an example delivery without its fence), as code.
pub(crate) fn quoted_blocks(text: &str, span: &dyn Fn(usize) -> crate::diag::Span) -> Vec<Block> {
    let mut out = Vec::new();
    let ls = lines(text);
    let mut i = 0;
    while i < ls.len() {
        if !ls[i].1.trim_start().starts_with('>') {
            i += 1;
            continue;
        }
        let start = ls[i].0;
        let mut block = String::new();
        while i < ls.len() && (ls[i].1.trim_start().starts_with('>') || ls[i].1.trim().is_empty()) {
            block.push_str(ls[i].1.trim_start());
            block.push('\n');
            i += 1;
        }
        out.push(Block {
            kind: BlockKind::Code(Code {
                lang: None,
                text: block,
                text_span: span(start),
                verbatim: false,
                unclosed: false,
            }),
            span: span(start),
        });
    }
    out
}
