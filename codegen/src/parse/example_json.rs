//! Example payloads as vendors write them: JSON with comments, trailing
//! commas, elisions (`...`, `…`, `<SNIP>`, `// ...`) and several values back
//! to back in one block, read without giving up on the example.
//!
//! Why this way: jsonc-parser's scanner lexes the block (strings with their
//! escapes, `//` and `/* */` comments, every token with its byte range), and
//! a small pass over its tokens decides what to repair: comments and
//! trailing commas are blanked, an elision is blanked with the comma or
//! member it leaves dangling (or becomes the comma it stands in for). The
//! repaired text keeps every byte offset and line of the original, and
//! serde_json reads it, so values, numbers and key order come out exactly as
//! for a strict example (serde_json with `preserve_order`), and its error
//! positions are positions in the docs. Of the maintained crates, json5 and
//! serde_json_lenient parse comments and trailing commas but drop comments
//! and stop at an elision; jsonc-parser's parser and AST also stop at an
//! elision and convert values itself. Its scanner gives what they do not:
//! comment text with positions, to turn a comment after a value into that
//! field's description.

use jsonc_parser::tokens::Token;
use jsonc_parser::{Scanner, ScannerOptions};
use serde_json::Value;

use super::fields::PathSeg;

/// What reading a block gave.
#[derive(Debug, Default)]
pub(crate) struct Lenient {
    /// The values in the block, in order.
    pub values: Vec<Piece>,
    /// What was repaired to read them.
    pub repairs: Vec<Repair>,
    /// What stopped the reading, if anything did.
    pub problem: Option<Problem>,
}

/// One JSON value of a block.
#[derive(Debug)]
pub(crate) struct Piece {
    /// Byte range in the block.
    pub start: usize,
    pub end: usize,
    pub value: Value,
    /// Comments that follow a value on its line: the value's path and the text.
    pub comments: Vec<(Vec<PathSeg>, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RepairKind {
    Comment,
    TrailingComma,
    /// The elision as written (`...`, `<SNIP>`, `// ...`).
    Elision(String),
    /// A comma left out between a value and the member on the next line.
    MissingComma,
}

/// A repair at a byte offset of the block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Repair {
    pub kind: RepairKind,
    pub at: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Problem {
    /// Not JSON even after repairs, at a byte offset.
    Invalid { at: usize, message: String },
    /// A value followed by text that is not JSON (console output, a log).
    TrailingText { at: usize },
}

/// A token of the block with its byte range.
struct Tok<'a> {
    token: Option<Token<'a>>,
    start: usize,
    end: usize,
}

impl Tok<'_> {
    fn is(&self, want: &Token<'_>) -> bool {
        self.token.as_ref() == Some(want)
    }
    fn is_elision(&self) -> bool {
        self.token.is_none()
    }
    fn starts_value(&self) -> bool {
        matches!(
            self.token,
            Some(
                Token::OpenBrace
                    | Token::OpenBracket
                    | Token::String(_)
                    | Token::Number(_)
                    | Token::Boolean(_)
                    | Token::Null
                    | Token::Word(_)
            )
        )
    }
}

