//! Rendered HTML of a docs site, read with a real HTML parser (`scraper`).
//!
//! Sites wrap the markdown's structure in their own: ids and anchor links on
//! headings, wrapper `<div>`s, tables folded into `<details>`, child
//! properties as a table nested in the parent's row. The walk below keeps
//! only the structure markdown had (headings, tables, code blocks,
//! paragraphs, list items) and writes cell contents back in the markdown
//! spelling the cell readers in `fields` know (`` `code` ``, `<li>`).

use scraper::{ElementRef, Html, Node};

use super::delivery::read_request;
use super::fields::{key_path, plain};
use super::{read_json, EventSection, FieldRow, HeaderDoc, ParsedPage};
use crate::diag::{Diagnostics, Span};
use crate::load::{Page, Sources};

#[derive(Debug, Default)]
struct Table {
    header: Vec<String>,
    rows: Vec<Row>,
}

#[derive(Debug)]
struct Row {
    cells: Vec<String>,
    /// Tables nested in the row: the fields of the row's object.
    nested: Vec<Table>,
}

#[derive(Debug)]
enum Block {
    /// `scope`: the heading's one code span ("Payload for `edited`").
    Heading {
        level: u8,
        text: String,
        scope: Option<String>,
    },
    Table(Table),
    Code {
        lang: String,
        content: String,
    },
    Para(String),
    Item(String),
}

/// Text of an element in markdown spelling: code spans in backticks, list
/// items marked `<li>`, nested tables left out (they are read as tables).
fn inline(el: ElementRef, out: &mut String) {
    for child in el.children() {
        match child.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) => {
                let Some(c) = ElementRef::wrap(child) else {
                    continue;
                };
                match e.name() {
                    "table" | "script" | "style" => {}
                    "code" => {
                        out.push('`');
                        out.push_str(&c.text().collect::<String>());
                        out.push('`');
                    }
                    "li" => {
                        out.push_str("<li>");
                        inline(c, out);
                        out.push_str("</li>");
                    }
                    "br" => out.push(' '),
                    _ => inline(c, out),
                }
            }
            _ => {}
        }
    }
}

fn inline_text(el: ElementRef) -> String {
    let mut s = String::new();
    inline(el, &mut s);
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn child_elements<'a>(el: ElementRef<'a>) -> impl Iterator<Item = ElementRef<'a>> {
    el.children().filter_map(ElementRef::wrap)
}

