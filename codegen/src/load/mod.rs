//! Stage 1: read the docs path into expanded pages.
//!
//! A docs path is a single page or a tree laid out like a docs site's source
//! (`content/**.md`, `data/reusables`, `data/variables`, and example payloads
//! under `lib/webhooks/static/<version>/`). Liquid is expanded here for one
//! product version, so later stages see plain markdown (or whatever dialect
//! the page is in) with a map back to the original files.

mod includes;
mod liquid;
mod markup;
mod moniker;
mod sources;
mod version;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub use sources::{FileId, Sources, Text};
pub use version::Version;

use crate::diag::{Diagnostics, Severity, Span};

/// Includes nested deeper than this are a cycle in all but name.
pub const MAX_INCLUDE_DEPTH: usize = 32;
/// A single docs file larger than this is not docs.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// All input together.
pub const MAX_TOTAL_BYTES: u64 = 512 * 1024 * 1024;
/// Directory walks stop at this many files.
pub const MAX_FILES: usize = 100_000;

/// One page after Liquid expansion.
#[derive(Debug, Clone)]
pub struct Page {
    /// The page's own file.
    pub file: FileId,
    /// `title:` from the front matter, if any.
    pub title: Option<String>,
    /// The site or product the front matter names (`titleSuffix:`,
    /// `site_name:`, `product:`), if any.
    pub site: Option<String>,
    pub text: Text,
}

/// An example payload file found beside the docs.
#[derive(Debug, Clone)]
pub struct PayloadFile {
    pub event: String,
    pub action: Option<String>,
    pub file: FileId,
    /// Whether a page pulls it in with a placeholder.
    pub referenced: bool,
}

/// What stage 1 produces.
#[derive(Debug, Default)]
pub struct Loaded {
    pub pages: Vec<Page>,
    pub payloads: Vec<PayloadFile>,
    /// Example payloads of the other product versions: evidence of which
    /// keys every payload has and which may be `null`, not examples.
    pub evidence: Vec<PayloadFile>,
    pub sources: Sources,
    pub diagnostics: Diagnostics,
    /// Every file read, for build scripts' `rerun-if-changed`.
    pub files_read: Vec<PathBuf>,
    /// Every DocFX moniker the docs name (in ranges and `monikerRange:`),
    /// sorted.
    pub monikers: Vec<String>,
    /// The product version the docs were read for, where they tell
    /// versions apart; `None` where they state none (see `docs_version`).
    pub version: Option<String>,
    /// Data files beside the pages (`.json`, `.csv`; not example
    /// payloads): a catalog of the events a page's component renders.
    pub data_files: Vec<FileId>,
}

#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// The version Liquid conditionals are evaluated for.
    pub version: Version,
    /// The DocFX moniker ranges are evaluated for; `None` for the current
    /// product (the moniker without a version, such as a cloud service).
    pub moniker: Option<String>,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            version: Version::parse("fpt").expect("valid"),
            moniker: None,
        }
    }
}

/// Whether `s` can be a DocFX moniker (`azure-devops-2020`), for
/// `--version` values that are not Liquid versions.
pub fn is_moniker(s: &str) -> bool {
    moniker::is_moniker(s)
}

/// Whether docs that name the monikers `named` know the moniker `asked`:
/// one of them, or another version of a product they name.
pub fn knows_moniker(asked: &str, named: &[String]) -> bool {
    moniker::known(asked, named)
}

pub(crate) struct Loader<'a> {
    pub(crate) sources: Sources,
    pub(crate) diags: Diagnostics,
    pub(crate) version: &'a Version,
    /// The docs tree root (`data/` and `lib/` live here).
    pub(crate) root_dir: PathBuf,
    /// How paths are shown: as the user passed the docs path.
    display_root: PathBuf,
    pub(crate) include_stack: Vec<String>,
    pub(crate) referenced_payloads: BTreeSet<PathBuf>,
    variables: BTreeMap<String, BTreeMap<String, String>>,
    total_bytes: u64,
    files_read: BTreeSet<PathBuf>,
    /// The docs path when it is one page: not reading it is an error, where
    /// any other file is a warning.
    root_file: Option<PathBuf>,
    /// The file system path of each file read, for includes relative to it.
    pub(crate) real_paths: BTreeMap<FileId, PathBuf>,
    /// The moniker ranges are evaluated for (see [`LoadOptions::moniker`]).
    pub(crate) moniker: Option<String>,
    pub(crate) monikers: BTreeSet<String>,
    /// Files a page includes (DocFX `[!INCLUDE]`), absolute: not pages
    /// themselves.
    pub(crate) included: BTreeSet<PathBuf>,
    /// Whether the docs tell product versions apart the Liquid way: a
    /// version condition was evaluated, a page's front matter lists the
    /// `versions` it is for, or example payloads are kept per version.
    pub(crate) versioned: bool,
}

