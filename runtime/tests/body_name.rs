//! `parse_body` in one pass reads the same event as the name-then-parse it
//! replaced: wherever the naming key falls among the others, whichever
//! path names it, and with the same errors.

mod common;

use common::{parse, Event};
use serde_json::Value;
use webhook_runtime::__private as rt;

/// `meta.event`, else `kind`.
const PATHS: &[&[&str]] = &[&["meta", "event"], &["kind"]];

fn parse_body(body: &str) -> Result<Event, webhook_runtime::ParseError> {
    rt::parse_body(body.as_bytes(), PATHS)
}

/// The two passes `parse_body` replaced: the name, then `parse`.
fn two_passes(body: &str) -> Result<Event, webhook_runtime::ParseError> {
    let name = PATHS
        .iter()
        .find_map(|path| rt::string_at(body.as_bytes(), path))
        .unwrap_or_default();
    parse(&name, body.as_bytes())
}

/// Parses `body` both ways, checks they agree and that it writes back.
fn both(body: &str, name: &str) -> Event {
    let one = parse_body(body).unwrap_or_else(|err| panic!("{body}: {err}"));
    let two = two_passes(body).unwrap();
    assert_eq!(one, two, "{body}");
    assert_eq!(one.name(), name, "{body}");
    let text: Value = serde_json::from_str(body).unwrap();
    assert_eq!(serde_json::to_value(&one).unwrap(), text, "{body}");
    one
}

#[test]
fn the_name_may_come_before_among_or_after_the_other_keys() {
    for body in [
        r#"{"meta":{"event":"issues"},"action":"opened","issue":{"number":3,"x":[1]},"y":null}"#,
        r#"{"action":"opened","y":null,"meta":{"event":"issues"},"issue":{"number":3,"x":[1]}}"#,
        r#"{"action":"opened","issue":{"number":3,"x":[1]},"y":null,"meta":{"event":"issues"}}"#,
    ] {
        let Event::Issues(payload) = both(body, "issues") else {
            panic!("not typed: {body}");
        };
        assert_eq!(payload.issue.as_ref().unwrap().number, 3);
        assert_eq!(payload.extra.value("y"), Some(Value::Null));
    }
}

#[test]
fn the_first_path_wins_and_a_later_one_is_the_fallback() {
    // `kind` comes first but `meta.event` outranks it.
    let body = r#"{"kind":"push","action":"opened","meta":{"event":"issues"}}"#;
    assert_eq!(both(body, "issues").name(), "issues");
    let body = r#"{"kind":"issues","meta":{"event":7},"action":"opened"}"#;
    assert_eq!(both(body, "issues").name(), "issues");
    let body = r#"{"kind":"issues","action":"opened"}"#;
    assert_eq!(both(body, "issues").name(), "issues");
    // A repeated key: its first value counts.
    let body = r#"{"kind":"other","kind":"issues"}"#;
    assert_eq!(both(body, "other").name(), "other");
}

#[test]
fn a_body_without_a_name_is_unknown_with_its_payload() {
    let event = both(r#"{"action":"opened","n":[1,{"a":null}]}"#, "");
    assert!(matches!(event, Event::Unknown { .. }));
    let event = both("[1,2]", "");
    assert!(matches!(event, Event::Unknown { .. }));
}

#[test]
fn errors_are_those_of_parse() {
    // A value of another type than the docs say is drift either way, and
    // strictly the same error.
    for body in [
        r#"{"action":"opened","issue":{"number":"three"},"kind":"issues"}"#,
        r#"{"kind":"issues","issue":{"number":"three"}}"#,
    ] {
        let (one, two) = (parse_body(body).unwrap(), two_passes(body).unwrap());
        assert_eq!(one.drift(), two.drift(), "{body}");
        assert_eq!(one.drift().mismatched, [".issue.number"], "{body}");
        assert_eq!(
            serde_json::to_string(&one).unwrap(),
            serde_json::to_string(&two).unwrap()
        );
        let one = rt::strict(|| parse_body(body)).unwrap_err();
        let two = rt::strict(|| two_passes(body)).unwrap_err();
        assert_eq!(one.to_string(), two.to_string(), "{body}");
        assert_eq!(one.path(), two.path(), "{body}");
    }
    for body in [
        r#"{"kind":"issues","issue":{"number":3}"#,
        r#"{"kind":"issues"} trailing"#,
    ] {
        let one = parse_body(body).unwrap_err();
        let two = two_passes(body).unwrap_err();
        assert_eq!(one.to_string(), two.to_string(), "{body}");
        assert_eq!(one.path(), two.path(), "{body}");
        assert_eq!(one.payload(), two.payload(), "{body}");
    }
}

#[test]
fn strict_mode_holds_for_either_pass() {
    let body = r#"{"action":"opened","issue":{},"kind":"issues"}"#;
    assert!(parse_body(body).is_ok());
    let err = rt::strict(|| parse_body(body)).unwrap_err();
    assert_eq!(err.path(), ".issue.number");
}
