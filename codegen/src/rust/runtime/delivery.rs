//! Receiving webhook deliveries: signature verification, body decoding and
//! the delivery headers that say which event a body carries.
//!
//! Nothing here is specific to one vendor. The provider modules of this crate
//! describe, as constants, which [`Scheme`]s and [`HeaderNames`] their
//! documentation specifies; this module turns those descriptions into checks.
//!
//! The usual entry point is [`Receiver::receive`], which takes the request
//! headers and the *raw* body bytes (signatures are computed over the bytes as
//! sent, so the body must not be parsed or re-serialised before verification)
//! and returns the delivery headers together with the JSON document to parse.
//!
//! ```ignore
//! let receiver = Receiver::new(HEADER_NAMES, Verifier::new(SCHEMES, secret));
//! match receiver.receive(&headers, &body) {
//!     Ok((delivery, json)) => { /* parse(&delivery.event, &json) */ }
//!     Err(err) => { /* respond with err.status() */ }
//! }
//! ```

use std::borrow::Cow;
use std::error::Error as StdError;
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use hmac::{KeyInit, Mac};
use http::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE};
use subtle::ConstantTimeEq;

// ---------------------------------------------------------------------------
// Signature schemes
// ---------------------------------------------------------------------------

/// Hash function underlying an HMAC signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// HMAC-SHA1. Only used when the `sha1` cargo feature is on *and*
    /// [`Verifier::allow_sha1`] was called, because SHA-1 signatures are
    /// legacy and vendors that offer them usually offer SHA-256 as well.
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
    fn mac(self, key: &[u8], parts: &[&[u8]]) -> Option<Vec<u8>> {
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
fn mac_matches(algorithm: Algorithm, key: &[u8], parts: &[&[u8]], candidates: &[Vec<u8>]) -> bool {
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
    /// HMAC of the body, hex, e.g. GitHub `X-Hub-Signature-256: sha256=<hex>`.
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

// ---------------------------------------------------------------------------
// Verifier
// ---------------------------------------------------------------------------

/// A shared secret, kept together with its Standard Webhooks key so that
/// the `whsec_` decoding happens once rather than per delivery.
#[derive(Clone)]
struct Secret {
    raw: Vec<u8>,
    standard: Vec<u8>,
}

impl Secret {
    fn new(raw: &[u8]) -> Self {
        Secret {
            raw: raw.to_vec(),
            standard: standard_webhooks_key(raw),
        }
    }

    fn key_for(&self, scheme: &Scheme) -> &[u8] {
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
const BASE64: base64::engine::GeneralPurpose =
    base64::engine::general_purpose::STANDARD_PAD_INDIFFERENT;

#[derive(Clone, Copy)]
enum Clock {
    System,
    Fixed(SystemTime),
    Func(fn() -> SystemTime),
}

impl Clock {
    fn unix_seconds(self) -> u64 {
        let now = match self {
            Clock::System => SystemTime::now(),
            Clock::Fixed(t) => t,
            Clock::Func(f) => f(),
        };
        // A clock before 1970 is broken; treating it as the epoch makes every
        // timestamp look far in the future, so the check fails closed.
        now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
    }
}

/// Default tolerance between a signed timestamp and the receiver's clock.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(300);

/// Checks delivery signatures against one or more shared secrets.
///
/// A delivery is accepted when at least one enabled scheme's signature header
/// is present and valid for at least one secret. Schemes whose header is
/// absent are skipped, so a verifier built from every scheme a vendor
/// documents accepts whichever the vendor actually sends.
#[derive(Clone)]
pub struct Verifier {
    schemes: Cow<'static, [Scheme]>,
    secrets: Vec<Secret>,
    tolerance: Duration,
    allow_sha1: bool,
    clock: Clock,
}

impl fmt::Debug for Verifier {
    // Secrets must never reach logs, so they are counted, not shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("schemes", &self.schemes)
            .field(
                "secrets",
                &format_args!("<{} redacted>", self.secrets.len()),
            )
            .field("tolerance", &self.tolerance)
            .field("allow_sha1", &self.allow_sha1)
            .finish_non_exhaustive()
    }
}

impl Verifier {
    /// A verifier for `schemes` (typically a provider's `&'static [Scheme]`
    /// constant, or a `Vec<Scheme>`) with one secret. Empty secrets are
    /// ignored, since anyone could sign with them.
    pub fn new(schemes: impl Into<Cow<'static, [Scheme]>>, secret: impl AsRef<[u8]>) -> Self {
        let mut verifier = Verifier {
            schemes: schemes.into(),
            secrets: Vec::new(),
            tolerance: DEFAULT_TOLERANCE,
            allow_sha1: false,
            clock: Clock::System,
        };
        verifier.add_secret(secret);
        verifier
    }

    /// Adds further secrets, any of which may match (for rotation).
    #[must_use]
    pub fn with_secrets<I>(mut self, secrets: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<[u8]>,
    {
        for secret in secrets {
            self.add_secret(secret);
        }
        self
    }

    /// Adds a secret that may match in addition to the existing ones.
    pub fn add_secret(&mut self, secret: impl AsRef<[u8]>) -> &mut Self {
        let secret = secret.as_ref();
        if !secret.is_empty() {
            self.secrets.push(Secret::new(secret));
        }
        self
    }

    /// Maximum distance, either way, between a signed timestamp and now
    /// (default 300 s; whole seconds count).
    #[must_use]
    pub fn tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Enables SHA-1 schemes. Has no effect unless the `sha1` cargo feature
    /// is on.
    #[must_use]
    pub fn allow_sha1(mut self, allow: bool) -> Self {
        self.allow_sha1 = allow;
        self
    }

    /// Pins the clock used for tolerance checks (for tests and replays).
    #[must_use]
    pub fn now(mut self, now: SystemTime) -> Self {
        self.clock = Clock::Fixed(now);
        self
    }

    /// Uses `clock` instead of the system clock for tolerance checks.
    #[must_use]
    pub fn clock(mut self, clock: fn() -> SystemTime) -> Self {
        self.clock = Clock::Func(clock);
        self
    }

    /// The configured schemes, enabled or not.
    pub fn schemes(&self) -> &[Scheme] {
        &self.schemes
    }

    /// Whether `scheme` takes part in verification with this configuration.
    pub fn is_enabled(&self, scheme: &Scheme) -> bool {
        let algorithm = scheme.algorithm();
        algorithm.is_compiled_in() && (algorithm != Algorithm::Sha1 || self.allow_sha1)
    }

    /// Verifies the signature(s) of a delivery over its raw `body` bytes.
    pub fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<(), VerifyError> {
        if self.secrets.is_empty() {
            return Err(VerifyError::NotConfigured {
                reason: "no non-empty secret",
            });
        }
        let mut enabled = self
            .schemes
            .iter()
            .filter(|s| self.is_enabled(s))
            .peekable();
        if enabled.peek().is_none() {
            return Err(VerifyError::NotConfigured {
                reason: "no enabled signature scheme",
            });
        }
        let mut first_error = None;
        for scheme in enabled {
            match self.check(scheme, headers, body) {
                None => {}
                Some(Ok(())) => return Ok(()),
                Some(Err(err)) => {
                    first_error.get_or_insert(err);
                }
            }
        }
        Err(first_error.unwrap_or(VerifyError::Missing))
    }

    /// `None` when the scheme's header is absent.
    fn check(
        &self,
        scheme: &Scheme,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Option<Result<(), VerifyError>> {
        let header = scheme.signature_header();
        let result = match *scheme {
            Scheme::HmacHex {
                algorithm, prefix, ..
            } => single(headers, header)?
                .and_then(|value| parse_hex_signature(header, value, prefix, algorithm))
                .and_then(|sig| self.expect_mac(scheme, header, &[body], &[sig])),
            Scheme::HmacBase64 { algorithm, .. } => single(headers, header)?
                .and_then(|value| decode_base64_signature(header, value.trim(), algorithm))
                .and_then(|sig| self.expect_mac(scheme, header, &[body], &[sig])),
            Scheme::Timestamped { .. } => {
                let value = joined(headers, header, ",")?;
                value.and_then(|value| self.check_timestamped(scheme, header, &value, body))
            }
            Scheme::StandardWebhooks => {
                let value = joined(headers, header, " ")?;
                value.and_then(|value| self.check_standard(scheme, headers, &value, body))
            }
        };
        Some(result)
    }

    fn expect_mac(
        &self,
        scheme: &Scheme,
        header: &'static str,
        parts: &[&[u8]],
        candidates: &[Vec<u8>],
    ) -> Result<(), VerifyError> {
        let algorithm = scheme.algorithm();
        // `any` stops at the first matching secret; that only reveals which
        // rotation slot matched, not anything about the MAC.
        if self
            .secrets
            .iter()
            .any(|s| mac_matches(algorithm, s.key_for(scheme), parts, candidates))
        {
            Ok(())
        } else {
            Err(VerifyError::Mismatch { header })
        }
    }

    fn check_timestamped(
        &self,
        scheme: &Scheme,
        header: &'static str,
        value: &str,
        body: &[u8],
    ) -> Result<(), VerifyError> {
        let malformed = |reason| VerifyError::Malformed { header, reason };
        let mut timestamp = None;
        let mut saw_v1 = false;
        let mut signatures = Vec::new();
        for item in value.split(',') {
            // Unknown keys (older `v0`, future versions) are ignored so that
            // vendors can add schemes without breaking receivers.
            let Some((key, val)) = item.trim().split_once('=') else {
                continue;
            };
            match key.trim() {
                "t" if timestamp.is_some() => return Err(malformed("repeated t=")),
                "t" => timestamp = Some(val.trim()),
                "v1" => {
                    saw_v1 = true;
                    if let Ok(sig) = hex::decode(val.trim()) {
                        if sig.len() == Algorithm::Sha256.output_len() {
                            signatures.push(sig);
                        }
                    }
                }
                _ => {}
            }
        }
        let timestamp = timestamp.ok_or_else(|| malformed("missing t="))?;
        if !saw_v1 {
            return Err(malformed("no v1= signature"));
        }
        if signatures.is_empty() {
            return Err(malformed("v1= is not a hex SHA-256 MAC"));
        }
        let seconds = parse_timestamp(header, timestamp)?;
        // The MAC is checked before the window so that `Expired` only ever
        // describes an authentic (replayed or delayed) delivery.
        self.expect_mac(
            scheme,
            header,
            &[timestamp.as_bytes(), b".", body],
            &signatures,
        )?;
        self.within_tolerance(header, seconds)
    }

    fn check_standard(
        &self,
        scheme: &Scheme,
        headers: &HeaderMap,
        value: &str,
        body: &[u8],
    ) -> Result<(), VerifyError> {
        let header = STANDARD_WEBHOOKS_SIGNATURE;
        let id = required(headers, STANDARD_WEBHOOKS_ID)?;
        let timestamp = required(headers, STANDARD_WEBHOOKS_TIMESTAMP)?;
        let seconds = parse_timestamp(STANDARD_WEBHOOKS_TIMESTAMP, timestamp)?;
        let mut saw_v1 = false;
        let mut signatures = Vec::new();
        for item in value.split_ascii_whitespace() {
            // Other versions (e.g. asymmetric `v1a`) are not ours to check.
            if let Some(("v1", sig)) = item.split_once(',') {
                saw_v1 = true;
                if let Ok(sig) = BASE64.decode(sig) {
                    if sig.len() == Algorithm::Sha256.output_len() {
                        signatures.push(sig);
                    }
                }
            }
        }
        if !saw_v1 {
            return Err(VerifyError::Malformed {
                header,
                reason: "no v1 signature",
            });
        }
        if signatures.is_empty() {
            return Err(VerifyError::Malformed {
                header,
                reason: "v1 is not a base64 SHA-256 MAC",
            });
        }
        let parts: [&[u8]; 5] = [id.as_bytes(), b".", timestamp.as_bytes(), b".", body];
        self.expect_mac(scheme, header, &parts, &signatures)?;
        self.within_tolerance(STANDARD_WEBHOOKS_TIMESTAMP, seconds)
    }

    fn within_tolerance(&self, header: &'static str, timestamp: u64) -> Result<(), VerifyError> {
        let now = self.clock.unix_seconds();
        // Both directions: a timestamp far in the future is as suspicious as
        // an old one, and would otherwise stay replayable for that long.
        if now.abs_diff(timestamp) > self.tolerance.as_secs() {
            Err(VerifyError::Expired {
                header,
                timestamp,
                now,
            })
        } else {
            Ok(())
        }
    }
}

/// The only value of `name`; `None` when absent. A repeated header is
/// malformed because it is ambiguous which one the sender signed.
fn single<'h>(headers: &'h HeaderMap, name: &'static str) -> Option<Result<&'h str, VerifyError>> {
    let mut values = headers.get_all(name).iter();
    let first = values.next()?;
    if values.next().is_some() {
        return Some(Err(VerifyError::Malformed {
            header: name,
            reason: "header repeated",
        }));
    }
    Some(first.to_str().map_err(|_| VerifyError::Malformed {
        header: name,
        reason: "not visible ASCII",
    }))
}

/// All values of a list-valued header joined with its separator, since HTTP
/// allows a list to be split over several field lines.
fn joined(
    headers: &HeaderMap,
    name: &'static str,
    separator: &str,
) -> Option<Result<String, VerifyError>> {
    let mut values = headers.get_all(name).iter().peekable();
    values.peek()?;
    let mut out = String::new();
    for value in values {
        let Ok(value) = value.to_str() else {
            return Some(Err(VerifyError::Malformed {
                header: name,
                reason: "not visible ASCII",
            }));
        };
        if !out.is_empty() {
            out.push_str(separator);
        }
        out.push_str(value);
    }
    Some(Ok(out))
}

fn required<'h>(headers: &'h HeaderMap, name: &'static str) -> Result<&'h str, VerifyError> {
    match single(headers, name) {
        Some(value) => value.map(str::trim),
        None => Err(VerifyError::Malformed {
            header: name,
            reason: "header missing",
        }),
    }
}

fn parse_timestamp(header: &'static str, value: &str) -> Result<u64, VerifyError> {
    // `u64::from_str` would also take a leading `+`, which no sender emits.
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(VerifyError::Malformed {
            header,
            reason: "timestamp is not a Unix time",
        });
    }
    value.parse().map_err(|_| VerifyError::Malformed {
        header,
        reason: "timestamp out of range",
    })
}

fn strip_prefix_ignore_case<'v>(value: &'v str, prefix: &str) -> Option<&'v str> {
    let head = value.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        value.get(prefix.len()..)
    } else {
        None
    }
}

fn parse_hex_signature(
    header: &'static str,
    value: &str,
    prefix: Option<&str>,
    algorithm: Algorithm,
) -> Result<Vec<u8>, VerifyError> {
    let value = value.trim();
    let digits = match prefix {
        Some(prefix) => strip_prefix_ignore_case(value, prefix).ok_or(VerifyError::Malformed {
            header,
            reason: "unexpected signature prefix",
        })?,
        None => value,
    };
    let sig = hex::decode(digits.trim()).map_err(|_| VerifyError::Malformed {
        header,
        reason: "not hex",
    })?;
    mac_length(header, sig, algorithm)
}

/// A decoded signature, if it is as long as the algorithm's MAC.
fn mac_length(
    header: &'static str,
    sig: Vec<u8>,
    algorithm: Algorithm,
) -> Result<Vec<u8>, VerifyError> {
    if sig.len() != algorithm.output_len() {
        return Err(VerifyError::Malformed {
            header,
            reason: "wrong MAC length",
        });
    }
    Ok(sig)
}

fn decode_base64_signature(
    header: &'static str,
    value: &str,
    algorithm: Algorithm,
) -> Result<Vec<u8>, VerifyError> {
    let sig = BASE64.decode(value).map_err(|_| VerifyError::Malformed {
        header,
        reason: "not base64",
    })?;
    mac_length(header, sig, algorithm)
}

/// Why a delivery's signature was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum VerifyError {
    /// No enabled scheme's signature header is present.
    Missing,
    /// A signature header is present but cannot be interpreted.
    Malformed {
        /// The offending header.
        header: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The signature is valid but its timestamp is outside the tolerance
    /// window: a delayed or replayed delivery.
    Expired {
        /// Header carrying the timestamp.
        header: &'static str,
        /// Signed Unix timestamp.
        timestamp: u64,
        /// Receiver's Unix time.
        now: u64,
    },
    /// The signature does not match the body under any configured secret.
    Mismatch {
        /// Header carrying the signature.
        header: &'static str,
    },
    /// The verifier cannot accept anything: no usable secret or no enabled
    /// scheme (e.g. only SHA-1 schemes without [`Verifier::allow_sha1`]).
    /// A receiver-side fault, not the sender's.
    NotConfigured {
        /// What is missing.
        reason: &'static str,
    },
}

impl VerifyError {
    /// HTTP status to answer with: 401, or 500 for [`VerifyError::NotConfigured`].
    pub fn status(&self) -> u16 {
        match self {
            VerifyError::NotConfigured { .. } => 500,
            _ => 401,
        }
    }
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VerifyError::Missing => f.write_str("no signature header present"),
            VerifyError::Malformed { header, reason } => {
                write!(f, "malformed {header} header: {reason}")
            }
            VerifyError::Expired {
                header,
                timestamp,
                now,
            } => {
                write!(
                    f,
                    "{header} timestamp {timestamp} is outside the tolerance window (now {now})"
                )
            }
            VerifyError::Mismatch { header } => write!(f, "{header} signature does not match"),
            VerifyError::NotConfigured { reason } => {
                write!(f, "signature verification not configured: {reason}")
            }
        }
    }
}

