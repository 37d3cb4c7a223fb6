//! Delivery facts: which header names the event, which carry signatures,
//! and how those are made — from header tables and example requests.

use crate::diag::Span;
use crate::ir::{Header, HeaderRole, HmacAlgorithm, SignatureScheme};
use crate::parse::fields::plain;
use crate::parse::ParsedPage;

pub fn role(name: &str) -> HeaderRole {
    let n = name.to_ascii_lowercase();
    if crate::parse::delivery::names_event(&n) {
        HeaderRole::EventName
    } else if n.contains("signature") {
        HeaderRole::Signature
    } else if n.contains("delivery") || n == "webhook-id" || n.ends_with("-request-id") {
        HeaderRole::DeliveryId
    } else if n.contains("hook-id") || n.ends_with("-webhook-id") {
        HeaderRole::HookId
    } else if n == "user-agent" {
        HeaderRole::UserAgent
    } else if n.contains("installation-target-id") || n.ends_with("target-id") {
        HeaderRole::InstallationTargetId
    } else if n.contains("installation-target-type") || n.ends_with("target-type") {
        HeaderRole::InstallationTargetType
    } else {
        HeaderRole::Other
    }
}

/// Headers that every HTTP request has; not worth typing.
fn generic(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "host" | "content-length" | "content-type" | "accept" | "connection" | "accept-encoding"
    )
}

/// The vendor a header names, as in `X-GitHub-Event` → `github`.
pub fn vendor_of(header: &str) -> Option<String> {
    let lower = header.to_ascii_lowercase();
    let mid = lower.strip_prefix("x-")?.strip_suffix("-event")?;
    let v: String = mid.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    (!v.is_empty()).then_some(v)
}

/// Headers of the pages, tables first, then ones only seen in example requests.
pub fn headers(pages: &[&ParsedPage]) -> Vec<Header> {
    let mut out: Vec<Header> = Vec::new();
    let mut add = |name: &str, description: String, span: Span| {
        if generic(name) || out.iter().any(|h| h.name.eq_ignore_ascii_case(name)) {
            return;
        }
        out.push(Header {
            name: name.to_string(),
            description,
            role: role(name),
            span,
        });
    };
    for page in pages {
        for h in &page.headers {
            add(&h.name, plain(&h.description), h.span.clone());
        }
    }
    for page in pages {
        for d in &page.deliveries {
            for (name, _) in &d.headers {
                add(name, String::new(), d.span.clone());
            }
        }
    }
    for page in pages {
        for h in &page.hinted_headers {
            add(&h.name, String::new(), h.span.clone());
        }
    }
    // A signature a paragraph describes, where no table or request shows one.
    if !out.iter().any(|h| h.role == HeaderRole::Signature) {
        for page in pages {
            for h in &page.prose_headers {
                if !out.iter().any(|o| o.name.eq_ignore_ascii_case(&h.name)) {
                    out.push(Header {
                        name: h.name.clone(),
                        description: h.description.clone(),
                        role: role(&h.name),
                        span: h.span.clone(),
                    });
                }
            }
        }
    }
    out
}

/// Signature schemes the headers and example values imply.
pub fn signatures(headers: &[Header], pages: &[&ParsedPage]) -> Vec<SignatureScheme> {
    let example_value = |name: &str| {
        pages
            .iter()
            .flat_map(|p| &p.deliveries)
            .flat_map(|d| &d.headers)
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let mut out = Vec::new();
    for h in headers.iter().filter(|h| h.role == HeaderRole::Signature) {
        let lower = h.name.to_ascii_lowercase();
        let desc = h.description.to_lowercase();
        let value = example_value(&h.name).unwrap_or_default();
        if lower == "webhook-signature" {
            out.push(SignatureScheme::StandardWebhooks);
            continue;
        }
        if value.starts_with("t=") && value.contains("v1=") {
            out.push(SignatureScheme::Timestamped {
                header: h.name.clone(),
            });
            continue;
        }
        let algorithm = if lower.ends_with("256")
            || desc.contains("sha-256")
            || desc.contains("sha256")
            || value.starts_with("sha256=")
        {
            HmacAlgorithm::Sha256
        } else if desc.contains("sha-1")
            || desc.contains("sha1")
            || value.starts_with("sha1=")
            || lower.ends_with("signature") && !desc.contains("256") && desc.contains("hex")
        {
            HmacAlgorithm::Sha1
        } else {
            HmacAlgorithm::Sha256
        };
        let prefix = value
            .split_once('=')
            .map(|(p, _)| format!("{p}="))
            .filter(|p| p.len() <= 8);
        let hex_value = value
            .rsplit('=')
            .next()
            .is_some_and(|v| !v.is_empty() && v.chars().all(|c| c.is_ascii_hexdigit()));
        if desc.contains("base64") || (!value.is_empty() && !hex_value) {
            out.push(SignatureScheme::HmacBase64 {
                header: h.name.clone(),
                algorithm,
            });
        } else {
            out.push(SignatureScheme::HmacHex {
                header: h.name.clone(),
                algorithm,
                prefix,
            });
        }
    }
    out
}
