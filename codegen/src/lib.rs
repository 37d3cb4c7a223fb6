//! Turns webhook documentation into JSON Schemas and a typed Rust crate.
//!
//! The pipeline, one module per stage: [`load`] reads files and expands
//! Liquid, [`parse`] reads sections, tables and examples out of the text,
//! [`build`] merges them into the [`ir`], and the back-ends [`schema`],
//! [`openapi`] and [`rust`] print it. [`Builder`] runs them in that order and stops after
//! a stage that reported an error.
//!
//! ```no_run
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     // A `Failure` displays as the rendered diagnostics, `file:line:col` and all.
//!     let generated = codegen::Builder::new().docs("docs-input").generate()?;
//!     for (path, _schema) in &generated.schemas {
//!         println!("{path}");
//!     }
//!     println!("{}", generated.summary());
//!     Ok(())
//! }
//! ```

pub mod build;
mod build_script;
pub use build_script::{BuildError, BuildErrorKind, Written};
pub mod diag;
pub mod diff;
pub mod ir;
pub mod load;
pub mod names;
pub mod openapi;
pub mod output;
pub mod parse;
pub mod rust;
pub mod schema;

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Instant;

use diag::{Diagnostic, Diagnostics, Severity, Span};
use load::{LoadOptions, Sources, Version};

/// Settings for one generation; the only entry point.
#[derive(Debug, Clone)]
pub struct Builder {
    docs: PathBuf,
    version: String,
    provider: Option<String>,
    crate_name: Option<String>,
    standalone: bool,
    runtime: rust::RuntimeDependency,
    dialect: Option<parse::Dialect>,
    deny_warnings: bool,
    // Settings of `write_to` (see `build_script`).
    events: Option<std::collections::BTreeSet<String>>,
    emit_rerun_if_changed: bool,
    emit_warnings: bool,
    module_path: String,
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            docs: PathBuf::from("docs-input"),
            version: "fpt".to_string(),
            provider: None,
            crate_name: None,
            standalone: false,
            runtime: rust::CrateSettings::default().runtime,
            dialect: None,
            deny_warnings: false,
            events: None,
            emit_rerun_if_changed: true,
            emit_warnings: true,
            module_path: "webhooks".to_string(),
        }
    }
}

/// Everything a run produces, in memory.
#[derive(Debug)]
pub struct Generated {
    pub docs: ir::Docs,
    /// Event schemas, paths relative to the schemas directory.
    pub schemas: Vec<(String, String)>,
    /// OpenAPI documents (`<provider>/openapi.json`), paths relative to
    /// the schemas directory too.
    pub openapi: Vec<(String, String)>,
    /// Paths relative to the crate directory.
    pub crate_files: Vec<(String, Vec<u8>)>,
    pub diagnostics: Vec<Diagnostic>,
    pub sources: Sources,
    /// Every input file read (pages, includes, variables, payloads).
    pub files_read: Vec<PathBuf>,
    /// What pages without events hold instead (headers, listed groups).
    pub found_instead: Vec<String>,
    pub elapsed: std::time::Duration,
}

/// Why a run produced nothing. Displays as the diagnostics rendered
/// rustc-style in plain text, as the command line prints them.
#[derive(Debug)]
pub struct Failure {
    pub kind: FailureKind,
    pub diagnostics: Vec<Diagnostic>,
    pub sources: Sources,
}

impl Failure {
    /// The diagnostics rustc-style, with snippets and without colour; past
    /// [`diag::SHOWN_PER_KIND`] notes or warnings of one kind, the rest counted.
    pub fn rendered(&self) -> String {
        let shown = diag::condense(&self.diagnostics, diag::SHOWN_PER_KIND);
        diag::render(&shown, &self.sources)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.rendered().trim_end())
    }
}

impl std::error::Error for Failure {}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// The docs have errors (exit 1).
    Docs,
    /// The request itself is wrong: bad version, missing path (exit 2).
    Usage,
}

impl Builder {
    pub fn new() -> Self {
        Self::default()
    }

    /// A docs tree or a single page.
    pub fn docs(mut self, path: impl AsRef<Path>) -> Self {
        self.docs = path.as_ref().to_path_buf();
        self
    }

