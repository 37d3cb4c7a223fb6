use generated::event;
use generated::github::{Event, EventKey, IssuesAction, IssuesEvent, PullRequestAction, PullRequestEvent};

const OPENED: EventKey<'static> = event!(github, "pull_request.opened");

fn main() {
    let parsed = Event::PullRequest(Box::new(PullRequestEvent {
        action: PullRequestAction::Opened,
        ..Default::default()
    }));
    assert_eq!(parsed.event_name(), event!(github, "pull_request"));
    assert_eq!(parsed.key(), OPENED);
    let handled = match parsed.key() {
        event!(github, "pull_request.closed") => "closed",
        event!(github, "pull_request.opened") => "opened",
        event!(github, "issues.opened") => "issue opened",
        _ => "other",
    };
    assert_eq!(handled, "opened");

    let issue = Event::Issues(Box::new(IssuesEvent {
        action: IssuesAction::Closed,
        ..Default::default()
    }));
    assert!(matches!(issue.key(), event!(github, "issues.closed")));
    assert!(!matches!(issue.key(), event!(github, "issues.opened")));
}
