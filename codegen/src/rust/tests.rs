//! Unit tests of the back-end's decisions on small hand-made IRs; the
//! generated crate itself is compiled and run by `tests/rust_backend.rs`.

use super::plan::examples::example_files;
use super::plan::graph::{boxed_fields, gates, Gate};
use super::plan::CratePlan;
use super::test_suite;
use super::tokens::ident;
use super::{generate_crate, CrateSettings, OutputFile};
use crate::diag::Span;
use crate::ir::{
    Docs, Enum, EnumId, Event, Example, Field, Object, ObjectId, Provider, Type, TypeSpace,
};

fn field(name: &str, ty: Type) -> Field {
    Field {
        name: name.to_string(),
        rust_name: crate::names::snake(name),
        ty,
        nullable: false,
        required: false,
        description: String::new(),
        documented: true,
    }
}

fn object(rust: &str, fields: Vec<Field>) -> Object {
    Object {
        def_name: crate::names::snake(rust),
        rust_name: rust.to_string(),
        description: String::new(),
        fields,
        is_root: false,
    }
}

fn event(name: &str, payload: usize, action: Option<usize>) -> Event {
    Event {
        name: name.to_string(),
        spellings: vec![],
        variant: crate::names::upper_camel(name),
        description: String::new(),
        availability: vec![],
        action_path: action
            .map(|_| vec!["action".to_string()])
            .unwrap_or_default(),
        actions: vec![],
        payload: ObjectId(payload),
        action_enum: action.map(EnumId),
        examples: vec![Example {
            action: None,
            source: "test".to_string(),
            raw: "{}".to_string(),
            value: serde_json::json!({}),
        }],
        span: Span::default(),
    }
}

fn provider(module: &str, objects: Vec<Object>, enums: Vec<Enum>, events: Vec<Event>) -> Provider {
    Provider {
        name: module.to_string(),
        module: module.to_string(),
        event_header: None,
        name_in_body: vec![],
        batch: None,
        headers: vec![],
        signatures: vec![],
        events,
        types: TypeSpace { objects, enums },
    }
}

/// Every type file of a provider, in path order, one after the other.
fn types_text(files: &[OutputFile], module: &str) -> String {
    let dir = format!("src/{module}/types/");
    files
        .iter()
        .filter(|f| f.path.starts_with(&dir))
        .map(|f| std::str::from_utf8(&f.contents).unwrap())
        .collect()
}

fn text<'a>(files: &'a [OutputFile], path: &str) -> &'a str {
    let file = files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no {path}"));
    std::str::from_utf8(&file.contents).unwrap()
}

/// A: root of `a`, B: root of `b`, Shared: reached from both, OnlyA: from
/// `a` only, Orphan: from no event (and it mentions OnlyA), Node: a cycle
/// through Node -> Link -> Node, plus a self-cycle via a list (no box).
fn graph_provider() -> Provider {
    let objects = vec![
        object(
            "A",
            vec![
                field("shared", Type::Object(ObjectId(2))),
                field("only", Type::Object(ObjectId(3))),
                field("node", Type::Object(ObjectId(5))),
            ],
        ),
        object("B", vec![field("shared", Type::Object(ObjectId(2)))]),
        object("Shared", vec![field("kind", Type::Enum(EnumId(0)))]),
        object("OnlyA", vec![field("x", Type::Integer)]),
        object("Orphan", vec![field("only", Type::Object(ObjectId(3)))]),
        object(
            "Node",
            vec![
                field("link", Type::Object(ObjectId(6))),
                field("children", Type::Array(Box::new(Type::Object(ObjectId(5))))),
            ],
        ),
        object(
            "Link",
            vec![
                field("node", Type::Object(ObjectId(5))),
                field("shared", Type::Object(ObjectId(2))),
            ],
        ),
    ];
    let enums = vec![
        Enum {
            rust_name: "Kind".to_string(),
            values: vec!["x".to_string()],
            variants: vec!["X".to_string()],
        },
        Enum {
            rust_name: "AAction".to_string(),
            values: vec!["go".to_string()],
            variants: vec!["Go".to_string()],
        },
    ];
    provider(
        "p",
        objects,
        enums,
        vec![event("a", 0, Some(1)), event("b", 1, None)],
    )
}

