//! Markdown as a repository file viewer renders it, copied as text: headings
//! lost their `#`, tables lost their pipes (`Key Type Description`, then
//! `key type description...` one row per line), code fences are gone from
//! around the example delivery (its `> ` lines remain), and Liquid tags are
//! shown as written.
//!
//! Liquid in such a page is display text, not a template: the viewer shows
//! every version's sections at once. The expanded text (which has includes
//! and payloads when the tree holds them) is read first; sections that only
//! the raw file shows, because a conditional dropped them for this version,
//! are then read from the raw text with its tags blanked out.

use super::delivery::read_request;
use super::detect::is_field_header;
use super::fields::{enum_values, header_name, key_path, plain};
use super::{read_json, EventSection, FieldRow, HeaderDoc, ParsedPage};
use crate::diag::{Diagnostics, Span};
use crate::load::{Page, Sources};

/// Type words a field table uses; a pipe-less row is only a row when its
/// second word is one of them.
const TYPES: &[&str] = &[
    "string",
    "object",
    "integer",
    "boolean",
    "array",
    "url",
    "hash",
    "number",
    "null",
    "float",
    "int",
    "bool",
    "timestamp",
    "date",
    "datetime",
    "uri",
    "time",
    "enum",
    "map",
    "list",
];

pub(crate) fn is_type_word(w: &str) -> bool {
    let w = w
        .trim_matches(|c| c == '`' || c == ',')
        .to_ascii_lowercase();
    TYPES.contains(&w.as_str()) || w.starts_with("array") || w.ends_with("[]")
}

/// Lines that mark an event's section in a rendered page.
fn section_marker(line: &str) -> bool {
    let l = line.trim().to_ascii_lowercase();
    l == "availability" || l.contains("payload example") || l == "webhook payload object"
}

/// A heading as a viewer shows it: one token alone on its line.
fn heading_like(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty()
        && s.len() <= 64
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
}

/// The text with every `{% %}` and `{{ }}` tag replaced by spaces of the same
/// length, so offsets stay those of the file.
pub(crate) fn blank_liquid(s: &str) -> String {
    let mut out = s.as_bytes().to_vec();
    let mut i = 0;
    while i + 1 < out.len() {
        let close: &[u8] = match &out[i..i + 2] {
            b"{%" => b"%}",
            b"{{" => b"}}",
            _ => {
                i += 1;
                continue;
            }
        };
        let Some(end) = s[i + 2..].find(std::str::from_utf8(close).unwrap_or("%}")) else {
            break;
        };
        let stop = i + 2 + end + 2;
        for b in &mut out[i..stop] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
        i = stop;
    }
    // Only ASCII bytes inside tags were replaced, by ASCII.
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// Lines with their byte offsets.
pub(crate) fn lines(text: &str) -> Vec<(usize, &str)> {
    let mut off = 0;
    text.split_inclusive('\n')
        .map(|l| {
            let at = off;
            off += l.len();
            (at, l.trim_end_matches(['\n', '\r']))
        })
        .collect()
}

/// Rewrites "Can be created, edited, or deleted." as code spans, which a
/// rendering removed, so the one enum reader in `fields` sees the list.
pub(crate) fn requote_values(desc: &str, single_ok: bool) -> String {
    if !enum_values(desc).is_empty() || desc.contains('`') {
        return desc.to_string();
    }
    let lower = desc.to_ascii_lowercase();
    let Some(at) = ["can be one of", "can be either", "can only be", "can be"]
        .iter()
        .find_map(|p| lower.find(p).map(|i| i + p.len()))
    else {
        return desc.to_string();
    };
    let rest = &desc[at..];
    let end = rest
        .find(". ")
        .or_else(|| rest.find('.'))
        .unwrap_or(rest.len());
    let list = &rest[..end];
    // Only a real list: one word between each separator ("a, b, or c").
    let mut words: Vec<&str> = Vec::new();
    for piece in list
        .split(',')
        .flat_map(|p| p.split(" or "))
        .flat_map(|p| p.split(" and "))
    {
        let w = piece.trim().trim_start_matches(':').trim();
        let w = w
            .strip_prefix("or ")
            .or_else(|| w.strip_prefix("either "))
            .unwrap_or(w)
            .trim();
        if w.is_empty() {
            continue;
        }
        // Prose after the last value ("or performed for all new events").
        let w = if w.contains(char::is_whitespace) && !words.is_empty() && at_last(list, piece) {
            w.split_whitespace().next().unwrap_or(w)
        } else {
            w
        };
        if w.contains(char::is_whitespace) {
            return desc.to_string();
        }
        words.push(w);
    }
    let value_like = |w: &&str| {
        w.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    };
    if words.is_empty() || !words.iter().all(value_like) || words.len() > 40 {
        return desc.to_string();
    }
    // A single word after "can be" is prose ("can be null") more often than a list.
    if words.len() == 1 && !single_ok {
        return desc.to_string();
    }
    let mut quoted = String::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            quoted.push_str(if i + 1 == words.len() { ", or " } else { ", " });
        }
        quoted.push('`');
        quoted.push_str(w);
        quoted.push('`');
    }
    format!("{} {}{}", &desc[..at], quoted, &rest[end..])
}

