//! Each seed document read by the front-end its content calls for, and the
//! 2020 file-viewer rendering agreeing with the 2021 markdown source.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::diag::Severity;
use codegen::parse::{detect::detect, Dialect};
use codegen::{Builder, Generated};
use common::seed;

fn generate(path: &Path) -> Generated {
    Builder::new()
        .docs(path)
        .generate()
        .unwrap_or_else(|f| panic!("{}: {:#?}", path.display(), f.diagnostics))
}

fn event_names(g: &Generated) -> Vec<String> {
    g.docs
        .providers
        .iter()
        .flat_map(|p| p.events.iter().map(|e| e.name.clone()))
        .collect()
}

fn actions(g: &Generated, event: &str) -> BTreeSet<String> {
    g.docs
        .providers
        .iter()
        .flat_map(|p| &p.events)
        .filter(|e| e.name == event)
        .flat_map(|e| e.actions.iter().map(|a| a.name.clone()))
        .collect()
}

fn notes(g: &Generated) -> Vec<String> {
    g.diagnostics.iter().map(|d| d.message.clone()).collect()
}

#[test]
#[cfg_attr(not(shared_seeds), ignore = "needs ../shared/seeds")]
fn each_seed_is_detected_as_its_dialect() {
    let expect = [
        ("000", Dialect::Catalog),
        ("001", Dialect::Markdown),
        ("002", Dialect::Markdown),
        ("003", Dialect::Flattened),
        ("004", Dialect::ViewerText),
    ];
    for (prefix, dialect) in expect {
        let p = seed(prefix);
        let text = std::fs::read_to_string(&p).unwrap();
        assert_eq!(detect(&text), dialect, "{}", p.display());
    }
}

#[test]
fn docs_input_stays_markdown_but_the_catalog() {
    // The licensing vendor's page is an event catalog with an envelope table and examples.
    let catalog = common::workspace().join("docs-input/content/licensing/webhook-events.md");
    let pages = content_pages(&common::workspace().join("docs-input"));
    assert!(pages.contains(&catalog), "{} is missing", catalog.display());
    for p in pages {
        let expected = if p == catalog {
            Dialect::Catalog
        } else {
            Dialect::Markdown
        };
        let text = std::fs::read_to_string(&p).unwrap();
        assert_eq!(detect(&text), expected, "{}", p.display());
    }
}

#[test]
#[cfg_attr(not(shared_corpus), ignore = "needs ../shared/corpus")]
fn corpus_stays_markdown() {
    let pages = content_pages(&common::corpus());
    assert!(!pages.is_empty());
    for p in pages {
        let text = std::fs::read_to_string(&p).unwrap();
        assert_eq!(detect(&text), Dialect::Markdown, "{}", p.display());
    }
}

