//! End to end: builds the generated `receiver` example, starts it on a free
//! port and posts signed deliveries with a bare HTTP/1.1 client.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use generated::delivery;

mod common;

use common::workspace;

const SECRET: &str = "e2e secret";

/// A hang guard, not a speed target: how long any one wait (the receiver to
/// listen, a response, the printed lines) may take before the test gives up
/// instead of hanging.
const HANG_GUARD: Duration = Duration::from_secs(120);

/// Path of the built example; panics with cargo's output when it does not build.
fn build_receiver() -> PathBuf {
    // A separate target directory: the outer `cargo test` holds the lock
    // of the workspace one.
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("receiver-e2e");
    let out = Command::new(env!("CARGO"))
        .current_dir(workspace())
        .args([
            "build",
            "-q",
            "-p",
            "generated",
            "--example",
            "receiver",
            "--features",
            "axum",
        ])
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "the receiver example does not build:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let exe = target
        .join("debug")
        .join("examples")
        .join(format!("receiver{}", std::env::consts::EXE_SUFFIX));
    assert!(exe.exists(), "{} was not built", exe.display());
    exe
}

struct Server {
    child: Child,
    port: u16,
    lines: mpsc::Receiver<String>,
}

impl Server {
    /// The lines the receiver printed: until `count` arrived or
    /// [`HANG_GUARD`] passed, then any that follow at once (to catch extra
    /// lines).
    fn printed(&self, count: usize) -> Vec<String> {
        let mut lines = Vec::new();
        let deadline = Instant::now() + HANG_GUARD;
        while lines.len() < count {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => lines.push(line),
                Err(_) => break,
            }
        }
        std::thread::sleep(Duration::from_millis(100));
        lines.extend(self.lines.try_iter());
        lines
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(exe: &Path) -> Server {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let mut child = Command::new(exe)
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .env("WEBHOOK_SECRET", SECRET)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the receiver starts");
    let stdout = child.stdout.take().expect("piped stdout");
    let (tx, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + HANG_GUARD;
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "the receiver never listened");
        std::thread::sleep(Duration::from_millis(50));
    }
    Server { child, port, lines }
}

/// Sends one request and returns the response status.
fn post(port: u16, headers: &[(String, String)], body: &[u8]) -> u16 {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(HANG_GUARD)).expect("timeout");
    let mut request = format!("POST / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    let mut has_length = false;
    for (name, value) in headers {
        has_length |= name.eq_ignore_ascii_case("content-length");
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    if !has_length {
        request.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    request.push_str("\r\n");
    let mut bytes = request.into_bytes();
    bytes.extend_from_slice(body);
    stream.write_all(&bytes).expect("send");
    let mut response = Vec::new();
    let mut buf = [0u8; 4096];
    // Only the status line matters; stop once it is in.
    loop {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => response.extend_from_slice(&buf[..n]),
            Err(err) if response.is_empty() => panic!("no response: {err}"),
            Err(_) => break,
        }
        if response.windows(2).any(|w| w == b"\r\n") {
            break;
        }
    }
    let text = String::from_utf8_lossy(&response);
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP response: {text:?}"));
    status
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Headers of a delivery signed with the SHA-256 scheme.
fn signed(event: &str, id: &str, content_type: &str, body: &[u8]) -> Vec<(String, String)> {
    let scheme = generated::github::SCHEMES
        .iter()
        .find(|s| s.algorithm() == delivery::Algorithm::Sha256)
        .expect("a SHA-256 scheme");
    let map = delivery::sign(scheme, SECRET, body, now(), id).expect("signing works");
    let mut headers: Vec<(String, String)> = map
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap().to_owned()))
        .collect();
    let names = generated::github::HEADER_NAMES;
    let header = names.event.expect("GitHub names the event in a header");
    headers.push((header.to_owned(), event.to_owned()));
    if let Some(name) = names.delivery {
        headers.push((name.to_owned(), id.to_owned()));
    }
    headers.push(("Content-Type".to_owned(), content_type.to_owned()));
    headers
}

