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

/// The `$defs` entry for `key`'s objects in `s`.
fn def_of<'a>(s: &'a Value, key: &str) -> &'a str {
    reference(property(s, None, key))
        .rsplit('/')
        .next()
        .unwrap()
}

/// Five payloads of `widget_made`, each with the `widget` `make` gives it.
fn widget_page(make: impl Fn(usize) -> String) -> String {
    let bodies: Vec<String> = (0..5)
        .map(|i| format!(r#"{{"serial": {}, "widget": {}}}"#, 9100 + i, make(i)))
        .collect();
    format!("## widget_made\n\n{}", examples(&bodies))
}

fn widget_required(page: &str) -> Vec<String> {
    let schemas = schemas(page);
    let s = event(&schemas, "widget_made");
    required(s, Some(def_of(s, "widget")))
}

#[test]
fn one_record_shown_again_counts_once() {
    // Five showings of widget 7 as it moves through the plant: every one
    // has `size`, but they are one widget.
    let stations = ["cut", "bent", "painted", "packed", "shipped"];
    let page = widget_page(|i| {
        format!(
            r#"{{"id": 7, "size": 3, "station": "{}", "at": "2021-08-2{i}T12:00:00Z"}}"#,
            stations[i]
        )
    });
    assert!(widget_required(&page).is_empty(), "{page}");
    // Five widgets: the same evidence, independent.
    let ids = [58_213, 7_902_466, 31_077, 640_918, 2_209_135];
    let page = widget_page(|i| {
        format!(
            r#"{{"id": {}, "size": 3, "station": "{}", "at": "2021-08-2{i}T12:00:00Z"}}"#,
            ids[i], stations[i]
        )
    });
    assert_eq!(
        widget_required(&page),
        ["id", "size", "station", "at"],
        "{page}"
    );
}

#[test]
fn ids_typed_by_hand_are_one_sample() {
    // Each widget has its own id, but every id is a placeholder: the key's
    // own name, a template slot, one character, a counting run, and hex
    // groups that repeat themselves.
    let made_up = [
        r#""widget-id""#,
        r#""{id}""#,
        r#""xxxxxx""#,
        "12345",
        r#""00cc00cc-dd11-ee22-ff33-44aa44aa44aa""#,
    ];
    let colors = ["red", "green", "blue", "black", "white"];
    let page = widget_page(|i| {
        format!(
            r#"{{"id": {}, "size": {i}, "color": "{}"}}"#,
            made_up[i], colors[i]
        )
    });
    assert!(widget_required(&page).is_empty(), "{page}");
    // The same with ids a system issued.
    let real = [
        r#""6f1c2b7e-93d4-4a85-b0e2-7c5d19fa3e60""#,
        r#""d24a8e01-5b7f-4c39-8e6d-a1f0b3c7925e""#,
        "88140327",
        r#""3a9e5c1f-0d27-46b8-9f4e-e85b2d70c1a6""#,
        "5906712",
    ];
    let page = widget_page(|i| {
        format!(
            r#"{{"id": {}, "size": {i}, "color": "{}"}}"#,
            real[i], colors[i]
        )
    });
    assert_eq!(widget_required(&page), ["id", "size", "color"], "{page}");
}

#[test]
fn the_same_values_pasted_across_events_count_once() {
    // One workshop, with no id, pasted into every event's example; each
    // copy has one field touched up.
    let pasted = |name: &str, hours: &str| {
        format!(
            "## {name}\n\n```json\n{{\"workshop\": {{\"name\": \"North\", \"city\": \"Aalborg\", \
             \"street\": \"Havnegade 4\", \"phone\": \"+45 1234\", \"hours\": \"{hours}\"}}}}\n```\n\n"
        )
    };
    let page: String = [
        ("widget_made", "8-16"),
        ("widget_sold", "8-17"),
        ("widget_returned", "9-16"),
        ("widget_fixed", "9-17"),
        ("widget_scrapped", "7-15"),
    ]
    .iter()
    .map(|(n, h)| pasted(n, h))
    .collect();
    let pasted = schemas(&page);
    let s = event(&pasted, "widget_sold");
    assert!(required(s, Some(def_of(s, "workshop"))).is_empty(), "{s:#}");

    // Five workshops that differ in most of their fields are five.
    let towns = ["Aalborg", "Odense", "Vejle", "Ribe", "Skive"];
    let page: String = towns
        .iter()
        .enumerate()
        .map(|(i, town)| {
            format!(
                "## widget_{i}\n\n```json\n{{\"workshop\": {{\"name\": \"W{i}\", \"city\": \"{town}\", \
                 \"street\": \"Torvet {i}\", \"phone\": \"+45 {i}{i}\", \"hours\": \"8-16\"}}}}\n```\n\n"
            )
        })
        .collect();
    let schemas = schemas(&page);
    let s = event(&schemas, "widget_1");
    assert_eq!(
        required(s, Some(def_of(s, "workshop"))),
        ["name", "city", "street", "phone", "hours"],
        "{s:#}"
    );
}

#[test]
fn a_listed_field_needs_two_independent_examples() {
    // The docs list `size`; two examples agree, but they show one widget.
    let page = |second_id: u32| {
        format!(
            "## widget_made\n\nKey | Type | Description\n----|------|------------\n\
             `widget` | `object` | The widget.\n`widget[size]` | `integer` | Its size.\n\n{}",
            examples(&[
                r#"{"widget": {"id": 4071, "size": 3}}"#.to_string(),
                format!(r#"{{"widget": {{"id": {second_id}, "size": 5}}}}"#),
            ])
        )
    };
    let listed = |page: &str| {
        let schemas = schemas(page);
        let s = event(&schemas, "widget_made");
        required(s, Some(def_of(s, "widget")))
    };
    assert!(listed(&page(4071)).is_empty());
    assert_eq!(listed(&page(90_355)), ["size"]);
}