/// The `.md` pages under a docs tree's `content/`.
fn content_pages(root: &Path) -> Vec<PathBuf> {
    walk(root)
        .into_iter()
        .filter(|p| {
            p.extension().is_some_and(|e| e == "md") && p.to_string_lossy().contains("content")
        })
        .collect()
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
#[cfg_attr(not(shared_seeds), ignore = "needs ../shared/seeds")]
fn viewer_text_seed_gives_53_events() {
    let p = seed("004");
    let g = generate(&p);
    let names = event_names(&g);
    assert_eq!(names.len(), 53, "{names:?}");
    assert_eq!(g.schemas.len(), 53);
    assert_eq!(names.first().map(String::as_str), Some("check_run"));
    assert_eq!(names.last().map(String::as_str), Some("workflow_run"));
    // Sections a version conditional hides are still on the rendered page.
    assert!(names.contains(&"user".to_string()));
    // An inline pipe-less table, its rendered value list read as the actions.
    assert_eq!(
        actions(&g, "label"),
        ["created", "deleted", "edited"].map(String::from).into()
    );
    let push = &g.docs.providers[0]
        .events
        .iter()
        .find(|e| e.name == "push")
        .unwrap();
    assert!(push.actions.is_empty());
    let schema = g
        .schemas
        .iter()
        .find(|(p, _)| p.ends_with("/push.schema.json"))
        .map(|(_, s)| serde_json::from_str::<serde_json::Value>(s).unwrap())
        .unwrap();
    for key in ["ref", "before", "after", "commits"] {
        assert!(
            schema["properties"].get(key).is_some(),
            "push.{key}: {schema}"
        );
    }
    assert_eq!(schema["properties"]["commits"]["type"], "array");
    let headers: Vec<&str> = g.docs.providers[0]
        .headers
        .iter()
        .map(|h| h.name.as_str())
        .collect();
    assert!(headers.contains(&"X-GitHub-Event"), "{headers:?}");
    assert_eq!(g.docs.providers[0].name, "github");
}

#[test]
#[cfg_attr(not(shared_seeds), ignore = "needs ../shared/seeds")]
fn catalog_seed_gives_42_events_spelled_as_written() {
    let p = seed("000");
    let g = generate(&p);
    let names = event_names(&g);
    assert_eq!(names.len(), 42, "{names:?}");
    for n in [
        "user.created",
        "User.deleted",
        "productversion.updated",
        "trialActivation.deleted",
        "PaymentMethod.updated",
        "paymentMethod.created",
        "oauthApplication.deleted",
    ] {
        assert!(names.contains(&n.to_string()), "{n} in {names:?}");
    }
    // Nothing is known of the payloads: open objects.
    for (path, text) in &g.schemas {
        let s: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(s["type"], "object", "{path}");
        assert!(
            s.get("additionalProperties").is_none_or(|a| a != false),
            "{path}"
        );
    }
}

#[test]
#[cfg_attr(not(shared_seeds), ignore = "needs ../shared/seeds")]
fn ui_guide_seed_says_no_events_and_what_it_found() {
    let p = seed("002");
    let g = generate(&p);
    assert!(event_names(&g).is_empty());
    assert!(g.schemas.is_empty());
    let note = notes(&g)
        .into_iter()
        .find(|n| n.contains("no event"))
        .expect("a no-event note");
    for group in [
        "Users",
        "Invites",
        "Groups",
        "Roles",
        "API Keys",
        "State changes",
    ] {
        assert!(note.contains(group), "{group} in {note}");
    }
}

fn header_names(g: &Generated) -> Vec<String> {
    g.docs
        .providers
        .iter()
        .flat_map(|p| p.headers.iter().map(|h| h.name.clone()))
        .collect()
}

const GITHUB_HEADERS: [&str; 7] = [
    "X-GitHub-Hook-ID",
    "X-GitHub-Event",
    "X-GitHub-Delivery",
    "X-Hub-Signature",
    "X-Hub-Signature-256",
    "X-GitHub-Hook-Installation-Target-Type",
    "X-GitHub-Hook-Installation-Target-ID",
];

#[test]
#[cfg_attr(not(shared_seeds), ignore = "needs ../shared/seeds")]
fn flattened_seed_gives_headers_and_signature() {
    let p = seed("003");
    let g = generate(&p);
    let names = header_names(&g);
    for h in GITHUB_HEADERS {
        assert!(names.contains(&h.to_string()), "{h} in {names:?}");
    }
    let provider = &g.docs.providers[0];
    let sig = provider
        .headers
        .iter()
        .find(|h| h.name == "X-Hub-Signature-256")
        .unwrap();
    assert!(sig.description.contains("SHA-256"), "{}", sig.description);
    assert!(
        !provider.signatures.is_empty(),
        "{:#?}",
        provider.signatures
    );
    // The abbreviated body is read without its elisions, and reported
    // where it is.
    let d = g
        .diagnostics
        .iter()
        .find(|d| {
            d.message
                .contains("example delivery body is not strict JSON: it has elisions")
        })
        .expect("a note on the delivery body");
    assert!(d.span.line > 1 && d.span.file.ends_with(".txt"));
}

#[test]
#[cfg_attr(not(shared_seeds), ignore = "needs ../shared/seeds")]
fn corrupted_seed_keeps_its_headers() {
    let p = seed("001");
    let g = generate(&p);
    let names = header_names(&g);
    for h in GITHUB_HEADERS {
        assert!(names.contains(&h.to_string()), "{h} in {names:?}");
    }
    assert!(g.diagnostics.iter().all(|d| d.severity != Severity::Error));
    let broken = g
        .diagnostics
        .iter()
        .find(|d| d.message.contains("not complete JSON"))
        .expect("the broken example body is reported");
    assert!(broken.span.line > 40, "{broken:?}");
}

#[test]
#[cfg_attr(not(shared_seeds), ignore = "needs ../shared/seeds")]
fn cli_dialect_option_forces_a_front_end() {
    let p = seed("004");
    let run = |dialect: &str| {
        let out = tempdir("cli");
        let o = Command::new(env!("CARGO_BIN_EXE_codegen"))
            .args(["--short", "--docs"])
            .arg(&p)
            .arg("--out")
            .arg(&out)
            .args(["--dialect", dialect])
            .output()
            .unwrap();
        let n = std::fs::read_dir(out.join("schemas/github"))
            .map(|r| {
                r.filter(|e| {
                    e.as_ref()
                        .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".schema.json"))
                })
                .count()
            })
            .unwrap_or(0);
        let _ = std::fs::remove_dir_all(&out);
        (o.status.code(), n)
    };
    assert_eq!(run("auto"), (Some(0), 53));
    assert_eq!(run("markdown").1, 0);
    assert_eq!(run("nonsense").0, Some(2));
}

