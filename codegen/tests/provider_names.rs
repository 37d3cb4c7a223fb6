//! The provider's name when no header, site or title part names the
//! vendor: the product the prose keeps naming, so two eras of one vendor's
//! docs, written in different styles under different titles, get one name.
//! Each rule with pages of its own, made up for the test.

use codegen::{Builder, Generated};

/// Writes `files` under a temporary docs directory and generates from it.
fn generate(files: &[(&str, &str)]) -> Generated {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    for (path, text) in files {
        let path = docs.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    Builder::new()
        .docs(&docs)
        .generate()
        .unwrap_or_else(|f| panic!("{:#?}", f.diagnostics))
}

fn providers(files: &[(&str, &str)]) -> Vec<String> {
    generate(files)
        .docs
        .providers
        .iter()
        .map(|p| p.name.clone())
        .collect()
}

const MD_EVENT: &str = "\n## build.finished\n\n```json\n{\"id\": 1}\n```\n";

/// An older era: markdown, a title that says what the page is about.
fn markdown_era(prose: &str) -> String {
    format!("# Build status notifications\n\n{prose}\n{MD_EVENT}")
}

/// A newer era: reStructuredText under another title, the product named
/// in other sentences.
const RST_ERA: &str = "Setting up outgoing webhooks\n\
============================\n\n\
When a build finishes, Quill Works can notify your service.\n\
Go to the project settings and add a hook; Quill Works then sends a POST.\n\n\
Payload\n-------\n\n\
Every delivery Quill Works sends is JSON, as below.\n\n\
build.finished\n~~~~~~~~~~~~~~\n\n\
.. code-block:: json\n\n   {\"id\": 1}\n";

#[test]
fn eras_in_two_styles_get_the_product_their_prose_names() {
    let old = providers(&[(
        "notify.md",
        &markdown_era(
            "Quill Works sends a hook when a build finishes. Set one up in \
             the build settings of Quill Works; for each build, Quill Works \
             posts the JSON below.",
        ),
    )]);
    let new = providers(&[("hooks.rst", RST_ERA)]);
    assert_eq!(old, ["quill_works"]);
    assert_eq!(new, old);
}

#[test]
fn a_capitalized_common_word_is_no_product() {
    // `Build` opens sentences and is capitalized as a label, but the page
    // also writes `build`; the title's word stays the fallback.
    let names = providers(&[(
        "notify.md",
        &markdown_era(
            "Build hooks fire when a build ends. Open Build Settings, then \
             Build again. The Build page lists each build.",
        ),
    )]);
    assert_eq!(names, ["build_status"]);
}

#[test]
fn too_few_mentions_or_a_tie_name_nothing() {
    let once = providers(&[(
        "notify.md",
        &markdown_era("A hook from Quill Works fires when a build ends."),
    )]);
    assert_eq!(once, ["build_status"]);
    let tie = providers(&[(
        "notify.md",
        &markdown_era(
            "Hooks from Quill Works and from Ink Forge arrive alike. Both \
             Quill Works and Ink Forge sign them. Use Quill Works or Ink Forge.",
        ),
    )]);
    assert_eq!(tie, ["build_status"]);
}

#[test]
fn a_compound_ending_in_a_generic_word_is_a_format_not_a_product() {
    let names = providers(&[(
        "notify.md",
        &markdown_era(
            "Payloads follow the QuillEvents format; each of the QuillEvents \
             fields is described in the QuillEvents spec, which Quill Works \
             publishes. Quill Works signs them, and Quill Works retries.",
        ),
    )]);
    assert_eq!(names, ["quill_works"]);
}

#[test]
fn a_page_of_bare_events_takes_the_product_its_docs_name() {
    let names = providers(&[
        (
            "about.md",
            "# About hooks\n\nQuill Works posts to your endpoint. A hook from \
             Quill Works is retried; Quill Works signs each one.\n",
        ),
        ("events.md", &format!("# Event types\n{MD_EVENT}")),
    ]);
    assert_eq!(names, ["quill_works"]);
}
