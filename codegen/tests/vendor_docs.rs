//! Docs as vendors publish them, unedited: example blocks that are not
//! strict JSON, names of events wherever a vendor puts them, and the markup
//! of docs platforms. Every page here is made up for the test; the
//! diagnostics and what was read are insta snapshots.

use codegen::{Builder, Generated};

/// Writes `files` under a temporary docs directory and generates from it.
fn generate_with(
    files: &[(&str, &str)],
    builder: impl Fn(Builder) -> Builder,
) -> (Generated, String) {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    for (path, text) in files {
        let path = docs.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let g = builder(Builder::new().docs(&docs))
        .generate()
        .unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    let diags =
        codegen::diag::render_short(&g.diagnostics).replace(&docs.display().to_string(), "[DOCS]");
    (g, diags)
}

fn generate(files: &[(&str, &str)]) -> (Generated, String) {
    generate_with(files, |b| b)
}

/// The diagnostics, then each event with its examples as compact JSON.
fn report(g: &Generated, diags: &str) -> String {
    let mut out = String::from(diags);
    for p in &g.docs.providers {
        out.push_str(&format!("provider {}", p.name));
        if !p.name_in_body.is_empty() {
            let paths: Vec<String> = p.name_in_body.iter().map(|k| k.join(".")).collect();
            out.push_str(&format!(" (name in body: {})", paths.join(", ")));
        }
        out.push('\n');
        for e in &p.events {
            out.push_str(&format!("  {}\n", e.name));
            for ex in &e.examples {
                out.push_str(&format!("    {}\n", ex.value));
            }
        }
    }
    out
}

fn page(body: &str) -> String {
    format!("# Acme webhooks\n\nDeliveries carry an `X-Acme-Event` header.\n\n## build.finished\n\nA build finished.\n\n{body}")
}

fn snapshot(name: &str, body: &str) -> Generated {
    let (g, diags) = generate(&[("hooks.md", &page(body))]);
    insta::assert_snapshot!(name, report(&g, &diags));
    g
}

#[test]
fn comment_after_a_value_describes_its_field() {
    let g = snapshot(
        "comment",
        "```json\n{\n  \"id\": 7,\n  \"duration\": 1095.588715, // duration in seconds\n  /* who asked */ \"by\": {\"login\": \"ada\"} // the requester\n}\n```\n",
    );
    let p = &g.docs.providers[0];
    let root = p.types.object(p.events[0].payload);
    let field = |name: &str| root.fields.iter().find(|f| f.name == name).unwrap();
    assert_eq!(field("duration").description, "duration in seconds");
    assert_eq!(field("by").description, "the requester");
    assert_eq!(field("id").description, "");
    let schema = &g
        .schemas
        .iter()
        .find(|(p, _)| p.ends_with("build.finished.schema.json"))
        .unwrap()
        .1;
    assert!(
        schema.contains("\"description\": \"duration in seconds\""),
        "{schema}"
    );
    let rust: String = g
        .crate_files
        .iter()
        .filter(|(p, _)| p.ends_with(".rs"))
        .map(|(_, c)| String::from_utf8_lossy(c).into_owned())
        .collect();
    assert!(
        rust.contains("`duration`: duration in seconds"),
        "no doc comment"
    );
}

#[test]
fn a_table_description_wins_over_a_comment() {
    let (g, _) = generate(&[(
        "hooks.md",
        &page("Key | Type | Description\n----|------|------------\n`duration` | `number` | How long it took.\n\n```json\n{\"duration\": 1.5 // seconds\n}\n```\n"),
    )]);
    let p = &g.docs.providers[0];
    let root = p.types.object(p.events[0].payload);
    assert_eq!(root.fields[0].description, "How long it took.");
}

#[test]
fn trailing_comma() {
    snapshot(
        "trailing_comma",
        "```json\n{\n  \"id\": 7,\n  \"tags\": [\"a\", \"b\",],\n}\n```\n",
    );
}

#[test]
fn elisions() {
    let g = snapshot(
        "elision",
        "```json\n{\"before\":\"077a…\",\"after\":\"95cd…\",<SNIP>}\n```\n\n\
         ```json\n{\n  \"id\": 7,\n  ...\n  \"state\": \"done\"\n}\n```\n\n\
         ```json\n{\n  \"id\": 8,\n  …\n}\n```\n\n\
         ```json\n{\n  \"id\": 9,\n  // ...\n  \"steps\": [1, 2, ...]\n}\n```\n",
    );
    assert_eq!(g.docs.providers[0].events[0].examples.len(), 4);
}

#[test]
fn back_to_back_objects() {
    let g = snapshot(
        "back_to_back",
        "```json\n{\"id\": 1, \"state\": \"queued\"}{\"id\": 1, \"state\": \"running\"}\n{\n  \"id\": 1,\n  \"state\": \"done\"\n}\n```\n",
    );
    let examples = &g.docs.providers[0].events[0].examples;
    assert_eq!(examples.len(), 3);
    // Each is the docs' own text for that value.
    assert_eq!(examples[1].raw, "{\"id\": 1, \"state\": \"running\"}");
}

#[test]
fn console_block() {
    snapshot(
        "console_block",
        "```json\n{\"id\": 7}\n```\n\n### Test your receiver\n\n```\n{\"ok\": true}\n127.0.0.1 - - [01/Jan/2024:10:00:00] \"POST /hooks HTTP/1.1\" 200 -\n```\n\n\
         ```json\n$ curl -X POST -d @payload.json http://localhost:3000/hooks\n```\n\n\
         ```json\n{\"id\": 'single quotes'}\n```\n",
    );
}

#[test]
fn a_broken_example_is_a_warning_and_deny_warnings_fails() {
    let files = [("hooks.md", page("```json\n{\"id\": 7,,, oops}\n```\n"))];
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let (g, diags) = generate(&files);
    assert_eq!(g.docs.providers[0].events.len(), 1);
    assert!(diags.contains("warning: [DOCS]/hooks.md:10:10:"), "{diags}");
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("hooks.md"), files[0].1).unwrap();
    let failure = Builder::new()
        .docs(tmp.path())
        .deny_warnings(true)
        .generate()
        .expect_err("warnings are denied");
    assert_eq!(failure.kind, codegen::FailureKind::Docs);
    assert!(failure
        .diagnostics
        .iter()
        .any(|d| d.message.contains("warnings are denied")));
}

