//! The markdown front-end (pulldown-cmark), for source pages after Liquid.

use pulldown_cmark::{CodeBlockKind, Event as Md, Options, Parser, Tag, TagEnd};

use super::delivery::read_request;
use super::event_names::{body_name, definition_line};
use super::fields::{key_path, plain};
use super::{read_json_as, EventSection, ExampleBlock, FieldRow, HeaderDoc, ParsedPage};
use crate::diag::{Diagnostics, Span};
use crate::load::{Page, Sources};

/// A block of the page, in document order, with its offset in the expanded text.
#[derive(Debug)]
enum Block {
    Heading {
        level: u8,
        text: String,
        /// `{#id}` after the text.
        id: Option<String>,
    },
    Table {
        header: Vec<String>,
        rows: Vec<(Vec<String>, usize, Option<Ragged>)>,
    },
    /// `unclosed`: a fence never closed runs to the end of the page.
    Code {
        lang: String,
        content: String,
        content_off: usize,
        unclosed: bool,
    },
    Para {
        raw: String,
    },
    Item {
        raw: String,
    },
}

/// A table row whose cell count differs from the header's; the parser pads
/// or cuts it silently.
#[derive(Debug, Clone, Copy)]
enum Ragged {
    Fewer,
    More,
}

/// Whether a fenced block's source (`text[range]`) ends with a closing fence.
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

/// A table row being read: cells, offset, and whether it is ragged.
type Row = (Vec<String>, usize, Option<Ragged>);

fn blocks(text: &str) -> Vec<(Block, usize)> {
    let mut out = Vec::new();
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_HEADING_ATTRIBUTES);
    let mut heading: Option<(u8, String, usize, Option<String>)> = None;
    let mut table: Option<(Vec<String>, Vec<Row>, usize)> = None;
    let mut row: Option<Row> = None;
    // The current row's end and its last cell's end, to spot ragged rows.
    let (mut row_end, mut cell_end) = (0usize, 0usize);
    let mut in_head = false;
    let mut code: Option<(String, String, Option<usize>, usize, bool)> = None;
    let mut item_depth = 0usize;
    for (ev, range) in Parser::new_ext(text, opts).into_offset_iter() {
        match ev {
            Md::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((
                    level as u8,
                    String::new(),
                    range.start,
                    id.map(|i| i.to_string()),
                ))
            }
            Md::End(TagEnd::Heading(_)) => {
                if let Some((level, t, off, id)) = heading.take() {
                    out.push((
                        Block::Heading {
                            level,
                            text: t.trim().to_string(),
                            id,
                        },
                        off,
                    ));
                }
            }
            Md::Text(t) if heading.is_some() => {
                if let Some((_, s, _, _)) = heading.as_mut() {
                    s.push_str(&t);
                }
            }
            // Kept in backticks: a code span in a heading names something
            // ("Payload for `edited`").
            Md::Code(t) if heading.is_some() => {
                if let Some((_, s, _, _)) = heading.as_mut() {
                    s.push('`');
                    s.push_str(&t);
                    s.push('`');
                }
            }
            Md::Start(Tag::Table(_)) => table = Some((Vec::new(), Vec::new(), range.start)),
            Md::End(TagEnd::Table) => {
                if let Some((header, rows, off)) = table.take() {
                    out.push((Block::Table { header, rows }, off));
                }
            }
            Md::Start(Tag::TableHead) => in_head = true,
            Md::End(TagEnd::TableHead) => in_head = false,
            Md::Start(Tag::TableRow) => {
                row = Some((Vec::new(), range.start, None));
                (row_end, cell_end) = (range.end, range.start);
            }
            Md::End(TagEnd::TableRow) => {
                if let (Some(mut r), Some(t)) = (row.take(), table.as_mut()) {
                    // Cells past the header's count are dropped by the parser.
                    let rest = text.get(cell_end..row_end).unwrap_or("").trim();
                    if !rest.strip_prefix('|').unwrap_or(rest).trim().is_empty() {
                        r.2 = Some(Ragged::More);
                    }
                    t.1.push(r);
                }
            }
            Md::Start(Tag::TableCell) => {
                let raw = text[range.clone()]
                    .trim()
                    .trim_matches('|')
                    .trim()
                    .to_string();
                if in_head {
                    if let Some(t) = table.as_mut() {
                        t.0.push(plain(&raw).to_lowercase());
                    }
                } else if let Some(r) = row.as_mut() {
                    // The parser pads a short row with empty cells at its end.
                    if range.is_empty() && range.start >= row_end {
                        r.2 = Some(Ragged::Fewer);
                    }
                    cell_end = cell_end.max(range.end);
                    r.0.push(raw);
                }
            }
            Md::Start(Tag::CodeBlock(kind)) => {
                let unclosed =
                    matches!(kind, CodeBlockKind::Fenced(_)) && !fence_closed(&text[range.clone()]);
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => {
                        l.split_whitespace().next().unwrap_or("").to_lowercase()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new(), None, range.start, unclosed));
            }
            Md::End(TagEnd::CodeBlock) => {
                if let Some((lang, content, content_off, off, unclosed)) = code.take() {
                    let content_off = content_off.unwrap_or(off);
                    out.push((
                        Block::Code {
                            lang,
                            content,
                            content_off,
                            unclosed,
                        },
                        off,
                    ));
                }
            }
            Md::Text(t) if code.is_some() => {
                if let Some((_, s, first, _, _)) = code.as_mut() {
                    first.get_or_insert(range.start);
                    s.push_str(&t);
                }
            }
            Md::Start(Tag::Item) => {
                if item_depth == 0 {
                    out.push((
                        Block::Item {
                            raw: text[range.clone()].to_string(),
                        },
                        range.start,
                    ));
                }
                item_depth += 1;
            }
            Md::End(TagEnd::Item) => item_depth = item_depth.saturating_sub(1),
            Md::Start(Tag::Paragraph) if item_depth == 0 => {
                out.push((
                    Block::Para {
                        raw: text[range.clone()].to_string(),
                    },
                    range.start,
                ));
            }
            Md::Html(h) if item_depth == 0 && heading.is_none() => {
                out.push((Block::Para { raw: h.to_string() }, range.start));
            }
            _ => {}
        }
    }
    out
}

