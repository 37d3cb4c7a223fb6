//! Which front-end reads a page, decided from its content.
//!
//! Scrapes arrive without a reliable extension: a `.txt` may hold markdown,
//! a file viewer's rendering of markdown, HTML flattened to text, HTML
//! itself, or a bare list of event names. Each test below looks for the mark
//! a dialect cannot hide (tags, a pipe-less `Key Type Description` line, a
//! front matter row) and falls back to markdown.

use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// Markdown with Liquid, as a docs site keeps its sources.
    Markdown,
    /// Markdown as a repository file viewer shows it: no `#`, no table pipes.
    ViewerText,
    /// A rendered page flattened back to text: front matter in a pipe row,
    /// definition lists split over lines.
    Flattened,
    /// A rendered docs page.
    Html,
    /// A table or list of `resource.action` event names and little else.
    Catalog,
    /// AsciiDoc source (`= Title`, `[source,json]`, `|===`).
    AsciiDoc,
    /// reStructuredText source (`.. code-block::`, underlined titles).
    Rst,
}

impl Dialect {
    pub const NAMES: [&'static str; 7] = [
        "markdown",
        "viewer-text",
        "flattened",
        "html",
        "catalog",
        "asciidoc",
        "rst",
    ];

    pub fn name(self) -> &'static str {
        match self {
            Dialect::Markdown => "markdown",
            Dialect::ViewerText => "viewer-text",
            Dialect::Flattened => "flattened",
            Dialect::Html => "html",
            Dialect::Catalog => "catalog",
            Dialect::AsciiDoc => "asciidoc",
            Dialect::Rst => "rst",
        }
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Dialect {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "markdown" | "md" => Ok(Dialect::Markdown),
            "viewer-text" => Ok(Dialect::ViewerText),
            "flattened" => Ok(Dialect::Flattened),
            "html" => Ok(Dialect::Html),
            "catalog" => Ok(Dialect::Catalog),
            "asciidoc" | "adoc" => Ok(Dialect::AsciiDoc),
            "rst" | "restructuredtext" => Ok(Dialect::Rst),
            _ => Err(format!(
                "unknown dialect `{s}` (one of: auto, {})",
                Dialect::NAMES.join(", ")
            )),
        }
    }
}

