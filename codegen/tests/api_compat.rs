//! `codegen diff` says "API-breaking" exactly when code written against the
//! crate generated from the old docs stops compiling against the crate
//! generated from the new docs.
//!
//! Each case under `tests/fixtures/api_compat/<case>/` is a pair of docs
//! pages (`old.md`, `new.md`) and a small handler (`handler.rs`, written
//! against `hooks`, the generated module). Both pages go through
//! `codegen::Builder` into a module each; a scratch workspace under
//! `target/` holds crate `old` and crate `new` (a module per case) and two
//! handler crates per case, and ONE `cargo check --keep-going` builds them
//! all. The handler must compile against `old`; whether it compiles against
//! `new` must match the diff's API verdict.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::diff::{diff_sets, Api, Model, Options};
use codegen::Builder;
use serde_json::Value;

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/api_compat")
}

/// What each case's docs change must be, so a fixture that stops making
/// its change fails here instead of passing vacuously.
fn expected_api_breaking(case: &str) -> bool {
    match case {
        "field_added" | "docs_only" => false,
        // New variants break a `match` that names them all, unless the
        // enums are `#[non_exhaustive]`.
        "enum_value_added" | "action_added" | "event_added" => {
            !Model::GENERATED.non_exhaustive_enums
        }
        _ => true,
    }
}

/// Event schemas of a generation, keyed `provider/event` like a schemas
/// directory.
fn schemas(docs: &Path) -> BTreeMap<String, Value> {
    let generated = Builder::new()
        .docs(docs)
        .generate()
        .unwrap_or_else(|f| panic!("{}: {:?}", docs.display(), f.diagnostics));
    generated
        .schemas
        .iter()
        .map(|(path, text)| {
            let key = path
                .strip_suffix(".schema.json")
                .unwrap_or(path)
                .to_string();
            (key, serde_json::from_str(text).unwrap())
        })
        .collect()
}

/// `dir/webhooks.rs` (with the schemas it embeds beside it) generated from
/// `docs`, as a build script would write it for the module `module`.
fn module(docs: &Path, dir: &Path, module: &str) {
    Builder::new()
        .docs(docs)
        .module_path(module)
        .emit_rerun_if_changed(false)
        .emit_warnings(false)
        .write_to(dir)
        .unwrap_or_else(|e| panic!("{}: {e:?}", docs.display()));
}

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    // Unchanged files keep their mtime, so a rerun checks only what changed.
    if fs::read_to_string(path).ok().as_deref() != Some(text) {
        fs::write(path, text).unwrap();
    }
}

fn manifest(name: &str, deps: &str) -> String {
    format!(
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
         [lib]\npath = \"lib.rs\"\n\n[dependencies]\n{deps}"
    )
}

struct Case {
    name: String,
    api_breaking: bool,
    report: String,
}

