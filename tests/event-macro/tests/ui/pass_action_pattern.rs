use generated::event;
use generated::github::EventKey;

const OPENED: EventKey<'static> = event!(github, "pull_request.opened");

fn main() {
    let body = br#"{"action": "opened", "number": 1}"#;
    let parsed = generated::github::parse("pull_request", body).expect("parses");
    assert_eq!(parsed.event_name(), event!(github, "pull_request"));
    assert_eq!(parsed.key(), OPENED);
    let handled = match parsed.key() {
        event!(github, "pull_request.closed") => "closed",
        event!(github, "pull_request.opened") => "opened",
        event!(github, "issues.opened") => "issue opened",
        _ => "other",
    };
    assert_eq!(handled, "opened");

    let issue = generated::github::parse("issues", br#"{"action": "closed"}"#).expect("parses");
    assert!(matches!(issue.key(), event!(github, "issues.closed")));
    assert!(!matches!(issue.key(), event!(github, "issues.opened")));
}
