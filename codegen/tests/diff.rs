//! Schema diff: one fixture case per rule, under
//! `tests/fixtures/diff/<case>/{old,new}`, seen by a validator (the first
//! tests) and by a receiver (from `receiver_*` on), plus inline schemas for
//! the odd shapes the walk must tolerate.

use std::fs;
use std::path::PathBuf;
use std::time::Duration;

use codegen::diff::{
    diff_dirs, diff_dirs_with, diff_schemas, Api, Bump, Change, DiffError, Model, Options,
    Perspective, Report, Verdict, Wire,
};
use serde_json::{json, Value};

fn case_dir(case: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/diff")
        .join(case)
}

const VALIDATOR: Options = Options {
    perspective: Perspective::Validator,
    model: Model::GENERATED,
};

/// The validator's view of a case.
fn report(case: &str) -> Report {
    report_with(case, VALIDATOR)
}

fn report_with(case: &str, options: Options) -> Report {
    let dir = case_dir(case);
    diff_dirs_with(&dir.join("old"), &dir.join("new"), options).expect("fixture diffs")
}

/// The receiver's view of a case (the default), one line per change.
fn receiver(case: &str) -> (Vec<String>, Bump) {
    let dir = case_dir(case);
    let report = diff_dirs(&dir.join("old"), &dir.join("new")).expect("fixture diffs");
    let lines = report
        .to_text()
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect::<Vec<_>>();
    let (summary, lines) = lines.split_last().expect("a summary line");
    assert!(
        summary.ends_with(&format!("bump: {}", report.bump())),
        "{summary}"
    );
    (lines.to_vec(), report.bump())
}

fn lines(changes: &[Change]) -> Vec<String> {
    changes.iter().map(ToString::to_string).collect()
}

/// Asserts the case yields exactly `expected`, and that the report's
/// breaking flag agrees with the verdicts.
fn check(case: &str, expected: &[&str]) {
    let report = report(case);
    assert_eq!(lines(&report.changes), expected, "case {case}");
    let breaking = expected.iter().any(|l| l.starts_with("breaking"));
    assert_eq!(report.is_breaking(), breaking, "case {case}");
}

#[test]
fn field_removed_is_breaking() {
    check(
        "field_removed",
        &["breaking  github/issues  .count  removed (was integer|null, optional)"],
    );
}