/// Whether `piece` (a slice of `list`) is its last part.
fn at_last(list: &str, piece: &str) -> bool {
    let end = piece.as_ptr() as usize + piece.len();
    end == list.as_ptr() as usize + list.len()
}

/// A table row from a line: pipe cells when it has them, else `key type rest`.
fn row_cells(line: &str) -> Option<(String, String, String)> {
    let t = line.trim();
    if t.contains('|') {
        let cells: Vec<&str> = t.trim_matches('|').split('|').map(str::trim).collect();
        if cells.len() >= 3 && key_path(cells[0]).is_some() && is_type_word(&plain(cells[1])) {
            return Some((
                cells[0].to_string(),
                plain(cells[1]).trim_matches('`').to_string(),
                cells[2..].join("|"),
            ));
        }
        return None;
    }
    let mut it = t.splitn(3, char::is_whitespace);
    let key = it.next()?;
    let ty = it.next()?;
    let rest = it.next().unwrap_or("");
    (key_path(key).is_some() && is_type_word(ty)).then(|| {
        (
            key.to_string(),
            ty.trim_matches('`').to_string(),
            rest.trim().to_string(),
        )
    })
}

/// `> `-quoted request blocks (the example delivery without its fence).
pub(crate) fn quoted_requests(
    text: &str,
    span: &dyn Fn(usize) -> Span,
) -> Vec<super::DeliveryExample> {
    let mut out = Vec::new();
    let ls = lines(text);
    let mut i = 0;
    while i < ls.len() {
        if !ls[i].1.trim_start().starts_with('>') {
            i += 1;
            continue;
        }
        let start = ls[i].0;
        let mut block = String::new();
        while i < ls.len() && (ls[i].1.trim_start().starts_with('>') || ls[i].1.trim().is_empty()) {
            block.push_str(ls[i].1.trim_start());
            block.push('\n');
            i += 1;
        }
        if let Some(d) = read_request(&block, span(start)) {
            out.push(d);
        }
    }
    out
}