/// Writes the scratch workspace for `cases` and returns each case's diff.
fn workspace(root: &Path, cases: &[String]) -> Vec<Case> {
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime");
    let deps = format!(
        "serde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n\
         webhook-runtime = {{ path = {:?} }}\n",
        runtime.display().to_string()
    );
    let mut members = vec!["old".to_string(), "new".to_string()];
    let mut libs = BTreeMap::from([("old", String::new()), ("new", String::new())]);
    let mut out = Vec::new();
    for case in cases {
        let dir = cases_dir().join(case);
        let mut sides = BTreeMap::new();
        for side in ["old", "new"] {
            let docs = dir.join(format!("{side}.md"));
            module(&docs, &root.join(side).join(case), case);
            let lib = libs.get_mut(side).unwrap();
            lib.push_str(&format!(
                "pub mod {case} {{\n    include!(\"{case}/webhooks.rs\");\n}}\n"
            ));
            sides.insert(side, schemas(&docs));
        }
        let report = diff_sets(&sides["old"], &sides["new"], Options::default());
        out.push(Case {
            name: case.clone(),
            api_breaking: report.changes.iter().any(|c| c.api == Api::Breaking),
            report: report.to_text(),
        });
        let mut handler = fs::read_to_string(dir.join("handler.rs")).unwrap();
        if Model::GENERATED.non_exhaustive_enums {
            // A `match` on a `#[non_exhaustive]` enum of another crate must
            // have a wildcard arm to compile at all.
            handler = handler.replace("// WILDCARD", "_ => 255,");
        }
        for side in ["old", "new"] {
            let name = format!("h_{case}_{side}");
            write(
                &root.join(&name).join("Cargo.toml"),
                &manifest(&name, &format!("{side} = {{ path = \"../{side}\" }}\n")),
            );
            write(
                &root.join(&name).join("lib.rs"),
                &format!(
                    "#![allow(dead_code, unreachable_patterns)]\nuse {side}::{case} as hooks;\n\n{handler}"
                ),
            );
            members.push(name);
        }
    }
    for (side, lib) in &libs {
        write(&root.join(side).join("Cargo.toml"), &manifest(side, &deps));
        write(
            &root.join(side).join("lib.rs"),
            &format!("#![allow(clippy::all, dead_code)]\n{lib}"),
        );
    }
    let quoted: Vec<String> = members.iter().map(|m| format!("\"{m}\"")).collect();
    write(
        &root.join("Cargo.toml"),
        &format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            quoted.join(", ")
        ),
    );
    // Same versions as this workspace, so the offline build finds them all.
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
    fs::copy(lock, root.join("Cargo.lock")).unwrap();
    out
}

/// Checks every crate of the workspace at once; returns the packages that
/// compiled and cargo's rendered errors.
fn check(root: &Path) -> (BTreeSet<String>, String) {
    let out = Command::new(env!("CARGO"))
        .args([
            "check",
            "--offline",
            "--workspace",
            "--keep-going",
            "--message-format=json-render-diagnostics",
        ])
        .current_dir(root)
        .env("CARGO_TARGET_DIR", root.join("../target"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let mut built = BTreeSet::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let Ok(msg) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if msg["reason"] == "compiler-artifact" {
            if let Some(name) = msg["target"]["name"].as_str() {
                built.insert(name.to_string());
            }
        }
    }
    (built, String::from_utf8_lossy(&out.stderr).into_owned())
}

/// `workspace_name`: a directory of its own per test, since tests run at once.
fn run(workspace_name: &str, cases: &[String]) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../target/api-compat")
        .join(workspace_name);
    let cases = workspace(&root, cases);
    let (built, errors) = check(&root);
    for side in ["old", "new"] {
        assert!(
            built.contains(side),
            "crate `{side}` does not build:\n{errors}"
        );
    }
    let mut wrong = Vec::new();
    for case in &cases {
        let name = &case.name;
        assert!(
            built.contains(&format!("h_{name}_old")),
            "{name}: the handler does not compile against the crate it was written for:\n{errors}"
        );
        let compiles = built.contains(&format!("h_{name}_new"));
        assert_eq!(
            case.api_breaking,
            expected_api_breaking(name),
            "{name}: the docs change is not the one the case is about:\n{}",
            case.report
        );
        if name.ends_with("_renamed") {
            assert!(
                case.report.contains("renamed from"),
                "{name}: not reported as a rename:\n{}",
                case.report
            );
        }
        if case.api_breaking == compiles {
            wrong.push(format!(
                "{name}: diff says API-breaking = {}, handler compiles against new = {compiles}\n{}",
                case.api_breaking, case.report
            ));
        }
    }
    assert!(wrong.is_empty(), "{}\n{errors}", wrong.join("\n"));
}

#[test]
fn api_breaking_matches_what_compiles() {
    let mut cases: Vec<String> = fs::read_dir(cases_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    assert!(cases.len() >= 12, "{cases:?}");
    run("all", &cases);
}
