//! Each reader's rules, one small hand-written page per rule, read through
//! the public pipeline (`load` then `parse`): what lands in the document
//! model, and which JSON examples outside event sections come out with
//! their context.

use std::path::Path;

use codegen::diag::{Diagnostics, Severity};
use codegen::load::{load, LoadOptions};
use codegen::parse::doc::{Block, BlockKind, Code, Definition};
use codegen::parse::{parse, Dialect, ParsedPage};

/// The pages of a docs directory holding `files` (name, text).
fn read_dir(files: &[(&str, &str)]) -> (Vec<ParsedPage>, Diagnostics) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    read_path(dir.path())
}

fn read_path(path: &Path) -> (Vec<ParsedPage>, Diagnostics) {
    let loaded = load(path, &LoadOptions::default());
    let mut diags = loaded.diagnostics;
    let pages = parse(&loaded.pages, &loaded.sources, &mut diags);
    (pages, diags)
}

/// The one page of a page written to a file called `name`.
fn read(name: &str, text: &str) -> (ParsedPage, Diagnostics) {
    let (mut pages, diags) = read_dir(&[(name, text)]);
    assert_eq!(pages.len(), 1, "{:?}", diags.sorted());
    (pages.remove(0), diags)
}

fn codes(p: &ParsedPage) -> Vec<&Code> {
    p.document
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Code(c) => Some(c),
            _ => None,
        })
        .collect()
}

/// `(level, text, anchor)` of each heading.
fn headings(p: &ParsedPage) -> Vec<(u8, String, Option<String>)> {
    p.document
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Heading {
                level,
                text,
                anchor,
            } => Some((*level, text.clone(), anchor.clone())),
            _ => None,
        })
        .collect()
}

fn tables(p: &ParsedPage) -> Vec<(Vec<String>, Vec<Vec<String>>)> {
    p.document
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Table { header, rows } => Some((
                header.clone(),
                rows.iter().map(|r| r.cells.clone()).collect(),
            )),
            _ => None,
        })
        .collect()
}

fn definitions(p: &ParsedPage) -> Vec<&Definition> {
    p.document
        .blocks
        .iter()
        .flat_map(|b| match &b.kind {
            BlockKind::DefinitionList { items } => items.iter().collect(),
            _ => Vec::new(),
        })
        .collect()
}

fn paragraphs(p: &ParsedPage) -> Vec<&str> {
    p.document
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Paragraph { text } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

fn block_at(p: &ParsedPage, line: u32) -> Option<&Block> {
    p.document.blocks.iter().find(|b| b.span.line == line)
}

fn messages(d: &Diagnostics, severity: Severity) -> Vec<String> {
    d.iter()
        .filter(|x| x.severity == severity)
        .map(|x| x.message.clone())
        .collect()
}

// ---- AsciiDoc -------------------------------------------------------------

#[test]
fn asciidoc_listing_block_with_source_language() {
    let (p, _) = read(
        "hooks.adoc",
        "= Webhook guide\n\n== The delivery\n\nEach delivery looks like this:\n\n[source,json]\n----\n{\"kind\": \"thing.made\", \"id\": 7}\n----\n",
    );
    assert_eq!(p.dialect, Some(Dialect::AsciiDoc));
    let c = codes(&p);
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].lang.as_deref(), Some("json"));
    assert_eq!(c[0].text.trim(), "{\"kind\": \"thing.made\", \"id\": 7}");
    // The text is the file's own, so offsets into it are the file's.
    assert!(c[0].verbatim);
    assert_eq!(c[0].text_span.line, 9);
    assert_eq!(p.loose_examples.len(), 1);
    let l = &p.loose_examples[0];
    assert_eq!(l.lang, "json");
    assert_eq!(l.headings, ["Webhook guide", "The delivery"]);
    assert_eq!(l.before, "Each delivery looks like this:");
    assert_eq!(l.example.value["kind"], "thing.made");
}