impl StdError for VerifyError {}

// ---------------------------------------------------------------------------
// Signing (for senders, tests and local replays)
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// Body decoding
// ---------------------------------------------------------------------------

/// Default cap on a delivery body (vendors document payloads of at most
/// 25 MB).
pub const DEFAULT_MAX_BODY: usize = 25 * 1024 * 1024;

/// Fails with [`DecodeError::TooLarge`] when `len` exceeds `max`.
pub fn check_size(len: usize, max: usize) -> Result<(), DecodeError> {
    if len > max {
        Err(DecodeError::TooLarge { len, max })
    } else {
        Ok(())
    }
}

/// The JSON document carried by a delivery body.
///
/// `application/json` and `+json` types are returned as they are;
/// `application/x-www-form-urlencoded` bodies yield their `payload` field,
/// percent-decoded. The JSON itself is not validated here.
pub fn decode_body<'a>(
    content_type: Option<&str>,
    body: &'a [u8],
) -> Result<Cow<'a, [u8]>, DecodeError> {
    let unsupported = || DecodeError::UnsupportedMediaType {
        content_type: content_type.map(truncate_for_error),
    };
    let essence = content_type
        .and_then(|ct| ct.split(';').next())
        .map(str::trim)
        .ok_or_else(unsupported)?;
    let bytes = essence.as_bytes();
    let is_json = essence.eq_ignore_ascii_case("application/json")
        || (essence.contains('/')
            && bytes.len() > 5
            && bytes[bytes.len() - 5..].eq_ignore_ascii_case(b"+json"));
    if is_json {
        Ok(Cow::Borrowed(body))
    } else if essence.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
        form_field(body, b"payload").map(Cow::Owned)
    } else {
        Err(unsupported())
    }
}

