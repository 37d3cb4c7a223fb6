//! Lines of a page with their offsets, and the indentation arithmetic the
//! line-oriented readers (reStructuredText, AsciiDoc) share: a directive's
//! content is read as the lines under it with their common indent removed,
//! each line still knowing where it starts in the page.

/// One line of a page: where it starts and its text without the newline.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    pub off: usize,
    pub raw: &'a str,
}

impl<'a> Line<'a> {
    pub fn is_blank(&self) -> bool {
        self.raw.trim().is_empty()
    }

    /// Leading spaces (a tab counts as the spaces to the next multiple of 8).
    pub fn indent(&self) -> usize {
        let mut n = 0;
        for c in self.raw.chars() {
            match c {
                ' ' => n += 1,
                '\t' => n = (n / 8 + 1) * 8,
                _ => break,
            }
        }
        n
    }

    /// The line with `cols` columns of its indent removed (all of it when
    /// it has fewer), and the offset where that text starts.
    pub fn dedent(&self, cols: usize) -> (usize, &'a str) {
        let mut n = 0;
        let mut at = 0;
        for (i, c) in self.raw.char_indices() {
            if n >= cols {
                break;
            }
            match c {
                ' ' => n += 1,
                '\t' => n = (n / 8 + 1) * 8,
                _ => break,
            }
            at = i + c.len_utf8();
        }
        (self.off + at, &self.raw[at..])
    }
}

/// The page's lines.
pub fn lines(text: &str) -> Vec<Line<'_>> {
    let mut off = 0;
    text.split_inclusive('\n')
        .map(|l| {
            let at = off;
            off += l.len();
            Line {
                off: at,
                raw: l.trim_end_matches(['\n', '\r']),
            }
        })
        .collect()
}

/// The smallest indent of the non-blank lines (0 when all are blank).
pub fn common_indent(lines: &[Line<'_>]) -> usize {
    lines
        .iter()
        .filter(|l| !l.is_blank())
        .map(Line::indent)
        .min()
        .unwrap_or(0)
}

/// `lines` with trailing blank lines dropped.
pub fn trim_blank_end<'a, 'b>(lines: &'b [Line<'a>]) -> &'b [Line<'a>] {
    let end = lines
        .iter()
        .rposition(|l| !l.is_blank())
        .map_or(0, |i| i + 1);
    &lines[..end]
}

/// The text of `lines` with `cols` columns of indent removed, joined by
/// newlines, and where it starts.
pub fn dedented_text(lines: &[Line<'_>], cols: usize) -> (usize, String) {
    let lines = trim_blank_end(lines);
    let first = lines.iter().position(|l| !l.is_blank()).unwrap_or(0);
    let lines = &lines[first..];
    let start = lines.first().map_or(0, |l| l.dedent(cols).0);
    let mut text = String::new();
    for l in lines {
        text.push_str(l.dedent(cols).1);
        text.push('\n');
    }
    (start, text)
}

/// Whether `s` is one punctuation character repeated (a heading's
/// underline, a block delimiter), at least `min` long.
pub fn is_rule(s: &str, min: usize) -> Option<char> {
    let s = s.trim_end();
    let c = s.chars().next()?;
    (c.is_ascii_punctuation() && s.chars().count() >= min && s.chars().all(|x| x == c)).then_some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dedent_keeps_offsets() {
        let ls = lines("a\n    b\n  c\n");
        assert_eq!(ls[1].indent(), 4);
        assert_eq!(ls[1].dedent(2), (4, "  b"));
        assert_eq!(common_indent(&ls[1..]), 2);
        assert_eq!(dedented_text(&ls[1..], 2), (4, "  b\nc\n".to_string()));
    }

    #[test]
    fn rules() {
        assert_eq!(is_rule("=====", 3), Some('='));
        assert_eq!(is_rule("== ==", 3), None);
        assert_eq!(is_rule("ab", 2), None);
    }
}