#[test]
fn asciidoc_literal_block_has_no_language() {
    let (p, _) = read(
        "page.adoc",
        "= Page\n\nA literal:\n\n....\n{\"a\": 1}\n....\n",
    );
    let c = codes(&p);
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].lang, None);
    assert_eq!(c[0].text.trim(), "{\"a\": 1}");
}

#[test]
fn asciidoc_headings_one_line_two_line_and_markdown_style() {
    let (p, _) = read(
        "page.adoc",
        "= Title\n\n== Section one\n\ntext\n\nSection two\n-----------\n\nmore\n\n#### Deep\n\nlast\n",
    );
    let h = headings(&p);
    let titled: Vec<(u8, &str)> = h.iter().map(|(l, t, _)| (*l, t.as_str())).collect();
    assert_eq!(
        titled,
        [
            (1, "Title"),
            (2, "Section one"),
            (2, "Section two"),
            (4, "Deep")
        ]
    );
    // The two-line title is reported where it is written.
    let two = p
        .document
        .blocks
        .iter()
        .find(|b| matches!(&b.kind, BlockKind::Heading { text, .. } if text == "Section two"))
        .unwrap();
    assert_eq!(two.span.line, 7);
    assert!(paragraphs(&p).contains(&"more"));
}

#[test]
fn asciidoc_table_rows_spread_over_lines() {
    let (p, _) = read(
        "events.adoc",
        "= Events\n\n|===\n|Name |When |Object\n\n|THING_MADE\n|A thing is made|THING\n|THING_GONE\n|A thing is removed\n|THING\n|===\n",
    );
    let t = tables(&p);
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].0, ["Name", "When", "Object"]);
    assert_eq!(
        t[0].1,
        [
            ["THING_MADE", "A thing is made", "THING"],
            ["THING_GONE", "A thing is removed", "THING"]
        ]
    );
}

#[test]
fn asciidoc_definition_list() {
    let (p, _) = read(
        "page.adoc",
        "= The page\n\n`kind`:: what happened, one of `made` or `gone`\nid::\n  the id of the thing\n",
    );
    let d = definitions(&p);
    assert_eq!(d.len(), 2);
    assert_eq!(d[0].term, "`kind`");
    assert_eq!(d[0].definition, "what happened, one of `made` or `gone`");
    assert_eq!(d[1].term, "id");
    assert_eq!(d[1].definition, "the id of the thing");
}

#[test]
fn asciidoc_attributes_anchors_and_block_titles() {
    let (p, _) = read(
        "page.adoc",
        "= The page\n:toc:\n:icons: font\n\n[[made]]\n== Thing made\n\n[#gone]\n== Thing gone\n\n.Example delivery\n[source,json]\n----\n{\"kind\": \"other\"}\n----\n",
    );
    let h = headings(&p);
    assert_eq!(h[1], (2, "Thing made".into(), Some("made".into())));
    assert_eq!(h[2], (2, "Thing gone".into(), Some("gone".into())));
    // Attribute entries are not prose; a block title is said before its block.
    assert!(!paragraphs(&p).iter().any(|t| t.contains("toc")));
    assert_eq!(paragraphs(&p), ["Example delivery"]);
    assert_eq!(p.loose_examples[0].before, "Example delivery");
}

#[test]
fn asciidoc_include_inside_the_docs_path_is_read_outside_is_noted() {
    let (pages, diags) = read_dir(&[
        (
            "hooks.adoc",
            "= Webhook guide\n\ninclude::parts/example.adoc[]\n\ninclude::../../outside.adoc[]\n",
        ),
        (
            "parts/example.adoc",
            "[source,json]\n----\n{\"kind\": \"made\"}\n----\n",
        ),
    ]);
    // The included file is part of the page, not a page of its own.
    assert_eq!(pages.len(), 1);
    let c = codes(&pages[0]);
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].text_span.file.rsplit('/').next(), Some("example.adoc"));
    assert!(messages(&diags, Severity::Note)
        .iter()
        .any(|m| m.contains("outside the docs path")));
}

// ---- reStructuredText -----------------------------------------------------

