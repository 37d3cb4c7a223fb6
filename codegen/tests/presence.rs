//! Which fields are required and which may be `null`, decided once in the
//! IR and printed by both back-ends: docs pages written here, schemas read
//! back.

use serde_json::Value;

/// Generates from one markdown page and gives the schema of each event.
fn schemas(page: &str) -> Vec<(String, Value)> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.md");
    std::fs::write(&path, page).unwrap();
    let generated = codegen::Builder::new()
        .docs(&path)
        .provider("acme")
        .generate()
        .unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let mut out: Vec<(String, Value)> = generated
        .schemas
        .iter()
        .map(|(_, text)| {
            let schema: Value = serde_json::from_str(text).unwrap();
            (schema["x-event"].as_str().unwrap().to_string(), schema)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn event<'a>(schemas: &'a [(String, Value)], name: &str) -> &'a Value {
    &schemas.iter().find(|(n, _)| n == name).unwrap().1
}

/// The schema of `key` in the object at `object` (the root, or a `$defs` name).
fn property<'a>(schema: &'a Value, object: Option<&str>, key: &str) -> &'a Value {
    let o = match object {
        Some(def) => &schema["$defs"][def],
        None => schema,
    };
    &o["properties"][key]
}

fn required(schema: &Value, object: Option<&str>) -> Vec<String> {
    let o = match object {
        Some(def) => &schema["$defs"][def],
        None => schema,
    };
    o["required"]
        .as_array()
        .map(|a| a.iter().map(|v| v.as_str().unwrap().to_string()).collect())
        .unwrap_or_default()
}

fn admits_null(v: &Value) -> bool {
    match &v["type"] {
        Value::Array(kinds) => kinds.iter().any(|k| k == "null"),
        Value::String(k) => k == "null",
        _ => v["anyOf"]
            .as_array()
            .is_some_and(|any| any.iter().any(|a| a["type"] == "null")),
    }
}

/// The `$ref` of an object property, nullable (`anyOf`) or not.
fn reference(v: &Value) -> &str {
    v["$ref"]
        .as_str()
        .or_else(|| {
            v["anyOf"]
                .as_array()?
                .iter()
                .find_map(|a| a["$ref"].as_str())
        })
        .unwrap_or_else(|| panic!("no $ref in {v}"))
}

fn examples(bodies: &[String]) -> String {
    bodies
        .iter()
        .map(|b| format!("```json\n{b}\n```\n\n"))
        .collect()
}

