//! Inputs built to be big, slow or deep (the scale cases of
//! `tests/malformed.rs`, the diamond of `tests/diff.rs`), timed here rather
//! than in the tests: a test asserts what the generator does with them, this
//! says how long it takes, next to the target each one has.
//!
//! `cargo bench -p codegen --bench scale`: runs the `codegen` binary as the
//! tests do (`--docs <case> --out <tmp> --short`), each case
//! `SCALE_BENCH_RUNS` times (default 3), and prints the fastest run. Over
//! target is reported, not failed: timings depend on the machine.

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;

const EVENT: &str = "## issues\n\nKey | Type | Description\n----|------|------------\n\
                     `action`|`string`| The action. Can be `opened` or `closed`.\n";

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

fn many_small_files(dir: &Path) {
    for i in 0..10_000 {
        let page = if i % 1000 == 0 {
            format!(
                "## event_{i}\n\nKey | Type | Description\n---|---|---\n`id`|`integer`| The id.\n"
            )
        } else {
            format!("# Page {i}\n\nSome prose about page {i}.\n\n- a list item\n")
        };
        write(&dir.join(format!("d{}/p{i:05}.md", i / 1000)), page);
    }
}

fn page_of_20_mb(dir: &Path) {
    let head = format!(
        "{EVENT}`number`|`integer`| The number.\n\n```json\n{{\"action\": \"opened\", \"number\": 1}}\n```\n\n# Appendix\n\n"
    );
    let chunk =
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\n\n\
                 - an item with `code` and a [link](/x)\n- another item\n\n\
                 Setting | Value\n---|---\nfoo | bar\n\n\
                 ```shell\n$ curl -X POST https://example.com/hook\n```\n\n";
    let n = (20 * 1024 * 1024 - head.len()) / chunk.len() + 1;
    write(&dir.join("webhooks.md"), head + &chunk.repeat(n));
}

fn deep_key_path(dir: &Path) {
    let key = format!("a{}", "[b]".repeat(20_000));
    write(
        &dir.join("webhooks.md"),
        format!("{EVENT}`{key}`|`string`| Deep.\n"),
    );
}

fn many_headings(dir: &Path) {
    write(
        &dir.join("webhooks.md"),
        format!("{EVENT}\n{}", "## a\n".repeat(200_000)),
    );
}

fn many_diagnostics_on_one_line(dir: &Path) {
    write(
        &dir.join("webhooks.md"),
        format!("{EVENT}\n{}\n", "{{ x }}".repeat(20_000)),
    );
}

fn many_brackets(dir: &Path) {
    let brackets = "[".repeat(1_000_000);
    write(
        &dir.join("webhooks.md"),
        format!("## issues\n\n{brackets}\n\nKey | Type | Description\n---|---|---\n`a`|`string`| {brackets}](\n"),
    );
}

/// A case's name, what writes its docs, and its target.
type Case = (&'static str, fn(&Path), Duration);

/// The cases with the targets the tests once asserted (a debug build then;
/// the bench's release build should be well under them).
const CASES: &[Case] = &[
    (
        "many_small_files",
        many_small_files,
        Duration::from_secs(20),
    ),
    ("page_of_20_mb", page_of_20_mb, Duration::from_secs(60)),
    ("deep_key_path", deep_key_path, Duration::from_secs(30)),
    ("many_headings", many_headings, Duration::from_secs(30)),
    (
        "many_diagnostics_on_one_line",
        many_diagnostics_on_one_line,
        Duration::from_secs(30),
    ),
    ("many_brackets", many_brackets, Duration::from_secs(30)),
];

fn run_codegen(cwd: &Path, case: &str) -> Duration {
    let start = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(["--docs", case, "--out", "out", "--short"])
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("codegen runs");
    let took = start.elapsed();
    assert_eq!(status.code(), Some(0), "{case}: {status}");
    took
}

/// Each def reaches the next through two fields: 2^40 paths to the last.
fn diamond(ty: &str) -> serde_json::Value {
    let object = |props| json!({ "type": "object", "properties": props });
    let mut defs = serde_json::Map::new();
    for i in 0..40 {
        let next = json!({ "$ref": format!("#/$defs/d{}", i + 1) });
        defs.insert(format!("d{i}"), object(json!({ "a": next, "b": next })));
    }
    defs.insert("d40".into(), object(json!({ "leaf": { "type": ty } })));
    json!({ "type": "object", "properties": { "root": { "$ref": "#/$defs/d0" } }, "$defs": defs })
}

fn main() {
    // `cargo bench` passes `--bench`; there is nothing to filter.
    let runs: usize = std::env::var("SCALE_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
        .max(1);
    let mut report = String::from("| case | fastest of runs | target |\n| --- | --- | --- |\n");
    for (case, make, target) in CASES {
        let tmp = tempfile::tempdir().expect("temp dir");
        make(&tmp.path().join(case));
        let best = (0..runs)
            .map(|_| {
                let _ = std::fs::remove_dir_all(tmp.path().join("out"));
                run_codegen(tmp.path(), case)
            })
            .min()
            .unwrap();
        let over = if best > *target { " (over)" } else { "" };
        let _ = writeln!(report, "| {case} | {best:.2?}{over} | {target:?} |");
        eprintln!("{case}: {best:.2?}");
    }
    let (old, new) = (diamond("string"), diamond("boolean"));
    let best = (0..runs)
        .map(|_| {
            let start = Instant::now();
            let changes = codegen::diff::diff_schemas("e", &old, &new);
            assert_eq!(changes.len(), 1);
            start.elapsed()
        })
        .min()
        .unwrap();
    let target = Duration::from_secs(5);
    let over = if best > target { " (over)" } else { "" };
    let _ = writeln!(
        report,
        "| diff of a 40-deep diamond | {best:.2?}{over} | {target:?} |"
    );
    println!("\n{report}");
}
