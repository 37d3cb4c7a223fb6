//! Malformed docs: the CLI must answer every one with an exit code and
//! diagnostics, never a panic or a hang.
//!
//! Each case runs the built binary as `codegen --docs <case> --out <tmp>
//! --short` and checks the exit code its table row declares (0: warnings at
//! most, 1: the docs have errors, 2: usage or IO error); the diagnostics are
//! snapshots (`snapshots/malformed__<case>.snap`). Inputs are the folders in
//! `fixtures/malformed/<case>/`, or, where they are big, binary or
//! unrepresentable in git, written by a generator function at test time.
//!
//! The policy the exit codes follow: no one example, include or file stops a
//! run. A broken JSON example, an include cycle or too-deep include, an
//! unterminated `{%`/`{{` tag and a file over the size limit are warnings
//! (what they spoil is left out, the rest generated); errors are for what
//! leaves nothing to generate from, such as a docs page that cannot be read.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A hang guard, not a speed target: a run still going after this long is
/// killed and reported as hung instead of stalling the test run. How long the
/// big cases take is measured by `benches/scale.rs`.
const HANG_GUARD: Duration = Duration::from_secs(300);

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/malformed")
}

/// What a run printed and how it ended.
struct Outcome {
    code: i32,
    stderr: String,
}

