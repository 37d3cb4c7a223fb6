use generated::event;
use generated::github::EventName;

const E: EventName = event!(github, "issuez");

fn main() {
    let _ = E;
}
