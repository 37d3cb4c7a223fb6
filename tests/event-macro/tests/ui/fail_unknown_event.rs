use generated::{event, EventName};

const E: EventName = event!("issuez");

fn main() {
    let _ = E;
}
