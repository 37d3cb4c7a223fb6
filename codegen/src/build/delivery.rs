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

/// The vendor a header names, as in `X-Acme-Event` → `acme`.
pub fn vendor_of(header: &str) -> Option<String> {
    let lower = header.to_ascii_lowercase();
    let mid = lower.strip_prefix("x-")?.strip_suffix("-event")?;
    let v: String = mid.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    (!v.is_empty()).then_some(v)
}

/// Headers of the pages, tables first, then ones only seen in example requests.
pub fn headers(pages: &[&ParsedPage]) -> Vec<Header> {
    let mut out: Vec<Header> = Vec::new();
    let mut add = |name: &str, description: String, every_delivery: bool, span: Span| {
        if generic(name) || out.iter().any(|h| h.name.eq_ignore_ascii_case(name)) {
            return;
        }
        out.push(Header {
            name: name.to_string(),
            description,
            role: role(name),
            every_delivery,
            span,
        });
    };
    for page in pages {
        for h in &page.headers {
            let description = plain(&h.description);
            let every = every_delivery(&plain(&h.intro), &description);
            add(&h.name, description, every, h.span.clone());
        }
    }
    for page in pages {
        for d in &page.deliveries {
            for (name, _) in &d.headers {
                add(name, String::new(), false, d.span.clone());
            }
        }
    }
    for page in pages {
        for h in &page.hinted_headers {
            add(&h.name, String::new(), false, h.span.clone());
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
                        // A signature sent only when a secret is set.
                        every_delivery: false,
                        span: h.span.clone(),
                    });
                }
            }
        }
    }
    out
}

/// Whether the docs say every delivery carries a header: the text that
/// introduces its list says deliveries (requests, payloads) carry, contain
/// or include these headers, without a hedge ("may", "some", "optional"),
/// and the header's own description sets no condition ("only sent when",
/// "sent if the webhook has a secret"). Doubt leaves a header optional: a
/// wrong "required" makes a validator reject real deliveries.
pub fn every_delivery(intro: &str, description: &str) -> bool {
    let intro = format!(" {} ", intro.to_lowercase());
    let has = |t: &str, w: &str| t.contains(w);
    let about_deliveries = [
        "deliver",
        "request",
        "payload",
        "post",
        "notification",
        "call",
    ]
    .iter()
    .any(|w| has(&intro, w));
    let carried = [
        "every ",
        "each ",
        "all ",
        "will contain",
        "will include",
        "will have",
        "carries",
        "carry ",
        "contain these",
        "contains these",
        "include these",
        "includes these",
        "the following",
        "always",
    ]
    .iter()
    .any(|w| has(&intro, w));
    let hedged = [
        " may ", " might ", " some ", " can ", "optional", " if ", " when ", " unless ",
    ]
    .iter()
    .any(|w| has(&intro, w));
    let desc = format!(" {} ", description.to_lowercase());
    let conditional = [
        " only ",
        " if ",
        " when ",
        " unless ",
        "optional",
        " may ",
        " might ",
        "not sent",
        "not always",
        "not included",
    ]
    .iter()
    .any(|w| has(&desc, w));
    has(&intro, "header") && about_deliveries && carried && !hedged && !conditional
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

#[cfg(test)]
mod tests {
    use super::every_delivery;

    #[test]
    fn every_delivery_needs_a_plain_claim_and_an_unconditional_row() {
        let universal = [
            "Every request we send carries these headers:",
            "Each delivery is a POST. Besides the body, it carries these headers:",
            "Notifications will contain the following headers:",
            "POST requests to your endpoint will include several headers:",
        ];
        for intro in universal {
            assert!(every_delivery(intro, "The event's name."), "{intro}");
            assert!(
                !every_delivery(intro, "Only sent when the hook has a secret."),
                "{intro}"
            );
            assert!(
                !every_delivery(intro, "Sent if the endpoint asked for it."),
                "{intro}"
            );
        }
        let not_universal = [
            "",
            "Headers",
            "Some deliveries may carry these headers:",
            "When a secret is set, requests include these headers:",
            "You can add optional headers to each request.",
            "The following fields are in every payload.",
        ];
        for intro in not_universal {
            assert!(!every_delivery(intro, "The event's name."), "{intro}");
        }
    }
}
