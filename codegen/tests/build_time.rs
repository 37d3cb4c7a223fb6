//! `Builder::compile_or_exit` from the build script of a fresh crate outside
//! the workspace, with `webhook-runtime` and none of its features: the
//! included module parses the corpus examples and the later payloads of
//! `UNSEEN_WEBHOOK_EXAMPLES` typed and losslessly, its `event!` checks
//! names, and the script reruns only when a docs file it read changes.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Moves a file's mtime into the future, as an edit would, without
/// depending on the clock's resolution between two builds.
fn touch(path: &Path) {
    let later = SystemTime::now() + Duration::from_secs(120);
    fs::File::options()
        .append(true)
        .open(path)
        .unwrap()
        .set_modified(later)
        .unwrap();
}

fn cargo(krate: &Path, target: &Path, args: &[&str]) -> (String, Duration) {
    let start = Instant::now();
    let out = Command::new(env!("CARGO"))
        .arg(args[0])
        .arg("--offline")
        .args(&args[1..])
        .current_dir(krate)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        // Says why a unit is rebuilt, for the assertions' messages.
        .env("CARGO_LOG", "cargo::core::compiler::fingerprint=info")
        .output()
        .expect("cargo runs");
    let elapsed = start.elapsed();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "cargo {args:?} failed:\n{text}");
    (text, elapsed)
}

/// Runs `edit`, rebuilds, and says whether the build script ran, with
/// cargo's log of why. A rebuild of codegen itself (its sources edited
/// meanwhile) reruns the script for a reason the test is not about, so the
/// step is then repeated.
fn rebuild(krate: &Path, target: &Path, log: &Path, edit: impl Fn()) -> (Duration, bool, String) {
    let mut why = String::new();
    for _ in 0..3 {
        let before = runs(log);
        edit();
        let (out, took) = cargo(krate, target, &["build", "--tests"]);
        why.push_str(&out);
        if !out.contains("Compiling codegen") {
            return (took, runs(log) > before, why);
        }
    }
    panic!("codegen kept changing during the test");
}

/// The README's handlers block, for the module `crate::hooks`.
fn readme_handlers() -> String {
    let readme = fs::read_to_string(common::workspace().join("README.md")).unwrap();
    let start =
        "<!-- handlers: compiled by codegen/tests/build_time.rs against the corpus crate -->";
    let block = readme
        .split_once(start)
        .and_then(|(_, rest)| rest.split_once("<!-- /handlers -->"))
        .map(|(block, _)| block)
        .expect("the README marks its handlers");
    let code = block
        .trim()
        .strip_prefix("```rust")
        .and_then(|c| c.strip_suffix("```"))
        .expect("one rust block between the marks");
    assert!(
        !code.contains(".as_ref()") && !code.contains("and_then"),
        "{code}"
    );
    code.replace("github_webhooks::", "crate::hooks::")
}

fn runs(log: &Path) -> usize {
    fs::read_to_string(log).map_or(0, |s| s.lines().count())
}

