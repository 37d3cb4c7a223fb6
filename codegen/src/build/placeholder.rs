//! Which identifiers in an example were made up by hand.
//!
//! A capture carries the ids the vendor's system gave its objects. A writer
//! filling in an example by hand types ids that show it: the field's own
//! name (`"widget-id"` under `id`), a template slot (`"{id}"`), one
//! character over and over (`"xxxxx"`, the all-zero UUID), a counting run
//! (`12345`, `"1234…"`), or hex groups that repeat themselves
//! (`00bb00bb-cc11-…`, `e3e3e3e3-ffff-…`). Judged from the value's shape
//! alone, the same way for every vendor.

use serde_json::Value;

/// Characters from which a text is long enough to judge by its repeats: a
/// shorter random id repeats itself too often by chance.
const REPEATS_FROM: usize = 8;

/// A run of consecutive characters (`12345`, `abcde`) this long anywhere in
/// an id is a placeholder, as is one this long at its opening (`1234…`), or
/// an id of at least [`RUN_WHOLE`] characters that is one run (`123`) or one
/// character (`000`). By chance, a random id has each once in a thousand
/// or fewer.
const RUN_ANYWHERE: usize = 5;
const RUN_OPENING: usize = 4;
const RUN_WHOLE: usize = 3;

/// Whether `value`, under `key`, is an identifier nobody's system issued.
pub fn made_up(key: &str, value: &Value) -> bool {
    match value {
        Value::Number(n) => n
            .as_u64()
            .or_else(|| n.as_i64().map(i64::unsigned_abs))
            .is_some_and(|n| made_up_token(&n.to_string())),
        Value::String(s) => {
            let s = s.trim();
            template_slot(s) || names_the_key(key, s) || made_up_token(s)
        }
        _ => false,
    }
}

/// `{id}`, `<project id>`, `${userId}`, `[id]`: a slot to fill in.
fn template_slot(s: &str) -> bool {
    let inner = s.strip_prefix('$').unwrap_or(s);
    [('{', '}'), ('<', '>'), ('[', ']')]
        .iter()
        .any(|&(open, close)| inner.len() > 2 && inner.starts_with(open) && inner.ends_with(close))
}

/// `"id"` or `"release-definition-id"` under `id`: words (letters only)
/// that end with the key's own words.
fn names_the_key(key: &str, s: &str) -> bool {
    let key_words = words(key);
    let value_words = words(s);
    !key_words.is_empty()
        && value_words.len() >= key_words.len()
        && value_words
            .iter()
            .all(|w| w.chars().all(|c| c.is_ascii_alphabetic()))
        && value_words.ends_with(&key_words)
}

