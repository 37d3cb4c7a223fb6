//! `by_action()`: a payload by its action, with the fields the docs give
//! that action unwrapped, and everything else as `Other`.

use generated::github::{parse, parse_strict, Event, IssuesAction, IssuesByAction, IssuesEvent};
use serde_json::Value;

fn example(action: &str) -> Value {
    let example = generated::github::examples()
        .iter()
        .find(|e| e.event == "issues" && e.action == Some(action))
        .expect("a documented example");
    serde_json::from_slice(example.body).expect("examples are JSON")
}

fn issues(body: &Value) -> IssuesEvent {
    match parse("issues", body.to_string().as_bytes()).expect("parses") {
        Event::Issues(payload) => *payload,
        other => panic!("not typed: {other:?}"),
    }
}

#[test]
fn documented_actions_give_their_fields() {
    let edited = issues(&example("edited"));
    let IssuesByAction::Edited { changes } = edited.by_action() else {
        panic!("{:?}", edited.by_action());
    };
    assert_eq!(Some(changes), edited.changes.as_ref());

    let labeled = issues(&example("labeled"));
    let IssuesByAction::Labeled { label } = labeled.by_action() else {
        panic!("{:?}", labeled.by_action());
    };
    assert_eq!(Some(label), labeled.label.as_ref());

    let opened = issues(&example("opened"));
    assert_eq!(opened.by_action(), IssuesByAction::Opened);
}

/// The docs tie `assignee` to `assigned` in prose, and no example shows the
/// action: the field is the action's, but optional.
#[test]
fn a_field_the_docs_tie_to_an_action_is_optional_without_examples() {
    let mut body = example("opened");
    body["action"] = "assigned".into();
    let payload = issues(&body);
    assert_eq!(payload.assignee, None);
    assert_eq!(
        payload.by_action(),
        IssuesByAction::Assigned { assignee: None }
    );

    body["assignee"] = body["sender"].clone();
    let payload = issues(&body);
    assert!(payload.assignee.is_some());
    assert_eq!(
        payload.by_action(),
        IssuesByAction::Assigned {
            assignee: payload.assignee.as_ref()
        }
    );
}

#[test]
fn a_missing_field_or_an_unlisted_action_is_other_with_the_payload() {
    let mut body = example("edited");
    body.as_object_mut().unwrap().remove("changes");
    let payload = issues(&body);
    assert_eq!(payload.by_action(), IssuesByAction::Other(&payload));

    let mut body = example("edited");
    body["action"] = "archived".into();
    let payload = issues(&body);
    assert_eq!(payload.action, IssuesAction::Other("archived".into()));
    assert_eq!(payload.by_action(), IssuesByAction::Other(&payload));

    // Every `issues` payload has an action (a plain field): one without is
    // drift, its action the default `Other("")`, named by `drift()`; strictly
    // an error naming it, with the payload handed back.
    let mut body = example("opened");
    body.as_object_mut().unwrap().remove("action");
    let text = body.to_string();
    let payload = issues(&body);
    assert_eq!(payload.by_action(), IssuesByAction::Other(&payload));
    let event = parse("issues", text.as_bytes()).unwrap();
    assert_eq!(event.drift().missing, [".action"]);
    assert_eq!(serde_json::to_value(&event).unwrap(), body);
    let err = parse_strict("issues", text.as_bytes()).unwrap_err();
    assert_eq!(err.path(), ".action");
    assert_eq!(err.payload(), Some(&body));
}
