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

/// Package names of the workspace of the crate under `out` (the crate
/// alone: `event!` needs no proc-macro crate of its own), as cargo reads
/// them.
fn package_names(out: &Path) -> Vec<String> {
    let o = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--no-deps",
            "--offline",
            "--format-version",
            "1",
        ])
        .current_dir(out.join("crate"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let meta: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut names: Vec<String> = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn crate_name_comes_from_the_flag_or_the_providers() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("hooks.md");
    std::fs::write(
        &page,
        "---\ntitle: Acme webhooks\n---\n## issues\n\n\
         Key | Type | Description\n----|------|----\n`number` | `integer` | The number.\n",
    )
    .unwrap();
    let page = page.to_str().unwrap();
    let docs = common::workspace().join("docs-input");
    let docs = docs.to_str().unwrap();
    let out = |name: &str| dir.path().join(name);

    // One provider, named by the page title; two, named by their headers.
    let (code, text) = codegen(&["--docs", page, "--out", out("one").to_str().unwrap()]);
    assert_eq!(code, 0, "{text}");
    assert_eq!(package_names(&out("one")), ["acme-webhooks"]);
    let (code, text) = codegen(&["--docs", docs, "--out", out("two").to_str().unwrap()]);
    assert_eq!(code, 0, "{text}");
    assert_eq!(package_names(&out("two")), ["github-licensing-webhooks"]);

    let named = out("named");
    let args = ["--docs", page, "--out", named.to_str().unwrap()];
    let (code, text) = codegen(&[&args[..], &["--crate-name", "acme_hooks"]].concat());
    assert_eq!(code, 0, "{text}");
    assert_eq!(package_names(&named), ["acme_hooks"]);
    // `event!` is the runtime's, found from anywhere: no proc-macro crate
    // of its own, and this checkout's runtime by absolute path.
    let lib = std::fs::read_to_string(named.join("crate/src/lib.rs")).unwrap();
    assert!(
        lib.contains("pub use ::webhook_runtime::__private::event;"),
        "{lib}"
    );
    let manifest = std::fs::read_to_string(named.join("crate/Cargo.toml")).unwrap();
    let runtime = common::workspace().join("runtime");
    assert!(
        manifest.contains(&format!("path = {:?} }}", runtime.display().to_string())),
        "{manifest}"
    );
    // `--check` with the same name finds it fresh; without, stale.
    let (code, text) = codegen(&[&args[..], &["--crate-name", "acme_hooks", "--check"]].concat());
    assert_eq!(code, 0, "{text}");
    let (code, text) = codegen(&[&args[..], &["--check"]].concat());
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("Cargo.toml"), "{text}");

    // A name cargo would refuse is a usage error, and nothing is written.
    let bad = out("bad");
    let (code, text) = codegen(&[
        "--docs",
        page,
        "--out",
        bad.to_str().unwrap(),
        "--crate-name",
        "1st hooks",
    ]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("`1st hooks` is not a crate name"), "{text}");
    assert!(!bad.exists());
    // Without `--out` the workspace's own crate would be renamed under it.
    let (code, text) = codegen(&["--docs", page, "--check", "--crate-name", "acme"]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("--out"), "{text}");
}

