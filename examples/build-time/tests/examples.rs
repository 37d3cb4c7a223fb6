//! Every documented example payload parses into its typed variant and
//! serializes back to the same JSON.

use std::path::Path;

// The docs describe two vendors, so the build writes a module per provider.
use build_time::webhooks::github as webhooks;
use build_time::webhooks::licensing;

#[test]
fn documented_examples_parse_typed_and_round_trip() {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs-input/lib/webhooks/static/dotcom");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let stem = path.file_stem().unwrap().to_str().unwrap();
        // `<event>` or `<event>.<action>`.
        let event = stem.split('.').next().unwrap();
        if !webhooks::event_names().contains(&event) {
            continue;
        }
        let body = std::fs::read(&path).unwrap();
        let parsed =
            webhooks::parse(event, &body).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(!parsed.is_unknown(), "{} parsed as unknown", path.display());
        assert_eq!(parsed.name(), event);
        let original: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(
            serde_json::to_value(&parsed).unwrap(),
            original,
            "{} does not round-trip",
            path.display()
        );
        checked += 1;
    }
    assert!(
        checked >= webhooks::event_names().len(),
        "only {checked} examples"
    );
}

#[test]
fn unknown_events_and_bad_bodies() {
    let unknown = webhooks::parse("no_such_event", br#"{"action":"x"}"#).unwrap();
    assert!(unknown.is_unknown());
    assert_eq!(unknown.action(), Some("x"));
    let name = webhooks::event_names()[0];
    assert!(webhooks::parse(name, b"not json").is_err());
}

#[test]
fn the_second_provider_is_its_own_module() {
    let body = br#"{"event":"user.created","data":{"id":1},"triggeredAt":"2024-01-01T00:00:00Z"}"#;
    let parsed = licensing::parse("user.created", body).unwrap();
    assert!(!parsed.is_unknown());
    assert_eq!(parsed.name(), "user.created");
    // Names are each vendor's own: GitHub's `issues` is unknown to the licensing module.
    assert!(licensing::parse("issues", b"{}").unwrap().is_unknown());
    assert!(licensing::event_names().contains(&"PaymentMethod.updated"));
    assert!(!webhooks::event_names().contains(&"user.created"));
}