/// The cells of a line with table pipes and markup removed, lowercased.
fn words(line: &str) -> Vec<String> {
    line.split(|c: char| c == '|' || c.is_whitespace())
        .map(|w| {
            w.trim_matches(|c| c == '`' || c == '*')
                .to_ascii_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// A field-table header: `Key Type Description` and its synonyms.
pub(crate) fn is_field_header(line: &str) -> bool {
    let w = words(line);
    w.len() == 3
        && matches!(
            w[0].as_str(),
            "key" | "name" | "field" | "property" | "parameter" | "attribute"
        )
        && w[1] == "type"
        && w[2] == "description"
}

/// `resource.action` as a vendor writes it, case kept: `user.created`,
/// `trialActivation.deleted`.
pub(crate) fn dotted_event(s: &str) -> bool {
    let Some((a, b)) = s.split_once('.') else {
        return false;
    };
    let part = |p: &str| {
        !p.is_empty()
            && p.len() <= 64
            && p.starts_with(|c: char| c.is_ascii_alphabetic())
            && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    part(a) && part(b) && !matches!(b, "md" | "html" | "json" | "txt" | "com" | "io")
}

/// The first cell of a table row or list item, unwrapped from markup.
pub(crate) fn lead_cell(line: &str) -> Option<&str> {
    let t = line.trim();
    let t = t
        .strip_prefix('|')
        .map(|r| r.split('|').next().unwrap_or(""))
        .or_else(|| t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")))?;
    Some(
        t.trim()
            .trim_matches(|c| c == '*' || c == '`' || c == '_')
            .trim(),
    )
}

/// An ATX heading line (`## Title`), which only markdown sources have.
fn md_heading(line: &str) -> bool {
    let t = line.trim_start();
    let rest = t.trim_start_matches('#');
    rest.len() < t.len() && t.len() - rest.len() <= 6 && rest.starts_with(' ')
}

/// The dialect a file's name says (`.rst`, `.adoc`), if it says one.
pub fn by_name(name: &str) -> Option<Dialect> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    match ext.as_str() {
        "rst" | "rest" => Some(Dialect::Rst),
        "adoc" | "asciidoc" | "asc" => Some(Dialect::AsciiDoc),
        _ => None,
    }
}

/// reStructuredText's marks: a directive (`.. code-block:: json`) or a
/// label (`.. _name:`), which no other dialect writes at a line's start.
fn rst_marks(lines: &[&str]) -> usize {
    lines
        .iter()
        .filter(|l| {
            let Some(rest) = l.trim_start().strip_prefix(".. ") else {
                return false;
            };
            let directive = rest.find("::").is_some_and(|at| {
                at > 0
                    && rest[..at]
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "-_:".contains(c))
            });
            directive || (rest.starts_with('_') && rest.trim_end().ends_with(':'))
        })
        .count()
}

/// AsciiDoc's marks: `|===` tables, `[source,…]` and other block
/// attribute lines before a delimited block, `== ` section titles.
fn asciidoc_marks(lines: &[&str]) -> usize {
    let titles = lines
        .iter()
        .filter(|l| l.starts_with("== ") || l.starts_with("=== "))
        .count();
    let tables = lines.iter().filter(|l| l.trim_end() == "|===").count();
    let sources = lines
        .windows(2)
        .filter(|w| w[0].starts_with("[source") && matches!(w[1].trim_end(), "----" | "...."))
        .count();
    tables + sources + if titles >= 2 { titles } else { 0 }
}

pub fn detect(text: &str) -> Dialect {
    let mut cut = text.len().min(64 * 1024);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = &text[..cut];
    let lower = head.to_ascii_lowercase();
    if ["<html", "<table", "<h2", "<h3", "<body", "<!doctype html"]
        .iter()
        .any(|t| lower.contains(t))
        && !head.lines().any(md_heading)
    {
        return Dialect::Html;
    }
    let lines: Vec<&str> = text.lines().collect();
    let piped_field_header = lines.iter().any(|l| l.contains('|') && is_field_header(l));
    let bare_field_header = lines.iter().any(|l| !l.contains('|') && is_field_header(l));
    // Includes expanded into a rendered page bring piped tables with them;
    // markdown sources never show a bare header line, and do show `## `.
    let md_headings = lines
        .iter()
        .any(|l| l.starts_with("## ") || l.starts_with("### "));
    if bare_field_header && (!piped_field_header || !md_headings) {
        return Dialect::ViewerText;
    }
    // A front matter rendered as a table: its keys become the header row.
    if lines.iter().take(10).any(|l| {
        let w = words(l);
        w.first().is_some_and(|f| f == "title") && w.iter().any(|x| x == "intro") && l.contains('|')
    }) {
        return Dialect::Flattened;
    }
    let catalog_rows = lines
        .iter()
        .filter(|l| lead_cell(l).is_some_and(dotted_event))
        .count();
    let headed_events = lines
        .iter()
        .filter(|l| l.trim_start().starts_with('#'))
        .filter(|l| dotted_event(l.trim_start_matches(['#', ' ']).trim().trim_matches('`')))
        .count();
    // A catalog may describe the envelope all its events share, with examples of it;
    // that table and those examples belong to no one event.
    let envelope = lines
        .iter()
        .any(|l| md_heading(l) && l.to_ascii_lowercase().contains("envelope"));
    if catalog_rows >= 5
        && headed_events == 0
        && (envelope || !piped_field_header && !text.contains("```json"))
    {
        return Dialect::Catalog;
    }
    if !lines.iter().any(|l| md_heading(l) || l.starts_with("```")) {
        if asciidoc_marks(&lines) > 0 {
            return Dialect::AsciiDoc;
        }
        if rst_marks(&lines) > 0 {
            return Dialect::Rst;
        }
    }
    Dialect::Markdown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_each_dialect() {
        assert_eq!(
            detect("## a\n\n| Key | Type | Description |\n|-|-|-|\n"),
            Dialect::Markdown
        );
        assert_eq!(
            detect("push\n\nKey Type Description\nref string The ref.\n"),
            Dialect::ViewerText
        );
        assert_eq!(
            detect("<html><body><h2 id=\"push\">push</h2></body></html>"),
            Dialect::Html
        );
        assert_eq!(
            detect("title | intro |\n---|---|\nA | B |\n"),
            Dialect::Flattened
        );
        let cat: String = (0..6)
            .map(|i| format!("| **thing{i}.created** | |\n"))
            .collect();
        assert_eq!(detect(&cat), Dialect::Catalog);
        let headed: String = (0..6)
            .map(|i| format!("### thing{i}.created\n\n- a.b\n"))
            .collect();
        assert_eq!(detect(&headed), Dialect::Markdown);
        let enveloped = format!(
            "{cat}\n## Payload envelope\n\n| Key | Type | Description |\n|-|-|-|\n\n```json\n{{}}\n```\n"
        );
        assert_eq!(detect(&enveloped), Dialect::Catalog);
        let tabled = format!("{cat}\n## Payload\n\n| Key | Type | Description |\n|-|-|-|\n");
        assert_eq!(detect(&tabled), Dialect::Markdown);
    }

    #[test]
    fn html_inside_markdown_stays_markdown() {
        let page = "### push\n\n<table><tr><td>a</td></tr></table>\n";
        assert_eq!(detect(page), Dialect::Markdown);
        assert_eq!(detect("<div><h3 id=\"a\">a</h3></div>"), Dialect::Html);
    }

    #[test]
    fn dotted_names_keep_case() {
        assert!(dotted_event("trialActivation.deleted"));
        assert!(!dotted_event("readme.md"));
        assert!(!dotted_event("a.b.c"));
    }
}