/// An `X-Whatever-Event: value` line anywhere in a block: how vendors whose
/// headings are prose name the event.
fn event_header_hint(raw: &str) -> Option<(String, String)> {
    raw.lines().find_map(|line| {
        let line = line.trim().trim_start_matches('>').trim().trim_matches('`');
        let (name, value) = line.split_once(':')?;
        let name = name.trim();
        let lower = name.to_ascii_lowercase();
        let ok = lower.ends_with("-event")
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !value.trim().is_empty();
        ok.then(|| {
            (
                name.to_string(),
                value.trim().trim_matches('`').trim().to_string(),
            )
        })
    })
}

fn field_table_columns(header: &[String]) -> Option<(usize, usize)> {
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

/// `` `key` | `type` | description `` lines outside a table: rows from an
/// include that landed after a blank line.
fn pipe_rows(raw: &str) -> Vec<(String, String, String, usize)> {
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
                    cells[0].to_string(),
                    cells[1].to_string(),
                    cells[2..].join("|"),
                    off,
                ));
            }
        }
        off += line.len();
    }
    out
}

pub fn parse_page(page: &Page, sources: &Sources, diags: &mut Diagnostics) -> ParsedPage {
    let text = &page.text.text;
    let span = |off: usize| page.text.span(off, sources);
    let blocks = blocks(text);
    let mut parsed = ParsedPage {
        title: page.title.clone().or_else(|| {
            blocks.iter().find_map(|(b, _)| match b {
                Block::Heading { level: 1, text, .. } => Some(text.clone()),
                _ => None,
            })
        }),
        span: sources.span(page.file, 0),
        ..Default::default()
    };

    // Sections: each heading owns the blocks up to the next heading at its level or above.
    let headings: Vec<usize> = (0..blocks.len())
        .filter(|&i| matches!(blocks[i].0, Block::Heading { .. }))
        .collect();
    let level = |i: usize| match &blocks[i].0 {
        Block::Heading { level, .. } => *level,
        _ => u8::MAX,
    };
    // Each heading's end, found in one pass (a page of many headings would
    // otherwise search the rest of them for each): a stack of the headings
    // still open, levels rising from bottom to top.
    let mut ends = vec![blocks.len(); blocks.len()];
    let mut open: Vec<usize> = Vec::new();
    for &j in &headings {
        while let Some(&h) = open.last().filter(|&&h| level(j) <= level(h)) {
            ends[h] = j;
            open.pop();
        }
        open.push(j);
    }
    let end_of = |hi: usize| ends[hi];
    let has_content = |from: usize, to: usize| {
        blocks[from..to].iter().any(|(b, _)| match b {
            Block::Table { header, .. } => field_table_columns(header).is_some(),
            Block::Code { lang, content, .. } => is_json_block(lang, content),
            Block::Para { raw } => !pipe_rows(raw).is_empty(),
            _ => false,
        })
    };
    let has_json = |from: usize, to: usize| {
        blocks[from..to].iter().any(
            |(b, _)| matches!(b, Block::Code { lang, content, .. } if is_json_block(lang, content)),
        )
    };
    let hint_in = |from: usize, to: usize| {
        blocks[from..to].iter().find_map(|(b, _)| match b {
            Block::Code { content, .. } => event_header_hint(content),
            Block::Para { raw } => event_header_hint(raw),
            _ => None,
        })
    };
    // ``Event ID: `x` `` lines; a range that defines several names is a
    // list of events, not one event's section.
    let defined_in = |from: usize, to: usize| {
        let mut names = blocks[from..to].iter().filter_map(|(b, _)| match b {
            Block::Item { raw } | Block::Para { raw } => definition_line(raw),
            _ => None,
        });
        let first = names.next()?;
        names.all(|n| n == first).then_some(first)
    };
    // Every example is read once, before sections are decided: a section
    // may be named by a field its examples carry.
    let mut examples: Vec<Vec<ExampleBlock>> = blocks
        .iter()
        .map(|(b, _)| match b {
            Block::Code {
                lang,
                content,
                content_off,
                unclosed,
            } if is_json_block(lang, content) => {
                read_json_as(content, span(*content_off), *unclosed, diags)
            }
            _ => Vec::new(),
        })
        .collect();
    // An anchor just before a heading (`<a name="build.complete"></a>`) or
    // its `{#id}` is the section's id.
    let ids_of = |h: usize| -> Vec<String> {
        let mut ids = Vec::new();
        if let Block::Heading { id: Some(id), .. } = &blocks[h].0 {
            ids.push(id.clone());
        }
        if let Some((Block::Para { raw }, _)) = h.checked_sub(1).map(|p| &blocks[p]) {
            ids.extend(anchor_id(raw));
        }
        ids
    };
    // Decided innermost first, so a heading that groups events is not one itself.
    let mut event_name: Vec<Option<String>> = vec![None; blocks.len()];
    let mut hinted: Vec<(String, usize)> = Vec::new();
    // The first event heading after `h`: all of them are decided before `h`.
    let mut next_event: Option<usize> = None;
    for &h in headings.iter().rev() {
        let end = end_of(h);
        let Block::Heading { text: title, .. } = &blocks[h].0 else {
            continue;
        };
        if next_event.is_some_and(|j| j < end) {
            continue;
        }
        let content = has_content(h + 1, end);
        event_name[h] = defined_in(h + 1, end)
            .or_else(|| {
                (content && super::fields::ident_like(title))
                    .then(|| title.trim().trim_matches('`').to_string())
            })
            .or_else(|| {
                let (header, value) = hint_in(h + 1, end).filter(|_| has_json(h + 1, end))?;
                hinted.push((header, blocks[h].1));
                Some(value)
            })
            .or_else(|| {
                let values: Vec<&serde_json::Value> = examples[h + 1..end]
                    .iter()
                    .flatten()
                    .map(|e| &e.value)
                    .collect();
                body_name(&values, &ids_of(h), title)
            });
        if event_name[h].is_some() {
            next_event = Some(h);
        }
    }

    // The header that names them is the provider's event header.
    for (name, off) in hinted.into_iter().rev() {
        if !parsed.hinted_headers.iter().any(|h| h.name == name) {
            parsed.hinted_headers.push(HeaderDoc {
                name,
                description: String::new(),
                span: span(off),
            });
        }
    }

    let mut current: Option<(usize, usize)> = None; // (section index, end block)
    let mut subheading = String::new();
    // Outside event sections: whether the heading or intro above says its
    // table holds what every payload may carry.
    let mut common = false;
    // The one quoted name in the subheading, if any: a table under "Payload
    // for `edited`" documents that action's payload.
    let mut scope: Option<String> = None;
    // The headings open above the block, and the prose since the last one:
    // the context of an example outside any event section.
    let mut trail: Vec<(u8, String)> = Vec::new();
    let mut before = String::new();
    for (i, (block, off)) in blocks.iter().enumerate() {
        if current.is_some_and(|(_, end)| i >= end) {
            current = None;
        }
        match block {
            Block::Heading { level, text, .. } => {
                trail.retain(|(l, _)| l < level);
                trail.push((*level, text.clone()));
                before.clear();
            }
            Block::Para { raw } | Block::Item { raw } => {
                if !before.is_empty() {
                    before.push('\n');
                }
                before.push_str(&plain(raw));
            }
            _ => {}
        }
        if let Some(name) = &event_name[i] {
            parsed.sections.push(EventSection {
                name: name.clone(),
                span: span(*off),
                description: String::new(),
                availability: Vec::new(),
                rows: Vec::new(),
                examples: Vec::new(),
            });
            current = Some((parsed.sections.len() - 1, end_of(i)));
            subheading.clear();
            scope = None;
            continue;
        }
        let section = current.map(|(s, _)| s);
        match block {
            Block::Heading { text, .. } => {
                subheading = text.to_lowercase();
                scope = super::fields::heading_scope(text);
                common = super::fields::introduces_common_properties(text);
            }
            Block::Table { header, rows } => {
                if is_header_table(header) {
                    for (cells, row_off, _) in rows {
                        let name = plain(cells.first().map_or("", String::as_str))
                            .trim_matches('`')
                            .to_string();
                        if name.is_empty() {
                            continue;
                        }
                        let description = cells.get(1..).map(|c| c.join(" ")).unwrap_or_default();
                        parsed.headers.push(HeaderDoc {
                            name,
                            description,
                            span: span(*row_off),
                        });
                    }
                } else if let Some((ty, desc)) = field_table_columns(header) {
                    if section.is_none() && common {
                        let mut holder = common_holder(&parsed.span);
                        for (cells, row_off, _) in rows {
                            push_row(&mut holder, cells, (ty, desc), None, span(*row_off), diags);
                        }
                        parsed.common_rows.extend(holder.rows);
                        continue;
                    }
                    let Some(s) = section else {
                        diags.note(
                            span(*off),
                            "field table outside any event section; not attached to an event",
                        );
                        continue;
                    };
                    for (cells, row_off, ragged) in rows {
                        match ragged {
                            Some(Ragged::Fewer) => diags.warning(
                                span(*row_off),
                                format!("table row has fewer cells than the header's {}; the missing ones are empty", header.len()),
                            ),
                            Some(Ragged::More) => diags.warning(
                                span(*row_off),
                                format!("table row has more cells than the header's {}; the extra ones are dropped", header.len()),
                            ),
                            None => {}
                        }
                        push_row(
                            &mut parsed.sections[s],
                            cells,
                            (ty, desc),
                            scope.as_deref(),
                            span(*row_off),
                            diags,
                        );
                    }
                }
            }
            Block::Para { raw } => {
                if section.is_none() && super::fields::introduces_common_properties(raw) {
                    common = true;
                }
                let rows = pipe_rows(raw);
                if let (Some(s), false) = (section, rows.is_empty()) {
                    for (k, t, d, row_off) in rows {
                        push_row(
                            &mut parsed.sections[s],
                            &[k, t, d],
                            (1, 2),
                            scope.as_deref(),
                            span(off + row_off),
                            diags,
                        );
                    }
                } else if let Some(s) = section {
                    let sec = &mut parsed.sections[s];
                    if sec.description.is_empty() && subheading.is_empty() {
                        sec.description = plain(raw);
                    }
                    sec.add_prose_fields(raw, scope.as_deref(), &span(*off));
                }
            }
            Block::Item { raw } => {
                if let (Some(s), true) = (section, subheading.contains("availab")) {
                    parsed.sections[s]
                        .availability
                        .push(plain(raw.trim_start_matches(['-', '*', ' '])));
                }
            }
            Block::Code {
                lang,
                content,
                content_off,
                unclosed,
            } => {
                if *unclosed {
                    diags.warning(
                        span(*off),
                        "code fence is never closed; the rest of the page is read as its content",
                    );
                }
                if is_json_block(lang, content) {
                    let found = std::mem::take(&mut examples[i]);
                    match section {
                        Some(s) => parsed.sections[s].examples.extend(found),
                        None => {
                            if let Some(first) = found.first() {
                                diags.note(
                                    first.span.clone(),
                                    "JSON example outside any event section; not attached to an event",
                                );
                            }
                            let headings: Vec<String> =
                                trail.iter().map(|(_, t)| t.clone()).collect();
                            parsed
                                .loose_examples
                                .extend(found.into_iter().map(|example| super::LooseExample {
                                    example,
                                    lang: lang.clone(),
                                    headings: headings.clone(),
                                    before: before.clone(),
                                }));
                        }
                    }
                } else if let Some(d) = read_request(content, span(*content_off)) {
                    parsed.deliveries.push(d);
                } else if matches!(lang.as_str(), "json" | "jsonc" | "json5")
                    && !content.trim().is_empty()
                {
                    let first = content.trim().lines().next().unwrap_or("");
                    let shown: String = first.chars().take(40).collect();
                    let more = if shown.len() < first.len() { "…" } else { "" };
                    diags.warning(
                        span(*content_off),
                        format!(
                            "code block marked `{lang}` is not a JSON payload (it starts `{shown}{more}`: a shell session, console output or a request line?); skipped"
                        ),
                    );
                }
            }
        }
    }
    parsed
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

fn is_json_block(lang: &str, content: &str) -> bool {
    let t = content.trim_start();
    matches!(lang, "json" | "jsonc" | "json5" | "javascript" | "js" | "")
        && (t.starts_with('{') || t.starts_with('['))
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
    let key = cells.first().map_or("", String::as_str);
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
        span: at,
    });
}
