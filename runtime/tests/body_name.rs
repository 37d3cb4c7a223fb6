//! `parse_body` in one pass reads the same event as the name-then-parse it
//! replaced: wherever the naming key falls among the others, whichever
//! path names it, and with the same errors.

mod common;

use common::{parse, Event};
use serde_json::Value;
use webhook_runtime::__private as rt;

/// `meta.event`, else `kind`.
const PATHS: &[&[&str]] = &[&["meta", "event"], &["kind"]];

/// `kind`, else `meta.event`: a one-key first path, which `parse_body`
/// also looks for at the body's end.
const KIND_FIRST: &[&[&str]] = &[&["kind"], &["meta", "event"]];

fn parse_body(body: &str) -> Result<Event, webhook_runtime::ParseError> {
    rt::parse_body(body.as_bytes(), PATHS)
}

/// The two passes `parse_body` replaced: the name, then `parse`.
fn two_passes(body: &str) -> Result<Event, webhook_runtime::ParseError> {
    two_passes_at(PATHS, body)
}

fn two_passes_at(paths: &[&[&str]], body: &str) -> Result<Event, webhook_runtime::ParseError> {
    let name = paths
        .iter()
        .find_map(|path| rt::string_at(body.as_bytes(), path))
        .unwrap_or_default();
    parse(&name, body.as_bytes())
}

/// Parses `body` both ways, checks they agree and that it writes back.
fn both(body: &str, name: &str) -> Event {
    both_at(PATHS, body, name)
}

