//! Generated code for another runtime version fails to compile with a
//! message that names both versions. Refresh the snapshot with
//! `TRYBUILD=overwrite cargo test -p webhook-runtime --test version`.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/generated_for_this_version.rs");
    t.compile_fail("tests/ui/generated_for_another_version.rs");
}
