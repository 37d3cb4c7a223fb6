//! reStructuredText and AsciiDoc pages: not Liquid templates, so no Liquid
//! pass (a `{{ event }}` placeholder in a JSON template is text the page
//! shows); only their own include directives, `.. include:: path` and
//! `include::path[]`, resolved like DocFX includes: the file when it is
//! inside the docs path, a note otherwise.

use super::sources::{FileId, Text};
use super::Loader;

/// A markup with includes of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum OwnMarkup {
    Rst,
    AsciiDoc,
}

/// The markup a file's name says, when it is one of these.
pub(super) fn own_markup(name: &str) -> Option<OwnMarkup> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    match ext.as_str() {
        "rst" | "rest" => Some(OwnMarkup::Rst),
        "adoc" | "asciidoc" | "asc" => Some(OwnMarkup::AsciiDoc),
        _ => None,
    }
}

/// The include directive a line is, if any: its target.
fn include_target(line: &str, markup: OwnMarkup) -> Option<&str> {
    match markup {
        OwnMarkup::AsciiDoc => {
            let rest = line.strip_prefix("include::")?;
            let end = rest.find('[')?;
            rest.trim_end().ends_with(']').then(|| rest[..end].trim())
        }
        OwnMarkup::Rst => {
            let rest = line.trim_start().strip_prefix("..")?.trim_start();
            let target = rest.strip_prefix("include::")?.trim();
            // `<file>` names a docutils standard file, not one of the docs'.
            (!target.is_empty() && !target.starts_with('<')).then_some(target)
        }
    }
}

impl Loader<'_> {
    /// `file`'s text from `start`, its includes spliced in.
    pub(super) fn own_includes(
        &mut self,
        file: FileId,
        start: usize,
        markup: OwnMarkup,
        depth: usize,
    ) -> Text {
        let src = self.sources.file_text(file).to_string();
        let mut out = Text::default();
        let mut off = start;
        let mut options_of: Option<usize> = None;
        for line in src[start.min(src.len())..].split_inclusive('\n') {
            let at = off;
            off += line.len();
            let bare = line.trim_end_matches(['\n', '\r']);
            // An include's `:start-after:` and other options are its own.
            if let Some(indent) = options_of {
                let t = bare.trim_start();
                if bare.len() - t.len() > indent && t.starts_with(':') {
                    continue;
                }
                options_of = None;
            }
            match include_target(bare, markup) {
                Some(target) => {
                    let target = target.to_string();
                    self.include(&target, Some((file, at)), &mut out, depth, true);
                    options_of = Some(bare.len() - bare.trim_start().len());
                }
                None => out.push_source(line, file, at),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets() {
        assert_eq!(
            include_target("include::parts/a.adoc[]", OwnMarkup::AsciiDoc),
            Some("parts/a.adoc")
        );
        assert_eq!(
            include_target("   .. include:: /shared/b.rst", OwnMarkup::Rst),
            Some("/shared/b.rst")
        );
        assert_eq!(
            include_target(".. include:: <isonum.txt>", OwnMarkup::Rst),
            None
        );
        assert_eq!(
            include_target("see include::x[] here", OwnMarkup::AsciiDoc),
            None
        );
    }
}