#[test]
#[cfg_attr(
    not(all(shared_corpus, unseen_examples)),
    ignore = "needs ../shared/corpus and UNSEEN_WEBHOOK_EXAMPLES"
)]
fn fresh_crate_builds_from_the_corpus_and_reruns_only_for_docs_changes() {
    let corpus = common::corpus();
    let workspace = common::workspace();
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    copy_tree(&corpus, &docs);
    let krate = tmp.path().join("user");
    let log = tmp.path().join("build-script-runs.log");
    fs::create_dir_all(krate.join("src")).unwrap();
    fs::create_dir_all(krate.join("tests")).unwrap();
    fs::write(
        krate.join("Cargo.toml"),
        format!(
            "[package]\nname = \"user\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
             [workspace]\n\n\
             [dependencies]\nserde = \"1\"\nserde_json = \"1\"\n\
             webhook-runtime = {{ path = {:?} }}\n\n\
             [build-dependencies]\ncodegen = {{ path = {:?} }}\n",
            workspace.join("runtime").display().to_string(),
            workspace.join("codegen").display().to_string()
        ),
    )
    .unwrap();
    fs::write(
        krate.join("build.rs"),
        format!(
            "use std::io::Write;\n\
             fn main() {{\n\
             \x20   let mut log = std::fs::OpenOptions::new().create(true).append(true).open({log:?}).unwrap();\n\
             \x20   writeln!(log, \"run\").unwrap();\n\
             \x20   codegen::Builder::new().docs({docs:?}).version(\"fpt\").module_path(\"hooks\").compile_or_exit();\n\
             }}\n",
            log = log.display().to_string(),
            docs = docs.display().to_string(),
        ),
    )
    .unwrap();
    fs::write(
        krate.join("src/lib.rs"),
        "pub mod hooks {\n    include!(concat!(env!(\"OUT_DIR\"), \"/webhooks.rs\"));\n}\n\
         pub const WATCHED: hooks::EventName = hooks::event!(\"issues\");\n\
         pub mod handlers;\n",
    )
    .unwrap();
    // The README's handlers, which read plain fields with no `Option`
    // combinators: they must compile against the crate from the corpus.
    fs::write(krate.join("src/handlers.rs"), readme_handlers()).unwrap();
    fs::write(krate.join("notes.txt"), "not read by the docs\n").unwrap();
    // Every version's payloads, not only those of the version the module is
    // made from (fpt, whose pages use `dotcom`): events it documents parse
    // typed, others as unknown, and all of them back to the same JSON.
    let payloads = docs.join("lib/webhooks/static");
    fs::write(
        krate.join("tests/examples.rs"),
        format!(
            "#[test]\n\
             fn examples() {{\n\
             \x20   let (mut typed, mut unknown) = (0, 0);\n\
             \x20   for version in std::fs::read_dir({payloads:?}).unwrap() {{\n\
             \x20   for entry in std::fs::read_dir(version.unwrap().path()).unwrap() {{\n\
             \x20       let path = entry.unwrap().path();\n\
             \x20       let stem = path.file_name().unwrap().to_str().unwrap().to_owned();\n\
             \x20       let event = stem.split('.').next().unwrap();\n\
             \x20       if !stem.ends_with(\".json\") {{ continue; }}\n\
             \x20       let body = std::fs::read(&path).unwrap();\n\
             \x20       let parsed = user::hooks::parse(event, &body).unwrap_or_else(|e| panic!(\"{{}}: {{e}}\", path.display()));\n\
             \x20       let documented = user::hooks::event_names().contains(&event);\n\
             \x20       assert_eq!(parsed.is_unknown(), !documented, \"{{}}\", path.display());\n\
             \x20       let original: serde_json::Value = serde_json::from_slice(&body).unwrap();\n\
             \x20       assert_eq!(serde_json::to_value(&parsed).unwrap(), original, \"{{}}\", path.display());\n\
             \x20       if documented {{ typed += 1 }} else {{ unknown += 1 }}\n\
             \x20   }}\n\
             \x20   }}\n\
             \x20   println!(\"checked {{typed}} typed and {{unknown}} unknown payloads\");\n\
             \x20   assert_eq!(user::WATCHED.as_str(), \"issues\");\n\
             \x20   assert!(typed > 300, \"only {{typed}} typed\");\n\
             }}\n",
            payloads = payloads.display().to_string(),
        ),
    )
    .unwrap();
    // Later payloads (`UNSEEN_WEBHOOK_EXAMPLES`), one file each, named
    // `<event>.<n>.json`: at least 99% of those of events the 2021 corpus
    // describes parse typed, the others come back as unknown, and every
    // parsed one serializes back to the same JSON.
    let later = tmp.path().join("later");
    fs::create_dir_all(&later).unwrap();
    for (i, example) in common::unseen_examples().into_iter().enumerate() {
        fs::write(
            later.join(format!("{}.{i}.json", example.event)),
            &example.body,
        )
        .unwrap();
    }
    fs::write(
        krate.join("tests/later.rs"),
        format!(
            "#[test]\n\
             fn later() {{\n\
             \x20   let (mut typed, mut unknown, mut failed) = (0, 0, Vec::new());\n\
             \x20   for entry in std::fs::read_dir({later:?}).unwrap() {{\n\
             \x20       let path = entry.unwrap().path();\n\
             \x20       let name = path.file_name().unwrap().to_str().unwrap().to_owned();\n\
             \x20       let event = name.split('.').next().unwrap();\n\
             \x20       let body = std::fs::read(&path).unwrap();\n\
             \x20       let documented = user::hooks::event_names().contains(&event);\n\
             \x20       let parsed = match user::hooks::parse(event, &body) {{\n\
             \x20           Ok(parsed) => parsed,\n\
             \x20           Err(e) if documented => {{ failed.push(format!(\"{{name}}: {{e}}\")); continue; }}\n\
             \x20           Err(e) => panic!(\"{{name}}: undocumented, yet {{e}}\"),\n\
             \x20       }};\n\
             \x20       assert_eq!(parsed.is_unknown(), !documented, \"{{name}}\");\n\
             \x20       let original: serde_json::Value = serde_json::from_slice(&body).unwrap();\n\
             \x20       assert_eq!(serde_json::to_value(&parsed).unwrap(), original, \"{{name}}\");\n\
             \x20       if documented {{ typed += 1 }} else {{ unknown += 1 }}\n\
             \x20   }}\n\
             \x20   println!(\"later: {{typed}} typed, {{unknown}} unknown, {{}} failed\", failed.len());\n\
             \x20   for f in &failed {{ println!(\"later failure: {{f}}\"); }}\n\
             \x20   assert!(typed * 100 >= (typed + failed.len()) * 99, \"under 99% typed\");\n\
             }}\n",
            later = later.display().to_string(),
        ),
    )
    .unwrap();

    // Shared across runs so codegen and its dependencies build once.
    let target = workspace.join("target/build-time-test");
    let (out, took) = cargo(&krate, &target, &["test", "--", "--nocapture"]);
    let checked = out.lines().find(|l| l.starts_with("checked "));
    eprintln!("{}", checked.unwrap_or_else(|| panic!("{out}")));
    for line in out.lines().filter(|l| l.starts_with("later")) {
        eprintln!("{line}");
    }
    assert_eq!(runs(&log), 1, "{out}");
    eprintln!("first build and test: {took:.2?}");

    let (took, reran, _) = rebuild(&krate, &target, &log, || {});
    assert!(!reran, "a no-op rebuild reran the build script");
    eprintln!("no-op rebuild: {took:.2?}");

    let (_, reran, _) = rebuild(&krate, &target, &log, || {
        touch(&krate.join("notes.txt"));
        touch(&krate.join("src/lib.rs"));
    });
    assert!(!reran, "an unrelated edit reran the build script");

    let read = codegen::Builder::new()
        .docs(&docs)
        .generate()
        .expect("the corpus generates")
        .files_read;
    let reusable: PathBuf = read
        .into_iter()
        .find(|p| p.to_string_lossy().contains("data/reusables/"))
        .expect("the corpus pages include reusables");
    let (_, reran, why) = rebuild(&krate, &target, &log, || touch(&reusable));
    // Cargo's fingerprint log names the file that made the script stale.
    let named = format!("stale: changed {:?}", reusable.display().to_string());
    assert!(
        reran || why.contains(&named),
        "editing {} did not rerun the build script:\n{why}",
        reusable.display()
    );

    let script = fs::read_to_string(krate.join("build.rs")).unwrap();
    fs::write(
        krate.join("build.rs"),
        script.replace(
            &format!("{:?}", docs.display().to_string()),
            "\"no-such-docs\"",
        ),
    )
    .unwrap();
    let out = Command::new(env!("CARGO"))
        .args(["build", "--offline"])
        .current_dir(&krate)
        .env("CARGO_TARGET_DIR", &target)
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{text}");
    assert!(
        text.contains("docs path `no-such-docs` does not exist"),
        "{text}"
    );
    assert!(
        !text.contains("panicked") && !text.contains("stack backtrace"),
        "{text}"
    );
}