/// Reads `path` (a docs tree or a single file) for `opts.version`.
pub fn load(path: &Path, opts: &LoadOptions) -> Loaded {
    let root_dir = if path.is_dir() {
        path.to_path_buf()
    } else {
        path.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let mut loader = Loader {
        sources: Sources::default(),
        diags: Diagnostics::default(),
        version: &opts.version,
        display_root: root_dir.clone(),
        root_dir,
        include_stack: Vec::new(),
        referenced_payloads: BTreeSet::new(),
        variables: BTreeMap::new(),
        total_bytes: 0,
        files_read: BTreeSet::new(),
        root_file: path.is_file().then(|| path.to_path_buf()),
        real_paths: BTreeMap::new(),
        moniker: opts.moniker.clone(),
        monikers: BTreeSet::new(),
        included: BTreeSet::new(),
        versioned: false,
    };
    let mut pages = Vec::new();
    if !path.exists() {
        loader.diags.error(
            Span::default(),
            format!("docs path `{}` does not exist", path.display()),
        );
    } else if path.is_file() {
        pages.extend(loader.page(path));
    } else {
        let files = loader.page_files(path);
        // Pages that fail to load say why themselves.
        if files.is_empty() {
            loader.diags.warning(
                loader.span_of_path(path),
                "no docs pages (.md, .mdx, .txt, .html, .htm, .rst, .adoc) found under this directory",
            );
        }
        for file in files {
            pages.extend(loader.page(&file));
        }
        // A file another page includes is part of that page, not one itself.
        pages.retain(|p| {
            let path = &loader.real_paths[&p.file];
            !loader
                .included
                .contains(&std::fs::canonicalize(path).unwrap_or_else(|_| path.clone()))
        });
    }
    let data_files = if path.is_dir() {
        loader.data_files(path)
    } else {
        Vec::new()
    };
    let payloads = loader.payload_files();
    let evidence = loader.evidence_files();
    loader.versioned |= loader.payload_dir().is_some();
    let monikers: Vec<String> = loader.monikers.into_iter().collect();
    let version = docs_version(opts, loader.versioned, &monikers);
    Loaded {
        pages,
        payloads,
        evidence,
        sources: loader.sources,
        diagnostics: loader.diags,
        files_read: loader.files_read.into_iter().collect(),
        monikers,
        version,
        data_files,
    }
}

/// The version the docs were read for, in the docs' own terms: the moniker
/// asked for, or else the current product's, where the docs name DocFX
/// monikers; the Liquid version (`fpt`, `ghes-3.1`) where the docs tell
/// versions apart that way; `None` where they state no version, since the
/// default `--version` says nothing about docs that never mention one.
fn docs_version(opts: &LoadOptions, versioned: bool, monikers: &[String]) -> Option<String> {
    if !monikers.is_empty() {
        return opts.moniker.clone().or_else(|| moniker::current(monikers));
    }
    versioned.then(|| opts.version.name())
}

impl Loader<'_> {
    fn display(&self, path: &Path) -> String {
        let rel = path.strip_prefix(&self.root_dir).unwrap_or(path);
        // The root itself shows as given, without a trailing `/`.
        let shown = if rel.as_os_str().is_empty() {
            self.display_root.clone()
        } else {
            self.display_root.join(rel)
        };
        shown.to_string_lossy().replace('\\', "/")
    }

    fn span_of_path(&self, path: &Path) -> Span {
        Span {
            file: self.display(path),
            line: 1,
            col: 1,
            offset: 0,
        }
    }

    /// Reads a file as text, with limits; `from` is the place that asked for it.
    pub(crate) fn read(&mut self, path: &Path, from: Option<(FileId, usize)>) -> Option<FileId> {
        let display = self.display(path);
        if self.sources.text(&display).is_some() {
            return self.sources.id(&display);
        }
        let at = match from {
            Some((f, o)) => self.sources.span(f, o),
            None => self.span_of_path(path),
        };
        // One file that cannot be read leaves the others to generate from;
        // the docs path itself leaves nothing.
        let severity = if self.root_file.as_deref() == Some(path) {
            Severity::Error
        } else {
            Severity::Warning
        };
        let size = match std::fs::metadata(path) {
            Ok(m) => m.len(),
            Err(e) => {
                self.diags
                    .push(severity, at, format!("cannot read `{display}`: {e}"));
                return None;
            }
        };
        if size > MAX_FILE_BYTES {
            self.diags.push(
                severity,
                at,
                format!("`{display}` is {size} bytes, over the {MAX_FILE_BYTES}-byte limit for one docs file; skipped"),
            );
            return None;
        }
        self.total_bytes += size;
        if self.total_bytes > MAX_TOTAL_BYTES {
            self.diags.push(
                severity,
                at,
                format!("input exceeds {MAX_TOTAL_BYTES} bytes in all; `{display}` and later files skipped"),
            );
            return None;
        }
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                self.diags
                    .push(severity, at, format!("cannot read `{display}`: {e}"));
                return None;
            }
        };
        self.files_read.insert(path.to_path_buf());
        let text = decode(&bytes, &display, &mut self.diags)?;
        let id = self.sources.add(display, text);
        self.real_paths.insert(id, path.to_path_buf());
        Some(id)
    }

    /// Pages in a tree: prefer those that present themselves as webhook docs.
    fn page_files(&mut self, dir: &Path) -> Vec<PathBuf> {
        let mut files = Vec::new();
        let content = dir.join("content");
        let walk_root = if content.is_dir() {
            content
        } else {
            dir.to_path_buf()
        };
        walk(&walk_root, &mut files, &mut 0);
        if files.len() >= MAX_FILES {
            self.diags.warning(
                self.span_of_path(dir),
                format!("more than {MAX_FILES} files under this directory; the rest were not read"),
            );
        }
        files.retain(|p| {
            let under_data = p
                .strip_prefix(dir)
                .is_ok_and(|r| r.starts_with("data") || r.starts_with("lib"));
            !under_data && is_page(p)
        });
        files.sort();
        // Sites keep many unrelated pages; when some are about webhooks, the rest are noise.
        let webhooky: Vec<PathBuf> = files
            .iter()
            .filter(|p| {
                let name = p
                    .file_name()
                    .map(|n| n.to_string_lossy().to_lowercase())
                    .unwrap_or_default();
                name.contains("webhook")
                    || name.contains("hook")
                    || name.contains("event") && page_title_mentions_webhook(p)
            })
            .cloned()
            .collect();
        if webhooky.is_empty() {
            files
        } else {
            webhooky
        }
    }

    /// Data files where the pages are (`.json`, `.csv`), example payloads
    /// and the site's data and library folders left out.
    fn data_files(&mut self, dir: &Path) -> Vec<FileId> {
        let mut files = Vec::new();
        let content = dir.join("content");
        let root = if content.is_dir() {
            content
        } else {
            dir.to_path_buf()
        };
        walk(&root, &mut files, &mut 0);
        files.retain(|p| {
            let under_data = p
                .strip_prefix(dir)
                .is_ok_and(|r| r.starts_with("data") || r.starts_with("lib"));
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().to_ascii_lowercase())
                .unwrap_or_default();
            !under_data
                && (name.ends_with(".json") && !name.ends_with(".payload.json")
                    || name.ends_with(".csv"))
        });
        files.sort();
        files.iter().filter_map(|p| self.read(p, None)).collect()
    }

    /// Loads and expands one page.
    fn page(&mut self, path: &Path) -> Option<Page> {
        let file = self.read(path, None)?;
        let text = self.sources.file_text(file).to_string();
        let (fields, body_start) = front_matter(&text);
        if body_start == 0 && text.starts_with("---\n") {
            let span = self.sources.span(file, 0);
            self.diags.warning(
                span,
                "front matter is never closed with a `---` line; read as text",
            );
        }
        self.versioned |= fields.contains_key("versions");
        if let Some(range) = fields.get("monikerRange") {
            self.monikers.extend(moniker::names(range));
        }
        let out = self.page_text(file, body_start, 0);
        Some(Page {
            file,
            title: fields.get("title").cloned(),
            site: SITE_KEYS.iter().find_map(|k| fields.get(*k).cloned()),
            text: out,
        })
    }

    /// A page's text from `start`, expanded for this version: Liquid and the
    /// other platforms' markup for markdown and scraped pages; for
    /// reStructuredText and AsciiDoc, which are not Liquid templates (a
    /// `{{ x }}` in them is text), only their own includes.
    pub(crate) fn page_text(&mut self, file: FileId, start: usize, depth: usize) -> Text {
        match includes::own_markup(self.sources.display(file)) {
            Some(markup) => self.own_includes(file, start, markup, depth),
            None => {
                let mut expanded = Text::default();
                self.expand(file, start, &mut expanded, depth);
                self.markup(&expanded, depth)
            }
        }
    }

    /// Example payload files for this version: `<event>[.<action>].payload.json`.
    fn payload_files(&mut self) -> Vec<PayloadFile> {
        match self.payload_dir() {
            Some(dir) => self.payload_files_in(&dir),
            None => Vec::new(),
        }
    }

    /// Example payload files of every other version, in directory order.
    fn evidence_files(&mut self) -> Vec<PayloadFile> {
        let base = self.root_dir.join("lib/webhooks/static");
        let own = self.payload_dir();
        let mut dirs: Vec<PathBuf> = match std::fs::read_dir(&base) {
            Ok(rd) => rd
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_dir() && Some(p) != own.as_ref())
                .collect(),
            Err(_) => return Vec::new(),
        };
        dirs.sort();
        dirs.iter().flat_map(|d| self.payload_files_in(d)).collect()
    }

    fn payload_files_in(&mut self, dir: &Path) -> Vec<PayloadFile> {
        let mut out = Vec::new();
        let mut names: Vec<PathBuf> = match std::fs::read_dir(dir) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(_) => return out,
        };
        names.sort();
        for path in names {
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            let Some(stem) = name
                .strip_suffix(".payload.json")
                .or_else(|| name.strip_suffix(".json"))
            else {
                continue;
            };
            let (event, action) = match stem.split_once('.') {
                Some((e, a)) => (e.to_string(), Some(a.to_string())),
                None => (stem.to_string(), None),
            };
            let referenced = self.referenced_payloads.contains(&path);
            let Some(file) = self.read(&path, None) else {
                continue;
            };
            out.push(PayloadFile {
                event,
                action,
                file,
                referenced,
            });
        }
        out
    }

    pub(crate) fn payload_dir(&self) -> Option<PathBuf> {
        let base = self.root_dir.join("lib/webhooks/static");
        self.version
            .payload_dirs()
            .into_iter()
            .map(|d| base.join(d))
            .find(|p| p.is_dir())
    }

    pub(crate) fn find_payload(&self, event: &str, action: Option<&str>) -> Option<PathBuf> {
        let dir = self.payload_dir()?;
        let name = match action {
            Some(a) => format!("{event}.{a}.payload.json"),
            None => format!("{event}.payload.json"),
        };
        Some(dir.join(name)).filter(|p| p.is_file())
    }

    /// `variables.product.name` → the value in `data/variables/product.yml`.
    pub(crate) fn variable(&mut self, path: &[&str]) -> Option<String> {
        let (file, key) = path.split_first()?;
        if !self.variables.contains_key(*file) {
            let p = self
                .root_dir
                .join("data/variables")
                .join(format!("{file}.yml"));
            let map = if p.is_file() {
                self.read(&p, None)
                    .map(|id| flat_yaml(self.sources.file_text(id)))
                    .unwrap_or_default()
            } else {
                BTreeMap::new()
            };
            self.variables.insert(file.to_string(), map);
        }
        self.variables.get(*file)?.get(&key.join(".")).cloned()
    }
}