/// Reads one text; `span` maps its offsets to files.
fn read(
    text: &str,
    span: &dyn Fn(usize) -> Span,
    region: &dyn Fn(usize) -> Option<usize>,
    diags: &mut Diagnostics,
    parsed: &mut ParsedPage,
) {
    let ls = lines(text);
    // Which stretch between the raw page's event headings each line is in;
    // lines from includes carry the region of the line that pulled them in.
    let mut last = 0;
    let line_region: Vec<usize> = ls
        .iter()
        .map(|&(off, _)| {
            last = region(off).unwrap_or(last);
            last
        })
        .collect();
    // Event headings: a lone token after a blank line whose section (up to
    // the next such token) shows an event's markers.
    let candidates: Vec<usize> = (0..ls.len())
        .filter(|&i| heading_like(ls[i].1) && (i == 0 || ls[i - 1].1.trim().is_empty()))
        .filter(|&i| !ls.get(i + 1).is_some_and(|(_, l)| is_field_header(l)))
        .collect();
    let mut events: Vec<(usize, usize)> = Vec::new();
    for (n, &c) in candidates.iter().enumerate() {
        let end = candidates.get(n + 1).copied().unwrap_or(ls.len());
        // A heading a conditional dropped still ends the section before it.
        let end = (c + 1..end)
            .find(|&j| line_region[j] != line_region[c])
            .unwrap_or(end);
        if ls[c + 1..end].iter().any(|(_, l)| section_marker(l)) {
            events.push((c, end));
        }
    }
    let section_at = |i: usize| events.iter().position(|&(s, e)| i > s && i < e);
    let first_new = parsed.sections.len();
    for &(s, _) in &events {
        parsed.sections.push(EventSection {
            name: ls[s].1.trim().to_string(),
            span: span(ls[s].0),
            description: String::new(),
            availability: Vec::new(),
            rows: Vec::new(),
            examples: Vec::new(),
        });
    }

    let mut i = 0;
    let mut subheading = String::new();
    while i < ls.len() {
        let line = ls[i].1;
        let sec = section_at(i).map(|k| first_new + k);
        let t = line.trim();
        if events.iter().any(|&(s, _)| s == i) {
            subheading.clear();
            i += 1;
            continue;
        }
        if t.starts_with("```") {
            let lang = t.trim_start_matches('`').trim().to_ascii_lowercase();
            let body_start = ls.get(i + 1).map_or(text.len(), |l| l.0);
            let mut j = i + 1;
            while j < ls.len() && !ls[j].1.trim_start().starts_with("```") {
                j += 1;
            }
            let body_end = ls.get(j).map_or(text.len(), |l| l.0);
            let body = &text[body_start..body_end];
            let b = body.trim_start();
            if matches!(lang.as_str(), "" | "json") && (b.starts_with('{') || b.starts_with('[')) {
                let found = read_json(body, span(body_start), diags);
                match sec {
                    Some(s) => parsed.sections[s].examples.extend(found),
                    None if !found.is_empty() => diags.note(
                        span(body_start),
                        "JSON example outside any event section; not attached to an event",
                    ),
                    None => {}
                }
            }
            i = j + 1;
            continue;
        }
        let words: Vec<String> = t
            .split(|c: char| c == '|' || c.is_whitespace())
            .filter(|w| !w.is_empty())
            .map(|w| w.to_ascii_lowercase())
            .collect();
        if words.len() == 2 && words[0] == "header" && words[1] == "description" {
            i += 1;
            while i < ls.len() && !ls[i].1.trim().is_empty() {
                let l = ls[i].1.trim().trim_matches('|').trim();
                let (name, desc) = l.split_once(char::is_whitespace).unwrap_or((l, ""));
                let name = name.trim_matches(|c| c == '`' || c == '|');
                if header_name(name) {
                    parsed.headers.push(HeaderDoc {
                        name: name.to_string(),
                        description: desc.trim().trim_start_matches('|').trim().to_string(),
                        span: span(ls[i].0),
                        intro: String::new(),
                    });
                }
                i += 1;
            }
            continue;
        }
        if is_field_header(t) {
            i = read_table(&ls, i + 1, sec, span, diags, parsed);
            continue;
        }
        if let Some(s) = sec {
            if section_marker(t) {
                subheading = t.to_ascii_lowercase();
            } else if t.eq_ignore_ascii_case("availability") {
                subheading = "availability".into();
            } else if !t.is_empty() {
                let sec = &mut parsed.sections[s];
                if subheading.contains("availab") {
                    sec.availability
                        .push(plain(t.trim_start_matches(['-', '*', '•', ' '])));
                } else if subheading.is_empty() && sec.description.is_empty() {
                    sec.description = plain(t);
                }
            }
        }
        i += 1;
    }
}

/// Rows from `from` on; returns the index after the table. A table goes on
/// across blank lines (where includes were left out) while rows follow.
fn read_table(
    ls: &[(usize, &str)],
    from: usize,
    sec: Option<usize>,
    span: &dyn Fn(usize) -> Span,
    diags: &mut Diagnostics,
    parsed: &mut ParsedPage,
) -> usize {
    let mut i = from;
    let mut last_row: Option<usize> = None;
    while i < ls.len() {
        let (off, line) = ls[i];
        let t = line.trim();
        if t.is_empty() {
            let next = ls[i..].iter().find(|(_, l)| !l.trim().is_empty());
            if next.is_some_and(|(_, l)| row_cells(l).is_some() || is_field_header(l)) {
                last_row = None;
                i += 1;
                continue;
            }
            break;
        }
        if t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')) || is_field_header(t) {
            i += 1;
            continue;
        }
        match (row_cells(t), sec) {
            (Some((key, ty, desc)), Some(s)) => {
                let Some(path) = key_path(&key) else {
                    i += 1;
                    continue;
                };
                parsed.sections[s].rows.push(FieldRow {
                    path,
                    ty: ty.to_ascii_lowercase(),
                    description: desc,
                    scope: None,
                    optional: false,
                    span: span(off),
                });
                last_row = Some(parsed.sections[s].rows.len() - 1);
            }
            (Some(_), None) => {
                diags.note(
                    span(off),
                    "field table row outside any event section; not attached to an event",
                );
            }
            (None, _) => match (last_row, sec) {
                // A description that wrapped onto more lines (a list in a cell).
                (Some(r), Some(s)) if !t.contains('|') => {
                    let row = &mut parsed.sections[s].rows[r];
                    match t.strip_prefix(['•', '*', '-']).map(str::trim) {
                        // An HTML list in the cell, one item a line: back to `<li>`.
                        Some("") => {}
                        Some(item) => {
                            let (value, rest) = item.split_once(' ').unwrap_or((item, ""));
                            let value_like = value
                                .chars()
                                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
                            if value_like && !value.is_empty() {
                                row.description
                                    .push_str(&format!("<li>`{value}` {rest}</li>"));
                            } else {
                                row.description.push_str(&format!("<li>{item}</li>"));
                            }
                        }
                        None => {
                            row.description.push(' ');
                            row.description.push_str(t);
                        }
                    }
                }
                _ => diags.note(
                    span(off),
                    format!(
                        "line in a field table is not a `key type description` row; skipped: `{}`",
                        truncate(t)
                    ),
                ),
            },
        }
        i += 1;
    }
    if let Some(s) = sec {
        for row in &mut parsed.sections[s].rows {
            // An action documented with one value is still its list of actions.
            let single_ok = row.path.len() == 1
                && matches!(&row.path[0], super::fields::PathSeg::Key(k) if k == "action");
            row.description = requote_values(&row.description, single_ok);
        }
    }
    i
}

