//! Example deliveries: an HTTP request shown in a code block, headers then body.

use crate::diag::Span;

/// An example request the docs show: its headers and (maybe abbreviated) body.
#[derive(Debug, Clone)]
pub struct DeliveryExample {
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
    pub span: Span,
}

/// Reads a code block as a request, if it looks like one: a header block of
/// at least two `Name: value` lines (optionally `> `-quoted as curl prints
/// them), maybe after a request line, then the body.
pub fn read_request(code: &str, span: Span) -> Option<DeliveryExample> {
    let mut headers = Vec::new();
    let mut body_lines = Vec::new();
    let mut in_body = false;
    for line in code.lines() {
        let line = line
            .strip_prefix('>')
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .unwrap_or(line);
        if in_body {
            body_lines.push(line);
            continue;
        }
        let t = line.trim();
        if t.is_empty() {
            if !headers.is_empty() {
                in_body = true;
            }
            continue;
        }
        if is_request_line(t) {
            continue;
        }
        match header_line(t) {
            Some(h) => headers.push(h),
            None if !headers.is_empty() => {
                in_body = true;
                body_lines.push(line);
            }
            None => return None,
        }
    }
    if headers.len() < 2 {
        return None;
    }
    let body = body_lines.join("\n");
    let body = (!body.trim().is_empty()).then(|| body.trim().to_string());
    Some(DeliveryExample {
        headers,
        body,
        span,
    })
}

/// Whether a header carries the event's name: `X-Vendor-Event`,
/// `X-Vendor-Event-Type`, `X-Event-Key`.
pub(crate) fn names_event(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.ends_with("-event") || n.ends_with("-event-type") || n == "x-event-key"
}

fn is_request_line(t: &str) -> bool {
    ["POST ", "PUT ", "GET ", "HTTP/"]
        .iter()
        .any(|m| t.starts_with(m))
}

fn header_line(t: &str) -> Option<(String, String)> {
    let (name, value) = t.split_once(':')?;
    let name = name.trim();
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    ok.then(|| (name.to_string(), value.trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curl_style() {
        let d = read_request(
            "> POST /payload HTTP/2\n\n> Host: localhost\n> X-Vendor-Event: Push Hook\n> Content-Type: application/json\n\n> {\n>   \"a\": 1\n> }\n",
            Span::default(),
        )
        .unwrap();
        assert_eq!(d.headers[1], ("X-Vendor-Event".into(), "Push Hook".into()));
        assert_eq!(d.body.as_deref(), Some("{\n  \"a\": 1\n}"));
    }

    #[test]
    fn json_is_not_a_request() {
        assert!(read_request("{\n \"a\": 1\n}", Span::default()).is_none());
    }
}
