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

/// A payload from outside `../shared`: which event the delivery named, and
/// its body.
pub struct Unseen {
    pub label: String,
    pub event: String,
    pub body: Vec<u8>,
}

/// Real payloads the project was not made from, when
/// `UNSEEN_WEBHOOK_EXAMPLES` names a directory (`.ci/run` fetches one):
/// every `index.json` under it, each a list of `{"name": event,
/// "examples": [payload, ...]}` as `@octokit/webhooks-examples` ships
/// them. `None`, with a one-line notice, when the variable is unset.
pub fn unseen_examples() -> Option<Vec<Unseen>> {
    let Some(dir) = std::env::var_os("UNSEEN_WEBHOOK_EXAMPLES") else {
        eprintln!("skipped: UNSEEN_WEBHOOK_EXAMPLES is not set");
        return None;
    };
    let mut files = Vec::new();
    let mut dirs = vec![PathBuf::from(dir)];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.file_name().is_some_and(|n| n == "index.json") {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read(&file).unwrap();
        let index: serde_json::Value =
            serde_json::from_slice(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let where_ = file
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy();
        for entry in index.as_array().expect("a list of events") {
            let event = entry["name"].as_str().expect("an event name");
            for (i, example) in entry["examples"]
                .as_array()
                .into_iter()
                .flatten()
                .enumerate()
            {
                out.push(Unseen {
                    label: format!("{where_}/{event}[{i}]"),
                    event: event.to_owned(),
                    body: serde_json::to_vec(example).unwrap(),
                });
            }
        }
    }
    assert!(!out.is_empty(), "no payloads under UNSEEN_WEBHOOK_EXAMPLES");
    Some(out)
}
