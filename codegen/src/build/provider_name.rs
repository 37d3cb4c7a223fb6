//! The name of the vendor whose events a page documents: the module, the
//! schema directory and the type prefix are all named for it, so one
//! vendor's docs of different eras must come out with the same name.

mod proper_noun;

use super::delivery;
use crate::names;
use crate::parse::ParsedPage;

/// The vendor a page is about: the vendor part of its `X-Vendor-Event`
/// header, else the site or product its front matter names, else the
/// product part of its title ("Events | Acme"), else the product its prose
/// names (see [`proper_noun`]), else its own title, else the product the
/// other pages name. Words that only say what the page is about
/// (`webhooks`, `service`, `events`) never name it.
pub(super) fn provider_name(
    page: &ParsedPage,
    docs_product: impl FnOnce() -> Option<String>,
) -> String {
    let mut from_headers: Vec<String> = Vec::new();
    let names = page
        .headers
        .iter()
        .chain(&page.hinted_headers)
        .map(|h| h.name.as_str())
        .chain(
            page.deliveries
                .iter()
                .flat_map(|d| d.headers.iter().map(|(n, _)| n.as_str())),
        );
    for vendor in names.filter_map(delivery::vendor_of) {
        if !from_headers.contains(&vendor) {
            from_headers.push(vendor);
        }
    }
    let from_site = page.site.as_deref().and_then(vendor_words);
    // "Page | Product | Company": the product first, the page last.
    let title_parts: Vec<&str> = page
        .title
        .as_deref()
        .map(|t| {
            t.split(" | ")
                .flat_map(|p| p.split(" - "))
                .flat_map(|p| p.split(" — "))
                .collect()
        })
        .unwrap_or_default();
    let from_product = title_parts.iter().skip(1).find_map(|p| vendor_words(p));
    let from_page_title = || title_parts.first().and_then(|p| vendor_words(p));
    let from_docs = from_site.or(from_product);
    // A vendor that also sends another's headers (for compatibility) is
    // the one its docs name.
    if from_headers.len() > 1 {
        if let Some(named) = from_docs
            .clone()
            .or_else(from_page_title)
            .filter(|n| from_headers.contains(n))
        {
            return named;
        }
    }
    from_headers
        .into_iter()
        .next()
        .or(from_docs)
        // A page's own title says what the page is ("Setting up outgoing
        // webhooks") more often than whose; the product its prose keeps
        // naming is the same in every era of the docs.
        .or_else(|| proper_noun::product(&[&page.document]))
        .or_else(from_page_title)
        // A page of events with little prose belongs to the product the
        // rest of its docs name.
        .or_else(docs_product)
        .unwrap_or_else(|| "webhooks".to_string())
}

/// The product the prose of all the pages names most often.
pub(super) fn docs_product(pages: &[ParsedPage]) -> Option<String> {
    let docs: Vec<&crate::parse::doc::Document> = pages.iter().map(|p| &p.document).collect();
    proper_noun::product(&docs)
}

/// Words of a title that say what the page is, not whose it is.
pub(super) const GENERIC_WORDS: &[&str] = &[
    "a",
    "about",
    "all",
    "an",
    "and",
    "api",
    "apis",
    "available",
    "callback",
    "callbacks",
    "center",
    "configure",
    "configuring",
    "create",
    "creating",
    "deliveries",
    "delivery",
    "developer",
    "developers",
    "doc",
    "docs",
    "documentation",
    "event",
    "events",
    "example",
    "examples",
    "for",
    "format",
    "formats",
    "getting",
    "guide",
    "handle",
    "handling",
    "headers",
    "help",
    "hook",
    "hooks",
    "how",
    "in",
    "integration",
    "integrations",
    "intro",
    "introduction",
    "list",
    "manage",
    "managing",
    "notification",
    "notifications",
    "object",
    "objects",
    "of",
    "on",
    "or",
    "overview",
    "payload",
    "payloads",
    "receive",
    "receiving",
    "reference",
    "references",
    "sample",
    "samples",
    "schema",
    "schemas",
    "securing",
    "send",
    "sending",
    "service",
    "services",
    "set",
    "setting",
    "started",
    "subscription",
    "subscriptions",
    "support",
    "supported",
    "testing",
    "the",
    "to",
    "type",
    "types",
    "up",
    "use",
    "using",
    "validating",
    "web",
    "webhook",
    "webhooks",
    "with",
    "working",
    "your",
];

/// The vendor name in a title part or site name: its words that are not
/// generic, lowercased and joined (`Acme DevTools` → `acme_devtools`).
fn vendor_words(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c == '/' || c == ',' || c == ':')
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty() && !GENERIC_WORDS.contains(&w.as_str()))
        .collect();
    if words.is_empty() || words.len() > 3 {
        return None;
    }
    let name = names::snake(&words.join("_"));
    (name.len() > 1).then_some(name)
}
