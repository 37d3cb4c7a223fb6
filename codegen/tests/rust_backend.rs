//! Builds the crate the Rust back-end prints for a hand-made IR and runs its
//! own tests under several feature sets, plus clippy.
//!
//! Slow the first time (it compiles serde and jsonschema); later runs reuse
//! `target/gen-test`.

use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::diag::Span;
use codegen::ir::{
    Action, Docs, Enum, EnumId, Event, Example, Field, Object, ObjectId, Provider, Type, TypeSpace,
};
use codegen::rust::{generate_crate, CrateSettings, RuntimeDependency};
use serde_json::{json, Value};

fn field(name: &str, rust: &str, ty: Type) -> Field {
    Field {
        name: name.to_string(),
        rust_name: rust.to_string(),
        ty,
        nullable: false,
        required: false,
        description: format!("The {name}."),
        documented: true,
    }
}

fn nullable(mut f: Field) -> Field {
    f.nullable = true;
    f
}

fn object(rust: &str, root: bool, fields: Vec<Field>) -> Object {
    Object {
        def_name: codegen::names::snake(rust),
        rust_name: rust.to_string(),
        description: format!("A {rust}."),
        fields,
        is_root: root,
    }
}

fn string() -> Type {
    Type::String { format: None }
}

fn list(ty: Type) -> Type {
    Type::Array(Box::new(ty))
}

fn example(action: Option<&str>, value: Value) -> Example {
    Example {
        action: action.map(str::to_string),
        source: "fixture".to_string(),
        raw: serde_json::to_string_pretty(&value).unwrap(),
        value,
    }
}

const ISSUES: ObjectId = ObjectId(0);
const ISSUE: ObjectId = ObjectId(1);
const USER: ObjectId = ObjectId(2);
const LABEL: ObjectId = ObjectId(3);
const ORG: ObjectId = ObjectId(4);
const PUSH: ObjectId = ObjectId(5);
const COMMIT: ObjectId = ObjectId(6);
const REPOSITORY: ObjectId = ObjectId(7);
const PING: ObjectId = ObjectId(8);
const MERGE: ObjectId = ObjectId(9);
const MERGE_ATTRS: ObjectId = ObjectId(10);

