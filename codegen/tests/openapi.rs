//! The OpenAPI documents (`schemas/<provider>/openapi.json`): their payload
//! schemas are the event schemas' own text, and tools that are not ours
//! accept them. openapi-spec-validator validates each document;
//! openapi-typescript turns each into TypeScript, and `tsc` type-checks
//! every documented example as its event's request body, and fails on each
//! example mutated where the schema says it must (a required key removed,
//! a string where a number is). The tools come from `OPENAPI_TOOLS` (see
//! `tests/openapi/install-tools.sh`); each run prints a table per document.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::{Builder, Generated};
use serde_json::{json, Value};

/// One document, and where it came from.
struct Doc {
    label: String,
    value: Value,
    text: String,
    /// The provider's actions in the IR, for the table.
    actions: usize,
}

fn generate(builder: Builder, label: &str) -> Generated {
    builder
        .generate()
        .unwrap_or_else(|f| panic!("{label}: {}", f.rendered()))
}

fn documents(g: &Generated, label: &str) -> Vec<Doc> {
    g.openapi
        .iter()
        .map(|(path, text)| {
            let provider = g
                .docs
                .providers
                .iter()
                .find(|p| path.starts_with(&format!("{}/", p.name)))
                .unwrap();
            Doc {
                label: format!("{label} ({path})"),
                value: serde_json::from_str(text).unwrap_or_else(|e| panic!("{path}: {e}")),
                text: text.clone(),
                actions: provider.events.iter().map(|e| e.actions.len()).sum(),
            }
        })
        .collect()
}

fn docs_input() -> Generated {
    generate(
        Builder::new().docs(common::workspace().join("docs-input")),
        "docs-input",
    )
}

const CORPUS_VERSIONS: &[&str] = &["fpt", "ghes-2.22", "ghes-3.0", "ghes-3.1", "ghae"];

/// The corpus for every version, generated once for the tests that read it.
fn corpus_generations() -> &'static [(String, Generated)] {
    static ONCE: std::sync::OnceLock<Vec<(String, Generated)>> = std::sync::OnceLock::new();
    ONCE.get_or_init(|| {
        let corpus = common::corpus();
        CORPUS_VERSIONS
            .iter()
            .map(|v| {
                let label = format!("corpus --version {v}");
                let g = generate(Builder::new().docs(&corpus).version(*v), &label);
                (label, g)
            })
            .collect()
    })
}

/// Every docs folder of `../shared/vendors` and every page in one, as a
/// docs path of its own; documents that come out the same are kept once.
fn vendor_documents() -> Vec<Doc> {
    let vendors = common::vendors();
    let mut paths = Vec::new();
    for vendor in sorted_dir(&vendors).into_iter().filter(|p| p.is_dir()) {
        for era in sorted_dir(&vendor) {
            let is_docs = era
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("docs-"));
            if era.is_dir() && is_docs {
                let pages: Vec<PathBuf> = sorted_dir(&era)
                    .into_iter()
                    .filter(|p| p.is_file())
                    .collect();
                // A folder of one page is that page.
                if pages.len() > 1 {
                    paths.push(era.clone());
                }
                paths.extend(pages);
            }
        }
    }
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for path in paths {
        let label = path.strip_prefix(&vendors).unwrap().display().to_string();
        let g = generate(Builder::new().docs(&path), &label);
        for doc in documents(&g, &label) {
            if seen.insert(doc.text.clone()) {
                out.push(doc);
            }
        }
    }
    out
}

