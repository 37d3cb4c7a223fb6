//! Signature schemes as `components/securitySchemes`.
//!
//! OpenAPI has no HMAC scheme: each is an `apiKey` in its header, which is
//! what a generator or gateway can act on, with `x-webhook-signature`
//! saying what OpenAPI cannot: the algorithm, the encoding, the prefix or
//! format of the header's value, and the signed content, with `{body}` for
//! the raw request body and `{name}` for another part of the delivery.

use serde_json::{json, Map, Value};

use crate::ir::{HmacAlgorithm, Provider, SignatureScheme};
use crate::names::Namer;

use super::components::sanitize;

/// The Standard Webhooks headers, as the runtime reads them.
const STANDARD_SIGNATURE: &str = "webhook-signature";

pub(super) struct Scheme {
    /// Its `components/securitySchemes` key.
    pub key: String,
    pub scheme: Value,
}

pub(super) fn schemes(p: &Provider) -> Vec<Scheme> {
    let mut namer = Namer::new();
    p.signatures
        .iter()
        .map(|s| {
            let (header, x) = extension(s);
            let mut m = Map::new();
            m.insert("type".into(), json!("apiKey"));
            m.insert("in".into(), json!("header"));
            m.insert("name".into(), json!(header));
            m.insert("description".into(), json!(describe(&x)));
            m.insert("x-webhook-signature".into(), x);
            Scheme {
                key: namer.claim(&sanitize(header)),
                scheme: Value::Object(m),
            }
        })
        .collect()
}

fn algorithm(a: HmacAlgorithm) -> &'static str {
    match a {
        HmacAlgorithm::Sha1 => "HMAC-SHA1",
        HmacAlgorithm::Sha256 => "HMAC-SHA256",
    }
}

/// The header a scheme is carried in, and its `x-webhook-signature`.
fn extension(s: &SignatureScheme) -> (&str, Value) {
    match s {
        SignatureScheme::HmacHex {
            header,
            algorithm: a,
            prefix,
        } => {
            let mut x = json!({
                "algorithm": algorithm(*a),
                "encoding": "hex",
                "signed": "{body}",
                "key": "the webhook's secret",
            });
            if let Some(prefix) = prefix {
                x["prefix"] = json!(prefix);
            }
            (header, x)
        }
        SignatureScheme::HmacBase64 {
            header,
            algorithm: a,
        } => (
            header,
            json!({
                "algorithm": algorithm(*a),
                "encoding": "base64",
                "signed": "{body}",
                "key": "the webhook's secret",
            }),
        ),
        SignatureScheme::Timestamped { header } => (
            header,
            json!({
                "algorithm": algorithm(HmacAlgorithm::Sha256),
                "encoding": "hex",
                "format": "t={timestamp},v1={signature}",
                "signed": "{timestamp}.{body}",
                "key": "the webhook's secret",
            }),
        ),
        SignatureScheme::StandardWebhooks => (
            STANDARD_SIGNATURE,
            json!({
                "algorithm": algorithm(HmacAlgorithm::Sha256),
                "encoding": "base64",
                "format": "v1,{signature}, space-separated when there are several",
                "signed": "{webhook-id}.{webhook-timestamp}.{body}",
                "key": "the base64 after `whsec_` in the webhook's secret",
                "specification": "https://www.standardwebhooks.com/",
            }),
        ),
    }
}

/// One sentence of what the extension says, for readers of the document.
fn describe(x: &Value) -> String {
    let field = |k: &str| x[k].as_str().unwrap_or_default();
    let mut out = format!(
        "{} of `{}`, {}-encoded",
        field("algorithm"),
        field("signed"),
        field("encoding")
    );
    if let Some(prefix) = x["prefix"].as_str() {
        out.push_str(&format!(" after the prefix `{prefix}`"));
    }
    if let Some(format) = x["format"].as_str() {
        out.push_str(&format!(", sent as `{format}`"));
    }
    out.push_str(&format!("; keyed with {}.", field("key")));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_scheme_says_what_openapi_cannot() {
        let hex = SignatureScheme::HmacHex {
            header: "X-Sig-256".into(),
            algorithm: HmacAlgorithm::Sha256,
            prefix: Some("sha256=".into()),
        };
        let (header, x) = extension(&hex);
        assert_eq!(header, "X-Sig-256");
        assert_eq!(x["algorithm"], "HMAC-SHA256");
        assert_eq!(x["encoding"], "hex");
        assert_eq!(x["prefix"], "sha256=");
        assert_eq!(x["signed"], "{body}");
        assert_eq!(
            describe(&x),
            "HMAC-SHA256 of `{body}`, hex-encoded after the prefix `sha256=`; keyed with the webhook's secret."
        );
        let (_, x) = extension(&SignatureScheme::HmacBase64 {
            header: "X-Sig".into(),
            algorithm: HmacAlgorithm::Sha1,
        });
        assert_eq!(
            (x["algorithm"].as_str(), x["encoding"].as_str()),
            (Some("HMAC-SHA1"), Some("base64"))
        );
        assert!(x.get("prefix").is_none());
        let (_, x) = extension(&SignatureScheme::Timestamped {
            header: "X-Sig".into(),
        });
        assert_eq!(x["signed"], "{timestamp}.{body}");
        let (header, x) = extension(&SignatureScheme::StandardWebhooks);
        assert_eq!(header, "webhook-signature");
        assert_eq!(x["signed"], "{webhook-id}.{webhook-timestamp}.{body}");
    }
}
