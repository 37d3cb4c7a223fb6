//! What the generated crate costs its users to compile: `cargo check` of the
//! crate from the full corpus (fpt), cold, dependencies excluded; and a
//! build with one event's feature, for every event, against the build with
//! no event (what every build pays) and the full (default) build.
//!
//! `cargo bench -p codegen --bench build` (from `docs-input/`, with a
//! notice, when `../shared` is absent). Prints a report, the ratios last;
//! takes several minutes. Set `BUILD_BENCH_RUNS` for more than 3 timed runs
//! of the full and no-event builds, and `BUILD_BENCH_RELEASE=1` to time
//! release builds.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn main() {
    // `cargo bench` passes `--bench`; there is nothing to filter.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut docs = root.join("../shared/corpus/github-docs-2021-08");
    let mut label = "the corpus (fpt)";
    if !docs.is_dir() {
        eprintln!("notice: {} is absent; using docs-input/", docs.display());
        docs = root.join("docs-input");
        label = "docs-input";
    }
    let runs: usize = std::env::var("BUILD_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
        .max(1);
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out");
    let status = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args([
            "--version",
            "fpt",
            "--short",
            "--crate-name",
            "bench-webhooks",
            "--docs",
        ])
        .arg(&docs)
        .arg("--out")
        .arg(&out)
        .stderr(std::process::Stdio::null())
        .status()
        .expect("codegen runs");
    assert!(status.success(), "codegen failed on {label}");
    let krate = Krate {
        dir: out.join("crate"),
        target: dir.path().join("target"),
        release: std::env::var_os("BUILD_BENCH_RELEASE").is_some(),
    };
    let events = krate.event_features();

    // Dependencies (and the proc-macro crate) once, for every profile used.
    krate.cargo(&["build"]);
    krate.cargo(&["build", "--no-default-features"]);
    krate.cargo(&["check"]);

    let check = median((0..runs).map(|_| krate.cold(&["check"])).collect());
    let full = median((0..runs).map(|_| krate.cold(&["build"])).collect());
    let none = median(
        (0..runs)
            .map(|_| krate.cold(&["build", "--no-default-features"]))
            .collect(),
    );
    let mut one: Vec<(f64, &str)> = events
        .iter()
        .map(|e| {
            let t = krate.cold(&["build", "--no-default-features", "--features", e]);
            (t, e.as_str())
        })
        .collect();
    one.sort_by(|a, b| a.0.total_cmp(&b.0));
    let times: Vec<f64> = one.iter().map(|(t, _)| *t).collect();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];

    println!("crate from {label}: {} event features", events.len());
    println!("cargo check, cold, without dependencies: median {check:.2} s ({runs} runs)");
    println!("cargo build, default features (full):     median {full:.2} s ({runs} runs)");
    println!(
        "cargo build, no features:                 median {none:.2} s ({:.1}% of full)",
        100.0 * none / full
    );
    println!("cargo build, one event feature (one run each):");
    for (label, t) in [
        ("fastest", times[0]),
        ("median", at(0.5)),
        ("p90", at(0.9)),
        ("slowest", times[times.len() - 1]),
    ] {
        println!("  {label:<8} {t:.2} s  {:.1}% of full", 100.0 * t / full);
    }
    let within = times.iter().filter(|t| **t <= 0.15 * full).count();
    println!("  within 15% of full: {within} of {}", times.len());
    println!("  every event, slowest first (time, of full, of no events):");
    for (t, e) in one.iter().rev() {
        println!(
            "    {e:<32} {t:.2} s  {:>5.1}%  {:.2}x",
            100.0 * t / full,
            t / none
        );
    }
    println!("\nratios (this run; one-event builds by their median):");
    for (label, ratio) in [
        ("one event / no events", at(0.5) / none),
        ("one event, p90 / no events", at(0.9) / none),
        ("one event / full", at(0.5) / full),
        ("no events / full", none / full),
    ] {
        println!("  {label:<28} {ratio:>6.2}x");
    }
}

struct Krate {
    dir: PathBuf,
    target: PathBuf,
    release: bool,
}

impl Krate {
    fn cargo(&self, args: &[&str]) {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let release = self.release && args[0] != "clean";
        let status = Command::new(cargo)
            .args(args)
            .args(release.then_some("--release"))
            .arg("--quiet")
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", &self.target)
            .status()
            .expect("cargo runs");
        assert!(status.success(), "cargo {args:?} failed");
    }

    /// Seconds for `args` after removing the crate's own artifacts (its
    /// dependencies stay built).
    fn cold(&self, args: &[&str]) -> f64 {
        let clean: &[&str] = if self.release {
            &["clean", "--release", "-p", "bench-webhooks"]
        } else {
            &["clean", "-p", "bench-webhooks"]
        };
        self.cargo(clean);
        let start = Instant::now();
        self.cargo(args);
        start.elapsed().as_secs_f64()
    }

    /// Event features: those `default` lists, less the crate's own.
    fn event_features(&self) -> Vec<String> {
        let manifest = std::fs::read_to_string(self.dir.join("Cargo.toml")).expect("manifest");
        let default = manifest
            .lines()
            .find_map(|l| l.strip_prefix("default = ["))
            .expect("a default feature list");
        default
            .trim_end_matches(']')
            .split(',')
            .map(|f| f.trim().trim_matches('"').to_string())
            .filter(|f| !["delivery", "undocumented"].contains(&f.as_str()))
            .collect()
    }
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}