fn tempdir(tag: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let d = std::env::temp_dir().join(format!(
        "codegen-dialects-{tag}-{}-{nanos}",
        std::process::id()
    ));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn top_types(g: &Generated) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for (path, text) in &g.schemas {
        let event = path
            .rsplit('/')
            .next()
            .unwrap()
            .trim_end_matches(".schema.json")
            .to_string();
        let s: serde_json::Value = serde_json::from_str(text).unwrap();
        let mut fields = BTreeMap::new();
        if let Some(props) = s["properties"].as_object() {
            for (k, v) in props {
                let ty = if v.get("$ref").is_some() {
                    "object".to_string()
                } else {
                    v.get("type").map(|t| t.to_string()).unwrap_or_default()
                };
                fields.insert(k.clone(), ty);
            }
        }
        out.insert(event, fields);
    }
    out
}

#[test]
#[cfg_attr(
    not(all(shared_corpus, shared_seeds)),
    ignore = "needs ../shared/corpus and ../shared/seeds"
)]
fn viewer_text_agrees_with_markdown_source() {
    let (corpus, p) = (common::corpus(), seed("004"));
    let markdown = generate(&corpus);
    // The seed beside the corpus's includes and payloads, as it was published.
    let dir = tempdir("agree");
    for sub in ["data", "lib"] {
        std::os::unix::fs::symlink(corpus.join(sub), dir.join(sub)).unwrap();
    }
    let page = dir.join("page.txt");
    std::fs::copy(&p, &page).unwrap();
    let rendered = generate(&page);
    let _ = std::fs::remove_dir_all(&dir);

    let a: BTreeSet<String> = event_names(&markdown).into_iter().collect();
    let b: BTreeSet<String> = event_names(&rendered).into_iter().collect();
    let common: Vec<&String> = a.intersection(&b).collect();
    eprintln!(
        "only in markdown: {:?}",
        a.difference(&b).collect::<Vec<_>>()
    );
    eprintln!(
        "only in rendered: {:?}",
        b.difference(&a).collect::<Vec<_>>()
    );
    assert!(common.len() >= 45, "{} common events", common.len());
    let mut same_actions = 0;
    for e in &common {
        let (x, y) = (actions(&markdown, e), actions(&rendered, e));
        if x == y {
            same_actions += 1;
        } else {
            eprintln!("actions of {e} differ: markdown {x:?}, rendered {y:?}");
        }
    }
    for e in ["issues", "label", "push"] {
        assert_eq!(actions(&markdown, e), actions(&rendered, e), "{e}");
    }
    eprintln!(
        "{same_actions}/{} events with the same actions",
        common.len()
    );
    let (ta, tb) = (top_types(&markdown), top_types(&rendered));
    let (mut agree, mut total) = (0, 0);
    for e in &common {
        let (Some(fa), Some(fb)) = (ta.get(*e), tb.get(*e)) else {
            continue;
        };
        for (k, t) in fa {
            let Some(u) = fb.get(k) else { continue };
            total += 1;
            if t == u
                || t.is_empty()
                || u.is_empty()
                || t.contains(u.trim_matches('"'))
                || u.contains(t.trim_matches('"'))
            {
                agree += 1;
            } else {
                eprintln!("{e}.{k}: markdown {t}, rendered {u}");
            }
        }
    }
    eprintln!("{agree}/{total} common top-level fields with compatible types");
    assert!(total >= 100 && agree * 100 >= total * 95, "{agree}/{total}");
}

