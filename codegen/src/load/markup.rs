//! Docs-platform markup other than Liquid. DocFX, Hugo, MDX and Docusaurus
//! each add their own to markdown; a page written for one of them must
//! still read as markdown. One pass over the lines of an expanded page
//! (fenced code left as it is) applies this table:
//!
//! | platform | markup | what becomes of it |
//! | --- | --- | --- |
//! | DocFX | `::: moniker range="…"` … `::: moniker-end` | kept when the range includes the run's version (the current product unless `--version` names a moniker), dropped otherwise |
//! | DocFX | `[!INCLUDE [title](path)]` | the file, expanded like a page, when it is inside the docs path; dropped with a note otherwise |
//! | DocFX, GitHub | `> [!NOTE]`, `> [!TIP]`, `> [!div …]` | the marker dropped, the quote kept |
//! | DocFX | `::: zone …`, `::: row`, `:::image …:::` | the markers dropped, the content kept |
//! | Docusaurus | `:::note` … `:::` and the other admonitions | the markers dropped, the content kept |
//! | Hugo | `{{< highlight json >}}` … `{{< /highlight >}}` | a fenced code block |
//! | Hugo | other `{{< … >}}` and `{{% … %}}` | the tags dropped, the text between kept; an unknown one with a note |
//! | MDX | `import`/`export` lines, lines that are a `<Component>` tag, `{/* … */}` | dropped |
//! | any | a `:::word` the table does not know | the marker dropped with a note, the content kept |

use std::path::{Path, PathBuf};

use super::sources::{FileId, Text};
use super::{moniker, Loader, MAX_INCLUDE_DEPTH};

/// Admonitions (`:::note`), whose block a bare `:::` closes.
const ADMONITIONS: &[&str] = &[
    "note",
    "tip",
    "info",
    "warning",
    "danger",
    "caution",
    "important",
    "success",
    "secondary",
    "details",
    "hint",
    "attention",
];
/// DocFX layout markers: their content stays as it is.
const LAYOUT: &[&str] = &["zone", "zone-end", "row", "row-end", "column", "column-end"];
/// DocFX directives of one line (`:::image …:::`) with nothing to read.
const SINGLE_LINE: &[&str] = &["image", "video", "code", "no-loc"];
/// Hugo shortcodes that only decorate the text between their tags.
const HUGO_DECORATIONS: &[&str] = &[
    "ref", "relref", "note", "tip", "warning", "info", "hint", "notice", "alert", "callout", "tab",
    "tabs", "tabpane", "details", "expand", "figure", "youtube", "param", "button", "columns",
    "column", "card", "cards",
];

/// An open moniker range: whether its lines are kept, and where it opened.
struct Range {
    keep: bool,
    at: Option<(FileId, usize)>,
}

/// What a line of the pass is inside of.
#[derive(Default)]
struct State {
    /// A fenced code block: its fence character and length.
    fence: Option<(char, usize)>,
    /// Between `{{< highlight >}}` and its closing tag.
    hugo_code: bool,
    /// A `<Component` tag that runs over several lines.
    jsx_open: bool,
    ranges: Vec<Range>,
    /// Open admonitions, which a bare `:::` closes.
    admonitions: usize,
}

