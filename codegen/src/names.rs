//! The one place identifiers are made.
//!
//! Wire names (event names, JSON keys, enum values) arrive spelled however a
//! vendor likes; everything a back-end prints as Rust goes through here, and
//! [`Namer`] settles clashes so two things never share a name.

use std::collections::{BTreeSet, HashMap};

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Words of a wire name: split on anything not alphanumeric and on case humps.
fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let hump = c.is_uppercase()
            && !cur.is_empty()
            && (chars[i - 1].is_lowercase()
                || chars[i - 1].is_ascii_digit()
                || chars.get(i + 1).is_some_and(|n| n.is_lowercase()));
        if hump {
            words.push(std::mem::take(&mut cur));
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

fn ascii_only(s: String) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

/// `pull_request.opened` → `PullRequestOpened`; never empty, never starts with a digit.
pub fn upper_camel(name: &str) -> String {
    let mut out = String::new();
    for w in words(name) {
        let mut cs = w.chars();
        if let Some(first) = cs.next() {
            out.extend(first.to_uppercase());
            out.push_str(&cs.as_str().to_lowercase());
        }
    }
    let out = fix_start(ascii_only(out), "Value");
    // `Self` is the one keyword UpperCamelCase can produce.
    if out == "Self" {
        "SelfValue".to_string()
    } else {
        out
    }
}

/// `X-GitHub-Event` → `x_git_hub_event`; escapes keywords.
pub fn snake(name: &str) -> String {
    let out = words(name)
        .into_iter()
        .map(|w| w.to_lowercase())
        .collect::<Vec<_>>()
        .join("_");
    let out = fix_start(ascii_only(out), "field");
    if KEYWORDS.contains(&out.as_str()) {
        format!("{out}_")
    } else {
        out
    }
}

fn fix_start(s: String, fallback: &str) -> String {
    if s.is_empty() {
        fallback.to_string()
    } else if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{s}")
    } else {
        s
    }
}

/// Hands out unique names within one scope.
#[derive(Debug, Default, Clone)]
pub struct Namer {
    taken: BTreeSet<String>,
    /// The next suffix to try per wanted name, so that thousands of keys
    /// that make one identifier do not retry every suffix each time.
    next: HashMap<String, usize>,
}

impl Namer {
    pub fn new() -> Self {
        Self::default()
    }

    /// Marks names the scope already uses (e.g. `Event`, `extra`).
    pub fn reserve(&mut self, names: &[&str]) {
        self.taken.extend(names.iter().map(|s| s.to_string()));
    }

    /// `wanted`, or `wanted2`, `wanted3`, ... if taken.
    pub fn claim(&mut self, wanted: &str) -> String {
        let mut name = wanted.to_string();
        if self.taken.contains(&name) {
            let n = self.next.entry(name.clone()).or_insert(2);
            loop {
                name = format!("{wanted}{n}");
                *n += 1;
                if !self.taken.contains(&name) {
                    break;
                }
            }
        }
        self.taken.insert(name.clone());
        name
    }
}

/// The generated crate's package name when none is given: each provider's
/// name in kebab case, then `webhooks` (`github-webhooks`,
/// `github-licensing-webhooks`; `webhooks` with no provider).
pub fn crate_name<'a>(providers: impl IntoIterator<Item = &'a str>) -> String {
    let mut parts: Vec<String> = providers
        .into_iter()
        .map(|p| {
            let words: Vec<String> = words(p)
                .into_iter()
                .map(|w| ascii_only(w.to_lowercase()).replace('_', ""))
                .filter(|w| !w.is_empty())
                .collect();
            words.join("-")
        })
        .filter(|p| !p.is_empty())
        .collect();
    // A package name cannot start with a digit.
    if parts
        .first()
        .is_some_and(|p| p.starts_with(|c: char| c.is_ascii_digit()))
    {
        parts.insert(0, "webhooks".to_string());
    } else {
        parts.push("webhooks".to_string());
    }
    parts.join("-")
}

