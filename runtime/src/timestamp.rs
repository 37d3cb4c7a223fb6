//! [`Timestamp`]: a point in time exactly as a payload sent it.
//!
//! Vendors send times as ISO 8601 text (`2021-08-29T12:00:00Z`) or as Unix
//! seconds, and one key both ways (`repository.created_at` is seconds in a
//! push event and text everywhere else). A `Timestamp` reads either, keeps
//! what was sent so serializing gives back the same JSON, and converts on
//! request: to [`SystemTime`] always, and to `chrono`, `time` and `jiff`
//! types behind the features of those names. A value that is no time at
//! all (`""`) still parses, so one odd field never loses a delivery; the
//! conversion reports it.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A point in time as sent: ISO 8601 text or Unix seconds.
///
/// The default is the Unix epoch, sent as the number `0`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Timestamp(Repr);

/// Text of up to [`SHORT`] bytes is always `Short`, longer text always
/// `Text`, so the derived equality compares texts.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Repr {
    /// Inline: an RFC 3339 time with its offset fits, and a payload has
    /// many, each an allocation otherwise.
    Short {
        len: u8,
        bytes: [u8; SHORT],
    },
    Text(String),
    Seconds(serde_json::Number),
}

const SHORT: usize = 30;

impl Repr {
    fn text(text: &str) -> Repr {
        match text.len() {
            len @ 0..=SHORT => {
                let mut bytes = [0; SHORT];
                bytes[..len].copy_from_slice(text.as_bytes());
                Repr::Short {
                    len: len as u8,
                    bytes,
                }
            }
            _ => Repr::Text(text.to_owned()),
        }
    }

    fn as_text(&self) -> Option<&str> {
        match self {
            // Bytes copied from a `str`, whole.
            Repr::Short { len, bytes } => std::str::from_utf8(&bytes[..*len as usize]).ok(),
            Repr::Text(text) => Some(text),
            Repr::Seconds(_) => None,
        }
    }
}

impl Default for Timestamp {
    fn default() -> Self {
        Timestamp(Repr::Seconds(0.into()))
    }
}

/// Why a [`Timestamp`] is not a point in time this crate can convert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimestampError {
    sent: String,
    reason: &'static str,
}

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a timestamp: {}", self.sent, self.reason)
    }
}

impl std::error::Error for TimestampError {}

/// A parsed time: seconds and nanoseconds since the epoch (UTC), and the
/// offset from UTC the text was written in (0 for Unix seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Parts {
    seconds: i64,
    nanos: u32,
    offset: i32,
}

impl Timestamp {
    /// A timestamp sent as text; any text, converted only on request.
    pub fn from_text(text: impl Into<String>) -> Self {
        let text = text.into();
        if text.len() <= SHORT {
            Timestamp(Repr::text(&text))
        } else {
            Timestamp(Repr::Text(text))
        }
    }

    /// A timestamp sent as Unix seconds.
    pub fn from_unix_seconds(seconds: i64) -> Self {
        Timestamp(Repr::Seconds(seconds.into()))
    }

    /// The text as sent, when it was sent as text.
    pub fn as_text(&self) -> Option<&str> {
        self.0.as_text()
    }

    /// Whether it was sent as Unix seconds rather than text.
    pub fn is_unix_seconds(&self) -> bool {
        matches!(self.0, Repr::Seconds(_))
    }

    /// Whole seconds since the Unix epoch (before it, negative).
    pub fn unix_seconds(&self) -> Result<i64, TimestampError> {
        self.parts().map(|p| p.seconds)
    }

    /// The offset from UTC, in seconds east, that the text was written in;
    /// 0 for Unix seconds and for text in UTC or without an offset.
    pub fn utc_offset_seconds(&self) -> Result<i32, TimestampError> {
        self.parts().map(|p| p.offset)
    }

    /// As a [`SystemTime`].
    pub fn to_system_time(&self) -> Result<SystemTime, TimestampError> {
        let p = self.parts()?;
        let out_of_range = || self.error("out of the range of SystemTime");
        if p.seconds >= 0 {
            UNIX_EPOCH
                .checked_add(Duration::new(p.seconds as u64, p.nanos))
                .ok_or_else(out_of_range)
        } else {
            UNIX_EPOCH
                .checked_sub(Duration::from_secs(p.seconds.unsigned_abs()))
                .and_then(|t| t.checked_add(Duration::from_nanos(u64::from(p.nanos))))
                .ok_or_else(out_of_range)
        }
    }