/// Five events: `issues` (actions, cycles, nulls, a field called `extra`),
/// `push` (arrays of objects, an enum with a value `other`), `ping` (an
/// action path through an untyped field), `Merge Request Hook` (a nested
/// typed action, a name with a space) and `deploy` (ping's payload type, an
/// action under an undocumented key).
pub fn fixture() -> Docs {
    let objects = vec![
        object(
            "IssuesEvent",
            true,
            vec![
                field("action", "action", Type::Enum(EnumId(0))),
                field("issue", "issue", Type::Object(ISSUE)),
                field("sender", "sender", Type::Object(USER)),
                field("changes", "changes", Type::Any),
                field("labels", "labels", list(Type::Object(LABEL))),
            ],
        ),
        object(
            "Issue",
            false,
            vec![
                field("id", "id", Type::Integer),
                field("number", "number", Type::Integer),
                field("title", "title", string()),
                field("state", "state", Type::Enum(EnumId(1))),
                field("locked", "locked", Type::Boolean),
                field("score", "score", Type::Number),
                nullable(field("closed_at", "closed_at", string())),
                nullable(field("assignee", "assignee", Type::Object(USER))),
                field("labels", "labels", list(Type::Object(LABEL))),
                nullable(field("parent", "parent", Type::Object(ISSUE))),
                field("tags", "tags", list(string())),
                field("matrix", "matrix", list(list(Type::Integer))),
                field("type", "type_", string()),
                field("extra", "extra", string()),
                field("nulls", "nulls", Type::Boolean),
                field(
                    "id_or_name",
                    "id_or_name",
                    Type::Union(vec![Type::Integer, string()]),
                ),
            ],
        ),
        object(
            "User",
            false,
            vec![
                field("login", "login", string()),
                field("id", "id", Type::Integer),
                field("site_admin", "site_admin", Type::Boolean),
                nullable(field("org", "org", Type::Object(ORG))),
            ],
        ),
        object(
            "Label",
            false,
            vec![
                field("name", "name", string()),
                field("color", "color", string()),
                field("default", "default", Type::Boolean),
            ],
        ),
        object(
            "Org",
            false,
            vec![
                field("login", "login", string()),
                nullable(field("owner", "owner", Type::Object(USER))),
            ],
        ),
        object(
            "PushEvent",
            true,
            vec![
                field("ref", "ref_", string()),
                field("before", "before", string()),
                field("commits", "commits", list(Type::Object(COMMIT))),
                field("pusher", "pusher", Type::Object(USER)),
                field("repository", "repository", Type::Object(REPOSITORY)),
            ],
        ),
        object(
            "Commit",
            false,
            vec![
                field("id", "id", string()),
                field("message", "message", string()),
                field("distinct", "distinct", Type::Boolean),
                field("added", "added", list(string())),
            ],
        ),
        object(
            "Repository",
            false,
            vec![
                field("id", "id", Type::Integer),
                field("full_name", "full_name", string()),
                field("visibility", "visibility", Type::Enum(EnumId(2))),
            ],
        ),
        object(
            "PingEvent",
            true,
            vec![
                field("zen", "zen", string()),
                field("hook_id", "hook_id", Type::Integer),
                field("hook", "hook", Type::Any),
                field("sender", "sender", Type::Object(USER)),
            ],
        ),
        object(
            "MergeRequestHook",
            true,
            vec![
                field("object_kind", "object_kind", string()),
                field(
                    "object_attributes",
                    "object_attributes",
                    Type::Object(MERGE_ATTRS),
                ),
            ],
        ),
        object(
            "MergeAttributes",
            false,
            vec![
                field("action", "action", string()),
                field("iid", "iid", Type::Integer),
            ],
        ),
    ];
    let enums = vec![
        Enum {
            rust_name: "IssuesAction".to_string(),
            values: vec!["opened".into(), "closed".into(), "re-opened".into()],
            variants: vec!["Opened".into(), "Closed".into(), "ReOpened".into()],
        },
        Enum {
            rust_name: "IssueState".to_string(),
            values: vec!["open".into(), "closed".into()],
            variants: vec!["Open".into(), "Closed".into()],
        },
        Enum {
            rust_name: "Visibility".to_string(),
            values: vec!["public".into(), "private".into(), "other".into()],
            variants: vec!["Public".into(), "Private".into(), "Other".into()],
        },
    ];
    let user = json!({
        "login": "octocat", "id": 1, "site_admin": false,
        "org": {"login": "acme", "owner": {"login": "boss", "id": 2, "site_admin": true, "org": null}},
        "avatar_url": "https://example.com/a.png"
    });
    let opened = json!({
        "action": "opened",
        "issue": {
            "id": 10, "number": 7, "title": "Crash \"quoted\" \u{e9}", "state": "open",
            "locked": false, "score": 1.0, "closed_at": null, "assignee": null,
            "labels": [{"name": "bug", "color": "f00", "default": true, "node_id": "L1"}],
            "parent": {"id": 9, "number": 6, "title": "Parent", "state": "closed", "parent": null,
                       "score": 2, "matrix": []},
            "tags": ["a", "b"], "matrix": [[1, 2], [], [-3]],
            "type": "bug", "extra": "a field called extra", "nulls": true,
            "id_or_name": "seven",
            "reactions": {"+1": 3, "heart": null},
            "performed_via_github_app": null
        },
        "sender": user,
        "changes": {"title": {"from": "old"}},
        "labels": [],
        "installation": {"id": 5}
    });
    let closed = json!({
        "action": "closed",
        "issue": {"id": 11, "number": 8, "state": "closed", "id_or_name": 8, "score": -0.5,
                  "closed_at": "2024-01-01T00:00:00Z", "assignee": user},
        "sender": user
    });
    let reopened = json!({
        "action": "re-opened",
        "issue": {"id": 12, "state": "weird-new-state"},
        "sender": user
    });
    let push = json!({
        "ref": "refs/heads/main", "before": "abc",
        "commits": [
            {"id": "c1", "message": "one", "distinct": true, "added": ["a.rs"]},
            {"id": "c2", "message": "two", "distinct": false, "added": [], "author": {"name": "x"}}
        ],
        "pusher": {"login": "octocat", "id": 1},
        "repository": {"id": 3, "full_name": "acme/widgets", "visibility": "other"}
    });
    let push_internal = json!({
        "ref": "refs/tags/v1", "commits": [],
        "repository": {"id": 3, "full_name": "acme/widgets", "visibility": "internal"}
    });
    let ping = json!({"zen": "Keep it simple.", "hook_id": 4, "hook": {"action": "created", "events": ["*"]}});
    let merge =
        json!({"object_kind": "merge_request", "object_attributes": {"action": "open", "iid": 1}});
    let deploy = json!({"zen": "Ship it.", "meta": {"action": "started"}});
    let span = Span::default();
    let action = |name: &str| Action {
        name: name.to_string(),
        description: format!("Someone {name} an issue."),
        required: vec![],
        fields: vec![],
    };
    // `closed` has fields of its own, so `issues` gets a per-action view:
    // `issue` unwrapped (every `closed` example has it), the others optional.
    let closed_action = Action {
        required: vec!["issue".to_string()],
        fields: ["issue", "changes", "labels"].map(String::from).to_vec(),
        ..action("closed")
    };
    let events = vec![
        Event {
            name: "issues".to_string(),
            spellings: vec![],
            variant: "Issues".to_string(),
            description: "Activity on issues.".to_string(),
            availability: vec![],
            action_path: vec!["action".to_string()],
            actions: vec![action("opened"), closed_action, action("re-opened")],
            payload: ISSUES,
            action_enum: Some(EnumId(0)),
            examples: vec![
                example(Some("opened"), opened),
                example(Some("closed"), closed.clone()),
                example(Some("closed"), closed),
                example(Some("re-opened"), reopened),
            ],
            span: span.clone(),
        },
        Event {
            name: "push".to_string(),
            spellings: vec![],
            variant: "Push".to_string(),
            description: "Commits were pushed.\n\nMultiple\n   lines.".to_string(),
            availability: vec![],
            action_path: vec![],
            actions: vec![],
            payload: PUSH,
            action_enum: None,
            examples: vec![example(None, push), example(None, push_internal)],
            span: span.clone(),
        },
        Event {
            name: "ping".to_string(),
            spellings: vec![],
            variant: "Ping".to_string(),
            description: String::new(),
            availability: vec![],
            action_path: vec!["hook".to_string(), "action".to_string()],
            actions: vec![],
            payload: PING,
            action_enum: None,
            examples: vec![example(None, ping)],
            span: span.clone(),
        },
        Event {
            name: "Merge Request Hook".to_string(),
            spellings: vec![],
            variant: "MergeRequestHook".to_string(),
            description: "A merge request changed.".to_string(),
            availability: vec![],
            action_path: vec!["object_attributes".to_string(), "action".to_string()],
            actions: vec![],
            payload: MERGE,
            action_enum: None,
            examples: vec![example(Some("open"), merge)],
            span: span.clone(),
        },
        Event {
            name: "deploy".to_string(),
            spellings: vec![],
            variant: "Deploy".to_string(),
            description: String::new(),
            availability: vec![],
            action_path: vec!["meta".to_string(), "action".to_string()],
            actions: vec![],
            payload: PING,
            action_enum: None,
            examples: vec![example(None, deploy)],
            span,
        },
    ];
    Docs {
        version: None,
        providers: vec![Provider {
            name: "acme".to_string(),
            module: "acme".to_string(),
            event_header: Some("X-Acme-Event".to_string()),
            name_in_body: vec![],
            batch: None,
            headers: vec![],
            signatures: vec![],
            events,
            types: TypeSpace { objects, enums },
        }],
    }
}

