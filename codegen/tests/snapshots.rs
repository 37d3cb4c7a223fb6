//! Snapshots of a few schemas generated from the project's own docs, so a
//! generator change that alters output shows up in `cargo insta review`.

mod common;

#[test]
fn schemas_of_a_few_events() {
    let docs = common::workspace().join("docs-input");
    let g = codegen::Builder::new()
        .docs(&docs)
        .generate()
        .expect("docs-input generates");
    for event in ["issues", "push", "check_run"] {
        let (_, text) = g
            .schemas
            .iter()
            .find(|(p, _)| p.ends_with(&format!("/{event}.schema.json")))
            .unwrap_or_else(|| panic!("no schema for {event}"));
        insta::assert_snapshot!(event, text);
    }
}
