//! Shared test helpers: the optional inputs, and the independent validator.
//!
//! # Tests that need input from outside the checkout
//!
//! Some tests read `../shared/` (beside the checkout) or the payloads
//! `UNSEEN_WEBHOOK_EXAMPLES` names. Where those are absent, such a test must
//! be reported by cargo as *ignored*, never pass without checking anything.
//! `codegen/build.rs` sets a `cfg` for each input that is present; a test
//! that needs one carries the matching attribute, and reads the input with
//! the matching helper, which panics when the input is absent:
//!
//! | input | attribute | helper |
//! | --- | --- | --- |
//! | `../shared/corpus/github-docs-2021-08` | `#[cfg_attr(not(shared_corpus), ignore = "needs ../shared/corpus")]` | [`corpus()`] |
//! | `../shared/seeds` | `#[cfg_attr(not(shared_seeds), ignore = "needs ../shared/seeds")]` | [`seeds()`], [`seed()`] |
//! | `../shared/vendors` | `#[cfg_attr(not(shared_vendors), ignore = "needs ../shared/vendors")]` | [`vendors()`] |
//! | `UNSEEN_WEBHOOK_EXAMPLES` | `#[cfg_attr(not(unseen_examples), ignore = "needs UNSEEN_WEBHOOK_EXAMPLES")]` | [`unseen_examples()`] |
//! | `OPENAPI_TOOLS` (outside tools, installed by `tests/openapi/install-tools.sh`) | `#[cfg_attr(not(openapi_tools), ignore = "needs OPENAPI_TOOLS")]` | [`openapi_tools()`] |
//!
//! ```ignore
//! #[test]
//! #[cfg_attr(not(shared_corpus), ignore = "needs ../shared/corpus")]
//! fn something_about_the_corpus() {
//!     let corpus = common::corpus();
//!     // ...
//! }
//! ```
//!
//! A test that needs two inputs names both:
//! `#[cfg_attr(not(all(shared_corpus, shared_seeds)), ignore = "needs ../shared/corpus and ../shared/seeds")]`.
//! A test with a part that runs without the input is two tests.
//!
//! Keep the reasons as above, starting `needs ../shared/`,
//! `needs UNSEEN_WEBHOOK_EXAMPLES` or `needs OPENAPI_TOOLS`: `.ci/run` has
//! every input, and fails when the test output shows a test ignored for one
//! of those reasons. Never
//! print a notice and return early instead: cargo hides the output of a
//! passing test, so the test would count as passed. The old form
//! `let Some(corpus) = common::corpus() else { return };` becomes the
//! attribute and `let corpus = common::corpus();`; `common::shared("seeds")`
//! becomes `common::seeds()`.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// `../shared` beside the checkout.
pub fn shared_dir() -> PathBuf {
    workspace().join("../shared")
}

/// `../shared/corpus/github-docs-2021-08`; the test carries
/// `#[cfg_attr(not(shared_corpus), ignore = "needs ../shared/corpus")]`.
pub fn corpus() -> PathBuf {
    shared("corpus/github-docs-2021-08", cfg!(shared_corpus))
}

/// `../shared/seeds`; the test carries
/// `#[cfg_attr(not(shared_seeds), ignore = "needs ../shared/seeds")]`.
pub fn seeds() -> PathBuf {
    shared("seeds", cfg!(shared_seeds))
}

/// The seed whose file name starts with `prefix` (`004`), under [`seeds()`].
pub fn seed(prefix: &str) -> PathBuf {
    let dir = seeds();
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(&format!("{prefix}_")))
        })
        .collect();
    found.sort();
    found
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no seed {prefix}_* in {}", dir.display()))
}

/// `../shared/vendors`; the test carries
/// `#[cfg_attr(not(shared_vendors), ignore = "needs ../shared/vendors")]`.
pub fn vendors() -> PathBuf {
    shared("vendors", cfg!(shared_vendors))
}

/// `../shared/<rel>`, which the build saw (`built_with`) and is still there.
fn shared(rel: &str, built_with: bool) -> PathBuf {
    let p = shared_dir().join(rel);
    assert!(
        p.exists(),
        "{} is absent; a test that reads it is ignored without it (see tests/common/mod.rs)",
        p.display()
    );
    assert!(built_with, "{}", stale_build(&p.display().to_string()));
    p
}

/// The message for an input that appeared after codegen's tests were built.
pub fn stale_build(what: &str) -> String {
    format!(
        "{what} is present, but codegen's tests were built without it, so the tests \
         that need it are ignored; rebuild them with `touch codegen/build.rs`"
    )
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

/// The directory `OPENAPI_TOOLS` names, where `tests/openapi/install-tools.sh`
/// put openapi-spec-validator (`python/`), openapi-typescript and
/// typescript (`node_modules/`). The test carries
/// `#[cfg_attr(not(openapi_tools), ignore = "needs OPENAPI_TOOLS")]`.
pub fn openapi_tools() -> PathBuf {
    let dir = std::env::var_os("OPENAPI_TOOLS")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .expect("OPENAPI_TOOLS is not set; a test that needs it is ignored without it");
    if !cfg!(openapi_tools) {
        panic!("{}", stale_build("OPENAPI_TOOLS"));
    }
    // Relative to the workspace, as `.ci/run` and the README give it.
    let dir = if dir.is_relative() {
        workspace().join(dir)
    } else {
        dir
    };
    for tool in [
        "node_modules/.bin/openapi-typescript",
        "node_modules/.bin/tsc",
        "python/openapi_spec_validator",
    ] {
        assert!(
            dir.join(tool).exists(),
            "{} is missing; run tests/openapi/install-tools.sh {}",
            dir.join(tool).display(),
            dir.display()
        );
    }
    dir
}

/// A payload from outside `../shared`: which event the delivery named, and
/// its body.
pub struct Unseen {
    pub label: String,
    pub event: String,
    pub body: Vec<u8>,
}

/// Real payloads the project was not made from, in the directory
/// `UNSEEN_WEBHOOK_EXAMPLES` names (`.ci/run` fetches one): every
/// `index.json` under it, each a list of `{"name": event, "examples":
/// [payload, ...]}` as `@octokit/webhooks-examples` ships them. The test
/// carries `#[cfg_attr(not(unseen_examples), ignore = "needs UNSEEN_WEBHOOK_EXAMPLES")]`.
pub fn unseen_examples() -> Vec<Unseen> {
    let dir = std::env::var_os("UNSEEN_WEBHOOK_EXAMPLES")
        .filter(|v| !v.is_empty())
        .expect("UNSEEN_WEBHOOK_EXAMPLES is not set; a test that reads it is ignored without it");
    if !cfg!(unseen_examples) {
        panic!("{}", stale_build("UNSEEN_WEBHOOK_EXAMPLES"));
    }
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
    out
}
