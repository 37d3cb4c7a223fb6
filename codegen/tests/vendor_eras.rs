//! Another vendor's real page in two eras (`../shared/vendors/azure-devops`,
//! 2018 and 2025), read as published. Each era generates one schema per
//! documented Event ID, the provider named for the vendor, the event name
//! read from the body's `eventType`; and the module made from each era parses
//! every sample of both eras by the name the sample carries: typed and
//! lossless where that era documents the event, intact as unknown where it
//! does not (the release events were renamed between the eras).
//!
//! Both modules are built in one small crate under `target/vendor-eras`
//! (serde, serde_json and webhook-runtime, as build scripts use them), with
//! the target directory `tests/rust_backend.rs` uses, so a rerun compiles
//! little.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::Builder;

struct Era {
    module: &'static str,
    page: &'static str,
    vendor: &'static str,
    events: usize,
}

const ERAS: [Era; 2] = [
    Era {
        module: "era2018",
        page: "docs-2018/events.md",
        vendor: "vsts",
        events: 18,
    },
    Era {
        module: "era2025",
        page: "docs-2025/events.md",
        vendor: "azure_devops",
        events: 38,
    },
];

fn workspace_target() -> PathBuf {
    common::workspace().join("target")
}

#[test]
#[cfg_attr(not(shared_vendors), ignore = "needs ../shared/vendors")]
fn each_era_parses_every_sample_of_both_eras() {
    let vendor = common::vendors().join("azure-devops");
    let krate = workspace_target().join("vendor-eras");
    let _ = std::fs::remove_dir_all(krate.join("samples"));
    for era in &ERAS {
        let page = vendor.join(era.page);
        let g = Builder::new()
            .docs(&page)
            .generate()
            .unwrap_or_else(|f| panic!("{}: {:#?}", era.page, f.diagnostics));
        assert_eq!(g.docs.providers.len(), 1, "{}", era.page);
        let p = &g.docs.providers[0];
        assert_eq!(p.name, era.vendor, "{}", era.page);
        assert_eq!(p.events.len(), era.events, "{}", era.page);
        assert_eq!(g.schemas.len(), era.events, "{}", era.page);
        assert_eq!(p.name_in_body[0], ["eventType"], "{}", era.page);
        // Every Event ID line of the page is an event, as written.
        let text = std::fs::read_to_string(&page).unwrap();
        let ids: Vec<&str> = text
            .lines()
            .filter_map(|l| l.trim().strip_prefix("* Event ID: `"))
            .filter_map(|l| l.strip_suffix('`'))
            .collect();
        let names: Vec<&str> = p.events.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ids, "{}", era.page);
        assert!(
            g.diagnostics
                .iter()
                .all(|d| d.severity != codegen::diag::Severity::Warning),
            "{}: {:#?}",
            era.page,
            g.diagnostics
        );
        // The module, as a build script would include it.
        Builder::new()
            .docs(&page)
            .module_path(era.module)
            .emit_rerun_if_changed(false)
            .emit_warnings(false)
            .write_to(krate.join("src").join(era.module))
            .unwrap_or_else(|e| panic!("{e}"));
        // The samples, as the docs write them where that is JSON.
        let dir = krate.join("samples").join(era.module);
        std::fs::create_dir_all(&dir).unwrap();
        let mut n = 0;
        for e in &p.events {
            for ex in &e.examples {
                let text = match serde_json::from_str::<serde_json::Value>(&ex.raw) {
                    Ok(_) => ex.raw.clone(),
                    Err(_) => serde_json::to_string_pretty(&ex.value).unwrap(),
                };
                n += 1;
                std::fs::write(dir.join(format!("{n:02}.json")), text).unwrap();
            }
        }
    }
    write_crate(&krate);
    let out = Command::new(env!("CARGO"))
        .args([
            "test",
            "--offline",
            "--quiet",
            "--test",
            "eras",
            "--",
            "--nocapture",
        ])
        .current_dir(&krate)
        .env("CARGO_TARGET_DIR", workspace_target().join("gen-test"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "the eras crate failed:\n{text}");
    // The counts, for whoever reads the test's output.
    for line in text.lines().filter(|l| {
        ["era", "rejected ", "drift ", "mismatched "]
            .iter()
            .any(|p| l.starts_with(p))
    }) {
        eprintln!("{line}");
    }
    let count = |module: &str, samples: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("{module} on {samples} samples:")))
            .unwrap_or_else(|| panic!("no count for {module} on {samples}:\n{text}"))
            .to_string()
    };
    // Each era's module types every sample of its own.
    for era in ["era2018", "era2025"] {
        assert!(
            count(era, era).contains("unknown 0, rejected 0, drifted 0"),
            "{text}"
        );
    }
    // No sample of a documented event is rejected: drift is reported.
    for module in ["era2018", "era2025"] {
        for samples in ["era2018", "era2025"] {
            assert!(count(module, samples).contains("rejected 0,"), "{text}");
        }
    }
    // A value of another type than the other era's module says is one
    // whose documented shape changed between the eras: the diff of the two
    // pages reports it as breaking, at the path the drift names or above it.
    for line in text.lines().filter_map(|l| l.strip_prefix("mismatched ")) {
        let [module, samples, event, path] = line.splitn(4, ' ').collect::<Vec<_>>()[..] else {
            panic!("{line}");
        };
        let (old, new) = (page_of(&vendor, samples), page_of(&vendor, module));
        let breaking = breaking_changes(&old, &new);
        let at = keys(path);
        assert!(
            breaking
                .iter()
                .any(|(e, p)| e == &format!("azure_devops/{event}") && at.starts_with(&keys(p))),
            "{module} rejects a {samples} sample of `{event}` at {path}, which the diff does not report as breaking: {breaking:?}"
        );
    }
}