impl Loader<'_> {
    /// `text` without the markup of the table above.
    pub(super) fn markup(&mut self, text: &Text, depth: usize) -> Text {
        let mut out = Text::default();
        let mut st = State::default();
        let mut off = 0;
        for line in text.text.split_inclusive('\n') {
            let start = off;
            off += line.len();
            self.line(text, start..off, &mut st, &mut out, depth);
        }
        for r in st.ranges {
            if let Some((file, at)) = r.at {
                let span = self.sources.span(file, at);
                self.diags.warning(
                    span,
                    "moniker range is never closed with `::: moniker-end`; closed at end of file",
                );
            }
        }
        out
    }

    fn line(
        &mut self,
        text: &Text,
        range: std::ops::Range<usize>,
        st: &mut State,
        out: &mut Text,
        depth: usize,
    ) {
        let line = &text.text[range.clone()];
        let t = line.trim();
        let keep = st.ranges.iter().all(|r| r.keep);
        let origin = text.origin(range.start);
        if let Some((ch, n)) = st.fence {
            if closes_fence(t, ch, n) {
                st.fence = None;
            }
            if keep {
                out.push_slice(text, range);
            }
            return;
        }
        if st.hugo_code {
            if let Some(close) = find_hugo_close(line, "highlight") {
                st.hugo_code = false;
                if keep {
                    out.push_slice(text, range.start..range.start + close);
                    if let Some((file, at)) = origin {
                        let sep = if line[..close].trim().is_empty() {
                            ""
                        } else {
                            "\n"
                        };
                        out.push_synthetic(&format!("{sep}```\n"), file, at);
                    }
                }
            } else if keep {
                out.push_slice(text, range);
            }
            return;
        }
        if let Some(fence) = opens_fence(t) {
            st.fence = Some(fence);
            if keep {
                out.push_slice(text, range);
            }
            return;
        }
        if st.jsx_open {
            st.jsx_open = !t.ends_with('>');
            return;
        }
        if let Some(rest) = t.strip_prefix(":::") {
            self.directive(rest.trim_start_matches(':').trim(), origin, st, keep);
            return;
        }
        if !keep || mdx_line(line, t) {
            return;
        }
        if let Some(tag_open) = jsx_line(t) {
            st.jsx_open = tag_open;
            return;
        }
        if let Some((from, to)) = alert_marker(line) {
            let rest = line[to..].trim();
            if !rest.is_empty() {
                out.push_slice(text, range.start..range.start + from);
                out.push_slice(text, range.start + to..range.end);
            }
            return;
        }
        self.inline(text, range, st, out, depth);
    }

    /// A `:::` line: a moniker range, an admonition or a layout marker.
    fn directive(
        &mut self,
        rest: &str,
        origin: Option<(FileId, usize)>,
        st: &mut State,
        keep: bool,
    ) {
        let word_end = rest
            .find(|c: char| c.is_whitespace() || "[{:".contains(c))
            .unwrap_or(rest.len());
        let word = rest[..word_end].to_ascii_lowercase();
        let one_line = rest.ends_with(":::");
        let span = origin.map(|(f, at)| self.sources.span(f, at));
        match word.as_str() {
            "moniker" => {
                let Some(expr) = attribute(rest, "range") else {
                    if let Some(span) = span {
                        self.diags.warning(
                            span,
                            "`::: moniker` without a `range=\"…\"`; its block is kept",
                        );
                    }
                    st.ranges.push(Range {
                        keep: true,
                        at: origin,
                    });
                    return;
                };
                self.monikers.extend(moniker::names(expr));
                let target = self.moniker.as_deref();
                let kept = moniker::applies(expr, target).unwrap_or_else(|why| {
                    if let Some(span) = span.clone() {
                        self.diags
                            .warning(span, format!("{why}; its block is left out"));
                    }
                    false
                });
                st.ranges.push(Range {
                    keep: kept,
                    at: origin,
                });
            }
            "moniker-end" => {
                if st.ranges.pop().is_none() {
                    if let Some(span) = span {
                        self.diags
                            .note(span, "`::: moniker-end` without a range; ignored");
                    }
                }
            }
            "" => {
                if st.admonitions > 0 {
                    st.admonitions -= 1;
                } else if let (Some(span), true) = (span, keep) {
                    self.diags.note(span, "`:::` closes nothing; dropped");
                }
            }
            w if ADMONITIONS.contains(&w) => st.admonitions += usize::from(!one_line),
            w if LAYOUT.contains(&w) || SINGLE_LINE.contains(&w) => {}
            w => {
                if let (Some(span), true) = (span, keep) {
                    self.diags.note(
                        span,
                        format!("unknown `:::{w}` directive dropped; the text it holds is kept"),
                    );
                }
                st.admonitions += usize::from(!one_line);
            }
        }
    }

    /// A line's DocFX includes and Hugo shortcodes.
    fn inline(
        &mut self,
        text: &Text,
        range: std::ops::Range<usize>,
        st: &mut State,
        out: &mut Text,
        depth: usize,
    ) {
        let mut pos = range.start;
        while pos < range.end {
            let rest = &text.text[pos..range.end];
            let include = find_ci(rest, "[!include");
            let hugo = rest.find("{{<").or_else(|| rest.find("{{%"));
            let Some(at) = [include, hugo].into_iter().flatten().min() else {
                break;
            };
            out.push_slice(text, pos..pos + at);
            let from = pos + at;
            let origin = text.origin(from);
            if Some(at) == include {
                let Some((len, path)) = include_target(&text.text[from..range.end]) else {
                    // Not an include after all: keep the text.
                    out.push_slice(text, from..from + 1);
                    pos = from + 1;
                    continue;
                };
                let whole_line =
                    text.text[range.clone()].trim() == text.text[from..from + len].trim();
                self.include(&path, origin, out, depth, whole_line);
                pos = from + len;
            } else {
                let close = if text.text[from..].starts_with("{{<") {
                    ">}}"
                } else {
                    "%}}"
                };
                let Some(end) = text.text[from + 3..range.end].find(close) else {
                    out.push_slice(text, from..range.end);
                    return;
                };
                let inner = text.text[from + 3..from + 3 + end].trim();
                pos = from + 3 + end + 3;
                let closing = inner.starts_with('/');
                let mut words = inner.trim_start_matches('/').split_whitespace();
                let name = words.next().unwrap_or("").to_ascii_lowercase();
                if name == "highlight" && !closing {
                    let lang = words.next().unwrap_or("").trim_matches('"');
                    if let Some((file, src)) = origin {
                        out.push_synthetic(&format!("```{lang}\n"), file, src);
                    }
                    st.hugo_code = true;
                    // The code starts on the next line.
                    return;
                }
                if !HUGO_DECORATIONS.contains(&name.as_str()) && !closing {
                    if let Some((file, src)) = origin {
                        let span = self.sources.span(file, src);
                        self.diags.note(
                            span,
                            format!("Hugo shortcode `{name}` dropped; the text around it is kept"),
                        );
                    }
                }
            }
        }
        if pos < range.end {
            out.push_slice(text, pos..range.end);
        }
    }

    /// Splices a DocFX include: the file, relative to the one including it,
    /// Liquid and markup expanded.
    pub(super) fn include(
        &mut self,
        target: &str,
        origin: Option<(FileId, usize)>,
        out: &mut Text,
        depth: usize,
        whole_line: bool,
    ) {
        let Some((file, at)) = origin else { return };
        let span = self.sources.span(file, at);
        if depth >= MAX_INCLUDE_DEPTH {
            self.diags.warning(
                span,
                format!("includes nest deeper than {MAX_INCLUDE_DEPTH} levels at `{target}`; not expanded"),
            );
            return;
        }
        let Some(base) = self.real_paths.get(&file).and_then(|p| p.parent()) else {
            self.diags.note(
                span,
                format!("include `{target}` left out: it is not in a file"),
            );
            return;
        };
        // Compared as absolute paths: a relative docs root of `` would hold
        // every relative path.
        let absolute = |p: &Path| {
            let p = if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            };
            std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
        };
        let full = normalise(&absolute(base).join(target));
        let root = absolute(&self.root_dir);
        if !full.starts_with(&root) {
            self.diags.note(
                span,
                format!("include `{target}` is outside the docs path; left out"),
            );
            return;
        }
        if !full.is_file() {
            self.diags
                .warning(span, format!("include `{target}` not found; left out"));
            return;
        }
        let key = full.to_string_lossy().into_owned();
        if self.include_stack.contains(&key) {
            self.diags.warning(
                span,
                format!("include cycle: `{target}` includes itself; not expanded again"),
            );
            return;
        }
        let Some(id) = self.read(&full, Some((file, at))) else {
            return;
        };
        self.included.insert(full.clone());
        let body_start = super::front_matter(self.sources.file_text(id)).1;
        self.include_stack.push(key);
        let inner = self.page_text(id, body_start, depth + 1);
        self.include_stack.pop();
        let keep = if whole_line {
            inner.text.len()
        } else {
            inner.text.trim_end_matches('\n').len()
        };
        out.append(&inner, keep);
    }
}

