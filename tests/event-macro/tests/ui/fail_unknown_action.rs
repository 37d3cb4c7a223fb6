use generated::event;
use generated::github::EventKey;

const OPENED: EventKey<'static> = event!(github, "pull_request.opend");

fn main() {
    let _ = OPENED;
}
