//! The envelope a page's deliveries share: the keys every delivery has,
//! typed as the deliveries show them, and the fields a list describes. An
//! event the page names but shows no delivery of is typed with it, so its
//! schema says where its name travels and what comes with it.

use serde_json::Value;

use super::lists::FieldDoc;
use crate::diag::Span;
use crate::parse::fields::PathSeg;
use crate::parse::FieldRow;

/// A JSON kind as the docs' type words say it (`string`, `integer`, ...).
fn kind_word(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The type words for what `values` show at one key: one kind, maybe
/// `or null`; nothing when they disagree.
fn type_words(values: &[&Value]) -> String {
    let mut kinds: Vec<&str> = values.iter().map(|v| kind_word(v)).collect();
    kinds.sort();
    kinds.dedup();
    let nullable = kinds.contains(&"null");
    kinds.retain(|k| *k != "null");
    match (kinds.as_slice(), nullable) {
        ([], true) => "null".to_string(),
        ([one], false) => one.to_string(),
        ([one], true) => format!("{one} or null"),
        _ => String::new(),
    }
}

/// Rows for the envelope of `deliveries`: the top-level keys all of them
/// carry, in the first one's order, typed as they show them; then the keys
/// the field lists describe that the deliveries do not show. The
/// descriptions are the lists'. Only the top level is documented: an
/// object there (`event` of `event.type`) is typed as the deliveries' own
/// objects under that key are, and documenting its fields here would make
/// them more certain in every event that shares its type.
pub(crate) fn rows(deliveries: &[&Value], docs: &[FieldDoc], span: &Span) -> Vec<FieldRow> {
    let mut out = Vec::new();
    let describe = |key: &str| {
        docs.iter()
            .find(|d| d.key == key)
            .map(|d| d.description.clone())
            .unwrap_or_default()
    };
    if let Some(Value::Object(first)) = deliveries.first() {
        for key in first.keys() {
            let values: Vec<&Value> = deliveries.iter().filter_map(|v| v.get(key)).collect();
            if values.len() < deliveries.len() {
                continue;
            }
            out.push(FieldRow {
                path: vec![PathSeg::Key(key.clone())],
                ty: type_words(&values),
                description: describe(key),
                scope: None,
                optional: false,
                span: span.clone(),
            });
        }
    }
    for d in docs {
        let path = vec![PathSeg::Key(d.key.clone())];
        if !out.iter().any(|r| r.path == path) {
            out.push(FieldRow {
                path,
                ty: String::new(),
                description: d.description.clone(),
                scope: None,
                optional: false,
                span: d.span.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn top_level_keys_all_deliveries_share() {
        let a = json!({"v": 1, "id": "x", "event": {"type": "A"}, "only": true});
        let b = json!({"v": 1, "id": null, "event": {"type": "B"}});
        let docs = vec![
            FieldDoc {
                key: "v".into(),
                description: "Version.".into(),
                span: Span::default(),
            },
            FieldDoc {
                key: "tenant".into(),
                description: "Whose.".into(),
                span: Span::default(),
            },
        ];
        let rows = rows(&[&a, &b], &docs, &Span::default());
        let got: Vec<(String, &str, &str)> = rows
            .iter()
            .map(|r| {
                let PathSeg::Key(k) = &r.path[0] else {
                    panic!()
                };
                (k.clone(), r.ty.as_str(), r.description.as_str())
            })
            .collect();
        assert_eq!(
            got,
            [
                ("v".to_string(), "integer", "Version."),
                ("id".to_string(), "string or null", ""),
                ("event".to_string(), "object", ""),
                ("tenant".to_string(), "", "Whose."),
            ]
        );
    }
}