/// The corpus page as a docs site would serve it: Liquid expanded by the
/// loader, rendered by pulldown-cmark, then dressed the way sites dress it
/// (heading ids and anchors, wrapper divs, tables folded into `<details>`).
fn rendered_corpus_html(corpus: &Path) -> String {
    let loaded = codegen::load::load(corpus, &codegen::load::LoadOptions::default());
    let page = loaded
        .pages
        .iter()
        .find(|p| {
            loaded
                .sources
                .display(p.file)
                .ends_with("webhook-events-and-payloads.md")
        })
        .expect("the events page");
    // Front matter is not part of the rendered page.
    let text = &page.text.text;
    let body = text
        .strip_prefix("---")
        .and_then(|r| r.split_once("\n---").map(|(_, b)| b))
        .unwrap_or(text);
    let mut html = String::new();
    pulldown_cmark::html::push_html(
        &mut html,
        pulldown_cmark::Parser::new_ext(body, pulldown_cmark::Options::ENABLE_TABLES),
    );
    let mut out = String::from("<!DOCTYPE html><html><head><title>Webhook events</title></head><body><main><div class=\"article\">\n");
    let mut rest = html.as_str();
    while let Some(i) = rest.find("<h") {
        let (before, tail) = rest.split_at(i);
        out.push_str(before);
        let level = tail.as_bytes().get(2).copied().unwrap_or(b'x');
        let close = format!("</h{}>", level as char);
        match (
            level.is_ascii_digit() && tail.as_bytes().get(3) == Some(&b'>'),
            tail.find(&close),
        ) {
            (true, Some(end)) => {
                let inner = &tail[4..end];
                let id: String = inner
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() || c == '_' {
                            c.to_ascii_lowercase()
                        } else {
                            '-'
                        }
                    })
                    .collect();
                out.push_str(&format!(
                    "<h{l} id=\"{id}\">{inner}<a class=\"anchor\" href=\"#{id}\">#</a></h{l}>",
                    l = level as char
                ));
                rest = &tail[end + close.len()..];
            }
            _ => {
                out.push_str("<h");
                rest = &tail[2..];
            }
        }
    }
    out.push_str(rest);
    out.push_str("</div></main></body></html>\n");
    out.replace(
        "<table>",
        "<details open><summary>Properties</summary><div class=\"table-wrap\"><table>",
    )
    .replace("</table>", "</table></div></details>")
}

