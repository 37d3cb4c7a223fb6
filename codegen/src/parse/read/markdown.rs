//! Markdown (CommonMark with tables and heading attributes, after Liquid and
//! the load stage's markup pass), read with pulldown-cmark.
//!
//! Besides the blocks the parser reports, two things only the source shows
//! are lowered here: a row a table's parser dropped or padded (the row keeps
//! the cells the source has, so a finder can say it is ragged), and lines
//! of `key | type | description` cells that the parser saw as a paragraph
//! because an include left a blank line before them (a table of their own).
//! An `<a name="x"></a>` line just before a heading is that heading's anchor
//! when it has no `{#x}` of its own.

use pulldown_cmark::{CodeBlockKind, Event as Md, Options, Parser, Tag, TagEnd};

use crate::diag::Diagnostics;
use crate::load::{Page, Sources};
use crate::parse::doc::{Block, BlockKind, Code, Document, Row};
use crate::parse::fields::key_path;

/// What inline text is being gathered for.
#[derive(Debug)]
enum Target {
    Heading,
    Cell,
    Paragraph,
    Item,
}

/// Inline text being gathered, innermost container last.
#[derive(Default)]
struct Inline {
    open: Vec<(Target, String)>,
}

impl Inline {
    fn push_str(&mut self, s: &str) {
        if let Some((_, text)) = self.open.last_mut() {
            text.push_str(s);
        }
    }

    fn in_heading(&self) -> bool {
        matches!(self.open.last(), Some((Target::Heading, _)))
    }
}

/// A code block being read: its language, text, where the text starts,
/// where the block starts, and whether its fence is never closed.
type OpenCode = (Option<String>, String, Option<usize>, usize, bool);