    /// The product version Liquid conditionals are evaluated for (`fpt`,
    /// `ghes-3.1`, ...), or a DocFX moniker (`azure-devops-2020`) that
    /// moniker ranges are evaluated for; by default they are evaluated for
    /// the current product (the moniker without a version).
    pub fn version(mut self, version: impl Into<String>) -> Self {
        self.version = version.into();
        self
    }

    /// Names the provider instead of guessing it from the docs.
    pub fn provider(mut self, name: impl Into<String>) -> Self {
        self.provider = Some(name.into());
        self
    }

    /// The generated crate's package name. Default: the providers' names
    /// and `webhooks`, joined by `-` (`github-webhooks`; `github-licensing-webhooks` for docs of two
    /// providers). A name cargo would refuse is a usage error.
    pub fn crate_name(mut self, name: impl Into<String>) -> Self {
        self.crate_name = Some(name.into());
        self
    }

    /// Makes the crate build on its own, outside any workspace (an empty
    /// `[workspace]` table in its manifest).
    pub fn standalone_crate(mut self, yes: bool) -> Self {
        self.standalone = yes;
        self
    }

    /// Where the generated crate's manifest finds `webhook-runtime`: by
    /// default `../runtime`, where the checked-in crate has it.
    pub fn runtime(mut self, runtime: rust::RuntimeDependency) -> Self {
        self.runtime = runtime;
        self
    }

    /// Reads every page in one dialect instead of detecting each page's.
    pub fn dialect(mut self, dialect: Option<parse::Dialect>) -> Self {
        self.dialect = dialect;
        self
    }

    /// Fails the run when the docs give any warning, for teams that check
    /// their own docs in CI: nothing is generated, and the warnings are
    /// reported with one error that says why.
    pub fn deny_warnings(mut self, yes: bool) -> Self {
        self.deny_warnings = yes;
        self
    }

    /// The monikers the docs name, when the version asked for is a moniker
    /// they do not name.
    fn version_moniker(&self, loaded: &load::Loaded) -> Option<Vec<String>> {
        let asked = Version::parse(&self.version).is_none();
        (asked && !load::knows_moniker(&self.version, &loaded.monikers))
            .then(|| loaded.monikers.clone())
    }

    /// The docs path itself, for what concerns no one place in it.
    fn docs_span(&self) -> Span {
        Span {
            file: self.docs.display().to_string(),
            line: 1,
            col: 1,
            offset: 0,
        }
    }

