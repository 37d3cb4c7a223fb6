//! [`Builder`] from a `build.rs`: one `webhooks.rs` to `include!` (with the
//! schemas and payloads it embeds beside it), cargo directives on stdout,
//! and errors that end the build without a backtrace.

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::diag::{self, Severity};
use crate::{Builder, FailureKind};

/// The file [`Builder::write_to`] writes in its directory.
pub const FILE_NAME: &str = "webhooks.rs";

/// Why [`Builder::write_to`] wrote nothing.
#[derive(Debug)]
pub struct BuildError {
    pub kind: BuildErrorKind,
    /// Rustc-style text, as the command line prints it.
    pub rendered: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuildErrorKind {
    /// The docs have errors.
    Docs,
    /// The settings are wrong: bad version or path, an unknown event name.
    Usage,
    /// The output could not be written.
    Io,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.rendered.trim_end())
    }
}

impl std::error::Error for BuildError {}

/// What [`Builder::write_to`] did.
#[derive(Debug, Clone)]
pub struct Written {
    /// `dir/webhooks.rs`.
    pub path: PathBuf,
    /// Every docs file the output depends on.
    pub files_read: Vec<PathBuf>,
    pub warnings: usize,
}

impl Builder {
    /// Only these events (by name, as sent) get types in [`write_to`]'s
    /// module; other names parse as unknown, as with a cargo feature turned
    /// off in the crate. A name the docs do not document is an error.
    ///
    /// [`write_to`]: Builder::write_to
    pub fn events<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.events = Some(names.into_iter().map(Into::into).collect());
        self
    }

    /// Whether [`write_to`](Builder::write_to) prints
    /// `cargo:rerun-if-changed=` for every docs file it read (default on).
    pub fn emit_rerun_if_changed(mut self, yes: bool) -> Self {
        self.emit_rerun_if_changed = yes;
        self
    }

    /// Whether [`write_to`](Builder::write_to) prints docs warnings as
    /// `cargo:warning=` lines (default on).
    pub fn emit_warnings(mut self, yes: bool) -> Self {
        self.emit_warnings = yes;
        self
    }

    /// The module that includes `webhooks.rs`, as a path from the crate
    /// root: `webhooks` (the default) for `pub mod webhooks { include!(..) }`
    /// in `lib.rs` or `main.rs`, `a::b` deeper down, `""` for the crate
    /// root itself. `event!` names the module's types through it.
    pub fn module_path(mut self, path: impl Into<String>) -> Self {
        self.module_path = path.into();
        self
    }

    /// Writes `dir/webhooks.rs`: the typed module (`parse`, `Event`, the
    /// payload types, `ParseError`, `event!`, and with the features of
    /// `webhook-runtime` that the including crate turns on, `verifier`,
    /// `receiver`, `validate`, `examples`) as one file to `include!` inside
    /// a module of a crate that depends on `serde`, `serde_json` and
    /// `webhook-runtime`. The schemas and example payloads it embeds go to
    /// `dir/webhooks/`, with each provider's OpenAPI document beside its
    /// schemas (`dir/webhooks/schemas/<provider>/openapi.json`).
    ///
    /// Meant for build scripts: it prints cargo directives (see
    /// [`emit_rerun_if_changed`](Builder::emit_rerun_if_changed) and
    /// [`emit_warnings`](Builder::emit_warnings)). A file is rewritten only
    /// when its text changes, so cargo rebuilds only then.
    pub fn write_to(&self, dir: impl AsRef<Path>) -> Result<Written, BuildError> {
        if crate::rust::parse_module_path(&self.module_path).is_none() {
            return Err(BuildError {
                kind: BuildErrorKind::Usage,
                rendered: format!(
                    "error: module_path `{}` is not a path of modules (like `webhooks` or `a::b`)\n",
                    self.module_path
                ),
            });
        }
        let generated = self.generate().map_err(|f| BuildError {
            kind: match f.kind {
                FailureKind::Docs => BuildErrorKind::Docs,
                FailureKind::Usage => BuildErrorKind::Usage,
            },
            rendered: f.rendered(),
        })?;
        if let Some(wanted) = &self.events {
            let known: BTreeSet<&str> = generated
                .docs
                .providers
                .iter()
                .flat_map(|p| &p.events)
                .map(|e| e.name.as_str())
                .collect();
            let unknown: Vec<&str> = wanted
                .iter()
                .map(String::as_str)
                .filter(|n| !known.contains(n))
                .collect();
            if !unknown.is_empty() {
                return Err(BuildError {
                    kind: BuildErrorKind::Usage,
                    rendered: format!(
                        "error: the docs do not document {} (documented: {})\n",
                        quoted(unknown),
                        quoted(known)
                    ),
                });
            }
        }
        let mut out = std::io::stdout().lock();
        if self.emit_rerun_if_changed {
            rerun_lines(&mut out, &generated.files_read, &self.docs);
        }
        let warnings: Vec<diag::Diagnostic> = generated
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .cloned()
            .collect();
        if self.emit_warnings {
            for d in &diag::condense(&warnings, diag::SHOWN_PER_KIND) {
                // A directive is one line; a message with a break would lose its tail.
                let message = d.message.split_whitespace().collect::<Vec<_>>().join(" ");
                print_line(&mut out, &format!("cargo:warning={}: {message}", d.span));
            }
        }
        let text =
            crate::rust::single_module(&generated.docs, self.events.as_ref(), &self.module_path)
                .map_err(|err| BuildError {
                    kind: BuildErrorKind::Docs,
                    rendered: format!("error: {err}\n"),
                })?;
        let dir = dir.as_ref();
        let path = dir.join(FILE_NAME);
        let data = dir.join(crate::rust::DATA_DIR);
        let mut files: Vec<(PathBuf, &[u8])> = vec![(path.clone(), text.as_bytes())];
        for (rel, text) in generated.schema_dir_files() {
            files.push((data.join("schemas").join(rel), text.as_bytes()));
        }
        for (rel, bytes) in &generated.crate_files {
            if rel.starts_with("payloads/") {
                files.push((data.join(rel), bytes));
            }
        }
        for (file, bytes) in &files {
            write_if_changed(file, bytes)?;
        }
        remove_others(&data, &files)?;
        Ok(Written {
            path,
            files_read: generated.files_read,
            warnings: warnings.len(),
        })
    }

    /// [`write_to`](Builder::write_to) into `$OUT_DIR`, the build script's
    /// output directory.
    pub fn compile(&self) -> Result<Written, BuildError> {
        match std::env::var_os("OUT_DIR") {
            Some(dir) => self.write_to(dir),
            None => Err(BuildError {
                kind: BuildErrorKind::Usage,
                rendered: "error: OUT_DIR is not set; `compile` is meant for build scripts \
                           (use `write_to` elsewhere)\n"
                    .to_string(),
            }),
        }
    }

    /// [`compile`](Builder::compile), and on failure the rendered errors on
    /// stderr and exit status 1: cargo shows them as the build script's
    /// output, with no panic backtrace in the way.
    pub fn compile_or_exit(&self) -> Written {
        match self.compile() {
            Ok(written) => written,
            Err(err) => {
                eprintln!("{err}");
                std::process::exit(1);
            }
        }
    }
}

