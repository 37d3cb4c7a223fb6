//! Tells the tests which optional inputs are here, as `cfg`s, so a test that
//! needs an absent one is reported by cargo as ignored instead of passing
//! without checking anything (see `tests/common/mod.rs`).
//!
//! | cfg | set when |
//! | --- | --- |
//! | `shared_corpus` | `../shared/corpus/github-docs-2021-08` exists |
//! | `shared_seeds` | `../shared/seeds` exists |
//! | `shared_vendors` | `../shared/vendors` exists |
//! | `unseen_examples` | `UNSEEN_WEBHOOK_EXAMPLES` is set |
//! | `openapi_tools` | `OPENAPI_TOOLS` is set (`tests/openapi/install-tools.sh` fills the directory it names) |
//!
//! The library itself reads none of them.

use std::path::{Path, PathBuf};

const SHARED: &[(&str, &str)] = &[
    ("shared_corpus", "corpus/github-docs-2021-08"),
    ("shared_seeds", "seeds"),
    ("shared_vendors", "vendors"),
];

const UNSEEN: &str = "UNSEEN_WEBHOOK_EXAMPLES";
const OPENAPI_TOOLS: &str = "OPENAPI_TOOLS";

fn main() {
    let names: Vec<&str> = SHARED
        .iter()
        .map(|(cfg, _)| *cfg)
        .chain(["unseen_examples", "openapi_tools"])
        .collect();
    println!("cargo::rustc-check-cfg=cfg({})", names.join(", "));
    println!("cargo::rerun-if-changed=build.rs");

    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let shared = manifest.join("../../shared");
    let mut missing = false;
    for (cfg, rel) in SHARED {
        let dir = shared.join(rel);
        if dir.is_dir() {
            println!("cargo::rustc-cfg={cfg}");
            // Noticed when it goes away (a missing path is always stale).
            watch(&dir);
        } else {
            missing = true;
        }
    }
    // A part that appears later is noticed through `../shared` itself. Its
    // parent, which holds the checkout, is not watched: cargo would walk all
    // of it on every build. When `../shared` appears after a build,
    // `tests/corpus.rs` says so and how to rebuild.
    if missing && shared.is_dir() {
        watch(&shared);
    }

    println!("cargo::rerun-if-env-changed={UNSEEN}");
    if let Some(dir) = std::env::var_os(UNSEEN).filter(|v| !v.is_empty()) {
        // Set even when the directory is wrong: the tests then fail naming it.
        println!("cargo::rustc-cfg=unseen_examples");
        let dir = PathBuf::from(dir);
        if dir.is_dir() {
            watch(&dir);
        }
    }

    // The outside tools the OpenAPI tests run (tests/openapi.rs): set when
    // the variable is, so a wrong directory fails those tests naming it.
    println!("cargo::rerun-if-env-changed={OPENAPI_TOOLS}");
    if std::env::var_os(OPENAPI_TOOLS).is_some_and(|v| !v.is_empty()) {
        println!("cargo::rustc-cfg=openapi_tools");
    }
}

fn watch(path: &Path) {
    println!("cargo::rerun-if-changed={}", path.display());
}