/// Whether `name` can be the generated crate's package name: ASCII letters,
/// digits, `-` and `_`, not starting with a digit or `-`, and (with `-` read
/// as `_`, as Rust code names the crate) an identifier that is no keyword.
pub fn is_crate_name(name: &str) -> bool {
    let ident = name.replace('-', "_");
    name.chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().any(|c| c.is_ascii_alphanumeric())
        && !KEYWORDS.contains(&ident.as_str())
}

/// Whether a key names a point in time (`created_at`, `timestamp`).
pub fn is_timestamp_key(key: &str) -> bool {
    let lower = key.to_ascii_lowercase();
    let camel = key
        .strip_suffix("At")
        .is_some_and(|stem| stem.ends_with(|c: char| c.is_ascii_lowercase()));
    lower.ends_with("_at") || lower.ends_with("timestamp") || camel
}

/// Best guess at the singular of a plural key, for array item type names.
pub fn singular(key: &str) -> String {
    if let Some(stem) = key.strip_suffix("ies") {
        if !stem.is_empty() {
            return format!("{stem}y");
        }
    }
    for suffix in ["sses", "uses", "xes", "ches", "shes"] {
        if key.ends_with(suffix) {
            return key[..key.len() - 2].to_string();
        }
    }
    if let Some(stem) = key.strip_suffix('s') {
        if !stem.is_empty() && !stem.ends_with('s') {
            return stem.to_string();
        }
    }
    format!("{key}_item")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_and_snake() {
        assert_eq!(upper_camel("pull_request.opened"), "PullRequestOpened");
        assert_eq!(
            upper_camel("trialActivation.deleted"),
            "TrialActivationDeleted"
        );
        assert_eq!(upper_camel("Push Hook"), "PushHook");
        assert_eq!(upper_camel("+1"), "_1");
        assert_eq!(upper_camel("self"), "SelfValue");
        assert_eq!(snake("X-GitHub-Event"), "x_git_hub_event");
        assert_eq!(snake("type"), "type_");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("+1"), "_1");
        assert_eq!(snake("HTMLUrl"), "html_url");
    }

    #[test]
    fn crate_names() {
        assert_eq!(crate_name(["github"]), "github-webhooks");
        assert_eq!(
            crate_name(["github", "licensing"]),
            "github-licensing-webhooks"
        );
        assert_eq!(crate_name(["Azure DevOps"]), "azure-dev-ops-webhooks");
        assert_eq!(crate_name(["3scale"]), "webhooks-3scale");
        assert_eq!(crate_name(["é"]), "webhooks");
        assert_eq!(crate_name([]), "webhooks");
        for name in ["github-webhooks", "acme_hooks", "_x", "a1"] {
            assert!(is_crate_name(name), "{name}");
        }
        for name in [
            "", "1x", "-x", "a b", "a.b", "é", "_", "self", "fn", "crate",
        ] {
            assert!(!is_crate_name(name), "{name}");
        }
    }

    #[test]
    fn singulars() {
        assert_eq!(singular("labels"), "label");
        assert_eq!(singular("repositories"), "repository");
        assert_eq!(singular("statuses"), "status");
        assert_eq!(singular("branches"), "branch");
        assert_eq!(singular("added"), "added_item");
    }

    #[test]
    fn timestamp_keys() {
        for key in ["created_at", "Updated_At", "timestamp", "triggeredAt"] {
            assert!(is_timestamp_key(key), "{key}");
        }
        for key in ["at", "At", "format", "chat", "id", "cat"] {
            assert!(!is_timestamp_key(key), "{key}");
        }
    }

    #[test]
    fn namer_settles_clashes() {
        let mut n = Namer::new();
        n.reserve(&["Event"]);
        assert_eq!(n.claim("Event"), "Event2");
        assert_eq!(n.claim("User"), "User");
        assert_eq!(n.claim("User"), "User2");
        n.reserve(&["Key3"]);
        let keys: Vec<String> = (0..4).map(|_| n.claim("Key")).collect();
        assert_eq!(keys, ["Key", "Key2", "Key4", "Key5"]);
    }
}