/// Whether a page's front-matter title talks about webhooks.
fn page_title_mentions_webhook(p: &Path) -> bool {
    let Ok(bytes) = std::fs::read(p) else {
        return false;
    };
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_lowercase();
    head.lines()
        .take(20)
        .any(|l| l.starts_with("title:") && l.contains("webhook"))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, budget: &mut usize) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if *budget >= MAX_FILES {
            return;
        }
        *budget += 1;
        // Symlinked directories could loop; docs trees do not need them.
        let is_link = std::fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_symlink());
        if p.is_dir() && !is_link {
            walk(&p, out, budget);
        } else if p.is_file() {
            out.push(p);
        }
    }
}

fn is_page(p: &Path) -> bool {
    matches!(
        p.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("md" | "mdx" | "markdown" | "txt" | "html" | "htm" | "rst" | "adoc" | "asciidoc")
    )
}

/// Bytes to text: BOM dropped, CRLF made LF, invalid UTF-8 replaced with a
/// warning, binary refused.
fn decode(bytes: &[u8], display: &str, diags: &mut Diagnostics) -> Option<String> {
    let at = |offset: usize| Span {
        file: display.to_string(),
        line: 1,
        col: 1,
        offset,
    };
    if bytes.iter().take(8192).any(|&b| b == 0) {
        diags.warning(at(0), "file looks binary (NUL bytes); skipped");
        return None;
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(e) => {
            // Where the first bad byte lands in the text as stored (line
            // endings normalised below), so snippets point at it.
            let before = normalise_newlines(
                std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default(),
            );
            let line = before.matches('\n').count() as u32 + 1;
            let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
            diags.warning(
                Span {
                    file: display.to_string(),
                    line,
                    col,
                    offset: before.len(),
                },
                "file is not valid UTF-8; invalid bytes replaced with U+FFFD",
            );
            String::from_utf8_lossy(bytes).into_owned()
        }
    };
    Some(normalise_newlines(&text))
}

