use generated::{event, EventName};

fn describe(name: &EventName) -> &'static str {
    match name {
        event!("issues") => "an issue",
        event!("pull_request") | event!("pull_request_review") => "a pull request",
        EventName::Other(_) => "something undocumented",
        _ => "something else",
    }
}

fn main() {
    assert_eq!(describe(&"issues".parse().unwrap()), "an issue");
    assert_eq!(describe(&event!("pull_request_review")), "a pull request");
    assert_eq!(describe(&event!("push")), "something else");
    assert_eq!(describe(&"nope".parse().unwrap()), "something undocumented");
}
