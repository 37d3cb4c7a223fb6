use generated::{event, EventKey};

const OPENED: EventKey<'static> = event!("pull_request.opend");

fn main() {
    let _ = OPENED;
}
