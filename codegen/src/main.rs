//! `codegen`: the command line over [`codegen::Builder`].

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use codegen::diag::{self, Severity};
use codegen::diff;
use codegen::output::{self, Tree};
use codegen::rust::RuntimeDependency;
use codegen::{Builder, FailureKind};

/// Turns webhook documentation into JSON Schemas and a typed Rust crate.
///
/// Exit codes: 0 success (warnings allowed; for `diff`, a patch), 1 the
/// docs have errors or `--check` found stale files, 2 usage or IO error,
/// 3 `diff` calls for a major version, 4 `diff` calls for a minor version.
#[derive(Parser, Debug)]
#[command(name = "codegen", disable_version_flag = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// A docs tree or a single page [default: docs-input/ of this workspace]
    #[arg(long, global = true)]
    docs: Option<PathBuf>,
    /// Writes DIR/schemas/ and DIR/crate/ instead of the workspace's schemas/ and generated/
    #[arg(long, global = true)]
    out: Option<PathBuf>,
    /// The webhook-runtime crate the generated manifest depends on, as a path from the
    /// generated crate [default: ../runtime; with --out, this workspace's runtime/]
    #[arg(long, global = true)]
    runtime_path: Option<String>,
    /// Package name of the crate written to --out [default: the providers' names and `webhooks`, e.g. github-webhooks]
    #[arg(long, value_name = "NAME", requires = "out")]
    crate_name: Option<String>,
    /// Product version Liquid conditionals are evaluated for (fpt, ghes-3.1, ghae, ...)
    #[arg(long, global = true, default_value = "fpt")]
    version: String,
    /// Provider name, when the docs do not make it clear
    #[arg(long, global = true)]
    provider: Option<String>,
    /// Regenerates in memory and fails, naming the files, if anything on disk differs
    #[arg(long)]
    check: bool,
    /// Prints diagnostics one per line instead of with snippets
    #[arg(long, global = true)]
    short: bool,
    /// Docs dialect: auto, markdown, viewer-text, flattened, html, catalog, asciidoc, rst
    #[arg(long, global = true, default_value = "auto")]
    dialect: String,
    /// Fails, writing nothing, when the docs give any warning (for CI over your own docs)
    #[arg(long, global = true)]
    deny_warnings: bool,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Compares two schema directories (or docs paths), classifies each change and says the semver bump
    Diff {
        /// The old side: a schemas directory, or a docs path to generate from
        old: PathBuf,
        /// The new side: a schemas directory, or a docs path to generate from
        new: PathBuf,
        /// Output format: text, json (for bots), markdown (a pull-request comment)
        #[arg(long, default_value = "text", value_parser = ["text", "json", "markdown"])]
        format: String,
        /// receiver: what the change does to code built on the generated crate;
        /// validator: whether the schemas accept fewer payloads
        #[arg(long, default_value = "receiver", value_parser = ["receiver", "validator"])]
        perspective: String,
        /// The receiver's types reject enum values and actions the docs do not list, and
        /// their enums are exhaustive (types generated from the schemas by other tools):
        /// a new one is wire- and API-breaking
        #[arg(long)]
        closed_enums: bool,
        /// Version for generating the old side from docs [default: --version]
        #[arg(long)]
        old_version: Option<String>,
        /// Version for generating the new side from docs [default: --version]
        #[arg(long)]
        new_version: Option<String>,
    },
}

