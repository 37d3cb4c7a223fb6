//! DocFX moniker ranges (`::: moniker range=">= product-2020 < product"`):
//! the versions a block of a page applies to.
//!
//! A moniker is a product name with an optional version at its end
//! (`acme-server-2020`, `tfs-2018`, `netcore-3.1`); one without a version
//! is the product as it is now (the cloud service), later than every
//! versioned one. A range is alternatives joined by `||`, each a list of
//! comparisons (`=`, `<`, `<=`, `>`, `>=`, or none for `=`) that must all
//! hold. Monikers compare by their versions alone, so `tfs-2018 <
//! acme-server-2019`, as docs that renamed a product between releases
//! mean.

use std::cmp::Ordering;

/// The version a run is for: the current product (`None`, the default), or
/// a named moniker.
pub(crate) fn applies(range: &str, target: Option<&str>) -> Result<bool, String> {
    let mut any = false;
    for alternative in range.split("||") {
        let terms = terms(alternative)?;
        if terms.is_empty() {
            return Err(format!("empty alternative in `{range}`"));
        }
        any |= terms.iter().all(|(op, name)| compare(*op, name, target));
    }
    Ok(any)
}

/// The monikers a range names.
pub(crate) fn names(range: &str) -> Vec<String> {
    range
        .split("||")
        .filter_map(|a| terms(a).ok())
        .flatten()
        .map(|(_, n)| n.to_string())
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Eq,
    Lt,
    Le,
    Gt,
    Ge,
}

fn terms(alternative: &str) -> Result<Vec<(Op, &str)>, String> {
    let mut out = Vec::new();
    let mut rest = alternative.trim();
    while !rest.is_empty() {
        let (op, after) = [
            (">=", Op::Ge),
            ("<=", Op::Le),
            (">", Op::Gt),
            ("<", Op::Lt),
            ("=", Op::Eq),
        ]
        .iter()
        .find_map(|(s, op)| rest.strip_prefix(s).map(|r| (*op, r)))
        .unwrap_or((Op::Eq, rest));
        let after = after.trim_start();
        let end = after
            .find(|c: char| c.is_whitespace() || "<>=|".contains(c))
            .unwrap_or(after.len());
        let name = &after[..end];
        if name.is_empty() || !is_moniker(name) {
            return Err(format!("`{alternative}` is not a moniker range"));
        }
        out.push((op, name));
        rest = after[end..].trim_start();
    }
    Ok(out)
}

/// A name a moniker can have: letters, digits, `-`, `.`, `_`, from a letter.
pub(crate) fn is_moniker(s: &str) -> bool {
    s.len() <= 64
        && s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._".contains(c))
}

/// Whether docs that name `named` monikers know `asked`: one of them, or
/// another version of a product they name (`acme-server-2022` where
/// `acme-server-2020` is named).
pub(crate) fn known(asked: &str, named: &[String]) -> bool {
    let family = |m: &str| match version(m) {
        Some(_) => m.rsplit_once('-').map_or(m, |(f, _)| f).to_string(),
        None => m.to_string(),
    };
    named
        .iter()
        .any(|n| n == asked || family(n) == family(asked))
}

/// The moniker of the current product, which ranges are evaluated for when
/// none is asked for: the one `named` without a version, or else the
/// product of the latest versioned one (`tfs` after `tfs-2018`).
pub(crate) fn current(named: &[String]) -> Option<String> {
    if let Some(m) = named.iter().find(|m| version(m).is_none()) {
        return Some(m.clone());
    }
    let latest = named
        .iter()
        .max_by(|a, b| order(&version(a), &version(b)).then_with(|| a.cmp(b)))?;
    Some(
        latest
            .rsplit_once('-')
            .map_or(latest.as_str(), |(f, _)| f)
            .to_string(),
    )
}

/// The version at the end of a moniker (`2020`, `3.1`, `ver15` → 15);
/// `None` for the current product.
fn version(name: &str) -> Option<Vec<u32>> {
    let last = name.rsplit('-').next().unwrap_or(name);
    if last.len() == name.len() {
        return None;
    }
    let digits = last.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    if digits.is_empty() {
        return None;
    }
    digits.split('.').map(|p| p.parse().ok()).collect()
}

/// Versions in order, the current product last.
fn order(a: &Option<Vec<u32>>, b: &Option<Vec<u32>>) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(a), Some(b)) => a.cmp(b),
    }
}

fn compare(op: Op, name: &str, target: Option<&str>) -> bool {
    let ord = order(&target.and_then(version), &version(name));
    match op {
        // The current product is whichever moniker has no version.
        Op::Eq => match target {
            Some(t) => t == name,
            None => version(name).is_none(),
        },
        Op::Lt => ord == Ordering::Less,
        Op::Le => ord != Ordering::Greater,
        Op::Gt => ord == Ordering::Greater,
        Op::Ge => ord != Ordering::Less,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_for_the_current_product_and_a_release() {
        let cases = [
            ("=acme-server", true, false),
            ("acme-server", true, false),
            ("<= acme-server", true, true),
            ("< acme-server", false, true),
            (">= acme-server-2020 < acme-server", false, true),
            (">= acme-server-2022", true, false),
            (">= tfs-2017", true, true),
            ("tfs-2018", false, false),
            ("acme-server-2020 || acme-server", true, true),
            ("> acme-server-2019 <= acme-server-2020", false, true),
        ];
        for (range, current, release) in cases {
            assert_eq!(applies(range, None), Ok(current), "{range}");
            assert_eq!(
                applies(range, Some("acme-server-2020")),
                Ok(release),
                "{range} for acme-server-2020"
            );
        }
        assert!(applies("", None).is_err());
        assert!(applies(">= ", None).is_err());
        assert_eq!(
            names(">= tfs-2017 < acme-server || netcore-3.1"),
            ["tfs-2017", "acme-server", "netcore-3.1"]
        );
        assert_eq!(applies("> netcore-3.0", Some("netcore-3.1")), Ok(true));
        let named = ["acme-server".to_string(), "acme-server-2020".to_string()];
        assert!(known("acme-server-2022", &named));
        assert!(known("acme-server", &named));
        assert!(!known("tfs-2018", &named));
        assert!(!known("azure", &named));
        assert_eq!(current(&named).as_deref(), Some("acme-server"));
        let versioned = ["tfs-2017".to_string(), "tfs-2018".to_string()];
        assert_eq!(current(&versioned).as_deref(), Some("tfs"));
        assert_eq!(current(&[]), None);
    }
}
