//! Every JSON object a page shows outside event sections that could be a
//! delivery: the examples the reader read from JSON code blocks, and what
//! other code blocks hold (an echo server's reply, a log line, a shell
//! session), including a delivery quoted as a JSON string inside another
//! value. Which of them are deliveries is decided against the field that
//! names the event.

use serde_json::Value;

use crate::diag::{Diagnostics, Span};
use crate::parse::doc::{BlockKind, Code};
use crate::parse::{example_json, read_json_as, ExampleBlock, ParsedPage};

/// How a candidate was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Found {
    /// An example of a JSON code block.
    Block,
    /// The first value of a code block that goes on with other text.
    Console,
    /// A JSON string inside another value (an echo server's `"body"`).
    Quoted,
    /// JSON written inside a line of text (a log line's `body='{…}'`).
    InText,
}

/// A JSON value that may be a delivery, and where it sits.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub example: ExampleBlock,
    pub page: usize,
    /// The headings above it, outermost first.
    pub headings: Vec<String>,
    /// The prose between the nearest heading and it.
    pub before: String,
    pub found: Found,
    /// Whether the reader read it as an example outside any section (and
    /// said so in a note).
    pub loose: bool,
}

impl Candidate {
    pub fn value(&self) -> &Value {
        &self.example.value
    }

    /// Whether it holds template placeholders (see [`is_template`]).
    pub fn is_template(&self) -> bool {
        is_template(&self.example.value)
    }
}

/// Whether a value holds template placeholders (`{{ build.id }}`,
/// `{{ event | upper }}`) in a string: a body to fill in, not one that was
/// sent. A shortcode (`{{< x >}}`) is no placeholder.
pub(crate) fn is_template(value: &Value) -> bool {
    match value {
        Value::String(s) => has_placeholder(s),
        Value::Array(items) => items.iter().any(is_template),
        Value::Object(map) => map.values().any(is_template),
        _ => false,
    }
}

fn has_placeholder(s: &str) -> bool {
    s.match_indices("{{").any(|(open, _)| {
        let rest = &s[open + 2..];
        rest.find("}}").is_some_and(|close| {
            let inner = rest[..close].trim();
            inner.starts_with(|c: char| c.is_alphabetic() || c == '_')
                && inner
                    .chars()
                    .all(|c| c.is_alphanumeric() || "_. |:'\"-".contains(c))
        })
    })
}

/// How many places in one block are tried as the start of JSON in text.
const MAX_TEXT_STARTS: usize = 64;
/// How deep strings holding JSON are looked for.
const MAX_QUOTE_DEPTH: usize = 4;

/// The candidates of every page, in page order.
pub(crate) fn gather(pages: &[ParsedPage]) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (index, page) in pages.iter().enumerate() {
        let read = ReadLines::of(page);
        for loose in &page.loose_examples {
            let c = Candidate {
                example: loose.example.clone(),
                page: index,
                headings: loose.headings.clone(),
                before: loose.before.clone(),
                found: Found::Block,
                loose: true,
            };
            out.extend(quoted(&c));
            out.push(c);
        }
        walk(page, |code, headings, before| {
            if read.covers(code) {
                return;
            }
            for (example, found) in in_code(code) {
                let c = Candidate {
                    example,
                    page: index,
                    headings: headings.to_vec(),
                    before: before.to_string(),
                    found,
                    loose: false,
                };
                out.extend(quoted(&c));
                out.push(c);
            }
        });
    }
    out
}

/// Calls `f` with each code block of the page, the headings above it and
/// the prose between the nearest of them and the block, in one pass.
pub(crate) fn walk(page: &ParsedPage, mut f: impl FnMut(&Code, &[String], &str)) {
    let mut trail: Vec<(u8, String)> = Vec::new();
    let mut headings: Vec<String> = Vec::new();
    let mut before = String::new();
    for block in &page.document.blocks {
        match &block.kind {
            BlockKind::Heading { level, text, .. } => {
                trail.retain(|(l, _)| l < level);
                trail.push((*level, text.clone()));
                headings = trail.iter().map(|(_, t)| t.clone()).collect();
                before.clear();
            }
            BlockKind::Paragraph { text } => {
                if !before.is_empty() {
                    before.push('\n');
                }
                before.push_str(text);
            }
            BlockKind::List { items } => {
                if !before.is_empty() {
                    before.push('\n');
                }
                before.push_str(&items.join("\n"));
            }
            BlockKind::Code(code) => f(code, &headings, &before),
            _ => {}
        }
    }
}

/// The lines of each file where an example the reader read starts.
struct ReadLines(std::collections::HashSet<(String, u32)>);

impl ReadLines {
    fn of(page: &ParsedPage) -> Self {
        let spans = page.loose_examples.iter().map(|l| &l.example.span).chain(
            page.sections
                .iter()
                .flat_map(|s| s.examples.iter().map(|e| &e.span)),
        );
        ReadLines(spans.map(|s| (s.file.clone(), s.line)).collect())
    }

    /// Whether an example the reader read starts in the code block.
    fn covers(&self, code: &Code) -> bool {
        if self.0.is_empty() {
            return false;
        }
        let start = &code.text_span;
        let lines = code.text.matches('\n').count() as u32;
        (start.line..=start.line + lines).any(|l| self.0.contains(&(start.file.clone(), l)))
    }
}