#[test]
fn gates_follow_reachability() {
    let (objects, enums) = gates(&graph_provider());
    let a = Gate::Events(vec![0]);
    let b = Gate::Events(vec![1]);
    assert_eq!(
        objects,
        vec![
            a.clone(),
            b,
            Gate::Always,
            Gate::Always, // reached from the orphan
            Gate::Always,
            a.clone(),
            a.clone(),
        ]
    );
    assert_eq!(enums, vec![Gate::Always, a]);
}

#[test]
fn only_direct_cycles_are_boxed() {
    let boxed = boxed_fields(&graph_provider().types);
    assert_eq!(boxed[0], vec![false, false, false]);
    assert_eq!(boxed[5], vec![true, false]);
    assert_eq!(boxed[6], vec![true, false]);
}

#[test]
fn fixed_names_never_clash_with_ir_names() {
    let objects = vec![
        object(
            "Event",
            vec![
                field("extra", Type::String { format: None }),
                field("nulls", Type::Boolean),
                field("kind", Type::Enum(EnumId(0))),
            ],
        ),
        object("ParseError", vec![]),
    ];
    let enums = vec![Enum {
        rust_name: "Kind".to_string(),
        values: vec!["other".to_string()],
        variants: vec!["Other".to_string()],
    }];
    let mut unknown = event("unknown", 0, None);
    unknown.examples.clear();
    let docs = Docs {
        version: None,
        providers: vec![provider(
            "support",
            objects,
            enums,
            vec![unknown, event("second", 1, None)],
        )],
    };
    let files = generate_crate(&docs, &CrateSettings::default()).unwrap();
    let lib = text(&files, "src/lib.rs");
    // The runtime is another crate: a module may be called `support`.
    assert!(lib.contains("mod support;"), "{lib}");
    assert!(!lib.contains("support2"), "{lib}");
    let module = text(&files, "src/support/mod.rs");
    assert!(module.contains("pub enum Event2 {"), "{module}");
    assert!(module.contains("pub use ::webhook_runtime::ParseError as ParseError2;"));
    assert!(module.contains("Unknown2 {"), "{module}");
    assert!(
        module.contains("Unknown(::std::boxed::Box<Event>)"),
        "{module}"
    );
    let types = types_text(&files, "support");
    assert!(types.contains("pub extra: ::core::option::Option<::std::string::String>"));
    assert!(
        types.contains("pub extra2: ::webhook_runtime::Extra"),
        "{types}"
    );
    // No private state: `nulls` is an IR field like any other.
    assert!(
        types.contains("pub nulls: ::core::option::Option<bool>"),
        "{types}"
    );
    assert!(types.contains("Other2(::std::string::String)"), "{types}");
}

#[test]
fn several_providers_get_modules_and_prefixed_features() {
    let docs = Docs {
        version: None,
        providers: vec![
            provider(
                "one",
                vec![object("P", vec![])],
                vec![],
                vec![event("ping", 0, None)],
            ),
            provider(
                "two",
                vec![object("P", vec![])],
                vec![],
                vec![event("ping", 0, None)],
            ),
        ],
    };
    let settings = CrateSettings {
        standalone: true,
        ..CrateSettings::default()
    };
    let files = generate_crate(&docs, &settings).unwrap();
    let lib = text(&files, "src/lib.rs");
    assert!(
        lib.contains("pub mod one;") && lib.contains("pub mod two;"),
        "{lib}"
    );
    let manifest = text(&files, "Cargo.toml");
    assert!(
        manifest.contains("default = [\"delivery\", \"undocumented\", \"one-ping\", \"two-ping\"]"),
        "{manifest}"
    );
    assert!(manifest.ends_with("\n[workspace]\n"), "{manifest}");
    assert!(text(&files, "tests/examples.rs").contains("mod two {"));
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert!(paths.contains(&"payloads/one/ping.json"), "{paths:?}");
    assert!(paths.contains(&"payloads/two/ping.json"), "{paths:?}");
}