fn page_of(vendor: &Path, module: &str) -> PathBuf {
    let era = ERAS.iter().find(|e| e.module == module).unwrap();
    vendor.join(era.page)
}

/// `(event, path)` of every breaking change from `old` to `new`, as
/// `codegen diff` reports them, both sides named alike.
fn breaking_changes(old: &Path, new: &Path) -> Vec<(String, String)> {
    let out = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .arg("diff")
        .args([old, new])
        .args(["--provider", "azure_devops", "--format", "json"])
        // Whether the new schemas accept fewer payloads, field by field, even
        // inside a type the receiver view reports as replaced whole.
        .args(["--perspective", "validator"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    // A change inside a type several events share is reported once, under
    // its first event, with the others in `within.events`.
    report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["verdict"] == "breaking")
        .flat_map(|c| {
            let path = c["path"].as_str().unwrap().to_string();
            let mut events = vec![c["event"].as_str().unwrap().to_string()];
            events.extend(
                c["within"]["events"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|e| e.as_str().unwrap().to_string()),
            );
            events.into_iter().map(move |e| (e, path.clone()))
        })
        .collect()
}

/// The keys of a path in either spelling: `.a.b["c.d"]` (parse errors) or
/// `.a.b."c.d"` (the diff), array indexes dropped.
fn keys(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(r) = rest
            .strip_prefix(".\"")
            .or_else(|| rest.strip_prefix("[\""))
        {
            let end = r.find('"').unwrap_or(r.len());
            out.push(r[..end].to_string());
            rest = r[end..].trim_start_matches('"').trim_start_matches(']');
        } else if let Some(r) = rest.strip_prefix('[') {
            rest = &r[r.find(']').map_or(r.len(), |i| i + 1)..];
        } else {
            let r = rest.strip_prefix('.').unwrap_or(rest);
            let end = r.find(['.', '[']).unwrap_or(r.len());
            out.push(r[..end].to_string());
            rest = &r[end..];
        }
    }
    out
}

#[test]
fn paths_compare_in_both_spellings() {
    assert_eq!(
        keys(".resource.fields[\"System.State\"]"),
        ["resource", "fields", "System.State"]
    );
    assert_eq!(
        keys(".resource.fields.\"System.State\""),
        ["resource", "fields", "System.State"]
    );
    assert_eq!(keys(".a[3].b"), ["a", "b"]);
}

fn write_crate(krate: &Path) {
    let manifest = format!(
        "[package]\nname = \"vendor-eras\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
         [workspace]\n\n[dependencies]\nserde = \"1\"\nserde_json = \"1\"\n\
         webhook-runtime = {{ path = {:?} }}\n",
        common::workspace().join("runtime").display().to_string()
    );
    let files = [
        ("Cargo.toml", manifest.as_str()),
        (
            "src/lib.rs",
            "pub mod era2018 {\n    include!(\"era2018/webhooks.rs\");\n}\n\
             pub mod era2025 {\n    include!(\"era2025/webhooks.rs\");\n}\n",
        ),
        ("tests/eras.rs", ERAS_TEST),
    ];
    for (path, text) in files {
        let path = krate.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        // Unchanged files keep their times, so cargo rebuilds nothing.
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text) {
            std::fs::write(path, text).unwrap();
        }
    }
    // The workspace's versions, so the offline build finds them all.
    std::fs::copy(
        common::workspace().join("Cargo.lock"),
        krate.join("Cargo.lock"),
    )
    .unwrap();
}

/// The test inside the eras crate: every sample of both eras through each
/// era's `parse_body`.
const ERAS_TEST: &str = r#"
use serde_json::Value;