// Event names, wherever the vendor puts them.

fn names(g: &Generated) -> Vec<String> {
    g.docs
        .providers
        .iter()
        .flat_map(|p| p.events.iter().map(|e| e.name.clone()))
        .collect()
}

#[test]
fn event_name_in_a_header_value() {
    let (g, _) = generate(&[(
        "hooks.md",
        "# Acme\n\n## Build hook\n\n```\nPOST /hook HTTP/1.1\nX-Acme-Event: Build Hook\nContent-Type: application/json\n```\n\n```json\n{\"id\": 1}\n```\n",
    )]);
    assert_eq!(names(&g), ["Build Hook"]);
    assert_eq!(
        g.docs.providers[0].event_header.as_deref(),
        Some("X-Acme-Event")
    );
    assert!(g.docs.providers[0].name_in_body.is_empty());
}

#[test]
fn event_name_on_a_definition_line() {
    for (line, want) in [
        ("* Event ID: `build.finished`", "build.finished"),
        ("- **Event type:** build.finished", "build.finished"),
        ("Event: `build.finished`", "build.finished"),
        ("Event name\n: build.finished", "build.finished"),
    ] {
        let (g, _) = generate(&[(
            "hooks.md",
            &format!("# Acme\n\n## Build finished\n\nEvent: A build is over.\n\n{line}\n\n```json\n{{\"id\": 1}}\n```\n\n## Build started\n\n* Event ID: `build.started`\n"),
        )]);
        assert_eq!(names(&g), [want, "build.started"], "{line}");
    }
}

#[test]
fn event_name_in_the_heading() {
    let (g, _) = generate(&[(
        "hooks.md",
        "# Acme\n\n## build.finished\n\n```json\n{\"id\": 1}\n```\n",
    )]);
    assert_eq!(names(&g), ["build.finished"]);
}

#[test]
fn event_name_in_a_body_field() {
    // No header, no definition line, prose headings: each section's
    // examples carry a field naming it, at the top or nested.
    let (g, _) = generate(&[(
        "hooks.md",
        "---\ntitle: Events\nsite_name: Acme Cloud\n---\n\n## Build finished\n\n```json\n{\"meta\": {\"kind\": \"build.finished\"}, \"id\": 1}\n```\n\n\
         <a name=\"deploy.created\"></a>\n## A new deployment\n\n```json\n{\"meta\": {\"kind\": \"deploy.created\"}, \"id\": 2}\n```\n\n```json\n{\"meta\": {\"kind\": \"deploy.created\"}, \"id\": 3}\n```\n\n\
         ## Merge request events\n\n```json\n{\"meta\": {\"kind\": \"merge_request\"}}\n```\n\n\
         ## When deliveries fail\n\n```json\n{\"meta\": {\"kind\": \"error\"}}\n```\n",
    )]);
    assert_eq!(
        names(&g),
        ["build.finished", "deploy.created", "merge_request"]
    );
    let p = &g.docs.providers[0];
    assert_eq!(p.name, "acme_cloud");
    assert_eq!(
        p.name_in_body,
        [vec!["meta".to_string(), "kind".to_string()]]
    );
}