fn both_at(paths: &[&[&str]], body: &str, name: &str) -> Event {
    let one = rt::parse_body::<Event>(body.as_bytes(), paths)
        .unwrap_or_else(|err| panic!("{body}: {err}"));
    let two = two_passes_at(paths, body).unwrap();
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
    // Unless the first is no string.
    let body = r#"{"meta":{"event":7},"kind":"push","meta":{"event":"issues"}}"#;
    assert_eq!(both(body, "issues").name(), "issues");
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

#[test]
fn a_name_last_is_read_from_the_end_and_a_repeated_key_still_counts_first() {
    for (body, name) in [
        // Read from the end.
        (
            r#"{"action":"opened","issue":{"number":3},"kind":"issues"}"#,
            "issues",
        ),
        (
            " {\n \"issue\" : {\"number\":3} ,\t\"kind\"\r: \"issues\" \n} \n",
            "issues",
        ),
        (r#"{"kind":"issues"}"#, "issues"),
        (
            r#"{"action":"opened","kind":"no-such-event"}"#,
            "no-such-event",
        ),
        // The key earlier too: of a repeated key the first counts.
        (
            r#"{"kind":"other","issue":{"number":3},"kind":"issues"}"#,
            "other",
        ),
        // Spelled with an escape earlier: the same key, first.
        (r#"{"\u006bind":"other","kind":"issues"}"#, "other"),
        // Only nested, or in a string: not this object's last key.
        (r#"{"x":{"kind":"push"},"kind":"issues"}"#, "issues"),
        (r#"{"x":"a \"kind\":\"push\"}","kind":"issues"}"#, "issues"),
        (r#"{"kind":"issues","x":{"kind":"push"}}"#, "issues"),
        (r#"{"kind":"issues","x":"\"kind\":\"push\""}"#, "issues"),
        // Escapes in the name, or a quote that ends no string.
        (r#"{"action":"opened","kind":"iss\u0075es"}"#, "issues"),
        (r#"{"action":"opened","kind":"a\\"}"#, "a\\"),
        // Read ahead: among the first keys, after nested values.
        (
            r#"{"action":"opened","kind":"issues","issue":{"number":3}}"#,
            "issues",
        ),
        (
            r#"{"x":[{"kind":"push"},"]}"],"kind":"issues","y":{"kind":"push"}}"#,
            "issues",
        ),
        (
            r#"{"kind":"issues","action":"opened","kind":"push","y":1}"#,
            "issues",
        ),
        // The first value no string: a later one counts (found by fuzzing).
        (r#"{"kind":7,"action":"opened","kind":"issues"}"#, "issues"),
        (
            r#"{"meta":{"event":7},"kind":"push","meta":{"event":"issues"}}"#,
            "push",
        ),
        // Another path's key last: `kind` may still come first.
        (r#"{"kind":"issues","meta":{"event":"push"}}"#, "issues"),
        (r#"{"action":"opened","meta":{"event":"issues"}}"#, "issues"),
    ] {
        both_at(KIND_FIRST, body, name);
    }
    // Past where `parse_body` reads ahead, and not last: held for.
    let long = format!(
        r#"{{"x":"{}","kind":"issues","issue":{{"number":3}}}}"#,
        "a".repeat(600)
    );
    both_at(KIND_FIRST, &long, "issues");
}

#[test]
fn a_name_read_from_the_end_gives_the_errors_of_parse() {
    for body in [
        r#"{"issue":{"number":"three"},"kind":"issues"}"#,
        r#"{"issue":{},"kind":"issues"}"#,
    ] {
        let one = rt::parse_body::<Event>(body.as_bytes(), KIND_FIRST).unwrap();
        let two = two_passes_at(KIND_FIRST, body).unwrap();
        assert_eq!(one, two, "{body}");
        assert_eq!(one.drift(), two.drift(), "{body}");
        let one = rt::strict(|| rt::parse_body::<Event>(body.as_bytes(), KIND_FIRST)).unwrap_err();
        let two = rt::strict(|| two_passes_at(KIND_FIRST, body)).unwrap_err();
        assert_eq!(one.to_string(), two.to_string(), "{body}");
        assert_eq!(one.path(), two.path(), "{body}");
    }
    for body in [
        r#"{"issue":{"number":3,,"kind":"issues"}"#,
        r#"["kind","issues"}"#,
        r#"{"issue":{"number":3},"kind":"issues"}}"#,
    ] {
        let one = rt::parse_body::<Event>(body.as_bytes(), KIND_FIRST).unwrap_err();
        let two = two_passes_at(KIND_FIRST, body).unwrap_err();
        assert_eq!(one.to_string(), two.to_string(), "{body}");
        assert_eq!(one.path(), two.path(), "{body}");
        assert_eq!(one.payload(), two.payload(), "{body}");
    }
}

#[test]
fn the_receivers_fallback_name_counts_only_without_one_in_the_body() {
    let or =
        |body: &str, header: &str| rt::parse_body_or::<Event>(body.as_bytes(), KIND_FIRST, header);
    // No name in the body: the header's, as `parse` with it.
    for body in [
        r#"{"action":"opened","issue":{"number":3}}"#,
        r#"{"action":"opened","kind":7,"meta":{}}"#,
    ] {
        let event = or(body, "issues").unwrap();
        assert_eq!(event, parse("issues", body.as_bytes()).unwrap(), "{body}");
        assert!(matches!(event, Event::Issues(_)), "{body}");
    }
    // A name in the body, first, held, or last: the body's.
    for body in [
        r#"{"kind":"issues","issue":{"number":3}}"#,
        r#"{"issue":{"number":3},"meta":{"event":"issues"}}"#,
        r#"{"issue":{"number":3},"kind":"issues"}"#,
    ] {
        assert_eq!(or(body, "push").unwrap().name(), "issues", "{body}");
    }
    // A body that is not JSON names nothing: the header's name, as
    // reading the name first and then parsing gave.
    let body = r#"{"kind":"issues","issue":{"number":3}"#;
    let err = or(body, "push").unwrap_err();
    assert_eq!(err.event(), "push");
    let two = parse("push", body.as_bytes()).unwrap_err();
    assert_eq!(err.to_string(), two.to_string());
}

#[test]
fn every_order_of_keys_reads_as_the_two_passes_did() {
    // Each the naming key or something that looks like it: repeated,
    // holding no string, nested, spelled with an escape, inside a string.
    let members = [
        r#""kind":"issues""#,
        r#""kind":"push""#,
        r#""kind":{"number":3}"#,
        r#""x":{"kind":"other","s":"}\"]"}"#,
        r#""\u006bind":"escaped""#,
        r#""y":"\",\"kind\":\"quoted\"""#,
    ];
    let mut order: Vec<usize> = (0..members.len()).collect();
    let mut bodies = 0;
    // Heap's algorithm: every permutation, and of each every prefix.
    let mut c = vec![0; order.len()];
    let mut check = |order: &[usize]| {
        for len in 1..=order.len() {
            let body = format!(
                "{{{}}}",
                order[..len]
                    .iter()
                    .map(|&i| members[i])
                    .collect::<Vec<_>>()
                    .join(" , ")
            );
            for paths in [PATHS, KIND_FIRST] {
                let one = rt::parse_body::<Event>(body.as_bytes(), paths).unwrap();
                let two = two_passes_at(paths, &body).unwrap();
                assert_eq!(one, two, "{body}");
                assert_eq!(one.name(), two.name(), "{body}");
            }
            bodies += 1;
        }
    };
    check(&order);
    let mut i = 0;
    while i < order.len() {
        if c[i] < i {
            order.swap(if i % 2 == 0 { 0 } else { c[i] }, i);
            check(&order);
            c[i] += 1;
            i = 0;
        } else {
            c[i] = 0;
            i += 1;
        }
    }
    assert_eq!(bodies, 720 * 6);
}