#[test]
fn manifest_is_core_only_and_not_a_workspace_by_default() {
    let docs = Docs {
        version: None,
        providers: vec![graph_provider()],
    };
    let files = generate_crate(&docs, &CrateSettings::default()).unwrap();
    let manifest = text(&files, "Cargo.toml");
    assert!(!manifest.contains("[workspace]"));
    let deps = manifest
        .split("[dependencies]")
        .nth(1)
        .and_then(|s| s.split("\n[").next())
        .unwrap();
    // Every dependency beyond these is behind a feature.
    let required: Vec<&str> = deps
        .trim()
        .lines()
        .filter(|l| !l.contains("optional = true"))
        .collect();
    assert_eq!(
        required,
        [
            "serde = \"1\"",
            "serde_json = \"1\"",
            "webhook-runtime = { version = \"0.1.0\", path = \"../runtime\" }",
        ]
    );
    // The crate's features turn on the runtime's.
    for line in [
        "delivery = [\"webhook-runtime/delivery\"]",
        "sha1 = [\"delivery\", \"webhook-runtime/sha1\"]",
        "axum = [\"delivery\", \"webhook-runtime/axum\"]",
        "validate = [\"webhook-runtime/validate\"]",
        "testing = [\"webhook-runtime/testing\"]",
    ] {
        assert!(manifest.contains(&format!("\n{line}\n")), "{manifest}");
    }
    let lib = text(&files, "src/lib.rs");
    assert!(
        lib.contains(&format!(
            "::webhook_runtime::generated_for!(\"{}\");",
            super::RUNTIME_VERSION
        )),
        "{lib}"
    );
    assert!(
        manifest.contains("default = [\"delivery\", \"undocumented\", \"a\", \"b\"]\n")
            && manifest.contains("\na = []\nb = []\n"),
        "{manifest}"
    );
    let module = text(&files, "src/p/types.rs");
    assert!(
        module.contains("#[cfg(feature = \"a\")]\ninclude!(\"types/a.rs\");"),
        "{module}"
    );
    let a = text(&files, "src/p/types/a.rs");
    assert!(
        a.contains("#[derive(Debug, Clone, PartialEq)]\npub struct A {")
            && a.contains("impl ::core::default::Default for A {"),
        "{a}"
    );
    let types = types_text(&files, "p");
    assert!(types.contains("pub link: ::core::option::Option<::std::boxed::Box<Link>>"));
}

#[test]
fn event_macro_passes_the_tables_to_the_runtime() {
    let docs = Docs {
        version: None,
        providers: vec![graph_provider()],
    };
    let settings = CrateSettings {
        crate_name: "acme-hooks".to_string(),
        runtime: super::RuntimeDependency::Registry,
        ..CrateSettings::default()
    };
    let files = generate_crate(&docs, &settings).unwrap();
    assert!(files.iter().all(|f| !f.path.starts_with("macros/")));
    let manifest = text(&files, "Cargo.toml");
    assert!(
        manifest.contains("\nwebhook-runtime = \"0.1.0\"\n"),
        "{manifest}"
    );
    let lib = text(&files, "src/lib.rs");
    assert!(
        lib.contains("pub use ::webhook_runtime::__private::event;"),
        "{lib}"
    );
    assert!(lib.contains("macro_rules! event"), "{lib}");
    // Macro bodies are printed as wrapped tokens.
    let lib = lib.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        lib.contains("$crate::__private::event!({ $crate } [p EventName EventKey {"),
        "{lib}"
    );
    for event in &docs.providers[0].events {
        assert!(
            lib.contains(&format!("{:?} {}[", event.name, event.variant)),
            "{lib}"
        );
    }
    let module = text(&files, "src/p/mod.rs");
    assert!(module.contains("pub enum EventName {"), "{module}");
    assert!(module.contains("pub struct EventKey<'a> {"), "{module}");
    assert!(
        module.contains("impl ::webhook_runtime::ParseEvent for Event {"),
        "{module}"
    );
}

/// Names come from `names.rs`, which never makes a keyword; an IR that has
/// one anyway is a bug reported as an error naming the file, not a panic.
#[test]
fn invalid_rust_is_an_error_not_a_panic() {
    let mut bad = field("type", Type::String { format: None });
    bad.rust_name = "type".to_string();
    let docs = Docs {
        version: None,
        providers: vec![provider(
            "p",
            vec![object("PingEvent", vec![bad])],
            vec![],
            vec![event("ping", 0, None)],
        )],
    };
    let err = generate_crate(&docs, &CrateSettings::default()).unwrap_err();
    assert_eq!(err.path, "src/p/types/ping_event.rs");
    assert!(err.to_string().contains("not valid Rust"), "{err}");
    let err = super::single_module(&docs, None, "webhooks").unwrap_err();
    assert!(err.path.contains("types"), "{err}");
}