/// Reads every JSON value of `text`, repairing what docs commonly leave in
/// examples; with `first_only`, the first value and nothing after it.
pub(crate) fn read(text: &str, first_only: bool) -> Lenient {
    // Most examples are strict JSON: one serde_json pass, no lexing.
    if let Ok(value) = serde_json::from_str::<Value>(text) {
        let start = text.len() - text.trim_start().len();
        return Lenient {
            values: vec![Piece {
                start,
                end: text.trim_end().len().max(start),
                value,
                comments: Vec::new(),
            }],
            ..Lenient::default()
        };
    }
    let tokens = lex(text);
    let mut pass = Pass::new(text);
    let stop = pass.run(&tokens, first_only);
    let mut repaired = text.as_bytes().to_vec();
    for &(start, end) in &pass.blank {
        for b in &mut repaired[start..end] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    }
    for &at in &pass.commas {
        repaired[at] = b',';
    }
    // Only ASCII bytes were written over whole characters.
    let repaired = String::from_utf8(repaired).unwrap_or_default();
    let mut out = Lenient {
        repairs: pass.repairs,
        ..Lenient::default()
    };
    let mut stream = serde_json::Deserializer::from_str(&repaired).into_iter::<Value>();
    loop {
        let before = stream.byte_offset();
        let start = before + (repaired.len() - before - repaired[before..].trim_start().len());
        match stream.next() {
            None => break,
            Some(Ok(value)) => {
                let end = stream.byte_offset();
                let root = out.values.len();
                let comments = pass
                    .comments
                    .iter()
                    .filter(|(r, _, _)| *r == root)
                    .map(|(_, path, text)| (path.clone(), text.clone()))
                    .collect();
                out.values.push(Piece {
                    start,
                    end,
                    value,
                    comments,
                });
                if first_only {
                    break;
                }
            }
            Some(Err(e)) => {
                let at = offset_of(&repaired, e.line(), e.column()).max(start);
                // After a value, text that is not an object and breaks on its
                // first line is not another value: console output, a log line
                // (`[2024-01-01 10:00] ...`), a prompt.
                let first_line_end = repaired[start..]
                    .find('\n')
                    .map_or(repaired.len(), |n| start + n);
                let rest = &repaired[start..];
                let not_a_value = !rest.starts_with('{')
                    && (!rest.starts_with('[')
                        || at <= first_line_end
                        || matches!(stop, Some(Stop::TrailingText(p)) if p <= at));
                out.problem = Some(if !out.values.is_empty() && not_a_value {
                    Problem::TrailingText { at: start }
                } else {
                    Problem::Invalid {
                        at,
                        message: e.to_string(),
                    }
                });
                break;
            }
        }
    }
    // Repairs past the values read describe text that was not used.
    let last_end = out.values.last().map_or(0, |p| p.end);
    if out.problem.is_some() || first_only {
        out.repairs.retain(|r| r.at < last_end);
    }
    out
}

/// Tokens of `text`, elisions included (as tokens without a `token`), up
/// to the first text that is neither; serde_json reports what that is.
fn lex(text: &str) -> Vec<Tok<'_>> {
    let options = ScannerOptions {
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let mut tokens = Vec::new();
    let mut base = 0;
    loop {
        let mut scanner = Scanner::new(&text[base..], &options);
        loop {
            match scanner.scan() {
                Ok(Some(token)) => tokens.push(Tok {
                    token: Some(token),
                    start: base + scanner.token_start(),
                    end: base + scanner.token_end(),
                }),
                Ok(None) => return tokens,
                Err(e) => {
                    let at = base + e.range().start;
                    match elision_len(&text[at..]) {
                        Some(len) => {
                            tokens.push(Tok {
                                token: None,
                                start: at,
                                end: at + len,
                            });
                            base = at + len;
                            break;
                        }
                        None => return tokens,
                    }
                }
            }
        }
    }
}

/// The length of an elision at the start of `s`: three or more dots, `…`,
/// or a placeholder in angle brackets (`<SNIP>`, `<truncated>`).
fn elision_len(s: &str) -> Option<usize> {
    let dots = s.len() - s.trim_start_matches('.').len();
    if dots >= 3 {
        return Some(dots);
    }
    let ellipses = s.len() - s.trim_start_matches('…').len();
    if ellipses > 0 {
        return Some(ellipses);
    }
    let inner = s.strip_prefix('<')?;
    let close = inner.find('>')?;
    let word = &inner[..close];
    (!word.trim().is_empty()
        && close <= 32
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || " ._-…".contains(c)))
    .then_some(close + 2)
}

/// A comment's words, without its markers.
fn comment_text(raw: &str) -> String {
    let t = raw.trim();
    let t = t
        .strip_prefix("//")
        .or_else(|| {
            t.strip_prefix("/*")
                .map(|r| r.strip_suffix("*/").unwrap_or(r))
        })
        .unwrap_or(t);
    t.lines()
        .map(|l| l.trim().trim_start_matches('*').trim())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A comment that only says something was left out (`// ...`, `/* … */`).
fn is_elision_comment(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty() && (elision_len(t) == Some(t.len()) || t.chars().all(|c| c == '.' || c == '…'))
}

/// What an open container expects next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// A key (objects) or an item (arrays), or the close.
    Member,
    Colon,
    /// A value after a key's colon.
    Value,
    /// A comma or the close.
    Separator,
}