#[test]
fn rst_code_directives_and_literal_blocks() {
    let (p, diags) = read(
        "hooks.rst",
        "Webhook guide\n=============\n\nThe body:\n\n.. code-block:: json\n   :linenos:\n\n   {\n       \"kind\": \"made\"\n   }\n\n.. code:: python\n\n   print(1)\n\nA literal block::\n\n   {\"kind\": \"gone\"}\n",
    );
    assert_eq!(p.dialect, Some(Dialect::Rst));
    let c = codes(&p);
    assert_eq!(c.len(), 3);
    assert_eq!(c[0].lang.as_deref(), Some("json"));
    assert_eq!(c[0].text, "{\n    \"kind\": \"made\"\n}\n");
    // Dedented, so not the file's bytes; it still says where it starts.
    assert!(!c[0].verbatim);
    assert_eq!(c[0].text_span.line, 9);
    assert_eq!(c[1].lang.as_deref(), Some("python"));
    assert_eq!(c[2].lang, None);
    assert_eq!(c[2].text, "{\"kind\": \"gone\"}\n");
    assert!(paragraphs(&p).contains(&"A literal block:"));
    assert_eq!(p.loose_examples.len(), 2);
    assert_eq!(p.loose_examples[0].before, "The body:");
    assert!(messages(&diags, Severity::Warning).is_empty());
}

#[test]
fn rst_directive_content_nested_at_any_depth() {
    let (p, _) = read(
        "page.rst",
        "Page\n====\n\nExamples\n--------\n\n.. tabs::\n\n   .. tab:: Chat\n\n      .. note::\n\n         Nested twice.\n\n         .. code-block:: json\n\n            {\"text\": \"hi\"}\n\n   .. tab:: Plain\n\n      .. code-block:: json\n\n         {\"kind\": \"made\"}\n",
    );
    let h = headings(&p);
    let titled: Vec<(u8, &str)> = h.iter().map(|(l, t, _)| (*l, t.as_str())).collect();
    assert_eq!(
        titled,
        [(1, "Page"), (2, "Examples"), (3, "Chat"), (3, "Plain")]
    );
    assert_eq!(paragraphs(&p), ["Nested twice."]);
    let c = codes(&p);
    assert_eq!(c.len(), 2);
    assert_eq!(c[0].text, "{\"text\": \"hi\"}\n");
    assert_eq!(c[1].text, "{\"kind\": \"made\"}\n");
    assert_eq!(c[1].text_span.line, 23);
    assert_eq!(c[1].text_span.col, 10);
}

#[test]
fn rst_heading_levels_follow_the_order_of_adornment_styles() {
    let (p, _) = read(
        "page.rst",
        "=======\n Title\n=======\n\nOne\n---\n\nTwo\n~~~\n\nThree\n-----\n\nFour\n~~~~\n",
    );
    let h = headings(&p);
    let titled: Vec<(u8, &str)> = h.iter().map(|(l, t, _)| (*l, t.as_str())).collect();
    assert_eq!(
        titled,
        [
            (1, "Title"),
            (2, "One"),
            (3, "Two"),
            (2, "Three"),
            (3, "Four")
        ]
    );
}

#[test]
fn rst_definition_and_field_lists() {
    let (p, _) = read(
        "page.rst",
        "Page\n====\n\n``{{ event }}``\n  The event, one of ``made`` or ``gone``.\n\nterm : classifier\n  Its definition,\n  on two lines.\n\n:Signature: ``X-Sig`` header\n:Method: POST\n",
    );
    let d = definitions(&p);
    let pairs: Vec<(&str, &str)> = d
        .iter()
        .map(|d| (d.term.as_str(), d.definition.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("`{{ event }}`", "The event, one of `made` or `gone`."),
            ("term", "Its definition,\non two lines."),
            ("Signature", "`X-Sig` header"),
            ("Method", "POST"),
        ]
    );
}

