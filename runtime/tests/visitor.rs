//! The visitor generated types deserialize through, on types written the
//! way codegen prints them: unknown keys and `null`s survive a round trip,
//! and a failure names its JSON path.

mod common;

use common::{parse, Event, IssuesAction};
use serde_json::{json, Value};

fn round_trip(event: &str, body: &Value) -> Event {
    let text = serde_json::to_vec(body).unwrap();
    let parsed = parse(event, &text).unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(serde_json::to_value(&parsed).unwrap(), *body);
    parsed
}

#[test]
fn unknown_keys_and_nulls_are_written_back() {
    let body = json!({
        "action": "opened",
        "issue": {"number": 7, "labels": [{"name": "bug", "color": "f00"}, {"name": null}], "title": null},
        "sender": {"login": "octocat"},
        "installation": null
    });
    let Event::Issues(payload) = round_trip("issues", &body) else {
        panic!("not typed");
    };
    assert_eq!(payload.action, Some(IssuesAction::Opened));
    let issue = payload.issue.as_ref().unwrap();
    assert_eq!(issue.number, 7);
    let labels = issue.labels.as_ref().unwrap();
    assert_eq!(labels[0].extra.value("color").unwrap(), "f00");
    assert_eq!(labels[0].extra.raw("color"), Some(r#""f00""#));
    assert_eq!(
        labels[0].extra.get_as::<&str>("color").unwrap().unwrap(),
        "f00"
    );
    assert!(labels[1].is_null("name") && labels[1].name.is_none());
    assert!(!labels[0].is_null("name"));
    // A null kept in `extra` is a null too; an absent key is not.
    assert!(issue.is_null("title") && payload.is_null("installation"));
    assert!(!payload.is_null("zen"));
    assert_eq!(payload.extra.value("sender").unwrap()["login"], "octocat");
    let mut keys: Vec<&str> = payload.extra.keys().collect();
    keys.sort_unstable();
    assert_eq!(keys, ["installation", "sender"]);
}

#[test]
fn open_enums_keep_unknown_values() {
    let body = json!({"action": "transferred"});
    let Event::Issues(payload) = round_trip("issues", &body) else {
        panic!("not typed");
    };
    assert_eq!(
        payload.action,
        Some(IssuesAction::Other("transferred".into()))
    );
}

#[test]
fn a_repeated_key_keeps_its_last_value() {
    let parsed = parse(
        "issues",
        br#"{"issue":{"number":1,"number":2,"labels":[{"name":null,"name":"b"}]}}"#,
    )
    .unwrap();
    let Event::Issues(payload) = parsed else {
        panic!("not typed");
    };
    let issue = payload.issue.as_ref().unwrap();
    assert_eq!(issue.number, 2);
    let label = &issue.labels.as_ref().unwrap()[0];
    assert_eq!(label.name.as_deref(), Some("b"));
    // The value wins over the `null` sent before it.
    assert_eq!(
        serde_json::to_value(&*payload).unwrap(),
        json!({"issue": {"number": 2, "labels": [{"name": "b"}]}})
    );
}

#[test]
fn a_missing_plain_field_is_drift_and_strict_mode_rejects_it() {
    let body = br#"{"action":"opened","issue":{"labels":[{"name":"a","x":1}]}}"#;
    let sent: Value = serde_json::from_slice(body).unwrap();
    // By default the delivery parses: the field holds its default, the
    // drift names it, and serializing leaves it out again.
    let event = parse("issues", body).unwrap();
    let Event::Issues(payload) = &event else {
        panic!("not typed");
    };
    let issue = payload.issue.as_ref().unwrap();
    assert_eq!(issue.number, 0);
    assert_eq!(issue.extra.absent(), ["number"]);
    let drift = event.drift();
    assert_eq!(drift.missing, [".issue.number"]);
    assert_eq!(drift.undocumented, [".issue.labels[0].x"]);
    assert_eq!(serde_json::to_value(&event).unwrap(), sent);
    // A value set since is written.
    let mut changed = (**payload).clone();
    changed.issue.as_mut().unwrap().number = 7;
    assert_eq!(
        serde_json::to_value(&changed).unwrap()["issue"]["number"],
        7
    );
    // Strict: the error names the path and hands back the payload.
    let err = common::parse_strict("issues", body).unwrap_err();
    assert_eq!(err.path(), ".issue.number");
    assert!(
        err.to_string()
            .starts_with("issues: .issue.number: missing field"),
        "{err}"
    );
    assert_eq!(err.payload(), Some(&sent));
    // Strict mode ends with the call.
    assert!(parse("issues", body).is_ok());
    // Not JSON: nothing to hand back.
    assert_eq!(parse("issues", b"{").unwrap_err().into_payload(), None);
}

#[test]
fn a_null_plain_field_is_drift_written_back_as_null() {
    let body = br#"{"issue":{"number":null}}"#;
    let event = parse("issues", body).unwrap();
    let Event::Issues(payload) = &event else {
        panic!("not typed");
    };
    let issue = payload.issue.as_ref().unwrap();
    assert_eq!(issue.number, 0);
    assert!(issue.is_null("number"));
    assert!(issue.extra.absent().is_empty());
    assert_eq!(event.drift().missing, [".issue.number"]);
    assert!(event.drift().undocumented.is_empty());
    assert_eq!(
        serde_json::to_value(&event).unwrap(),
        serde_json::from_slice::<Value>(body).unwrap()
    );
    // Strict: `null` is an error at the same path, with the payload.
    let err = common::parse_strict("issues", body).unwrap_err();
    assert_eq!(err.path(), ".issue.number");
    assert!(err.payload().is_some());
}

#[test]
fn a_payload_as_documented_has_no_drift() {
    let event = parse("issues", br#"{"issue":{"number":1,"labels":[]}}"#).unwrap();
    assert!(event.drift().is_empty(), "{}", event.drift());
    assert!(parse("other", b"{}").unwrap().drift().undocumented == ["."]);
}

#[test]
fn a_value_of_another_type_is_drift_kept_in_its_place() {
    // A string where the docs say an integer, an object where they say a
    // string, a `null` in a list of objects: each is kept where it was
    // sent, the fields hold their defaults, and the drift names them.
    let body = br#"{"action":"opened","issue":{"number":{"old":1,"new":2},"labels":[{"name":5},{"name":"b"}],"x":[1]}}"#;
    let sent: Value = serde_json::from_slice(body).unwrap();
    let event = parse("issues", body).unwrap_or_else(|err| panic!("{err}"));
    let Event::Issues(payload) = &event else {
        panic!("not typed");
    };
    assert_eq!(payload.action, Some(IssuesAction::Opened));
    let issue = payload.issue.as_ref().unwrap();
    assert_eq!(issue.number, 0);
    assert_eq!(
        issue.extra.value("number"),
        Some(json!({"old": 1, "new": 2}))
    );
    let labels = issue.labels.as_ref().unwrap();
    assert_eq!(
        (labels[0].name.as_deref(), labels[1].name.as_deref()),
        (None, Some("b"))
    );
    let drift = event.drift();
    assert_eq!(drift.mismatched, [".issue.number", ".issue.labels[0].name"]);
    assert_eq!(drift.undocumented, [".issue.x"]);
    assert!(drift.missing.is_empty());
    assert_eq!(serde_json::to_value(&event).unwrap(), sent);
    assert!(
        drift.to_string().contains("mismatched: .issue.number"),
        "{drift}"
    );

    let nulls = br#"{"issue":{"number":1,"labels":[null]}}"#;
    let event = parse("issues", nulls).unwrap();
    assert_eq!(event.drift().mismatched, [".issue.labels"]);
    assert_eq!(
        serde_json::to_value(&event).unwrap(),
        serde_json::from_slice::<Value>(nulls).unwrap()
    );

    // Strict: the first such value is the error, with the payload.
    let err = common::parse_strict("issues", body).unwrap_err();
    assert_eq!(err.path(), ".issue.number");
    assert_eq!(err.payload(), Some(&sent));
    // Not an object at all is no payload of the event, in either mode.
    assert_eq!(parse("issues", b"[]").unwrap_err().path(), ".");
}

#[test]
fn errors_name_the_json_path() {
    let cases: [(&[u8], &str); 5] = [
        (
            br#"{"issue":{"labels":[{"name":"a"},{"name":5}]}}"#,
            ".issue.labels[1].name",
        ),
        (br#"{"issue":{"number":"seven"}}"#, ".issue.number"),
        (br#"{"issue":{"labels":[null]}}"#, ".issue.labels[0]"),
        (br#"{"issue":{"odd key":[}}"#, ".issue[\"odd key\"]"),
        (br#"[]"#, "."),
    ];
    for (body, path) in cases {
        let err = common::parse_strict("issues", body).expect_err(path);
        assert_eq!(err.path(), path, "{err}");
        assert_eq!(err.event(), "issues");
        assert!(
            err.to_string().starts_with(&format!("issues: {path}: ")),
            "{err}"
        );
    }
    // The path of one failure does not leak into the next.
    let err = parse("issues", b"{").unwrap_err();
    assert_eq!(err.path(), ".");
    assert!(err.json_error().is_eof());
}

#[test]
fn unknown_events_are_json_and_bodies_must_be_utf8() {
    let body = json!({"action": "poked", "list": [1, null, {"deep": [2.5]}]});
    let event = round_trip("not_documented", &body);
    assert_eq!(
        (event.name(), event.action()),
        ("not_documented", Some("poked"))
    );
    let err = parse("issues", b"{\"issue\":{\"labels\":[{\"name\":\"\xff\"}]}}").unwrap_err();
    assert!(err.json_error().to_string().contains("line 1"), "{err}");
    assert!(parse("not_documented", b"\"\xc3\x28\"").is_err());
    // Floats come back as they were sent.
    round_trip("not_documented", &json!({"x": 8.88888888888889e83}));
}