fn samples(era: &str) -> Vec<(String, Vec<u8>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples").join(era);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| (format!("{era}/{}", p.file_name().unwrap().to_string_lossy()), std::fs::read(&p).unwrap()))
        .collect()
}

/// The name a sample carries: `eventType`, or `eventId` where it has none.
fn name_of(json: &Value) -> &str {
    json.get("eventType")
        .or_else(|| json.get("eventId"))
        .and_then(Value::as_str)
        .unwrap_or("")
}

/// Each sample through the module's `parse_body`: an event the module
/// documents comes back typed, or is rejected with the path of the field
/// whose documented type it does not fit (reported as `rejected MODULE ERA
/// EVENT PATH` for the outer test to check); any other is unknown. Whatever
/// parses serializes back to the sample.
macro_rules! check {
    ($module:ident) => {
        for era in ["era2018", "era2025"] {
            let (mut typed, mut unknown, mut rejected, mut drifted) = (0, 0, 0, 0);
            for (file, body) in samples(era) {
                let json: Value = serde_json::from_slice(&body).unwrap();
                let name = name_of(&json);
                let module = stringify!($module);
                let documented = vendor_eras::$module::event_names().contains(&name);
                let parsed = match vendor_eras::$module::parse_body(&body) {
                    Ok(parsed) => parsed,
                    Err(e) if documented => {
                        println!("rejected {module} {era} {name} {}", e.path());
                        rejected += 1;
                        continue;
                    }
                    Err(e) => panic!("{module} on {file}: {e}"),
                };
                assert_eq!(parsed.is_unknown(), !documented, "{module} on {file} ({name})");
                if documented {
                    assert_eq!(parsed.name(), name, "{file}");
                    typed += 1;
                    // Missing plain fields and values of another type are
                    // drift, reported by path; strict parsing rejects the
                    // same sample at (or below) one of them.
                    let drift = parsed.drift();
                    let paths: Vec<&String> = drift.missing.iter().chain(&drift.mismatched).collect();
                    let strict = vendor_eras::$module::parse_body_strict(&body);
                    if paths.is_empty() {
                        assert!(strict.is_ok(), "{module} on {file}: strict rejects a sample without drift");
                    } else {
                        drifted += 1;
                        println!("drift {module} {era} {name} {drift}");
                        for path in &drift.mismatched {
                            println!("mismatched {module} {era} {name} {path}");
                        }
                        let err = strict.expect_err("strict mode rejects a drifted sample");
                        assert!(paths.iter().any(|p| err.path().starts_with(p.as_str())), "{module} on {file}: {} not under {paths:?}", err.path());
                    }
                } else {
                    unknown += 1;
                }
                let back = serde_json::to_value(&parsed).unwrap();
                assert_eq!(back, json, "{module} on {file}: the payload changed");
            }
            println!("{} on {era} samples: typed {typed}, unknown {unknown}, rejected {rejected}, drifted {drifted}", stringify!($module));
        }
    };
}

#[test]
fn every_sample_of_both_eras() {
    check!(era2018);
    check!(era2025);
}
"#;

/// The command line a new user runs on each era's page: exit 0, one schema
/// per Event ID in a folder named for the vendor; and `diff` across the eras
/// prints a report.
#[test]
#[cfg_attr(not(shared_vendors), ignore = "needs ../shared/vendors")]
fn command_line_on_each_era_and_diff_across_them() {
    let vendor = common::vendors().join("azure-devops");
    for era in &ERAS {
        let tmp = tempfile::tempdir().unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_codegen"))
            .arg("--docs")
            .arg(vendor.join(era.page))
            .arg("--out")
            .arg(tmp.path())
            .arg("--deny-warnings")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{}: {stderr}", era.page);
        let schemas = std::fs::read_dir(tmp.path().join("schemas").join(era.vendor))
            .unwrap_or_else(|e| panic!("{}: {e}\n{stderr}", era.page))
            .filter(|e| {
                // The event schemas, beside the provider's `openapi.json`.
                e.as_ref()
                    .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".schema.json"))
            })
            .count();
        assert_eq!(schemas, era.events, "{}", era.page);
    }
    let out = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .arg("diff")
        .arg(vendor.join(ERAS[0].page))
        .arg(vendor.join(ERAS[1].page))
        .args(["--provider", "azure_devops"])
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    // The release events were renamed: one line each, old name to new.
    assert_eq!(out.status.code(), Some(3), "{report}");
    assert!(
        report.contains(
            "azure_devops/ms.azure-devops-release.release-created-event  .  event renamed from `ms.vss-release.release-created-event`"
        ),
        "{report}"
    );
}