#[test]
fn rst_simple_grid_and_list_tables() {
    let (p, _) = read(
        "page.rst",
        "Page\n====\n\n=====  =========\nName   Meaning\n=====  =========\nmade   a thing is\n       made\ngone   removed\n=====  =========\n\n+------+---------+\n| Name | Meaning |\n+======+=========+\n| made | a thing |\n|      | is made |\n+------+---------+\n\n.. list-table:: Events\n   :header-rows: 1\n\n   * - Name\n     - Meaning\n   * - made\n     - a thing is made\n",
    );
    let t = tables(&p);
    assert_eq!(t.len(), 3);
    assert_eq!(t[0].0, ["Name", "Meaning"]);
    assert_eq!(t[0].1, [["made", "a thing is made"], ["gone", "removed"]]);
    assert_eq!(t[1].0, ["Name", "Meaning"]);
    assert_eq!(t[1].1, [["made", "a thing is made"]]);
    assert_eq!(t[2].0, ["Name", "Meaning"]);
    assert_eq!(t[2].1, [["made", "a thing is made"]]);
}

#[test]
fn rst_roles_become_their_text() {
    let (p, _) = read(
        "page.rst",
        "Page\n====\n\nSee :doc:`the guide </guide>`, :ref:`payloads`, :ref:`Events <events>` and `the site <https://example.test>`_; ``type`` names it.\n",
    );
    assert_eq!(
        paragraphs(&p),
        ["See the guide, payloads, Events and the site; `type` names it."]
    );
}

#[test]
fn rst_labels_anchor_the_next_heading() {
    let (p, _) = read(
        "page.rst",
        "Page\n====\n\n.. _thing-made:\n\nThing made\n----------\n\ntext\n",
    );
    assert_eq!(
        headings(&p)[1],
        (2, "Thing made".into(), Some("thing-made".into()))
    );
}

#[test]
fn rst_comments_and_unknown_directives_are_skipped() {
    let (p, diags) = read(
        "page.rst",
        "Page\n====\n\n..\n   a comment block\n   {\"not\": \"read\"}\n\n.. a one-line comment\n\n.. figure:: /a.png\n\n   A caption.\n\n.. frobnicate:: x\n\n   {\"also\": \"skipped\"}\n\nKept.\n",
    );
    assert_eq!(paragraphs(&p), ["Kept."]);
    assert!(codes(&p).is_empty());
    let notes = messages(&diags, Severity::Note);
    assert!(
        notes.iter().any(|m| m.contains("`frobnicate`")),
        "{notes:?}"
    );
    // A page that is well formed gives no warning: unknown is not wrong.
    assert!(messages(&diags, Severity::Warning).is_empty());
}

#[test]
fn rst_placeholders_are_text_not_liquid() {
    let (p, diags) = read(
        "page.rst",
        "Webhook guide\n=============\n\n.. code-block:: json\n\n   {\"event\": \"{{ event }}\", \"id\": \"{{ build.id }}\"}\n",
    );
    assert_eq!(p.loose_examples[0].example.value["event"], "{{ event }}");
    assert!(!diags
        .iter()
        .any(|d| d.message.contains("undefined variable")));
}

#[test]
fn rst_include_inside_the_docs_path() {
    let (pages, _) = read_dir(&[
        ("page.rst", "Page\n====\n\n.. include:: parts/body.rst\n"),
        ("parts/body.rst", "Included paragraph.\n"),
    ]);
    assert_eq!(pages.len(), 1);
    assert_eq!(paragraphs(&pages[0]), ["Included paragraph."]);
}

// ---- HTML ------------------------------------------------------------------

#[test]
fn html_highlighted_code_is_its_tokens_joined_and_decoded() {
    let (p, _) = read(
        "page.html",
        "<html><body><h1>Webhook guide</h1><p>A delivery:</p>\
         <div class=\"listingblock\"><pre class=\"pygments highlight\"><code data-lang=\"json\"><span class=\"tok-p\">{</span>&#x000A;  <span class=\"tok-nt\">&quot;kind&quot;</span><span class=\"tok-p\">:</span> <span class=\"tok-s2\">&quot;made&quot;</span>&#x000A;<span class=\"tok-p\">}</span></code></pre></div>\
         </body></html>",
    );
    let c = codes(&p);
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].lang.as_deref(), Some("json"));
    assert_eq!(c[0].text, "{\n  \"kind\": \"made\"\n}");
    assert!(!c[0].verbatim);
    assert_eq!(p.loose_examples.len(), 1);
    assert_eq!(p.loose_examples[0].example.value["kind"], "made");
    assert_eq!(p.loose_examples[0].before, "A delivery:");
}