#[test]
fn a_name_field_of_a_few_events_is_no_convention() {
    // `type` equals the event's name for one event of three: a coincidence.
    let (g, _) = generate(&[(
        "hooks.md",
        "# Acme\n\n## public\n\n```json\n{\"type\": \"public\"}\n```\n\n## push\n\n```json\n{\"ref\": \"main\"}\n```\n\n## star\n\n```json\n{\"type\": \"user\"}\n```\n",
    )]);
    assert_eq!(names(&g), ["public", "push", "star"]);
    assert!(g.docs.providers[0].name_in_body.is_empty());
}

// The provider is named for the vendor.

fn provider_of(text: &str) -> String {
    let (g, _) = generate(&[("hooks.md", text)]);
    g.docs.providers[0].name.clone()
}

#[test]
fn provider_named_for_the_vendor() {
    let body = "\n## build.finished\n\n```json\n{\"id\": 1}\n```\n";
    assert_eq!(
        provider_of(&format!(
            "---\ntitle: Service hook events\ntitleSuffix: Acme DevCloud\n---\n{body}"
        )),
        "acme_devcloud"
    );
    assert_eq!(
        provider_of(&format!(
            "---\ntitle: Webhook event reference | Acme\n---\n{body}"
        )),
        "acme"
    );
    assert_eq!(provider_of(&format!("# Gizmo webhooks\n{body}")), "gizmo");
    // Nothing names a vendor: the generic fallback, never a generic word
    // from the title.
    assert_eq!(
        provider_of(&format!("# Service hook events\n{body}")),
        "webhooks"
    );
    assert_eq!(
        provider_of(&format!(
            "# Events\n\nHeader | Description\n---|---\n`X-Gizmo-Event` | The event.\n{body}"
        )),
        "gizmo"
    );
    let (g, _) = generate_with(&[("hooks.md", &format!("# Gizmo webhooks\n{body}"))], |b| {
        b.provider("other")
    });
    assert_eq!(g.docs.providers[0].name, "other");
    // The product part of "Page | Product | Company".
    assert_eq!(
        provider_of(&format!(
            "---\ntitle: Event payloads | Gizmo Cloud | Gizmo Corp Support\n---\n{body}"
        )),
        "gizmo_cloud"
    );
    // A vendor that also sends another vendor's headers is the one its docs name.
    let both = "```\nPOST /hook HTTP/1.1\nX-Acme-Event: push\nX-Gizmo-Event: push\nContent-Type: application/json\n```\n";
    assert_eq!(
        provider_of(&format!(
            "---\ntitle: Webhooks | Gizmo Documentation\n---\n\n{both}{body}"
        )),
        "gizmo"
    );
    assert_eq!(provider_of(&format!("# Webhooks\n\n{both}{body}")), "acme");
    // A rendered page: its `<title>` and site name.
    let (g, _) = generate(&[(
        "hooks.html",
        "<html><head><title>Webhook events | Docs</title><meta property=\"og:site_name\" content=\"Gizmo Cloud\"></head>\
         <body><h1>Webhook events</h1><h2>build.finished</h2><pre><code class=\"language-json\">{\"id\": 1}</code></pre></body></html>",
    )]);
    assert_eq!(g.docs.providers[0].name, "gizmo_cloud");
}

#[test]
fn the_header_that_names_sections_is_the_event_header() {
    let (g, _) = generate(&[(
        "hooks.md",
        "# Webhook events\n\n## Push events\n\n```plaintext\nX-Gizmo-Event: Push Hook\n```\n\n```json\n{\"object_kind\": \"push\"}\n```\n\n\
         ## Tag events\n\n```plaintext\nX-Gizmo-Event: Tag Push Hook\n```\n\n```json\n{\"object_kind\": \"tag_push\"}\n```\n",
    )]);
    assert_eq!(names(&g), ["Push Hook", "Tag Push Hook"]);
    let p = &g.docs.providers[0];
    assert_eq!(p.name, "gizmo");
    assert_eq!(p.event_header.as_deref(), Some("X-Gizmo-Event"));
    // The body's `object_kind` is not the event's name: not a body name.
    assert!(p.name_in_body.is_empty());
}

// Docs-platform markup.

