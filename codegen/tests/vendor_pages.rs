//! Every vendor page and era in `../shared/vendors/` (the folder is
//! iterated, so a page added later is covered), read as a new user would:
//!
//! - the command line exits 0 on each era;
//! - every event name the era's `events-<era>*.txt` lists is found (as an
//!   event or another spelling of one; a vendor may list them only in a
//!   catalog data file beside its pages), and no event is found that the
//!   lists do not name: no event comes from a block that is not a delivery;
//! - every delivery the docs show parses typed and lossless through the
//!   generated module's `parse_body` (a batch's events each typed);
//! - `codegen diff` between consecutive eras runs and names what changed.
//!
//! The modules of all eras are built in one small crate under
//! `target/vendor-pages`, with the target directory `tests/vendor_eras.rs`
//! uses, so a rerun compiles little. A table of what each era gives is
//! printed (`--nocapture`).

mod common;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::Builder;

/// One era of one vendor.
struct Era {
    vendor: String,
    era: String,
    dir: PathBuf,
    /// Names the era's lists give, each file's names.
    listed: Vec<BTreeSet<String>>,
}

impl Era {
    fn module(&self) -> String {
        format!("{}_{}", self.vendor.replace('-', "_"), self.era)
    }
}

fn eras() -> Vec<Era> {
    let root = common::vendors();
    let mut out = Vec::new();
    let mut vendors: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    vendors.sort();
    for v in vendors {
        let vendor = v.file_name().unwrap().to_string_lossy().into_owned();
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(&v)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.is_dir()
                    && p.file_name()
                        .unwrap()
                        .to_string_lossy()
                        .starts_with("docs-")
            })
            .collect();
        dirs.sort();
        for dir in dirs {
            let era = dir.file_name().unwrap().to_string_lossy()["docs-".len()..].to_string();
            let mut files: Vec<PathBuf> = std::fs::read_dir(&v)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| {
                    let name = p.file_name().unwrap().to_string_lossy().into_owned();
                    name.starts_with(&format!("events-{era}")) && name.ends_with(".txt")
                })
                .collect();
            files.sort();
            let listed = files
                .iter()
                .map(|f| {
                    std::fs::read_to_string(f)
                        .unwrap()
                        .lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .collect();
            out.push(Era {
                vendor: vendor.clone(),
                era,
                dir,
                listed,
            });
        }
    }
    out
}

fn workspace_target() -> PathBuf {
    common::workspace().join("target")
}