#[test]
fn a_conditional_description_makes_a_field_nullable_and_optional() {
    let bodies: Vec<String> = (0..3)
        .map(|i| format!(r#"{{"id": {i}, "note": "n{i}", "label": "l{i}"}}"#))
        .collect();
    let page = format!(
        "## widget_made\n\nKey | Type | Description\n----|------|------------\n\
         `id` | `integer` | The widget's number.\n\
         `note` | `string` | A note from the maker, if any.\n\
         `label` | `string` | The widget's label.\n\n{}",
        examples(&bodies)
    );
    let schemas = schemas(&page);
    let s = event(&schemas, "widget_made");
    // Every example has `note`, but the docs make it conditional.
    assert!(admits_null(property(s, None, "note")), "{s:#}");
    assert!(!admits_null(property(s, None, "label")), "{s:#}");
    assert_eq!(required(s, None), ["id", "label"], "{s:#}");
}

#[test]
fn a_null_in_one_event_makes_the_shared_type_nullable_everywhere() {
    // `maker` and `owner` are one type (same keys); only `widget_sold`
    // shows a null `email`.
    let made: Vec<String> = (0..3)
        .map(|i| {
            format!(r#"{{"id": {i}, "maker": {{"login": "m{i}", "email": "m{i}@x", "id": {i}}}}}"#)
        })
        .collect();
    let sold: Vec<String> = (0..3)
        .map(|i| {
            format!(
                r#"{{"id": {i}, "owner": {{"login": "o{i}", "email": {}, "id": {i}}}}}"#,
                if i == 0 {
                    "null".to_string()
                } else {
                    format!("\"o{i}@x\"")
                }
            )
        })
        .collect();
    let page = format!(
        "## widget_made\n\n{}## widget_sold\n\n{}",
        examples(&made),
        examples(&sold)
    );
    let schemas = schemas(&page);
    let made = event(&schemas, "widget_made");
    let sold = event(&schemas, "widget_sold");
    let maker = reference(property(made, None, "maker"));
    let owner = reference(property(sold, None, "owner"));
    assert_eq!(maker, owner, "one shared type");
    let def = maker.rsplit('/').next().unwrap();
    for s in [made, sold] {
        assert!(admits_null(property(s, Some(def), "email")), "{s:#}");
        assert!(!admits_null(property(s, Some(def), "login")), "{s:#}");
    }
}

#[test]
fn required_needs_every_instance_and_enough_distinct_ones() {
    // Six distinct widgets all carry `size`; one lacks `color`; `shape` is
    // in every crate, but the examples repeat one crate object, and one
    // example has no crate.
    let bodies: Vec<String> = (0..6)
        .map(|i| {
            let color = if i == 3 {
                String::new()
            } else {
                format!(r#", "color": "c{i}""#)
            };
            let crate_ = if i == 5 {
                ""
            } else {
                r#", "crate": {"shape": "square"}"#
            };
            format!(r#"{{"id": {i}, "widget": {{"size": {i}{color}}}{crate_}}}"#)
        })
        .collect();
    let page = format!("## widget_made\n\n{}", examples(&bodies));
    let schemas = schemas(&page);
    let s = event(&schemas, "widget_made");
    assert_eq!(required(s, None), ["id", "widget"], "{s:#}");
    assert_eq!(required(s, Some("widget")), ["size"], "{s:#}");
    assert!(required(s, Some("crate")).is_empty(), "{s:#}");
    // An undescribed object not shown in every payload may be null.
    assert!(admits_null(property(s, None, "crate")), "{s:#}");
    assert!(!admits_null(property(s, None, "widget")), "{s:#}");
}

#[test]
fn a_common_properties_section_applies_to_every_event() {
    let bodies = |event: &str| -> String {
        let list: Vec<String> = (0..2)
            .map(|i| format!(r#"{{"{event}": {i}, "sender": {{"login": "s{i}"}}}}"#))
            .collect();
        examples(&list)
    };
    let page = format!(
        "## Common properties\n\nKey | Type | Description\n----|------|------------\n\
         `sender` | `object` | Who did it. This property is included in every webhook payload.\n\
         `account` | `object` | The account, when the hook is set up on one.\n\n\
         ## widget_made\n\nKey | Type | Description\n----|------|------------\n\
         `widget_made` | `integer` | The widget.\n\n{}\
         ## widget_sold\n\nKey | Type | Description\n----|------|------------\n\
         `widget_sold` | `integer` | The widget.\n`account` | `object` | The buyer's account.\n\n{}",
        bodies("widget_made"),
        bodies("widget_sold")
    );
    let schemas = schemas(&page);
    for name in ["widget_made", "widget_sold"] {
        let s = event(&schemas, name);
        assert!(s["properties"]["account"].is_object(), "{s:#}");
        // Every payload has it, and every example shows it.
        assert!(required(s, None).contains(&"sender".to_string()), "{s:#}");
        assert!(!required(s, None).contains(&"account".to_string()), "{s:#}");
    }
    // An event's own row wins over the common one.
    let sold = event(&schemas, "widget_sold");
    assert_eq!(
        sold["properties"]["account"]["description"],
        "The buyer's account."
    );
}

#[test]
fn times_are_timestamps_whichever_way_they_are_sent() {
    let bodies: Vec<String> = (0..2)
        .map(|i| {
            format!(
                r#"{{"made_at": "2021-08-2{i}T12:00:00Z", "sold_at": {}, "shipped_at": null, "code": "2021-0{i}"}}"#,
                1_600_000_000 + i
            )
        })
        .collect();
    let page = format!("## widget_made\n\n{}", examples(&bodies));
    let schemas = schemas(&page);
    let s = event(&schemas, "widget_made");
    assert_eq!(
        property(s, None, "made_at"),
        &serde_json::json!({"type": "string", "format": "date-time"})
    );
    assert_eq!(
        property(s, None, "sold_at"),
        &serde_json::json!({"type": ["integer", "string"], "format": "date-time"})
    );
    assert_eq!(
        property(s, None, "shipped_at"),
        &serde_json::json!({"type": ["string", "null"], "format": "date-time"})
    );
    assert_eq!(
        property(s, None, "code"),
        &serde_json::json!({"type": "string"})
    );
}

#[test]
fn a_field_named_only_in_prose_is_documented_for_its_actions() {
    let bodies: Vec<String> = (0..4)
        .map(|i| {
            if i % 2 == 0 {
                format!(r#"{{"action": "made", "id": {i}}}"#)
            } else {
                format!(r#"{{"action": "recalled", "id": {i}, "reason": "r{i}"}}"#)
            }
        })
        .collect();
    let page = format!(
        "## widget\n\nKey | Type | Description\n----|------|------------\n\
         `action` | `string` | What happened. Can be one of `made` or `recalled`.\n\
         `id` | `integer` | The widget's number.\n\n\
         Deliveries for `recalled` events have an additional field called `reason`.\n\n{}",
        examples(&bodies)
    );
    let schemas = schemas(&page);
    let s = event(&schemas, "widget");
    let reason = property(s, None, "reason");
    assert_eq!(reason["type"], "string", "{s:#}");
    assert!(
        reason["description"]
            .as_str()
            .is_some_and(|d| d.contains("additional field")),
        "{s:#}"
    );
    assert!(!required(s, None).contains(&"reason".to_string()), "{s:#}");
    let recalled = s["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["properties"]["action"]["const"] == "recalled")
        .unwrap_or_else(|| panic!("{s:#}"));
    assert!(
        recalled["required"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k == "reason"),
        "{s:#}"
    );
}
