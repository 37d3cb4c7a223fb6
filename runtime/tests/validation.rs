//! `Schemas`, the table generated `validate` and `undocumented_fields`
//! read: errors with JSON pointers, and keys no schema names.

use webhook_runtime::__private::Schemas;

const ISSUES: &str = r##"{
    "type": "object",
    "required": ["action"],
    "properties": {
        "action": {"enum": ["opened", "closed"]},
        "issue": {"$ref": "#/$defs/Issue"},
        "labels": {"type": "array", "items": {"$ref": "#/$defs/Label"}}
    },
    "oneOf": [
        {"properties": {"action": {"const": "opened"}, "changes": {"type": "object", "additionalProperties": true}}},
        {"properties": {"action": {"const": "closed"}}}
    ],
    "$defs": {
        "Issue": {"type": "object", "properties": {"number": {"type": "integer"}}},
        "Label": {"type": "object", "properties": {"name": {"type": "string"}}}
    }
}"##;

static SCHEMAS: Schemas<2> = Schemas::new([("issues", ISSUES), ("ping", r#"{"type": "object"}"#)]);

#[test]
fn undocumented_keys_are_listed_topmost_only() {
    let body = br#"{
        "action": "opened",
        "issue": {"number": 1, "title": "t", "user": {"login": "x"}},
        "labels": [{"name": "a"}, {"name": "b", "color": "red"}],
        "changes": {"anything": {"goes": 1}},
        "sender": {"id": 1}
    }"#;
    assert_eq!(
        SCHEMAS.undocumented_fields("issues", body),
        ["/issue/title", "/issue/user", "/labels/1/color", "/sender"]
    );
    assert!(SCHEMAS.undocumented_fields("ping", b"{}").is_empty());
    assert_eq!(SCHEMAS.undocumented_fields("push", b"{}"), [""]);
    assert!(SCHEMAS
        .undocumented_fields("issues", b"not json")
        .is_empty());
}

#[cfg(feature = "validate")]
#[test]
fn validate_names_pointer_and_keyword() {
    use webhook_runtime::validation::ValidationErrors;

    assert_eq!(
        SCHEMAS.validate("issues", br#"{"action":"opened"}"#),
        Ok(())
    );
    let err = SCHEMAS
        .validate("issues", br#"{"action":"opened","issue":{"number":"1"}}"#)
        .unwrap_err();
    let errors = err.errors();
    assert_eq!(errors.len(), 1, "{err}");
    assert_eq!(
        (errors[0].pointer.as_str(), errors[0].keyword.as_str()),
        ("/issue/number", "type")
    );
    assert!(matches!(
        SCHEMAS.validate("issues", b"{"),
        Err(ValidationErrors::Malformed { .. })
    ));
    assert!(matches!(
        SCHEMAS.validate("push", b"{}"),
        Err(ValidationErrors::NoSchema { .. })
    ));
    let long = format!(r#"{{"action":"{}"}}"#, "x".repeat(1000));
    let err = SCHEMAS.validate("issues", long.as_bytes()).unwrap_err();
    assert!(err.errors().iter().all(|e| e.message.len() <= 203), "{err}");
}

#[cfg(feature = "validate")]
#[test]
fn a_missing_or_null_documented_field_is_drift() {
    static PING: Schemas<1> = Schemas::new([(
        "ping",
        r#"{"type": "object", "required": ["zen"], "properties": {"zen": {"type": "string"}}}"#,
    )]);
    let err = PING.validate("ping", b"{}").unwrap_err();
    assert!(err.is_drift_only(), "{err}");
    assert_eq!(err.errors()[0].keyword, "required");
    assert!(err.to_string().ends_with("[drift]"), "{err}");
    let err = SCHEMAS
        .validate("issues", br#"{"action":"opened","issue":{"number":null}}"#)
        .unwrap_err();
    assert!(err.is_drift_only(), "{err}");
    // A value of another type is no drift.
    let err = SCHEMAS
        .validate("issues", br#"{"action":"opened","issue":{"number":"1"}}"#)
        .unwrap_err();
    assert!(!err.is_drift_only(), "{err}");
    assert!(!err.errors()[0].drift);
}