/// Keeps error messages bounded whatever a sender puts in a header.
fn truncate_for_error(value: &str) -> String {
    const MAX: usize = 100;
    match value.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}...", &value[..end]),
        None => value.to_owned(),
    }
}

/// The percent-decoded value of the only field named `name`.
fn form_field(body: &[u8], name: &[u8]) -> Result<Vec<u8>, DecodeError> {
    let mut found = None;
    for pair in body.split(|&b| b == b'&').filter(|pair| !pair.is_empty()) {
        let (key, value) = match pair.iter().position(|&b| b == b'=') {
            Some(i) => (&pair[..i], &pair[i + 1..]),
            None => (pair, &[][..]),
        };
        if percent_decode(key) == name {
            // Two payloads would make what gets parsed depend on which one a
            // given parser picks.
            if found.is_some() {
                return Err(DecodeError::DuplicatePayload);
            }
            found = Some(percent_decode(value));
        }
    }
    found.ok_or(DecodeError::MissingPayload)
}

/// `application/x-www-form-urlencoded` decoding: `+` is a space, and a `%`
/// not followed by two hex digits is kept literally (as browsers do).
fn percent_decode(input: &[u8]) -> Vec<u8> {
    fn hex_value(b: u8) -> Option<u8> {
        match b {
            b'0'..=b'9' => Some(b - b'0'),
            b'a'..=b'f' => Some(b - b'a' + 10),
            b'A'..=b'F' => Some(b - b'A' + 10),
            _ => None,
        }
    }
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        match input[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hi = input.get(i + 1).copied().and_then(hex_value);
                let lo = input.get(i + 2).copied().and_then(hex_value);
                if let (Some(hi), Some(lo)) = (hi, lo) {
                    out.push(hi << 4 | lo);
                    i += 2;
                } else {
                    out.push(b'%');
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    out
}

/// Why a delivery body could not be turned into a JSON document.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeError {
    /// The content type is missing or neither JSON nor form-encoded.
    UnsupportedMediaType {
        /// The received `Content-Type`, shortened.
        content_type: Option<String>,
    },
    /// The body exceeds the configured cap.
    TooLarge {
        /// Body length in bytes.
        len: usize,
        /// The cap.
        max: usize,
    },
    /// A form-encoded body has no `payload` field.
    MissingPayload,
    /// A form-encoded body has more than one `payload` field.
    DuplicatePayload,
}

impl DecodeError {
    /// HTTP status to answer with: 415, 413 or 400.
    pub fn status(&self) -> u16 {
        match self {
            DecodeError::UnsupportedMediaType { .. } => 415,
            DecodeError::TooLarge { .. } => 413,
            DecodeError::MissingPayload | DecodeError::DuplicatePayload => 400,
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::UnsupportedMediaType {
                content_type: Some(ct),
            } => {
                write!(f, "unsupported content type {ct:?}")
            }
            DecodeError::UnsupportedMediaType { content_type: None } => {
                f.write_str("missing content type")
            }
            DecodeError::TooLarge { len, max } => {
                write!(f, "body of {len} bytes exceeds the limit of {max}")
            }
            DecodeError::MissingPayload => f.write_str("form body has no payload field"),
            DecodeError::DuplicatePayload => {
                f.write_str("form body has more than one payload field")
            }
        }
    }
}

impl StdError for DecodeError {}

// ---------------------------------------------------------------------------
// Delivery headers
// ---------------------------------------------------------------------------

/// Names of the headers a provider sends with each delivery, as documented.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct HeaderNames {
    /// Header naming the event type (required).
    pub event: &'static str,
    /// Header carrying the unique delivery id.
    pub delivery: Option<&'static str>,
    /// Header carrying the id of the webhook configuration.
    pub hook_id: Option<&'static str>,
    /// The `User-Agent` as documented, if the docs mention it.
    pub user_agent: Option<&'static str>,
    /// Header carrying the id of the resource the hook is installed on.
    pub installation_target_id: Option<&'static str>,
    /// Header carrying the type of the resource the hook is installed on.
    pub installation_target_type: Option<&'static str>,
}