    /// As a `chrono` date-time in the offset the text was written in.
    #[cfg(feature = "chrono")]
    pub fn to_chrono(&self) -> Result<chrono::DateTime<chrono::FixedOffset>, TimestampError> {
        use chrono::TimeZone;
        let p = self.parts()?;
        chrono::FixedOffset::east_opt(p.offset)
            .and_then(|tz| tz.timestamp_opt(p.seconds, p.nanos).single())
            .ok_or_else(|| self.error("out of chrono's range"))
    }

    /// As a `time` date-time in the offset the text was written in.
    #[cfg(feature = "time")]
    pub fn to_offset_date_time(&self) -> Result<time::OffsetDateTime, TimestampError> {
        let p = self.parts()?;
        let nanos = i128::from(p.seconds) * 1_000_000_000 + i128::from(p.nanos);
        let offset = time::UtcOffset::from_whole_seconds(p.offset)
            .map_err(|_| self.error("offset out of time's range"))?;
        time::OffsetDateTime::from_unix_timestamp_nanos(nanos)
            .map(|t| t.to_offset(offset))
            .map_err(|_| self.error("out of time's range"))
    }

    /// As a `jiff` timestamp (an instant; the offset is dropped).
    #[cfg(feature = "jiff")]
    pub fn to_jiff(&self) -> Result<jiff::Timestamp, TimestampError> {
        let p = self.parts()?;
        jiff::Timestamp::new(p.seconds, p.nanos as i32)
            .map_err(|_| self.error("out of jiff's range"))
    }

    fn error(&self, reason: &'static str) -> TimestampError {
        TimestampError {
            sent: self.to_string(),
            reason,
        }
    }

    fn parts(&self) -> Result<Parts, TimestampError> {
        match &self.0 {
            Repr::Short { .. } | Repr::Text(_) => parse_text(self.0.as_text().unwrap_or_default())
                .ok_or_else(|| self.error("not ISO 8601 date and time")),
            Repr::Seconds(n) => {
                if let Some(seconds) = n.as_i64() {
                    return Ok(Parts {
                        seconds,
                        nanos: 0,
                        offset: 0,
                    });
                }
                let f = n.as_f64().filter(|f| f.is_finite() && f.abs() < 1e15);
                let f = f.ok_or_else(|| self.error("out of range"))?;
                let seconds = f.floor();
                Ok(Parts {
                    seconds: seconds as i64,
                    nanos: ((f - seconds) * 1e9).round().min(999_999_999.0) as u32,
                    offset: 0,
                })
            }
        }
    }
}

/// `YYYY-MM-DD`, `T` (or `t` or a space), `HH:MM[:SS[.fraction]]`, then
/// `Z`, `UTC`, `±HH[:MM]` or nothing (read as UTC).
fn parse_text(text: &str) -> Option<Parts> {
    let b = text.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let digits = b.get(from..from + len)?;
        digits.iter().all(u8::is_ascii_digit).then(|| {
            digits
                .iter()
                .fold(0i64, |n, d| n * 10 + i64::from(d - b'0'))
        })
    };
    let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    if b.get(4) != Some(&b'-')
        || b.get(7) != Some(&b'-')
        || !matches!(b.get(10), Some(b'T' | b't' | b' '))
    {
        return None;
    }
    let (hour, minute) = (num(11, 2)?, num(14, 2)?);
    if b.get(13) != Some(&b':') {
        return None;
    }
    let mut at = 16;
    let mut second = 0;
    let mut nanos = 0u32;
    if b.get(at) == Some(&b':') {
        second = num(at + 1, 2)?;
        at += 3;
        if matches!(b.get(at), Some(b'.' | b',')) {
            at += 1;
            let start = at;
            while b.get(at).is_some_and(u8::is_ascii_digit) {
                if at - start < 9 {
                    nanos = nanos * 10 + u32::from(b[at] - b'0');
                }
                at += 1;
            }
            if at == start {
                return None;
            }
            nanos *= 10u32.pow(9u32.saturating_sub((at - start) as u32));
        }
    }
    let zone = text[at..].trim_start();
    let offset = match zone {
        "" | "Z" | "z" | "UTC" => 0,
        _ => {
            let sign = match zone.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let rest = zone[1..].replace(':', "");
            let rb = rest.as_bytes();
            if !rb.iter().all(u8::is_ascii_digit) || !(rb.len() == 2 || rb.len() == 4) {
                return None;
            }
            let h = i32::from((rb[0] - b'0') * 10 + (rb[1] - b'0'));
            let m = if rb.len() == 4 {
                i32::from((rb[2] - b'0') * 10 + (rb[3] - b'0'))
            } else {
                0
            };
            if h > 23 || m > 59 {
                return None;
            }
            sign * (h * 3600 + m * 60)
        }
    };
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => return None,
    };
    // 60 seconds: a leap second, read as the next second's start.
    if day < 1 || day > days_in_month || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let seconds = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
        - i64::from(offset);
    Some(Parts {
        seconds,
        nanos,
        offset,
    })
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count from 1970-01-01 (the inverse of [`days_from_civil`]).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// RFC 3339 text in UTC, whole seconds unless there is a fraction:
/// what a payload built in a test would carry.
impl From<SystemTime> for Timestamp {
    fn from(t: SystemTime) -> Self {
        let (seconds, nanos) = match t.duration_since(UNIX_EPOCH) {
            Ok(d) => (d.as_secs() as i64, d.subsec_nanos()),
            Err(e) => {
                let d = e.duration();
                let whole = -(d.as_secs() as i64);
                match d.subsec_nanos() {
                    0 => (whole, 0),
                    n => (whole - 1, 1_000_000_000 - n),
                }
            }
        };
        let (date, time) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
        let (y, m, d) = civil_from_days(date);
        let mut text = format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
            time / 3600,
            time % 3600 / 60,
            time % 60
        );
        if nanos != 0 {
            let fraction = format!("{nanos:09}");
            text.push('.');
            text.push_str(fraction.trim_end_matches('0'));
        }
        text.push('Z');
        Timestamp::from_text(text)
    }
}

