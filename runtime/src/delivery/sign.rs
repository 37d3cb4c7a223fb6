//! Signing deliveries, for senders, tests and local replays.

use base64::Engine as _;
use http::header::{HeaderMap, HeaderName, HeaderValue};

use super::scheme::{mac_matches, Algorithm, Scheme, Secret, BASE64};
use super::scheme::{
    STANDARD_WEBHOOKS_ID, STANDARD_WEBHOOKS_SIGNATURE, STANDARD_WEBHOOKS_TIMESTAMP,
};

/// Hex HMAC of `body`, or `None` when `algorithm` is not compiled in.
pub fn sign_hex(algorithm: Algorithm, secret: impl AsRef<[u8]>, body: &[u8]) -> Option<String> {
    algorithm.mac(secret.as_ref(), &[body]).map(hex::encode)
}

/// Whether `signature_hex` (no prefix) is the HMAC of `body`, compared in
/// constant time.
pub fn verify_hex(
    algorithm: Algorithm,
    secret: impl AsRef<[u8]>,
    body: &[u8],
    signature_hex: &str,
) -> bool {
    match hex::decode(signature_hex.trim()) {
        Ok(sig) => mac_matches(algorithm, secret.as_ref(), &[body], &[sig]),
        Err(_) => false,
    }
}

/// The headers a sender using `scheme` would attach to `body`.
///
/// `timestamp` (Unix seconds) and `id` are used only by the schemes that sign
/// them. Returns `None` when the algorithm is not compiled in or a header
/// name or value would be invalid.
pub fn sign(
    scheme: &Scheme,
    secret: impl AsRef<[u8]>,
    body: &[u8],
    timestamp: u64,
    id: &str,
) -> Option<HeaderMap> {
    let secret = Secret::new(secret.as_ref());
    let key = secret.key_for(scheme);
    let algorithm = scheme.algorithm();
    let mut headers = HeaderMap::new();
    let mut put = |name: &str, value: String| -> Option<()> {
        let name = HeaderName::from_bytes(name.as_bytes()).ok()?;
        headers.insert(name, HeaderValue::try_from(value).ok()?);
        Some(())
    };
    let t = timestamp.to_string();
    match *scheme {
        Scheme::HmacHex { header, prefix, .. } => {
            let mac = algorithm.mac(key, &[body])?;
            put(
                header,
                format!("{}{}", prefix.unwrap_or(""), hex::encode(mac)),
            )?;
        }
        Scheme::HmacBase64 { header, .. } => {
            put(header, BASE64.encode(algorithm.mac(key, &[body])?))?;
        }
        Scheme::Timestamped { header } => {
            let mac = algorithm.mac(key, &[t.as_bytes(), b".", body])?;
            put(header, format!("t={t},v1={}", hex::encode(mac)))?;
        }
        Scheme::StandardWebhooks => {
            let mac = algorithm.mac(key, &[id.as_bytes(), b".", t.as_bytes(), b".", body])?;
            put(STANDARD_WEBHOOKS_ID, id.to_owned())?;
            put(STANDARD_WEBHOOKS_TIMESTAMP, t)?;
            put(
                STANDARD_WEBHOOKS_SIGNATURE,
                format!("v1,{}", BASE64.encode(mac)),
            )?;
        }
    }
    Some(headers)
}