/// `path` with `.` and `..` resolved by name, as DocFX resolves include
/// paths (no file system access, so a missing file still compares).
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// `[!INCLUDE [title](path)]` at the start of `s`: its length and path.
fn include_target(s: &str) -> Option<(usize, String)> {
    let open = s.find("](")?;
    let close = open + 2 + s[open + 2..].find(')')?;
    let end = close + 1 + s[close + 1..].find(']')?;
    if !s[close + 1..end].trim().is_empty() {
        return None;
    }
    let path = s[open + 2..close]
        .trim()
        .trim_matches(['<', '>'])
        .to_string();
    (!path.is_empty()).then_some((end + 1, path))
}

/// Where `needle` (lowercase ASCII) starts in `hay`, ignoring case.
fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    hay.as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// A code fence opening: its character and length.
fn opens_fence(t: &str) -> Option<(char, usize)> {
    let ch = t.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = t.chars().take_while(|c| *c == ch).count();
    (n >= 3).then_some((ch, n))
}

fn closes_fence(t: &str, ch: char, n: usize) -> bool {
    t.chars().all(|c| c == ch) && t.chars().count() >= n
}

/// Where a `{{< /name >}}` closing tag starts in `line`.
fn find_hugo_close(line: &str, name: &str) -> Option<usize> {
    let at = line.find("{{<")?;
    let inner = line[at + 3..].trim_start();
    let inner = inner.strip_prefix('/')?.trim_start();
    inner.starts_with(name).then_some(at)
}

