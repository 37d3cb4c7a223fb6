//! Tells the tests whether the docs corpus is beside the checkout, as the
//! `cfg` `shared_corpus`, so `tests/receiver_axum.rs` is reported by cargo as
//! ignored without it instead of passing without checking anything (the
//! same mechanism as `codegen/build.rs`). The library reads nothing here.

use std::path::PathBuf;

const CORPUS: &str = "../../shared/corpus/github-docs-2021-08";

fn main() {
    println!("cargo::rustc-check-cfg=cfg(shared_corpus)");
    println!("cargo::rerun-if-changed=build.rs");
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let corpus = manifest.join(CORPUS);
    if corpus.is_dir() {
        println!("cargo::rustc-cfg=shared_corpus");
        // Noticed when it goes away. A missing path is not watched: cargo
        // would count it as always changed and rebuild the crate each time.
        println!("cargo::rerun-if-changed={}", corpus.display());
    } else if let Some(shared) = corpus.ancestors().nth(2).filter(|p| p.is_dir()) {
        // Noticed when it appears under an existing `../shared`.
        println!("cargo::rerun-if-changed={}", shared.display());
    }
}
