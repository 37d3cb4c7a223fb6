//! The command line as users run it: exit codes, `--check`, atomic output.

mod common;

use std::path::Path;
use std::process::Command;

fn codegen(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(args)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().expect("exited, not killed"), text)
}

/// Every file under `dir`, with contents, sorted: a checksum of the tree.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.push((
                    p.strip_prefix(root).unwrap().display().to_string(),
                    std::fs::read(&p).unwrap(),
                ));
            }
        }
    }
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// The project's own docs are held to `--deny-warnings`, as a team would
/// hold theirs in CI.
#[test]
fn checked_in_output_is_fresh() {
    let (code, text) = codegen(&["--check", "--deny-warnings"]);
    assert_eq!(
        code, 0,
        "generated files are stale; run `cargo run -p codegen`:\n{text}"
    );
}

#[test]
fn check_fails_after_a_hand_edit_and_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let docs = common::workspace().join("docs-input");
    let docs = docs.to_str().unwrap();
    let (code, text) = codegen(&["--docs", docs, "--out", out]);
    assert_eq!(code, 0, "{text}");
    let (code, text) = codegen(&["--docs", docs, "--out", out, "--check"]);
    assert_eq!(code, 0, "{text}");
    let victim = std::fs::read_dir(dir.path().join("schemas"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let victim = std::fs::read_dir(victim)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let mut text_before = std::fs::read_to_string(&victim).unwrap();
    text_before.push(' ');
    std::fs::write(&victim, text_before).unwrap();
    let (code, text) = codegen(&["--docs", docs, "--out", out, "--check"]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains(victim.file_name().unwrap().to_str().unwrap()),
        "{text}"
    );
    assert!(text.contains("stale"), "{text}");
}

#[test]
fn a_failing_run_leaves_the_output_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let docs = common::workspace().join("docs-input");
    let (code, text) = codegen(&[
        "--docs",
        docs.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{text}");
    let before = tree(&out);
    assert!(!before.is_empty());

    // A broken example is a warning, which `--deny-warnings` makes fatal.
    let bad = dir.path().join("bad.md");
    std::fs::write(
        &bad,
        "# Hooks\n\n## issues\n\n```json\n{\"action\": \"opened\",\n```\n",
    )
    .unwrap();
    let (code, text) = codegen(&[
        "--docs",
        bad.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--deny-warnings",
    ]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("bad.md:7:1"),
        "diagnostic names file:line:col: {text}"
    );
    assert!(text.contains("not valid JSON"), "{text}");
    assert!(text.contains("warnings are denied"), "{text}");
    assert_eq!(tree(&out), before, "a failed run changed the output");
    // No staging directories are left beside the output either.
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        leftovers
            .iter()
            .all(|n| !n.to_string_lossy().starts_with('.')),
        "{leftovers:?}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let (code, text) = codegen(&["--docs", "/nonexistent/docs"]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("does not exist"), "{text}");
    let (code, text) = codegen(&["--version", "not a version"]);
    assert_eq!(code, 2, "{text}");
}

#[test]
fn seeds_never_panic() {
    let Some(seeds) = common::shared("seeds") else {
        return;
    };
    for e in std::fs::read_dir(seeds).unwrap() {
        let p = e.unwrap().path();
        let dir = tempfile::tempdir().unwrap();
        let (code, text) = codegen(&[
            "--docs",
            p.to_str().unwrap(),
            "--out",
            dir.path().to_str().unwrap(),
            "--short",
        ]);
        assert!(
            code == 0 || code == 1,
            "{}: exit {code}\n{text}",
            p.display()
        );
        assert!(!text.contains("panicked"), "{text}");
    }
}

#[test]
fn diff_across_corpus_versions() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let c = corpus.to_str().unwrap();
    // ghes-3.1 adds secret scanning alerts and auto-merge actions; nothing breaks.
    let (code, text) = codegen(&[
        "diff",
        c,
        c,
        "--old-version",
        "ghes-3.0",
        "--new-version",
        "ghes-3.1",
    ]);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("additive  github/secret_scanning_alert  .  event added"),
        "{text}"
    );
    assert!(
        text.contains("github/pull_request.auto_merge_enabled  .action  action added"),
        "{text}"
    );
    // Enterprise-only events are not on the free version: removing them breaks consumers.
    let (code, text) = codegen(&[
        "diff",
        c,
        c,
        "--old-version",
        "ghes-3.1",
        "--new-version",
        "fpt",
        "--format",
        "json",
    ]);
    assert_eq!(code, 3, "{text}");
    let report: serde_json::Value = serde_json::from_str(&text[text.find('{').unwrap()..]).unwrap();
    let removed: Vec<&str> = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["verdict"] == "breaking" && c["path"] == ".")
        .map(|c| c["event"].as_str().unwrap())
        .collect();
    assert!(
        removed.contains(&"github/enterprise") && removed.contains(&"github/user"),
        "{removed:?}"
    );
}

#[test]
fn diff_reports_a_removed_issue_title_as_breaking() {
    let dir = tempfile::tempdir().unwrap();
    let old = common::workspace().join("schemas");
    let new = dir.path().join("schemas");
    for e in std::fs::read_dir(old.join("github")).unwrap() {
        let p = e.unwrap().path();
        let to = new.join("github").join(p.file_name().unwrap());
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&p, to).unwrap();
    }
    let issues = new.join("github/issues.schema.json");
    let mut schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&issues).unwrap()).unwrap();
    let removed = schema["$defs"]["issue"]["properties"]
        .as_object_mut()
        .unwrap()
        .remove("title");
    assert!(removed.is_some());
    std::fs::write(&issues, serde_json::to_string_pretty(&schema).unwrap()).unwrap();
    let (code, text) = codegen(&["diff", old.to_str().unwrap(), new.to_str().unwrap()]);
    assert_eq!(code, 3, "{text}");
    let line = text
        .lines()
        .find(|l| l.contains(".issue.title"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        line.starts_with("breaking") && line.contains("github/issues") && line.contains("removed"),
        "{line}"
    );
}

#[test]
fn too_many_fields_is_an_error_not_an_out_of_memory_abort() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("wide.md");
    let rows: String = (0..codegen::MAX_FIELDS + 10)
        .map(|i| format!("`f{i}` | `string` | field {i}\n"))
        .collect();
    std::fs::write(
        &page,
        format!("# Hooks\n\n## wide\n\nKey | Type | Description\n----|------|----\n{rows}"),
    )
    .unwrap();
    let out = dir.path().join("out");
    let (code, text) = codegen(&[
        "--docs",
        page.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--short",
    ]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("over the limit of 20000"), "{text}");
    assert!(!out.exists());
}