#[test]
fn events_filter_types_only_the_named_events() {
    let docs = common::workspace().join("docs-input");
    let dir = tempfile::tempdir().unwrap();
    let written = codegen::Builder::new()
        .docs(&docs)
        .events(["fork"])
        .emit_rerun_if_changed(false)
        .emit_warnings(false)
        .write_to(dir.path())
        .unwrap();
    assert_eq!(written.path, dir.path().join("webhooks.rs"));
    assert!(written
        .files_read
        .iter()
        .all(|f| f.starts_with(&docs) && f.is_file()));
    let text = fs::read_to_string(&written.path).unwrap();
    assert!(text.contains("pub struct ForkEvent"));
    assert!(text.contains("Fork(::std::boxed::Box<ForkEvent>)"));
    assert!(!text.contains("pub struct CheckRunEvent"));
    // Nothing that only works at a crate root or with cargo features; the
    // including crate's root is `$crate` in the macros.
    assert!(
        !text.replace("$crate::", "").contains("crate::"),
        "a crate-root path is left"
    );
    assert!(
        text.contains("{ $crate::webhooks }"),
        "event! names the module"
    );
    assert!(!text.contains("#!["), "inner attributes are not includable");
    assert!(!text.contains("cfg(feature"));

    let all = codegen::Builder::new()
        .docs(&docs)
        .emit_rerun_if_changed(false)
        .emit_warnings(false)
        .write_to(dir.path())
        .unwrap();
    let text = fs::read_to_string(&all.path).unwrap();
    assert!(text.contains("pub struct ForkEvent") && text.contains("pub struct CheckRunEvent"));
}

#[test]
fn write_to_errors_come_back_rendered() {
    let dir = tempfile::tempdir().unwrap();
    let err = codegen::Builder::new()
        .docs(common::workspace().join("docs-input"))
        .events(["fork", "no_such_event"])
        .write_to(dir.path())
        .unwrap_err();
    assert_eq!(err.kind, codegen::BuildErrorKind::Usage);
    assert!(
        err.to_string().contains("do not document `no_such_event`"),
        "{err}"
    );

    let err = codegen::Builder::new()
        .docs(common::workspace().join("docs-input"))
        .module_path("my-hooks")
        .write_to(dir.path())
        .unwrap_err();
    assert_eq!(err.kind, codegen::BuildErrorKind::Usage);
    assert!(err.to_string().contains("`my-hooks`"), "{err}");

    // An include cycle is a warning, which a build may deny.
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/malformed/include_cycle");
    let err = codegen::Builder::new()
        .docs(&fixture)
        .deny_warnings(true)
        .write_to(dir.path())
        .unwrap_err();
    assert_eq!(err.kind, codegen::BuildErrorKind::Docs);
    let text = err.to_string();
    assert!(text.contains("warning: include cycle"), "{text}");
    assert!(text.contains("warnings are denied"), "{text}");
    assert!(text.contains("b.md:1:20"), "rustc-style location: {text}");
    assert!(!dir.path().join("webhooks.rs").exists());
}