impl TryFrom<&Timestamp> for SystemTime {
    type Error = TimestampError;

    fn try_from(t: &Timestamp) -> Result<SystemTime, TimestampError> {
        t.to_system_time()
    }
}

#[cfg(feature = "chrono")]
impl TryFrom<&Timestamp> for chrono::DateTime<chrono::FixedOffset> {
    type Error = TimestampError;

    fn try_from(t: &Timestamp) -> Result<Self, TimestampError> {
        t.to_chrono()
    }
}

#[cfg(feature = "chrono")]
impl TryFrom<&Timestamp> for chrono::DateTime<chrono::Utc> {
    type Error = TimestampError;

    fn try_from(t: &Timestamp) -> Result<Self, TimestampError> {
        t.to_chrono().map(|t| t.with_timezone(&chrono::Utc))
    }
}

#[cfg(feature = "time")]
impl TryFrom<&Timestamp> for time::OffsetDateTime {
    type Error = TimestampError;

    fn try_from(t: &Timestamp) -> Result<Self, TimestampError> {
        t.to_offset_date_time()
    }
}

#[cfg(feature = "jiff")]
impl TryFrom<&Timestamp> for jiff::Timestamp {
    type Error = TimestampError;

    fn try_from(t: &Timestamp) -> Result<Self, TimestampError> {
        t.to_jiff()
    }
}

/// As sent: the text, or the number.
impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.0, self.0.as_text()) {
            (Repr::Seconds(n), _) => fmt::Display::fmt(n, f),
            (_, text) => f.write_str(text.unwrap_or_default()),
        }
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.0, self.0.as_text()) {
            (Repr::Seconds(n), _) => f.debug_tuple("Timestamp").field(n).finish(),
            (_, text) => f
                .debug_tuple("Timestamp")
                .field(&text.unwrap_or_default())
                .finish(),
        }
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match (&self.0, self.0.as_text()) {
            (Repr::Seconds(n), _) => n.serialize(serializer),
            (_, text) => serializer.serialize_str(text.unwrap_or_default()),
        }
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TimestampVisitor)
    }
}

struct TimestampVisitor;

