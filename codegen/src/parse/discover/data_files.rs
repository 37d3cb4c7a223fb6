//! Catalogs of event types kept as data beside the pages (a JSON file a
//! page's component renders, a CSV export): lists of names, each with its
//! tags and description. Which of them name events is decided against the
//! deliveries, as for the lists a page writes.

use serde_json::Value;

use super::field::name_shaped;

/// One entry of a catalog.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entry {
    pub name: String,
    pub tags: Vec<String>,
    pub description: String,
}

/// How deep a JSON catalog's lists may sit.
const MAX_DEPTH: usize = 4;

/// The lists a data file holds; a file that is neither JSON nor CSV with a
/// header row holds none.
pub(crate) fn catalogs(display: &str, text: &str) -> Vec<Vec<Entry>> {
    if display.to_ascii_lowercase().ends_with(".csv") {
        return csv_catalog(text).into_iter().collect();
    }
    match serde_json::from_str::<Value>(text) {
        Ok(value) => {
            let mut out = Vec::new();
            json_catalogs(&value, 0, &mut out);
            out
        }
        Err(_) => Vec::new(),
    }
}

/// Every array of objects with a key whose values are distinct names: the
/// entries, tagged by a key that holds strings and says `tag`.
fn json_catalogs(value: &Value, depth: usize, out: &mut Vec<Vec<Entry>>) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::Array(items) => {
            if let Some(list) = json_list(items) {
                out.push(list);
            }
            for item in items {
                json_catalogs(item, depth + 1, out);
            }
        }
        Value::Object(map) => {
            for v in map.values() {
                json_catalogs(v, depth + 1, out);
            }
        }
        _ => {}
    }
}

fn json_list(items: &[Value]) -> Option<Vec<Entry>> {
    let objects: Vec<&serde_json::Map<String, Value>> =
        items.iter().map(Value::as_object).collect::<Option<_>>()?;
    if objects.len() < 2 {
        return None;
    }
    let first = objects[0];
    let name_key = first.keys().find(|k| {
        let mut seen = std::collections::HashSet::new();
        objects.iter().all(|o| {
            o.get(*k)
                .and_then(Value::as_str)
                .is_some_and(|v| name_shaped(v) && seen.insert(v))
        })
    })?;
    let tag_key = first
        .keys()
        .find(|k| k.to_lowercase().contains("tag") && first.get(*k).is_some_and(Value::is_array));
    let description_key = first.keys().find(|k| k.to_lowercase().contains("descr"));
    Some(
        objects
            .iter()
            .map(|o| Entry {
                name: o[name_key].as_str().unwrap_or_default().to_string(),
                tags: tag_key
                    .and_then(|k| o.get(k))
                    .and_then(Value::as_array)
                    .map(|tags| {
                        tags.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_default(),
                description: description_key
                    .and_then(|k| o.get(k))
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
            })
            .collect(),
    )
}

/// A CSV export: the first column of distinct names, a `Tags` column of
/// comma-separated tags, a `Description` column.
fn csv_catalog(text: &str) -> Option<Vec<Entry>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .ok()?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let rows: Vec<csv::StringRecord> = reader.records().filter_map(Result::ok).collect();
    if rows.len() < 2 {
        return None;
    }
    let name_col = (0..header.len()).find(|&c| {
        let mut seen = std::collections::HashSet::new();
        rows.iter().all(|r| {
            r.get(c)
                .is_some_and(|v| name_shaped(v.trim()) && seen.insert(v.trim()))
        })
    })?;
    let tag_col = header.iter().position(|h| h.contains("tag"));
    let description_col = header.iter().position(|h| h.contains("descr"));
    Some(
        rows.iter()
            .map(|r| Entry {
                name: r[name_col].trim().to_string(),
                tags: tag_col
                    .and_then(|c| r.get(c))
                    .map(|t| {
                        t.split(',')
                            .map(str::trim)
                            .filter(|t| !t.is_empty())
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_default(),
                description: description_col
                    .and_then(|c| r.get(c))
                    .unwrap_or_default()
                    .trim()
                    .to_string(),
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_lists_with_tags() {
        let text = r#"{"kinds": [{"id": "a"}, {"id": "b"}],
            "versions": [{"types": [
                {"id": "user.login", "tags": ["hookable"], "description": "A login."},
                {"id": "user.logout", "tags": []}
            ]}]}"#;
        let lists = catalogs("types.json", text);
        assert_eq!(lists.len(), 2);
        assert_eq!(
            lists[1][0],
            Entry {
                name: "user.login".into(),
                tags: vec!["hookable".into()],
                description: "A login.".into()
            }
        );
    }

    #[test]
    fn csv_with_a_tags_column() {
        let text = "Event Type,Description,Tags\n\"user.login\",\"A login, at last.\",\"auth, hookable\"\n\"user.logout\",\"\",\"auth\"\n";
        let lists = catalogs("types.csv", text);
        assert_eq!(lists[0][0].tags, ["auth", "hookable"]);
        assert_eq!(lists[0][0].description, "A login, at last.");
        assert_eq!(lists[0][1].name, "user.logout");
        assert!(catalogs("x.csv", "just one line\n").is_empty());
    }
}