#[test]
#[cfg_attr(not(shared_corpus), ignore = "needs ../shared/corpus")]
fn rendered_html_gives_every_event_and_examples_validate() {
    let corpus = common::corpus();
    let markdown = generate(&corpus);
    let dir = tempdir("html");
    let page = dir.join("webhook-events.html");
    std::fs::write(&page, rendered_corpus_html(&corpus)).unwrap();
    assert_eq!(
        detect(&std::fs::read_to_string(&page).unwrap()),
        Dialect::Html
    );
    let html = generate(&page);
    let _ = std::fs::remove_dir_all(&dir);

    let a: BTreeSet<String> = event_names(&markdown).into_iter().collect();
    let b: BTreeSet<String> = event_names(&html).into_iter().collect();
    assert_eq!(a, b, "event sets differ");
    for e in ["issues", "label", "pull_request", "check_run"] {
        assert_eq!(actions(&markdown, e), actions(&html, e), "{e}");
    }
    let headers: Vec<String> = header_names(&html);
    assert!(
        headers.contains(&"X-GitHub-Event".to_string()),
        "{headers:?}"
    );

    // Every example payload embedded in the HTML validates against the
    // schemas generated from it.
    let mut checked = 0;
    for (path, text) in &html.schemas {
        let event = path
            .rsplit('/')
            .next()
            .unwrap()
            .trim_end_matches(".schema.json");
        let schema: serde_json::Value = serde_json::from_str(text).unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        let examples = html
            .docs
            .providers
            .iter()
            .flat_map(|p| &p.events)
            .filter(|e| e.name == event)
            .flat_map(|e| &e.examples);
        for ex in examples {
            let errors: Vec<String> = validator
                .iter_errors(&ex.value)
                .map(|e| format!("{} at {}", e, e.instance_path))
                .take(3)
                .collect();
            assert!(
                errors.is_empty(),
                "{event} example {}: {errors:?}",
                ex.source
            );
            checked += 1;
        }
    }
    eprintln!("{} events from HTML, {checked} examples validated", b.len());
    let (ta, tb) = (top_types(&markdown), top_types(&html));
    let mut differ = Vec::new();
    for (e, fa) in &ta {
        for (k, t) in fa {
            match tb.get(e).and_then(|f| f.get(k)) {
                Some(u) if u == t => {}
                other => differ.push(format!("{e}.{k}: markdown {t}, html {other:?}")),
            }
        }
    }
    eprintln!("top-level fields differing: {differ:#?}");
    // Only fields that payload files beside the docs (not on the page) add
    // may be missing; no field may change type.
    assert!(
        differ.iter().all(|d| d.ends_with("html None")),
        "{differ:#?}"
    );
    assert!(differ.len() <= 5, "{differ:#?}");
    assert!(checked >= 50, "{checked}");
}

