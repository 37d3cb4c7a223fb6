//! Signature schemes as the docs describe them, and the HMACs behind them.

use base64::Engine as _;
use hmac::{KeyInit, Mac};
use subtle::ConstantTimeEq;

/// Hash function underlying an HMAC signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// HMAC-SHA1. Only used when the `sha1` cargo feature is on *and*
    /// [`Verifier::allow_sha1`](super::Verifier::allow_sha1) was called,
    /// because SHA-1 signatures are legacy and vendors that offer them
    /// usually offer SHA-256 as well.
    Sha1,
    /// HMAC-SHA256.
    Sha256,
}

impl Algorithm {
    /// Whether this build can compute the algorithm (SHA-1 needs the `sha1`
    /// cargo feature).
    pub const fn is_compiled_in(self) -> bool {
        match self {
            Algorithm::Sha1 => cfg!(feature = "sha1"),
            Algorithm::Sha256 => true,
        }
    }

    /// Length of the MAC in bytes.
    pub const fn output_len(self) -> usize {
        match self {
            Algorithm::Sha1 => 20,
            Algorithm::Sha256 => 32,
        }
    }

    /// HMAC of the concatenation of `parts`, or `None` when the algorithm is
    /// not compiled in. Taking parts avoids copying a large body just to
    /// prepend a timestamp.
    pub(crate) fn mac(self, key: &[u8], parts: &[&[u8]]) -> Option<Vec<u8>> {
        match self {
            Algorithm::Sha256 => Some(hmac_parts::<hmac::Hmac<sha2::Sha256>>(key, parts)),
            #[cfg(feature = "sha1")]
            Algorithm::Sha1 => Some(hmac_parts::<hmac::Hmac<sha1::Sha1>>(key, parts)),
            #[cfg(not(feature = "sha1"))]
            Algorithm::Sha1 => None,
        }
    }
}

fn hmac_parts<M: Mac + KeyInit>(key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    // HMAC accepts keys of any length, so this never fails; an empty output
    // would simply never match, which keeps this path panic-free regardless.
    let Ok(mut mac) = <M as KeyInit>::new_from_slice(key) else {
        return Vec::new();
    };
    for part in parts {
        Mac::update(&mut mac, part);
    }
    mac.finalize().into_bytes().to_vec()
}

/// Constant-time membership test: is the MAC of `parts` under `key` one of
/// `candidates`?
pub(crate) fn mac_matches(
    algorithm: Algorithm,
    key: &[u8],
    parts: &[&[u8]],
    candidates: &[Vec<u8>],
) -> bool {
    let Some(expected) = algorithm.mac(key, parts) else {
        return false;
    };
    if expected.is_empty() {
        return false;
    }
    // Every candidate is compared so that timing does not reveal which
    // position matched.
    let mut found = subtle::Choice::from(0);
    for candidate in candidates {
        found |= expected.as_slice().ct_eq(candidate.as_slice());
    }
    found.into()
}

/// Header carrying the message id in the Standard Webhooks scheme.
pub const STANDARD_WEBHOOKS_ID: &str = "webhook-id";
/// Header carrying the Unix timestamp in the Standard Webhooks scheme.
pub const STANDARD_WEBHOOKS_TIMESTAMP: &str = "webhook-timestamp";
/// Header carrying the signatures in the Standard Webhooks scheme.
pub const STANDARD_WEBHOOKS_SIGNATURE: &str = "webhook-signature";
/// Prefix marking a base64-encoded Standard Webhooks secret.
pub const STANDARD_WEBHOOKS_SECRET_PREFIX: &str = "whsec_";

/// How a vendor signs its deliveries. Header names are matched
/// case-insensitively.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// HMAC of the body, hex, e.g. `X-Hub-Signature-256: sha256=<hex>`.
    HmacHex {
        /// Header carrying the signature.
        header: &'static str,
        /// Hash function of the HMAC.
        algorithm: Algorithm,
        /// Text before the hex digits, such as `sha256=` (matched
        /// case-insensitively).
        prefix: Option<&'static str>,
    },
    /// HMAC of the body, base64, in a vendor header.
    HmacBase64 {
        /// Header carrying the signature.
        header: &'static str,
        /// Hash function of the HMAC.
        algorithm: Algorithm,
    },
    /// `t=<unix>,v1=<hex>[,v1=<hex>...]` over `"{t}.{body}"`, HMAC-SHA256,
    /// with a tolerance window around `t`.
    Timestamped {
        /// Header carrying the `t=...,v1=...` list.
        header: &'static str,
    },
    /// [Standard Webhooks](https://www.standardwebhooks.com/): `webhook-id`,
    /// `webhook-timestamp` and `webhook-signature: v1,<base64> [v1,<base64>
    /// ...]` over `"{id}.{timestamp}.{body}"`, HMAC-SHA256, with a tolerance
    /// window. Secrets of the form `whsec_<base64>` are base64-decoded; any
    /// other secret is used as raw bytes.
    StandardWebhooks,
}

impl Scheme {
    /// Hash function of the scheme.
    pub const fn algorithm(&self) -> Algorithm {
        match self {
            Scheme::HmacHex { algorithm, .. } | Scheme::HmacBase64 { algorithm, .. } => *algorithm,
            Scheme::Timestamped { .. } | Scheme::StandardWebhooks => Algorithm::Sha256,
        }
    }

    /// Header whose presence means "this scheme was used".
    pub const fn signature_header(&self) -> &'static str {
        match self {
            Scheme::HmacHex { header, .. }
            | Scheme::HmacBase64 { header, .. }
            | Scheme::Timestamped { header } => header,
            Scheme::StandardWebhooks => STANDARD_WEBHOOKS_SIGNATURE,
        }
    }
}

/// A shared secret, kept together with its Standard Webhooks key so that
/// the `whsec_` decoding happens once rather than per delivery.
#[derive(Clone)]
pub(crate) struct Secret {
    raw: Vec<u8>,
    standard: Vec<u8>,
}

impl Secret {
    pub(crate) fn new(raw: &[u8]) -> Self {
        Secret {
            raw: raw.to_vec(),
            standard: standard_webhooks_key(raw),
        }
    }

    pub(crate) fn key_for(&self, scheme: &Scheme) -> &[u8] {
        match scheme {
            Scheme::StandardWebhooks => &self.standard,
            _ => &self.raw,
        }
    }
}

/// The HMAC key Standard Webhooks derives from a configured secret.
///
/// A `whsec_` secret whose remainder is not base64 is used as raw bytes, as
/// if it had no prefix: the builder stays infallible and such a secret then
/// simply matches nothing its sender produced from the decoded key.
fn standard_webhooks_key(secret: &[u8]) -> Vec<u8> {
    secret
        .strip_prefix(STANDARD_WEBHOOKS_SECRET_PREFIX.as_bytes())
        .and_then(|rest| BASE64.decode(rest).ok())
        .unwrap_or_else(|| secret.to_vec())
}

/// Senders differ on trailing `=`; the padding carries no information.
pub(crate) const BASE64: base64::engine::GeneralPurpose =
    base64::engine::general_purpose::STANDARD_PAD_INDIFFERENT;
