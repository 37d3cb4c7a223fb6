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

/// Rows for the envelope of `deliveries`: the keys all of them carry, in
/// the first one's order, down the object that holds the name (`event`
/// of `event.type`) and no further; then the keys the field lists
/// describe that the deliveries do not show. The descriptions are the
/// lists'.
pub(crate) fn rows(
    deliveries: &[&Value],
    name_path: &[String],
    docs: &[FieldDoc],
    span: &Span,
) -> Vec<FieldRow> {
    let mut out = Vec::new();
    let describe = |key: &str| {
        docs.iter()
            .find(|d| d.key == key)
            .map(|d| d.description.clone())
            .unwrap_or_default()
    };
    let mut level: Vec<&Value> = deliveries.to_vec();
    let mut prefix: Vec<String> = Vec::new();
    for depth in 0..name_path.len().max(1) {
        let Some(Value::Object(first)) = level.first() else {
            break;
        };
        let mut down = None;
        for key in first.keys() {
            let values: Vec<&Value> = level.iter().filter_map(|v| v.get(key)).collect();
            if values.len() < level.len() {
                continue;
            }
            let mut path: Vec<PathSeg> = prefix.iter().cloned().map(PathSeg::Key).collect();
            path.push(PathSeg::Key(key.clone()));
            out.push(FieldRow {
                path,
                ty: type_words(&values),
                description: if depth == 0 {
                    describe(key)
                } else {
                    String::new()
                },
                scope: None,
                span: span.clone(),
            });
            let on_name_path = name_path.get(depth) == Some(key) && depth + 1 < name_path.len();
            if on_name_path && values.iter().all(|v| v.is_object()) {
                down = Some((key.clone(), values));
            }
        }
        match down {
            Some((key, values)) => {
                prefix.push(key);
                level = values;
            }
            None => break,
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
    fn keys_all_deliveries_share_down_the_name_path() {
        let a = json!({"v": 1, "id": "x", "event": {"type": "A", "at": "t", "data": {"n": 1}}});
        let b = json!({"v": 1, "id": null, "event": {"type": "B", "at": "t", "data": {"m": "z"}}});
        let docs = vec![FieldDoc {
            key: "v".into(),
            description: "Version.".into(),
            span: Span::default(),
        }];
        let rows = rows(
            &[&a, &b],
            &["event".into(), "type".into()],
            &docs,
            &Span::default(),
        );
        let got: Vec<(String, &str, &str)> = rows
            .iter()
            .map(|r| {
                let path: Vec<String> = r
                    .path
                    .iter()
                    .map(|s| match s {
                        PathSeg::Key(k) => k.clone(),
                        PathSeg::Items => "[]".into(),
                    })
                    .collect();
                (path.join("."), r.ty.as_str(), r.description.as_str())
            })
            .collect();
        assert_eq!(
            got,
            [
                ("v".to_string(), "integer", "Version."),
                ("id".to_string(), "string or null", ""),
                ("event".to_string(), "object", ""),
                ("event.type".to_string(), "string", ""),
                ("event.at".to_string(), "string", ""),
                ("event.data".to_string(), "object", ""),
            ]
        );
    }
}
