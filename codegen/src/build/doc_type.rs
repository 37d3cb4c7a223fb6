//! Type names as docs write them: `string`, `url`, `array of objects`,
//! `string or null`, `integer | null`, `hash`, ...

use std::collections::BTreeSet;

use super::shape::Kind;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocType {
    pub kinds: BTreeSet<Kind>,
    pub nullable: bool,
    pub format: Option<&'static str>,
    /// For `array of X`: the kinds of X.
    pub items: BTreeSet<Kind>,
    /// Words that meant nothing to us.
    pub unknown: Vec<String>,
}

fn word_kind(w: &str) -> Option<(Kind, Option<&'static str>)> {
    Some(match w {
        // A snowflake is a time-ordered numeric id sent as a string.
        "string" | "str" | "text" | "char" | "enum" | "sha" | "ref" | "snowflake" => {
            (Kind::String, None)
        }
        "url" | "uri" => (Kind::String, Some("uri")),
        "date" => (Kind::String, Some("date")),
        "datetime" | "timestamp" | "time" | "iso8601" => (Kind::String, Some("date-time")),
        "email" => (Kind::String, Some("email")),
        "integer" | "int" | "int32" | "int64" | "long" | "uint" => (Kind::Integer, None),
        "number" | "float" | "double" | "decimal" | "numeric" => (Kind::Number, None),
        "boolean" | "bool" => (Kind::Boolean, None),
        "object" | "hash" | "map" | "dict" | "dictionary" | "objects" | "hashes" => {
            (Kind::Object, None)
        }
        "array" | "list" | "arrays" => (Kind::Array, None),
        "strings" => (Kind::String, None),
        "integers" => (Kind::Integer, None),
        _ => return None,
    })
}

/// Reads a type cell. Empty input gives an empty `DocType`.
pub fn parse(cell: &str) -> DocType {
    let mut t = DocType::default();
    let lower = cell.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut after_of = false;
    for w in &words {
        match *w {
            "null" | "nullable" | "optional" => t.nullable |= *w != "optional",
            "or" | "a" | "an" | "any" => {}
            "of" => after_of = t.kinds.contains(&Kind::Array),
            _ => match word_kind(w) {
                Some((k, f)) if after_of => {
                    t.items.insert(k);
                    if f.is_some() && t.format.is_none() {
                        t.format = f;
                    }
                }
                Some((k, f)) => {
                    t.kinds.insert(k);
                    if f.is_some() {
                        t.format = f;
                    }
                }
                None => t.unknown.push(w.to_string()),
            },
        }
    }
    // `array of url`: the format belongs to the items.
    if !t.items.is_empty() {
        t.format = None;
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells() {
        assert_eq!(parse("string").kinds, [Kind::String].into());
        assert_eq!(parse("url").format, Some("uri"));
        let a = parse("array of objects");
        assert_eq!(a.kinds, [Kind::Array].into());
        assert_eq!(a.items, [Kind::Object].into());
        let n = parse("string or null");
        assert!(n.nullable);
        assert_eq!(n.kinds, [Kind::String].into());
        assert_eq!(parse("wat").unknown, ["wat"]);
    }
}
