//! Signature headers a paragraph describes: "a hash signature (HMAC-SHA256)
//! of each payload … is included in the `X-Hub-Signature` header". Docs
//! without a header table say it this way; the paragraph becomes the
//! header's description, from which the scheme is read as from a table's.

use super::doc::{BlockKind, Document};
use super::fields::{code_at_start, plain};
use super::HeaderDoc;

/// A header name in a code span: `X-Hub-Signature`, `Webhook-Signature`.
fn header_like(s: &str) -> bool {
    s.contains('-')
        && s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// Every signature header a paragraph or list item names in a code span,
/// when it says the header carries an HMAC.
pub(crate) fn prose_headers(doc: &Document) -> Vec<HeaderDoc> {
    let mut out: Vec<HeaderDoc> = Vec::new();
    for block in &doc.blocks {
        let texts: Vec<&str> = match &block.kind {
            BlockKind::Paragraph { text } => vec![text],
            BlockKind::List { items } => items.iter().map(String::as_str).collect(),
            _ => continue,
        };
        for text in texts {
            if !text.to_lowercase().contains("hmac") {
                continue;
            }
            for (at, _) in text.match_indices('`') {
                let Some(name) = code_at_start(&text[at..]) else {
                    continue;
                };
                let signs = name.to_ascii_lowercase().contains("signature");
                if header_like(name) && signs && !out.iter().any(|h| h.name == name) {
                    out.push(HeaderDoc {
                        name: name.to_string(),
                        description: plain(text),
                        intro: String::new(),
                        span: block.span.clone(),
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Span;
    use crate::parse::doc::Block;

    #[test]
    fn a_paragraph_naming_a_signature_header_and_hmac() {
        let doc = Document {
            blocks: vec![
                Block {
                    kind: BlockKind::Paragraph {
                        text: "Each body is signed (HMAC-SHA256, hex) with your secret; the digest is in the `X-Acme-Signature` header. See `Content-Type`.".into(),
                    },
                    span: Span::default(),
                },
                Block {
                    kind: BlockKind::Paragraph {
                        text: "The `X-Other-Signature` header is for later.".into(),
                    },
                    span: Span::default(),
                },
            ],
            ..Default::default()
        };
        let found = prose_headers(&doc);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].name, "X-Acme-Signature");
        assert!(found[0].description.contains("HMAC-SHA256"));
    }
}