#[test]
fn html_code_languages_as_each_highlighter_marks_them() {
    let (p, _) = read(
        "page.html",
        "<html><body><h1>Langs</h1>\
         <pre><code class=\"language-json\">{}</code></pre>\
         <div class=\"highlight-yaml notranslate\"><div class=\"highlight\"><pre>a: 1</pre></div></div>\
         <pre class=\"sourceCode python\"><code>x = 1</code></pre>\
         <pre><code class=\"lang-bash\">ls</code></pre>\
         <pre>plain</pre></body></html>",
    );
    let langs: Vec<Option<&str>> = codes(&p).iter().map(|c| c.lang.as_deref()).collect();
    assert_eq!(
        langs,
        [
            Some("json"),
            Some("yaml"),
            Some("python"),
            Some("bash"),
            None
        ]
    );
}

#[test]
fn html_definition_lists() {
    let (p, _) = read(
        "page.html",
        "<html><body><h1>Fields</h1><dl><dt><code>kind</code></dt><dd>What happened.</dd><dt>id</dt><dd>The id.</dd></dl></body></html>",
    );
    let d = definitions(&p);
    let pairs: Vec<(&str, &str)> = d
        .iter()
        .map(|d| (d.term.as_str(), d.definition.as_str()))
        .collect();
    assert_eq!(pairs, [("`kind`", "What happened."), ("id", "The id.")]);
}

#[test]
fn html_asciidoctor_tables() {
    let (p, _) = read(
        "page.html",
        "<html><body><h1>Events</h1><table class=\"tableblock frame-all grid-all\"><thead><tr><th class=\"tableblock halign-left\">Name</th><th class=\"tableblock\">When</th></tr></thead>\
         <tbody><tr><td class=\"tableblock halign-left\"><p class=\"tableblock\">THING_MADE</p></td><td class=\"tableblock\"><p class=\"tableblock\">A thing is made</p></td></tr></tbody></table></body></html>",
    );
    let t = tables(&p);
    assert_eq!(t[0].0, ["Name", "When"]);
    assert_eq!(t[0].1, [["THING_MADE", "A thing is made"]]);
}

#[test]
fn html_heading_ids_and_section_ids_are_anchors() {
    let (p, _) = read(
        "page.html",
        "<html><body><h1>Page</h1><h2 id=\"made\">Thing made<a class=\"headerlink\" href=\"#made\">¶</a></h2>\
         <section id=\"gone\"><h2>Thing gone</h2><p>text</p></section></body></html>",
    );
    let h = headings(&p);
    assert_eq!(h[1], (2, "Thing made".into(), Some("made".into())));
    assert_eq!(h[2], (2, "Thing gone".into(), Some("gone".into())));
}

#[test]
fn html_navigation_is_not_content() {
    let (p, _) = read(
        "page.html",
        "<html><body><header><h2>Site</h2></header><nav><ul><li>Home</li></ul></nav>\
         <div id=\"toc\"><ul><li>Hooks</li></ul></div><aside class=\"sidebar\"><p>Links</p></aside>\
         <main class=\"main sidebar-show\"><h1>Hooks</h1><p>Body.</p></main>\
         <div class=\"sphinxsidebar\"><p>Search</p></div><footer><p>Copyright</p></footer></body></html>",
    );
    let h = headings(&p);
    assert_eq!(h, [(1, "Hooks".to_string(), None)]);
    assert_eq!(paragraphs(&p), ["Body."]);
    assert!(!p
        .document
        .blocks
        .iter()
        .any(|b| matches!(b.kind, BlockKind::List { .. })));
}

// ---- Loading and detection -------------------------------------------------