struct Frame {
    object: bool,
    expect: Expect,
    /// The key being read (objects), and where it starts.
    key: Option<(String, usize)>,
    /// A comma no member has followed yet: trailing if the close comes next.
    open_comma: Option<(usize, usize)>,
    /// An elision was just dropped here: one extra comma is its.
    after_elision: bool,
    /// An elision between a value and what follows: where to put a comma.
    elided_separator: Option<usize>,
}

impl Frame {
    fn new(object: bool) -> Frame {
        Frame {
            object,
            expect: Expect::Member,
            key: None,
            open_comma: None,
            after_elision: false,
            elided_separator: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    /// A token the pass does not understand; serde_json reports it.
    Unexpected,
    /// Not JSON after a complete value, from this offset.
    TrailingText(usize),
}

/// The repair pass over the tokens.
struct Pass<'t> {
    text: &'t str,
    stack: Vec<Frame>,
    blank: Vec<(usize, usize)>,
    commas: Vec<usize>,
    repairs: Vec<Repair>,
    /// (root index, path, text) of comments that follow a value.
    comments: Vec<(usize, Vec<PathSeg>, String)>,
    /// Roots completed so far.
    roots: usize,
    /// The last value completed: its path and where it ends.
    last_value: Option<(Vec<PathSeg>, usize)>,
}

impl<'t> Pass<'t> {
    fn new(text: &'t str) -> Self {
        Pass {
            text,
            stack: Vec::new(),
            blank: Vec::new(),
            commas: Vec::new(),
            repairs: Vec::new(),
            comments: Vec::new(),
            roots: 0,
            last_value: None,
        }
    }

    fn path(&self) -> Vec<PathSeg> {
        self.stack
            .iter()
            .filter_map(|f| {
                if f.object {
                    f.key.as_ref().map(|(k, _)| PathSeg::Key(k.clone()))
                } else {
                    Some(PathSeg::Items)
                }
            })
            .collect()
    }

    fn elision(&mut self, t: &Tok<'_>) {
        self.blank.push((t.start, t.end));
        self.repairs.push(Repair {
            kind: RepairKind::Elision(self.text[t.start..t.end].to_string()),
            at: t.start,
        });
    }

    /// A value ended at `end`: the enclosing container moves on.
    fn completed(&mut self, end: usize) {
        let path = self.path();
        self.last_value = Some((path, end));
        match self.stack.last_mut() {
            Some(f) => {
                f.expect = Expect::Separator;
                f.open_comma = None;
                f.after_elision = false;
                f.elided_separator = None;
            }
            None => self.roots += 1,
        }
    }

