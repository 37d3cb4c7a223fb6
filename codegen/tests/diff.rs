//! Schema diff: one fixture case per verdict kind, under
//! `tests/fixtures/diff/<case>/{old,new}`, plus inline schemas for the
//! odd shapes the walk must tolerate.

use std::fs;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use codegen::diff::{diff_dirs, diff_schemas, Change, DiffError, Report, Verdict};
use serde_json::{json, Value};

fn case_dir(case: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/diff")
        .join(case)
}

fn report(case: &str) -> Report {
    let dir = case_dir(case);
    diff_dirs(&dir.join("old"), &dir.join("new")).expect("fixture diffs")
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

    3 breaking, 7 additive, 1 docs-only
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
            "verdict": "additive",
            "event": "github/issue_comment",
            "action": null,
            "path": ".",
            "message": "event added",
        })
    );
    assert!(changes.iter().any(|c| c["verdict"] == "docs-only"));
    assert!(changes.iter().any(|c| c["action"] == "opened"));
}

#[test]
fn identical_dirs_have_no_changes() {
    let dir = case_dir("multi").join("new");
    let report = diff_dirs(&dir, &dir).unwrap();
    assert!(report.changes.is_empty());
    assert!(!report.is_breaking());
    assert_eq!(report.to_text(), "0 breaking, 0 additive, 0 docs-only\n");
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
/// the last one; memoizing per def pair keeps this linear.
#[test]
fn diamond_refs_do_not_explode() {
    let schema = |ty: &str| {
        let mut defs = serde_json::Map::new();
        for i in 0..40 {
            let next = json!({ "$ref": format!("#/$defs/d{}", i + 1) });
            defs.insert(format!("d{i}"), object(json!({ "a": next, "b": next })));
        }
        defs.insert("d40".into(), object(json!({ "leaf": { "type": ty } })));
        json!({ "type": "object", "properties": { "root": { "$ref": "#/$defs/d0" } }, "$defs": defs })
    };
    let start = Instant::now();
    let changes = diff(schema("string"), schema("boolean"));
    assert!(start.elapsed() < Duration::from_secs(5));
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