/// Writes `bytes` to `path` unless it holds them already: cargo rebuilds
/// whatever includes a file whose modification time changed.
fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<(), BuildError> {
    let io = |what: &str, err: std::io::Error| BuildError {
        kind: BuildErrorKind::Io,
        rendered: format!("error: cannot {what} `{}`: {err}\n", path.display()),
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io("create the directory of", e))?;
    }
    if std::fs::read(path).ok().as_deref() != Some(bytes) {
        std::fs::write(path, bytes).map_err(|e| io("write", e))?;
    }
    Ok(())
}

/// Removes the files under `dir` that are not among `keep`: the schema or
/// payload of an event the docs no longer have.
fn remove_others(dir: &Path, keep: &[(PathBuf, &[u8])]) -> Result<(), BuildError> {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&at) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if !keep.iter().any(|(k, _)| *k == path) {
                std::fs::remove_file(&path).map_err(|err| BuildError {
                    kind: BuildErrorKind::Io,
                    rendered: format!("error: cannot remove `{}`: {err}\n", path.display()),
                })?;
            }
        }
    }
    Ok(())
}

fn quoted<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    names
        .into_iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One line per file read. With none, the docs path itself: without any
/// `rerun-if-changed` cargo would rerun on every change of the package.
fn rerun_lines(out: &mut impl std::io::Write, files: &[PathBuf], docs: &Path) {
    let files: Vec<&Path> = if files.is_empty() {
        vec![docs]
    } else {
        files.iter().map(PathBuf::as_path).collect()
    };
    for file in files {
        print_line(out, &format!("cargo:rerun-if-changed={}", file.display()));
    }
}

/// Cargo reads directives from stdout; a closed stdout loses only them.
fn print_line(out: &mut impl std::io::Write, line: &str) {
    let _ = writeln!(out, "{line}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rerun_lines_name_files_and_fall_back_to_the_docs_path() {
        let mut out = Vec::new();
        rerun_lines(
            &mut out,
            &[PathBuf::from("d/a.md"), PathBuf::from("d/b.yml")],
            Path::new("d"),
        );
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "cargo:rerun-if-changed=d/a.md\ncargo:rerun-if-changed=d/b.yml\n"
        );
        let mut out = Vec::new();
        rerun_lines(&mut out, &[], Path::new("d"));
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "cargo:rerun-if-changed=d\n"
        );
    }
}
