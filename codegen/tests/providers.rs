//! The committed `generated/` crate covers both vendors of `docs-input/`:
//! GitHub's reference and the licensing vendor's event catalog, each in its
//! own module.

mod common;

/// Event names of the seed's catalog table (`| **name** | |` rows), as spelled.
fn seed_names(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("| **"))
        .filter_map(|l| l.split_once("**").map(|(name, _)| name.to_string()))
        .collect()
}

#[test]
#[cfg_attr(not(shared_seeds), ignore = "needs ../shared/seeds")]
fn every_catalog_name_of_the_seed_is_a_licensing_event_as_spelled() {
    let text = std::fs::read_to_string(common::seed("000")).unwrap();
    let expected = seed_names(&text);
    assert_eq!(expected.len(), 42, "{expected:?}");
    let names = generated::licensing::event_names();
    assert_eq!(names.len(), expected.len(), "{names:?}");
    for name in &expected {
        assert!(
            names.contains(&name.as_str()),
            "`{name}` missing from {names:?}"
        );
    }
    // Case is part of the name: the vendor sends `User.deleted`, not `user.deleted`.
    assert!(!names.contains(&"user.deleted"));
}

#[test]
fn licensing_payloads_parse_typed_with_the_envelope() {
    let body = br#"{"event":"productkey.created","data":{"id":7,"key":"K-1"},"triggeredAt":"2024-03-01T09:20:41Z"}"#;
    let parsed = generated::licensing::parse("productkey.created", body).unwrap();
    assert!(!parsed.is_unknown());
    assert_eq!(parsed.name(), "productkey.created");
    let generated::licensing::Event::ProductkeyCreated(event) = &parsed else {
        panic!("parsed as {parsed:?}");
    };
    assert_eq!(event.event.as_deref(), Some("productkey.created"));
    assert_eq!(
        event.triggered_at.as_ref().and_then(|t| t.as_text()),
        Some("2024-03-01T09:20:41Z")
    );
    assert!(event.data.is_some());
    assert_eq!(serde_json::to_vec(&parsed).unwrap(), body.to_vec());
    // Each vendor's names are its own.
    assert!(generated::github::parse("productkey.created", body)
        .unwrap()
        .is_unknown());
    assert!(generated::github::event_names().contains(&"issues"));
}

#[test]
fn both_providers_have_schemas_and_the_licensing_signature_is_base64() {
    let root = common::workspace();
    for path in [
        "schemas/github/issues.schema.json",
        "schemas/licensing/PaymentMethod.updated.schema.json",
        "schemas/licensing/user.created.schema.json",
    ] {
        assert!(root.join(path).is_file(), "{path} missing");
    }
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            root.join("schemas/licensing/trialActivation.created.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    for key in ["event", "data", "triggeredAt"] {
        assert!(schema["properties"].get(key).is_some(), "{key}: {schema}");
    }
    assert!(
        matches!(
            generated::licensing::SCHEMES,
            [generated::delivery::Scheme::HmacBase64 {
                header: "X-Licensing-Signature",
                algorithm: generated::delivery::Algorithm::Sha256,
            }]
        ),
        "{:?}",
        generated::licensing::SCHEMES
    );
    assert_eq!(
        generated::licensing::HEADER_NAMES.event,
        Some("X-Licensing-Event")
    );
}
