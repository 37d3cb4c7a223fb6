use generated::{event, EventKey};

const OPENED: EventKey<'static> = event!("pull_request.opened");

fn main() {
    let body = br#"{"action": "opened", "number": 1}"#;
    let parsed = generated::parse("pull_request", body).expect("parses");
    assert_eq!(parsed.event_name(), event!("pull_request"));
    assert_eq!(parsed.key(), OPENED);
    let handled = match parsed.key() {
        event!("pull_request.closed") => "closed",
        event!("pull_request.opened") => "opened",
        event!("issues.opened") => "issue opened",
        _ => "other",
    };
    assert_eq!(handled, "opened");

    let issue = generated::parse("issues", br#"{"action": "closed"}"#).expect("parses");
    assert!(matches!(issue.key(), event!("issues.closed")));
    assert!(!matches!(issue.key(), event!("issues.opened")));
}