/// For each of `spans`, the headings above the code block holding it and
/// the prose before the block, found in one pass over the page.
pub(crate) fn contexts_of(page: &ParsedPage, spans: &[Span]) -> Vec<(Vec<String>, String)> {
    let mut out = vec![(Vec::new(), String::new()); spans.len()];
    if spans.is_empty() {
        return out;
    }
    walk(page, |code, headings, before| {
        let start = &code.text_span;
        let last = start.line + code.text.matches('\n').count() as u32;
        for (i, s) in spans.iter().enumerate() {
            if s.file == start.file && (start.line..=last).contains(&s.line) {
                out[i] = (headings.to_vec(), before.to_string());
            }
        }
    });
    out
}

/// JSON in a code block the reader did not read as an example: the block
/// as JSON when it is (or starts with) a value, else objects written
/// inside its lines. Read quietly: the reader has said what the block is.
fn in_code(code: &Code) -> Vec<(ExampleBlock, Found)> {
    let text = &code.text;
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        let whole = read_json_as(
            text,
            code.text_span.clone(),
            false,
            &mut Diagnostics::default(),
        );
        if !whole.is_empty() {
            return whole.into_iter().map(|e| (e, Found::Block)).collect();
        }
        let first = example_json::read(text, true);
        if let Some(piece) = first.values.into_iter().next() {
            let raw = text[piece.start..piece.end].to_string();
            return vec![(
                ExampleBlock {
                    raw,
                    value: piece.value,
                    span: code.text_span.clone(),
                    comments: piece.comments,
                },
                Found::Console,
            )];
        }
    }
    in_text(text, &code.text_span)
}

/// Objects written inside text (`body='{"a":1}'`): each `{"` tried as the
/// start of one compact JSON object.
fn in_text(text: &str, span: &Span) -> Vec<(ExampleBlock, Found)> {
    let mut out = Vec::new();
    let mut from = 0;
    let mut tries = 0;
    while let Some(rel) = text[from..].find("{\"") {
        tries += 1;
        if tries > MAX_TEXT_STARTS {
            break;
        }
        let start = from + rel;
        let mut stream = serde_json::Deserializer::from_str(&text[start..]).into_iter::<Value>();
        match stream.next() {
            Some(Ok(value @ Value::Object(_))) => {
                let end = start + stream.byte_offset();
                out.push((
                    ExampleBlock {
                        raw: text[start..end].to_string(),
                        value,
                        span: span.clone(),
                        comments: Vec::new(),
                    },
                    Found::InText,
                ));
                from = end;
            }
            _ => from = start + 2,
        }
    }
    out
}

/// Deliveries quoted inside `c`: strings that hold a JSON object, as an
/// echo server's reply holds the body it received.
fn quoted(c: &Candidate) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut stack: Vec<(&Value, usize)> = vec![(c.value(), 0)];
    while let Some((v, depth)) = stack.pop() {
        match v {
            Value::String(s) => {
                let t = s.trim();
                if !(t.starts_with('{') && t.ends_with('}')) {
                    continue;
                }
                if let Ok(value @ Value::Object(_)) = serde_json::from_str::<Value>(t) {
                    out.push(Candidate {
                        example: ExampleBlock {
                            raw: s.clone(),
                            value,
                            span: c.example.span.clone(),
                            comments: Vec::new(),
                        },
                        found: Found::Quoted,
                        loose: false,
                        ..c.clone()
                    });
                }
            }
            Value::Object(map) if depth < MAX_QUOTE_DEPTH => {
                stack.extend(map.values().rev().map(|v| (v, depth + 1)));
            }
            Value::Array(items) if depth < MAX_QUOTE_DEPTH => {
                stack.extend(items.iter().rev().map(|v| (v, depth + 1)));
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> Code {
        Code {
            lang: Some("bash".into()),
            text: text.into(),
            text_span: Span::default(),
            verbatim: true,
            unclosed: false,
        }
    }

    #[test]
    fn json_in_a_log_line_and_after_a_value() {
        let found = in_code(&code(
            "INFO sending url='x', body='{\"kind\":\"a.b\",\"n\":1}', try='1'\n",
        ));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, Found::InText);
        assert_eq!(found[0].0.raw, "{\"kind\":\"a.b\",\"n\":1}");
        let found = in_code(&code(
            "{\"path\": \"/\"}\n::1 - - \"POST / HTTP/1.1\" 200\n",
        ));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, Found::Console);
    }

    #[test]
    fn a_string_holding_json_is_a_candidate_of_its_own() {
        let c = Candidate {
            example: ExampleBlock {
                raw: String::new(),
                value: serde_json::json!({"body": "{\"kind\":\"a.b\"}", "json": {"kind": "a.b"}}),
                span: Span::default(),
                comments: Vec::new(),
            },
            page: 0,
            headings: Vec::new(),
            before: String::new(),
            found: Found::Console,
            loose: false,
        };
        let q = quoted(&c);
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].example.raw, "{\"kind\":\"a.b\"}");
        assert_eq!(q[0].found, Found::Quoted);
        assert!(!c.is_template());
    }
}