/// The workspace depends on the checked-in crate as `generated`, and the
/// crate on the runtime beside it by a relative path, the same on every
/// machine.
#[test]
fn checked_in_crate_keeps_its_package_name() {
    let manifest =
        std::fs::read_to_string(common::workspace().join("generated/Cargo.toml")).unwrap();
    assert!(manifest.contains("\nname = \"generated\"\n"), "{manifest}");
    assert!(
        manifest.contains("\nwebhook-runtime = { version = \"0.1.0\", path = \"../runtime\" }\n"),
        "{manifest}"
    );
    assert!(!common::workspace().join("generated/macros").exists());
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
#[cfg_attr(not(shared_seeds), ignore = "needs ../shared/seeds")]
fn seeds_never_panic() {
    for e in std::fs::read_dir(common::seeds()).unwrap() {
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

/// Lines of a report that are not blank.
fn lines(text: &str) -> Vec<&str> {
    text.lines().filter(|l| !l.is_empty()).collect()
}

#[test]
#[cfg_attr(not(shared_corpus), ignore = "needs ../shared/corpus")]
fn diff_across_corpus_versions() {
    let corpus = common::corpus();
    let c = corpus.to_str().unwrap();
    let versions = |old, new| ["diff", c, c, "--old-version", old, "--new-version", new];
    // ghes-3.1 adds secret scanning alerts and auto-merge actions: additions
    // for a validator, and minor for a receiver (the enums are
    // `#[non_exhaustive]` and open).
    let (code, text) = codegen(
        &[
            &versions("ghes-3.0", "ghes-3.1")[..],
            &["--perspective", "validator"],
        ]
        .concat(),
    );
    assert_eq!(code, 4, "{text}");
    assert!(
        text.contains("additive  github/secret_scanning_alert  .  event added"),
        "{text}"
    );
    assert!(
        text.contains("github/pull_request.auto_merge_enabled  .action  action added"),
        "{text}"
    );
    let (code, text) = codegen(&versions("ghes-3.0", "ghes-3.1"));
    assert_eq!(code, 4, "{text}");
    assert!(
        text.contains("minor  github/pull_request.auto_merge_enabled  .action  action added  PullRequestAction::AutoMergeEnabled added"),
        "{text}"
    );
    // Shared types are reported once, so the report stays short.
    assert!(lines(&text).len() < 15, "{text}");
    assert!(text.ends_with("bump: minor\n"), "{text}");
    // Enterprise-only events are not on the free version: removing them breaks consumers.
    let (code, text) = codegen(&[&versions("ghes-3.1", "fpt")[..], &["--format", "json"]].concat());
    assert_eq!(code, 3, "{text}");
    let report: serde_json::Value = serde_json::from_str(&text[text.find('{').unwrap()..]).unwrap();
    assert_eq!(report["bump"], "major");
    let removed: Vec<&str> = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["api"] == "breaking" && c["message"] == "event removed")
        .map(|c| c["event"].as_str().unwrap())
        .collect();
    assert_eq!(removed, ["github/enterprise", "github/user"]);
    // A change to `Repository` is one line, not one per event that has a repository.
    let description: Vec<&serde_json::Value> = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["within"]["type"] == "Repository" && c["within"]["path"] == ".description")
        .collect();
    assert_eq!(description.len(), 1, "{description:?}");
    assert!(description[0]["within"]["events"].as_array().unwrap().len() > 30);
    // The review comment leads with the verdict and what breaks, and fits a
    // pull-request comment.
    let (code, md) =
        codegen(&[&versions("ghes-3.1", "fpt")[..], &["--format", "markdown"]].concat());
    assert_eq!(code, 3, "{md}");
    assert!(md.starts_with("### Webhook schema diff: **major**"), "{md}");
    assert!(
        md.contains("- api: event removed (2 events: enterprise, user)"),
        "{md}"
    );
    assert!(md.len() < 65_536, "{} bytes", md.len());
}

#[test]
fn diff_exit_code_follows_the_bump() {
    let fixtures = common::workspace().join("codegen/tests/fixtures/diff");
    for (case, code, bump) in [
        ("description_changed", 0, "patch"),
        ("field_added", 4, "minor"),
        ("field_removed", 3, "major"),
    ] {
        let dir = fixtures.join(case);
        let (old, new) = (dir.join("old"), dir.join("new"));
        let (got, text) = codegen(&["diff", old.to_str().unwrap(), new.to_str().unwrap()]);
        assert_eq!(got, code, "{case}: {text}");
        assert!(text.ends_with(&format!("bump: {bump}\n")), "{case}: {text}");
        let (got, md) = codegen(&[
            "diff",
            old.to_str().unwrap(),
            new.to_str().unwrap(),
            "--format",
            "markdown",
        ]);
        assert_eq!(got, code, "{case}: {md}");
        assert!(
            md.starts_with(&format!("### Webhook schema diff: **{bump}**")),
            "{case}: {md}"
        );
    }
    // Wire-breaking for receivers whose types reject unlisted values.
    let dir = fixtures.join("enum_value_added");
    let (old, new) = (dir.join("old"), dir.join("new"));
    let (code, text) = codegen(&[
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--closed-enums",
    ]);
    assert_eq!(code, 3, "{text}");
    assert!(
        text.starts_with("api+wire  github::Issue  .state"),
        "{text}"
    );
    let (code, text) = codegen(&[
        "diff",
        "--perspective",
        "nobody",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{text}");
}

/// The two eras of Azure DevOps's service hooks page: the release events
/// moved from `ms.vss-release.*` to `ms.azure-devops-release.*`.
#[test]
#[cfg_attr(not(shared_vendors), ignore = "needs ../shared/vendors")]
fn diff_between_azure_devops_eras_reports_renamed_events() {
    let vendor = common::vendors().join("azure-devops");
    let old = vendor.join("docs-2018/events.md");
    let new = vendor.join("docs-2025/events.md");
    let (code, text) = codegen(&["diff", old.to_str().unwrap(), new.to_str().unwrap()]);
    assert_eq!(code, 3, "{text}");
    for event in [
        "release-created-event",
        "release-abandoned-event",
        "deployment-approval-completed-event",
        "deployment-approval-pending-event",
        "deployment-completed-event",
        "deployment-started-event",
    ] {
        let line = format!(
            "ms.azure-devops-release.{event}  .  event renamed from `ms.vss-release.{event}`"
        );
        assert!(
            text.contains(&line),
            "{event} not reported as renamed:\n{text}"
        );
        assert!(
            !text.contains(&format!("ms.vss-release.{event}  .  event removed")),
            "{text}"
        );
    }
    let (_, md) = codegen(&[
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--format",
        "markdown",
    ]);
    assert!(md.starts_with("### Webhook schema diff: **major**"), "{md}");
    assert!(md.len() < 65_536, "{} bytes", md.len());
    eprintln!("{md}");
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
        .find(|l| l.contains(".title  removed"))
        .unwrap_or_else(|| panic!("{text}"));
    // One line for the `Issue` type, which every event with an issue shares.
    assert!(
        line.starts_with("api") && line.contains("github::Issue  .title  removed"),
        "{line}"
    );
    assert_eq!(text.matches(".title  removed").count(), 1, "{text}");
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
