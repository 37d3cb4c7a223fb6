//! Generates what the bench parses with besides the checked-in crate, as a
//! user's build script would: a module from the GitHub docs corpus (fpt) and
//! one from a vendor page that names the event in the body (the 2025 era of
//! `../shared/vendors/azure-devops`), with that page's example deliveries.
//! Without `../shared` the bench runs on the checked-in crate alone.
//!
//! For each module it also writes the `Event` variants and their payload
//! types (read from the generated `enum Event`), so the bench can reach each
//! payload's `extra` and name its type, without listing events by hand.

use std::path::{Path, PathBuf};

fn main() {
    println!("cargo::rustc-check-cfg=cfg(shared_corpus, shared_vendors)");
    println!("cargo::rerun-if-changed=build.rs");
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap());
    let root = manifest.join("../../..");
    let shared = root.join("../shared");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap());

    variants(
        "generated::github",
        &root.join("generated/src/github/mod.rs"),
        &out.join("checked_in_variants.rs"),
    );

    let corpus = shared.join("corpus/github-docs-2021-08");
    if corpus.is_dir() {
        println!("cargo::rustc-cfg=shared_corpus");
        let written = codegen::Builder::new()
            .docs(&corpus)
            .version("fpt")
            .module_path("corpus")
            .emit_warnings(false)
            .write_to(out.join("corpus"))
            .unwrap_or_else(|e| panic!("{e}"));
        variants(
            "crate::corpus",
            &written.path,
            &out.join("corpus_variants.rs"),
        );
    } else {
        println!("cargo::rerun-if-changed={}", shared.display());
    }

    let page = shared.join("vendors/azure-devops/docs-2025/events.md");
    if page.is_file() {
        println!("cargo::rustc-cfg=shared_vendors");
        let builder = codegen::Builder::new()
            .docs(&page)
            .module_path("body_named")
            .emit_warnings(false);
        builder
            .write_to(out.join("body_named"))
            .unwrap_or_else(|e| panic!("{e}"));
        // The page's example deliveries, compact, as one JSON array.
        let generated = builder.generate().unwrap_or_else(|f| panic!("{f}"));
        let bodies: Vec<&serde_json::Value> = generated
            .docs
            .providers
            .iter()
            .flat_map(|p| &p.events)
            .flat_map(|e| &e.examples)
            .map(|x| &x.value)
            .collect();
        std::fs::write(
            out.join("body_named_deliveries.json"),
            serde_json::to_vec(&bodies).unwrap(),
        )
        .unwrap();
    }
}

/// `variants!(path; Variant: Type, ...)`, from the lines
/// `Variant(Box<Type>),` of the module's `pub enum Event`; `path` is the
/// module as the bench names it.
fn variants(path: &str, module: &Path, out: &Path) {
    println!("cargo::rerun-if-changed={}", module.display());
    let text = std::fs::read_to_string(module).unwrap_or_else(|e| panic!("{}: {e}", module.display()));
    let body = text
        .split_once("pub enum Event {")
        .and_then(|(_, rest)| rest.split_once("\n}"))
        .unwrap_or_else(|| panic!("{}: no `pub enum Event`", module.display()))
        .0;
    let pairs: Vec<String> = body
        .lines()
        .filter_map(|l| {
            let l = l.trim().strip_suffix(">),")?;
            let (variant, ty) = l.split_once("(::std::boxed::Box<")?;
            Some(format!("{variant}: {ty}"))
        })
        .collect();
    assert!(!pairs.is_empty(), "{}: no boxed variants in `Event`", module.display());
    std::fs::write(out, format!("variants!({path}; {});\n", pairs.join(", "))).unwrap();
}