    pub fn generate(&self) -> Result<Generated, Failure> {
        let start = Instant::now();
        let usage = |message: String| Failure {
            kind: FailureKind::Usage,
            diagnostics: vec![Diagnostic {
                severity: Severity::Error,
                message,
                span: Span::default(),
                help: None,
            }],
            sources: Sources::default(),
        };
        if let Some(name) = self
            .crate_name
            .as_deref()
            .filter(|n| !names::is_crate_name(n))
        {
            return Err(usage(format!(
                "`{name}` is not a crate name: ASCII letters, digits, `-` and `_`, \
                 starting with a letter or `_`, and no Rust keyword"
            )));
        }
        let not_a_version = |monikers: &[String]| {
            let named = if monikers.is_empty() {
                String::new()
            } else {
                format!(", or a moniker these docs name: {}", monikers.join(", "))
            };
            usage(format!(
                "`{}` is not a version name (try `fpt`, `ghes-3.1`, `ghae`{named})",
                self.version
            ))
        };
        // A Liquid version, or else a DocFX moniker, which the docs must name.
        let (version, moniker) = match Version::parse(&self.version) {
            Some(v) => (v, None),
            None if load::is_moniker(&self.version) => {
                (LoadOptions::default().version, Some(self.version.clone()))
            }
            None => return Err(not_a_version(&[])),
        };
        if !self.docs.exists() {
            return Err(usage(format!(
                "docs path `{}` does not exist",
                self.docs.display()
            )));
        }
        let loaded = load::load(&self.docs, &LoadOptions { version, moniker });
        if let Some(m) = &self.version_moniker(&loaded) {
            return Err(not_a_version(m));
        }
        let mut diags = Diagnostics::default();
        diags.extend(loaded.diagnostics.clone());
        let stop = |diags: &Diagnostics, sources: &Sources| Failure {
            kind: FailureKind::Docs,
            diagnostics: diags.sorted(),
            sources: sources.clone(),
        };
        if diags.has_errors() {
            return Err(stop(&diags, &loaded.sources));
        }
        let pages = parse::parse_docs(
            &loaded.pages,
            &loaded.data_files,
            &loaded.sources,
            self.dialect,
            &mut diags,
        );
        if diags.has_errors() {
            return Err(stop(&diags, &loaded.sources));
        }
        let opts = build::BuildOptions {
            provider: self.provider.clone(),
        };
        let docs = build::build(&loaded, &pages, &opts, &mut diags);
        check_size(&docs, &mut diags);
        if diags.has_errors() {
            return Err(stop(&diags, &loaded.sources));
        }
        let found_instead: Vec<String> = pages
            .iter()
            .flat_map(|p| p.found_instead.iter().cloned())
            .collect();
        // Docs without a single event still give what they hold (delivery
        // headers, a signature scheme); a warning, so CI over one's own docs
        // (`--deny-warnings`) catches a page that stopped documenting any.
        if docs.providers.iter().all(|p| p.events.is_empty()) {
            let found = if found_instead.is_empty() {
                String::new()
            } else {
                format!("; found instead: {}", found_instead.join("; "))
            };
            diags.warning(
                self.docs_span(),
                format!("no event definitions found in these docs; no schemas written{found}"),
            );
        }
        let warnings = diags.count(Severity::Warning);
        if self.deny_warnings && warnings > 0 {
            diags.error(
                self.docs_span(),
                format!("{warnings} warning(s), and warnings are denied (--deny-warnings)"),
            );
            return Err(stop(&diags, &loaded.sources));
        }
        let schemas = schema::files(&docs.providers);
        let openapi = openapi::files(&docs);
        let crate_name = self
            .crate_name
            .clone()
            .unwrap_or_else(|| names::crate_name(docs.providers.iter().map(|p| p.name.as_str())));
        let settings = rust::CrateSettings {
            crate_name,
            standalone: self.standalone,
            runtime: self.runtime.clone(),
            ..Default::default()
        };
        let crate_files = match rust::generate_crate(&docs, &settings) {
            Ok(files) => files.into_iter().map(|f| (f.path, f.contents)).collect(),
            Err(err) => {
                diags.error(self.docs_span(), err.to_string());
                return Err(stop(&diags, &loaded.sources));
            }
        };
        Ok(Generated {
            docs,
            schemas,
            openapi,
            crate_files,
            diagnostics: diags.sorted(),
            sources: loaded.sources,
            files_read: loaded.files_read,
            found_instead,
            elapsed: start.elapsed(),
        })
    }
}

/// Fields across all objects beyond which the Rust back-end is not asked to
/// print a crate: it holds token trees for every field at once (about 180 KB
/// each), so a pathological page would exhaust memory instead of failing.
/// The 2021 GitHub corpus has about 1,500.
pub const MAX_FIELDS: usize = 20_000;

fn check_size(docs: &ir::Docs, diags: &mut Diagnostics) {
    for p in &docs.providers {
        let fields: usize = p.types.objects.iter().map(|o| o.fields.len()).sum();
        if fields > MAX_FIELDS {
            let span = p.events.first().map(|e| e.span.clone()).unwrap_or_default();
            diags.error(
                span,
                format!("provider `{}` describes {fields} fields in all, over the limit of {MAX_FIELDS}; nothing generated", p.name),
            );
        }
    }
}

impl Generated {
    /// Every file of the schemas directory: the event schemas and the
    /// OpenAPI documents, paths relative to it, sorted.
    pub fn schema_dir_files(&self) -> Vec<(&str, &str)> {
        let mut files: Vec<(&str, &str)> = self
            .schemas
            .iter()
            .chain(&self.openapi)
            .map(|(p, c)| (p.as_str(), c.as_str()))
            .collect();
        files.sort();
        files
    }

    /// `events, actions, schemas, warnings, time` on one line.
    pub fn summary(&self) -> String {
        let events: usize = self.docs.providers.iter().map(|p| p.events.len()).sum();
        let actions: usize = self
            .docs
            .providers
            .iter()
            .flat_map(|p| &p.events)
            .map(|e| e.actions.len())
            .sum();
        let warnings = self
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count();
        format!(
            "{} provider{}, {events} events, {actions} actions, {} schemas, {warnings} warnings, {:.2?}",
            self.docs.providers.len(),
            if self.docs.providers.len() == 1 { "" } else { "s" },
            self.schemas.len(),
            self.elapsed
        )
    }
}