/// Reads a markdown page into blocks.
pub fn read(page: &Page, sources: &Sources, _diags: &mut Diagnostics) -> Document {
    let text = &page.text.text;
    let span = |off: usize| page.text.span(off, sources);
    let mut doc = Document {
        title: page.title.clone(),
        ..Default::default()
    };
    let blocks = &mut doc.blocks;
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_HEADING_ATTRIBUTES);
    let mut inline = Inline::default();
    let mut heading: Option<(u8, usize, Option<String>)> = None;
    let mut table: Option<(Vec<String>, Vec<Row>, usize)> = None;
    let mut row: Option<(Vec<String>, usize)> = None;
    // The current row's end and its last cell's end, to spot ragged rows.
    let (mut row_end, mut cell_end) = (0usize, 0usize);
    let mut in_head = false;
    let mut padding = false;
    let mut code: Option<OpenCode> = None;
    let mut item_depth = 0usize;
    // The top-level list being read: its block's index.
    let mut list: Option<usize> = None;
    let mut paragraph_start = 0usize;
    for (ev, range) in Parser::new_ext(text, opts).into_offset_iter() {
        match ev {
            Md::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((level as u8, range.start, id.map(|i| i.to_string())));
                inline.open.push((Target::Heading, String::new()));
            }
            Md::End(TagEnd::Heading(_)) => {
                let Some((_, t)) = inline.open.pop() else {
                    continue;
                };
                if let Some((level, off, id)) = heading.take() {
                    let before = blocks.last().and_then(|b| match &b.kind {
                        BlockKind::Paragraph { text } => anchor_id(text),
                        _ => None,
                    });
                    blocks.push(Block {
                        kind: BlockKind::Heading {
                            level,
                            text: t.trim().to_string(),
                            anchor: id.or(before),
                        },
                        span: span(off),
                    });
                }
            }
            Md::Text(t) if code.is_some() => {
                if let Some((_, s, first, _, _)) = code.as_mut() {
                    first.get_or_insert(range.start);
                    s.push_str(&t);
                }
            }
            Md::Text(t) => inline.push_str(&t),
            // Kept in backticks: a code span names something ("Payload
            // for `edited`", "Can be one of `a`, `b`").
            Md::Code(t) => {
                inline.push_str("`");
                inline.push_str(&t);
                inline.push_str("`");
            }
            // Headings drop emphasis; elsewhere its marks stay as written,
            // as the descriptions the docs publish have them.
            Md::Start(Tag::Strong | Tag::Emphasis) | Md::End(TagEnd::Strong | TagEnd::Emphasis)
                if !inline.in_heading() =>
            {
                let marks = emphasis_marks(text, &range, &ev);
                inline.push_str(marks);
            }
            Md::SoftBreak | Md::HardBreak => inline.push_str("\n"),
            Md::InlineHtml(h) if !inline.in_heading() => inline.push_str(&h),
            Md::Start(Tag::Table(_)) => table = Some((Vec::new(), Vec::new(), range.start)),
            Md::End(TagEnd::Table) => {
                if let Some((header, rows, off)) = table.take() {
                    blocks.push(Block {
                        kind: BlockKind::Table { header, rows },
                        span: span(off),
                    });
                }
            }
            Md::Start(Tag::TableHead) => in_head = true,
            Md::End(TagEnd::TableHead) => in_head = false,
            Md::Start(Tag::TableRow) => {
                row = Some((Vec::new(), range.start));
                (row_end, cell_end) = (range.end, range.start);
            }
            Md::End(TagEnd::TableRow) => {
                if let (Some((mut cells, off)), Some(t)) = (row.take(), table.as_mut()) {
                    // Cells past the header's count, which the parser drops.
                    let rest = text.get(cell_end..row_end).unwrap_or("").trim();
                    let rest = rest.strip_prefix('|').unwrap_or(rest).trim();
                    if !rest.is_empty() {
                        cells.push(rest.trim_end_matches('|').trim().to_string());
                    }
                    t.1.push(Row {
                        cells,
                        span: span(off),
                    });
                }
            }
            Md::Start(Tag::TableCell) => {
                // The parser pads a short row with empty cells at its end.
                padding = !in_head && range.is_empty() && range.start >= row_end;
                if !in_head {
                    cell_end = cell_end.max(range.end);
                }
                inline.open.push((Target::Cell, String::new()));
            }
            Md::End(TagEnd::TableCell) => {
                let Some((_, cell)) = inline.open.pop() else {
                    continue;
                };
                let cell = cell.trim().to_string();
                if in_head {
                    if let Some(t) = table.as_mut() {
                        t.0.push(cell);
                    }
                } else if let (Some(r), false) = (row.as_mut(), padding) {
                    r.0.push(cell);
                }
            }
            Md::Start(Tag::CodeBlock(kind)) => {
                let unclosed =
                    matches!(kind, CodeBlockKind::Fenced(_)) && !fence_closed(&text[range.clone()]);
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => l.split_whitespace().next().map(str::to_lowercase),
                    CodeBlockKind::Indented => None,
                };
                code = Some((lang, String::new(), None, range.start, unclosed));
            }
            Md::End(TagEnd::CodeBlock) => {
                if let Some((lang, content, content_off, off, unclosed)) = code.take() {
                    let content_off = content_off.unwrap_or(off);
                    let verbatim = text.get(content_off..content_off + content.len())
                        == Some(content.as_str());
                    blocks.push(Block {
                        kind: BlockKind::Code(Code {
                            lang,
                            text: content,
                            text_span: span(content_off),
                            verbatim,
                            unclosed,
                        }),
                        span: span(off),
                    });
                }
            }
            Md::Start(Tag::List(_)) if item_depth == 0 => {
                list = Some(blocks.len());
                blocks.push(Block {
                    kind: BlockKind::List { items: Vec::new() },
                    span: span(range.start),
                });
            }
            Md::End(TagEnd::List(_)) if item_depth == 0 => list = None,
            Md::Start(Tag::Item) => {
                if item_depth == 0 {
                    inline.open.push((Target::Item, String::new()));
                } else {
                    inline.push_str("\n");
                }
                item_depth += 1;
            }
            Md::End(TagEnd::Item) => {
                item_depth = item_depth.saturating_sub(1);
                if item_depth == 0 {
                    let Some((_, item)) = inline.open.pop() else {
                        continue;
                    };
                    let item = item.trim().to_string();
                    if let Some(BlockKind::List { items }) =
                        list.and_then(|l| blocks.get_mut(l)).map(|b| &mut b.kind)
                    {
                        items.push(item);
                    }
                }
            }
            Md::Start(Tag::Paragraph) if item_depth == 0 => {
                paragraph_start = range.start;
                inline.open.push((Target::Paragraph, String::new()));
            }
            Md::End(TagEnd::Paragraph) if item_depth == 0 => {
                let Some((_, para)) = inline.open.pop() else {
                    continue;
                };
                let raw = &text[paragraph_start..range.end];
                let rows = pipe_rows(raw);
                if rows.is_empty() {
                    blocks.push(Block {
                        kind: BlockKind::Paragraph {
                            text: para.trim().to_string(),
                        },
                        span: span(paragraph_start),
                    });
                } else {
                    let rows = rows
                        .into_iter()
                        .map(|(cells, at)| Row {
                            cells,
                            span: span(paragraph_start + at),
                        })
                        .collect();
                    blocks.push(Block {
                        kind: BlockKind::Table {
                            header: ["Key", "Type", "Description"].map(String::from).to_vec(),
                            rows,
                        },
                        span: span(paragraph_start),
                    });
                }
            }
            // A paragraph inside an item is part of the item's text.
            Md::End(TagEnd::Paragraph) => inline.push_str("\n"),
            Md::Html(h) if item_depth == 0 && heading.is_none() => {
                blocks.push(Block {
                    kind: BlockKind::Paragraph {
                        text: h.to_string(),
                    },
                    span: span(range.start),
                });
            }
            _ => {}
        }
    }
    doc
}

