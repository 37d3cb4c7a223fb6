//! The one document model every markup is lowered to.
//!
//! A reader per markup (markdown, HTML, AsciiDoc, reStructuredText, the
//! scraped-text dialects) turns a page into a flat list of [`Block`]s in
//! document order; what the docs mean (event sections, field tables,
//! examples, the body field that names the event) is found once, over the
//! blocks, never over a markup. So a new markup costs a reader and nothing
//! else. The model is deliberately small, like pandoc's: what the finders
//! need and no more.
//!
//! Inline text is the words with code spans in backticks (`` `opened` ``),
//! which the finders read; links become their text, roles (`:ref:`) their
//! text. Emphasis marks stay where the markup spells them as markdown does
//! (`**Note:**`, `*Default*`): descriptions are published as the docs write
//! them, and [`super::fields::plain`] is what reads them as words. A list
//! inside a table cell is spelled `<li>…</li>`, as the cell readers in
//! `fields` expect.

use crate::diag::Span;

/// A page as blocks, in document order.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub blocks: Vec<Block>,
    /// The page's title where the markup gives one apart from its
    /// headings (front matter, an HTML `<title>`).
    pub title: Option<String>,
    /// The site or product the page says it belongs to (front matter, an
    /// HTML `og:site_name`).
    pub site: Option<String>,
}

/// One block and where it starts.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum BlockKind {
    /// A heading; `level` 1 is the page title. `anchor` is the id the
    /// markup gives it (`{#id}`, `[[id]]`, `.. _id:`, `id="…"`), if any.
    Heading {
        level: u8,
        text: String,
        anchor: Option<String>,
    },
    Paragraph {
        text: String,
    },
    /// A bullet or numbered list, one string per top-level item.
    List {
        items: Vec<String>,
    },
    /// A table: the header row (empty when the markup has none), then the
    /// body rows; cells are inline text. Each row keeps where it starts.
    Table {
        header: Vec<String>,
        rows: Vec<Row>,
    },
    /// Terms and their definitions (`term::`, reST definition and field
    /// lists, `<dl>`).
    DefinitionList {
        items: Vec<Definition>,
    },
    /// A code or literal block: its language as the markup names it
    /// (lowercased, `None` when unnamed), and its text.
    Code(Code),
}

#[derive(Debug, Clone)]
pub struct Row {
    pub cells: Vec<String>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Definition {
    pub term: String,
    pub definition: String,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Code {
    pub lang: Option<String>,
    pub text: String,
    /// Where `text` starts in its file.
    pub text_span: Span,
    /// Whether `text` is the file's own bytes from `text_span` on, so an
    /// offset into it is an offset into the file (false for text a reader
    /// decoded: HTML entities, joined highlighting spans, dedented
    /// directive content).
    pub verbatim: bool,
    /// A fence never closed, running on to the end of the page.
    pub unclosed: bool,
}

impl Document {
    /// The headings above block `index`, outermost first: the trail a
    /// block sits under.
    pub fn headings_above(&self, index: usize) -> Vec<&Block> {
        let mut trail: Vec<&Block> = Vec::new();
        for block in &self.blocks[..index.min(self.blocks.len())] {
            if let BlockKind::Heading { level, .. } = block.kind {
                while trail.last().is_some_and(
                    |b| matches!(b.kind, BlockKind::Heading { level: l, .. } if l >= level),
                ) {
                    trail.pop();
                }
                trail.push(block);
            }
        }
        trail
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading(level: u8, text: &str) -> Block {
        Block {
            kind: BlockKind::Heading {
                level,
                text: text.to_string(),
                anchor: None,
            },
            span: Span::default(),
        }
    }

    fn para(text: &str) -> Block {
        Block {
            kind: BlockKind::Paragraph {
                text: text.to_string(),
            },
            span: Span::default(),
        }
    }

    #[test]
    fn the_trail_keeps_only_open_headings() {
        let doc = Document {
            blocks: vec![
                heading(1, "Page"),
                heading(2, "First"),
                heading(3, "Inner"),
                heading(2, "Second"),
                para("body"),
            ],
            ..Default::default()
        };
        let trail: Vec<&str> = doc
            .headings_above(4)
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Heading { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(trail, ["Page", "Second"]);
    }
}