/// Rows of this table only: `tr`s directly under it or its `thead`/`tbody`.
fn table(el: ElementRef) -> Table {
    let mut t = Table::default();
    let trs: Vec<ElementRef> = child_elements(el)
        .flat_map(|c| match c.value().name() {
            "tr" => vec![c],
            "thead" | "tbody" | "tfoot" => child_elements(c)
                .filter(|r| r.value().name() == "tr")
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    for tr in trs {
        let cells: Vec<ElementRef> = child_elements(tr)
            .filter(|c| matches!(c.value().name(), "td" | "th"))
            .collect();
        let is_head = t.header.is_empty() && cells.iter().all(|c| c.value().name() == "th");
        if is_head {
            t.header = cells
                .iter()
                .map(|c| plain(&inline_text(*c)).to_lowercase())
                .collect();
            continue;
        }
        let nested = cells
            .iter()
            .flat_map(|c| c.descendants().filter_map(ElementRef::wrap))
            .filter(|d| d.value().name() == "table")
            // Only the outermost nested tables; theirs are read recursively.
            .filter(|d| {
                d.ancestors()
                    .filter_map(ElementRef::wrap)
                    .take_while(|a| a.value().name() != "tr" || *a != tr)
                    .all(|a| a.value().name() != "table")
            })
            .map(table)
            .collect();
        t.rows.push(Row {
            cells: cells.iter().map(|c| inline_text(*c)).collect(),
            nested,
        });
    }
    t
}

fn walk(el: ElementRef, out: &mut Vec<Block>) {
    for c in child_elements(el) {
        let name = c.value().name();
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = name[1..].parse().unwrap_or(6);
                // Anchor links sites add (`#`, `¶`) are not part of the title.
                let inline = inline_text(c);
                let scope = super::fields::heading_scope(&inline);
                let text = plain(&inline);
                let text = text.trim_end_matches(['#', '¶', ' ']).trim().to_string();
                out.push(Block::Heading { level, text, scope });
            }
            "table" => out.push(Block::Table(table(c))),
            "pre" => {
                let code = child_elements(c).find(|x| x.value().name() == "code");
                let classes: Vec<&str> = code
                    .iter()
                    .flat_map(|x| x.value().classes())
                    .chain(c.value().classes())
                    .collect();
                let lang = classes
                    .iter()
                    .find_map(|k| {
                        k.strip_prefix("language-")
                            .or_else(|| k.strip_prefix("lang-"))
                    })
                    .unwrap_or("")
                    .to_ascii_lowercase();
                out.push(Block::Code {
                    lang,
                    content: c.text().collect(),
                });
            }
            "p" | "summary" => out.push(Block::Para(inline_text(c))),
            "li" => {
                if c.descendants()
                    .filter_map(ElementRef::wrap)
                    .any(|d| matches!(d.value().name(), "table" | "pre" | "h2" | "h3" | "h4"))
                {
                    walk(c, out);
                } else {
                    out.push(Block::Item(inline_text(c)));
                }
            }
            "script" | "style" | "nav" | "head" => {}
            _ => walk(c, out),
        }
    }
}

fn field_columns(header: &[String]) -> Option<(usize, usize)> {
    let first = header.first()?;
    if !["key", "name", "field", "property", "parameter", "attribute"]
        .iter()
        .any(|k| first.contains(k))
    {
        return None;
    }
    let ty = header.iter().position(|h| h == "type")?;
    let desc = header
        .iter()
        .position(|h| h.contains("description"))
        .unwrap_or(header.len() - 1);
    Some((ty, desc))
}

fn is_json(lang: &str, content: &str) -> bool {
    let t = content.trim_start();
    matches!(lang, "json" | "jsonc" | "javascript" | "js" | "")
        && (t.starts_with('{') || t.starts_with('['))
}

/// Rows of a field table, nested tables under their row's key.
fn rows(
    t: &Table,
    cols: (usize, usize),
    prefix: &str,
    at: &Span,
    out: &mut Vec<FieldRow>,
    diags: &mut Diagnostics,
) {
    for r in &t.rows {
        let key = plain(r.cells.first().map_or("", String::as_str));
        let key = key.trim_matches('`');
        let full = if prefix.is_empty() {
            key.to_string()
        } else {
            format!("{prefix}[{key}]")
        };
        let ty = r
            .cells
            .get(cols.0)
            .map(|c| plain(c).trim_matches('`').to_lowercase())
            .unwrap_or_default();
        match key_path(&full) {
            Some(path) if !key.is_empty() && !ty.is_empty() => out.push(FieldRow {
                path,
                ty: ty.clone(),
                description: r.cells.get(cols.1).cloned().unwrap_or_default(),
                scope: None,
                span: at.clone(),
            }),
            _ => {
                diags.warning(
                    at.clone(),
                    format!(
                        "table row `{}` has no field name or type; skipped",
                        plain(&full)
                    ),
                );
                continue;
            }
        }
        let child_prefix = if ty.starts_with("array") {
            format!("{full}[]")
        } else {
            full.clone()
        };
        for n in &r.nested {
            if let Some(c) = field_columns(&n.header) {
                rows(n, c, &child_prefix, at, out, diags);
            }
        }
    }
}