fn payload(stem: &str) -> Vec<u8> {
    let path = workspace()
        .join("generated/payloads/github")
        .join(format!("{stem}.json"));
    std::fs::read(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

fn percent_encode(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[test]
fn receiver_example_end_to_end() {
    let server = start(&build_receiver());
    let port = server.port;
    let mut expected = Vec::new();

    // Accepted: documented examples, an unknown event, a form-encoded body.
    for (n, (event, stem, action)) in [
        ("issues", "issues.opened.1", "opened"),
        ("ping", "ping", "-"),
        ("push", "push", "-"),
        ("issues", "issues.labeled", "labeled"),
    ]
    .into_iter()
    .enumerate()
    {
        let body = payload(stem);
        let id = format!("delivery-{n}");
        let status = post(port, &signed(event, &id, "application/json", &body), &body);
        assert_eq!(status, 204, "{stem}");
        expected.push(format!("{id} {event} {action}"));
    }
    let body = br#"{"action":"happened","thing":{"id":1}}"#;
    let headers = signed("made_up_event", "delivery-u", "application/json", body);
    assert_eq!(post(port, &headers, body), 204, "unknown event");
    expected.push("delivery-u made_up_event happened".to_owned());
    let form = format!("payload={}", percent_encode(&payload("issues.edited")));
    let headers = signed(
        "issues",
        "delivery-f",
        "application/x-www-form-urlencoded",
        form.as_bytes(),
    );
    assert_eq!(post(port, &headers, form.as_bytes()), 204, "form");
    expected.push("delivery-f issues edited".to_owned());
    let body = payload("issues.opened.1");
    let headers = signed(
        "issues",
        "delivery-c",
        "application/json; charset=utf-8",
        &body,
    );
    assert_eq!(post(port, &headers, &body), 204, "json with charset");
    expected.push("delivery-c issues opened".to_owned());

    // A value of another type than the docs say is drift, received.
    let drifted = br#"{"action":"opened","issue":{"number":"not a number"}}"#;
    let headers = signed("issues", "drift-1", "application/json", drifted);
    assert_eq!(post(port, &headers, drifted), 204, "ill-typed issues");
    expected.push("drift-1 issues opened".to_owned());

    // Rejected, and not printed.
    let body = payload("ping");
    let mut headers = signed("ping", "bad-1", "application/json", &body);
    let mut tampered = body.clone();
    tampered.push(b' ');
    assert_eq!(post(port, &headers, &tampered), 401, "tampered");
    headers.retain(|(n, _)| !n.to_ascii_lowercase().contains("signature"));
    assert_eq!(post(port, &headers, &body), 401, "unsigned");
    let headers = signed("ping", "bad-2", "text/plain", &body);
    assert_eq!(post(port, &headers, &body), 415, "text/plain");
    let bad = br#"{"action":"opened","issue":{"number":"#;
    let headers = signed("issues", "bad-3", "application/json", bad);
    assert_eq!(post(port, &headers, bad), 400, "not JSON");
    // Announced as over the default 25 MB cap; `Expect` keeps the body
    // unsent, so the answer comes before any of it.
    let mut headers = signed("ping", "bad-4", "application/json", &body);
    headers.push((
        "Content-Length".to_owned(),
        (delivery::DEFAULT_MAX_BODY + 1).to_string(),
    ));
    headers.push(("Expect".to_owned(), "100-continue".to_owned()));
    assert_eq!(post(port, &headers, b""), 413, "too large");

    // One line per accepted delivery, in order, and nothing else.
    let lines = server.printed(expected.len());
    assert_eq!(lines, expected);
}

/// Corpus payloads that our docs type differently from the 2021-08 corpus,
/// with the JSON path the parse error names; they are answered 400. Empty
/// since docs-input gives `installation.created_at` as Unix seconds, as the
/// corpus sends it; an entry here must fail to parse or the test fails.
const KNOWN_TYPE_MISMATCHES: &[(&str, &str)] = &[];

/// Every example payload of the real docs corpus, signed and posted under its
/// event name (the file name up to the first `.`): each is accepted and printed
/// once, unknown events (`integration_installation`) included, and a
/// form-encoded and a `charset=utf-8` delivery of corpus payloads as well.
#[test]
#[cfg_attr(not(shared_corpus), ignore = "needs ../shared/corpus")]
fn receiver_accepts_every_corpus_payload() {
    let dir = common::corpus().join("lib/webhooks/static/dotcom");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(
        files.len() > 90,
        "{} payloads in {}",
        files.len(),
        dir.display()
    );
    let server = start(&build_receiver());
    let port = server.port;
    let mut expected = Vec::new();
    let mut unknown = Vec::new();
    let mut mismatched = Vec::new();
    let mut deliveries: Vec<(String, String, &str, Vec<u8>)> = Vec::new();
    for path in &files {
        let file = path.file_name().unwrap().to_str().unwrap().to_owned();
        let event = file.split('.').next().unwrap().to_owned();
        deliveries.push((
            file,
            event,
            "application/json",
            std::fs::read(path).unwrap(),
        ));
    }
    let read = |name: &str| std::fs::read(dir.join(name)).unwrap();
    let form = format!(
        "payload={}",
        percent_encode(&read("pull_request.opened.payload.json"))
    );
    deliveries.push((
        "form: pull_request.opened".to_owned(),
        "pull_request".to_owned(),
        "application/x-www-form-urlencoded",
        form.into_bytes(),
    ));
    deliveries.push((
        "charset: push".to_owned(),
        "push".to_owned(),
        "application/json; charset=utf-8",
        read("push.payload.json"),
    ));

    for (n, (label, event, content_type, body)) in deliveries.iter().enumerate() {
        let id = format!("corpus-{n}");
        let status = post(port, &signed(event, &id, content_type, body), body);
        if let Some((_, json_path)) = KNOWN_TYPE_MISMATCHES.iter().find(|(f, _)| f == label) {
            assert_eq!(
                status, 400,
                "{label}: a known type mismatch is now accepted"
            );
            let err = generated::github::parse(event, body).expect_err(label);
            assert!(err.to_string().contains(json_path), "{label}: {err}");
            mismatched.push(label.clone());
            continue;
        }
        assert!(
            (200..300).contains(&status),
            "{label}: {status}; in process: {:?}",
            generated::github::parse(event, body).err()
        );
        if !generated::github::event_names().contains(&event.as_str()) {
            unknown.push(event.clone());
        }
        // The form body is the JSON percent-encoded; its action is the
        // documented one of the file it came from.
        let json: serde_json::Value = if content_type.starts_with("application/json") {
            serde_json::from_slice(body).unwrap()
        } else {
            serde_json::from_slice(&read("pull_request.opened.payload.json")).unwrap()
        };
        let action = json.get("action").and_then(|a| a.as_str()).unwrap_or("-");
        expected.push(format!("{id} {event} {action}"));
    }
    assert_eq!(
        mismatched.len(),
        KNOWN_TYPE_MISMATCHES.len(),
        "{mismatched:?}"
    );
    assert!(
        unknown.iter().any(|e| e == "integration_installation"),
        "{unknown:?}"
    );

    let lines = server.printed(expected.len());
    assert_eq!(lines, expected);
}