/// An action with fields of its own gets a view named after the event, clear
/// of an IR type of that name; a payload type two events share gets none,
/// since one struct cannot have two `by_action` methods.
#[test]
fn per_action_views_claim_names_and_skip_shared_payloads() {
    let objects = vec![
        object(
            "IssuesEvent",
            vec![
                field("action", Type::Enum(EnumId(0))),
                field("changes", Type::Any),
            ],
        ),
        object("IssuesByAction", vec![]),
        object(
            "SharedEvent",
            vec![
                field("action", Type::Enum(EnumId(0))),
                field("changes", Type::Any),
            ],
        ),
    ];
    let enums = vec![Enum {
        rust_name: "Action".to_string(),
        values: vec!["edited".to_string()],
        variants: vec!["Edited".to_string()],
    }];
    let with_fields = |mut e: Event| {
        e.actions = vec![crate::ir::Action {
            name: "edited".to_string(),
            description: String::new(),
            required: vec!["changes".to_string()],
            fields: vec!["changes".to_string()],
        }];
        e
    };
    let events = vec![
        with_fields(event("issues", 0, Some(0))),
        with_fields(event("one", 2, Some(0))),
        with_fields(event("two", 2, Some(0))),
    ];
    let docs = Docs {
        version: None,
        providers: vec![provider("acme", objects, enums, events)],
    };
    let files = generate_crate(&docs, &CrateSettings::default()).unwrap();
    let types = types_text(&files, "acme");
    assert!(types.contains("pub enum IssuesByAction2<'a> {"), "{types}");
    assert!(
        types.contains("Edited { changes: &'a ::serde_json::Value }"),
        "{types}"
    );
    assert_eq!(types.matches("pub fn by_action(").count(), 1, "{types}");
    assert!(!types.contains("OneByAction") && !types.contains("TwoByAction"));
}

/// The version the generated code asks for is the runtime's own.
#[test]
fn runtime_version_is_the_runtime_crates() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../runtime/Cargo.toml");
    let manifest = std::fs::read_to_string(path).unwrap();
    let version = format!("\nversion = \"{}\"\n", super::RUNTIME_VERSION);
    assert!(manifest.contains(&version), "{path} is not {version}");
}

#[test]
fn example_paths_match_the_suite() {
    let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs-input");
    let generated = crate::Builder::new()
        .docs(&docs)
        .generate()
        .unwrap_or_else(|_| panic!("docs-input generates"));
    let plan = CratePlan::new(&generated.docs);
    let settings = CrateSettings::default();
    let krate = ident("generated");
    let (written, _) = test_suite::suite(&plan, &settings, &krate);
    let written: Vec<&str> = written.iter().map(|f| f.path.as_str()).collect();
    let ours: Vec<String> = plan
        .providers
        .iter()
        .flat_map(|p| example_files(p).into_iter().map(|f| f.path))
        .collect();
    assert!(!ours.is_empty());
    assert_eq!(written, ours);
}

#[test]
fn several_providers_get_their_own_macros_and_schema_paths() {
    let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs-input");
    let generated = crate::Builder::new()
        .docs(&docs)
        .generate()
        .unwrap_or_else(|_| panic!("docs-input generates"));
    let mut docs = generated.docs;
    let mut second = docs.providers[0].clone();
    second.name = "other".to_string();
    second.module = "other".to_string();
    docs.providers.push(second);
    let files = generate_crate(&docs, &CrateSettings::default()).unwrap();
    let text = |path: &str| {
        let file = files.iter().find(|f| f.path == path).expect(path);
        String::from_utf8(file.contents.clone()).unwrap()
    };
    // Macro bodies are printed as wrapped tokens.
    let lib = text("src/lib.rs")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(lib.contains("macro_rules! github_example_tests"), "{lib}");
    assert!(lib.contains("macro_rules! other_example_tests"));
    assert!(
        lib.contains("$crate::other::__run_example(0, $handler)"),
        "{lib}"
    );
    assert!(!lib.contains("macro_rules! example_tests"));
    let other = text("src/other/validation.rs");
    assert!(
        other.contains("\"../../../schemas/other/issues.schema.json\""),
        "{other}"
    );
    assert!(other.contains("\"../../payloads/other/"));
    assert!(text("src/other/mod.rs").contains("mod validation;"));
    let manifest = text("Cargo.toml");
    assert!(manifest.contains("\nvalidate = [\"webhook-runtime/validate\"]\n"));
    let dependencies = manifest
        .split("[dev-dependencies]")
        .next()
        .unwrap_or_default();
    // The validator is the runtime's.
    assert!(!dependencies.contains("jsonschema"), "{manifest}");
}
