//! reStructuredText, read by hand: the Rust parsers of reST keep no source
//! positions and know few of the directives docs sites use (see
//! ARCHITECTURE.md). The reader is line-oriented, as reST is: each body
//! element is recognised at the start of a region by its first lines, and
//! a directive's content is the indented region under it, read again with
//! its indent removed, to any depth (`.. tabs::` / `.. tab::` /
//! `.. code-block::`).
//!
//! What it lowers: section titles (underlined, or over- and underlined; a
//! level per adornment style in order of appearance), paragraphs, bullet
//! and enumerated lists, definition and field lists, simple, grid and list
//! tables, code blocks (`code-block`, `code`, `sourcecode`, `code-tab`,
//! and `::` literal blocks), and the content of admonitions, tabs and other
//! containers. A tab's title is a heading one level under the section it is
//! in. `.. _name:` labels become the next title's anchor. Comments,
//! substitution definitions, link targets and directives that hold no text
//! (`figure`, `toctree`, ...) are skipped; a directive it does not know is
//! skipped with its content and a note.

use super::lines::{common_indent, dedented_text, is_rule, lines, Line};
use crate::diag::{Diagnostics, Span};
use crate::load::{Page, Sources};
use crate::parse::doc::{Block, BlockKind, Code, Definition, Document, Row};

/// Directives whose content is body elements, read as if it stood alone.
const CONTAINERS: &[&str] = &[
    "note",
    "warning",
    "tip",
    "hint",
    "important",
    "caution",
    "danger",
    "error",
    "attention",
    "admonition",
    "seealso",
    "topic",
    "sidebar",
    "container",
    "only",
    "glossary",
    "versionadded",
    "versionchanged",
    "deprecated",
    "compound",
    "epigraph",
    "highlights",
    "pull-quote",
    "rst-class",
    "cssclass",
    "tabs",
    "tab-set",
    "code-tabs",
    "dropdown",
    "details",
    "collapse",
    "card",
    "grid",
    "grid-item",
    "grid-item-card",
    "ifconfig",
];

/// Directives whose argument is a title and whose content is body
/// elements: a tab of a tab set.
const TABS: &[&str] = &["tab", "group-tab", "tab-item"];

/// Directives whose content is code.
const CODE: &[&str] = &[
    "code-block",
    "code",
    "sourcecode",
    "code-tab",
    "parsed-literal",
];

/// Directives that hold no text to read.
const NO_TEXT: &[&str] = &[
    "figure",
    "image",
    "toctree",
    "contents",
    "raw",
    "meta",
    "index",
    "highlight",
    "include",
    "literalinclude",
    "sectnum",
    "section-numbering",
    "tabularcolumns",
    "math",
    "default-role",
    "role",
    "title",
    "class",
    "header",
    "footer",
    "target-notes",
    "graphviz",
    "mermaid",
    "youtube",
    "video",
    "centered",
    "hlist",
    "csv-table",
    "currentmodule",
    "module",
    "automodule",
    "autoclass",
    "autofunction",
];

/// Reads a reStructuredText page into blocks.
pub fn read(page: &Page, sources: &Sources, diags: &mut Diagnostics) -> Document {
    let text = &page.text.text;
    let span = |off: usize| page.text.span(off, sources);
    let all = lines(text);
    let mut r = Reader {
        span: &span,
        out: Vec::new(),
        styles: Vec::new(),
        anchor: None,
        section_level: 0,
        tab_depth: 0,
        diags,
    };
    r.region(&all, 0);
    Document {
        blocks: r.out,
        title: page.title.clone(),
        site: None,
    }
}

struct Reader<'a, 'd> {
    span: &'a dyn Fn(usize) -> Span,
    out: Vec<Block>,
    /// Adornment styles (character, overlined) in order of appearance: a
    /// style's place is its level.
    styles: Vec<(char, bool)>,
    /// A `.. _name:` label waiting for the title it names.
    anchor: Option<String>,
    /// The level of the last section title.
    section_level: u8,
    /// How many tabs the reader is inside.
    tab_depth: u8,
    diags: &'d mut Diagnostics,
}