    fn run(&mut self, tokens: &[Tok<'_>], first_only: bool) -> Option<Stop> {
        for (i, t) in tokens.iter().enumerate() {
            if let Some(Token::CommentLine(raw) | Token::CommentBlock(raw)) = &t.token {
                self.comment(t, raw);
                continue;
            }
            if self.stack.is_empty() {
                if self.roots > 0
                    && (first_only || !t.is(&Token::OpenBrace) && !t.is(&Token::OpenBracket))
                {
                    return Some(Stop::TrailingText(t.start));
                }
                if t.is_elision() {
                    return Some(Stop::Unexpected);
                }
            }
            let next = tokens[i + 1..].iter().find(|n| {
                !matches!(
                    n.token,
                    Some(Token::CommentLine(_) | Token::CommentBlock(_))
                )
            });
            if !self.step(t, next) {
                return Some(Stop::Unexpected);
            }
        }
        None
    }

    fn comment(&mut self, t: &Tok<'_>, raw: &str) {
        self.blank.push((t.start, t.end));
        let text = comment_text(raw);
        if is_elision_comment(&text) {
            self.repairs.push(Repair {
                kind: RepairKind::Elision(self.text[t.start..t.end].trim().to_string()),
                at: t.start,
            });
            return;
        }
        self.repairs.push(Repair {
            kind: RepairKind::Comment,
            at: t.start,
        });
        // A comment on the line a value ends on describes that value.
        let Some((path, end)) = &self.last_value else {
            return;
        };
        let same_line = !self.text[*end..t.start].contains('\n');
        let root = if self.stack.is_empty() {
            self.roots.saturating_sub(1)
        } else {
            self.roots
        };
        if same_line
            && !path.is_empty()
            && !text.is_empty()
            && !self
                .comments
                .iter()
                .any(|(r, p, _)| *r == root && p == path)
        {
            self.comments.push((root, path.clone(), text));
        }
    }

    /// One token; false when it does not fit and reading should stop.
    /// `next` is the token after it, comments skipped.
    fn step(&mut self, t: &Tok<'_>, next: Option<&Tok<'_>>) -> bool {
        let next_starts_member = next.is_some_and(|n| n.starts_value());
        let Some(top) = self.stack.len().checked_sub(1) else {
            // A root value.
            return self.value(t);
        };
        let (object, expect) = (self.stack[top].object, self.stack[top].expect);
        let closes = if object {
            t.is(&Token::CloseBrace)
        } else {
            t.is(&Token::CloseBracket)
        };
        match expect {
            Expect::Member | Expect::Value if t.is_elision() => {
                let frame = &mut self.stack[top];
                if expect == Expect::Value {
                    // `"key": ...`: the member is dropped, key and all.
                    if let Some((_, key_start)) = frame.key.take() {
                        self.blank.push((key_start, t.start));
                    }
                    frame.expect = Expect::Member;
                }
                frame.after_elision = true;
                self.elision(t);
                true
            }
            Expect::Separator if t.is_elision() => {
                self.stack[top].elided_separator = Some(t.start);
                self.elision(t);
                true
            }
            // The comma an elision left behind (`..., "b"`, `{ ...,`).
            Expect::Member if t.is(&Token::Comma) && self.stack[top].after_elision => {
                self.stack[top].after_elision = false;
                self.blank.push((t.start, t.end));
                true
            }
            Expect::Member if closes => {
                let frame = &mut self.stack[top];
                if let Some((start, end)) = frame.open_comma.take() {
                    let quiet = frame.after_elision;
                    self.blank.push((start, end));
                    if !quiet {
                        self.repairs.push(Repair {
                            kind: RepairKind::TrailingComma,
                            at: start,
                        });
                    }
                }
                self.stack.pop();
                self.completed(t.end);
                true
            }
            Expect::Member if object => match &t.token {
                Some(Token::String(key)) => {
                    let frame = &mut self.stack[top];
                    frame.key = Some((key.to_string(), t.start));
                    frame.expect = Expect::Colon;
                    true
                }
                _ => false,
            },
            Expect::Member | Expect::Value => self.value(t),
            Expect::Colon => {
                self.stack[top].expect = Expect::Value;
                t.is(&Token::Colon)
            }
            Expect::Separator if t.is(&Token::Comma) => {
                let frame = &mut self.stack[top];
                frame.open_comma = Some((t.start, t.end));
                frame.expect = Expect::Member;
                frame.key = None;
                frame.elided_separator = None;
                true
            }
            Expect::Separator if closes => {
                self.stack.pop();
                self.completed(t.end);
                true
            }
            Expect::Separator => {
                // `1 ... 2`: the elision stood where a comma belongs.
                let frame = &mut self.stack[top];
                match frame.elided_separator.take() {
                    Some(at) if next_starts_member || t.starts_value() => {
                        frame.expect = Expect::Member;
                        frame.key = None;
                        self.commas.push(at);
                        self.step(t, next)
                    }
                    Some(_) => false,
                    None => self.missing_comma(top, t, next),
                }
            }
        }
    }

    /// A member on a line of its own right after a complete value, with
    /// only whitespace between: the comma was left out (`"a": "x"` then
    /// `"b": 1` on the next line). It goes on a blank before the member, so
    /// offsets and lines stay those of the docs.
    fn missing_comma(&mut self, top: usize, t: &Tok<'_>, next: Option<&Tok<'_>>) -> bool {
        let Some((_, end)) = self.last_value else {
            return false;
        };
        let member = if self.stack[top].object {
            matches!(t.token, Some(Token::String(_))) && next.is_some_and(|n| n.is(&Token::Colon))
        } else {
            t.starts_value()
        };
        let gap = &self.text[end.min(t.start)..t.start];
        let Some(blank) = gap.rfind([' ', '\t']) else {
            return false;
        };
        if !member || !gap.contains('\n') || !gap.trim().is_empty() {
            return false;
        }
        let at = end + blank;
        self.commas.push(at);
        self.repairs.push(Repair {
            kind: RepairKind::MissingComma,
            at,
        });
        let frame = &mut self.stack[top];
        frame.expect = Expect::Member;
        frame.key = None;
        self.step(t, next)
    }

    /// A value starting at `t`.
    fn value(&mut self, t: &Tok<'_>) -> bool {
        match &t.token {
            Some(Token::OpenBrace) => {
                self.stack.push(Frame::new(true));
                true
            }
            Some(Token::OpenBracket) => {
                self.stack.push(Frame::new(false));
                true
            }
            Some(Token::String(_) | Token::Number(_) | Token::Boolean(_) | Token::Null) => {
                self.completed(t.end);
                true
            }
            _ => false,
        }
    }
}

/// Byte offset of serde_json's 1-based line and column in `s`.
pub(crate) fn offset_of(s: &str, line: usize, col: usize) -> usize {
    let mut off = 0;
    for (i, l) in s.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return off + col.saturating_sub(1).min(l.len());
        }
        off += l.len();
    }
    s.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn values(text: &str) -> Vec<Value> {
        let r = read(text, false);
        assert_eq!(r.problem, None, "{text}");
        r.values.into_iter().map(|p| p.value).collect()
    }

