//! A rendered page flattened back to text. The front matter became a table
//! (`title | intro | ...` then the values), each `<dt>`/`<dd>` pair of a
//! definition list split as `Name` on one line and `: description` on the
//! next, with the following term glued to the end of the description, and
//! every code span ends its line.

use super::text_table::{header_name, lines, quoted_requests, truncate};
use super::{HeaderDoc, ParsedPage};
use crate::diag::Diagnostics;
use crate::load::{Page, Sources};

/// The last header-like token of a line: the term a `: description` line defines.
fn trailing_term(line: &str) -> Option<(usize, &str)> {
    let t = line.trim_end();
    let start = t
        .char_indices()
        .rfind(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '-'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let term = &t[start..];
    header_name(term).then_some((start, term))
}

pub fn parse_page(page: &Page, sources: &Sources, diags: &mut Diagnostics) -> ParsedPage {
    let text = &page.text.text;
    let span = |off: usize| page.text.span(off, sources);
    let ls = lines(text);
    let mut parsed = ParsedPage {
        title: page.title.clone(),
        span: sources.span(page.file, 0),
        ..Default::default()
    };
    // Front matter row: keys, a `---|---` rule, values.
    if let Some(k) = ls.iter().take(10).position(|(_, l)| {
        l.split('|')
            .next()
            .is_some_and(|c| c.trim().eq_ignore_ascii_case("title"))
            && l.contains('|')
    }) {
        let value_row = ls[k + 1..]
            .iter()
            .find(|(_, l)| !l.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')));
        if let Some((off, row)) = value_row {
            let title = row.split('|').next().unwrap_or("").trim();
            if !title.is_empty() && parsed.title.is_none() {
                parsed.title = Some(title.to_string());
            }
            diags.note(
                span(*off),
                format!(
                    "front matter read from a flattened table row; title `{}`",
                    truncate(title)
                ),
            );
        }
    }
    // Definition-list headers.
    let mut current: Option<usize> = None;
    for (n, &(off, line)) in ls.iter().enumerate() {
        let next_defines = ls
            .get(n + 1)
            .is_some_and(|(_, l)| l.trim_start().starts_with(':'));
        let term = next_defines.then(|| trailing_term(line)).flatten();
        let body = match term {
            Some((start, _)) => &line[..start],
            None => line,
        };
        if let Some(h) = current {
            let body = body.trim().trim_start_matches(':').trim();
            if !body.is_empty() {
                let d = &mut parsed.headers[h].description;
                // Code spans ended their lines: rejoin without a space before punctuation.
                if !d.is_empty() && !body.starts_with(['.', ',', ')', ';']) {
                    d.push(' ');
                }
                d.push_str(body);
            }
            // A sentence that ends before a capitalised line ends the list.
            let next_starts_prose = ls.get(n + 1).is_none_or(|(_, l)| {
                l.trim().is_empty() || l.starts_with(|c: char| c.is_uppercase())
            });
            if term.is_none() && line.trim_end().ends_with('.') && next_starts_prose {
                current = None;
            }
        }
        if let Some((start, name)) = term {
            parsed.headers.push(HeaderDoc {
                name: name.to_string(),
                description: String::new(),
                span: span(off + start),
                intro: String::new(),
            });
            current = Some(parsed.headers.len() - 1);
        }
    }
    if parsed.headers.is_empty() {
        diags.note(
            parsed.span.clone(),
            "flattened page: no `Name` / `: description` header pairs found",
        );
    }
    parsed.deliveries = quoted_requests(text, &span);
    parsed
}
