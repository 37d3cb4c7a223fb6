//! What a field table's key and type cells say beyond a plain name and a
//! JSON type word: a key marked optional with `?`, an id type word, a type
//! that links to the object it names, a timestamp named by its standard.
//! Each page is made up for the test.

use codegen::{Builder, Generated};
use serde_json::Value;

fn generate(page: &str) -> (Generated, String) {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(docs.join("events.md"), page).unwrap();
    let g = Builder::new()
        .docs(&docs)
        .generate()
        .unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    let diags = codegen::diag::render_short(&g.diagnostics);
    (g, diags)
}

fn schema(g: &Generated, event: &str) -> Value {
    let (_, text) = g
        .schemas
        .iter()
        .find(|(p, _)| p.ends_with(&format!("/{event}.schema.json")))
        .unwrap_or_else(|| panic!("no schema for {event}"));
    serde_json::from_str(text).unwrap()
}

const PAGE: &str = "# Hooks

## member.joined

Sent when a member joins.

| Field | Type | Description |
|-------|------|-------------|
| id | snowflake | The member's id |
| team? | integer | The team, when the member joined one |
| user | [user](/resources/user) object | Who joined |
| roles | array of [role](/resources/role) objects | What the member may do |
| joined_at | ISO8601 timestamp | When the member joined |

```json
{\"id\": \"80351110224678912\", \"team\": 4, \"user\": {\"name\": \"ada\"}, \"roles\": [{\"permissions\": 8}], \"joined_at\": \"2024-03-01T09:15:00Z\"}
```

```json
{\"id\": \"41771983423143937\", \"team\": 7, \"user\": {\"name\": \"grace\"}, \"roles\": [], \"joined_at\": \"2024-05-11T18:02:41Z\"}
```
";

#[test]
fn a_question_mark_after_a_key_makes_it_optional_under_its_own_name() {
    let (g, diags) = generate(PAGE);
    assert!(!diags.contains("not a field name"), "{diags}");
    let s = schema(&g, "member.joined");
    assert!(s["properties"].get("team?").is_none(), "{s}");
    assert!(
        s["properties"]["team"]["type"]
            .to_string()
            .contains("integer"),
        "{s}"
    );
    let required: Vec<&str> = s["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    // Both examples carry it, as they carry `id`: only the mark keeps it optional.
    assert!(required.contains(&"id"), "{s}");
    assert!(!required.contains(&"team"), "{s}");
}

#[test]
fn an_id_type_word_is_a_string() {
    let (g, diags) = generate(PAGE);
    assert!(!diags.contains("unknown type"), "{diags}");
    assert_eq!(
        schema(&g, "member.joined")["properties"]["id"]["type"],
        "string"
    );
}

#[test]
fn a_linked_type_names_an_object_and_a_standard_names_a_timestamp() {
    let (g, diags) = generate(PAGE);
    assert!(!diags.contains("unknown type"), "{diags}");
    let s = schema(&g, "member.joined");
    let p = &s["properties"];
    let user = p["user"].to_string();
    assert!(
        user.contains("object") || p["user"].get("$ref").is_some(),
        "{s}"
    );
    assert!(p["roles"]["type"].to_string().contains("array"), "{s}");
    assert_eq!(p["joined_at"]["format"], "date-time", "{s}");
}

#[test]
fn an_optional_key_cell_reads_without_its_mark() {
    use codegen::parse::fields::optional_key;
    assert_eq!(optional_key("guild?"), ("guild".to_string(), true));
    assert_eq!(optional_key("`guild?`"), ("guild".to_string(), true));
    assert_eq!(optional_key("guild"), ("guild".to_string(), false));
    assert_eq!(optional_key("?"), ("?".to_string(), false));
}
