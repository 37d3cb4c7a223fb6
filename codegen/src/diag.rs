//! Diagnostics: every problem found in the docs, with where it is.
//!
//! Stages push into a [`Diagnostics`] collector instead of returning early, so
//! one run reports every problem; the driver stops between stages when an
//! error was pushed.

use std::fmt;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor::Buffer};

/// A position in a docs file. Lines and columns count from 1.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub file: String,
    pub line: u32,
    pub col: u32,
    /// Byte offset into the file, for snippets.
    pub offset: usize,
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.col)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Note,
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    pub span: Span,
    pub help: Option<String>,
}

/// The collector every stage writes to.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, severity: Severity, span: Span, message: impl Into<String>) {
        self.items.push(Diagnostic {
            severity,
            message: message.into(),
            span,
            help: None,
        });
    }

    pub fn error(&mut self, span: Span, message: impl Into<String>) {
        self.push(Severity::Error, span, message);
    }

    pub fn warning(&mut self, span: Span, message: impl Into<String>) {
        self.push(Severity::Warning, span, message);
    }

    pub fn note(&mut self, span: Span, message: impl Into<String>) {
        self.push(Severity::Note, span, message);
    }

    /// Attaches a hint to the diagnostic pushed last.
    pub fn with_help(&mut self, help: impl Into<String>) {
        if let Some(last) = self.items.last_mut() {
            last.help = Some(help.into());
        }
    }

    /// Drops the diagnostics at any of `spans` whose message starts with
    /// `prefix` (a later stage says more about the same thing), in one pass;
    /// gives the spans where one was dropped.
    pub fn withdraw(
        &mut self,
        spans: &std::collections::HashSet<Span>,
        prefix: &str,
    ) -> std::collections::HashSet<Span> {
        let mut dropped = std::collections::HashSet::new();
        if spans.is_empty() {
            return dropped;
        }
        self.items.retain(|d| {
            let drop = d.message.starts_with(prefix) && spans.contains(&d.span);
            if drop {
                dropped.insert(d.span.clone());
            }
            !drop
        });
        dropped
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// In file order, so output does not depend on which stage found what first.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut items = self.items.clone();
        items.sort_by(|a, b| {
            (
                &a.span.file,
                a.span.line,
                a.span.col,
                b.severity,
                &a.message,
            )
                .cmp(&(
                    &b.span.file,
                    b.span.line,
                    b.span.col,
                    a.severity,
                    &b.message,
                ))
        });
        items.dedup();
        items
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// Notes or warnings of one kind shown before the rest are counted instead,
/// by the CLI and in build scripts alike.
pub const SHOWN_PER_KIND: usize = 10;

/// Past `keep` notes or warnings of one kind (the same message but for its
/// `quoted` and (parenthesized) parts), the rest become one line that counts them: a scrape
/// with hundreds of dangling includes should not bury everything else.
/// Errors are all kept.
pub fn condense(diags: &[Diagnostic], keep: usize) -> Vec<Diagnostic> {
    let kind = |d: &Diagnostic| {
        let mut shape = String::new();
        let (mut quoted, mut depth) = (false, 0usize);
        for c in d.message.chars() {
            match c {
                '`' => {
                    quoted = !quoted;
                    if quoted && depth == 0 {
                        shape.push_str("`…`");
                    }
                }
                '(' if !quoted => {
                    if depth == 0 {
                        shape.push_str("(…)");
                    }
                    depth += 1;
                }
                ')' if !quoted && depth > 0 => depth -= 1,
                _ if quoted || depth > 0 => {}
                c => shape.push(c),
            }
        }
        (d.severity, shape)
    };
    let mut seen: std::collections::HashMap<(Severity, String), usize> =
        std::collections::HashMap::new();
    for d in diags {
        if d.severity != Severity::Error {
            *seen.entry(kind(d)).or_default() += 1;
        }
    }
    let mut shown: std::collections::HashMap<(Severity, String), usize> =
        std::collections::HashMap::new();
    let mut out = Vec::new();
    for d in diags {
        if d.severity == Severity::Error {
            out.push(d.clone());
            continue;
        }
        let k = kind(d);
        let total = seen[&k];
        let n = shown.entry(k.clone()).or_default();
        *n += 1;
        // One more is shown as itself rather than counted.
        if *n <= keep || total == keep + 1 {
            out.push(d.clone());
        } else if *n == keep + 1 {
            out.push(Diagnostic {
                severity: d.severity,
                message: format!("{} more like this, from here on: {}", total - keep, k.1),
                span: d.span.clone(),
                help: None,
            });
        }
    }
    out
}

/// Renders diagnostics rustc-style, with a snippet where the source is known.
pub fn render(diags: &[Diagnostic], sources: &crate::load::Sources) -> String {
    let mut files = SimpleFiles::new();
    let mut ids = std::collections::HashMap::new();
    let mut out = Buffer::no_color();
    let config = term::Config::default();
    for d in diags {
        let severity = match d.severity {
            Severity::Note => codespan_reporting::diagnostic::Severity::Note,
            Severity::Warning => codespan_reporting::diagnostic::Severity::Warning,
            Severity::Error => codespan_reporting::diagnostic::Severity::Error,
        };
        let mut cs = CsDiagnostic::new(severity).with_message(&d.message);
        let text = sources.text(&d.span.file);
        match text {
            // A long line is printed whole under each label on it: with many
            // diagnostics on one, output would grow with their product.
            Some(text) if d.span.offset <= text.len() && !on_long_line(text, d.span.offset) => {
                let id = *ids
                    .entry(d.span.file.clone())
                    .or_insert_with(|| files.add(d.span.file.clone(), text.to_string()));
                // An offset inside a multi-byte character would panic below.
                let mut start = d.span.offset;
                while !text.is_char_boundary(start) {
                    start -= 1;
                }
                let end = snippet_end(text, start);
                cs = cs.with_labels(vec![Label::primary(id, start..end)]);
            }
            _ if d.span.file.is_empty() => {}
            _ => {
                cs = cs.with_notes(vec![format!("at {}", d.span)]);
            }
        }
        if let Some(help) = &d.help {
            cs = cs.with_notes(vec![format!("help: {help}")]);
        }
        if term::emit(&mut out, &config, &files, &cs).is_err() {
            // Rendering is best effort; the plain form still names the place.
            out = Buffer::no_color();
        }
    }
    String::from_utf8_lossy(out.as_slice()).into_owned()
}

/// Whether the line around `offset` is longer than a snippet should show;
/// looks no further than that either side.
fn on_long_line(text: &str, offset: usize) -> bool {
    const MAX: usize = 1000;
    let bytes = text.as_bytes();
    let from = offset.saturating_sub(MAX);
    let start = match bytes[from..offset].iter().rposition(|&b| b == b'\n') {
        Some(i) => from + i + 1,
        None if from == 0 => 0,
        None => return true,
    };
    let to = (offset + MAX).min(bytes.len());
    let end = match bytes[offset..to].iter().position(|&b| b == b'\n') {
        Some(i) => offset + i,
        None if to == bytes.len() => to,
        None => return true,
    };
    end - start > MAX
}

/// Labels stop at the end of the line, so a snippet never spans a whole file.
fn snippet_end(text: &str, offset: usize) -> usize {
    let rest = &text[offset..];
    let mut end = offset + rest.find('\n').unwrap_or(rest.len()).min(80);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    end.max(offset)
}

/// One line per diagnostic: `severity: file:line:col: message`.
pub fn render_short(diags: &[Diagnostic]) -> String {
    let mut s = String::new();
    for d in diags {
        let sev = match d.severity {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        // Usage errors are about no file; `:0:0:` would read as one.
        if d.span.file.is_empty() {
            s.push_str(&format!("{sev}: {}\n", d.message));
        } else {
            s.push_str(&format!("{sev}: {}: {}\n", d.span, d.message));
        }
    }
    s
}

#[cfg(test)]
mod condense_tests {
    use super::*;

    fn diag(severity: Severity, line: u32, message: &str) -> Diagnostic {
        Diagnostic {
            severity,
            message: message.to_string(),
            span: Span {
                file: "page.md".to_string(),
                line,
                col: 1,
                offset: 0,
            },
            help: None,
        }
    }

    #[test]
    fn many_of_a_kind_are_counted_errors_are_not() {
        let mut diags: Vec<Diagnostic> = (1..=5)
            .map(|i| {
                diag(
                    Severity::Warning,
                    i,
                    &format!("include `x{i}` not found (looked for x{i}.md)"),
                )
            })
            .collect();
        diags.push(diag(Severity::Note, 6, "other `a`"));
        diags.extend((7..=10).map(|i| diag(Severity::Error, i, &format!("bad `{i}`"))));
        let out = condense(&diags, 2);
        let lines: Vec<String> = out
            .iter()
            .map(|d| format!("{}: {}", d.span.line, d.message))
            .collect();
        assert_eq!(
            lines,
            [
                "1: include `x1` not found (looked for x1.md)",
                "2: include `x2` not found (looked for x2.md)",
                "3: 3 more like this, from here on: include `…` not found (…)",
                "6: other `a`",
                "7: bad `7`",
                "8: bad `8`",
                "9: bad `9`",
                "10: bad `10`",
            ]
        );
        // One over the limit is shown, not counted.
        assert_eq!(condense(&diags[..3], 2).len(), 3);
    }
}
