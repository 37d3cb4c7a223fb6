//! AsciiDoc, read with asciidoc-parser (Asciidoctor's language: sections,
//! `|===` tables whose rows run over several lines, `term::` lists,
//! listing and literal blocks, block titles, anchors, attribute entries).
//!
//! One thing older pages use that the parser does not: two-line (setext)
//! section titles, a line underlined with `=`, `-`, `~`, `^` or `+` of
//! about its length. Before parsing, each is rewritten in place as the
//! one-line form (`== Title`), the underline turned to spaces so that every
//! byte after it keeps its offset, and so its file position.
//!
//! `include::` is resolved by the load stage, like other includes.

use asciidoc_parser::blocks::{
    Block as AdocBlock, FindBlocks, IsBlock, ListType, TableCellContent,
};
use asciidoc_parser::inlines::{InlineNode, StyleVariant};
use asciidoc_parser::{HasSpan, Parser};

use super::lines::{is_rule, lines};
use crate::diag::{Diagnostics, Span};
use crate::load::{Page, Sources};
use crate::parse::doc::{Block, BlockKind, Code, Definition, Document, Row};

/// Reads an AsciiDoc page into blocks.
pub fn read(page: &Page, sources: &Sources, diags: &mut Diagnostics) -> Document {
    let source = one_line_titles(&page.text.text);
    let span = |off: usize| page.text.span(off, sources);
    let parsed = Parser::default().parse(&source);
    let mut out = Vec::new();
    let header = parsed.header();
    if let Some(title) = header.title() {
        out.push(Block {
            kind: BlockKind::Heading {
                level: 1,
                text: html_text(title),
                anchor: None,
            },
            span: span(header.span().byte_offset()),
        });
    }
    for b in parsed.child_blocks() {
        lower(b, &span, &mut out);
    }
    for w in parsed.warnings() {
        diags.note(
            span(w.source.byte_offset()),
            format!("AsciiDoc: {:?}; read as the parser recovered it", w.warning),
        );
    }
    Document {
        blocks: out,
        title: page.title.clone(),
        site: None,
    }
}

