//! Rendered HTML of a docs site, read with a real HTML parser (`scraper`):
//! what Asciidoctor, Sphinx, Hugo, Jekyll, MkDocs and hand-made sites
//! publish.
//!
//! Sites wrap the source's structure in their own: ids and anchor links on
//! headings (or on the `<section>` around them), wrapper `<div>`s, tables
//! folded into `<details>`, child properties as a table nested in the
//! parent's row, code highlighted into one `<span>` per token. The walk
//! keeps the structure the source had (headings, tables, definition lists,
//! code blocks, paragraphs, lists) and leaves out what the page marks as
//! navigation (`<nav>`, `<header>`, `<footer>`, `<aside>`, a table of
//! contents, a sidebar). Cell text is written back in the spelling the
//! cell readers in `fields` know (`` `code` ``, `<li>`); a code block's
//! text is its tokens joined, entities decoded, so it is not the file's
//! bytes (`verbatim: false`). A table nested in a field table's row
//! documents the row's object: its rows become rows of the outer table,
//! keyed `parent[child]` (`parent[][child]` under an array).

use scraper::{ElementRef, Html, Node};

use crate::diag::Diagnostics;
use crate::load::{Page, Sources};
use crate::parse::doc::{Block, BlockKind, Code, Definition, Document, Row};
use crate::parse::fields::plain;

/// A block found, with the tag that opens it in the source (to find where).
struct Found {
    kind: BlockKind,
    tag: &'static str,
}

/// Text of an element in markdown spelling: code spans in backticks, list
/// items marked `<li>`, nested tables left out (they are read as tables).
fn inline(el: ElementRef<'_>, out: &mut String) {
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
                    // Anchor links sites add after a heading's text.
                    "a" if e.has_class("headerlink", scraper::CaseSensitivity::CaseSensitive)
                        || e.has_class("anchor", scraper::CaseSensitivity::CaseSensitive) => {}
                    _ => inline(c, out),
                }
            }
            _ => {}
        }
    }
}

fn inline_text(el: ElementRef<'_>) -> String {
    let mut s = String::new();
    inline(el, &mut s);
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn child_elements<'a>(el: ElementRef<'a>) -> impl Iterator<Item = ElementRef<'a>> {
    el.children().filter_map(ElementRef::wrap)
}

/// Whether the page marks an element as navigation, not content.
fn is_chrome(el: ElementRef<'_>) -> bool {
    let e = el.value();
    if matches!(
        e.name(),
        "nav" | "header" | "footer" | "aside" | "script" | "style" | "head"
    ) {
        return true;
    }
    if matches!(
        e.attr("role"),
        Some("navigation" | "banner" | "contentinfo")
    ) {
        return true;
    }
    if matches!(
        e.id(),
        Some("toc" | "header" | "footer" | "sidebar" | "navigation")
    ) {
        return true;
    }
    e.classes().any(|c| {
        matches!(
            c.to_ascii_lowercase().as_str(),
            "toc"
                | "toc2"
                | "sidebar"
                | "sphinxsidebar"
                | "wy-nav-side"
                | "md-sidebar"
                | "bd-sidebar"
                | "navbar"
                | "breadcrumbs"
                | "md-header"
                | "md-footer"
                | "site-header"
                | "site-footer"
        )
    })
}

/// The type column of a header, lowercased words.
fn type_column(header: &[String]) -> Option<usize> {
    let first = header.first()?;
    ["key", "name", "field", "property", "parameter", "attribute"]
        .iter()
        .any(|k| first.contains(k))
        .then(|| header.iter().position(|h| h == "type"))?
}

