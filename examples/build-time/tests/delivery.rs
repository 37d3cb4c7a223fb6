//! What the runtime adds to the included module: a signed delivery is
//! verified and then parsed, a tampered one is refused, bodies are checked
//! against the embedded schemas; and the crate's handler, which names events
//! with `event!`, sees them.

use build_time::webhooks::github;
use webhook_runtime::delivery::{self, DeliveryError};
use webhook_runtime::http::header::{HeaderMap, HeaderValue, CONTENT_TYPE};

const SECRET: &str = "It's a Secret to Everybody";

/// The headers GitHub would send with `body`, signed with its SHA-256 scheme.
fn signed(event: &'static str, body: &[u8]) -> HeaderMap {
    let scheme = github::SCHEMES
        .iter()
        .find(|s| s.algorithm() == delivery::Algorithm::Sha256)
        .expect("the docs describe a SHA-256 signature");
    let mut headers = delivery::sign(scheme, SECRET, body, 0, "").expect("signing works");
    let names = github::HEADER_NAMES;
    let header = names.event.expect("GitHub names the event in a header");
    headers.insert(header, HeaderValue::from_static(event));
    if let Some(id) = names.delivery {
        headers.insert(id, HeaderValue::from_static("delivery-1"));
    }
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers
}

fn example(event: &str, action: Option<&str>) -> &'static [u8] {
    github::examples()
        .iter()
        .find(|e| e.event == event && e.action == action)
        .expect("a documented example")
        .body
}

#[test]
fn a_signed_delivery_is_verified_then_parsed() {
    let body = example("issues", Some("labeled"));
    let headers = signed("issues", body);
    let (delivery, event) = github::receive(&github::receiver(SECRET), &headers, body)
        .expect("a signed documented example is accepted");
    assert_eq!(delivery.delivery.as_deref(), Some("delivery-1"));
    let github::Event::Issues(issues) = &event else {
        panic!("not typed: {}", event.name());
    };
    assert_eq!(issues.action, github::IssuesAction::Labeled);
    assert_eq!(build_time::triage(&event), "sort");
    let sent: serde_json::Value = serde_json::from_slice(body).unwrap();
    assert_eq!(serde_json::to_value(&event).unwrap(), sent);

    // The signature covers the body as sent: one byte more is refused.
    let mut tampered = body.to_vec();
    tampered.push(b' ');
    let err = github::receive(&github::receiver(SECRET), &headers, &tampered).unwrap_err();
    assert!(matches!(err, DeliveryError::Verify(_)), "{err}");
    assert_eq!(err.status(), 401);
    let err = github::receive(&github::receiver("not the secret"), &headers, body).unwrap_err();
    assert_eq!(err.status(), 401);
}

#[test]
fn a_verified_body_of_another_shape_is_drift_and_one_not_json_a_parse_error() {
    // A value of another type than the docs say is kept and named.
    let body = br#"{"action":"opened","issue":{"number":"one"}}"#;
    let (_, event) =
        github::receive(&github::receiver(SECRET), &signed("issues", body), body).unwrap();
    assert_eq!(event.drift().mismatched, [".issue.number"]);
    let body = br#"{"action":"opened","issue":{"number":"#;
    let err =
        github::receive(&github::receiver(SECRET), &signed("issues", body), body).unwrap_err();
    assert_eq!(err.status(), 400);
}

#[test]
fn bodies_are_checked_against_the_embedded_schemas() {
    let body = example("issues", Some("opened"));
    assert_eq!(github::validate("issues", body), Ok(()));
    let err =
        github::validate("issues", br#"{"action":"opened","issue":{"number":"one"}}"#).unwrap_err();
    assert!(
        err.errors().iter().any(|e| e.pointer == "/issue/number"),
        "{err}"
    );
    assert!(github::undocumented_fields("issues", body).is_empty());
    assert_eq!(
        github::undocumented_fields("issues", br#"{"action":"opened","surprise":1}"#),
        ["/surprise"]
    );
}

#[test]
fn the_handler_matches_on_checked_names() {
    let parse = |event, action| github::parse(event, example(event, action)).unwrap();
    assert_eq!(
        build_time::triage(&parse("pull_request", Some("opened"))),
        "review"
    );
    assert_eq!(build_time::triage(&parse("issues", Some("opened"))), "read");
    assert_eq!(build_time::triage(&parse("push", None)), "ignore");
    let unknown = github::parse("not_an_event", b"{}").unwrap();
    assert_eq!(build_time::triage(&unknown), "unknown");
    assert_eq!(build_time::WATCHED.as_str(), "issues");
}
