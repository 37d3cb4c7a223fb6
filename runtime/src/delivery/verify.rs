//! [`Verifier`]: checks a delivery's signature headers against shared secrets.

use std::borrow::Cow;
use std::error::Error as StdError;
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use http::header::HeaderMap;

use super::scheme::{mac_matches, Algorithm, Scheme, Secret, BASE64};
use super::scheme::{
    STANDARD_WEBHOOKS_ID, STANDARD_WEBHOOKS_SIGNATURE, STANDARD_WEBHOOKS_TIMESTAMP,
};

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