fn lower(b: &AdocBlock<'_>, span: &dyn Fn(usize) -> Span, out: &mut Vec<Block>) {
    let at = span(b.span().byte_offset());
    // A block title (`.Example delivery`) says what the block is.
    if !matches!(b, AdocBlock::Section(_)) {
        if let Some(title) = b.title() {
            out.push(Block {
                kind: BlockKind::Paragraph {
                    text: html_text(title),
                },
                span: at.clone(),
            });
        }
    }
    match b {
        AdocBlock::Section(s) => {
            out.push(Block {
                kind: BlockKind::Heading {
                    level: u8::try_from(s.level() + 1).unwrap_or(u8::MAX),
                    text: html_text(s.section_title()),
                    anchor: b.id().map(str::to_string),
                },
                span: at,
            });
            for c in b.child_blocks() {
                lower(c, span, out);
            }
        }
        AdocBlock::Simple(p) => out.push(Block {
            kind: BlockKind::Paragraph {
                text: inline(p.content().inlines()),
            },
            span: at,
        }),
        AdocBlock::RawDelimited(r) => {
            let context = b.resolved_context();
            if !matches!(context.as_ref(), "listing" | "literal" | "source") {
                return;
            }
            let original = r.content().original();
            let lang = b
                .attrlist()
                .filter(|_| b.declared_style() == Some("source"))
                .and_then(|a| a.nth_attribute(2))
                .map(|v| v.value().to_lowercase())
                .or_else(|| {
                    b.attrlist()
                        .and_then(|a| a.named_attribute("language"))
                        .map(|v| v.value().to_lowercase())
                });
            out.push(Block {
                kind: BlockKind::Code(Code {
                    lang,
                    text: original.data().to_string(),
                    text_span: span(original.byte_offset()),
                    verbatim: true,
                    unclosed: false,
                }),
                span: at,
            });
        }
        AdocBlock::List(l) => {
            let description = l.type_() == ListType::Description;
            let mut items = Vec::new();
            let mut defs = Vec::new();
            let mut rest = Vec::new();
            for item in b.child_blocks() {
                let AdocBlock::ListItem(li) = item else {
                    continue;
                };
                let (text, blocks) = nested(item, span);
                rest.extend(blocks);
                if description {
                    let term = match li.list_item_marker() {
                        asciidoc_parser::blocks::ListItemMarker::DefinedTerm { term, .. } => {
                            inline(term.inlines())
                        }
                        _ => String::new(),
                    };
                    defs.push(Definition {
                        term,
                        definition: text,
                        span: span(item.span().byte_offset()),
                    });
                } else {
                    items.push(text);
                }
            }
            let kind = if description {
                BlockKind::DefinitionList { items: defs }
            } else {
                BlockKind::List { items }
            };
            out.push(Block { kind, span: at });
            out.extend(rest);
        }
        AdocBlock::Table(t) => {
            let cells = |r: &asciidoc_parser::blocks::TableRow<'_>| -> Vec<String> {
                r.cells()
                    .iter()
                    .map(|c| match c.content() {
                        TableCellContent::Simple(content) => inline(content.inlines()),
                        TableCellContent::AsciiDoc(cell) => {
                            let mut inner = Vec::new();
                            for b in cell.blocks() {
                                lower(b, span, &mut inner);
                            }
                            prose(&inner)
                        }
                    })
                    .collect()
            };
            let header = t.header_row().map(cells).unwrap_or_default();
            let rows = t
                .body_rows()
                .iter()
                .map(|r| Row {
                    cells: cells(r),
                    span: r
                        .cells()
                        .first()
                        .map_or(at.clone(), |c| span(c.span().byte_offset())),
                })
                .collect();
            out.push(Block {
                kind: BlockKind::Table { header, rows },
                span: at,
            });
        }
        AdocBlock::Admonition(a) => {
            if let Some(content) = a.content() {
                out.push(Block {
                    kind: BlockKind::Paragraph {
                        text: format!("{}: {}", a.label(), inline(content.inlines())),
                    },
                    span: at,
                });
            }
            for c in b.child_blocks() {
                lower(c, span, out);
            }
        }
        AdocBlock::Media(_)
        | AdocBlock::Break(_)
        | AdocBlock::Toc(_)
        | AdocBlock::DocumentAttribute(_) => {}
        _ => {
            for c in b.child_blocks() {
                lower(c, span, out);
            }
        }
    }
}

/// A list item's blocks: their prose as one text, and the other blocks.
fn nested(item: &AdocBlock<'_>, span: &dyn Fn(usize) -> Span) -> (String, Vec<Block>) {
    let mut inner = Vec::new();
    for c in item.child_blocks() {
        lower(c, span, &mut inner);
    }
    let text = prose(&inner);
    let rest = inner
        .into_iter()
        .filter(|b| {
            !matches!(
                b.kind,
                BlockKind::Paragraph { .. }
                    | BlockKind::List { .. }
                    | BlockKind::DefinitionList { .. }
            )
        })
        .collect();
    (text, rest)
}

/// The prose of blocks (paragraphs, list items, definitions), a line each.
fn prose(blocks: &[Block]) -> String {
    let mut parts: Vec<String> = Vec::new();
    for b in blocks {
        match &b.kind {
            BlockKind::Paragraph { text } => parts.push(text.clone()),
            BlockKind::List { items } => parts.extend(items.iter().cloned()),
            BlockKind::DefinitionList { items } => parts.extend(
                items
                    .iter()
                    .map(|d| format!("{}: {}", d.term, d.definition)),
            ),
            _ => {}
        }
    }
    parts.join("\n")
}