pub fn parse_page(page: &Page, sources: &Sources, diags: &mut Diagnostics) -> ParsedPage {
    let text = &page.text.text;
    let doc = Html::parse_document(text);
    let mut blocks = Vec::new();
    walk(doc.root_element(), &mut blocks);

    // scraper keeps no source positions: each block is found by its opening
    // tag (or heading text) in the source, in order, from the last one found.
    let mut cursor = 0usize;
    let offsets: Vec<usize> = blocks
        .iter()
        .map(|b| {
            let needle = match b {
                Block::Heading { level, .. } => format!("<h{level}"),
                Block::Table(_) => "<table".to_string(),
                Block::Code { .. } => "<pre".to_string(),
                Block::Para(_) => "<p".to_string(),
                Block::Item(_) => "<li".to_string(),
            };
            if let Some(i) = text.get(cursor..).and_then(|t| t.find(&needle)) {
                cursor += i;
            }
            let at = cursor;
            // Past this block's tag, to the next character.
            cursor += text[cursor..].chars().next().map_or(0, char::len_utf8);
            at
        })
        .collect();
    let span = |i: usize| page.text.span(offsets[i], sources);

    // The document's `<title>` ("Events | Acme") and site name, which name
    // the vendor better than its first heading.
    let first = |selector: &str| {
        let selector = scraper::Selector::parse(selector).ok()?;
        doc.select(&selector).next()
    };
    let head_title = first("title")
        .map(|t| t.text().collect::<String>().trim().to_string())
        .filter(|t| !t.is_empty());
    let site = first("meta[property=\"og:site_name\"]")
        .and_then(|m| m.value().attr("content"))
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty());
    let mut parsed = ParsedPage {
        title: page.title.clone().or(head_title).or_else(|| {
            blocks.iter().find_map(|b| match b {
                Block::Heading { level: 1, text, .. } => Some(text.clone()),
                _ => None,
            })
        }),
        site,
        span: sources.span(page.file, 0),
        ..Default::default()
    };

    // Heading extents and which headings are events, innermost first (as in markdown).
    let level = |i: usize| match &blocks[i] {
        Block::Heading { level, .. } => *level,
        _ => u8::MAX,
    };
    let heads: Vec<usize> = (0..blocks.len()).filter(|&i| level(i) != u8::MAX).collect();
    let mut ends = vec![blocks.len(); blocks.len()];
    let mut open: Vec<usize> = Vec::new();
    for &j in &heads {
        while let Some(&h) = open.last().filter(|&&h| level(j) <= level(h)) {
            ends[h] = j;
            open.pop();
        }
        open.push(j);
    }
    let has_content = |from: usize, to: usize| {
        blocks[from..to].iter().any(|b| match b {
            Block::Table(t) => field_columns(&t.header).is_some(),
            Block::Code { lang, content } => is_json(lang, content),
            _ => false,
        })
    };
    let mut is_event = vec![false; blocks.len()];
    let mut next_event: Option<usize> = None;
    for &h in heads.iter().rev() {
        let Block::Heading { text: t, .. } = &blocks[h] else {
            continue;
        };
        if next_event.is_some_and(|j| j < ends[h]) || !has_content(h + 1, ends[h]) {
            continue;
        }
        if super::fields::ident_like(t) {
            is_event[h] = true;
            next_event = Some(h);
        }
    }

    let mut current: Option<(usize, usize)> = None;
    let mut subheading = String::new();
    let mut scope: Option<String> = None;
    // Outside event sections: whether the heading or intro above says its
    // table holds what every payload may carry.
    let mut common = false;
    for (i, b) in blocks.iter().enumerate() {
        if current.is_some_and(|(_, end)| i >= end) {
            current = None;
        }
        let sec = current.map(|(s, _)| s);
        match b {
            Block::Heading { text, .. } if is_event[i] => {
                parsed.sections.push(EventSection {
                    name: text.clone(),
                    span: span(i),
                    description: String::new(),
                    availability: Vec::new(),
                    rows: Vec::new(),
                    examples: Vec::new(),
                });
                current = Some((parsed.sections.len() - 1, ends[i]));
                subheading.clear();
                scope = None;
            }
            Block::Heading { text, scope: s, .. } => {
                subheading = text.to_lowercase();
                scope = s.clone();
                common = super::fields::introduces_common_properties(text);
            }
            Block::Table(t) => {
                let first = t.header.first().map(String::as_str).unwrap_or("");
                if matches!(first, "header" | "header name" | "headers") {
                    for r in &t.rows {
                        let name = plain(r.cells.first().map_or("", String::as_str))
                            .trim_matches('`')
                            .to_string();
                        if !name.is_empty() {
                            parsed.headers.push(HeaderDoc {
                                name,
                                description: r
                                    .cells
                                    .get(1..)
                                    .map(|c| c.join(" "))
                                    .unwrap_or_default(),
                                span: span(i),
                                intro: String::new(),
                            });
                        }
                    }
                } else if let Some(cols) = field_columns(&t.header) {
                    match sec {
                        Some(s) => {
                            let mut out = Vec::new();
                            rows(t, cols, "", &span(i), &mut out, diags);
                            for row in &mut out {
                                row.scope = scope.clone();
                            }
                            parsed.sections[s].rows.extend(out);
                        }
                        None if common => {
                            rows(t, cols, "", &span(i), &mut parsed.common_rows, diags)
                        }
                        None => diags.note(
                            span(i),
                            "field table outside any event section; not attached to an event",
                        ),
                    }
                }
            }
            Block::Code { lang, content } => {
                if is_json(lang, content) {
                    let found = read_json(content, span(i), diags);
                    match sec {
                        Some(s) => parsed.sections[s].examples.extend(found),
                        None if !found.is_empty() => diags.note(
                            span(i),
                            "JSON example outside any event section; not attached to an event",
                        ),
                        None => {}
                    }
                } else if let Some(d) = read_request(content, span(i)) {
                    parsed.deliveries.push(d);
                }
            }
            Block::Para(t) => {
                if sec.is_none() && super::fields::introduces_common_properties(t) {
                    common = true;
                }
                if let Some(s) = sec {
                    let sec = &mut parsed.sections[s];
                    if sec.description.is_empty() && subheading.is_empty() {
                        sec.description = plain(t);
                    }
                    sec.add_prose_fields(t, scope.as_deref(), &span(i));
                }
            }
            Block::Item(t) => {
                if let (Some(s), true) = (sec, subheading.contains("availab")) {
                    parsed.sections[s].availability.push(plain(t));
                }
            }
        }
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks_of(html: &str) -> Vec<Block> {
        let mut b = Vec::new();
        walk(Html::parse_document(html).root_element(), &mut b);
        b
    }

    #[test]
    fn nested_tables_are_rows_of_their_parent() {
        let b = blocks_of(
            "<div><details><summary>Properties</summary><table><thead><tr><th>Key</th><th>Type</th><th>Description</th></tr></thead>\
             <tbody><tr><td><code>issue</code></td><td><code>object</code></td><td>The issue.\
             <table><tr><th>Name</th><th>Type</th><th>Description</th></tr><tr><td>state</td><td>string</td><td>Can be one of <code>open</code>, <code>closed</code>.</td></tr></table>\
             </td></tr></tbody></table></details></div>",
        );
        let Some(Block::Table(t)) = b.iter().find(|b| matches!(b, Block::Table(_))) else {
            panic!("{b:?}")
        };
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].nested.len(), 1);
        let mut out = Vec::new();
        rows(
            t,
            (1, 2),
            "",
            &Span::default(),
            &mut out,
            &mut Diagnostics::default(),
        );
        assert_eq!(out.len(), 2);
        assert_eq!(out[1].ty, "string");
        assert!(out[1].description.contains("`open`"));
    }
}
