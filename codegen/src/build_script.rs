//! [`Builder`] from a `build.rs`: one `webhooks.rs` to `include!`, cargo
//! directives on stdout, and errors that end the build without a backtrace.

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

    /// Writes `dir/webhooks.rs`: the typed module (`parse`, `Event`, the
    /// payload types, `ParseError`, ...) as one file to `include!` inside a
    /// module of a crate that depends only on `serde` and `serde_json`.
    ///
    /// Meant for build scripts: it prints cargo directives (see
    /// [`emit_rerun_if_changed`](Builder::emit_rerun_if_changed) and
    /// [`emit_warnings`](Builder::emit_warnings)). The file is rewritten only
    /// when its text changes.
    pub fn write_to(&self, dir: impl AsRef<Path>) -> Result<Written, BuildError> {
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
            crate::rust::single_module(&generated.docs, self.events.as_ref()).map_err(|err| {
                BuildError {
                    kind: BuildErrorKind::Docs,
                    rendered: format!("error: {err}\n"),
                }
            })?;
        let dir = dir.as_ref();
        let path = dir.join(FILE_NAME);
        let io = |what: &str, err: std::io::Error| BuildError {
            kind: BuildErrorKind::Io,
            rendered: format!("error: cannot {what} `{}`: {err}\n", path.display()),
        };
        std::fs::create_dir_all(dir).map_err(|e| io("create the directory of", e))?;
        if std::fs::read(&path).ok().as_deref() != Some(text.as_bytes()) {
            std::fs::write(&path, text).map_err(|e| io("write", e))?;
        }
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