#[test]
fn every_front_end_survives_odd_input() {
    let dir = tempdir("any");
    let mut inputs: Vec<PathBuf> = Vec::new();
    let odd = [
        "",
        "é<h2>ü</h2><table><tr><td>x</td></tr>",
        "Key Type Description\né string\n{% if\nbroken",
        "title | intro\n|é|\nX-A-B\n: é\n",
        "| **a.b** |\n| **é.c** |\n> POST / HTTP/1.1\n> X-A-Event: a.b\n\n> {",
        "<details><table><tr><th>Key</th><th>Type</th></tr><tr><td><table></td></tr></table>",
    ];
    for (i, text) in odd.iter().enumerate() {
        let p = dir.join(format!("odd{i}.txt"));
        std::fs::write(&p, text).unwrap();
        inputs.push(p);
    }
    every_front_end_survives(&inputs);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
#[cfg_attr(not(shared_seeds), ignore = "needs ../shared/seeds")]
fn every_front_end_survives_every_seed() {
    let seeds: Vec<PathBuf> = ["000", "001", "002", "003", "004"]
        .into_iter()
        .map(seed)
        .collect();
    every_front_end_survives(&seeds);
}

/// Each input read in every dialect: errors are fine; panics are not, and a
/// success writes schemas that parse.
fn every_front_end_survives(inputs: &[PathBuf]) {
    for p in inputs {
        for name in Dialect::NAMES {
            let d: Dialect = name.parse().unwrap();
            if let Ok(g) = Builder::new().docs(p).dialect(Some(d)).generate() {
                for (_, s) in &g.schemas {
                    serde_json::from_str::<serde_json::Value>(s).unwrap();
                }
            }
        }
    }
}

/// What each seed yields, pinned: dialect, events, headers, signature schemes.
#[test]
#[cfg_attr(not(shared_seeds), ignore = "needs ../shared/seeds")]
fn seed_results_snapshot() {
    let mut out = String::new();
    for prefix in ["000", "001", "002", "003", "004"] {
        let p = seed(prefix);
        let text = std::fs::read_to_string(&p).unwrap();
        let g = generate(&p);
        let schemes: Vec<String> = g
            .docs
            .providers
            .iter()
            .flat_map(|p| p.signatures.iter().map(|s| format!("{s:?}")))
            .collect();
        out.push_str(&format!(
            "{prefix}: {} | events {} | headers {} | signatures {}\n  events: {}\n",
            detect(&text),
            event_names(&g).len(),
            header_names(&g).join(", "),
            schemes.len(),
            event_names(&g).join(" "),
        ));
        for e in g.docs.providers.iter().flat_map(|p| &p.events) {
            if !e.actions.is_empty() {
                let a: Vec<&str> = e.actions.iter().map(|a| a.name.as_str()).collect();
                out.push_str(&format!("  {}: {}\n", e.name, a.join(" ")));
            }
        }
        if let Some(n) = notes(&g).iter().find(|n| n.contains("no event")) {
            out.push_str(&format!("  note: {n}\n"));
        }
    }
    insta::assert_snapshot!("seed_results", out);
}

/// A page that gives each action a table of its own, under a subheading
/// quoting the action, with a one-word `Example` subheading, as markdown and
/// rendered to HTML: the event is the section's, not `Example`; each quoted
/// name documenting `action` is an action; and a key only one action's table
/// has is that action's, not every payload's.
#[test]
fn per_action_tables_give_actions_their_own_fields() {
    let markdown = "# Events\n\n## issues\n\nActivity on an issue.\n\n\
         ### Payload for `opened`\n\n\
         Key | Type | Description\n----|------|------------\n\
         `action` | `string` | The action.\n`issue` | `object` | The issue.\n\n\
         ### Payload for `edited`\n\n\
         Key | Type | Description\n----|------|------------\n\
         `action` | `string` | The action.\n`issue` | `object` | The issue.\n\
         `changes` | `object` | What changed.\n\n\
         ### Payload for `closed`\n\n\
         Key | Type | Description\n----|------|------------\n\
         `action` | `string` | The action.\n`issue` | `object` | The issue.\n\
         `reason` | `string` | Why.\n\n\
         ### Example\n\n\
         ```json\n{\"action\": \"edited\", \"issue\": {\"id\": 1}, \"changes\": {\"title\": {\"from\": \"a\"}}}\n```\n\n\
         ```json\n{\"action\": \"opened\", \"issue\": {\"id\": 2}}\n```\n";
    let mut html = String::from("<html><body>");
    pulldown_cmark::html::push_html(
        &mut html,
        pulldown_cmark::Parser::new_ext(markdown, pulldown_cmark::Options::ENABLE_TABLES),
    );
    html.push_str("</body></html>");
    let dir = tempfile::tempdir().unwrap();
    for (file, text) in [("hooks.md", markdown), ("hooks.html", html.as_str())] {
        let page = dir.path().join(file);
        std::fs::write(&page, text).unwrap();
        let g = generate(&page);
        assert_eq!(event_names(&g), ["issues"], "{file}");
        let event = &g.docs.providers[0].events[0];
        let names: Vec<&str> = event.actions.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["opened", "edited", "closed"], "{file}");
        let fields = |name: &str| {
            let a = event.actions.iter().find(|a| a.name == name).unwrap();
            (a.fields.clone(), a.required.clone())
        };
        assert_eq!(fields("opened"), (vec![], vec![]), "{file}");
        // The example shows `edited` with `changes`: required for it alone.
        let changes = vec!["changes".to_string()];
        assert_eq!(fields("edited"), (changes.clone(), changes), "{file}");
        assert_eq!(fields("closed"), (vec!["reason".into()], vec![]), "{file}");
        let (_, schema) = &g.schemas[0];
        let schema: serde_json::Value = serde_json::from_str(schema).unwrap();
        assert_eq!(
            schema["required"],
            serde_json::json!(["action", "issue"]),
            "{file}"
        );
        let rust: String = g
            .crate_files
            .iter()
            .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
            .collect();
        assert!(rust.contains("Edited { changes: &'a Changes }"), "{file}");
        assert!(
            rust.contains("Closed { reason: ::core::option::Option<&'a ::std::string::String> }"),
            "{file}"
        );
    }
}