/// A line's indent relative to a region's.
fn rel(l: &Line<'_>, base: usize) -> usize {
    l.indent().saturating_sub(base)
}

/// The end of the indented block from `from`: lines that are blank or
/// indented past `base`.
fn indented_end(ls: &[Line<'_>], from: usize, base: usize) -> usize {
    let mut j = from;
    while j < ls.len() && (ls[j].is_blank() || ls[j].indent() > base) {
        j += 1;
    }
    j
}

/// A bullet item's marker width, if the text opens with one.
fn bullet(t: &str) -> Option<usize> {
    for m in ["* ", "- ", "+ ", "• "] {
        if let Some(rest) = t.strip_prefix(m) {
            return Some(m.len() + rest.len() - rest.trim_start().len());
        }
    }
    None
}

/// An enumerated item's marker width: `1.`, `#.`, `a)`, `(iv)`.
fn enumerator(t: &str) -> Option<usize> {
    let (inner, close) = if let Some(r) = t.strip_prefix('(') {
        let end = r.find(')')?;
        (&r[..end], end + 2)
    } else {
        let end = t.find(['.', ')'])?;
        (&t[..end], end + 1)
    };
    let ok = !inner.is_empty()
        && inner.len() <= 4
        && (inner == "#"
            || inner.chars().all(|c| c.is_ascii_digit())
            || (inner.len() == 1 && inner.chars().all(|c| c.is_ascii_alphabetic()))
            || inner.chars().all(|c| "ivxlcdm".contains(c)));
    let rest = t.get(close..)?;
    (ok && rest.starts_with(' ')).then(|| close + rest.len() - rest.trim_start().len())
}

/// `:name: body`: a field's name and where its body starts.
fn field(t: &str) -> Option<(&str, usize)> {
    let rest = t.strip_prefix(':')?;
    let end = rest
        .find(": ")
        .or_else(|| rest.strip_suffix(':').map(|r| r.len()))?;
    let name = &rest[..end];
    if name.is_empty() || name.contains('`') || name.starts_with(' ') {
        return None;
    }
    let body = (end + 3).min(t.len());
    Some((name, body + t[body..].len() - t[body..].trim_start().len()))
}

/// A grid table's border: `+---+----+` or `+===+====+`.
fn grid_border(t: &str) -> bool {
    let t = t.trim_end();
    t.len() >= 3
        && t.starts_with('+')
        && t.ends_with('+')
        && t.chars().all(|c| matches!(c, '+' | '-' | '=' | ':'))
}

/// A simple table's border: runs of `=` with spaces between, at least two.
fn simple_border(t: &str) -> Option<Vec<(usize, usize)>> {
    let chars: Vec<char> = t.trim_end().chars().collect();
    if chars.first() != Some(&'=') || !chars.iter().all(|c| *c == '=' || *c == ' ') {
        return None;
    }
    let mut cols = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '=' {
            let s = i;
            while i < chars.len() && chars[i] == '=' {
                i += 1;
            }
            cols.push((s, i));
        } else {
            i += 1;
        }
    }
    (cols.len() >= 2).then_some(cols)
}

/// The characters `from..to` of a line (by character, as tables align).
fn columns(chars: &[char], from: usize, to: Option<usize>) -> String {
    let to = to.unwrap_or(chars.len()).min(chars.len());
    if from >= to {
        return String::new();
    }
    chars[from..to]
        .iter()
        .collect::<String>()
        .trim()
        .to_string()
}

impl Reader<'_, '_> {
    fn push(&mut self, kind: BlockKind, off: usize) {
        if !matches!(kind, BlockKind::Heading { .. }) {
            self.anchor = None;
        }
        self.out.push(Block {
            kind,
            span: (self.span)(off),
        });
    }