    fn kinds(text: &str) -> Vec<RepairKind> {
        read(text, false)
            .repairs
            .into_iter()
            .map(|r| r.kind)
            .collect()
    }

    #[test]
    fn strict_json_is_read_as_is() {
        let r = read("{\"a\": 1.50, \"b\": [1, 2]}", false);
        assert!(r.repairs.is_empty());
        assert_eq!(r.values.len(), 1);
        assert_eq!(r.values[0].value, json!({"a": 1.5, "b": [1, 2]}));
    }

    #[test]
    fn comments_and_trailing_commas() {
        let text =
            "{\n  \"d\": 1.5, // seconds\n  /* the id */ \"id\": 3,\n  \"list\": [1, 2,],\n}";
        assert_eq!(values(text), [json!({"d": 1.5, "id": 3, "list": [1, 2]})]);
        assert_eq!(
            kinds(text),
            [
                RepairKind::Comment,
                RepairKind::Comment,
                RepairKind::TrailingComma,
                RepairKind::TrailingComma
            ]
        );
        let r = read(text, false);
        assert_eq!(
            r.values[0].comments,
            [(vec![PathSeg::Key("d".into())], "seconds".to_string())]
        );
    }

    #[test]
    fn comment_after_nested_values_names_their_path() {
        let text = "{\"a\": {\"b\": [\n {\"c\": true} // yes\n]}}";
        let r = read(text, false);
        assert_eq!(
            r.values[0].comments,
            [(
                vec![
                    PathSeg::Key("a".into()),
                    PathSeg::Key("b".into()),
                    PathSeg::Items
                ],
                "yes".to_string()
            )]
        );
    }

    #[test]
    fn elisions_are_dropped() {
        for text in [
            "{\"before\":\"077a…\",\"after\":\"95cd…\",<SNIP>}",
            "{\"before\":\"077a…\",\n  ...\n  \"after\":\"95cd…\"\n}",
            "{\"before\":\"077a…\",\n  …\n  \"after\":\"95cd…\"\n}",
            "{\"before\":\"077a…\",\n  // ...\n  \"after\":\"95cd…\"\n}",
            "{\"before\":\"077a…\"\n  ...\n  \"after\":\"95cd…\"\n}",
            "{\"before\":\"077a…\", ..., \"after\":\"95cd…\"}",
            "{..., \"before\":\"077a…\", \"after\":\"95cd…\", \"x\": ...}",
        ] {
            let v = values(text);
            let want = json!({"before": "077a…", "after": "95cd…"});
            assert_eq!(v, [want], "{text}");
            assert!(kinds(text)
                .iter()
                .any(|k| matches!(k, RepairKind::Elision(_))));
        }
        assert_eq!(
            values("{\"a\": [...], \"b\": {...}}"),
            [json!({"a": [], "b": {}})]
        );
        assert_eq!(values("[1, 2, ...]"), [json!([1, 2])]);
    }

