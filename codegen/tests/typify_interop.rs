//! The published schemas through someone else's generator: typify (the
//! ecosystem's JSON Schema → Rust tool) must turn every schema of the
//! committed `schemas/` into types, and those types, compiled, must accept
//! every documented example. typify reads `required`, `oneOf` on the action
//! and closed enums strictly, so this checks those claims of our schemas
//! against the examples with an implementation that is not ours.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

mod common;

use common::workspace;

#[test]
fn typify_reads_the_committed_schemas() {
    check(&workspace().join("docs-input"), "docs-input", 60);
}

#[test]
#[cfg_attr(not(shared_corpus), ignore = "needs ../shared/corpus")]
fn typify_reads_the_corpus_schemas() {
    check(&common::corpus(), "corpus", 90);
}

/// typify over every schema made from `docs`; the types, compiled in a
/// crate of their own, parse each of at least `min` examples.
fn check(docs: &Path, label: &str, min: usize) {
    let generated = codegen::Builder::new()
        .docs(docs)
        .generate()
        .expect("the docs generate");

    let mut modules = String::new();
    let mut cases = String::new();
    let mut count = 0;
    for (n, (path, text)) in generated.schemas.iter().enumerate() {
        let root: schemars::schema::RootSchema = serde_json::from_str(text)
            .unwrap_or_else(|err| panic!("{path}: not a schema schemars reads: {err}"));
        let title = root
            .schema
            .extensions
            .get("x-event")
            .and_then(|v| v.as_str())
            .map(str::to_string)
            .unwrap_or_else(|| panic!("{path}: no x-event"));
        let settings = typify::TypeSpaceSettings::default();
        let mut space = typify::TypeSpace::new(&settings);
        let id = space
            .add_root_schema(root)
            .unwrap_or_else(|err| panic!("{path}: typify refuses it: {err}"))
            .unwrap_or_else(|| panic!("{path}: typify made no root type"));
        let name = space.get_type(&id).expect("the root type").name();
        let _ = writeln!(modules, "pub mod m{n} {{ {} }}", space.to_stream());

        let provider = path.split('/').next().unwrap_or_default();
        let event = generated
            .docs
            .providers
            .iter()
            .filter(|p| p.name == provider)
            .flat_map(|p| &p.events)
            .find(|e| e.name == title)
            .unwrap_or_else(|| panic!("{path}: no event `{title}`"));
        for example in &event.examples {
            // The docs' text where it is JSON; an example read leniently
            // (comments, elisions) as its value.
            let body = match serde_json::from_str::<serde_json::Value>(&example.raw) {
                Ok(_) => example.raw.clone(),
                Err(_) => example.value.to_string(),
            };
            let _ = writeln!(
                cases,
                "check::<m{n}::{name}>({path:?}, {body:?}, &mut failures);"
            );
            count += 1;
        }
    }
    assert!(count >= min, "only {count} examples");

    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    std::fs::write(
        dir.path().join("Cargo.toml"),
        "[package]\nname = \"typify-interop\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\
         [dependencies]\nserde = { version = \"1\", features = [\"derive\"] }\nserde_json = \"1\"\n\
         chrono = { version = \"0.4\", default-features = false, features = [\"serde\", \"std\"] }\n\
         [workspace]\n",
    )
    .unwrap();
    // Same versions as this workspace, so the offline build finds them.
    std::fs::copy(
        workspace().join("Cargo.lock"),
        dir.path().join("Cargo.lock"),
    )
    .unwrap();
    let main = format!(
        "#![allow(warnings)]\n{modules}\n\
         fn check<T: serde::de::DeserializeOwned>(schema: &str, body: &str, failures: &mut Vec<String>) {{\n\
             if let Err(err) = serde_json::from_str::<T>(body) {{ failures.push(format!(\"{{schema}}: {{err}}\")); }}\n\
         }}\n\
         fn main() {{\n\
             let mut failures = Vec::new();\n{cases}\n\
             for f in &failures {{ eprintln!(\"{{f}}\"); }}\n\
             println!(\"{{}} examples, {{}} rejected\", {count}, failures.len());\n\
             std::process::exit(i32::from(!failures.is_empty()));\n\
         }}\n"
    );
    std::fs::write(dir.path().join("src/main.rs"), main).unwrap();
    let out = Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--offline"])
        .current_dir(dir.path())
        .env(
            "CARGO_TARGET_DIR",
            workspace().join(format!("target/typify-interop-{label}")),
        )
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert_eq!(stdout.trim(), format!("{count} examples, 0 rejected"));
}