/// Inline nodes as the model spells them: code in backticks, strong and
/// emphasis in markdown's marks, a link or cross reference its text.
fn inline(nodes: &[InlineNode<'_>]) -> String {
    let mut out = String::new();
    push_inline(nodes, &mut out);
    out.trim().to_string()
}

fn push_inline(nodes: &[InlineNode<'_>], out: &mut String) {
    use asciidoc_parser::inlines::CharRef;
    for n in nodes {
        match n {
            InlineNode::Text { value, .. } => out.push_str(value),
            InlineNode::Raw { value, .. } => out.push_str(value),
            InlineNode::CharRef { value, .. } => match value {
                CharRef::Special(c) => out.push(*c),
                CharRef::Replacement(s) => out.push_str(s),
                CharRef::Entity(e) => out.push_str(&decode_entities(e)),
            },
            InlineNode::Styled(s) => {
                let mark = match s.variant {
                    StyleVariant::Code => "`",
                    StyleVariant::Strong => "**",
                    StyleVariant::Emphasis => "*",
                    _ => "",
                };
                out.push_str(mark);
                push_inline(&s.children, out);
                out.push_str(mark);
            }
            InlineNode::Ref(r) => {
                if r.children.is_empty() {
                    out.push_str(&r.target);
                } else {
                    push_inline(&r.children, out);
                }
            }
            InlineNode::LineBreak { .. } => out.push('\n'),
            _ => {}
        }
    }
}

/// Rendered title HTML as text: tags dropped (`<code>` as backticks),
/// entities decoded.
fn html_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let Some(gt) = rest[lt..].find('>') else {
            rest = &rest[lt..];
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        if tag == "code" || tag == "/code" {
            out.push('`');
        }
        rest = &rest[lt + gt + 1..];
    }
    out.push_str(rest);
    decode_entities(&out).trim().to_string()
}

/// `&amp;`, `&lt;`, `&#8217;` and friends.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let Some(semi) = after.find(';').filter(|&i| i <= 10) else {
            out.push('&');
            rest = &after[1..];
            continue;
        };
        let name = &after[1..semi];
        let decoded = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Two-line section titles rewritten as one-line ones, every offset past
/// each kept (see the module's note). Lines inside delimited blocks are
/// left alone.
fn one_line_titles(text: &str) -> String {
    let ls = lines(text);
    let mut out = text.to_string();
    let mut fence: Option<String> = None;
    let mut i = 0;
    while i + 1 < ls.len() {
        let t = ls[i].raw.trim_end();
        if let Some(f) = &fence {
            if t == f {
                fence = None;
            }
            i += 1;
            continue;
        }
        if ["----", "....", "````", "++++", "////", "===="]
            .iter()
            .any(|d| t.len() >= 4 && t.starts_with(d) && is_rule(t, 4).is_some())
        {
            fence = Some(t.to_string());
            i += 1;
            continue;
        }
        let under = ls[i + 1].raw.trim_end();
        let prefix = match is_rule(under, 2) {
            Some('=') => "= ",
            Some('-') => "== ",
            Some('~') => "=== ",
            Some('^') => "==== ",
            Some('+') => "===== ",
            _ => "",
        };
        let title_len = t.chars().count();
        let under_len = under.len();
        let before_blank = i == 0 || ls[i - 1].is_blank();
        let title_like =
            !t.is_empty() && t.starts_with(|c: char| c.is_alphanumeric()) && !t.contains("::");
        if !prefix.is_empty()
            && before_blank
            && title_like
            && title_len.abs_diff(under_len) <= 2
            && under_len >= prefix.len()
        {
            let (t_off, u_off) = (ls[i].off, ls[i + 1].off);
            let mut line = String::from(prefix);
            line.push_str(t);
            line.push('\n');
            line.push_str(&" ".repeat(under_len - prefix.len()));
            out.replace_range(t_off..u_off + under_len, &line);
            i += 2;
            continue;
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_line_titles_keep_offsets() {
        let text = "Intro\n\nEvents\n------\n\nBody text.\n";
        let out = one_line_titles(text);
        assert_eq!(out.len(), text.len());
        assert!(out.starts_with("Intro\n\n== Events\n   \n"));
        assert_eq!(&out[out.find("Body").unwrap()..], "Body text.\n");
        // A listing's delimiter under a line is not an underline.
        let code = "----\nab\n--\n----\n";
        assert_eq!(one_line_titles(code), code);
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("a &amp; b &#8217; &#x41;"),
            "a & b \u{2019} A"
        );
        assert_eq!(
            html_text("Payload for <code>edited</code>"),
            "Payload for `edited`"
        );
    }
}
