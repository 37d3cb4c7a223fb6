//! Fuzzes the front half of the pipeline: load (files, Liquid), parse, build
//! and the JSON Schema back-end, run stage by stage as
//! `codegen::Builder::generate` runs them (stopping after a stage with
//! errors). It must never panic. The Rust back-end is left out: formatting
//! a crate costs a hundred times more than the rest, and has a target of its own.
//!
//! The input is a small docs tree: the page, then optional parts after marker
//! lines, written where the loader looks for them:
//!
//! ```text
//! <page>                        -> webhooks.md
//! ==> include                   -> data/reusables/f/a.md
//! ==> include2                  -> data/reusables/f/b.md
//! ==> payload                   -> lib/webhooks/static/dotcom/issues.payload.json
//! ==> variables                 -> data/variables/product.yml
//! ```
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

const PARTS: &[(&str, &str)] = &[
    ("==> include\n", "data/reusables/f/a.md"),
    ("==> include2\n", "data/reusables/f/b.md"),
    (
        "==> payload\n",
        "lib/webhooks/static/dotcom/issues.payload.json",
    ),
    ("==> variables\n", "data/variables/product.yml"),
];

fn root() -> &'static PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("codegen-fuzz-{}", std::process::id()));
        for (_, rel) in PARTS {
            std::fs::create_dir_all(dir.join(rel).parent().unwrap()).unwrap();
        }
        dir
    })
}

/// Splits `data` at the first occurrence of each marker, in order.
fn split(data: &[u8]) -> Vec<(&'static str, &[u8])> {
    let mut out = Vec::new();
    let mut rest = data;
    let mut name = "webhooks.md";
    for (marker, rel) in PARTS {
        let m = marker.as_bytes();
        if let Some(i) = rest.windows(m.len()).position(|w| w == m) {
            out.push((name, &rest[..i]));
            rest = &rest[i + m.len()..];
            name = rel;
        }
    }
    out.push((name, rest));
    out
}

fuzz_target!(|data: &[u8]| {
    let root = root();
    let parts = split(data);
    for (_, rel) in PARTS.iter().copied().chain([("", "webhooks.md")]) {
        let _ = std::fs::remove_file(root.join(rel));
    }
    for (rel, bytes) in &parts {
        std::fs::write(root.join(rel), bytes).unwrap();
    }
    // A tree run (includes, payloads, variables) and a single-page run.
    pipeline(root, "fpt");
    pipeline(&root.join("webhooks.md"), "ghes-3.1");
});

fn pipeline(docs: &std::path::Path, version: &str) {
    use codegen::diag::{Diagnostics, Severity};
    let version = codegen::load::Version::parse(version).expect("a version");
    let loaded = codegen::load::load(
        docs,
        &codegen::load::LoadOptions {
            version,
            moniker: None,
        },
    );
    let mut diags = Diagnostics::default();
    diags.extend(loaded.diagnostics.clone());
    if diags.has_errors() {
        return;
    }
    let pages = codegen::parse::parse(&loaded.pages, &loaded.sources, &mut diags);
    if diags.has_errors() {
        return;
    }
    let docs = codegen::build::build(&loaded, &pages, &Default::default(), &mut diags);
    if diags.has_errors() {
        return;
    }
    let _ = codegen::schema::files(&docs.providers);
    // Rendering walks every span back into its file.
    let sorted = diags.sorted();
    let _ = codegen::diag::render(&sorted, &loaded.sources);
    let _ = codegen::diag::render_short(&sorted);
    assert!(sorted.iter().all(|d| d.severity != Severity::Error));
}