/// A table's header and rows; tables nested in a field table's rows as
/// rows of it, keyed under the row's key.
fn table(el: ElementRef<'_>) -> (Vec<String>, Vec<Vec<String>>) {
    let mut header: Vec<String> = Vec::new();
    let mut rows = Vec::new();
    let trs: Vec<ElementRef<'_>> = child_elements(el)
        .flat_map(|c| match c.value().name() {
            "tr" => vec![c],
            "thead" | "tbody" | "tfoot" => child_elements(c)
                .filter(|r| r.value().name() == "tr")
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    for tr in trs {
        let cells: Vec<ElementRef<'_>> = child_elements(tr)
            .filter(|c| matches!(c.value().name(), "td" | "th"))
            .collect();
        let is_head =
            header.is_empty() && rows.is_empty() && cells.iter().all(|c| c.value().name() == "th");
        if is_head {
            header = cells.iter().map(|c| inline_text(*c)).collect();
            continue;
        }
        let row: Vec<String> = cells.iter().map(|c| inline_text(*c)).collect();
        let lower: Vec<String> = header.iter().map(|h| plain(h).to_lowercase()).collect();
        let ty_col = type_column(&lower);
        let key = plain(row.first().map_or("", String::as_str))
            .trim_matches('`')
            .to_string();
        let is_array = ty_col.and_then(|t| row.get(t)).is_some_and(|t| {
            plain(t)
                .trim_matches('`')
                .to_lowercase()
                .starts_with("array")
        });
        rows.push(row);
        if ty_col.is_none() || key.is_empty() {
            continue;
        }
        let prefix = if is_array { format!("{key}[]") } else { key };
        // Only the outermost nested tables; theirs are read recursively.
        let nested = cells
            .iter()
            .flat_map(|c| c.descendants().filter_map(ElementRef::wrap))
            .filter(|d| d.value().name() == "table")
            .filter(|d| {
                d.ancestors()
                    .filter_map(ElementRef::wrap)
                    .take_while(|a| a.value().name() != "tr" || *a != tr)
                    .all(|a| a.value().name() != "table")
            });
        for n in nested {
            let (h, inner) = table(n);
            let lower: Vec<String> = h.iter().map(|x| plain(x).to_lowercase()).collect();
            if type_column(&lower).is_none() {
                continue;
            }
            for mut r in inner {
                if let Some(k) = r.first_mut() {
                    let child = plain(k).trim_matches('`').to_string();
                    *k = format!("{prefix}[{child}]");
                }
                rows.push(r);
            }
        }
    }
    (header, rows)
}

/// A code block's language, as highlighters mark it: `data-lang`,
/// `language-json`, `lang-json`, `highlight-json`, `sourceCode json`, on
/// the `<pre>`, its `<code>` or the wrapper around them.
fn code_lang(pre: ElementRef<'_>) -> Option<String> {
    let code = child_elements(pre).find(|x| x.value().name() == "code");
    let wrappers = pre.ancestors().filter_map(ElementRef::wrap).take(3);
    let els: Vec<ElementRef<'_>> = code.into_iter().chain([pre]).chain(wrappers).collect();
    for el in &els {
        if let Some(l) = el.value().attr("data-lang").filter(|l| !l.is_empty()) {
            return Some(l.to_ascii_lowercase());
        }
    }
    for el in &els {
        let classes: Vec<&str> = el.value().classes().collect();
        for k in &classes {
            let found = k
                .strip_prefix("language-")
                .or_else(|| k.strip_prefix("lang-"))
                .or_else(|| k.strip_prefix("highlight-"))
                .or_else(|| k.strip_prefix("highlight-source-"));
            if let Some(l) = found.filter(|l| !l.is_empty() && *l != "none") {
                return Some(l.to_ascii_lowercase());
            }
        }
        // Pandoc: `class="sourceCode json"`.
        if classes.contains(&"sourceCode") {
            if let Some(l) = classes.iter().find(|k| **k != "sourceCode") {
                return Some(l.to_ascii_lowercase());
            }
        }
    }
    None
}

/// The heading's id, or the id of the `<section>` it opens (Sphinx).
fn heading_anchor(h: ElementRef<'_>) -> Option<String> {
    if let Some(id) = h.value().id() {
        return Some(id.to_string());
    }
    let parent = h.parent().and_then(ElementRef::wrap)?;
    let first = child_elements(parent).next()?;
    (matches!(parent.value().name(), "section" | "div") && first == h)
        .then(|| parent.value().id().map(str::to_string))?
}

fn walk(el: ElementRef<'_>, out: &mut Vec<Found>) {
    for c in child_elements(el) {
        if is_chrome(c) {
            continue;
        }
        let name = c.value().name();
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level: u8 = name[1..].parse().unwrap_or(6);
                // Anchor links sites add (`#`, `¶`) are not part of the title.
                let text = inline_text(c);
                let text = text.trim_end_matches(['#', '¶', ' ']).trim().to_string();
                out.push(Found {
                    kind: BlockKind::Heading {
                        level,
                        text,
                        anchor: heading_anchor(c),
                    },
                    tag: ["<h1", "<h2", "<h3", "<h4", "<h5", "<h6"]
                        [usize::from(level.clamp(1, 6)) - 1],
                });
            }
            "table" => {
                let (header, rows) = table(c);
                out.push(Found {
                    kind: BlockKind::Table {
                        header,
                        rows: rows
                            .into_iter()
                            .map(|cells| Row {
                                cells,
                                span: Default::default(),
                            })
                            .collect(),
                    },
                    tag: "<table",
                });
            }
            "pre" => out.push(Found {
                kind: BlockKind::Code(Code {
                    lang: code_lang(c),
                    text: c.text().collect(),
                    text_span: Default::default(),
                    verbatim: false,
                    unclosed: false,
                }),
                tag: "<pre",
            }),
            "dl" => {
                let mut items = Vec::new();
                let mut term: Option<String> = None;
                for d in child_elements(c) {
                    match d.value().name() {
                        "dt" => term = Some(inline_text(d)),
                        "dd" => items.push(Definition {
                            term: term.clone().unwrap_or_default(),
                            definition: inline_text(d),
                            span: Default::default(),
                        }),
                        _ => {}
                    }
                }
                out.push(Found {
                    kind: BlockKind::DefinitionList { items },
                    tag: "<dl",
                });
                // Code and tables inside definitions are blocks of their own.
                for d in child_elements(c).filter(|d| d.value().name() == "dd") {
                    let mut inner = Vec::new();
                    walk(d, &mut inner);
                    out.extend(inner.into_iter().filter(|f| {
                        !matches!(f.kind, BlockKind::Paragraph { .. } | BlockKind::List { .. })
                    }));
                }
            }
            "p" | "summary" => out.push(Found {
                kind: BlockKind::Paragraph {
                    text: inline_text(c),
                },
                tag: if name == "p" { "<p" } else { "<summary" },
            }),
            "ul" | "ol" => {
                // Items of prose are one list; an item holding a table, code
                // or a heading is read as blocks of its own.
                let mut items = Vec::new();
                for li in child_elements(c).filter(|x| x.value().name() == "li") {
                    let blocky = li.descendants().filter_map(ElementRef::wrap).any(|d| {
                        matches!(
                            d.value().name(),
                            "table" | "pre" | "h2" | "h3" | "h4" | "dl"
                        )
                    });
                    if blocky {
                        if !items.is_empty() {
                            out.push(Found {
                                kind: BlockKind::List {
                                    items: std::mem::take(&mut items),
                                },
                                tag: "<li",
                            });
                        }
                        walk(li, out);
                    } else {
                        items.push(inline_text(li));
                    }
                }
                if !items.is_empty() {
                    out.push(Found {
                        kind: BlockKind::List { items },
                        tag: "<li",
                    });
                }
            }
            _ => walk(c, out),
        }
    }
}