impl HeaderNames {
    /// Names with only the event header set.
    pub const fn new(event: &'static str) -> Self {
        HeaderNames {
            event,
            delivery: None,
            hook_id: None,
            user_agent: None,
            installation_target_id: None,
            installation_target_type: None,
        }
    }
}

/// The delivery headers of one request.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DeliveryHeaders {
    /// Event type, trimmed.
    pub event: String,
    /// Unique delivery id.
    pub delivery: Option<String>,
    /// Id of the webhook configuration.
    pub hook_id: Option<String>,
    /// `User-Agent` (or the provider's equivalent).
    pub user_agent: Option<String>,
    /// Id of the resource the hook is installed on.
    pub installation_target_id: Option<String>,
    /// Type of the resource the hook is installed on.
    pub installation_target_type: Option<String>,
    /// `Content-Type` of the body.
    pub content_type: Option<String>,
}

impl DeliveryHeaders {
    /// Reads the headers named by `names`. Only the event header is
    /// required; optional headers that are not UTF-8 are decoded lossily
    /// because they are informational.
    pub fn from_headers(names: &HeaderNames, headers: &HeaderMap) -> Result<Self, HeaderError> {
        let header = names.event;
        let mut values = headers.get_all(header).iter();
        let value = values.next().ok_or(HeaderError::Missing { header })?;
        if values.next().is_some() {
            return Err(HeaderError::Invalid {
                header,
                reason: "header repeated",
            });
        }
        let event = std::str::from_utf8(value.as_bytes())
            .map_err(|_| HeaderError::Invalid {
                header,
                reason: "not UTF-8",
            })?
            .trim();
        if event.is_empty() {
            return Err(HeaderError::Invalid {
                header,
                reason: "empty",
            });
        }
        let optional = |name: Option<&'static str>| name.and_then(|name| text(headers, name));
        Ok(DeliveryHeaders {
            event: event.to_owned(),
            delivery: optional(names.delivery),
            hook_id: optional(names.hook_id),
            user_agent: optional(names.user_agent),
            installation_target_id: optional(names.installation_target_id),
            installation_target_type: optional(names.installation_target_type),
            content_type: text(headers, CONTENT_TYPE.as_str()),
        })
    }
}

fn text(headers: &HeaderMap, name: &str) -> Option<String> {
    let value = headers.get(name)?;
    Some(String::from_utf8_lossy(value.as_bytes()).trim().to_owned())
}

/// A required delivery header is missing or unusable.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum HeaderError {
    /// The header is absent.
    Missing {
        /// Its name.
        header: &'static str,
    },
    /// The header is present but unusable.
    Invalid {
        /// Its name.
        header: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeaderError::Missing { header } => write!(f, "missing {header} header"),
            HeaderError::Invalid { header, reason } => {
                write!(f, "invalid {header} header: {reason}")
            }
        }
    }
}

impl StdError for HeaderError {}

// ---------------------------------------------------------------------------
// Receiver pipeline
// ---------------------------------------------------------------------------

/// Turns an HTTP request into a verified delivery: size check, headers,
/// signature over the raw body, then decoding.
#[derive(Debug, Clone)]
pub struct Receiver {
    verifier: Option<Verifier>,
    names: HeaderNames,
    max_body: usize,
}

impl Receiver {
    /// A receiver that requires a valid signature on every delivery.
    pub fn new(names: HeaderNames, verifier: Verifier) -> Self {
        Receiver {
            verifier: Some(verifier),
            names,
            max_body: DEFAULT_MAX_BODY,
        }
    }

    /// A receiver that accepts unsigned deliveries. Anyone who can reach the
    /// endpoint can then forge events: only for providers that do not sign,
    /// or behind another authentication layer.
    pub fn without_verification(names: HeaderNames) -> Self {
        Receiver {
            verifier: None,
            names,
            max_body: DEFAULT_MAX_BODY,
        }
    }

    /// Sets the body size cap (default [`DEFAULT_MAX_BODY`]).
    #[must_use]
    pub fn max_body(mut self, max_body: usize) -> Self {
        self.max_body = max_body;
        self
    }

    /// The body size cap.
    pub fn max_body_len(&self) -> usize {
        self.max_body
    }

    /// The header names this receiver reads.
    pub fn names(&self) -> &HeaderNames {
        &self.names
    }

    /// The verifier, unless built with [`Receiver::without_verification`].
    pub fn verifier(&self) -> Option<&Verifier> {
        self.verifier.as_ref()
    }

    /// Checks a request and returns its delivery headers and JSON document.
    ///
    /// `body` must be the bytes exactly as received.
    pub fn receive<'a>(
        &self,
        headers: &HeaderMap,
        body: &'a [u8],
    ) -> Result<(DeliveryHeaders, Cow<'a, [u8]>), DeliveryError> {
        check_size(body.len(), self.max_body)?;
        let delivery = DeliveryHeaders::from_headers(&self.names, headers)?;
        if let Some(verifier) = &self.verifier {
            verifier.verify(headers, body)?;
        }
        let json = decode_body(delivery.content_type.as_deref(), body)?;
        Ok((delivery, json))
    }
}

/// Why a delivery was rejected; [`DeliveryError::status`] gives the HTTP
/// status to answer with.
#[derive(Debug)]
#[non_exhaustive]
pub enum DeliveryError {
    /// A required delivery header is missing or unusable (400).
    Headers(HeaderError),
    /// The signature is missing or bad (401; 500 when not configured).
    Verify(VerifyError),
    /// The body is too large (413), of an unsupported type (415) or a
    /// malformed form (400).
    Decode(DecodeError),
    /// The JSON document does not parse as the announced event (400).
    Parse(Box<dyn StdError + Send + Sync>),
}

impl DeliveryError {
    /// HTTP status to answer with.
    pub fn status(&self) -> u16 {
        match self {
            DeliveryError::Headers(_) | DeliveryError::Parse(_) => 400,
            DeliveryError::Verify(err) => err.status(),
            DeliveryError::Decode(err) => err.status(),
        }
    }
}