/// Loose hand-written schemas; the real ones come from the schema back-end.
fn schemas(provider: &str) -> Vec<(String, Value)> {
    let schemas = vec![
        (
            "issues.schema.json",
            json!({
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "object",
                "required": ["action", "issue"],
                "properties": {
                    "action": {"enum": ["opened", "closed", "re-opened"]},
                    "issue": {"$ref": "#/$defs/issue"}
                },
                "$defs": {"issue": {"type": "object", "required": ["id"],
                                    "properties": {"id": {"type": "integer"}}}}
            }),
        ),
        (
            "push.schema.json",
            json!({"type": "object", "required": ["ref"], "properties": {"ref": {"type": "string"}}}),
        ),
        ("ping.schema.json", json!({"type": "object"})),
        ("Merge_Request_Hook.schema.json", json!({"type": "object"})),
        ("deploy.schema.json", json!({"type": "object"})),
    ];
    schemas
        .into_iter()
        .map(|(file, schema)| (format!("{provider}/{file}"), schema))
        .collect()
}

fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/gen-test")
}

fn cargo(dir: &Path, args: &[&str]) {
    let out = Command::new(env!("CARGO"))
        .arg(args[0])
        .arg("--offline")
        .args(&args[1..])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir())
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo {} failed:\n{}\n{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn write_crate(root: &Path, docs: &Docs) -> PathBuf {
    let settings = CrateSettings {
        crate_name: "acme-hooks".to_string(),
        standalone: true,
        runtime: RuntimeDependency::this_workspace(),
        ..CrateSettings::default()
    };
    let krate = root.join("generated");
    for file in generate_crate(docs, &settings).expect("valid Rust") {
        let path = krate.join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, file.contents).unwrap();
    }
    for (path, schema) in docs.providers.iter().flat_map(|p| schemas(&p.name)) {
        let path = root.join("schemas").join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, serde_json::to_vec_pretty(&schema).unwrap()).unwrap();
    }
    // Same versions as this workspace, so the offline build finds them all.
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
    if lock.exists() {
        std::fs::copy(lock, krate.join("Cargo.lock")).unwrap();
    }
    krate
}