/// Reads an HTML page into blocks.
pub fn read(page: &Page, sources: &Sources, _diags: &mut Diagnostics) -> Document {
    let text = &page.text.text;
    let doc = Html::parse_document(text);
    let mut found = Vec::new();
    walk(doc.root_element(), &mut found);

    // scraper keeps no source positions: each block is found by its opening
    // tag in the source, in order, from the last one found.
    let mut cursor = 0usize;
    let mut blocks = Vec::with_capacity(found.len());
    for f in found {
        if let Some(i) = text.get(cursor..).and_then(|t| t.find(f.tag)) {
            cursor += i;
        }
        let span = page.text.span(cursor, sources);
        // Past this block's tag, to the next character.
        cursor += text[cursor..].chars().next().map_or(0, char::len_utf8);
        let mut kind = f.kind;
        match &mut kind {
            BlockKind::Table { rows, .. } => rows.iter_mut().for_each(|r| r.span = span.clone()),
            BlockKind::DefinitionList { items } => {
                items.iter_mut().for_each(|d| d.span = span.clone())
            }
            BlockKind::Code(c) => c.text_span = span.clone(),
            _ => {}
        }
        blocks.push(Block { kind, span });
    }

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
    Document {
        blocks,
        title: page.title.clone().or(head_title),
        site,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(html: &str) -> Vec<BlockKind> {
        let mut b = Vec::new();
        walk(Html::parse_document(html).root_element(), &mut b);
        b.into_iter().map(|f| f.kind).collect()
    }

    #[test]
    fn nested_tables_are_rows_of_their_parent() {
        let b = found(
            "<div><details><summary>Properties</summary><table><thead><tr><th>Key</th><th>Type</th><th>Description</th></tr></thead>\
             <tbody><tr><td><code>issue</code></td><td><code>object</code></td><td>The issue.\
             <table><tr><th>Name</th><th>Type</th><th>Description</th></tr><tr><td>state</td><td>string</td><td>Can be one of <code>open</code>, <code>closed</code>.</td></tr></table>\
             </td></tr></tbody></table></details></div>",
        );
        let Some(BlockKind::Table { rows, .. }) =
            b.iter().find(|b| matches!(b, BlockKind::Table { .. }))
        else {
            panic!("{b:?}")
        };
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].cells[0], "issue[state]");
        assert!(rows[1].cells[2].contains("`open`"));
    }
}