// The back-end allocates a token tree per generated item; a faster
// allocator is a quarter off a full corpus run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::Diff {
        old,
        new,
        format,
        perspective,
        closed_enums,
        old_version,
        new_version,
    }) = &cli.command
    {
        let versions = [
            old_version.as_deref().unwrap_or(&cli.version),
            new_version.as_deref().unwrap_or(&cli.version),
        ];
        let options = diff::Options {
            perspective: perspective.parse().unwrap_or_default(),
            model: if *closed_enums {
                diff::Model {
                    open_enums: false,
                    non_exhaustive_enums: false,
                }
            } else {
                diff::Model::GENERATED
            },
        };
        return run_diff([old, new], versions, format, options, &cli);
    }
    let root = workspace_root();
    let docs = cli.docs.clone().unwrap_or_else(|| root.join("docs-input"));
    let mut builder = Builder::new()
        .docs(&docs)
        .version(&cli.version)
        .deny_warnings(cli.deny_warnings)
        .standalone_crate(cli.out.is_some());
    match (&cli.runtime_path, &cli.out) {
        (Some(path), _) => builder = builder.runtime(RuntimeDependency::Path(path.clone())),
        (None, Some(_)) => builder = builder.runtime(RuntimeDependency::this_workspace()),
        (None, None) => {}
    }
    match (&cli.out, &cli.crate_name) {
        // The workspace depends on its crate by this name.
        (None, _) => builder = builder.crate_name("generated"),
        (Some(_), Some(name)) => builder = builder.crate_name(name),
        (Some(_), None) => {}
    }
    if let Some(p) = &cli.provider {
        builder = builder.provider(p);
    }
    if cli.dialect != "auto" {
        match cli.dialect.parse() {
            Ok(d) => builder = builder.dialect(Some(d)),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let generated = match builder.generate() {
        Ok(g) => g,
        Err(f) => {
            eprint!("{}", render(&f.diagnostics, &f.sources, cli.short));
            let errors = f
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            eprintln!("codegen: failed with {errors} error(s); nothing was written");
            return ExitCode::from(match f.kind {
                FailureKind::Docs => 1,
                FailureKind::Usage => 2,
            });
        }
    };
    eprint!(
        "{}",
        render(&generated.diagnostics, &generated.sources, cli.short)
    );
    let (schemas_dir, crate_dir) = match &cli.out {
        Some(out) => (out.join("schemas"), out.join("crate")),
        None => (root.join("schemas"), root.join("generated")),
    };
    let trees = [
        Tree {
            dir: schemas_dir,
            files: generated
                .schemas
                .iter()
                .map(|(p, c)| (p.as_str(), c.as_bytes()))
                .collect(),
        },
        Tree {
            dir: crate_dir,
            files: generated
                .crate_files
                .iter()
                .map(|(p, c)| (p.as_str(), c.as_slice()))
                .collect(),
        },
    ];
    if cli.check {
        let stale = output::stale(&trees);
        if !stale.is_empty() {
            eprintln!(
                "codegen: {} generated file(s) are stale; run `cargo run -p codegen`:",
                stale.len()
            );
            for s in stale {
                eprintln!("  {s}");
            }
            return ExitCode::from(1);
        }
        eprintln!("codegen: up to date ({})", generated.summary());
        return ExitCode::SUCCESS;
    }
    if let Err(e) = output::write_atomic(&trees) {
        eprintln!("error: cannot write output: {e}; existing files were left as they were");
        return ExitCode::from(2);
    }
    eprintln!("codegen: {}", generated.summary());
    if let Some(note) = no_event_note(&generated) {
        eprintln!("{note}");
    }
    ExitCode::SUCCESS
}

fn no_event_note(g: &codegen::Generated) -> Option<String> {
    g.docs
        .providers
        .iter()
        .all(|p| p.events.is_empty())
        .then(|| {
            let mut note = "codegen: no event definitions found".to_string();
            for f in &g.found_instead {
                note.push_str("\n  found instead: ");
                note.push_str(f);
            }
            note
        })
}

fn render(diags: &[diag::Diagnostic], sources: &codegen::load::Sources, short: bool) -> String {
    let diags = diag::condense(diags, diag::SHOWN_PER_KIND);
    if short {
        diag::render_short(&diags)
    } else {
        diag::render(&diags, sources)
    }
}

/// `codegen diff OLD NEW`: each side a schemas directory or a docs path.
fn run_diff(
    paths: [&PathBuf; 2],
    versions: [&str; 2],
    format: &str,
    options: diff::Options,
    cli: &Cli,
) -> ExitCode {
    let mut temps = Vec::new();
    let mut side = |p: &Path, version: &str| -> Result<PathBuf, ExitCode> {
        if has_schemas(p) {
            return Ok(p.to_path_buf());
        }
        let mut builder = Builder::new()
            .docs(p)
            .version(version)
            .deny_warnings(cli.deny_warnings);
        // Names both sides alike, when a vendor renamed itself between them.
        if let Some(name) = &cli.provider {
            builder = builder.provider(name);
        }
        let g = builder.generate().map_err(|f| {
            eprint!("{}", render(&f.diagnostics, &f.sources, cli.short));
            ExitCode::from(match f.kind {
                FailureKind::Docs => 1,
                FailureKind::Usage => 2,
            })
        })?;
        let dir = tempfile_dir().map_err(|e| {
            eprintln!("error: cannot create a temporary directory: {e}");
            ExitCode::from(2)
        })?;
        let tree = Tree {
            dir: dir.clone(),
            files: g
                .schemas
                .iter()
                .map(|(p, c)| (p.as_str(), c.as_bytes()))
                .collect(),
        };
        output::write_atomic(&[tree]).map_err(|e| {
            eprintln!("error: cannot write schemas for `{}`: {e}", p.display());
            ExitCode::from(2)
        })?;
        temps.push(dir.clone());
        Ok(dir)
    };
    let sides = side(paths[0], versions[0]).and_then(|o| Ok((o, side(paths[1], versions[1])?)));
    let result = sides.map(|(o, n)| diff::diff_dirs_with(&o, &n, options));
    for t in &temps {
        let _ = std::fs::remove_dir_all(t);
    }
    match result {
        Err(code) => code,
        Ok(Err(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
        Ok(Ok(report)) => {
            match format {
                "json" => println!("{}", report.to_json()),
                "markdown" => print!("{}", report.to_markdown()),
                _ => print!("{}", report.to_text()),
            }
            ExitCode::from(report.bump().exit_code())
        }
    }
}

/// Whether `p` holds `*.schema.json` files, directly or one level down.
fn has_schemas(p: &Path) -> bool {
    let is_schema =
        |e: &std::fs::DirEntry| e.file_name().to_string_lossy().ends_with(".schema.json");
    let Ok(rd) = std::fs::read_dir(p) else {
        return false;
    };
    rd.flatten().any(|e| {
        is_schema(&e)
            || (e.path().is_dir()
                && std::fs::read_dir(e.path())
                    .is_ok_and(|mut r| r.any(|e| e.is_ok_and(|e| is_schema(&e)))))
    })
}

fn tempfile_dir() -> std::io::Result<PathBuf> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let dir = std::env::temp_dir().join(format!("codegen-diff-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