pub(crate) fn truncate(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

pub fn parse_page(page: &Page, sources: &Sources, diags: &mut Diagnostics) -> ParsedPage {
    let mut parsed = ParsedPage {
        title: page.title.clone(),
        span: sources.span(page.file, 0),
        ..Default::default()
    };
    let raw = blank_liquid(sources.file_text(page.file));
    let span_r = |off: usize| sources.span(page.file, off);
    let mut from_raw = ParsedPage::default();
    // The raw pass repeats what the expanded pass reports.
    let mut quiet = Diagnostics::default();
    read(&raw, &span_r, &|_| None, &mut quiet, &mut from_raw);
    let raw_heads: Vec<usize> = from_raw.sections.iter().map(|s| s.span.offset).collect();

    let expanded = &page.text.text;
    let span_x = |off: usize| page.text.span(off, sources);
    let region = |off: usize| {
        let (file, src) = page.text.origin(off)?;
        (file == page.file).then(|| raw_heads.partition_point(|&h| h <= src))
    };
    read(expanded, &span_x, &region, diags, &mut parsed);
    parsed.deliveries = quoted_requests(expanded, &span_x);

    let kept = |diags: &mut Diagnostics, what: &str, name: &str, span: &Span| {
        diags.note(
            span.clone(),
            format!(
                "{what} `{name}` is inside a Liquid condition that is false for this version; kept, since a rendered page shows every version"
            ),
        );
    };
    for s in from_raw.sections {
        if parsed.sections.iter().any(|p| p.name == s.name) {
            continue;
        }
        kept(diags, "event", &s.name, &s.span);
        parsed.sections.push(s);
    }
    for h in from_raw.headers {
        if parsed
            .headers
            .iter()
            .any(|p| p.name.eq_ignore_ascii_case(&h.name))
        {
            continue;
        }
        kept(diags, "header", &h.name, &h.span);
        parsed.headers.push(h);
    }
    // Page order, as the raw file has it.
    parsed
        .sections
        .sort_by_key(|s| (s.span.file.clone(), s.span.line, s.span.col));
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requotes_rendered_value_lists() {
        let d = requote_values(
            "The action that was performed. Can be created, edited, or deleted.",
            false,
        );
        assert_eq!(
            enum_values(&d),
            vec!["created".to_string(), "edited".into(), "deleted".into()]
        );
        assert_eq!(
            requote_values("Can be null if unset.", false),
            "Can be null if unset."
        );
        assert_eq!(
            enum_values(&requote_values(
                "Can be one of a, b, or c for all new events.",
                false
            )),
            vec!["a".to_string(), "b".into(), "c".into()]
        );
        assert_eq!(
            enum_values(&requote_values("Can be revoked.", true)),
            vec!["revoked".to_string()]
        );
    }

    #[test]
    fn rows_with_and_without_pipes() {
        assert_eq!(
            row_cells("changes[name][from] string The previous name.").map(|r| r.1),
            Some("string".into())
        );
        assert!(row_cells("sender | object | The user.").is_some());
        assert!(row_cells("The unique properties for a webhook").is_none());
    }

    #[test]
    fn blanks_tags_in_place() {
        let s = "a {% if x %}b{{ y }}\nc";
        let b = blank_liquid(s);
        assert_eq!(b.len(), s.len());
        assert_eq!(b.replace(' ', ""), "ab\nc");
    }
}