#[test]
fn docfx_monikers_includes_and_alerts() {
    let files = [
        (
            "events.md",
            "---\ntitle: Events | Acme\nmonikerRange: '<= acme-cloud'\n---\n\n# Events\n\n\
             [!INCLUDE [versions](includes/versions.md)]\n\n\
             [!INCLUDE [outside](../elsewhere/x.md)]\n\n\
             > [!NOTE]\n> Deliveries are retried.\n\n\
             ## build.finished\n\n```json\n{\"id\": 1}\n```\n\n\
             ::: moniker range=\"=acme-cloud\"\n\n## deploy.created\n\n```json\n{\"id\": 2}\n```\n\n::: moniker-end\n\n\
             ::: moniker range=\">= acme-server-2020 < acme-cloud\"\n\n## legacy.ping\n\n```json\n{\"id\": 3}\n```\n\n::: moniker-end\n\n\
             ::: zone pivot=\"rest\"\n\nText in a zone.\n\n::: zone-end\n",
        ),
        ("includes/versions.md", "---\nms.topic: include\n---\n\n## included.event\n\n```json\n{\"id\": 4}\n```\n"),
    ];
    let (g, diags) = generate(&files);
    insta::assert_snapshot!("docfx", report(&g, &diags));
    let (g, _) = generate_with(&files, |b| b.version("acme-server-2020"));
    assert_eq!(
        names(&g),
        ["included.event", "build.finished", "legacy.ping"]
    );
    let (g, _) = generate_with(&files, |b| b.version("acme-server-2022"));
    assert_eq!(
        names(&g),
        ["included.event", "build.finished", "legacy.ping"]
    );
    let tmp = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = tmp.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let failure = Builder::new()
        .docs(tmp.path())
        .version("other-2020")
        .generate()
        .expect_err("a moniker the docs do not name");
    assert_eq!(failure.kind, codegen::FailureKind::Usage);
    assert!(
        failure.diagnostics[0].message.contains("acme-cloud"),
        "{:?}",
        failure.diagnostics
    );
}

#[test]
fn hugo_shortcodes() {
    let (g, diags) = generate(&[(
        "hooks.md",
        "# Acme webhooks\n\n## build.finished\n\n{{< note >}}Builds can be {{< ref \"retries\" >}} retried.{{< /note >}}\n\n\
         {{< highlight json >}}\n{\"id\": 1}\n{{< /highlight >}}\n\n{{% gizmo-widget %}}\n\n## deploy.created\n\n{{< highlight json \"linenos=table\" >}}\n{\"id\": 2}{{< /highlight >}}\n",
    )]);
    insta::assert_snapshot!("hugo", report(&g, &diags));
}

#[test]
fn mdx_and_docusaurus() {
    let (g, diags) = generate(&[(
        "hooks.mdx",
        "---\ntitle: Acme webhooks\n---\nimport Tabs from '@theme/Tabs';\nimport TabItem from '@theme/TabItem';\nexport const meta = {};\n\n\
         ## build.finished\n\n:::note\n\nBuilds may finish twice.\n\n:::\n\n{/* a comment for editors */}\n\
         <Tabs>\n<TabItem value=\"json\" label=\"JSON\">\n```json\n{\"id\": 1}\n```\n</TabItem>\n<TabItem\n  value=\"yaml\"\n  label=\"YAML\"\n>\n```yaml\nid: 1\n```\n</TabItem>\n</Tabs>\n\n\
         :::tip[Retries]\nDeliveries are retried.\n:::\n\n:::gizmo\nUnknown to us.\n:::\n\n\
         ```js\nimport x from 'y';\n```\n",
    )]);
    insta::assert_snapshot!("mdx_docusaurus", report(&g, &diags));
}

#[test]
fn markup_inside_code_is_left_alone() {
    let (g, _) = generate(&[(
        "hooks.md",
        "# Acme webhooks\n\n## build.finished\n\n```json\n{\"note\": \"::: moniker-end\", \"import\": \"{{< x >}}\"}\n```\n",
    )]);
    let ex = &g.docs.providers[0].events[0].examples[0].value;
    assert_eq!(ex["note"], "::: moniker-end");
    assert_eq!(ex["import"], "{{< x >}}");
}

#[test]
fn spans_point_into_the_page_after_markup() {
    let (_, diags) = generate(&[(
        "hooks.md",
        "# Acme webhooks\n\n::: moniker range=\"=acme\"\n\n## build.finished\n\n```json\n{\"id\": 1,}\n```\n\n::: moniker-end\n",
    )]);
    assert!(
        diags.contains("[DOCS]/hooks.md:8:9: example is not strict JSON"),
        "{diags}"
    );
}

#[test]
fn pages_of_every_platform_are_found_in_a_tree() {
    let (g, _) = generate(&[(
        "docs/hooks.mdx",
        "# Acme webhooks\n\n## build.finished\n\n```json\n{\"id\": 1}\n```\n",
    )]);
    assert_eq!(names(&g), ["build.finished"]);
}
