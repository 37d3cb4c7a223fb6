//! The generated `validate` agrees with python-jsonschema on every dotcom
//! example of the corpus and on mutations of them (type changed, required
//! key removed, enum value replaced, null where the schema forbids it).
//!
//! Builds the crate generated from the corpus (`codegen --out`) with only
//! `validate` and `testing` on, through a small driver, so the code under
//! test is the generated `validate` itself. Needs python-jsonschema
//! (`pip install jsonschema`, as `.ci/run` does).

mod common;

use common::workspace;

use std::collections::BTreeMap;
use std::process::Command;

/// Mutations of each kind per example, at most.
const PER_EXAMPLE: usize = 2;

fn python_has_jsonschema() -> bool {
    Command::new("python3")
        .args(["-c", "import jsonschema"])
        .status()
        .is_ok_and(|s| s.success())
}

const DRIVER: &str = r#"
use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = std::path::Path::new(&args[2]);
    let mut out = std::io::stdout().lock();
    match args[1].as_str() {
        "dump" => {
            let mut manifest = String::new();
            for (i, e) in generated::examples().iter().enumerate() {
                let name = format!("{i:04}.json");
                std::fs::write(dir.join(&name), e.body).unwrap();
                manifest.push_str(&format!("{name}\t{}\n", e.event));
            }
            std::fs::write(dir.join("manifest.tsv"), manifest).unwrap();
        }
        "check" => {
            let cases = std::fs::read_to_string(dir.join("cases.tsv")).unwrap();
            for line in cases.lines() {
                let fields: Vec<&str> = line.split('\t').collect();
                let body = std::fs::read(dir.join(fields[0])).unwrap();
                let verdict = match generated::validate(fields[1], &body) {
                    Ok(()) => "valid".to_string(),
                    Err(generated::ValidationErrors::Invalid { errors, .. }) => format!(
                        "invalid\t{}",
                        errors.iter().map(|e| format!("{} {}", e.pointer, e.keyword)).collect::<Vec<_>>().join(", ")
                    ),
                    Err(other) => format!("error\t{other}"),
                };
                writeln!(out, "{}\t{verdict}", fields[0]).unwrap();
            }
        }
        _ => panic!("dump or check"),
    }
}
"#;

#[test]
#[cfg_attr(not(shared_corpus), ignore = "needs ../shared/corpus")]
fn validate_agrees_with_python_jsonschema() {
    let corpus = common::corpus();
    assert!(
        python_has_jsonschema(),
        "python3 with jsonschema is needed (`pip install jsonschema`)"
    );
    let root = workspace().join("target/validate-agreement");
    let _ = std::fs::remove_dir_all(root.join("out"));
    let _ = std::fs::remove_dir_all(root.join("cases"));
    let status = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .arg("--docs")
        .arg(&corpus)
        .arg("--out")
        .arg(root.join("out"))
        .args(["--crate-name", "generated", "--short"])
        .output()
        .expect("codegen runs");
    // Its notes about the corpus are another test's business.
    assert!(
        status.status.success(),
        "codegen --out on the corpus:\n{}",
        String::from_utf8_lossy(&status.stderr)
    );

    let driver = root.join("driver");
    std::fs::create_dir_all(driver.join("src")).unwrap();
    let manifest = format!(
        "[package]\nname = \"validate-driver\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\ngenerated = {{ path = {:?}, default-features = false, features = [\"validate\", \"testing\"] }}\n\n\
         [workspace]\n",
        root.join("out/crate").display().to_string()
    );
    std::fs::write(driver.join("Cargo.toml"), manifest).unwrap();
    std::fs::write(driver.join("src/main.rs"), DRIVER).unwrap();
    // Its own target directory: the outer `cargo test` holds the lock of
    // the workspace one. The workspace lock file pins the same versions.
    let _ = std::fs::copy(workspace().join("Cargo.lock"), driver.join("Cargo.lock"));
    let status = Command::new(env!("CARGO"))
        .args(["build", "-q", "--offline"])
        .current_dir(&driver)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .status()
        .expect("cargo runs");
    // Offline, from the workspace's lock file: every dependency is one the
    // workspace build has fetched already.
    assert!(status.success(), "the driver does not build");
    let exe = root.join("target/debug/validate-driver");
    let cases = root.join("cases");
    std::fs::create_dir_all(&cases).unwrap();
    assert!(Command::new(&exe)
        .arg("dump")
        .arg(&cases)
        .status()
        .unwrap()
        .success());

    let status = Command::new("python3")
        .arg(workspace().join("tests/validate_agreement.py"))
        .arg(root.join("out/schemas/github"))
        .arg(&cases)
        .arg(PER_EXAMPLE.to_string())
        .status()
        .expect("python3 runs");
    assert!(status.success(), "validate_agreement.py");
    let output = Command::new(&exe)
        .arg("check")
        .arg(&cases)
        .output()
        .unwrap();
    assert!(output.status.success());

    let expected = std::fs::read_to_string(cases.join("cases.tsv")).unwrap();
    let actual = String::from_utf8(output.stdout).unwrap();
    let rust: BTreeMap<&str, (&str, &str)> = actual
        .lines()
        .map(|l| {
            let mut f = l.splitn(3, '\t');
            let file = f.next().unwrap();
            (file, (f.next().unwrap(), f.next().unwrap_or("")))
        })
        .collect();
    // kind -> (cases, invalid per Python)
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut disagreements = Vec::new();
    for line in expected.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        let (file, event, kind, python) = (f[0], f[1], f[2], f[3]);
        let (verdict, detail) = rust[file];
        let count = counts.entry(kind).or_default();
        count.0 += 1;
        count.1 += usize::from(python == "invalid");
        if verdict != python {
            disagreements.push(format!(
                "{file} ({event}, {kind}): python {python}, rust {verdict} {detail}"
            ));
        }
        if verdict == "invalid" {
            assert!(
                !detail.is_empty(),
                "{file}: errors carry pointer and keyword"
            );
        }
    }
    eprintln!("validate agreement: {counts:?} (kind: cases, invalid)");
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
    let examples = counts["example"];
    assert!(examples.0 >= 90, "every dotcom example: {examples:?}");
    assert_eq!(examples.1, 0, "the documented examples are valid");
    let mutations: usize = counts
        .iter()
        .filter(|(k, _)| **k != "example")
        .map(|(_, c)| c.0)
        .sum();
    assert!(mutations >= 200, "{mutations} mutations");
    let invalid: usize = counts
        .iter()
        .filter(|(k, _)| **k != "example")
        .map(|(_, c)| c.1)
        .sum();
    assert!(
        invalid * 10 >= mutations * 9,
        "mutations mostly break the payload: {invalid}/{mutations}"
    );
}