    fn heading(&mut self, text: &str, style: (char, bool), off: usize) {
        let index = match self.styles.iter().position(|s| *s == style) {
            Some(i) => i,
            None => {
                self.styles.push(style);
                self.styles.len() - 1
            }
        };
        let level = u8::try_from(index + 1).unwrap_or(u8::MAX);
        self.section_level = level;
        let anchor = self.anchor.take();
        self.push(
            BlockKind::Heading {
                level,
                text: inline(text.trim()),
                anchor,
            },
            off,
        );
    }

    /// Reads the body elements of `ls`, whose indent is `base`.
    fn region(&mut self, ls: &[Line<'_>], base: usize) {
        let mut i = 0;
        while i < ls.len() {
            let l = ls[i];
            if l.is_blank() {
                i += 1;
                continue;
            }
            let (off, t) = l.dedent(base);
            if rel(&l, base) > 0 {
                // A block quote: its content, read as body elements.
                let end = indented_end(ls, i, base);
                let inner = &ls[i..end];
                self.region(inner, common_indent(inner));
                i = end;
                continue;
            }
            let next = ls.get(i + 1).filter(|n| !n.is_blank());
            let next_t = next.map(|n| n.dedent(base).1);
            if t.starts_with(".. ") || t.trim_end() == ".." {
                i = self.explicit(ls, i, base);
                continue;
            }
            if grid_border(t) {
                i = self.grid_table(ls, i, base);
                continue;
            }
            if let Some(cols) = simple_border(t) {
                i = self.simple_table(ls, i, base, &cols);
                continue;
            }
            if let Some(c) = is_rule(t, 2) {
                // An overlined title: rule, text, the same rule.
                let under = ls.get(i + 2).map(|u| u.dedent(base).1);
                if let (Some(title), Some(u)) = (next_t, under) {
                    if is_rule(u, 2) == Some(c) && is_rule(title.trim(), 2).is_none() {
                        self.heading(title, (c, true), off);
                        i += 3;
                        continue;
                    }
                }
                // A transition, or a rule alone.
                i += 1;
                continue;
            }
            if let (Some(n), Some(nt)) = (next, next_t) {
                if rel(n, base) == 0 {
                    if let Some(c) = is_rule(nt, 2) {
                        let len = nt.trim_end().chars().count();
                        if len >= 3 || len >= t.trim().chars().count() {
                            self.heading(t, (c, false), off);
                            i += 2;
                            continue;
                        }
                    }
                }
            }
            if bullet(t).is_some() || enumerator(t).is_some() {
                i = self.list(ls, i, base);
                continue;
            }
            if field(t).is_some() {
                i = self.fields(ls, i, base);
                continue;
            }
            if next.is_some_and(|n| rel(n, base) > 0) {
                i = self.definitions(ls, i, base);
                continue;
            }
            i = self.paragraph(ls, i, base);
        }
    }

    /// A paragraph, and the literal block after it when it ends with `::`.
    fn paragraph(&mut self, ls: &[Line<'_>], from: usize, base: usize) -> usize {
        let mut j = from;
        let mut text = String::new();
        while j < ls.len() && !ls[j].is_blank() && rel(&ls[j], base) == 0 {
            if j > from {
                text.push('\n');
            }
            text.push_str(ls[j].dedent(base).1.trim_end());
            j += 1;
            // A line indented under the paragraph starts another element.
            if ls.get(j).is_some_and(|n| !n.is_blank() && rel(n, base) > 0) {
                break;
            }
        }
        let off = ls[from].dedent(base).0;
        let literal = text.ends_with("::");
        if literal {
            let kept = text.trim_end_matches(':');
            text = if kept.ends_with(char::is_whitespace) || kept.is_empty() {
                kept.trim_end().to_string()
            } else {
                format!("{kept}:")
            };
        }
        if !text.trim().is_empty() {
            self.push(
                BlockKind::Paragraph {
                    text: inline(&text),
                },
                off,
            );
        }
        if !literal {
            return j;
        }
        let mut k = j;
        while k < ls.len() && ls[k].is_blank() {
            k += 1;
        }
        if k >= ls.len() || ls[k].indent() <= base {
            return j;
        }
        let end = indented_end(ls, k, base);
        self.code(None, &ls[k..end], ls[from].off);
        end
    }

    /// A code block of the lines `ls`, their common indent removed.
    fn code(&mut self, lang: Option<String>, ls: &[Line<'_>], at: usize) {
        let cols = common_indent(ls);
        let (start, text) = dedented_text(ls, cols);
        if text.trim().is_empty() {
            return;
        }
        let text_span = (self.span)(start);
        self.push(
            BlockKind::Code(Code {
                lang,
                text,
                text_span,
                verbatim: false,
                unclosed: false,
            }),
            at,
        );
    }

    /// `..` explicit markup: a directive, a label, a target, a comment.
    fn explicit(&mut self, ls: &[Line<'_>], from: usize, base: usize) -> usize {
        let (off, t) = ls[from].dedent(base);
        let end = indented_end(ls, from + 1, base);
        let body = &ls[from + 1..end];
        let rest = t.trim_start_matches('.').trim();
        // `.. _name:` names the next title; `.. _name: url` is a link target.
        if let Some(label) = rest.strip_prefix('_') {
            if let Some(name) = label.strip_suffix(':') {
                let name = name.trim_matches('`');
                if !name.is_empty() {
                    self.anchor = Some(name.to_string());
                }
            }
            return end;
        }
        let Some((name, args)) = directive(rest) else {
            // A comment, a footnote, a citation or a substitution.
            return end;
        };
        let name = name.to_ascii_lowercase();
        let name = name.rsplit(':').next().unwrap_or(&name).to_string();
        let (options, content) = split_options(body);
        if CODE.contains(&name.as_str()) {
            let lang = args.split_whitespace().next().map(str::to_lowercase);
            let lang = if name == "parsed-literal" { None } else { lang };
            if name == "code-tab" {
                self.tab_title(args, off);
            }
            self.code(lang, content, off);
        } else if name == "list-table" {
            self.list_table(options, content, args, off);
        } else if TABS.contains(&name.as_str()) {
            self.tab_title(args, off);
            self.tab_depth += 1;
            self.region(content, common_indent(content));
            self.tab_depth -= 1;
        } else if CONTAINERS.contains(&name.as_str()) {
            if !args.trim().is_empty()
                && matches!(name.as_str(), "admonition" | "topic" | "sidebar")
            {
                self.push(BlockKind::Paragraph { text: inline(args) }, off);
            }
            self.region(content, common_indent(content));
        } else if name == "rubric" {
            self.push(BlockKind::Paragraph { text: inline(args) }, off);
        } else if !NO_TEXT.contains(&name.as_str()) {
            self.diags.note(
                (self.span)(off),
                format!("unknown reStructuredText directive `{name}`; skipped with its content"),
            );
        }
        end
    }

    /// A tab's title: a heading under the section the tabs are in.
    fn tab_title(&mut self, title: &str, off: usize) {
        let level = self
            .section_level
            .saturating_add(1)
            .saturating_add(self.tab_depth);
        let anchor = self.anchor.take();
        self.push(
            BlockKind::Heading {
                level,
                text: inline(title.trim()),
                anchor,
            },
            off,
        );
    }

    /// Bullet or enumerated items, as one list; blocks inside an item
    /// other than prose (code, tables) follow the list.
    fn list(&mut self, ls: &[Line<'_>], from: usize, base: usize) -> usize {
        let off = ls[from].dedent(base).0;
        let mut items = Vec::new();
        let mut inner_blocks = Vec::new();
        let mut j = from;
        loop {
            while j < ls.len() && ls[j].is_blank() {
                j += 1;
            }
            let Some(l) = ls.get(j).filter(|l| rel(l, base) == 0) else {
                break;
            };
            let t = l.dedent(base).1;
            let Some(width) = bullet(t).or_else(|| enumerator(t)) else {
                break;
            };
            let end = indented_end(ls, j + 1, base);
            let line_off = l.dedent(base).0;
            let mut item_lines = vec![Line {
                off: line_off + width,
                raw: &t[width..],
            }];
            item_lines.extend_from_slice(&ls[j + 1..end]);
            let (text, blocks) = self.nested(&item_lines, base + t[..width].chars().count());
            items.push(text);
            inner_blocks.extend(blocks);
            j = end;
        }
        self.push(BlockKind::List { items }, off);
        self.out.extend(inner_blocks);
        j
    }

    /// `:name: body` fields, as a definition list.
    fn fields(&mut self, ls: &[Line<'_>], from: usize, base: usize) -> usize {
        let off = ls[from].dedent(base).0;
        let mut items = Vec::new();
        let mut inner_blocks = Vec::new();
        let mut j = from;
        loop {
            while j < ls.len() && ls[j].is_blank() {
                j += 1;
            }
            let Some(l) = ls.get(j).filter(|l| rel(l, base) == 0) else {
                break;
            };
            let (line_off, t) = l.dedent(base);
            let Some((name, body_at)) = field(t) else {
                break;
            };
            let end = indented_end(ls, j + 1, base);
            let mut body = vec![Line {
                off: line_off + body_at,
                raw: &t[body_at..],
            }];
            body.extend_from_slice(&ls[j + 1..end]);
            let cols = common_indent(&body[1..]).max(base + 1);
            let (text, blocks) = self.nested(&body, cols);
            items.push(Definition {
                term: inline(name),
                definition: text,
                span: (self.span)(line_off),
            });
            inner_blocks.extend(blocks);
            j = end;
        }
        self.push(BlockKind::DefinitionList { items }, off);
        self.out.extend(inner_blocks);
        j
    }

    /// Terms with their definitions indented under them.
    fn definitions(&mut self, ls: &[Line<'_>], from: usize, base: usize) -> usize {
        let off = ls[from].dedent(base).0;
        let mut items = Vec::new();
        let mut inner_blocks = Vec::new();
        let mut j = from;
        loop {
            while j < ls.len() && ls[j].is_blank() {
                j += 1;
            }
            let Some(l) = ls.get(j).filter(|l| rel(l, base) == 0) else {
                break;
            };
            let indented_next = ls
                .get(j + 1)
                .is_some_and(|n| !n.is_blank() && rel(n, base) > 0);
            let (line_off, t) = l.dedent(base);
            if !indented_next
                || t.starts_with("..")
                || bullet(t).is_some()
                || enumerator(t).is_some()
                || field(t).is_some()
            {
                break;
            }
            let end = indented_end(ls, j + 1, base);
            let body = &ls[j + 1..end];
            let (text, blocks) = self.nested(body, common_indent(body));
            // `term : classifier`: the classifier is not the term.
            let term = t.split(" : ").next().unwrap_or(t).trim();
            items.push(Definition {
                term: inline(term),
                definition: text,
                span: (self.span)(line_off),
            });
            inner_blocks.extend(blocks);
            j = end;
        }
        self.push(BlockKind::DefinitionList { items }, off);
        self.out.extend(inner_blocks);
        j
    }

    /// Reads `ls` apart: the prose of its paragraphs and lists as one text,
    /// and its other blocks.
    fn nested(&mut self, ls: &[Line<'_>], base: usize) -> (String, Vec<Block>) {
        let outer = std::mem::take(&mut self.out);
        let anchor = self.anchor.take();
        self.region(ls, base);
        let inner = std::mem::replace(&mut self.out, outer);
        self.anchor = anchor;
        let mut text = String::new();
        let mut rest = Vec::new();
        for b in inner {
            let piece = match &b.kind {
                BlockKind::Paragraph { text } => text.clone(),
                BlockKind::List { items } => items.join("\n"),
                BlockKind::DefinitionList { items } => items
                    .iter()
                    .map(|d| format!("{}: {}", d.term, d.definition))
                    .collect::<Vec<_>>()
                    .join("\n"),
                _ => {
                    rest.push(b);
                    continue;
                }
            };
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(&piece);
        }
        (text, rest)
    }

    /// A grid table: `+---+` borders, `|` between cells, `+===+` under the
    /// header. A row's cells gather their lines.
    fn grid_table(&mut self, ls: &[Line<'_>], from: usize, base: usize) -> usize {
        let (off, first) = ls[from].dedent(base);
        let first: Vec<char> = first.trim_end().chars().collect();
        let bounds: Vec<usize> = first
            .iter()
            .enumerate()
            .filter(|(_, c)| **c == '+')
            .map(|(i, _)| i)
            .collect();
        let mut header: Vec<String> = Vec::new();
        let mut rows: Vec<Row> = Vec::new();
        let mut cells: Vec<Vec<String>> = vec![Vec::new(); bounds.len().saturating_sub(1)];
        let mut row_off: Option<usize> = None;
        let mut j = from + 1;
        let finish = |cells: &mut Vec<Vec<String>>| -> Vec<String> {
            cells
                .iter_mut()
                .map(|c| inline(&std::mem::take(c).join(" ")))
                .collect()
        };
        while j < ls.len() {
            let (line_off, t) = ls[j].dedent(base);
            let t = t.trim_end();
            if !(t.starts_with('+') || t.starts_with('|')) || rel(&ls[j], base) > 0 {
                break;
            }
            if grid_border(t) {
                if let Some(at) = row_off.take() {
                    let row = finish(&mut cells);
                    if t.contains('=') && header.is_empty() && rows.is_empty() {
                        header = row;
                    } else {
                        rows.push(Row {
                            cells: row,
                            span: (self.span)(at),
                        });
                    }
                }
            } else {
                row_off.get_or_insert(line_off);
                let chars: Vec<char> = t.chars().collect();
                for (k, w) in bounds.windows(2).enumerate() {
                    let piece = columns(&chars, w[0] + 1, Some(w[1]));
                    if !piece.is_empty() {
                        cells[k].push(piece);
                    }
                }
            }
            j += 1;
        }
        self.push(BlockKind::Table { header, rows }, off);
        j
    }

    /// A simple table: `===  ===` borders, a second one under the header
    /// when there is one, and one at the end. A line whose first column is
    /// empty goes on with the row above.
    fn simple_table(
        &mut self,
        ls: &[Line<'_>],
        from: usize,
        base: usize,
        cols: &[(usize, usize)],
    ) -> usize {
        let off = ls[from].dedent(base).0;
        // Groups of lines between borders.
        let mut groups: Vec<Vec<usize>> = vec![Vec::new()];
        let mut j = from + 1;
        while j < ls.len() {
            let t = ls[j].dedent(base).1;
            if simple_border(t).is_some() {
                j += 1;
                let ends = ls.get(j).is_none_or(|n| n.is_blank());
                if ends {
                    break;
                }
                groups.push(Vec::new());
                continue;
            }
            if let Some(g) = groups.last_mut() {
                g.push(j);
            }
            j += 1;
        }
        let starts: Vec<usize> = cols.iter().map(|c| c.0).collect();
        let read_rows = |idx: &[usize]| -> Vec<(Vec<String>, usize)> {
            let mut out: Vec<(Vec<String>, usize)> = Vec::new();
            for &k in idx {
                let (line_off, t) = ls[k].dedent(base);
                if t.trim().is_empty() || t.trim().chars().all(|c| c == '-' || c == ' ') {
                    continue;
                }
                let chars: Vec<char> = t.chars().collect();
                let cells: Vec<String> = (0..starts.len())
                    .map(|c| columns(&chars, starts[c], starts.get(c + 1).copied()))
                    .collect();
                match out.last_mut() {
                    Some((prev, _)) if cells[0].is_empty() => {
                        for (p, c) in prev.iter_mut().zip(cells) {
                            if !c.is_empty() {
                                if !p.is_empty() {
                                    p.push(' ');
                                }
                                p.push_str(&c);
                            }
                        }
                    }
                    _ => out.push((cells, line_off)),
                }
            }
            out
        };
        let (header, body) = if groups.len() >= 2 {
            let head = read_rows(&groups[0]);
            let header = head.into_iter().next().map(|(c, _)| c).unwrap_or_default();
            let body: Vec<usize> = groups[1..].concat();
            (header, read_rows(&body))
        } else {
            (Vec::new(), read_rows(&groups[0]))
        };
        let rows = body
            .into_iter()
            .map(|(cells, at)| Row {
                cells: cells.iter().map(|c| inline(c)).collect(),
                span: (self.span)(at),
            })
            .collect();
        let header = header.iter().map(|c| inline(c)).collect();
        self.push(BlockKind::Table { header, rows }, off);
        j
    }

    /// `.. list-table::`: a bullet list of rows, each a bullet list of
    /// cells; `:header-rows: n` makes the first rows the header.
    fn list_table(&mut self, options: &[Line<'_>], content: &[Line<'_>], title: &str, off: usize) {
        let header_rows: usize = options
            .iter()
            .filter_map(|l| field(l.raw.trim_start()))
            .find(|(name, _)| *name == "header-rows")
            .and_then(|(_, at)| {
                let t = options
                    .iter()
                    .map(|l| l.raw.trim_start())
                    .find(|t| t.starts_with(":header-rows:"))?;
                t.get(at..)?.trim().parse().ok()
            })
            .unwrap_or(0);
        if !title.trim().is_empty() {
            self.push(
                BlockKind::Paragraph {
                    text: inline(title),
                },
                off,
            );
        }
        let base = common_indent(content);
        let mut rows: Vec<(Vec<String>, usize)> = Vec::new();
        for l in content {
            if l.is_blank() {
                continue;
            }
            let (line_off, t) = l.dedent(base);
            let t = t.trim_end();
            if rel(l, base) == 0 {
                if let Some(w) = bullet(t) {
                    let rest = &t[w..];
                    let mut cells = Vec::new();
                    if let Some(cw) = bullet(rest) {
                        cells.push(rest[cw..].to_string());
                    }
                    rows.push((cells, line_off));
                    continue;
                }
            }
            let Some((cells, _)) = rows.last_mut() else {
                continue;
            };
            let t = t.trim_start();
            match bullet(t) {
                Some(cw) if t.starts_with("- ") || t == "-" => cells.push(t[cw..].to_string()),
                _ => match cells.last_mut() {
                    Some(c) => {
                        c.push(' ');
                        c.push_str(t);
                    }
                    None => cells.push(t.to_string()),
                },
            }
        }
        let mut header = Vec::new();
        let mut body = Vec::new();
        for (n, (cells, at)) in rows.into_iter().enumerate() {
            let cells: Vec<String> = cells.iter().map(|c| inline(c.trim())).collect();
            if n < header_rows {
                if header.is_empty() {
                    header = cells;
                }
            } else {
                body.push(Row {
                    cells,
                    span: (self.span)(at),
                });
            }
        }
        self.push(BlockKind::Table { header, rows: body }, off);
    }
}

/// `name:: args` of a directive line.
fn directive(rest: &str) -> Option<(&str, &str)> {
    let at = rest.find("::")?;
    let name = &rest[..at];
    let ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_:.".contains(c));
    ok.then(|| (name, rest[at + 2..].trim()))
}

/// A directive's body: its `:option:` lines, then its content (after the
/// blank line that ends the options).
fn split_options<'a, 'b>(body: &'b [Line<'a>]) -> (&'b [Line<'a>], &'b [Line<'a>]) {
    let mut k = 0;
    while k < body.len() && !body[k].is_blank() && field(body[k].raw.trim_start()).is_some() {
        k += 1;
    }
    (&body[..k], &body[k..])
}

/// reST inline markup as the model spells it: ``` ``literal`` ``` in single
/// backticks, a role (`:ref:`text <target>``) or a reference
/// (`` `text <url>`_ ``) its text, interpreted text its words, escapes
/// dropped; emphasis marks stay (reST spells them as markdown does).
pub(crate) fn inline(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let find = |from: usize, pat: &[char]| -> Option<usize> {
        (from..chars.len().saturating_sub(pat.len() - 1)).find(|&k| chars[k..].starts_with(pat))
    };
    let linked = |inner: &str| -> String {
        let inner = inner.trim();
        match (inner.rfind('<'), inner.ends_with('>')) {
            (Some(lt), true) if lt > 0 => inner[..lt].trim().to_string(),
            (Some(0), true) => inner[1..inner.len() - 1].to_string(),
            _ => inner.trim_start_matches(['~', '!']).to_string(),
        }
    };
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            if let Some(n) = chars.get(i + 1) {
                if !n.is_whitespace() {
                    out.push(*n);
                }
            }
            i += 2;
            continue;
        }
        if c == '`' && chars.get(i + 1) == Some(&'`') {
            if let Some(end) = find(i + 2, &['`', '`']) {
                out.push('`');
                out.extend(&chars[i + 2..end]);
                out.push('`');
                i = end + 2;
                continue;
            }
        }
        if c == ':' && (i == 0 || !chars[i - 1].is_alphanumeric()) {
            // `:role:`text``.
            let mut k = i + 1;
            while k < chars.len()
                && (chars[k].is_ascii_alphanumeric() || "-_.:+".contains(chars[k]))
            {
                if chars[k] == ':' && chars.get(k + 1) == Some(&'`') {
                    break;
                }
                k += 1;
            }
            if k > i + 1 && chars.get(k) == Some(&':') && chars.get(k + 1) == Some(&'`') {
                if let Some(end) = find(k + 2, &['`']) {
                    let inner: String = chars[k + 2..end].iter().collect();
                    out.push_str(&linked(&inner));
                    i = end + 1;
                    continue;
                }
            }
        }
        if c == '`' {
            if let Some(end) = find(i + 1, &['`']) {
                let inner: String = chars[i + 1..end].iter().collect();
                out.push_str(&linked(&inner));
                i = end + 1;
                // `text`_ and `text`__ are references; `text`:role: a role.
                while chars.get(i) == Some(&'_') {
                    i += 1;
                }
                if chars.get(i) == Some(&':') {
                    if let Some(close) = find(i + 1, &[':']) {
                        if chars[i + 1..close]
                            .iter()
                            .all(|c| c.is_ascii_alphanumeric() || *c == '-')
                        {
                            i = close + 1;
                        }
                    }
                }
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::inline;

    #[test]
    fn inline_markup() {
        assert_eq!(inline("the ``event`` field"), "the `event` field");
        assert_eq!(
            inline(":ref:`Payloads <payloads>` and :doc:`/a/b`"),
            "Payloads and /a/b"
        );
        assert_eq!(inline("`Docs <https://x>`_ and `b`__"), "Docs and b");
        assert_eq!(
            inline("*Default* and **strong**"),
            "*Default* and **strong**"
        );
        assert_eq!(inline(r"a \*b"), "a *b");
        assert_eq!(inline(":term:`webhooks <webhook>`"), "webhooks");
    }
}