/// `import … from "…"` and `export const …` lines of MDX, and its
/// `{/* comments */}`.
fn mdx_line(line: &str, t: &str) -> bool {
    if line.starts_with("import ") {
        let rest = &t["import ".len()..];
        return rest.starts_with(['"', '\''])
            || rest.contains(" from \"")
            || rest.contains(" from '");
    }
    if let Some(rest) = line.strip_prefix("export ") {
        let word = rest.split_whitespace().next().unwrap_or("");
        return matches!(
            word,
            "const" | "let" | "var" | "function" | "default" | "class" | "async"
        ) || rest.starts_with('{')
            || rest.starts_with('*');
    }
    t.starts_with("{/*") && t.ends_with("*/}")
}

/// A line that is one JSX component tag (`<Tabs>`, `</TabItem>`,
/// `<Admonition type="tip" />`): whether it stays open on the next lines.
fn jsx_line(t: &str) -> Option<bool> {
    let name = t.strip_prefix("</").or_else(|| t.strip_prefix('<'))?;
    if t == "<>" || t == "</>" {
        return Some(false);
    }
    if !name.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    let name_end = name
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '_'))
        .unwrap_or(name.len());
    let after = &name[name_end..];
    if !(after.is_empty() || after.starts_with([' ', '>', '/'])) {
        return None;
    }
    // One tag alone on the line, or the start of one that goes on.
    match t.find('>') {
        Some(i) if i + 1 == t.len() => Some(false),
        Some(_) => None,
        None => Some(true),
    }
}

/// `> [!NOTE]`, `> [!TIP]`, `> [!div class="…"]`: the marker's byte range.
fn alert_marker(line: &str) -> Option<(usize, usize)> {
    let quoted = line.trim_start();
    let rest = quoted.strip_prefix('>')?.trim_start();
    let from = line.len() - rest.len();
    let inner = rest.strip_prefix("[!")?;
    let word_end = inner
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(inner.len());
    if word_end == 0 {
        return None;
    }
    let close = inner.find(']')?;
    Some((from, from + 2 + close + 1))
}

/// `name="value"` in a directive.
fn attribute<'a>(s: &'a str, name: &str) -> Option<&'a str> {
    let at = s.find(&format!("{name}="))? + name.len() + 1;
    let rest = &s[at..];
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    rest[1..].split(quote).next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        assert_eq!(alert_marker("> [!NOTE]\n"), Some((2, 9)));
        assert_eq!(alert_marker("> [!div class=\"x\"]"), Some((2, 18)));
        assert_eq!(alert_marker("> [link](x)"), None);
        assert_eq!(jsx_line("<Tabs>"), Some(false));
        assert_eq!(
            jsx_line("<TabItem value=\"json\" label=\"JSON\">"),
            Some(false)
        );
        assert_eq!(jsx_line("</TabItem>"), Some(false));
        assert_eq!(jsx_line("<Tabs"), Some(true));
        assert_eq!(jsx_line("<a name=\"x\"></a>"), None);
        assert_eq!(jsx_line("<Note>Some text</Note>"), None);
        assert!(mdx_line(
            "import Tabs from '@theme/Tabs';",
            "import Tabs from '@theme/Tabs';"
        ));
        assert!(mdx_line("export const x = 1;", "export const x = 1;"));
        assert!(!mdx_line(
            "export the data to a file.",
            "export the data to a file."
        ));
        assert!(!mdx_line("  import x from 'y'", "import x from 'y'"));
        assert_eq!(
            include_target("[!INCLUDE [Azure](../includes/a.md)] tail"),
            Some((36, "../includes/a.md".to_string()))
        );
        assert_eq!(
            attribute("moniker range=\">= a-1\"", "range"),
            Some(">= a-1")
        );
        assert_eq!(
            normalise(Path::new("/d/docs/../includes/./a.md")),
            PathBuf::from("/d/includes/a.md")
        );
    }
}