/// Runs the binary in `cwd`, killing it after [`HANG_GUARD`].
fn codegen(cwd: &Path, args: &[String]) -> Outcome {
    let logs = tempfile::tempdir().unwrap();
    let (out_path, err_path) = (logs.path().join("stdout"), logs.path().join("stderr"));
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > HANG_GUARD {
            let _ = child.kill();
            let _ = child.wait();
            panic!("codegen {args:?} hung: killed after {HANG_GUARD:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let stdout = String::from_utf8_lossy(&std::fs::read(&out_path).unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&std::fs::read(&err_path).unwrap()).into_owned();
    let code = status
        .code()
        .unwrap_or_else(|| panic!("killed by a signal: {status}\n{stderr}"));
    assert!(
        stdout.is_empty(),
        "diagnostics go to stderr; stdout had:\n{stdout}"
    );
    Outcome { code, stderr }
}

/// Makes output stable: temp paths and the run time vary between runs.
fn normalise(text: &str, tmp: &Path) -> String {
    let text = text.replace(&tmp.display().to_string(), "[TMP]");
    let text = text.replace(&fixtures().display().to_string(), "[FIXTURES]");
    text.lines()
        .map(
            |line| match (line.starts_with("codegen: "), line.rfind(" warnings, ")) {
                (true, Some(i)) => format!("{} warnings, [TIME]", &line[..i]),
                _ => line.to_string(),
            },
        )
        .collect::<Vec<_>>()
        .join("\n")
}

fn assert_no_panic(o: &Outcome, what: &str) {
    assert_ne!(o.code, 101, "{what}: panicked\n{}", o.stderr);
    for text in ["panicked", "RUST_BACKTRACE", "stack overflow"] {
        assert!(
            !o.stderr.contains(text),
            "{what}: `{text}` in the output\n{}",
            o.stderr
        );
    }
}

/// Where a case's docs come from.
enum Input {
    /// `fixtures/malformed/<case>/`.
    Fixture,
    /// Another case's fixture folder, run with different arguments.
    FixtureOf(&'static str),
    /// Written into `<tmp>/<case>` (which does not exist yet) at test time.
    Generated(fn(&Path)),
}

/// Runs one case: `extra` arguments may name `$TMP`; `--out <tmp>/out` is
/// added unless they set `--out` themselves.
fn check(case: &str, exit: i32, input: Input, extra: &[&str]) -> Outcome {
    let tmp = tempfile::tempdir().unwrap();
    let tmp_path = tmp.path().canonicalize().unwrap();
    let (cwd, docs) = match input {
        Input::Fixture => (fixtures(), case.to_string()),
        Input::FixtureOf(other) => (fixtures(), other.to_string()),
        Input::Generated(make) => {
            make(&tmp_path.join(case));
            (tmp_path.clone(), case.to_string())
        }
    };
    let mut args = vec!["--docs".to_string(), docs, "--short".to_string()];
    args.extend(
        extra
            .iter()
            .map(|a| a.replace("$TMP", &tmp_path.display().to_string())),
    );
    if !extra.contains(&"--out") {
        args.extend([
            "--out".to_string(),
            tmp_path.join("out").display().to_string(),
        ]);
    }
    let o = codegen(&cwd, &args);
    assert_no_panic(&o, case);
    assert_eq!(o.code, exit, "{case}: exit code\n{}", o.stderr);
    if exit != 0 {
        assert!(
            !tmp_path.join("out").exists(),
            "{case}: a failed run wrote output"
        );
    }
    insta::assert_snapshot!(
        case,
        format!("exit: {}\n{}", o.code, normalise(&o.stderr, &tmp_path))
    );

    // The long form (snippets) agrees: same exit, each diagnostic's snippet
    // at the place the short form names.
    let long_args: Vec<String> = args.iter().filter(|a| *a != "--short").cloned().collect();
    let long = codegen(&cwd, &long_args);
    assert_no_panic(&long, case);
    assert_eq!(
        long.code, exit,
        "{case}: exit code without --short\n{}",
        long.stderr
    );
    for line in o.stderr.lines() {
        let Some((severity, rest)) = line.split_once(": ") else {
            continue;
        };
        if !["error", "warning", "note"].contains(&severity) {
            continue;
        }
        let (place, message) = match rest.split_once(": ") {
            Some((place, message)) if place.contains(':') => (Some(place), message),
            _ => (None, rest),
        };
        assert!(
            long.stderr.contains(&format!("{severity}: {message}")),
            "{case}: `{line}` missing from\n{}",
            long.stderr
        );
        if let Some(place) = place {
            let shown = [format!("┌─ {place}\n"), format!("= at {place}\n")];
            assert!(
                shown.iter().any(|s| long.stderr.contains(s)),
                "{case}: no snippet at {place}\n{}",
                long.stderr
            );
        }
    }
    o
}

/// One `#[test]` per row: `name: exit code, input[, extra arguments];`.
macro_rules! cases {
    ($($name:ident: $exit:expr, $input:expr $(, [$($arg:expr),*])?;)*) => {$(
        #[test]
        fn $name() {
            check(stringify!($name), $exit, $input, &[$($($arg),*)?]);
        }
    )*};
}

use Input::{Fixture, FixtureOf, Generated};

cases! {
    // Liquid tags.
    unterminated_tag: 0, Fixture;
    unterminated_output: 0, Fixture;
    stray_endif: 0, Fixture;
    if_never_closed: 0, Fixture;
    else_without_if: 0, Fixture;
    elsif_without_if: 0, Fixture;
    raw_never_closed: 0, Fixture;
    unknown_liquid_tag: 0, Fixture;
    unknown_ifversion_condition: 0, Fixture;
    undefined_variable: 0, Fixture;
    undefined_data_variable: 0, Fixture;
    liquid_in_table_row: 0, Fixture;
    // Includes and payload files.
    include_cycle: 0, Fixture;
    include_self: 0, Fixture;
    include_missing: 0, Fixture;
    include_outside_the_tree: 0, Generated(make_include_outside_the_tree);
    deep_include_chain: 0, Generated(make_deep_include_chain);
    missing_payload_placeholder: 0, Fixture;
    payload_file_invalid_json: 0, Fixture;
    // Markdown structure.
    unbalanced_code_fence: 0, Fixture;
    front_matter_unclosed: 0, Fixture;
    heading_only: 0, Fixture;
    prose_only: 0, Fixture;
    json_outside_section: 0, Fixture;
    // JSON examples.
    invalid_json: 0, Fixture;
    truncated_json: 0, Fixture;
    deep_json: 0, Generated(make_deep_json);
    // Tables and events.
    ragged_table: 0, Fixture;
    non_field_key: 0, Fixture;
    duplicate_event_sections: 0, Fixture;
    conflicting_types: 0, Fixture;
    // Bytes and files.
    line_endings_lf: 0, Fixture;
    crlf_bom: 0, Generated(make_crlf_bom);
    non_utf8: 0, Generated(make_non_utf8);
    binary_file: 0, Generated(make_binary_file);
    empty_file: 0, Fixture;
    empty_directory: 0, Generated(|dir| std::fs::create_dir_all(dir).unwrap());
    file_over_size_limit: 0, Generated(make_file_over_size_limit);
    // The command line.
    docs_path_missing: 2, Generated(|_| {});
    out_under_a_file: 2, Generated(make_out_under_a_file), ["--out", "$TMP/afile/sub"];
    version_not_a_version: 2, FixtureOf("line_endings_lf"), ["--version", "ghes-x.y"];
    version_unknown_plan: 2, FixtureOf("line_endings_lf"), ["--version", "bad"];
}

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

const EVENT: &str = "## issues\n\nKey | Type | Description\n----|------|------------\n\
                     `action`|`string`| The action. Can be `opened` or `closed`.\n";

/// Forty includes deep, past the 32-level limit.
fn make_deep_include_chain(dir: &Path) {
    write(
        &dir.join("webhooks.md"),
        format!("{EVENT}`number`|`integer`| {{% data reusables.deep.l0 %}}\n"),
    );
    for i in 0..40 {
        let next = if i + 1 < 40 {
            format!(" {{% data reusables.deep.l{} %}}", i + 1)
        } else {
            String::new()
        };
        write(
            &dir.join(format!("data/reusables/deep/l{i}.md")),
            format!("level {i}{next}\n"),
        );
    }
}

/// Data paths naming absolute file paths, which used to be read.
fn make_include_outside_the_tree(dir: &Path) {
    let outside = dir.parent().unwrap().join("outside");
    write(
        &outside.with_extension("md"),
        "`leaked`|`string`| Read from outside the docs.\n",
    );
    write(&outside.with_extension("yml"), "x: leaked\n");
    let o = outside.display();
    write(
        &dir.join("webhooks.md"),
        format!("{EVENT}{{% data reusables.{o} %}}\n`b`|`string`| {{% data variables.{o}.x %}}\n"),
    );
}

/// An example nested 10,000 arrays and objects deep.
fn make_deep_json(dir: &Path) {
    let depth = 10_000;
    let nested = format!(
        "{}1{}",
        "{\"a\": [".repeat(depth / 2),
        "]}".repeat(depth / 2)
    );
    write(
        &dir.join("webhooks.md"),
        format!("{EVENT}\n```json\n{{\"action\": \"opened\", \"deep\": {nested}}}\n```\n"),
    );
}

/// The LF fixture with a BOM and CRLF line endings.
fn make_crlf_bom(dir: &Path) {
    let lf = std::fs::read_to_string(fixtures().join("line_endings_lf/webhooks.md")).unwrap();
    write(
        &dir.join("webhooks.md"),
        format!("\u{feff}{}", lf.replace('\n', "\r\n")),
    );
}

/// Latin-1 bytes and a lone continuation byte in an otherwise good page.
fn make_non_utf8(dir: &Path) {
    let mut page = EVENT.as_bytes().to_vec();
    page.extend_from_slice(b"`title`|`string`| Caf\xe9 cr\xe8me \x80 title.\n");
    page.extend_from_slice(b"`number`|`integer`| The number.\n");
    write(&dir.join("webhooks.md"), page);
}

/// A binary file beside a good page: the binary one is skipped.
fn make_binary_file(dir: &Path) {
    write(&dir.join("webhooks.md"), EVENT);
    let mut bin = b"\x7fELF\x02\x01\x01\x00\x00\x00".to_vec();
    bin.extend((0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
    write(&dir.join("webhooks-logo.md"), bin);
}

/// A page one byte over the 64 MiB limit (sparse: no disk used).
fn make_file_over_size_limit(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    let f = std::fs::File::create(dir.join("webhooks.md")).unwrap();
    f.set_len(codegen::load::MAX_FILE_BYTES + 1).unwrap();
}

/// A good page; the output path goes through a regular file, which no
/// user (root included) can create a directory under.
fn make_out_under_a_file(dir: &Path) {
    write(&dir.join("webhooks.md"), EVENT);
    write(&dir.parent().unwrap().join("afile"), "not a directory");
}

#[test]
fn many_small_files() {
    fn make(dir: &Path) {
        for i in 0..10_000 {
            let page = if i % 1000 == 0 {
                format!("## event_{i}\n\nKey | Type | Description\n---|---|---\n`id`|`integer`| The id.\n")
            } else {
                format!("# Page {i}\n\nSome prose about page {i}.\n\n- a list item\n")
            };
            write(&dir.join(format!("d{}/p{i:05}.md", i / 1000)), page);
        }
    }
    check("many_small_files", 0, Generated(make), &[]);
}

#[test]
fn page_of_20_mb() {
    fn make(dir: &Path) {
        let head = format!(
            "{EVENT}`number`|`integer`| The number.\n\n```json\n{{\"action\": \"opened\", \"number\": 1}}\n```\n\n# Appendix\n\n"
        );
        let chunk =
            "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\n\n\
                     - an item with `code` and a [link](/x)\n- another item\n\n\
                     Setting | Value\n---|---\nfoo | bar\n\n\
                     ```shell\n$ curl -X POST https://example.com/hook\n```\n\n";
        let n = (20 * 1024 * 1024 - head.len()) / chunk.len() + 1;
        let page = head + &chunk.repeat(n);
        assert!(page.len() >= 20 * 1024 * 1024);
        write(&dir.join("webhooks.md"), page);
    }
    check("page_of_20_mb", 0, Generated(make), &[]);
}

/// Pages built to be slow or deep rather than wrong; each once hung or
/// crashed the generator. The output is summarised: it runs to thousands of
/// lines. How long they take is measured by `benches/scale.rs`.
fn check_scale(case: &str, page: &str) {
    let tmp = tempfile::tempdir().unwrap();
    write(&tmp.path().join(case).join("webhooks.md"), page);
    for short in [true, false] {
        let mut args = vec![
            "--docs".to_string(),
            case.to_string(),
            "--out".to_string(),
            "out".to_string(),
        ];
        if short {
            args.push("--short".to_string());
        }
        let o = codegen(tmp.path(), &args);
        assert_no_panic(&o, case);
        assert_eq!(
            o.code,
            0,
            "{case}: exit code\n{}",
            o.stderr.lines().take(20).collect::<Vec<_>>().join("\n")
        );
        // Long output stays proportional to the number of diagnostics.
        assert!(
            o.stderr.len() < 200 * o.stderr.lines().count() + 1000,
            "{case}: {} bytes of output",
            o.stderr.len()
        );
        if short {
            let lines: Vec<&str> = o.stderr.lines().collect();
            let mut summary: Vec<String> = lines.iter().take(3).map(|l| l.to_string()).collect();
            if lines.len() > 4 {
                summary.push(format!("... {} lines in all", lines.len()));
            }
            summary.extend(
                lines
                    .iter()
                    .skip(3.max(lines.len().saturating_sub(1)))
                    .map(|l| l.to_string()),
            );
            insta::assert_snapshot!(
                case,
                format!(
                    "exit: {}\n{}",
                    o.code,
                    normalise(&summary.join("\n"), tmp.path())
                )
            );
        }
    }
}

/// A key nested 20,000 levels: once a stack overflow (SIGABRT) in `build`.
#[test]
fn deep_key_path() {
    let key = format!("a{}", "[b]".repeat(20_000));
    check_scale(
        "deep_key_path",
        &format!("{EVENT}`{key}`|`string`| Deep.\n"),
    );
}

/// 200,000 headings: sections were found in time quadratic in them.
#[test]
fn many_headings() {
    check_scale(
        "many_headings",
        &format!("{EVENT}\n{}", "## a\n".repeat(200_000)),
    );
}

/// 20,000 diagnostics on one 140 kB line: columns were counted from the
/// line's start for each, and the long form printed the whole line under each.
#[test]
fn many_diagnostics_on_one_line() {
    check_scale(
        "many_diagnostics_on_one_line",
        &format!("{EVENT}\n{}\n", "{{ x }}".repeat(20_000)),
    );
}

/// A megabyte of `[` in a description and in a section's prose: links were
/// searched for to the end of the text once per bracket.
#[test]
fn many_brackets() {
    let brackets = "[".repeat(1_000_000);
    let page = format!("## issues\n\n{brackets}\n\nKey | Type | Description\n---|---|---\n`a`|`string`| {brackets}](\n");
    check_scale("many_brackets", &page);
}

/// Every file under `dir` with its bytes, sorted.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                out.push((p.strip_prefix(root).unwrap().to_path_buf(), Vec::new()));
                walk(root, &p, out);
            } else {
                out.push((
                    p.strip_prefix(root).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                ));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// CRLF and a BOM read exactly as LF does: same exit, same diagnostics at
/// the same places, same schemas.
#[test]
fn crlf_and_bom_give_the_same_events_as_lf() {
    let tmp = tempfile::tempdir().unwrap();
    let lf = tmp.path().join("lf");
    write(
        &lf.join("webhooks.md"),
        std::fs::read(fixtures().join("line_endings_lf/webhooks.md")).unwrap(),
    );
    make_crlf_bom(&tmp.path().join("crlf"));
    let run = |name: &str| {
        let args: Vec<String> = ["--docs", name, "--out", &format!("out-{name}"), "--short"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let o = codegen(tmp.path(), &args);
        assert_no_panic(&o, name);
        (
            o.code,
            normalise(&o.stderr, tmp.path()).replace(&format!("{name}/"), "DOCS/"),
        )
    };
    let (lf_code, lf_text) = run("lf");
    let (crlf_code, crlf_text) = run("crlf");
    assert_eq!((lf_code, &lf_text), (crlf_code, &crlf_text));
    assert!(lf_text.contains("2 events"), "{lf_text}");
    assert!(lf_text.contains("DOCS/webhooks.md:6:1:"), "{lf_text}");
    let schemas = |name: &str| tree(&tmp.path().join(format!("out-{name}/schemas")));
    assert!(!schemas("lf").is_empty());
    assert_eq!(schemas("lf"), schemas("crlf"));
}

/// A run that cannot write leaves a previous good output byte-identical, with
/// no staging folders beside it.
#[test]
fn an_unwritable_output_leaves_the_previous_output_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    write(
        &docs.join("webhooks.md"),
        std::fs::read(fixtures().join("line_endings_lf/webhooks.md")).unwrap(),
    );
    let out = tmp.path().join("out");
    let run = |out: &Path| {
        let args = [
            "--docs",
            docs.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--short",
        ];
        let o = codegen(tmp.path(), &args.map(String::from));
        assert_no_panic(&o, "write");
        o
    };
    let o = run(&out);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let before = tree(&out);
    let schema = out.join("schemas/webhooks/issues.schema.json");
    assert!(schema.is_file(), "{before:?}");

    // Into the good tree, under one of its files: creation fails for anyone.
    let o = run(&schema.join("sub"));
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("cannot write output"), "{}", o.stderr);
    assert!(
        o.stderr.contains("issues.schema.json/sub"),
        "the error names the path: {}",
        o.stderr
    );
    assert_eq!(
        tree(&out),
        before,
        "a failed write changed the previous output"
    );

    // The good tree itself made read-only: where permissions bind the run
    // fails and leaves it as it was; where they do not (as root) it
    // succeeds, and the same docs give the same bytes.
    let ro = |dir: &Path, yes: bool| {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(
            dir,
            std::fs::Permissions::from_mode(if yes { 0o555 } else { 0o755 }),
        )
        .unwrap();
    };
    ro(&out, true);
    let binds = std::fs::create_dir(out.join("probe")).is_err();
    let _ = std::fs::remove_dir(out.join("probe"));
    let o = run(&out);
    ro(&out, false);
    assert_eq!(o.code, if binds { 2 } else { 0 }, "{}", o.stderr);
    assert_eq!(tree(&out), before, "the previous output changed");
    let beside: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        beside.iter().all(|n| !n.starts_with('.')),
        "staging left behind: {beside:?}"
    );
}

/// The front half of the pipeline, stage by stage as `Builder::generate`
/// runs it, without the Rust back-end (which would make this test minutes long).
fn pipeline(docs: &Path) {
    use codegen::diag::{Diagnostics, Severity};
    let loaded = codegen::load::load(docs, &codegen::load::LoadOptions::default());
    let mut diags = Diagnostics::default();
    diags.extend(loaded.diagnostics.clone());
    if !diags.has_errors() {
        let pages = codegen::parse::parse(&loaded.pages, &loaded.sources, &mut diags);
        if !diags.has_errors() {
            let docs = codegen::build::build(&loaded, &pages, &Default::default(), &mut diags);
            if !diags.has_errors() {
                let _ = codegen::schema::files(&docs.providers);
            }
        }
    }
    let sorted = diags.sorted();
    let _ = codegen::diag::render(&sorted, &loaded.sources);
    let _ = codegen::diag::render_short(&sorted);
    for d in &sorted {
        assert!(
            d.span.file.is_empty() || d.span.line >= 1 && d.span.col >= 1,
            "{d:?}"
        );
        assert!(
            d.severity != Severity::Error || !d.span.file.is_empty(),
            "an error without a place: {d:?}"
        );
    }
}

/// A bounded, deterministic stand-in for the fuzzer (`fuzz/`): a fixed number
/// of seeded mutations of a small valid page, none of which may panic.
#[test]
fn mutations_of_a_valid_page_never_panic() {
    const BASE: &str = "---\ntitle: Webhook events\n---\n# Events\n\n## issues\n\n{% data reusables.f.a %}\n\n\
        ### Availability\n\n- Repository webhooks\n\n### Payload\n\nKey | Type | Description\n----|------|------------\n\
        `action`|`string`| Can be one of `opened`, `edited`, or `closed`.\n\
        {% ifversion fpt or ghes > 3.0 %}`issue[number]`|`integer`| The number.{% else %}`id`|`integer`| x{% endif %}\n\
        `issue[labels][]`|`array of objects`| Labels, or `null`.\n{% data reusables.f.b %}\n\n\
        {{ webhookPayloadsForCurrentVersion.issues.opened }}\n\n```json\n{\"action\": \"edited\", \"issue\": {\"number\": 2}}\n```\n\n\
        ## push\n\nKey | Type | Description\n----|------|------------\n`ref`|`string`| {% data variables.product.name %}\n";
    const TOKENS: &[&str] = &[
        "{%",
        "%}",
        "{{",
        "}}",
        "{% if ",
        "{% ifversion ghes < 3.1 %}",
        "{% elsif ghae %}",
        "{% else %}",
        "{% endif %}",
        "{% raw %}",
        "{% endraw %}",
        "{% data reusables.f.a %}",
        "{% data reusables.f.b %}",
        "{% data variables.x.y %}",
        "{{ webhookPayloadsForCurrentVersion.issues }}",
        "```",
        "```json\n",
        "~~~",
        "\n",
        "\r\n",
        "|",
        "`",
        "[",
        "]",
        "[]",
        "\"",
        "{",
        "}",
        "## ",
        "### ",
        "\n---\n",
        "> ",
        "- ",
        "1. ",
        "<li>",
        "</li>",
        "\u{feff}",
        "é",
        "\u{1F600}",
        "Key | Type | Description\n---|---|---\n",
        "`x`|`string`|",
        "null",
        ":",
        ",",
        "    ",
        "\t",
        "<!-- ",
        "-->",
        "X-Acme-Event: ping\n",
        "\\",
    ];
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }
    }
    fn mutate(rng: &mut Rng, page: &mut Vec<u8>) {
        let len = page.len();
        let at = rng.below(len + 1);
        match rng.below(6) {
            0 if len > 0 => page[at.min(len - 1)] ^= 1 << rng.below(8),
            1 => page.insert(at, b"{}%|`[]\"\n#>-\r\\"[rng.below(14)]),
            2 if len > 0 => {
                let end = (at + 1 + rng.below(16)).min(len);
                page.drain(at.min(end)..end);
            }
            3 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(64)).min(len);
                let piece = page[start..end].to_vec();
                page.splice(at..at, piece);
            }
            _ => {
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes().to_vec();
                page.splice(at..at, token);
            }
        }
    }

    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(
        &root.join("data/reusables/f/a.md"),
        "Activity on issues. {% ifversion ghes %}Server.{% endif %}\n",
    );
    write(
        &root.join("data/reusables/f/b.md"),
        "`sender`|`object`| The user. {% data reusables.f.a %}\n",
    );
    write(&root.join("data/variables/product.yml"), "name: 'GitHub'\n");
    write(
        &root.join("lib/webhooks/static/dotcom/issues.opened.payload.json"),
        "{\"action\": \"opened\", \"issue\": {\"number\": 1}}\n",
    );
    let page_path = root.join("webhooks.md");
    write(&page_path, BASE);
    pipeline(root); // The base page itself is fine.

    // A fixed number from a fixed seed: the same pages on every machine, however
    // fast (the fuzzer in `fuzz/` is the open-ended search).
    const MUTATIONS: usize = 2_000;
    let start = Instant::now();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut crashes = Vec::new();
    let quiet = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    for _ in 0..MUTATIONS {
        let mut page = BASE.as_bytes().to_vec();
        for _ in 0..1 + rng.below(8) {
            mutate(&mut rng, &mut page);
        }
        std::fs::write(&page_path, &page).unwrap();
        if std::panic::catch_unwind(|| pipeline(root)).is_err() {
            crashes.push(page);
        }
    }
    std::panic::set_hook(quiet);
    if let Some(first) = crashes.first() {
        let keep = std::env::temp_dir().join("codegen-mutation-crash.md");
        std::fs::write(&keep, first).unwrap();
        eprintln!(
            "{} of {MUTATIONS} mutations panicked; the first is kept in {}",
            crashes.len(),
            keep.display()
        );
        std::fs::write(&page_path, first).unwrap();
        pipeline(root); // Panics again, with its message.
        unreachable!("the kept page no longer panics");
    }
    eprintln!("{MUTATIONS} mutations in {:.2?}", start.elapsed());
}