fn normalise_newlines(text: &str) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    }
}

/// Front matter keys that name the site or product a page belongs to.
const SITE_KEYS: &[&str] = &[
    "titleSuffix",
    "site_name",
    "siteName",
    "site",
    "product",
    "productName",
    "product_name",
    "vendor",
];

/// The front matter's top-level fields and where the body starts, if the
/// text opens with `---` front matter.
fn front_matter(text: &str) -> (BTreeMap<String, String>, usize) {
    let Some(rest) = text.strip_prefix("---\n") else {
        return (BTreeMap::new(), 0);
    };
    // The closing `---` is a line of its own; a table's `----|---` is not one.
    let mut end = None;
    let mut off = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            end = Some(off);
            break;
        }
        off += line.len();
    }
    let Some(end) = end else {
        return (BTreeMap::new(), 0);
    };
    let fields = flat_yaml(&rest[..end]);
    let after = 4 + end + 3;
    let body = text[after.min(text.len())..]
        .find('\n')
        .map_or(text.len(), |n| after + n + 1);
    (fields, body.min(text.len()))
}

/// Top-level `key: value` pairs of a YAML file, with `>-`/`|` blocks; enough
/// for docs variables files, which are flat maps of strings.
fn flat_yaml(text: &str) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if line.starts_with([' ', '\t', '#', '-']) || line.trim().is_empty() {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        let value = if value.starts_with('>') || value.starts_with('|') {
            let folded = value.starts_with('>');
            let mut parts = Vec::new();
            while let Some(next) = lines.peek() {
                if next.starts_with([' ', '\t']) || next.trim().is_empty() {
                    parts.push(next.trim().to_string());
                    lines.next();
                } else {
                    break;
                }
            }
            parts
                .join(if folded { " " } else { "\n" })
                .trim()
                .to_string()
        } else {
            unquote(value)
        };
        map.insert(key.trim().to_string(), value);
    }
    map
}

