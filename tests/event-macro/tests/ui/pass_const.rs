use generated::event;
use generated::github::EventName;

const ISSUES: EventName = event!(github, "issues");

fn main() {
    assert_eq!(ISSUES, EventName::Issues);
    assert_eq!(ISSUES.as_str(), "issues");
    assert_eq!(ISSUES.to_string(), "issues");
    assert_eq!("pull_request".parse::<EventName>(), Ok(event!(github, "pull_request")));
    assert_eq!(
        "nope".parse::<EventName>(),
        Ok(EventName::Other("nope".to_string()))
    );
}