#[test]
fn enum_value_removed_is_breaking() {
    check(
        "enum_value_removed",
        &[r#"breaking  github/issues  .issue.state  enum value "closed" removed"#],
    );
}

#[test]
fn became_required_is_breaking() {
    check(
        "became_required",
        &["breaking  github/issues  .label  became required"],
    );
}

#[test]
fn type_changed_is_breaking() {
    check(
        "type_changed",
        &["breaking  github/issues  .issue.number  type changed (integer -> string)"],
    );
}

#[test]
fn nullability_removed_is_breaking() {
    check(
        "nullability_removed",
        &[
            "breaking  github/issues  .count  no longer nullable",
            "breaking  github/issues  .label  no longer nullable",
        ],
    );
}

#[test]
fn event_removed_is_breaking() {
    check(
        "event_removed",
        &["breaking  github/ping  .  event removed"],
    );
}

#[test]
fn action_removed_is_breaking() {
    check(
        "action_removed",
        &["breaking  github/issues.closed  .action  action removed"],
    );
    let change = &report("action_removed").changes[0];
    assert_eq!(change.action.as_deref(), Some("closed"));
}

#[test]
fn field_added_is_additive() {
    check(
        "field_added",
        &["additive  github/issues  .tags  added (optional, array)"],
    );
}

#[test]
fn enum_value_added_is_additive() {
    check(
        "enum_value_added",
        &[r#"additive  github/issues  .issue.state  enum value "locked" added"#],
    );
}

#[test]
fn type_widened_is_additive() {
    check(
        "type_widened",
        &["additive  github/issues  .issue.number  type widened (integer -> number)"],
    );
}

#[test]
fn event_added_is_additive() {
    check("event_added", &["additive  github/ping  .  event added"]);
}

/// Also covers a schemas dir without provider subdirectories.
#[test]
fn description_changed_is_docs_only() {
    check(
        "description_changed",
        &["docs-only  issues  .issue  description changed"],
    );
}

#[test]
fn title_removed_from_referenced_def_is_breaking() {
    let report = report("def_field_removed");
    assert!(report.is_breaking());
    let text = report.to_text();
    let line = text
        .lines()
        .find(|l| l.contains(".issue.title"))
        .unwrap_or_else(|| panic!("no .issue.title line in:\n{text}"));
    assert!(line.starts_with("breaking  github/issues  "), "{line}");
    assert!(line.ends_with("removed (was string, required)"), "{line}");
}

#[test]
fn recursive_refs_terminate() {
    check(
        "recursive_ref",
        &[
            "breaking  github/issue_comment  .comment.author.login  type changed (string -> integer)",
            "additive  github/issue_comment  .comment.body  became nullable",
        ],
    );
}

#[test]
fn multi_change_text() {
    insta::assert_snapshot!(report("multi").to_text(), @r#"
    additive  github/issue_comment  .  event added

    docs-only  github/issues  .  description changed
    additive  github/issues  .issue.body  added (optional, string|null)
    additive  github/issues  .issue.number  type widened (integer -> number)
    additive  github/issues  .issue.state  enum value "locked" added
    breaking  github/issues  .issue.title  removed (was string, required)
    breaking  github/issues.closed  .action  action removed
    breaking  github/issues.opened  .changes  became required
    additive  github/issues.reopened  .action  action added

    additive  github/ping  .hook_id  became nullable
    additive  github/ping  .zen  no longer required

    3 breaking, 7 additive, 1 docs-only; bump: major
    "#);
}

#[test]
fn multi_change_json() {
    let report = report("multi");
    let json: Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(
        json["summary"],
        json!({"breaking": 3, "additive": 7, "docs_only": 1})
    );
    let changes = json["changes"].as_array().unwrap();
    assert_eq!(changes.len(), report.changes.len());
    assert_eq!(
        changes[0],
        json!({
            "bump": "minor",
            "verdict": "additive",
            "wire": "safe",
            "api": "addition",
            "event": "github/issue_comment",
            "action": null,
            "path": ".",
            "message": "event added",
            "rust": "Event::IssueComment added",
            "within": null,
        })
    );
    assert_eq!(json["perspective"], "validator");
    assert_eq!(json["bump"], "major");
    assert!(changes.iter().any(|c| c["verdict"] == "docs-only"));
    assert!(changes.iter().any(|c| c["action"] == "opened"));
}

#[test]
fn identical_dirs_have_no_changes() {
    let dir = case_dir("multi").join("new");
    let report = diff_dirs_with(&dir, &dir, VALIDATOR).unwrap();
    assert!(report.changes.is_empty());
    assert!(!report.is_breaking());
    assert_eq!(
        report.to_text(),
        "0 breaking, 0 additive, 0 docs-only; bump: patch\n"
    );
    let report = diff_dirs(&dir, &dir).unwrap();
    assert_eq!(report.bump(), Bump::Patch);
    assert_eq!(
        report.to_text(),
        "0 API-breaking, 0 wire-breaking, 0 minor, 0 patch; bump: patch\n"
    );
}

#[test]
fn output_is_deterministic() {
    let first = report("multi").to_text();
    for _ in 0..5 {
        assert_eq!(report("multi").to_text(), first);
    }
}

#[test]
fn invalid_json_names_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let (old, new) = (tmp.path().join("old"), tmp.path().join("new"));
    fs::create_dir_all(old.join("github")).unwrap();
    fs::create_dir_all(&new).unwrap();
    let bad = old.join("github/issues.schema.json");
    fs::write(&bad, "{ not json").unwrap();
    let err = diff_dirs(&old, &new).unwrap_err();
    assert!(
        matches!(&err, DiffError::Json { path, .. } if *path == bad),
        "{err:?}"
    );
    assert!(err.to_string().contains("issues.schema.json"), "{err}");
}

#[test]
fn missing_dir_is_an_io_error() {
    let missing = case_dir("does_not_exist");
    let err = diff_dirs(&missing, &case_dir("multi").join("new")).unwrap_err();
    assert!(
        matches!(&err, DiffError::Io { path, .. } if *path == missing),
        "{err:?}"
    );
}

fn diff(old: Value, new: Value) -> Vec<String> {
    lines(&diff_schemas("e", &old, &new))
}

fn object(props: Value) -> Value {
    json!({ "type": "object", "properties": props })
}

#[test]
fn spellings_of_the_same_shape_are_equal() {
    let defs = json!({ "u": { "type": "object", "properties": { "id": { "type": "integer" } } } });
    let with =
        |user: Value| json!({ "type": "object", "properties": { "user": user }, "$defs": defs });
    let plain = with(json!({ "$ref": "#/$defs/u" }));
    assert!(diff(plain, with(json!({ "allOf": [{ "$ref": "#/$defs/u" }] }))).is_empty());
    assert!(diff(
        with(json!({ "type": ["string", "null"] })),
        with(json!({ "anyOf": [{ "type": "string" }, { "type": "null" }] })),
    )
    .is_empty());
    // `null` in an enum keeps the field nullable; only the enum is new.
    assert_eq!(
        diff(
            with(json!({ "type": ["string", "null"] })),
            with(json!({ "type": "string", "enum": ["a", null] })),
        ),
        ["breaking  e  .user  enum constraint added"]
    );
}

#[test]
fn liberal_inputs_do_not_panic() {
    let odd = [
        json!(null),
        json!([]),
        json!(true),
        json!(false),
        json!({}),
        json!({ "$ref": "#" }),
        json!({ "$ref": "#/$defs/a", "$defs": { "a": { "$ref": "#/$defs/b" }, "b": { "$ref": "#/$defs/a" } } }),
        json!({ "$ref": "other.json#/x" }),
        json!({ "type": [], "enum": "not an array", "required": "x", "properties": [] }),
        object(
            json!({ "a": { "type": 7 }, "b": { "items": [{ "type": "string" }] }, "c": { "enum": [1, 2.5, null, [1]] } }),
        ),
        json!({ "oneOf": [true, { "properties": { "action": { "enum": [1] } } }] }),
    ];
    for old in &odd {
        for new in &odd {
            let _ = diff_schemas("e", old, new);
        }
    }
}

#[test]
fn absent_type_and_items_mean_any() {
    assert_eq!(
        diff(
            object(json!({ "x": {} })),
            object(json!({ "x": { "type": "string" } }))
        ),
        ["breaking  e  .x  type narrowed (any -> string)"]
    );
    assert_eq!(
        diff(
            object(json!({ "xs": { "type": "array", "items": { "type": "integer" } } })),
            object(json!({ "xs": { "type": "array" } })),
        ),
        ["additive  e  .xs[]  type widened (integer -> any)"]
    );
    assert_eq!(
        diff(
            object(json!({ "n": { "enum": [1, 2] } })),
            object(json!({ "n": { "enum": [2] } })),
        ),
        ["breaking  e  .n  enum value 1 removed"]
    );
}

#[test]
fn shared_def_is_reported_once_at_its_first_path() {
    let schema = |ty: &str| {
        json!({
            "type": "object",
            "properties": {
                "label": { "$ref": "#/$defs/label" },
                "issue": { "type": "object", "properties": { "labels": { "type": "array", "items": { "$ref": "#/$defs/label" } } } },
            },
            "$defs": { "label": { "type": "object", "properties": { "name": { "type": ty } } } },
        })
    };
    assert_eq!(
        diff(schema("string"), schema("integer")),
        ["breaking  e  .issue.labels[].name  type changed (string -> integer)"]
    );
}

/// Each def reaches the next through two fields, so there are 2^40 paths to
/// the last one; memoizing per def pair keeps this linear (`benches/scale.rs`
/// times it). Walking every path would never finish, so the diff runs on a
/// thread the test stops waiting for after [`HANG_GUARD`].
#[test]
fn diamond_refs_do_not_explode() {
    /// A hang guard, not a speed target: the linear walk takes milliseconds.
    const HANG_GUARD: Duration = Duration::from_secs(120);
    let schema = |ty: &str| {
        let mut defs = serde_json::Map::new();
        for i in 0..40 {
            let next = json!({ "$ref": format!("#/$defs/d{}", i + 1) });
            defs.insert(format!("d{i}"), object(json!({ "a": next, "b": next })));
        }
        defs.insert("d40".into(), object(json!({ "leaf": { "type": ty } })));
        json!({ "type": "object", "properties": { "root": { "$ref": "#/$defs/d0" } }, "$defs": defs })
    };
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(diff(schema("string"), schema("boolean"))));
    let changes = rx
        .recv_timeout(HANG_GUARD)
        .unwrap_or_else(|e| panic!("the diff did not finish: {e} after {HANG_GUARD:?}"));
    assert_eq!(changes.len(), 1);
    let path = format!(".root{}.leaf", ".a".repeat(40));
    assert_eq!(
        changes[0],
        format!("breaking  e  {path}  type changed (string -> boolean)")
    );
}

#[test]
fn changes_are_sorted_by_event_action_path_verdict() {
    let changes = report("multi").changes;
    let keys: Vec<_> = changes
        .iter()
        .map(|c| (c.event.clone(), c.action.clone(), c.path.clone(), c.verdict))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert_eq!(Verdict::DocsOnly.to_string(), "docs-only");
}

/// Asserts the receiver's lines of a case and the bump they add up to.
fn check_receiver(case: &str, expected: &[&str], bump: Bump) {
    let (lines, got) = receiver(case);
    assert_eq!(lines, expected, "case {case}");
    assert_eq!(got, bump, "case {case}");
}

#[test]
fn receiver_required_field_becoming_nullable_breaks_wire_and_api() {
    check_receiver(
        "became_nullable",
        &[
            "api+wire  github/issues  .count  became nullable  IssuesEvent::count: i64 -> Option<i64>",
            // Already an `Option`: a `null` reads as `None`.
            "patch  github/issues  .note  became nullable  IssuesEvent::note: Option<String>",
        ],
        Bump::Major,
    );
}

#[test]
fn receiver_widened_type_breaks_wire_and_api() {
    check_receiver(
        "type_widened_to_union",
        &["api+wire  github/issues  .id  type widened (integer -> integer|string)  IssuesEvent::id: Option<i64> -> Option<Value>"],
        Bump::Major,
    );
    // A validator only sees more payloads accepted.
    check_receiver(
        "type_widened",
        &["api+wire  github::Issue  .number  type widened (integer -> number)  Issue::number: i64 -> Number"],
        Bump::Major,
    );
    assert_eq!(report("type_widened").bump(), Bump::Minor);
}

#[test]
fn receiver_narrowed_type_breaks_only_the_api() {
    let changes = diff_schemas(
        "e",
        &object(json!({ "x": {} })),
        &object(json!({ "x": { "type": "string" } })),
    );
    assert_eq!(changes.len(), 1);
    assert_eq!(
        (changes[0].api, changes[0].wire),
        (Api::Breaking, Wire::Safe)
    );
    assert_eq!(
        changes[0].rust.as_deref(),
        Some("EEvent::x: Option<Value> -> Option<String>")
    );
}

#[test]
fn receiver_required_field_becoming_optional_breaks_wire_and_api() {
    check_receiver(
        "no_longer_required",
        &["api+wire  github::Issue  .number  no longer required  Issue::number: i64 -> Option<i64>"],
        Bump::Major,
    );
}

#[test]
fn receiver_optional_field_becoming_plain_breaks_only_the_api() {
    check_receiver(
        "became_required_plain",
        &["api  github/issues  .issue  became required  IssuesEvent::issue: Option<Issue> -> Issue"],
        Bump::Major,
    );
    // Nullable stays an `Option`: nothing a receiver sees changes, though a
    // validator now rejects payloads without it.
    check_receiver(
        "became_required",
        &["patch  github/issues  .label  became required  Issues::label: Option<Label>"],
        Bump::Patch,
    );
    assert_eq!(report("became_required").bump(), Bump::Major);
    check_receiver(
        "nullability_removed",
        &[
            "patch  github/issues  .count  no longer nullable  Issues::count: Option<i64>",
            "patch  github/issues  .label  no longer nullable  Issues::label: Option<Label>",
        ],
        Bump::Patch,
    );
}

#[test]
fn receiver_new_enum_value_depends_on_the_enums() {
    let line = |l: &str| {
        format!(
            r#"{l}  github::Issue  .state  enum value "locked" added  IssueState::Locked added"#
        )
    };
    // The generated crate: open, non-exhaustive enums; a new value is minor.
    check_receiver("enum_value_added", &[&line("minor")], Bump::Minor);
    let with = |model| {
        report_with(
            "enum_value_added",
            Options {
                perspective: Perspective::Receiver,
                model,
            },
        )
    };
    // Exhaustive enums: a `match` naming every variant breaks.
    let exhaustive = with(Model {
        non_exhaustive_enums: false,
        ..Model::GENERATED
    });
    assert_eq!(exhaustive.bump(), Bump::Major);
    assert!(exhaustive.to_text().starts_with(&line("api")));
    // Types that reject values they do not list fail on the new one.
    let closed = with(Model {
        open_enums: false,
        non_exhaustive_enums: true,
    });
    assert!(
        closed.to_text().starts_with(&line("wire")),
        "{}",
        closed.to_text()
    );
    assert_eq!(closed.bump(), Bump::Major);
}

#[test]
fn receiver_removed_variants_and_fields_break_the_api() {
    check_receiver(
        "enum_value_removed",
        &[r#"api  github::Issue  .state  enum value "closed" removed  IssueState::Closed removed"#],
        Bump::Major,
    );
    check_receiver(
        "action_removed",
        &["api  github/issues.closed  .action  action removed  IssuesAction::Closed removed"],
        Bump::Major,
    );
    check_receiver(
        "event_removed",
        &["api  github/ping  .  event removed  Event::Ping removed"],
        Bump::Major,
    );
    check_receiver(
        "field_removed",
        &["api  github/issues  .count  removed (was integer|null, optional)  Issues::count: Option<i64> removed"],
        Bump::Major,
    );
    // A plain field the new docs drop is also missing from payloads the old
    // crate requires it in.
    check_receiver(
        "def_field_removed",
        &["api+wire  github::Issue  .title  removed (was string, required)  Issue::title: String removed"],
        Bump::Major,
    );
}

#[test]
fn receiver_changed_field_type_breaks_the_api() {
    check_receiver(
        "type_changed",
        &["api+wire  github::Issue  .number  type changed (integer -> string)  Issue::number: i64 -> String"],
        Bump::Major,
    );
}

#[test]
fn receiver_additions_are_minor_and_wording_is_a_patch() {
    check_receiver(
        "field_added",
        &["minor  github/issues  .tags  added (optional, array)  Issues::tags: Option<Vec<String>> added"],
        Bump::Minor,
    );
    check_receiver(
        "description_changed",
        &["patch  Issue  .  description changed"],
        Bump::Patch,
    );
    // The generated enums are `#[non_exhaustive]`: a new event is minor.
    check_receiver(
        "event_added",
        &["minor  github/ping  .  event added  Event::Ping added"],
        Bump::Minor,
    );
    // With exhaustive enums a `match` naming every event would break.
    let model = Model {
        non_exhaustive_enums: false,
        ..Model::GENERATED
    };
    let r = report_with(
        "event_added",
        Options {
            perspective: Perspective::Receiver,
            model,
        },
    );
    assert_eq!(r.bump(), Bump::Major);
}

#[test]
fn receiver_reports_a_renamed_type_once_as_a_rename() {
    check_receiver(
        "type_renamed",
        &["api  github::Label  .  type renamed from `IssueLabel` (same fields)  IssueLabel -> Label  (2 events)"],
        Bump::Major,
    );
    // A validator sees the same shapes.
    assert!(report("type_renamed").changes.is_empty());
}

#[test]
fn receiver_reports_a_renamed_event_as_a_rename() {
    let (lines, bump) = receiver("event_renamed");
    assert_eq!(bump, Bump::Major);
    let renamed: Vec<&String> = lines.iter().filter(|l| l.contains("renamed")).collect();
    assert_eq!(renamed.len(), 2, "{lines:#?}");
    for kind in ["completed", "started"] {
        let new = format!("azure-devops/ms.azure-devops-release.deployment-{kind}-event  .  event renamed from `ms.vss-release.deployment-{kind}-event`");
        assert!(
            renamed
                .iter()
                .any(|l| l.starts_with(&format!("api  {new}"))),
            "{kind}: {lines:#?}"
        );
    }
    // An event with no counterpart of its shape stays a removal.
    assert!(
        lines.contains(
            &"api  azure-devops/message.posted  .  event removed  Event::MessagePosted removed"
                .to_string()
        ),
        "{lines:#?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("git.repo.created  .  event added")),
        "{lines:#?}"
    );
    // The validator view keeps the removal and the addition.
    let text = report("event_renamed").to_text();
    assert!(
        text.contains(
            "breaking  azure-devops/ms.vss-release.deployment-started-event  .  event removed"
        ),
        "{text}"
    );
    assert!(text.contains("additive  azure-devops/ms.azure-devops-release.deployment-started-event  .  event added"), "{text}");
}

#[test]
fn receiver_reports_a_shared_type_change_once() {
    check_receiver(
        "shared_type_changed",
        &["api+wire  github::Repository  .description  became nullable  Repository::description: String -> Option<String>  (2 events)"],
        Bump::Major,
    );
    let r = diff_dirs(
        &case_dir("shared_type_changed").join("old"),
        &case_dir("shared_type_changed").join("new"),
    )
    .unwrap();
    let within = r.changes[0].within.as_ref().unwrap();
    assert_eq!(within.events, ["github/push", "github/star"]);
    // Seen per event by a validator.
    assert_eq!(report("shared_type_changed").changes.len(), 2);
}

#[test]
fn receiver_multi_change_text() {
    let dir = case_dir("multi");
    let report = diff_dirs(&dir.join("old"), &dir.join("new")).unwrap();
    insta::assert_snapshot!(report.to_text(), @r#"
    minor  github/issue_comment  .  event added  Event::IssueComment added

    patch  github/issues  .  description changed
    api  github/issues.closed  .action  action removed  IssuesAction::Closed removed
    api  github/issues.opened  .changes  became required  IssuesByAction::Opened { changes } unwrapped
    minor  github/issues.reopened  .action  action added  IssuesAction::Reopened added

    patch  github/ping  .hook_id  became nullable  Ping::hook_id: Option<i64>
    api+wire  github/ping  .zen  no longer required  Ping::zen: String -> Option<String>

    minor  github::Issue  .body  added (optional, string|null)  Issue::body: Option<String> added
    api+wire  github::Issue  .number  type widened (integer -> number)  Issue::number: i64 -> Number
    minor  github::Issue  .state  enum value "locked" added  IssueState::Locked added
    api+wire  github::Issue  .title  removed (was string, required)  Issue::title: String removed

    5 API-breaking, 3 wire-breaking, 4 minor, 2 patch; bump: major
    "#);
}

#[test]
fn receiver_json_carries_both_views() {
    let dir = case_dir("multi");
    let report = diff_dirs(&dir.join("old"), &dir.join("new")).unwrap();
    let json: Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["perspective"], "receiver");
    assert_eq!(json["bump"], "major");
    assert_eq!(json["summary"]["breaking"], 3);
    assert_eq!(
        json["receiver"]["wire_breaking"],
        report.receiver_summary().wire_breaking
    );
    let number = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["within"]["path"] == ".number")
        .expect("the Issue::number change");
    assert_eq!(number["verdict"], "additive");
    assert_eq!(number["wire"], "breaking");
    assert_eq!(number["api"], "breaking");
    assert_eq!(number["bump"], "major");
    assert_eq!(number["within"]["type"], "Issue");
    assert_eq!(number["rust"], "Issue::number: i64 -> Number");
}

#[test]
fn receiver_markdown_comment() {
    let dir = case_dir("multi");
    let report = diff_dirs(&dir.join("old"), &dir.join("new")).unwrap();
    insta::assert_snapshot!(report.to_markdown(), @r#"
    ### Webhook schema diff: **major**

    Code built on the generated crate may no longer compile, or no longer parse what the vendor sends.

    5 API-breaking, 3 wire-breaking, 4 minor, 2 patch; seen from code built on the generated crate (`codegen diff`, exit code 3).

    **What breaks** (run-time failures and events gone first, then the most widespread):

    - api+wire: `.zen` no longer required (ping)
    - api+wire: `Issue.number` type widened (integer -> number) (issues)
    - api+wire: `Issue.title` removed (was string, required) (issues)
    - api: `.action` action removed (issues.closed)
    - api: `.changes` became required (issues.opened)

    | | bump | API-breaking | wire-breaking | minor | patch |
    | --- | --- | ---: | ---: | ---: | ---: |
    | `github/issue_comment` | minor | 0 | 0 | 1 | 0 |
    | `github/issues` | major | 2 | 0 | 1 | 1 |
    | `github/ping` | major | 1 | 1 | 0 | 1 |
    | type `github::Issue` | major | 2 | 2 | 2 | 0 |

    <details><summary>github/issue_comment (minor, 1 change)</summary>

    ```text
    minor  github/issue_comment  .  event added  Event::IssueComment added
    ```

    </details>

    <details><summary>github/issues (major, 4 changes)</summary>

    ```text
    patch  github/issues  .  description changed
    api  github/issues.closed  .action  action removed  IssuesAction::Closed removed
    api  github/issues.opened  .changes  became required  IssuesByAction::Opened { changes } unwrapped
    minor  github/issues.reopened  .action  action added  IssuesAction::Reopened added
    ```

    </details>

    <details><summary>github/ping (major, 2 changes)</summary>

    ```text
    patch  github/ping  .hook_id  became nullable  Ping::hook_id: Option<i64>
    api+wire  github/ping  .zen  no longer required  Ping::zen: String -> Option<String>
    ```

    </details>

    <details><summary>type github::Issue, used by 1 event (major, 4 changes)</summary>

    ```text
    minor  github::Issue  .body  added (optional, string|null)  Issue::body: Option<String> added
    api+wire  github::Issue  .number  type widened (integer -> number)  Issue::number: i64 -> Number
    minor  github::Issue  .state  enum value "locked" added  IssueState::Locked added
    api+wire  github::Issue  .title  removed (was string, required)  Issue::title: String removed
    ```

    </details>
    "#);
}

#[test]
fn markdown_for_a_patch_and_for_the_validator() {
    let dir = case_dir("description_changed");
    let report = diff_dirs(&dir.join("old"), &dir.join("new")).unwrap();
    let md = report.to_markdown();
    assert!(
        md.starts_with("### Webhook schema diff: **patch**\n"),
        "{md}"
    );
    assert!(!md.contains("What breaks"), "{md}");
    let md = report_with("multi", VALIDATOR).to_markdown();
    assert!(
        md.starts_with("### Webhook schema diff: **major**\n"),
        "{md}"
    );
    assert!(md.contains("| `github/issues` | 3 | 4 | 1 |"), "{md}");
}

/// A vendor that renamed itself between two docs eras (one provider gone,
/// one new, sharing event names): one API-breaking line for the module,
/// and its events compared under the new name rather than all removed and
/// added.
#[test]
fn renamed_provider_is_one_change_and_its_events_are_compared() {
    let schema = |event: &str, extra: bool| {
        let mut props = json!({"id": {"type": "integer"}});
        if extra {
            props["note"] = json!({"type": "string"});
        }
        json!({"title": format!("{event}_event"), "x-event": event, "type": "object", "properties": props})
    };
    let old = std::collections::BTreeMap::from([
        ("oldname/git.push".to_string(), schema("git.push", false)),
        (
            "oldname/build.complete".to_string(),
            schema("build.complete", false),
        ),
    ]);
    let new = std::collections::BTreeMap::from([
        ("newname/git.push".to_string(), schema("git.push", true)),
        (
            "newname/build.complete".to_string(),
            schema("build.complete", false),
        ),
    ]);
    let report = codegen::diff::diff_sets(&old, &new, Options::default());
    let text = report.to_text();
    assert!(
        text.contains("newname  .  provider renamed from `oldname`"),
        "{text}"
    );
    assert!(text.contains("newname/git.push  .note  added"), "{text}");
    assert!(!text.contains("event removed"), "{text}");
    assert!(!text.contains("event added"), "{text}");
    assert_eq!(report.bump(), Bump::Major);
}