/// Lowercase words of a key or text: split at anything not alphanumeric
/// and where a lowercase letter meets an uppercase one (`nodeId`).
pub fn words(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// A token (letters, digits and separators, no spaces) that one character
/// fills, that counts (`123`, `1234…`, `…34567…`), that opens with one
/// character four times (`1111…`, `bbbb1b1b-…`), or whose hex digits
/// mostly repeat the one or two before them or count on from them. Digits
/// alone are not judged by their repeats: decimal ids repeat a digit too
/// often by chance.
fn made_up_token(s: &str) -> bool {
    if s.is_empty()
        || !s
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
    {
        return false;
    }
    let chars: Vec<char> = s
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let n = chars.len();
    if n >= RUN_WHOLE && chars.iter().all(|&c| c == chars[0]) {
        return true;
    }
    if n >= RUN_OPENING && chars[..RUN_OPENING].iter().all(|&c| c == chars[0]) {
        return true;
    }
    if (n >= RUN_WHOLE && longest_run(&chars) == n)
        || longest_run(&chars[..n.min(RUN_OPENING)]) >= RUN_OPENING
        || longest_run(&chars) >= RUN_ANYWHERE
    {
        return true;
    }
    let hex = chars.iter().all(char::is_ascii_hexdigit);
    let digits = chars.iter().all(char::is_ascii_digit);
    if !hex || digits || n < REPEATS_FROM {
        return false;
    }
    let hits = (1..n)
        .filter(|&i| {
            chars[i] == chars[i - 1]
                || (i >= 2 && chars[i] == chars[i - 2])
                || follows(chars[i - 1], chars[i])
        })
        .count();
    2 * hits >= n - 1
}

/// The longest run of characters each one more (or each one less) than
/// the one before: `3456`, `edcb`.
fn longest_run(chars: &[char]) -> usize {
    let mut best = usize::from(!chars.is_empty());
    for step in [1i32, -1] {
        let mut len = 1;
        for w in chars.windows(2) {
            let consecutive = w[0].is_ascii_alphanumeric()
                && (w[0].is_ascii_digit() == w[1].is_ascii_digit())
                && w[1] as i32 - w[0] as i32 == step;
            len = if consecutive { len + 1 } else { 1 };
            best = best.max(len);
        }
    }
    best
}

/// Whether `b` comes right after `a` (`1` → `2`, `c` → `d`).
fn follows(a: char, b: char) -> bool {
    a.is_ascii_digit() == b.is_ascii_digit() && b as u32 == a as u32 + 1
}

#[cfg(test)]
mod tests {
    use super::made_up;
    use serde_json::json;

    fn check(key: &str, value: serde_json::Value, expected: bool) {
        assert_eq!(made_up(key, &value), expected, "{key}: {value}");
    }

    #[test]
    fn the_keys_own_name() {
        check("id", json!("id"), true);
        check("id", json!("widget-id"), true);
        check("id", json!("widget_definition_id"), true);
        check("nodeId", json!("widgetNodeId"), true);
        check("id", json!("widget-7"), false);
        check("id", json!("idle"), false);
        check("name", json!("Hello-World"), false);
    }

    #[test]
    fn a_template_slot() {
        check("id", json!("{id}"), true);
        check("id", json!("${widgetId}"), true);
        check("id", json!("<your widget id>"), true);
        check("id", json!("[id]"), true);
        check("id", json!("{}"), false);
    }

    #[test]
    fn one_character_over_and_over() {
        check("id", json!("xxxxx"), true);
        check("id", json!("00000000-0000-0000-0000-000000000000"), true);
        check("id", json!(1111), true);
        check("id", json!("7777061542339871"), true);
        check("id", json!(11), false);
        check("id", json!(0), false);
        check("id", json!(7), false);
        check("id", json!(4440), false);
    }

    #[test]
    fn a_counting_run() {
        check("id", json!(12345), true);
        check("id", json!(123), true);
        check("id", json!(987654), true);
        check("id", json!("2345071946618800"), true);
        check("id", json!("7383207964119141687"), false);
        check("id", json!(46662351), false);
        check("id", json!(12), false);
        check("id", json!(1205), false);
    }

    #[test]
    fn hex_groups_that_repeat_themselves() {
        for made in [
            "00bb00bb-cc11-dd22-ee33-44ff44ff44ff",
            "e3e3e3e3-ffff-aaaa-bbbb-c4c4c4c4c4c4",
            "cccc2c2c-dd3d-ee4e-ff5f-aaaaaa6a6a6a",
            "5555aaaa566bb6cccccdd77eeeeeee888888eeee",
            "aabbccdd",
        ] {
            check("id", json!(made), true);
        }
        // Real ids of every shape: random UUIDs and SHAs, base64 node ids,
        // decimal ids (whose digits repeat by chance; these did fool a rule
        // that judged digits by their repeats), short hex.
        for real in [
            "e58e0d53-d51c-407a-b0ef-fa7e83d01344",
            "45e1bcb3-5286-4ca9-be7b-0eeca3a707c4",
            "99302c63-2331-4131-ac0f-052d38d2f207",
            "11f6ad8ec52a2984abaafd7c3b516503785c2072",
            "V2lkZ2V0OjQxMjYwNjYy",
            "444500041",
            "33435682",
            "990727360438182992",
            "abba",
            "deadbee",
        ] {
            check("id", json!(real), false);
        }
    }
}
