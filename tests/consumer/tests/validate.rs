//! `validate` and `undocumented_fields` on documented and broken payloads.

use generated::github::{undocumented_fields, validate, ValidationErrors};
use serde_json::{json, Value};

fn example(event: &str, action: Option<&str>) -> Value {
    let example = generated::github::examples()
        .iter()
        .find(|e| e.event == event && e.action == action)
        .expect("a documented example");
    serde_json::from_slice(example.body).expect("examples are JSON")
}

/// The errors of a body that must be rejected, as (pointer, keyword).
fn rejected(event: &str, body: &Value) -> Vec<(String, String)> {
    let err = validate(event, body.to_string().as_bytes()).expect_err("must be rejected");
    let ValidationErrors::Invalid { errors, .. } = &err else {
        panic!("expected schema errors, got {err}");
    };
    assert!(!errors.is_empty());
    let shown = err.to_string();
    for e in errors {
        assert!(
            shown.contains(&e.message),
            "Display lists every error: {shown}"
        );
        assert!(!e.message.contains('\n'));
    }
    errors
        .iter()
        .map(|e| (e.pointer.clone(), e.keyword.clone()))
        .collect()
}

fn has(errors: &[(String, String)], pointer: &str, keyword: &str) -> bool {
    errors.iter().any(|(p, k)| p == pointer && k == keyword)
}

#[test]
fn every_example_is_valid() {
    for e in generated::github::examples() {
        if let Err(err) = validate(e.event, e.body) {
            panic!("{err}");
        }
    }
}

#[test]
fn a_changed_type_is_reported_at_its_pointer() {
    let mut body = example("issues", Some("edited"));
    body["issue"]["number"] = json!("seventeen");
    let errors = rejected("issues", &body);
    assert!(has(&errors, "/issue/number", "type"), "{errors:?}");
}

#[test]
fn a_removed_required_field_is_reported() {
    let mut body = example("issues", Some("edited"));
    body.as_object_mut().unwrap().remove("sender");
    let errors = rejected("issues", &body);
    assert!(has(&errors, "", "required"), "{errors:?}");
}

#[test]
fn an_unknown_enum_value_is_reported() {
    let mut body = example("issues", Some("edited"));
    body["action"] = json!("exploded");
    let errors = rejected("issues", &body);
    assert!(has(&errors, "/action", "enum"), "{errors:?}");
}

#[test]
fn null_where_the_docs_forbid_it_is_reported() {
    let mut body = example("push", None);
    body["ref"] = Value::Null;
    let errors = rejected("push", &body);
    assert!(has(&errors, "/ref", "type"), "{errors:?}");
    // `assignee` is documented as nullable: null there is fine.
    let mut body = example("issues", Some("edited"));
    body["issue"]["assignee"] = Value::Null;
    validate("issues", body.to_string().as_bytes()).expect("nullable field");
}

#[test]
fn unknown_events_and_malformed_bodies_are_not_a_pass() {
    let err = validate("not_an_event", b"{}").unwrap_err();
    assert!(matches!(err, ValidationErrors::NoSchema { .. }), "{err}");
    assert!(err.errors().is_empty());
    let err = validate("push", b"{\"ref\": ").unwrap_err();
    assert!(matches!(err, ValidationErrors::Malformed { .. }), "{err}");
}

#[test]
fn undocumented_fields_are_named_by_pointer() {
    for e in generated::github::examples() {
        assert_eq!(
            undocumented_fields(e.event, e.body),
            Vec::<String>::new(),
            "{}",
            e.event
        );
    }
    let mut body = example("issues", Some("edited"));
    body["surprise"] = json!({"deep": 1});
    body["issue"]["user"]["pronouns"] = json!("they");
    body["issue"]["labels"] = json!([{"name": "bug", "a/b~c": true}]);
    let mut found = undocumented_fields("issues", body.to_string().as_bytes());
    found.sort();
    assert_eq!(
        found,
        [
            "/issue/labels/0/a~1b~0c",
            "/issue/user/pronouns",
            "/surprise"
        ]
    );
    // Still valid: schemas are open.
    validate("issues", body.to_string().as_bytes()).expect("extra fields are allowed");
    assert_eq!(undocumented_fields("not_an_event", b"{}"), [""]);
    assert!(undocumented_fields("issues", b"nope").is_empty());
}