impl fmt::Display for DeliveryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeliveryError::Headers(err) => err.fmt(f),
            DeliveryError::Verify(err) => err.fmt(f),
            DeliveryError::Decode(err) => err.fmt(f),
            DeliveryError::Parse(err) => write!(f, "invalid event payload: {err}"),
        }
    }
}

impl StdError for DeliveryError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            DeliveryError::Headers(err) => Some(err),
            DeliveryError::Verify(err) => Some(err),
            DeliveryError::Decode(err) => Some(err),
            DeliveryError::Parse(err) => Some(err.as_ref()),
        }
    }
}

impl From<HeaderError> for DeliveryError {
    fn from(err: HeaderError) -> Self {
        DeliveryError::Headers(err)
    }
}

impl From<VerifyError> for DeliveryError {
    fn from(err: VerifyError) -> Self {
        DeliveryError::Verify(err)
    }
}

impl From<DecodeError> for DeliveryError {
    fn from(err: DecodeError) -> Self {
        DeliveryError::Decode(err)
    }
}

#[cfg(feature = "axum")]
impl axum::response::IntoResponse for DeliveryError {
    fn into_response(self) -> axum::response::Response {
        use axum::http::StatusCode;
        let status =
            StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        // Receiver-side faults are for the operator's logs, not the sender.
        let message = if status.is_server_error() {
            "webhook receiver misconfigured".to_owned()
        } else {
            self.to_string()
        };
        (status, message).into_response()
    }
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    const GITHUB: Scheme = Scheme::HmacHex {
        header: "X-Hub-Signature-256",
        algorithm: Algorithm::Sha256,
        prefix: Some("sha256="),
    };
    const GITHUB_SHA1: Scheme = Scheme::HmacHex {
        header: "X-Hub-Signature",
        algorithm: Algorithm::Sha1,
        prefix: Some("sha1="),
    };
    const STRIPE: Scheme = Scheme::Timestamped {
        header: "Stripe-Signature",
    };
    const SHOPIFY: Scheme = Scheme::HmacBase64 {
        header: "X-Shopify-Hmac-Sha256",
        algorithm: Algorithm::Sha256,
    };
    const ALL: &[Scheme] = &[
        GITHUB_SHA1,
        GITHUB,
        STRIPE,
        SHOPIFY,
        Scheme::StandardWebhooks,
    ];