#[test]
fn every_markup_extension_is_a_page() {
    let (pages, diags) = read_dir(&[
        ("a.rst", "A\n=\n\ntext\n"),
        ("b.adoc", "= B\n\ntext\n"),
        ("c.asciidoc", "= C\n\ntext\n"),
        ("d.htm", "<html><body><h1>D</h1></body></html>"),
    ]);
    let dialects: Vec<Option<Dialect>> = pages.iter().map(|p| p.dialect).collect();
    assert_eq!(
        dialects,
        [
            Some(Dialect::Rst),
            Some(Dialect::AsciiDoc),
            Some(Dialect::AsciiDoc),
            Some(Dialect::Html)
        ],
        "{:?}",
        diags.sorted()
    );
}

#[test]
fn dialects_detected_from_content_without_an_extension_that_says() {
    let (rst, _) = read(
        "page.txt",
        "Page\n====\n\n.. code-block:: json\n\n   {\"a\": 1}\n",
    );
    assert_eq!(rst.dialect, Some(Dialect::Rst));
    assert_eq!(codes(&rst)[0].lang.as_deref(), Some("json"));
    let (adoc, _) = read(
        "page.txt",
        "= Page\n\n== One\n\n[source,json]\n----\n{\"a\": 1}\n----\n",
    );
    assert_eq!(adoc.dialect, Some(Dialect::AsciiDoc));
    assert!(block_at(&adoc, 3).is_some());
}

#[test]
fn markdown_document_keeps_code_tables_and_lists() {
    let (p, _) = read(
        "page.md",
        "# Webhook guide\n\nIntro with a [link](https://x.test) and `code`.\n\n| Name | Type |\n| - | - |\n| `kind` | string |\n\n- one\n- two\n\n```json\n{\"kind\": \"made\"}\n```\n",
    );
    assert_eq!(paragraphs(&p), ["Intro with a link and `code`."]);
    assert_eq!(tables(&p)[0].1, [["`kind`", "string"]]);
    let c = codes(&p);
    assert_eq!(c[0].lang.as_deref(), Some("json"));
    assert!(c[0].verbatim);
    assert_eq!(p.loose_examples[0].headings, ["Webhook guide"]);
}

// ---- Flattened text and what is found over definition lists ----------------

#[test]
fn flattened_header_pairs_are_a_definition_list_of_headers() {
    let (p, _) = read(
        "page.txt",
        "title | intro |\n---|---|\nAcme hooks | Deliveries |\n\nX-Acme-Event\n: The name of the event.X-Acme-Delivery\n: A unique id for the\n`delivery`\n.\n\nMore prose.\n",
    );
    assert_eq!(p.dialect, Some(Dialect::Flattened));
    assert_eq!(p.title.as_deref(), Some("Acme hooks"));
    let d = definitions(&p);
    assert_eq!(d.len(), 2);
    let names: Vec<&str> = p.headers.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(names, ["X-Acme-Event", "X-Acme-Delivery"]);
    assert_eq!(p.headers[0].description, "The name of the event.");
    assert_eq!(p.headers[1].description, "A unique id for the `delivery`.");
}

#[test]
fn definition_terms_that_are_header_names_describe_headers() {
    let (p, _) = read(
        "page.rst",
        "Acme deliveries\n===============\n\nX-Acme-Signature\n  Hex HMAC of the body.\n\nretries\n  Not a header.\n",
    );
    let names: Vec<(&str, &str)> = p
        .headers
        .iter()
        .map(|h| (h.name.as_str(), h.description.as_str()))
        .collect();
    assert_eq!(names, [("X-Acme-Signature", "Hex HMAC of the body.")]);
}

#[test]
fn quoted_request_blocks_are_example_deliveries() {
    let (p, _) = read(
        "page.txt",
        "title | intro |\n---|---|\nAcme hooks | Deliveries |\n\n> POST /hook HTTP/1.1\n> X-Acme-Event: thing.made\n> Content-Type: application/json\n>\n> {\"kind\": \"made\"}\n",
    );
    assert_eq!(p.deliveries.len(), 1);
    assert_eq!(p.deliveries[0].headers[0].0, "X-Acme-Event");
    assert_eq!(p.deliveries[0].span.line, 5);
}
