//! The generator against the real GitHub docs corpus in `../shared/`, for
//! every product version: one schema per documented event, and every example
//! payload of the version valid under an independent validator. Ignored
//! without the corpus; the one test that always runs checks that the tests
//! were built knowing which optional inputs are here.

mod common;

use std::path::Path;

use common::{corpus, python_validates};

const VERSIONS: &[(&str, &str)] = &[
    ("fpt", "dotcom"),
    ("ghes-2.22", "ghes-2.22"),
    ("ghes-3.0", "ghes-3.0"),
    ("ghes-3.1", "ghes-3.1"),
    ("ghae", "ghae"),
];

/// An input that appeared after `build.rs` last ran leaves its tests
/// ignored although it is here: cargo notices a new `../shared` only when
/// something else rebuilds codegen, since watching its parent would mean
/// walking the whole folder holding the checkout on every build.
#[test]
fn optional_inputs_here_are_known_to_the_build() {
    let shared = common::shared_dir();
    for (built, rel) in [
        (cfg!(shared_corpus), "corpus/github-docs-2021-08"),
        (cfg!(shared_seeds), "seeds"),
        (cfg!(shared_vendors), "vendors"),
    ] {
        let p = shared.join(rel);
        assert!(
            built || !p.is_dir(),
            "{}",
            common::stale_build(&p.display().to_string())
        );
    }
    let unseen = std::env::var_os("UNSEEN_WEBHOOK_EXAMPLES").is_some_and(|v| !v.is_empty());
    assert!(
        cfg!(unseen_examples) || !unseen,
        "{}",
        common::stale_build("UNSEEN_WEBHOOK_EXAMPLES")
    );
    let tools = std::env::var_os("OPENAPI_TOOLS").is_some_and(|v| !v.is_empty());
    assert!(
        cfg!(openapi_tools) || !tools,
        "{}",
        common::stale_build("OPENAPI_TOOLS")
    );
}

#[test]
#[cfg_attr(not(shared_corpus), ignore = "needs ../shared/corpus")]
fn every_version_generates_and_every_example_validates() {
    let corpus = corpus();
    for (version, dir) in VERSIONS {
        let out = tempfile::tempdir().unwrap();
        let g = codegen::Builder::new()
            .docs(&corpus)
            .version(*version)
            .generate()
            .unwrap_or_else(|f| panic!("{version}: {:?}", f.diagnostics));
        let provider = &g.docs.providers[0];
        assert_eq!(provider.name, "github");
        assert_eq!(g.schemas.len(), provider.events.len());
        for (rel, text) in &g.schemas {
            let path = out.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        // Payloads of events this version documents; the others are reported
        // by the generator as undocumented and have no schema to meet.
        let payload_dir = corpus.join("lib/webhooks/static").join(dir);
        let documented: Vec<&str> = provider.events.iter().map(|e| e.name.as_str()).collect();
        let mut payloads: Vec<String> = std::fs::read_dir(&payload_dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                documented.contains(
                    &p.file_name()
                        .unwrap()
                        .to_str()
                        .unwrap()
                        .split('.')
                        .next()
                        .unwrap(),
                )
            })
            .map(|p| p.display().to_string())
            .collect();
        payloads.sort();
        assert!(
            payloads.len() >= 70,
            "{version}: only {} payloads",
            payloads.len()
        );
        python_validates(out.path(), &payloads);
        // Each example the IR holds is one of those files or a page example.
        let examples: usize = provider.events.iter().map(|e| e.examples.len()).sum();
        assert!(
            examples >= payloads.len(),
            "{version}: {examples} examples for {} payloads",
            payloads.len()
        );
    }
}

