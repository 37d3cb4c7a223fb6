//! The generated crate is linted as this workspace is: users build it in
//! their own workspaces, so its manifest states the workspace's lints
//! instead of inheriting them, and the two tables must not drift apart.

use std::path::Path;

fn manifest(rel: &str) -> toml::Table {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}"));
    text.parse().unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn table<'a>(t: &'a toml::Table, path: &[&str]) -> &'a toml::Table {
    path.iter().fold(t, |t, key| {
        t.get(*key)
            .and_then(toml::Value::as_table)
            .unwrap_or_else(|| panic!("no [{}]", path.join(".")))
    })
}

#[test]
fn generated_manifest_states_the_workspace_lints() {
    let root = manifest("Cargo.toml");
    let generated = manifest("generated/Cargo.toml");
    let workspace = table(&root, &["workspace", "lints"]);
    let lints = table(&generated, &["lints"]);
    assert!(
        lints.get("workspace").is_none(),
        "the generated crate is built outside this workspace: it cannot inherit"
    );
    assert_eq!(lints, workspace);
    // Both lint groups are there, so the comparison is not of two empties.
    assert!(table(workspace, &["rust"]).contains_key("unsafe_code"));
    assert!(table(workspace, &["clippy"]).contains_key("all"));
}

#[test]
fn every_other_member_inherits_the_workspace_lints() {
    let root = manifest("Cargo.toml");
    let members = root["workspace"]["members"].as_array().unwrap();
    for member in members.iter().map(|m| m.as_str().unwrap()) {
        if member == "generated" {
            continue;
        }
        let lints = table(&manifest(&format!("{member}/Cargo.toml")), &["lints"]).clone();
        if member == "codegen/benches/deliveries" {
            // Its counting allocator is the workspace's one unsafe code.
            let mut expected = table(&root, &["workspace", "lints"]).clone();
            expected["rust"]
                .as_table_mut()
                .unwrap()
                .insert("unsafe_code".into(), "allow".into());
            assert_eq!(lints, expected, "{member}/Cargo.toml");
            continue;
        }
        let expected: toml::Table = toml::from_str("workspace = true").unwrap();
        assert_eq!(lints, expected, "{member}/Cargo.toml");
    }
}
