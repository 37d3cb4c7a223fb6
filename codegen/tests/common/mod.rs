//! Shared test helpers: where `../shared` is, and the independent validator.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// `../shared/corpus/github-docs-2021-08`, or `None` with a one-line notice.
pub fn corpus() -> Option<PathBuf> {
    shared("corpus/github-docs-2021-08")
}

pub fn shared(rel: &str) -> Option<PathBuf> {
    let p = workspace().join("../shared").join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("skipped: {} is absent", p.display());
        None
    }
}

/// Validates payload files against `schemas_dir/*/<event>.schema.json` with
/// python-jsonschema (Draft 2020-12); panics with its report on a failure.
pub fn python_validates(schemas_dir: &Path, payloads: &[String]) {
    let script = workspace().join("tests/validate_examples.py");
    let out = Command::new("python3")
        .arg(script)
        .arg(schemas_dir)
        .args(payloads)
        .output()
        .expect("python3 runs");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "validator failed:\n{report}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        report.contains(&format!("checked {} payloads, 0 failures", payloads.len())),
        "{report}"
    );
}