    const GH_SECRET: &str = "It's a Secret to Everybody";
    const GH_BODY: &[u8] = b"Hello, World!";
    const GH_SIG: &str = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    const SW_SECRET: &str = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
    const SW_ID: &str = "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk";
    const SW_TS: u64 = 1_649_367_553;
    const SW_BODY: &[u8] = br#"{"email":"test@example.com","username":"test_user"}"#;
    const SW_SIG: &str = "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=";

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        map
    }

    fn at(seconds: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(seconds)
    }

    fn sw_headers(signature: &str, timestamp: u64) -> HeaderMap {
        let ts = timestamp.to_string();
        headers(&[
            ("webhook-id", SW_ID),
            ("webhook-timestamp", &ts),
            ("webhook-signature", signature),
        ])
    }

    #[test]
    fn github_vector() {
        assert_eq!(
            sign_hex(Algorithm::Sha256, GH_SECRET, GH_BODY)
                .map(|s| format!("sha256={s}"))
                .as_deref(),
            Some(GH_SIG)
        );
        assert!(verify_hex(
            Algorithm::Sha256,
            GH_SECRET,
            GH_BODY,
            &GH_SIG[7..]
        ));
        let verifier = Verifier::new(&[GITHUB][..], GH_SECRET);
        assert_eq!(
            verifier.verify(&headers(&[("x-hub-signature-256", GH_SIG)]), GH_BODY),
            Ok(())
        );
        // Upper-case hex and prefix are the same signature.
        let upper = GH_SIG.to_ascii_uppercase();
        assert_eq!(
            verifier.verify(&headers(&[("X-Hub-Signature-256", &upper)]), GH_BODY),
            Ok(())
        );
        assert!(matches!(
            verifier.verify(
                &headers(&[("x-hub-signature-256", GH_SIG)]),
                b"Hello, World?"
            ),
            Err(VerifyError::Mismatch { .. })
        ));
        assert!(matches!(
            Verifier::new(&[GITHUB][..], "wrong")
                .verify(&headers(&[("x-hub-signature-256", GH_SIG)]), GH_BODY),
            Err(VerifyError::Mismatch { .. })
        ));
        let signed = sign(&GITHUB, GH_SECRET, GH_BODY, 0, "").unwrap();
        assert_eq!(signed.get("x-hub-signature-256").unwrap(), GH_SIG);
    }

    #[test]
    fn github_malformed_and_missing() {
        let verifier = Verifier::new(&[GITHUB][..], GH_SECRET);
        for bad in [
            "757107ea",
            "sha1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
            "sha256=zz",
            "sha256=",
            "sha256=abcd",
        ] {
            assert!(
                matches!(
                    verifier.verify(&headers(&[("x-hub-signature-256", bad)]), GH_BODY),
                    Err(VerifyError::Malformed { .. })
                ),
                "{bad}"
            );
        }
        assert_eq!(
            verifier.verify(&HeaderMap::new(), GH_BODY),
            Err(VerifyError::Missing)
        );
        assert!(matches!(
            verifier.verify(
                &headers(&[
                    ("x-hub-signature-256", GH_SIG),
                    ("x-hub-signature-256", GH_SIG)
                ]),
                GH_BODY
            ),
            Err(VerifyError::Malformed {
                reason: "header repeated",
                ..
            })
        ));
    }

    #[test]
    fn standard_webhooks_vector() {
        let verifier = Verifier::new(&[Scheme::StandardWebhooks][..], SW_SECRET).now(at(SW_TS));
        assert_eq!(verifier.verify(&sw_headers(SW_SIG, SW_TS), SW_BODY), Ok(()));
        let signed = sign(&Scheme::StandardWebhooks, SW_SECRET, SW_BODY, SW_TS, SW_ID).unwrap();
        assert_eq!(signed.get("webhook-signature").unwrap(), SW_SIG);
        assert_eq!(verifier.verify(&signed, SW_BODY), Ok(()));
    }

    #[test]
    fn standard_webhooks_several_signatures() {
        let verifier = Verifier::new(&[Scheme::StandardWebhooks][..], SW_SECRET).now(at(SW_TS));
        let other = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";
        let several = format!("v1a,c29tZXRoaW5n {other} {SW_SIG} v2,abc");
        assert_eq!(
            verifier.verify(&sw_headers(&several, SW_TS), SW_BODY),
            Ok(())
        );
        // A list split over two field lines is the same list.
        let mut split = sw_headers(other, SW_TS);
        split.append("webhook-signature", HeaderValue::from_static(SW_SIG));
        assert_eq!(verifier.verify(&split, SW_BODY), Ok(()));
        assert!(matches!(
            verifier.verify(&sw_headers(other, SW_TS), SW_BODY),
            Err(VerifyError::Mismatch { .. })
        ));
        assert!(matches!(
            verifier.verify(&sw_headers("v1a,abc", SW_TS), SW_BODY),
            Err(VerifyError::Malformed { .. })
        ));
    }

    #[test]
    fn standard_webhooks_tolerance() {
        let verifier = Verifier::new(&[Scheme::StandardWebhooks][..], SW_SECRET);
        let headers = sw_headers(SW_SIG, SW_TS);
        assert_eq!(
            verifier
                .clone()
                .now(at(SW_TS + 300))
                .verify(&headers, SW_BODY),
            Ok(())
        );
        assert_eq!(
            verifier
                .clone()
                .now(at(SW_TS - 300))
                .verify(&headers, SW_BODY),
            Ok(())
        );
        assert!(matches!(
            verifier
                .clone()
                .now(at(SW_TS + 301))
                .verify(&headers, SW_BODY),
            Err(VerifyError::Expired { .. })
        ));
        assert!(matches!(
            verifier
                .clone()
                .now(at(SW_TS - 301))
                .verify(&headers, SW_BODY),
            Err(VerifyError::Expired { .. })
        ));
        let wide = verifier
            .clone()
            .tolerance(Duration::from_secs(3600))
            .now(at(SW_TS + 3000));
        assert_eq!(wide.verify(&headers, SW_BODY), Ok(()));
        // The system clock is years past the vector's timestamp.
        assert!(matches!(
            verifier.verify(&headers, SW_BODY),
            Err(VerifyError::Expired { .. })
        ));
        fn fixed() -> SystemTime {
            UNIX_EPOCH + Duration::from_secs(SW_TS + 10)
        }
        assert_eq!(
            Verifier::new(&[Scheme::StandardWebhooks][..], SW_SECRET)
                .clock(fixed)
                .verify(&headers, SW_BODY),
            Ok(())
        );
    }

    #[test]
    fn standard_webhooks_secret_forms() {
        let raw = "a raw secret without prefix";
        let signed = sign(&Scheme::StandardWebhooks, raw, SW_BODY, SW_TS, SW_ID).unwrap();
        assert_eq!(
            Verifier::new(&[Scheme::StandardWebhooks][..], raw)
                .now(at(SW_TS))
                .verify(&signed, SW_BODY),
            Ok(())
        );
        // The prefixed secret keys the MAC with its decoded bytes, not its text.
        let decoded = BASE64.decode(&SW_SECRET[6..]).unwrap();
        assert_eq!(
            Verifier::new(&[Scheme::StandardWebhooks][..], decoded)
                .now(at(SW_TS))
                .verify(&sw_headers(SW_SIG, SW_TS), SW_BODY),
            Ok(())
        );
        let missing_id = headers(&[
            ("webhook-timestamp", "1649367553"),
            ("webhook-signature", SW_SIG),
        ]);
        assert!(matches!(
            Verifier::new(&[Scheme::StandardWebhooks][..], SW_SECRET)
                .now(at(SW_TS))
                .verify(&missing_id, SW_BODY),
            Err(VerifyError::Malformed {
                header: "webhook-id",
                ..
            })
        ));
    }

    #[test]
    fn timestamped_round_trip() {
        let secret = "whsec_stripe_style";
        let body = br#"{"id":"evt_1"}"#;
        let t = 1_700_000_000;
        let signed = sign(&STRIPE, secret, body, t, "").unwrap();
        let value = signed
            .get("stripe-signature")
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        assert!(value.starts_with("t=1700000000,v1="));
        let verifier = Verifier::new(&[STRIPE][..], secret).now(at(t + 5));
        assert_eq!(verifier.verify(&signed, body), Ok(()));
        assert!(matches!(
            verifier.verify(&signed, b"{}"),
            Err(VerifyError::Mismatch { .. })
        ));
        // Expired, and not accepted by re-signing nothing: the MAC covers t.
        assert!(matches!(
            verifier.clone().now(at(t + 301)).verify(&signed, body),
            Err(VerifyError::Expired {
                timestamp: 1_700_000_000,
                ..
            })
        ));
        let moved = value.replace("t=1700000000", "t=1700000400");
        assert!(matches!(
            verifier
                .clone()
                .now(at(t + 400))
                .verify(&headers(&[("stripe-signature", &moved)]), body),
            Err(VerifyError::Mismatch { .. })
        ));
    }

    #[test]
    fn timestamped_several_v1() {
        let secret = "sk";
        let body = b"payload";
        let t = 1_700_000_000u64;
        let good = sign_hex(Algorithm::Sha256, secret, format!("{t}.payload").as_bytes()).unwrap();
        let wrong = "00".repeat(32);
        let value = format!("t={t}, v1={wrong}, v0={wrong}, v1={good}, v1=nothex, junk");
        let verifier = Verifier::new(&[STRIPE][..], secret).now(at(t));
        assert_eq!(
            verifier.verify(&headers(&[("Stripe-Signature", &value)]), body),
            Ok(())
        );
        for bad in [
            format!("v1={good}"),
            format!("t={t}"),
            format!("t={t},v0={good}"),
            format!("t=+{t},v1={good}"),
            format!("t={t},t={t},v1={good}"),
            format!("t=99999999999999999999999,v1={good}"),
            format!("t={t},v1=xyz"),
        ] {
            assert!(
                matches!(
                    verifier.verify(&headers(&[("stripe-signature", &bad)]), body),
                    Err(VerifyError::Malformed { .. })
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn base64_vendor_header() {
        let secret = "shpss_secret";
        let body = br#"{"order":1}"#;
        let signed = sign(&SHOPIFY, secret, body, 0, "").unwrap();
        let verifier = Verifier::new(&[SHOPIFY][..], secret);
        assert_eq!(verifier.verify(&signed, body), Ok(()));
        assert!(matches!(
            verifier.verify(&signed, br#"{"order":2}"#),
            Err(VerifyError::Mismatch { .. })
        ));
        assert!(matches!(
            verifier.verify(&headers(&[("x-shopify-hmac-sha256", "not base64!")]), body),
            Err(VerifyError::Malformed { .. })
        ));
        assert!(matches!(
            verifier.verify(&headers(&[("x-shopify-hmac-sha256", "YWJj")]), body),
            Err(VerifyError::Malformed { .. })
        ));
        // Unpadded base64 is the same MAC.
        let unpadded = signed
            .get("x-shopify-hmac-sha256")
            .unwrap()
            .to_str()
            .unwrap()
            .trim_end_matches('=')
            .to_owned();
        assert_eq!(
            verifier.verify(&headers(&[("x-shopify-hmac-sha256", &unpadded)]), body),
            Ok(())
        );
    }

    #[test]
    fn rotation() {
        let headers = headers(&[("x-hub-signature-256", GH_SIG)]);
        let verifier = Verifier::new(&[GITHUB][..], "old secret").with_secrets([GH_SECRET]);
        assert_eq!(verifier.verify(&headers, GH_BODY), Ok(()));
        let mut verifier = Verifier::new(vec![GITHUB], "old secret");
        assert!(matches!(
            verifier.verify(&headers, GH_BODY),
            Err(VerifyError::Mismatch { .. })
        ));
        verifier.add_secret("").add_secret(GH_SECRET.as_bytes());
        assert_eq!(verifier.verify(&headers, GH_BODY), Ok(()));
        assert!(format!("{verifier:?}").contains("<2 redacted>"));
        assert!(!format!("{verifier:?}").contains("Secret to"));
    }

    #[test]
    fn empty_secret_is_not_configured() {
        let verifier = Verifier::new(&[GITHUB][..], "");
        let err = verifier
            .verify(&headers(&[("x-hub-signature-256", GH_SIG)]), GH_BODY)
            .unwrap_err();
        assert!(matches!(err, VerifyError::NotConfigured { .. }));
        assert_eq!(DeliveryError::from(err).status(), 500);
    }

    #[test]
    fn sha1_refused_unless_enabled() {
        let body = GH_BODY;
        // Built by hand so the test does not depend on the feature.
        let sha1_header = headers(&[(
            "x-hub-signature",
            "sha1=0000000000000000000000000000000000000000",
        )]);
        let only_sha1 = Verifier::new(&[GITHUB_SHA1][..], GH_SECRET);
        assert!(!only_sha1.is_enabled(&GITHUB_SHA1));
        assert!(matches!(
            only_sha1.verify(&sha1_header, body),
            Err(VerifyError::NotConfigured { .. })
        ));
        // With SHA-256 also documented, a SHA-1-only delivery counts as unsigned.
        let both = Verifier::new(ALL, GH_SECRET);
        assert_eq!(both.verify(&sha1_header, body), Err(VerifyError::Missing));
        assert_eq!(Algorithm::Sha1.is_compiled_in(), cfg!(feature = "sha1"));
        assert_eq!(
            Verifier::new(ALL, GH_SECRET)
                .allow_sha1(true)
                .is_enabled(&GITHUB_SHA1),
            cfg!(feature = "sha1")
        );
    }

    #[cfg(feature = "sha1")]
    #[test]
    fn sha1_when_enabled() {
        let signed = sign(&GITHUB_SHA1, GH_SECRET, GH_BODY, 0, "").unwrap();
        let value = signed.get("x-hub-signature").unwrap().to_str().unwrap();
        assert!(value.starts_with("sha1=") && value.len() == 45);
        let verifier = Verifier::new(&[GITHUB_SHA1][..], GH_SECRET);
        assert!(matches!(
            verifier.verify(&signed, GH_BODY),
            Err(VerifyError::NotConfigured { .. })
        ));
        let verifier = verifier.allow_sha1(true);
        assert_eq!(verifier.verify(&signed, GH_BODY), Ok(()));
        assert!(matches!(
            verifier.verify(&signed, b"x"),
            Err(VerifyError::Mismatch { .. })
        ));
    }

    #[cfg(not(feature = "sha1"))]
    #[test]
    fn sha1_compiled_out() {
        assert_eq!(sign_hex(Algorithm::Sha1, "k", b"b"), None);
        assert!(sign(&GITHUB_SHA1, "k", b"b", 0, "").is_none());
        assert!(!verify_hex(Algorithm::Sha1, "k", b"b", &"00".repeat(20)));
    }

    #[test]
    fn any_present_scheme_may_match() {
        let verifier = Verifier::new(ALL, GH_SECRET);
        // A malformed header of one scheme does not block a valid other one.
        let mixed = headers(&[
            ("x-hub-signature-256", GH_SIG),
            ("stripe-signature", "garbage"),
        ]);
        assert_eq!(verifier.verify(&mixed, GH_BODY), Ok(()));
        let bad = headers(&[
            ("x-hub-signature-256", "sha256=00"),
            ("stripe-signature", "garbage"),
        ]);
        assert!(matches!(
            verifier.verify(&bad, GH_BODY),
            Err(VerifyError::Malformed {
                header: "X-Hub-Signature-256",
                ..
            })
        ));
    }

    #[test]
    fn decode_json_types() {
        let body = br#"{"a":1}"#;
        for ct in [
            "application/json",
            "Application/JSON",
            "application/json; charset=utf-8",
            " application/json ;charset=UTF-8",
            "application/vnd.github+json",
            "application/cloudevents+JSON; x=y",
        ] {
            let out = decode_body(Some(ct), body).unwrap();
            assert!(matches!(out, Cow::Borrowed(_)), "{ct}");
            assert_eq!(&*out, body);
        }
        for ct in [
            None,
            Some(""),
            Some("text/plain"),
            Some("+json"),
            Some("application/jsonx"),
            Some("multipart/form-data"),
            Some("application/xml"),
        ] {
            assert!(
                matches!(
                    decode_body(ct, body),
                    Err(DecodeError::UnsupportedMediaType { .. })
                ),
                "{ct:?}"
            );
        }
        let err = decode_body(Some(&"é".repeat(500)), body).unwrap_err();
        assert_eq!(err.status(), 415);
        assert!(err.to_string().len() < 400);
    }

    #[test]
    fn decode_form_payload() {
        let body = b"x=1&payload=%7B%22a%22%3A%22b+c%2Bd%25%22%7D&y";
        let out = decode_body(
            Some("application/x-www-form-urlencoded; charset=utf-8"),
            body,
        )
        .unwrap();
        assert_eq!(&*out, br#"{"a":"b c+d%"}"#);
        assert_eq!(
            &*decode_body(
                Some("application/x-www-form-urlencoded"),
                b"pay%6Coad=%zz%4"
            )
            .unwrap(),
            b"%zz%4"
        );
        assert_eq!(
            &*decode_body(Some("application/x-www-form-urlencoded"), b"payload").unwrap(),
            b""
        );
        assert_eq!(
            decode_body(Some("application/x-www-form-urlencoded"), b"a=b"),
            Err(DecodeError::MissingPayload)
        );
        assert_eq!(
            decode_body(
                Some("application/x-www-form-urlencoded"),
                b"payload=1&payload=2"
            ),
            Err(DecodeError::DuplicatePayload)
        );
    }

    #[test]
    fn size_cap() {
        assert_eq!(check_size(DEFAULT_MAX_BODY, DEFAULT_MAX_BODY), Ok(()));
        let err = check_size(DEFAULT_MAX_BODY + 1, DEFAULT_MAX_BODY).unwrap_err();
        assert_eq!(err.status(), 413);
    }

    const NAMES: HeaderNames = HeaderNames {
        event: "X-GitHub-Event",
        delivery: Some("X-GitHub-Delivery"),
        hook_id: Some("X-GitHub-Hook-ID"),
        user_agent: Some("User-Agent"),
        installation_target_id: Some("X-GitHub-Hook-Installation-Target-ID"),
        installation_target_type: Some("X-GitHub-Hook-Installation-Target-Type"),
    };

    #[test]
    fn delivery_headers() {
        let map = headers(&[
            ("x-github-event", " push "),
            ("x-github-delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958"),
            ("x-github-hook-id", "292430182"),
            ("user-agent", "GitHub-Hookshot/044aadd"),
            ("x-github-hook-installation-target-id", "79929171"),
            ("x-github-hook-installation-target-type", "repository"),
            ("content-type", "application/json"),
        ]);
        let delivery = DeliveryHeaders::from_headers(&NAMES, &map).unwrap();
        assert_eq!(delivery.event, "push");
        assert_eq!(delivery.hook_id.as_deref(), Some("292430182"));
        assert_eq!(
            delivery.installation_target_type.as_deref(),
            Some("repository")
        );
        assert_eq!(delivery.content_type.as_deref(), Some("application/json"));
        let minimal =
            DeliveryHeaders::from_headers(&HeaderNames::new("x-github-event"), &map).unwrap();
        assert_eq!(minimal.delivery, None);

        assert_eq!(
            DeliveryHeaders::from_headers(&NAMES, &HeaderMap::new()),
            Err(HeaderError::Missing {
                header: "X-GitHub-Event"
            })
        );
        assert!(matches!(
            DeliveryHeaders::from_headers(&NAMES, &headers(&[("x-github-event", "  ")])),
            Err(HeaderError::Invalid { .. })
        ));
        let mut latin1 = HeaderMap::new();
        latin1.insert("x-github-event", HeaderValue::from_bytes(b"push").unwrap());
        latin1.insert("user-agent", HeaderValue::from_bytes(b"caf\xe9").unwrap());
        assert_eq!(
            DeliveryHeaders::from_headers(&NAMES, &latin1)
                .unwrap()
                .user_agent
                .as_deref(),
            Some("caf\u{fffd}")
        );
        latin1.insert(
            "x-github-event",
            HeaderValue::from_bytes(b"pu\xffsh").unwrap(),
        );
        assert!(matches!(
            DeliveryHeaders::from_headers(&NAMES, &latin1),
            Err(HeaderError::Invalid { .. })
        ));
    }

    #[test]
    fn receiver_pipeline_statuses() {
        let receiver = Receiver::new(NAMES, Verifier::new(&[GITHUB][..], GH_SECRET));
        let ok = headers(&[
            ("x-github-event", "ping"),
            ("x-hub-signature-256", GH_SIG),
            ("content-type", "application/json"),
        ]);
        let (delivery, body) = receiver.receive(&ok, GH_BODY).unwrap();
        assert_eq!((delivery.event.as_str(), &*body), ("ping", GH_BODY));

        let status = |r: &Receiver, h: &HeaderMap, b: &[u8]| {
            r.receive(h, b).map(|_| 200).unwrap_or_else(|e| e.status())
        };
        assert_eq!(status(&receiver.clone().max_body(4), &ok, GH_BODY), 413);
        assert_eq!(
            status(
                &receiver,
                &headers(&[("x-hub-signature-256", GH_SIG)]),
                GH_BODY
            ),
            400
        );
        assert_eq!(
            status(&receiver, &headers(&[("x-github-event", "ping")]), GH_BODY),
            401
        );
        assert_eq!(status(&receiver, &ok, b"Hello, World?"), 401);
        let text = headers(&[
            ("x-github-event", "ping"),
            ("x-hub-signature-256", GH_SIG),
            ("content-type", "text/plain"),
        ]);
        assert_eq!(status(&receiver, &text, GH_BODY), 415);

        // The signature covers the form body as sent, not the decoded payload.
        let form = b"payload=%7B%7D";
        let sig = format!(
            "sha256={}",
            sign_hex(Algorithm::Sha256, GH_SECRET, form).unwrap()
        );
        let form_headers = headers(&[
            ("x-github-event", "ping"),
            ("x-hub-signature-256", &sig),
            ("content-type", "application/x-www-form-urlencoded"),
        ]);
        assert_eq!(&*receiver.receive(&form_headers, form).unwrap().1, b"{}");

        let open = Receiver::without_verification(NAMES);
        assert!(open.verifier().is_none());
        assert_eq!(
            status(
                &open,
                &headers(&[
                    ("x-github-event", "ping"),
                    ("content-type", "application/json")
                ]),
                b"{}"
            ),
            200
        );

        let parse = DeliveryError::Parse("expected value at line 1".into());
        assert_eq!(parse.status(), 400);
        assert!(parse.source().is_some());
        assert!(parse.to_string().contains("line 1"));
    }

    #[test]
    fn odd_header_names_do_not_panic() {
        // Names come from generated code; a bad one must fail closed, not panic.
        const ODD: &[Scheme] = &[
            Scheme::HmacHex {
                header: "bad header\n",
                algorithm: Algorithm::Sha256,
                prefix: Some("é"),
            },
            Scheme::HmacBase64 {
                header: "",
                algorithm: Algorithm::Sha256,
            },
            Scheme::Timestamped { header: "ÜBER" },
        ];
        let verifier = Verifier::new(ODD, "k");
        assert_eq!(
            verifier.verify(&headers(&[("x", "y")]), b""),
            Err(VerifyError::Missing)
        );
        for scheme in ODD {
            assert!(sign(scheme, "k", b"", 0, "").is_none());
        }
        assert!(sign(&Scheme::StandardWebhooks, "k", b"", 0, "bad\nid").is_none());
        let names = HeaderNames {
            delivery: Some("bad name"),
            ..HeaderNames::new("")
        };
        assert!(DeliveryHeaders::from_headers(&names, &headers(&[("x", "y")])).is_err());
        // A clock before 1970 fails closed instead of panicking.
        let verifier = Verifier::new(&[STRIPE][..], "k").now(UNIX_EPOCH - Duration::from_secs(10));
        let signed = sign(&STRIPE, "k", b"", 1_000, "").unwrap();
        assert!(matches!(
            verifier.verify(&signed, b""),
            Err(VerifyError::Expired { now: 0, .. })
        ));
    }

    /// Deterministic xorshift so the garbage is reproducible without a
    /// dependency.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }

        fn garbage(&mut self) -> Vec<u8> {
            const TOKENS: &[&[u8]] = &[
                b"t=",
                b"v1=",
                b"v1,",
                b",",
                b" ",
                b"=",
                b"sha256=",
                b"sha1=",
                b"1649367553",
                b"99999999999999999999",
                b"757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
                b"tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=",
                b"whsec_",
                b"%",
                b"%7B",
                b"+",
                b"&",
                b"payload",
                b"\xff\xfe",
                b"\xc3\xa9",
                b"\t",
                b";",
                b"application/json",
                b"+json",
                b"application/x-www-form-urlencoded",
                b"-",
                b"0",
            ];
            let mut out = Vec::new();
            for _ in 0..self.below(12) {
                if self.below(3) == 0 {
                    out.push(self.next() as u8);
                } else {
                    out.extend_from_slice(TOKENS[self.below(TOKENS.len())]);
                }
            }
            out
        }
    }

    #[test]
    fn garbage_never_panics() {
        const NAMES_POOL: &[&str] = &[
            "x-hub-signature",
            "x-hub-signature-256",
            "stripe-signature",
            "x-shopify-hmac-sha256",
            "webhook-id",
            "webhook-timestamp",
            "webhook-signature",
            "content-type",
            "x-github-event",
            "user-agent",
            "x-github-delivery",
        ];
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let receiver = Receiver::new(
            NAMES,
            Verifier::new(ALL, SW_SECRET)
                .with_secrets([GH_SECRET])
                .allow_sha1(true)
                .now(at(SW_TS)),
        );
        let mut accepted = 0;
        for _ in 0..20_000 {
            let mut map = HeaderMap::new();
            for _ in 0..rng.below(6) {
                let name = NAMES_POOL[rng.below(NAMES_POOL.len())];
                if let Ok(value) = HeaderValue::from_bytes(&rng.garbage()) {
                    map.append(name, value);
                }
            }
            let body = rng.garbage();
            let _ = receiver.verifier().unwrap().verify(&map, &body);
            if receiver.receive(&map, &body).is_ok() {
                accepted += 1;
            }
            let ct = String::from_utf8_lossy(&rng.garbage()).into_owned();
            let _ = decode_body(Some(&ct), &body);
            let _ = DeliveryHeaders::from_headers(&NAMES, &map);
            let _ = verify_hex(Algorithm::Sha256, &body, &body, &ct);
        }
        // Garbage must never carry a valid signature.
        assert_eq!(accepted, 0);
    }
}