#[test]
fn generated_crate_passes_its_tests_under_every_feature_set() {
    let tmp = tempfile::tempdir().unwrap();
    // `RUST_BACKEND_OUT=dir` keeps the crate for a look.
    let root = std::env::var_os("RUST_BACKEND_OUT")
        .map_or_else(|| tmp.path().to_path_buf(), PathBuf::from);
    let docs = fixture();
    let krate = write_crate(&root, &docs);
    let clippy = ["clippy", "--quiet", "--all-targets"];
    let deny = ["--", "-D", "warnings"];
    cargo(&krate, &["test", "--quiet"]);
    cargo(&krate, &[&clippy[..], &deny].concat());
    cargo(&krate, &["test", "--quiet", "--no-default-features"]);
    cargo(
        &krate,
        &[&clippy[..], &["--no-default-features"], &deny].concat(),
    );
    for feature in ["issues", "push", "ping", "merge-request-hook", "deploy"] {
        let only = ["--no-default-features", "--features", feature];
        cargo(&krate, &[&["test", "--quiet"][..], &only].concat());
        cargo(&krate, &[&clippy[..], &only, &deny].concat());
    }
}

#[test]
fn output_is_deterministic_and_sorted() {
    let docs = fixture();
    let settings = CrateSettings::default();
    let a = generate_crate(&docs, &settings).unwrap();
    let b = generate_crate(&docs, &settings).unwrap();
    assert_eq!(a, b);
    let paths: Vec<&str> = a.iter().map(|f| f.path.as_str()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    for file in &a {
        let text = String::from_utf8(file.contents.clone()).unwrap();
        if file.path.ends_with(".rs") {
            assert!(
                text.starts_with("// generated by `cargo run -p codegen`, do not edit\n"),
                "{}",
                file.path
            );
        } else if file.path.ends_with(".toml") {
            assert!(
                text.starts_with("# generated by `cargo run -p codegen`, do not edit\n"),
                "{}",
                file.path
            );
        }
    }
}

#[test]
fn several_providers_build_and_pass() {
    let mut docs = fixture();
    let mut beta = docs.providers[0].clone();
    beta.name = "beta".to_string();
    beta.module = "beta".to_string();
    // Beta names its events in the body too (`meta.event`, else `kind`):
    // `parse_body` reads them, and the generated tests check it on the
    // examples that carry them.
    beta.name_in_body = vec![
        vec!["meta".to_string(), "event".to_string()],
        vec!["kind".to_string()],
    ];
    let push = beta.events.iter_mut().find(|e| e.name == "push").unwrap();
    push.examples[0].value["kind"] = json!("push");
    push.examples[0].raw = serde_json::to_string_pretty(&push.examples[0].value).unwrap();
    let issues = beta.events.iter_mut().find(|e| e.name == "issues").unwrap();
    issues.examples[0].value["meta"] = json!({"event": "issues", "kind": "push"});
    issues.examples[0].raw = serde_json::to_string_pretty(&issues.examples[0].value).unwrap();
    docs.providers.push(beta);
    let tmp = tempfile::tempdir().unwrap();
    let krate = write_crate(tmp.path(), &docs);
    cargo(&krate, &["test", "--quiet"]);
    cargo(
        &krate,
        &[
            "test",
            "--quiet",
            "--no-default-features",
            "--features",
            "beta-push",
        ],
    );
    cargo(
        &krate,
        &["clippy", "--quiet", "--all-targets", "--", "-D", "warnings"],
    );
}