#[test]
#[cfg_attr(not(shared_vendors), ignore = "needs ../shared/vendors")]
fn every_vendor_page_and_era() {
    let eras = eras();
    assert!(!eras.is_empty());
    let krate = workspace_target().join("vendor-pages");
    let _ = std::fs::remove_dir_all(krate.join("samples"));
    let _ = std::fs::remove_dir_all(krate.join("src"));
    let mut table = String::from(
        "| vendor | era | events | listed found | deliveries | skipped (notes) | warnings |\n|---|---|---|---|---|---|---|\n",
    );
    let mut checks = String::new();
    let mut modules = String::new();
    for era in &eras {
        let label = format!("{}/{}", era.vendor, era.era);
        // The command line, as a new user runs it.
        let out = Command::new(env!("CARGO_BIN_EXE_codegen"))
            .arg("--docs")
            .arg(&era.dir)
            .arg("--out")
            .arg(tempfile::tempdir().unwrap().path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{label}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let g = Builder::new()
            .docs(&era.dir)
            .generate()
            .unwrap_or_else(|f| panic!("{label}: {:#?}", f.diagnostics));
        assert_eq!(g.docs.providers.len(), 1, "{label}: one vendor");
        let p = &g.docs.providers[0];
        let found: BTreeSet<&str> = p
            .events
            .iter()
            .flat_map(|e| std::iter::once(&e.name).chain(&e.spellings))
            .map(String::as_str)
            .collect();
        let all_listed: BTreeSet<&str> = era.listed.iter().flatten().map(String::as_str).collect();
        // No event the lists do not name.
        let extra: Vec<&&str> = found.difference(&all_listed).collect();
        assert!(extra.is_empty(), "{label}: events no list names: {extra:?}");
        // Every listed name.
        let missing: Vec<&&str> = all_listed.difference(&found).collect();
        assert!(
            missing.is_empty(),
            "{label}: listed but not found: {missing:?}"
        );
        let of_lists: Vec<String> = era
            .listed
            .iter()
            .map(|l| {
                format!(
                    "{}/{}",
                    l.iter().filter(|n| found.contains(n.as_str())).count(),
                    l.len()
                )
            })
            .collect();
        let notes = g
            .diagnostics
            .iter()
            .filter(|d| d.message.contains("not a delivery, skipped"))
            .count();
        let warnings = g
            .diagnostics
            .iter()
            .filter(|d| d.severity == codegen::diag::Severity::Warning)
            .count();

        // The deliveries as the docs show them: whole bodies (a batch's,
        // not its events alone).
        let dir = krate.join("samples").join(era.module());
        std::fs::create_dir_all(&dir).unwrap();
        // `(event, example)`: the event a delivery is of (none for a batch).
        let deliveries: Vec<(Option<&str>, &codegen::ir::Example)> = match &p.batch {
            Some(batch) => batch.examples.iter().map(|x| (None, x)).collect(),
            None => p
                .events
                .iter()
                .flat_map(|e| e.examples.iter().map(move |x| (Some(e.name.as_str()), x)))
                .collect(),
        };
        let mut files = Vec::new();
        for (n, (event, ex)) in deliveries.iter().enumerate() {
            let text = match serde_json::from_str::<serde_json::Value>(&ex.raw) {
                Ok(_) => ex.raw.clone(),
                Err(_) => serde_json::to_string_pretty(&ex.value).unwrap(),
            };
            let file = format!("{n:02}.json");
            std::fs::write(dir.join(&file), text).unwrap();
            files.push((file, *event));
        }
        let _ = writeln!(
            table,
            "| {} | {} | {} | {} | {} | {notes} | {warnings} |",
            era.vendor,
            era.era,
            p.events.len(),
            of_lists.join(", "),
            deliveries.len()
        );

        Builder::new()
            .docs(&era.dir)
            .module_path(era.module())
            .emit_rerun_if_changed(false)
            .emit_warnings(false)
            .write_to(krate.join("src").join(era.module()))
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        let module = era.module();
        let _ = writeln!(
            modules,
            "pub mod {module} {{\n    include!(\"{module}/webhooks.rs\");\n}}"
        );
        // Per module, each delivery through `parse_body` (or, where a
        // header names the event, `parse` by its name).
        let check = if p.batch.is_some() {
            let list: Vec<String> = files.iter().map(|(f, _)| format!("{f:?}")).collect();
            format!(
                "let list: &[&str] = &[{}];\nfor &file in list {{\n\
                     let body = sample(\"{module}\", file);\n\
                     let batch = vendor_pages::{module}::parse_body(&body).unwrap_or_else(|e| panic!(\"{{file}}: {{e}}\"));\n\
                     assert!(!batch.events.is_empty(), \"{{file}}\");\n\
                     for event in &batch.events {{ assert!(!event.is_unknown(), \"{{file}}: {{}}\", event.name()); }}\n\
                     round_trip(file, &body, &batch);\n\
                     typed += batch.events.len();\n\
                 }}\n",
                list.join(", ")
            )
        } else {
            let list: Vec<String> = files
                .iter()
                .map(|(f, e)| format!("({f:?}, {:?})", e.unwrap_or_default()))
                .collect();
            let parse = if p.name_in_body.is_empty() {
                format!("vendor_pages::{module}::parse(name, &body)")
            } else {
                format!("vendor_pages::{module}::parse_body(&body)")
            };
            format!(
                "let list: &[(&str, &str)] = &[{}];\nfor &(file, name) in list {{\n\
                     let body = sample(\"{module}\", file);\n\
                     let event = {parse}.unwrap_or_else(|e| panic!(\"{{file}}: {{e}}\"));\n\
                     assert!(!event.is_unknown(), \"{{file}}: {{}}\", event.name());\n\
                     assert_eq!(event.name(), name, \"{{file}}\");\n\
                     round_trip(file, &body, &event);\n\
                     typed += 1;\n\
                 }}\n",
                list.join(", ")
            )
        };
        let _ = writeln!(
            checks,
            "{{ let mut typed = 0;\n{check}println!(\"{module}: {{typed}} events typed\"); }}"
        );
    }
    write_crate(&krate, &modules, &checks);
    let out = Command::new(env!("CARGO"))
        .args([
            "test",
            "--offline",
            "--quiet",
            "--test",
            "pages",
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
    assert!(out.status.success(), "the pages crate failed:\n{text}");
    eprintln!("{table}");
    for line in text.lines().filter(|l| l.contains("events typed")) {
        eprintln!("{line}");
    }

    // `diff` between consecutive eras of a vendor runs and names changes.
    for pair in eras.windows(2).filter(|w| w[0].vendor == w[1].vendor) {
        let (old, new) = (&pair[0], &pair[1]);
        let out = Command::new(env!("CARGO_BIN_EXE_codegen"))
            .arg("diff")
            .args([&old.dir, &new.dir])
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&out.stdout);
        let code = out.status.code();
        assert!(
            matches!(code, Some(0 | 3 | 4)),
            "{}: diff {} → {} exits {code:?}: {}{report}",
            old.vendor,
            old.era,
            new.era,
            String::from_utf8_lossy(&out.stderr)
        );
        // The summary counts what changed: `1 API-breaking, 0 wire-breaking, …`.
        let counted: usize = report
            .lines()
            .find(|l| l.contains("API-breaking"))
            .map(|l| {
                l.split([',', ';'])
                    .filter_map(|part| part.split_whitespace().next()?.parse::<usize>().ok())
                    .sum()
            })
            .unwrap_or(0);
        assert!(
            code == Some(0) || counted > 0,
            "{}: a {code:?} diff names no change:\n{report}",
            old.vendor
        );
        eprintln!(
            "diff {} {} → {}: exit {code:?}, {} lines",
            old.vendor,
            old.era,
            new.era,
            report.lines().count()
        );
    }
}

fn write_crate(krate: &Path, modules: &str, checks: &str) {
    let manifest = format!(
        "[package]\nname = \"vendor-pages\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
         [workspace]\n\n[dependencies]\nserde = \"1\"\nserde_json = \"1\"\n\
         webhook-runtime = {{ path = {:?} }}\n",
        common::workspace().join("runtime").display().to_string()
    );
    let test = format!("{PAGES_TEST}\n#[test]\nfn every_delivery_parses_typed() {{\n{checks}}}\n");
    let files = [
        ("Cargo.toml", manifest.as_str()),
        ("src/lib.rs", modules),
        ("tests/pages.rs", test.as_str()),
    ];
    for (path, text) in files {
        let path = krate.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        // Unchanged files keep their times, so cargo rebuilds nothing.
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text) {
            std::fs::write(path, text).unwrap();
        }
    }
    std::fs::copy(
        common::workspace().join("Cargo.lock"),
        krate.join("Cargo.lock"),
    )
    .unwrap();
}

/// The helpers of the test inside the pages crate.
const PAGES_TEST: &str = r#"
use serde_json::Value;

fn sample(module: &str, file: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples").join(module).join(file);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// What parsed serializes back to the body.
fn round_trip<T: serde::Serialize>(file: &str, body: &[u8], parsed: &T) {
    let json: Value = serde_json::from_slice(body).unwrap();
    let back = serde_json::to_value(parsed).unwrap();
    assert_eq!(back, json, "{file}: the payload changed");
}
"#;

/// The crates `--out` writes, for one era of each kind the pages give (a
/// batch, another spelling of an event, a signature where the body names
/// the event), pass their own tests: every example typed and round-tripped,
/// each documented batch through `parse_body`, and signed deliveries
/// through `receive`.
#[test]
#[cfg_attr(not(shared_vendors), ignore = "needs ../shared/vendors")]
fn generated_crates_of_each_kind_pass_their_tests() {
    let eras = eras();
    type Kind = fn(&codegen::ir::Provider) -> bool;
    let kinds: [(&str, Kind); 3] = [
        ("a batch", |p| p.batch.is_some()),
        ("another spelling", |p| {
            p.events.iter().any(|e| !e.spellings.is_empty())
        }),
        ("a signature, the name in the body", |p| {
            !p.signatures.is_empty() && p.event_header.is_none() && !p.name_in_body.is_empty()
        }),
    ];
    let out = tempfile::tempdir().unwrap();
    for (kind, is) in kinds {
        let era = eras
            .iter()
            .find(|era| {
                let g = Builder::new().docs(&era.dir).generate().unwrap();
                g.docs.providers.iter().any(is)
            })
            .unwrap_or_else(|| panic!("no era with {kind}"));
        let dir = out.path().join(era.module());
        let status = Command::new(env!("CARGO_BIN_EXE_codegen"))
            .arg("--docs")
            .arg(&era.dir)
            .arg("--out")
            .arg(&dir)
            .status()
            .unwrap();
        assert!(status.success(), "{}/{}", era.vendor, era.era);
        let krate = dir.join("crate");
        std::fs::copy(
            common::workspace().join("Cargo.lock"),
            krate.join("Cargo.lock"),
        )
        .unwrap();
        let test = Command::new(env!("CARGO"))
            .args(["test", "--offline", "--quiet", "--features", "delivery"])
            .current_dir(&krate)
            .env("CARGO_TARGET_DIR", workspace_target().join("gen-test"))
            .env_remove("RUSTFLAGS")
            .output()
            .expect("cargo runs");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&test.stdout),
            String::from_utf8_lossy(&test.stderr)
        );
        assert!(
            test.status.success(),
            "{}/{} ({kind}):\n{text}",
            era.vendor,
            era.era
        );
        eprintln!(
            "{}/{} ({kind}): the generated crate's tests pass",
            era.vendor, era.era
        );
    }
}
