//! What a handler and its tests write against the generated crate: plain
//! fields where the docs guarantee them, payloads built with struct
//! literals, a missing field as an error that hands the payload back, and
//! times as `Timestamp`s.

use generated::github::{
    parse, parse_strict, Event, Issue, IssuesAction, IssuesEvent, Repository, Timestamp, User,
};
use serde_json::{json, Value};

fn opened() -> Value {
    let example = generated::github::examples()
        .iter()
        .find(|e| e.event == "issues" && e.action == Some("opened"))
        .expect("a documented example");
    serde_json::from_slice(example.body).expect("examples are JSON")
}

#[test]
fn plain_fields_read_without_unwrapping() {
    let Event::Issues(e) = parse("issues", opened().to_string().as_bytes()).unwrap() else {
        panic!("not typed");
    };
    let number: i64 = e.issue.number;
    let login: &str = &e.sender.login;
    assert_eq!(number, opened()["issue"]["number"]);
    assert_eq!(login, opened()["sender"]["login"]);
    assert_eq!(e.action, IssuesAction::Opened);
}

#[test]
fn a_struct_literal_builds_a_payload_and_serializes_what_was_set() {
    let payload = IssuesEvent {
        action: IssuesAction::Opened,
        issue: Issue {
            number: 7,
            title: "Shuttle jams".into(),
            ..Default::default()
        },
        sender: User {
            login: "ada".into(),
            id: 1,
            ..Default::default()
        },
        repository: Repository {
            full_name: Some("ada/loom".into()),
            ..Default::default()
        },
        ..Default::default()
    };
    let written = serde_json::to_value(&payload).unwrap();
    // Plain fields are written; optional fields left at `None` are absent,
    // not `null`.
    assert_eq!(written["action"], "opened");
    assert_eq!(
        written["issue"],
        json!({"number": 7, "title": "Shuttle jams"})
    );
    assert_eq!(written["repository"], json!({"full_name": "ada/loom"}));
    assert!(written.get("changes").is_none(), "{written}");
    // And it reads back as the same payload.
    let back = parse("issues", written.to_string().as_bytes()).unwrap();
    assert_eq!(back, Event::Issues(Box::new(payload)));
}

#[test]
fn a_missing_plain_field_is_drift_and_strictly_an_error_that_hands_the_payload_back() {
    let mut body = opened();
    body["issue"].as_object_mut().unwrap().remove("number");
    // By default: parsed, the field at its default, the drift named, and
    // the payload written back as it came.
    let event = parse("issues", body.to_string().as_bytes()).unwrap();
    assert_eq!(event.drift().missing, [".issue.number"]);
    assert_eq!(serde_json::to_value(&event).unwrap(), body);
    let err = parse_strict("issues", body.to_string().as_bytes()).unwrap_err();
    assert_eq!(err.event(), "issues");
    assert_eq!(err.path(), ".issue.number");
    assert!(
        err.to_string()
            .starts_with("issues: .issue.number: missing field"),
        "{err}"
    );
    assert_eq!(err.payload(), Some(&body));
    assert_eq!(err.into_payload(), Some(body));

    // `null` for a plain field is drift too; strictly, its type's error.
    let mut body = opened();
    body["sender"]["login"] = Value::Null;
    let event = parse("issues", body.to_string().as_bytes()).unwrap();
    assert_eq!(event.drift().missing, [".sender.login"]);
    assert_eq!(serde_json::to_value(&event).unwrap(), body);
    let err = parse_strict("issues", body.to_string().as_bytes()).unwrap_err();
    assert_eq!(err.path(), ".sender.login");
    assert_eq!(err.payload(), Some(&body));

    // A body that is not JSON has no payload to hand back.
    let err = parse("issues", b"{not json").unwrap_err();
    assert_eq!(err.payload(), None);
}

#[test]
fn an_optional_field_sent_as_null_is_kept_and_written_back() {
    let mut body = opened();
    body["issue"]["body"] = Value::Null;
    let Event::Issues(e) = parse("issues", body.to_string().as_bytes()).unwrap() else {
        panic!("not typed");
    };
    assert_eq!(e.issue.body, None);
    assert!(e.issue.is_null("body"));
    assert!(!e.issue.is_null("title"));
    assert_eq!(serde_json::to_value(&*e).unwrap(), body);
}

#[test]
fn times_are_timestamps_that_keep_what_was_sent() {
    let mut body = opened();
    body["issue"]["created_at"] = json!("2019-05-15T15:20:30-07:00");
    let Event::Issues(e) = parse("issues", body.to_string().as_bytes()).unwrap() else {
        panic!("not typed");
    };
    let created: &Timestamp = e.issue.created_at.as_ref().expect("the example has one");
    assert_eq!(created.as_text(), Some("2019-05-15T15:20:30-07:00"));
    assert_eq!(created.unix_seconds().unwrap(), 1_557_958_830);
    assert_eq!(serde_json::to_value(&*e).unwrap(), body);
}