fn unquote(v: &str) -> String {
    let v = v.trim();
    for q in ['\'', '"'] {
        if v.len() >= 2 && v.starts_with(q) && v.ends_with(q) {
            let inner = &v[1..v.len() - 1];
            return if q == '\'' {
                inner.replace("''", "'")
            } else {
                inner.to_string()
            };
        }
    }
    v.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_values() {
        let m = flat_yaml("a: 'x'\nb: >-\n  {% if x %}y{% endif %}\n  z\nc: \"q\"\n");
        assert_eq!(m["a"], "x");
        assert_eq!(m["b"], "{% if x %}y{% endif %} z");
        assert_eq!(m["c"], "q");
    }

    #[test]
    fn front_matter_title() {
        let title = |text: &str| {
            let (fields, start) = front_matter(text);
            (fields.get("title").cloned(), start)
        };
        let (t, start) = title("---\ntitle: Hooks\n---\nbody");
        assert_eq!(t.as_deref(), Some("Hooks"));
        assert_eq!(&"---\ntitle: Hooks\n---\nbody"[start..], "body");
        let (t, start) = title("---\ntitle: Hooks\n---");
        assert_eq!((t.as_deref(), start), (Some("Hooks"), 20));
        let (t, start) = title("---\ntitle: x\n\nKey | Type\n----|----\n");
        assert_eq!((t, start), (None, 0));
        let (fields, _) = front_matter("---\ntitle: Events\ntitleSuffix: Acme Cloud  \n---\n");
        assert_eq!(fields["titleSuffix"], "Acme Cloud");
    }
}