#[test]
#[cfg_attr(not(shared_corpus), ignore = "needs ../shared/corpus")]
fn event_sets_follow_version_conditionals() {
    let corpus = corpus();
    let events = |v: &str| -> Vec<String> {
        let g = codegen::Builder::new()
            .docs(&corpus)
            .version(v)
            .generate()
            .unwrap();
        g.docs.providers[0]
            .events
            .iter()
            .map(|e| e.name.clone())
            .collect()
    };
    let fpt = events("fpt");
    let ghes31 = events("ghes-3.1");
    let ghae = events("ghae");
    assert_eq!(fpt.len(), 53, "{fpt:?}");
    // Enterprise-only sections.
    for e in ["enterprise", "user"] {
        assert!(!fpt.contains(&e.to_string()));
        assert!(ghes31.contains(&e.to_string()));
    }
    // `{% ifversion fpt %}` sections.
    for e in [
        "discussion",
        "marketplace_purchase",
        "sponsorship",
        "repository_import",
    ] {
        assert!(fpt.contains(&e.to_string()));
        assert!(!ghes31.contains(&e.to_string()));
        assert!(!ghae.contains(&e.to_string()));
    }
    // `{% ifversion fpt or ghes > 3.0 %}`.
    assert!(ghes31.contains(&"secret_scanning_alert".to_string()));
    assert!(!events("ghes-3.0").contains(&"secret_scanning_alert".to_string()));
}

#[test]
#[cfg_attr(not(shared_corpus), ignore = "needs ../shared/corpus")]
fn tables_and_examples_merge() {
    let corpus = corpus();
    let g = codegen::Builder::new().docs(&corpus).generate().unwrap();
    let schema = |event: &str| -> serde_json::Value {
        let (_, text) = g
            .schemas
            .iter()
            .find(|(p, _)| p == &format!("github/{event}.schema.json"))
            .unwrap();
        serde_json::from_str(text).unwrap()
    };
    let check_run = schema("check_run");
    let actions = &check_run["properties"]["action"]["enum"];
    for a in ["created", "completed", "rerequested", "requested_action"] {
        assert!(actions.as_array().unwrap().contains(&a.into()), "{actions}");
    }
    // `check_run[status]` from the table is an enum on the shared object.
    let status = &check_run["$defs"]["check_run"]["properties"]["status"];
    assert_eq!(status["enum"][0], "queued", "{status}");
    // `check_run[conclusion]` is documented as null until completed.
    let conclusion = &check_run["$defs"]["check_run"]["properties"]["conclusion"];
    assert!(
        conclusion["enum"]
            .as_array()
            .unwrap()
            .contains(&serde_json::Value::Null),
        "{conclusion}"
    );
    // `commits[][author][name]` nests through array items.
    let push = schema("push");
    assert_eq!(push["properties"]["commits"]["type"], "array");
    let def = |schema: &'_ serde_json::Value, r: &serde_json::Value| {
        let name = r
            .as_str()
            .unwrap()
            .trim_start_matches("#/$defs/")
            .to_string();
        schema["$defs"][name].clone()
    };
    let commit = def(&push, &push["properties"]["commits"]["items"]["$ref"]);
    let author = def(&push, &commit["properties"]["author"]["$ref"]);
    assert!(author["properties"]["email"].is_object(), "{author}");
    // Objects only the examples describe still get their fields.
    let issues = schema("issues");
    assert_eq!(
        issues["$defs"]["issue"]["properties"]["number"]["type"],
        "integer"
    );
    // Per-action variants discriminated by a const.
    let one_of = issues["oneOf"].as_array().unwrap();
    assert!(one_of
        .iter()
        .any(|v| v["properties"]["action"]["const"] == "opened"));
    assert!(Path::new(&corpus).exists());
}

#[test]
#[cfg_attr(not(shared_corpus), ignore = "needs ../shared/corpus")]
fn reruns_are_byte_identical() {
    let corpus = corpus();
    let a = codegen::Builder::new()
        .docs(&corpus)
        .version("ghes-3.1")
        .generate()
        .unwrap();
    let b = codegen::Builder::new()
        .docs(&corpus)
        .version("ghes-3.1")
        .generate()
        .unwrap();
    assert_eq!(a.schemas, b.schemas);
    assert_eq!(a.crate_files, b.crate_files);
}
