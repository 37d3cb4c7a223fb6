//! The `axum` extractor end to end, in process: signed deliveries posted to
//! a router come back verified and parsed, bad ones get their status. Every
//! example payload of the docs corpus is posted once too (ignored, with the
//! reason, when `../shared/corpus` is absent).

#![cfg(feature = "axum")]

mod common;

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::routing::post;
use axum::Router;
use common::Event;
use tower::ServiceExt as _;
use webhook_runtime::delivery::{
    sign, Algorithm, Delivery, HeaderNames, Receiver, Scheme, Verifier,
};

const SECRET: &str = "e2e secret";

const SCHEME: Scheme = Scheme::HmacHex {
    header: "X-Hub-Signature-256",
    algorithm: Algorithm::Sha256,
    prefix: Some("sha256="),
};

const NAMES: HeaderNames = HeaderNames {
    delivery: Some("X-GitHub-Delivery"),
    ..HeaderNames::new("X-GitHub-Event")
};

/// Answers `<delivery id> <event> <action or -> <typed or json>` for every
/// accepted delivery.
fn app() -> Router {
    async fn accept(delivery: Delivery<Event>) -> String {
        let id = delivery.headers.delivery.as_deref().unwrap_or("-");
        let action = delivery.event.action().unwrap_or("-");
        let kind = match delivery.event {
            Event::Issues(_) => "typed",
            Event::Unknown { .. } => "json",
        };
        format!("{id} {} {action} {kind}", delivery.event.name())
    }
    let receiver = Arc::new(Receiver::new(NAMES, Verifier::new(&[SCHEME][..], SECRET)));
    Router::new().route("/", post(accept)).with_state(receiver)
}

fn signed(event: &str, id: &str, content_type: &str, body: &[u8]) -> Request<Body> {
    let mut request = Request::post("/")
        .header("X-GitHub-Event", event)
        .header("X-GitHub-Delivery", id)
        .header("Content-Type", content_type);
    for (name, value) in &sign(&SCHEME, SECRET, body, 0, id).expect("signing works") {
        request = request.header(name, value);
    }
    request.body(Body::from(body.to_vec())).unwrap()
}

async fn post_to(app: &Router, request: Request<Body>) -> (StatusCode, String) {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, String::from_utf8_lossy(&bytes).into_owned())
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

#[tokio::test]
async fn signed_deliveries_are_received_and_bad_ones_answered() {
    let app = app();
    let issue = br#"{"action":"opened","issue":{"number":1,"labels":[{"name":"bug"}]}}"#;
    let ok = |event, id, content_type, body: &[u8]| signed(event, id, content_type, body);
    assert_eq!(
        post_to(&app, ok("issues", "d-1", "application/json", issue)).await,
        (StatusCode::OK, "d-1 issues opened typed".to_owned())
    );
    let form = format!("payload={}", percent_encode(issue));
    let request = ok(
        "issues",
        "d-2",
        "application/x-www-form-urlencoded",
        form.as_bytes(),
    );
    assert_eq!(post_to(&app, request).await.1, "d-2 issues opened typed");
    let request = ok(
        "made_up",
        "d-3",
        "application/json; charset=utf-8",
        br#"{"action":"x"}"#,
    );
    assert_eq!(post_to(&app, request).await.1, "d-3 made_up x json");

    let mut tampered = ok("issues", "d-4", "application/json", issue);
    *tampered.body_mut() = Body::from(&br#"{"action":"closed"}"#[..]);
    assert_eq!(post_to(&app, tampered).await.0, StatusCode::UNAUTHORIZED);
    let mut unsigned = ok("issues", "d-5", "application/json", issue);
    unsigned.headers_mut().remove("x-hub-signature-256");
    assert_eq!(post_to(&app, unsigned).await.0, StatusCode::UNAUTHORIZED);
    let text = ok("issues", "d-6", "text/plain", issue);
    assert_eq!(
        post_to(&app, text).await.0,
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
    // A value of another type than the docs say is drift: received, typed.
    let ill_typed = br#"{"issue":{"number":"one"}}"#;
    let (status, message) = post_to(&app, ok("issues", "d-7", "application/json", ill_typed)).await;
    assert_eq!(status, StatusCode::OK, "{message}");
    assert!(message.ends_with("typed"), "{message}");
    // A body that is not JSON is the sender's error, answered with where.
    let broken = br#"{"issue":{"number":"#;
    let (status, message) = post_to(&app, ok("issues", "d-7b", "application/json", broken)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(message.contains("EOF"), "{message}");
    let mut huge = ok("issues", "d-8", "application/json", issue);
    let len = webhook_runtime::delivery::DEFAULT_MAX_BODY + 1;
    huge.headers_mut().insert("content-length", len.into());
    assert_eq!(post_to(&app, huge).await.0, StatusCode::PAYLOAD_TOO_LARGE);

    // A receiver that cannot verify anything is the operator's fault, and
    // says nothing more to the sender.
    let broken = Router::new()
        .route("/", post(|_: Delivery<Event>| async { "" }))
        .with_state(Arc::new(Receiver::new(
            NAMES,
            Verifier::new(&[SCHEME][..], ""),
        )));
    let (status, message) = post_to(&broken, ok("issues", "d-9", "application/json", issue)).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(message, "webhook receiver misconfigured");
}

/// Every example payload of the corpus, signed and posted under its event
/// name (its file name up to the first `.`): each is accepted, `issues`
/// typed, and the others as JSON.
#[tokio::test]
#[cfg_attr(not(shared_corpus), ignore = "needs ../shared/corpus")]
async fn every_corpus_payload_is_received() {
    let corpus = common::corpus();
    let dir = corpus.join("lib/webhooks/static/dotcom");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(
        files.len() > 90,
        "{} payloads in {}",
        files.len(),
        dir.display()
    );
    let app = app();
    let mut issues = 0;
    for (n, path) in files.iter().enumerate() {
        let name = path.file_name().unwrap().to_str().unwrap();
        let event = name.split('.').next().unwrap();
        let body = std::fs::read(path).unwrap();
        let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
        let action = json.get("action").and_then(|a| a.as_str()).unwrap_or("-");
        let id = format!("corpus-{n}");
        let (status, line) = post_to(&app, signed(event, &id, "application/json", &body)).await;
        assert_eq!(status, StatusCode::OK, "{name}: {line}");
        let kind = if event == "issues" { "typed" } else { "json" };
        assert_eq!(line, format!("{id} {event} {action} {kind}"), "{name}");
        issues += usize::from(event == "issues");
    }
    assert!(issues > 0, "no issues payload in {}", dir.display());
}
