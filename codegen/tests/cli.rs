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

#[test]
fn checked_in_output_is_fresh() {
    let (code, text) = codegen(&["--check"]);
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
    ]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("bad.md:7:1"),
        "diagnostic names file:line:col: {text}"
    );
    assert!(text.contains("not valid JSON"), "{text}");
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