    #[test]
    fn back_to_back_values_are_each_read() {
        let text = "{\"a\": 1}{\"a\": 2}\n{\"a\": 3,}";
        let r = read(text, false);
        assert_eq!(r.problem, None);
        let got: Vec<(&str, Value)> = r
            .values
            .iter()
            .map(|p| (&text[p.start..p.end], p.value.clone()))
            .collect();
        assert_eq!(
            got,
            [
                ("{\"a\": 1}", json!({"a": 1})),
                ("{\"a\": 2}", json!({"a": 2})),
                ("{\"a\": 3,}", json!({"a": 3})),
            ]
        );
    }

    #[test]
    fn console_output_after_a_value_is_trailing_text() {
        for text in [
            "{\"ok\": true}\n127.0.0.1 - - [01/Jan/2024] \"POST /hook HTTP/1.1\" 200",
            "{\"ok\": true}\n[2024-01-01 10:00:00] INFO received",
            "{\"ok\": true}\nServer listening on port 3000",
        ] {
            let r = read(text, false);
            assert_eq!(r.values.len(), 1, "{text}");
            assert_eq!(r.problem, Some(Problem::TrailingText { at: 13 }), "{text}");
        }
        let r = read("{\"ok\": true}\nnot json", true);
        assert_eq!((r.values.len(), r.problem), (1, None));
    }

    #[test]
    fn broken_json_is_located() {
        let r = read("{\n  \"a\": 1,\n  \"b\" 2\n}", false);
        assert!(r.values.is_empty());
        let Some(Problem::Invalid { at, .. }) = r.problem else {
            panic!("{:?}", r.problem)
        };
        assert_eq!(at, 18);
        let r = read("{\"a\": 'x'}", false);
        assert!(
            matches!(r.problem, Some(Problem::Invalid { at: 6, .. })),
            "{:?}",
            r.problem
        );
        let r = read("{\"a\": 1}\n{\"b\":\n  2 3\n}", false);
        assert_eq!(r.values.len(), 1);
        assert!(
            matches!(r.problem, Some(Problem::Invalid { .. })),
            "{:?}",
            r.problem
        );
        // A broken second object is not console output: the first is kept.
        let r = read("{\"a\": 1}\n{\"b\" 2}", false);
        assert_eq!(r.values.len(), 1);
        assert!(
            matches!(r.problem, Some(Problem::Invalid { .. })),
            "{:?}",
            r.problem
        );
    }

    #[test]
    fn a_comma_left_out_before_the_next_line_is_put_back() {
        let text = "{\n  \"id\": \"7\"\n  \"source\": \"/x\",\n  \"list\": [1\n    2]\n}";
        assert_eq!(
            values(text),
            [json!({"id": "7", "source": "/x", "list": [1, 2]})]
        );
        assert_eq!(
            kinds(text),
            [RepairKind::MissingComma, RepairKind::MissingComma]
        );
        // On one line, or before something that is not a member, it stays an error.
        for broken in [
            "{\"a\": 1 \"b\": 2}",
            "{\"a\": 1\n  \"b\" 2}",
            "{\"a\": 1\n\"b\": 2}",
        ] {
            assert!(
                matches!(read(broken, false).problem, Some(Problem::Invalid { .. })),
                "{broken}"
            );
        }
    }

    #[test]
    fn elision_inside_a_string_is_text() {
        assert_eq!(
            values("{\"a\": \"x ... <SNIP> // y\"}"),
            [json!({"a": "x ... <SNIP> // y"})]
        );
        assert!(kinds("{\"a\": \"x ... y\"}").is_empty());
    }
}
