use generated::event;
use generated::github::EventName;

fn describe(name: &EventName) -> &'static str {
    match name {
        event!(github, "issues") => "an issue",
        event!(github, "pull_request") | event!(github, "pull_request_review") => "a pull request",
        EventName::Other(_) => "something undocumented",
        _ => "something else",
    }
}

fn main() {
    assert_eq!(describe(&"issues".parse().unwrap()), "an issue");
    assert_eq!(describe(&event!(github, "pull_request_review")), "a pull request");
    assert_eq!(describe(&event!(github, "push")), "something else");
    assert_eq!(describe(&"nope".parse().unwrap()), "something undocumented");
}