impl<'de> Visitor<'de> for TimestampVisitor {
    type Value = Timestamp;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a timestamp (ISO 8601 text or Unix seconds)")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
        Ok(Timestamp(Repr::text(v)))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Timestamp, E> {
        Ok(Timestamp::from_text(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Timestamp, E> {
        Ok(Timestamp(Repr::Seconds(v.into())))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Timestamp, E> {
        Ok(Timestamp(Repr::Seconds(v.into())))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Timestamp, E> {
        serde_json::Number::from_f64(v)
            .map(|n| Timestamp(Repr::Seconds(n)))
            .ok_or_else(|| E::custom("a timestamp that is not a finite number"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Timestamp {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn text_and_seconds_round_trip_as_sent() {
        for json in [
            r#""2019-05-15T15:20:33Z""#,
            r#""2019-05-15T15:20:30-07:00""#,
            r#""2015-09-10T22:04:30.4444464Z""#,
            "1557933565",
            "1557933565.25",
            r#""not a time""#,
            // Longer than the inline form, and exactly as long.
            r#""2019-05-15T15:20:33.123456789012+00:00""#,
            r#""2019-05-15T15:20:33.123456789Z""#,
            r#""""#,
        ] {
            let t = parse(json);
            assert_eq!(serde_json::to_string(&t).unwrap(), json);
            // Parsed or built by hand, text is the same text.
            if let Some(text) = t.as_text() {
                assert_eq!(Timestamp::from_text(text), t, "{json}");
                assert_eq!(t.to_string(), text);
            }
        }
    }

    #[test]
    fn one_instant_written_three_ways() {
        let a = parse(r#""2019-05-15T15:20:33Z""#);
        let b = parse(r#""2019-05-15T08:20:33-07:00""#);
        let c = parse("1557933633");
        for t in [&a, &b, &c] {
            assert_eq!(t.unix_seconds().unwrap(), 1_557_933_633);
            assert_eq!(
                t.to_system_time().unwrap(),
                UNIX_EPOCH + Duration::from_secs(1_557_933_633)
            );
        }
        assert_eq!(b.utc_offset_seconds().unwrap(), -7 * 3600);
    }

    #[test]
    fn fractions_and_lenient_forms() {
        let t = parse(r#""2015-09-10T22:04:30.4444464Z""#);
        let d = t
            .to_system_time()
            .unwrap()
            .duration_since(UNIX_EPOCH)
            .unwrap();
        assert_eq!(d.subsec_nanos(), 444_446_400);
        for text in [
            "2021-08-29 12:00:00 UTC",
            "2021-08-29t12:00z",
            "2021-08-29T12:00:00+0000",
            "2021-08-29T12:00:00",
        ] {
            assert_eq!(
                Timestamp::from_text(text).unix_seconds().unwrap(),
                1_630_238_400,
                "{text}"
            );
        }
        assert_eq!(
            parse("-1.5").to_system_time().unwrap(),
            UNIX_EPOCH - Duration::from_millis(1500)
        );
    }

    #[test]
    fn what_is_no_time_parses_but_does_not_convert() {
        for text in [
            "",
            "2021-02-30T00:00:00Z",
            "2021-08-29",
            "yesterday",
            "2021-08-29T25:00:00Z",
        ] {
            let t = Timestamp::from_text(text);
            let err = t.to_system_time().unwrap_err();
            assert!(err.to_string().contains("is not a timestamp"), "{err}");
        }
    }

    #[test]
    fn from_system_time_writes_rfc3339_utc() {
        let t = Timestamp::from(UNIX_EPOCH + Duration::from_secs(1_630_238_400));
        assert_eq!(t.as_text(), Some("2021-08-29T12:00:00Z"));
        let t = Timestamp::from(UNIX_EPOCH + Duration::from_millis(1_630_238_400_250));
        assert_eq!(t.as_text(), Some("2021-08-29T12:00:00.25Z"));
        let t = Timestamp::from(UNIX_EPOCH - Duration::from_millis(1500));
        assert_eq!(t.as_text(), Some("1969-12-31T23:59:58.5Z"));
        assert_eq!(Timestamp::default().unix_seconds().unwrap(), 0);
    }

    #[test]
    fn civil_round_trip() {
        for days in [-719_468, -1, 0, 1, 11_016, 18_868, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[cfg(feature = "chrono")]
    #[test]
    fn chrono_keeps_the_offset() {
        let t = Timestamp::from_text("2019-05-15T15:20:30-07:00");
        assert_eq!(
            t.to_chrono().unwrap().to_rfc3339(),
            "2019-05-15T15:20:30-07:00"
        );
    }

    #[cfg(feature = "time")]
    #[test]
    fn time_keeps_the_offset() {
        let t = Timestamp::from_text("2019-05-15T15:20:30-07:00");
        let odt = t.to_offset_date_time().unwrap();
        assert_eq!(odt.unix_timestamp(), 1_557_958_830);
        assert_eq!(odt.offset().whole_hours(), -7);
    }

    #[cfg(feature = "jiff")]
    #[test]
    fn jiff_is_the_instant() {
        let t = Timestamp::from_text("2019-05-15T15:20:30-07:00");
        assert_eq!(t.to_jiff().unwrap().as_second(), 1_557_958_830);
    }
}