fn sorted_dir(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

// ---------------------------------------------------------------------------
// The schema text is the event schemas' own.

/// Walks an event file's schema and a document's component side by side:
/// equal but for `$ref`s, where `#/$defs/x` must stand for the same
/// component `#/components/schemas/y` everywhere.
fn same(
    file: &Value,
    comp: &Value,
    pairs: &mut BTreeMap<String, String>,
    at: &str,
) -> Result<(), String> {
    match (file, comp) {
        (Value::Object(a), Value::Object(b)) => {
            let ka: Vec<&String> = a.keys().collect();
            let kb: Vec<&String> = b.keys().collect();
            if ka != kb {
                return Err(format!("{at}: keys {ka:?} vs {kb:?}"));
            }
            for (k, va) in a {
                let vb = &b[k];
                if let (true, Value::String(ra), Value::String(rb)) = (k == "$ref", va, vb) {
                    let x = ra
                        .strip_prefix("#/$defs/")
                        .ok_or_else(|| format!("{at}: file $ref {ra}"))?;
                    let y = rb
                        .strip_prefix("#/components/schemas/")
                        .ok_or_else(|| format!("{at}: document $ref {rb}"))?;
                    match pairs.get(x) {
                        Some(known) if known != y => {
                            return Err(format!("{at}: $defs/{x} is both {known} and {y}"))
                        }
                        _ => {
                            pairs.insert(x.to_string(), y.to_string());
                        }
                    }
                } else {
                    same(va, vb, pairs, &format!("{at}/{k}"))?;
                }
            }
            Ok(())
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .try_for_each(|(i, (x, y))| same(x, y, pairs, &format!("{at}/{i}"))),
        _ if file == comp => Ok(()),
        _ => Err(format!("{at}: {file} vs {comp}")),
    }
}

/// Each component equals its event schema file's root or `$defs` entry,
/// one component per `$defs` key across all files, and no other component.
fn assert_components_are_the_event_schemas(g: &Generated, label: &str) {
    for p in &g.docs.providers {
        if p.events.is_empty() {
            continue;
        }
        let (_, text) = g
            .openapi
            .iter()
            .find(|(path, _)| *path == format!("{}/openapi.json", p.name))
            .unwrap_or_else(|| panic!("{label}: no document for {}", p.name));
        let doc: Value = serde_json::from_str(text).unwrap();
        let components = &doc["components"]["schemas"];
        let mut reached = BTreeSet::new();
        let mut defs_of: BTreeMap<String, String> = BTreeMap::new();
        for e in &p.events {
            let stem = codegen::schema::file_stem(&e.name);
            let file: Value = g
                .schemas
                .iter()
                .find(|(path, _)| *path == format!("{}/{stem}.schema.json", p.name))
                .map(|(_, t)| serde_json::from_str(t).unwrap())
                .unwrap_or_else(|| panic!("{label}: no schema for {}", e.name));
            let media =
                &doc["webhooks"][&e.name]["post"]["requestBody"]["content"]["application/json"];
            let root_ref = media["schema"]["$ref"].as_str().expect("a $ref");
            let root_name = root_ref.strip_prefix("#/components/schemas/").unwrap();
            let mut root = file.clone();
            for k in ["$schema", "$comment", "$defs"] {
                root.as_object_mut().unwrap().shift_remove(k);
            }
            let mut pairs = BTreeMap::new();
            same(&root, &components[root_name], &mut pairs, &e.name)
                .unwrap_or_else(|err| panic!("{label}: {err}"));
            reached.insert(root_name.to_string());
            let mut queue: Vec<(String, String)> = pairs.clone().into_iter().collect();
            let mut done = BTreeSet::new();
            while let Some((x, y)) = queue.pop() {
                if !done.insert(x.clone()) {
                    continue;
                }
                let mut inner = BTreeMap::new();
                same(
                    &file["$defs"][&x],
                    &components[&y],
                    &mut inner,
                    &format!("{}: $defs/{x}", e.name),
                )
                .unwrap_or_else(|err| panic!("{label}: {err}"));
                for (a, b) in inner {
                    match pairs.get(&a) {
                        Some(known) => assert_eq!(known, &b, "{label}: $defs/{a}"),
                        None => {
                            pairs.insert(a.clone(), b.clone());
                            queue.push((a, b));
                        }
                    }
                }
            }
            // A `$defs` key is one component in every file.
            for (x, y) in pairs {
                let known = defs_of.entry(x.clone()).or_insert_with(|| y.clone());
                assert_eq!(known, &y, "{label}: $defs/{x}");
                reached.insert(y);
            }
            let file_defs = file["$defs"].as_object().map_or(0, |d| d.len());
            assert_eq!(
                done.len(),
                file_defs,
                "{label}: {} reaches all its $defs",
                e.name
            );
        }
        let all: BTreeSet<String> = components.as_object().unwrap().keys().cloned().collect();
        assert_eq!(all, reached, "{label}: components no event uses");
        let names: BTreeSet<&String> = defs_of.values().collect();
        assert_eq!(
            names.len(),
            defs_of.len(),
            "{label}: two $defs share a component"
        );
    }
}

#[test]
fn components_are_the_event_schemas_docs_input() {
    assert_components_are_the_event_schemas(&docs_input(), "docs-input");
}

#[test]
#[cfg_attr(not(shared_corpus), ignore = "needs ../shared/corpus")]
fn components_are_the_event_schemas_corpus() {
    for (label, g) in corpus_generations() {
        assert_components_are_the_event_schemas(g, label);
    }
}

/// What the document says beyond the schemas comes from the IR: the
/// version, the headers (the event header's value is the event's name,
/// required; one only sent with a secret is not), the signature schemes,
/// the examples by action.
#[test]
fn document_carries_the_docs_version_headers_schemes_and_examples() {
    let g = docs_input();
    let doc: Value = serde_json::from_str(
        &g.openapi
            .iter()
            .find(|(p, _)| p == "github/openapi.json")
            .unwrap()
            .1,
    )
    .unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(
        doc["jsonSchemaDialect"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(doc["x-comment"], codegen::schema::PREAMBLE);
    assert_eq!(doc["info"]["version"], "fpt");
    let op = &doc["webhooks"]["issues"]["post"];
    let params = op["parameters"].as_array().unwrap();
    assert_eq!(
        params[0],
        json!({
            "name": "X-GitHub-Event",
            "in": "header",
            "description": "The name of the event being delivered, for example `issues`.",
            "required": true,
            "schema": { "type": "string", "const": "issues" }
        })
    );
    let shared = &doc["components"]["parameters"];
    assert_eq!(shared["X-GitHub-Delivery"]["required"], true);
    assert_eq!(shared["X-Hub-Signature-256"]["required"], false);
    let scheme = &doc["components"]["securitySchemes"]["X-Hub-Signature-256"];
    assert_eq!(scheme["type"], "apiKey");
    assert_eq!(scheme["in"], "header");
    assert_eq!(scheme["x-webhook-signature"]["prefix"], "sha256=");
    assert_eq!(scheme["x-webhook-signature"]["encoding"], "hex");
    assert!(op["security"]
        .as_array()
        .unwrap()
        .contains(&json!({ "X-Hub-Signature-256": [] })));
    let examples = op["requestBody"]["content"]["application/json"]["examples"]
        .as_object()
        .unwrap();
    let issues = g.docs.providers[0]
        .events
        .iter()
        .find(|e| e.name == "issues")
        .unwrap();
    assert_eq!(examples.len(), issues.examples.len());
    for (ex, (key, shown)) in issues.examples.iter().zip(examples) {
        assert!(
            key.starts_with(ex.action.as_deref().unwrap_or("example")),
            "{key}"
        );
        assert_eq!(shown["value"], ex.value);
    }
    // The version is the tree's, read for `fpt`, for each vendor in it.
    let licensing: Value = serde_json::from_str(
        &g.openapi
            .iter()
            .find(|(p, _)| p == "licensing/openapi.json")
            .unwrap()
            .1,
    )
    .unwrap();
    assert_eq!(licensing["info"]["version"], "fpt");
    assert_eq!(licensing["x-event-name"]["in"], "body");
}

/// A build script gets the documents beside the schemas it embeds, and the
/// checked-in ones are what the docs give (the `--check` test covers them
/// as files; this says which files they are).
#[test]
fn write_to_and_the_workspace_hold_the_documents() {
    let g = docs_input();
    let paths: Vec<&str> = g.openapi.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, ["github/openapi.json", "licensing/openapi.json"]);
    for (path, text) in &g.openapi {
        let on_disk = std::fs::read_to_string(common::workspace().join("schemas").join(path));
        assert_eq!(on_disk.ok().as_ref(), Some(text), "schemas/{path} is stale");
    }
    let tmp = tempfile::tempdir().unwrap();
    Builder::new()
        .docs(common::workspace().join("docs-input"))
        .emit_rerun_if_changed(false)
        .emit_warnings(false)
        .write_to(tmp.path())
        .unwrap();
    for (path, text) in &g.openapi {
        let written =
            std::fs::read_to_string(tmp.path().join("webhooks/schemas").join(path)).unwrap();
        assert_eq!(&written, text, "{path}");
    }
}

/// A page that states no version gets `unversioned`; one read for a DocFX
/// moniker gets the moniker.
#[test]
fn the_version_is_the_docs_own_or_unversioned() {
    let tmp = tempfile::tempdir().unwrap();
    let page = |name: &str, text: &str| {
        let path = tmp.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let example = "```json\n{\"id\": 1, \"name\": \"x\"}\n```\n";
    let plain = page(
        "plain.md",
        &format!("# Acme webhooks\n\n## build.finished\n\nA build finished.\n\n{example}"),
    );
    let version_of = |path: &Path, version: Option<&str>| {
        let mut b = Builder::new().docs(path);
        if let Some(v) = version {
            b = b.version(v);
        }
        let g = generate(b, "page");
        let doc: Value = serde_json::from_str(&g.openapi[0].1).unwrap();
        doc["info"]["version"].as_str().unwrap().to_string()
    };
    assert_eq!(version_of(&plain, None), "unversioned");
    let docfx = page(
        "docfx.md",
        &format!(
            "---\ntitle: Acme webhooks\nmonikerRange: '<= acme-cloud'\n---\n\n# Acme webhooks\n\n## build.finished\n\nA build finished.\n\n::: moniker range=\">= acme-cloud-2020\"\n{example}::: moniker-end\n"
        ),
    );
    assert_eq!(version_of(&docfx, None), "acme-cloud");
    assert_eq!(
        version_of(&docfx, Some("acme-cloud-2022")),
        "acme-cloud-2022"
    );
    let liquid = page(
        "liquid.md",
        &format!(
            "# Acme webhooks\n\n## build.finished\n\nA build finished.\n\n{{% ifversion ghes %}}Only on servers.{{% endif %}}\n\n{example}"
        ),
    );
    assert_eq!(version_of(&liquid, Some("ghes-3.1")), "ghes-3.1");
}

// ---------------------------------------------------------------------------
// Outside tools.

/// Where in a document's schemas an example's value sits: resolves
/// `$ref`s and `anyOf` of one schema and `null`, as openapi-typescript
/// prints them (`T | null`); any other combinator is left as it is.
fn resolve<'a>(doc: &'a Value, mut s: &'a Value) -> &'a Value {
    loop {
        if let Some(r) = s.get("$ref").and_then(Value::as_str) {
            s = doc
                .pointer(r.trim_start_matches('#'))
                .unwrap_or_else(|| panic!("dangling {r}"));
            continue;
        }
        if let Some(any) = s.get("anyOf").and_then(Value::as_array) {
            let not_null: Vec<&Value> = any
                .iter()
                .filter(|b| b.get("type") != Some(&json!("null")))
                .collect();
            if let [one] = not_null.as_slice() {
                s = one;
                continue;
            }
        }
        return s;
    }
}

/// The schema of a value at `key` of an object of schema `s`, or of an item.
fn child<'a>(doc: &'a Value, s: &'a Value, key: Option<&str>) -> Option<&'a Value> {
    let s = resolve(doc, s);
    let c = match key {
        Some(k) => s.get("properties")?.get(k)?,
        None => s.get("items")?,
    };
    Some(resolve(doc, c))
}

/// Whether only numbers (and `null`) meet `s`: TypeScript then rejects a string.
fn numbers_only(s: &Value) -> bool {
    let kinds: Vec<&str> = match s.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => return false,
    };
    let plain = ["anyOf", "oneOf", "allOf", "enum", "const"]
        .iter()
        .all(|k| s.get(*k).is_none());
    plain
        && kinds.iter().any(|k| matches!(*k, "integer" | "number"))
        && kinds
            .iter()
            .all(|k| matches!(*k, "integer" | "number" | "null"))
}

/// The mutations of `example` its schema `root` must reject, found in
/// document order, the first of each kind: a key the object's schema
/// requires, removed; a number where only numbers go, sent as a string.
fn mutations(doc: &Value, root: &Value, example: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let mut path = Vec::new();
    if let Some((p, key)) = first_required(doc, root, example, &mut path) {
        let mut m = example.clone();
        let obj = pointer_mut(&mut m, &p).as_object_mut().unwrap();
        obj.shift_remove(&key);
        out.push((format!("without required `{}`", join(&p, &key)), m));
    }
    path.clear();
    if let Some(p) = first_number(doc, root, example, &mut path) {
        let mut m = example.clone();
        let at = pointer_mut(&mut m, &p);
        *at = json!(at.to_string());
        out.push((format!("string at `{}`", p.join(".")), m));
    }
    out
}

fn join(path: &[String], key: &str) -> String {
    path.iter()
        .map(String::as_str)
        .chain([key])
        .collect::<Vec<_>>()
        .join(".")
}

fn pointer_mut<'a>(v: &'a mut Value, path: &[String]) -> &'a mut Value {
    path.iter().fold(v, |v, seg| match v {
        Value::Array(items) => &mut items[seg.parse::<usize>().unwrap()],
        Value::Object(m) => m.get_mut(seg).unwrap(),
        _ => unreachable!(),
    })
}

/// Only the schemas of objects TypeScript gets as they are: the root's
/// own properties (its `oneOf` on the action is a union beside them), and
/// objects under them reached without a union.
fn typed_object<'a>(doc: &'a Value, s: &'a Value) -> Option<&'a Value> {
    let s = resolve(doc, s);
    (s.get("anyOf").is_none() && s.get("properties").is_some()).then_some(s)
}

fn first_required(
    doc: &Value,
    s: &Value,
    v: &Value,
    path: &mut Vec<String>,
) -> Option<(Vec<String>, String)> {
    match v {
        Value::Object(m) => {
            let s = typed_object(doc, s)?;
            let props = s["properties"].as_object()?;
            if let Some(required) = s.get("required").and_then(Value::as_array) {
                let found = m
                    .keys()
                    .find(|k| props.contains_key(*k) && required.contains(&json!(k)));
                if let Some(k) = found {
                    return Some((path.clone(), k.clone()));
                }
            }
            for (k, child_v) in m {
                let Some(cs) = child(doc, s, Some(k)) else {
                    continue;
                };
                path.push(k.clone());
                let found = first_required(doc, cs, child_v, path);
                path.pop();
                if found.is_some() {
                    return found;
                }
            }
            None
        }
        Value::Array(items) => {
            let is = child(doc, s, None)?;
            for (i, item) in items.iter().enumerate() {
                path.push(i.to_string());
                let found = first_required(doc, is, item, path);
                path.pop();
                if found.is_some() {
                    return found;
                }
            }
            None
        }
        _ => None,
    }
}

fn first_number(doc: &Value, s: &Value, v: &Value, path: &mut Vec<String>) -> Option<Vec<String>> {
    let s = resolve(doc, s);
    match v {
        Value::Number(_) => numbers_only(s).then(|| path.clone()),
        Value::Object(m) => {
            typed_object(doc, s)?;
            for (k, child_v) in m {
                let Some(cs) = child(doc, s, Some(k)) else {
                    continue;
                };
                path.push(k.clone());
                let found = first_number(doc, cs, child_v, path);
                path.pop();
                if found.is_some() {
                    return found;
                }
            }
            None
        }
        Value::Array(items) => {
            let is = child(doc, s, None)?;
            for (i, item) in items.iter().enumerate() {
                path.push(i.to_string());
                let found = first_number(doc, is, item, path);
                path.pop();
                if found.is_some() {
                    return found;
                }
            }
            None
        }
        _ => None,
    }
}

/// What one line of a check file assigns.
struct Line {
    event: String,
    what: String,
    /// Must type-check (an example) or must not (a mutation).
    valid: bool,
}

#[derive(Default)]
struct Tally {
    events: usize,
    actions: usize,
    examples: usize,
    examples_ok: usize,
    mutations: usize,
    caught: usize,
}

/// Validates the documents, runs openapi-typescript on each and `tsc` once
/// on all, and checks that every example type-checks and every mutation
/// does not. Returns the table.
fn check_with_outside_tools(docs: &[Doc]) -> String {
    assert!(!docs.is_empty(), "no documents to check");
    let tools = common::openapi_tools();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let json_files: Vec<PathBuf> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let path = dir.join(format!("doc{i}.json"));
            std::fs::write(&path, &d.text).unwrap();
            path
        })
        .collect();

    // openapi-spec-validator, once for all documents.
    let out = Command::new("python3")
        .env("PYTHONPATH", tools.join("python"))
        .args(["-m", "openapi_spec_validator"])
        .args(&json_files)
        .output()
        .expect("python3 runs");
    let report = String::from_utf8_lossy(&out.stdout);
    for (doc, path) in docs.iter().zip(&json_files) {
        assert!(
            report.contains(&format!("{}: OK", path.display())),
            "openapi-spec-validator rejects {}:\n{report}{}",
            doc.label,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(out.status.success(), "{report}");

    // openapi-typescript on every document at once (each is one process
    // that mostly waits on its own start-up), then one check file each.
    let children: Vec<_> = json_files
        .iter()
        .enumerate()
        .map(|(i, path)| {
            Command::new(tools.join("node_modules/.bin/openapi-typescript"))
                .arg(path)
                .arg("-o")
                .arg(dir.join(format!("doc{i}.ts")))
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("openapi-typescript runs")
        })
        .collect();
    for (doc, child) in docs.iter().zip(children) {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "openapi-typescript fails on {}:\n{}{}",
            doc.label,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let mut lines: BTreeMap<(String, usize), Line> = BTreeMap::new();
    let mut tallies = Vec::new();
    let mut ts_files = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        let check = format!("check{i}.ts");
        let mut text = format!("import type {{ webhooks }} from \"./doc{i}\";\n");
        let mut tally = Tally::default();
        let mut n = 0;
        let webhooks = doc.value["webhooks"].as_object().unwrap();
        tally.events = webhooks.len();
        tally.actions = doc.actions;
        for (event, item) in webhooks {
            let op = &item["post"];
            let media = &op["requestBody"]["content"]["application/json"];
            let ty = format!(
                "webhooks[{}][\"post\"][\"requestBody\"][\"content\"][\"application/json\"]",
                serde_json::to_string(event).unwrap()
            );
            for (key, ex) in media["examples"].as_object().into_iter().flatten() {
                let value = &ex["value"];
                let mut push = |what: String, value: &Value, valid: bool| {
                    writeln!(text, "export const v{n}: {ty} = {value};").unwrap();
                    n += 1;
                    // Line 1 is the import.
                    lines.insert(
                        (check.clone(), n + 1),
                        Line {
                            event: event.clone(),
                            what,
                            valid,
                        },
                    );
                };
                push(key.clone(), value, true);
                tally.examples += 1;
                for (what, m) in mutations(&doc.value, &media["schema"], value) {
                    push(format!("{key}, {what}"), &m, false);
                    tally.mutations += 1;
                }
            }
        }
        std::fs::write(dir.join(&check), text).unwrap();
        ts_files.push(check);
        tallies.push(tally);
    }

    let tsc_start = std::time::Instant::now();
    let out = Command::new(tools.join("node_modules/.bin/tsc"))
        .current_dir(dir)
        .args([
            "--noEmit",
            "--strict",
            "--skipLibCheck",
            "--pretty",
            "false",
            "--target",
            "es2022",
            "--module",
            "esnext",
            "--moduleResolution",
            "bundler",
        ])
        .args(&ts_files)
        .output()
        .expect("tsc runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    // `file(line,col): error TSnnnn: message`, and indented continuations.
    let mut errors: BTreeMap<(String, usize), Vec<String>> = BTreeMap::new();
    for line in stdout
        .lines()
        .filter(|l| !l.starts_with(' ') && !l.is_empty())
    {
        let Some((place, message)) = line.split_once("): error ") else {
            panic!("tsc says what no check is about:\n{stdout}");
        };
        let (file, pos) = place.rsplit_once('(').unwrap();
        let row: usize = pos.split(',').next().unwrap().parse().unwrap();
        errors
            .entry((file.to_string(), row))
            .or_default()
            .push(message.to_string());
    }
    let stray: Vec<_> = errors.keys().filter(|k| !lines.contains_key(k)).collect();
    assert!(stray.is_empty(), "tsc errors outside the checks:\n{stdout}");
    let mut failures = Vec::new();
    for ((file, row), line) in &lines {
        let i: usize = file
            .trim_start_matches("check")
            .trim_end_matches(".ts")
            .parse()
            .unwrap();
        let found = errors.get(&(file.clone(), *row));
        let tally = &mut tallies[i];
        match (line.valid, found) {
            (true, None) => tally.examples_ok += 1,
            (false, Some(_)) => tally.caught += 1,
            (true, Some(e)) => failures.push(format!(
                "{}: {} example {} does not type-check: {}",
                docs[i].label,
                line.event,
                line.what,
                e.join("; ")
            )),
            (false, None) => failures.push(format!(
                "{}: {} example {} type-checks",
                docs[i].label, line.event, line.what
            )),
        }
    }
    let mut table = String::from(
        "| document | events | actions | examples that type-check | mutations caught |\n\
         | --- | ---: | ---: | ---: | ---: |\n",
    );
    for (doc, t) in docs.iter().zip(&tallies) {
        writeln!(
            table,
            "| {} | {} | {} | {}/{} | {}/{} |",
            doc.label, t.events, t.actions, t.examples_ok, t.examples, t.caught, t.mutations
        )
        .unwrap();
    }
    println!(
        "{table}\ntsc over {} checks in {:.1?}",
        lines.len(),
        tsc_start.elapsed()
    );
    assert!(
        failures.is_empty(),
        "{} of {} checks failed:\n{}\n\n{table}",
        failures.len(),
        lines.len(),
        failures.join("\n")
    );
    let mutations: usize = tallies.iter().map(|t| t.mutations).sum();
    assert!(mutations > 0, "no example could be mutated:\n{table}");
    table
}

#[test]
#[cfg_attr(not(openapi_tools), ignore = "needs OPENAPI_TOOLS")]
fn outside_tools_accept_docs_input() {
    check_with_outside_tools(&documents(&docs_input(), "docs-input"));
}

#[test]
#[cfg_attr(
    not(all(shared_corpus, openapi_tools)),
    ignore = "needs ../shared/corpus and OPENAPI_TOOLS"
)]
fn outside_tools_accept_the_corpus() {
    let docs: Vec<Doc> = corpus_generations()
        .iter()
        .flat_map(|(label, g)| documents(g, label))
        .collect();
    assert_eq!(docs.len(), CORPUS_VERSIONS.len());
    check_with_outside_tools(&docs);
}

#[test]
#[cfg_attr(
    not(all(shared_vendors, openapi_tools)),
    ignore = "needs ../shared/vendors and OPENAPI_TOOLS"
)]
fn outside_tools_accept_every_vendor_page() {
    check_with_outside_tools(&vendor_documents());
}
