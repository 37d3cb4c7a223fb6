//! Source files and the map from expanded text back to them.
//!
//! Liquid expansion splices includes, variables and payload files into one
//! text; every byte of it remembers where it came from so a diagnostic found
//! in the expanded text still points at `file:line:col` of the real file.

use std::collections::BTreeMap;

use crate::diag::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

#[derive(Debug, Clone)]
struct SourceFile {
    display: String,
    text: String,
    line_starts: Vec<usize>,
    /// Characters before each 1 KiB boundary, so a column on a long line is
    /// not counted from the line's start for every diagnostic on it.
    chars_at_kib: Vec<usize>,
}

impl SourceFile {
    /// Characters (UTF-8 lead bytes) in `text[..offset]`.
    fn chars_before(&self, offset: usize) -> usize {
        let k = offset >> 10;
        let base = self.chars_at_kib.get(k).copied().unwrap_or(0);
        base + lead_bytes(&self.text.as_bytes()[k << 10..offset])
    }
}

fn lead_bytes(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// Every file read, by display path.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
    by_name: BTreeMap<String, FileId>,
}

impl Sources {
    /// Registers a file's text (already decoded and normalised).
    pub fn add(&mut self, display: String, text: String) -> FileId {
        if let Some(id) = self.by_name.get(&display) {
            return *id;
        }
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let mut chars_at_kib = vec![0];
        for chunk in text.as_bytes().chunks(1024) {
            let before = chars_at_kib.last().copied().unwrap_or(0);
            chars_at_kib.push(before + lead_bytes(chunk));
        }
        let id = FileId(self.files.len() as u32);
        self.by_name.insert(display.clone(), id);
        self.files.push(SourceFile {
            display,
            text,
            line_starts,
            chars_at_kib,
        });
        id
    }

    pub fn text(&self, display: &str) -> Option<&str> {
        self.by_name
            .get(display)
            .map(|id| self.files[id.0 as usize].text.as_str())
    }

    pub fn id(&self, display: &str) -> Option<FileId> {
        self.by_name.get(display).copied()
    }

    pub fn file_text(&self, id: FileId) -> &str {
        &self.files[id.0 as usize].text
    }

    pub fn display(&self, id: FileId) -> &str {
        &self.files[id.0 as usize].display
    }

    /// The location of a byte offset in a file.
    pub fn span(&self, id: FileId, offset: usize) -> Span {
        let f = &self.files[id.0 as usize];
        let offset = offset.min(f.text.len());
        let line = f.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = f.line_starts[line];
        let col = f.chars_before(offset) - f.chars_before(start) + 1;
        Span {
            file: f.display.clone(),
            line: line as u32 + 1,
            col: col as u32,
            offset,
        }
    }

    /// Display paths of every file read, sorted.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.by_name.keys().map(String::as_str)
    }
}

/// A run of expanded text copied from `file` at `src`.
#[derive(Debug, Clone, Copy)]
struct Segment {
    out: usize,
    file: FileId,
    src: usize,
    /// Synthetic text (from a variable, or markup we add) maps every byte to `src`.
    synthetic: bool,
}

/// Expanded text with its origin map.
#[derive(Debug, Clone, Default)]
pub struct Text {
    pub text: String,
    segments: Vec<Segment>,
}

impl Text {
    /// Appends `s`, copied from `file` at byte `src`.
    pub fn push_source(&mut self, s: &str, file: FileId, src: usize) {
        self.push(s, file, src, false);
    }

    /// Appends text that does not exist in any file, attributed to `file` at `src`.
    pub fn push_synthetic(&mut self, s: &str, file: FileId, src: usize) {
        self.push(s, file, src, true);
    }

    fn push(&mut self, s: &str, file: FileId, src: usize, synthetic: bool) {
        if s.is_empty() {
            return;
        }
        self.segments.push(Segment {
            out: self.text.len(),
            file,
            src,
            synthetic,
        });
        self.text.push_str(s);
    }

    /// Appends the first `len` bytes of `other`, keeping their origins.
    pub fn append(&mut self, other: &Text, len: usize) {
        let base = self.text.len();
        for seg in other.segments.iter().filter(|s| s.out < len) {
            self.segments.push(Segment {
                out: base + seg.out,
                ..*seg
            });
        }
        self.text.push_str(&other.text[..len]);
    }

    /// Appends `other.text[range]`, keeping where each byte came from.
    pub fn push_slice(&mut self, other: &Text, range: std::ops::Range<usize>) {
        if range.is_empty() {
            return;
        }
        let base = self.text.len();
        let first = other
            .segments
            .partition_point(|s| s.out <= range.start)
            .saturating_sub(1);
        for (i, seg) in other.segments.iter().enumerate().skip(first) {
            if seg.out >= range.end {
                break;
            }
            let seg_end = other
                .segments
                .get(i + 1)
                .map_or(other.text.len(), |next| next.out);
            if seg_end <= range.start {
                continue;
            }
            let from = seg.out.max(range.start);
            let delta = if seg.synthetic { 0 } else { from - seg.out };
            self.segments.push(Segment {
                out: base + from - range.start,
                src: seg.src + delta,
                ..*seg
            });
        }
        self.text.push_str(&other.text[range]);
    }

    /// Where the byte at `offset` of the expanded text came from.
    pub fn origin(&self, offset: usize) -> Option<(FileId, usize)> {
        let i = self.segments.partition_point(|s| s.out <= offset);
        let seg = self.segments.get(i.checked_sub(1)?)?;
        let delta = if seg.synthetic { 0 } else { offset - seg.out };
        Some((seg.file, seg.src + delta))
    }

    pub fn span(&self, offset: usize, sources: &Sources) -> Span {
        match self.origin(offset) {
            Some((file, src)) => sources.span(file, src),
            None => Span::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        let mut sources = Sources::default();
        let long = format!("{}é\nxé", "é".repeat(3000));
        let id = sources.add("a.md".into(), long.clone());
        let at = |o: usize| {
            let s = sources.span(id, o);
            (s.line, s.col)
        };
        assert_eq!(at(0), (1, 1));
        assert_eq!(at(6000), (1, 3001));
        assert_eq!(at(6003), (2, 1));
        assert_eq!(at(6004), (2, 2));
        assert_eq!(at(long.len()), (2, 3));
    }

    #[test]
    fn slices_keep_their_origins() {
        let mut sources = Sources::default();
        let a = sources.add("a.md".into(), "0123456789".into());
        let b = sources.add("b.md".into(), "abcdef".into());
        let mut text = Text::default();
        text.push_source("2345", a, 2);
        text.push_synthetic("XY", b, 1);
        text.push_source("cdef", b, 2);
        let mut out = Text::default();
        out.push_source("0", a, 0);
        out.push_slice(&text, 3..8);
        assert_eq!(out.text, "05XYcd");
        let origins: Vec<_> = (0..6).map(|i| out.origin(i)).collect();
        assert_eq!(
            origins,
            [
                Some((a, 0)),
                Some((a, 5)),
                Some((b, 1)),
                Some((b, 1)),
                Some((b, 2)),
                Some((b, 3))
            ]
        );
    }
}