/// The marks of an emphasis or strong run as the source writes them.
fn emphasis_marks<'t>(text: &'t str, range: &std::ops::Range<usize>, ev: &Md<'_>) -> &'t str {
    let n = match ev {
        Md::Start(Tag::Strong) | Md::End(TagEnd::Strong) => 2,
        _ => 1,
    };
    let at = match ev {
        Md::Start(_) => range.start,
        _ => range.end.saturating_sub(n),
    };
    text.get(at..at + n)
        .filter(|m| m.chars().all(|c| c == '*' || c == '_'))
        .unwrap_or(if n == 2 { "**" } else { "*" })
}

/// Whether a fenced block's source ends with a closing fence.
fn fence_closed(block: &str) -> bool {
    let strip = |l: &str| {
        l.trim_start_matches(|c: char| c == '>' || c.is_whitespace())
            .trim_end()
            .to_string()
    };
    let mut lines = block.lines();
    let open = strip(lines.next().unwrap_or(""));
    let Some(ch) = open.chars().next().filter(|c| *c == '`' || *c == '~') else {
        return true;
    };
    let n = open.chars().take_while(|c| *c == ch).count();
    let Some(last) = lines.next_back().map(strip) else {
        return false;
    };
    last.chars().all(|c| c == ch) && last.chars().count() >= n
}

/// `` `key` | `type` | description `` lines of a paragraph: rows of a field
/// table an include continued after a blank line. Cells as written, and
/// each row's offset in `raw`.
fn pipe_rows(raw: &str) -> Vec<(Vec<String>, usize)> {
    let mut out = Vec::new();
    let mut off = 0;
    for line in raw.split_inclusive('\n') {
        let cells: Vec<&str> = line.trim().trim_matches('|').split('|').collect();
        if cells.len() >= 3 && key_path(cells[0]).is_some() {
            let ty = cells[1].trim().trim_matches('`').trim();
            if !ty.is_empty()
                && ty.len() <= 40
                && ty.chars().all(|c| c.is_alphanumeric() || " _-".contains(c))
            {
                out.push((
                    vec![
                        cells[0].to_string(),
                        cells[1].to_string(),
                        cells[2..].join("|"),
                    ],
                    off,
                ));
            }
        }
        off += line.len();
    }
    out
}

/// `<a name="x"></a>` or `<a id="x">`: the anchor's name.
fn anchor_id(raw: &str) -> Option<String> {
    let t = raw.trim();
    if !t.starts_with("<a ") || t.contains('\n') {
        return None;
    }
    ["name=", "id="].iter().find_map(|attr| {
        let rest = &t[t.find(attr)? + attr.len()..];
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let value = rest[1..].split(quote).next()?;
        (!value.is_empty()).then(|| value.to_string())
    })
}
