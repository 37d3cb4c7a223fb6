use generated::event;
use generated::licensing::EventName;

// Catalog names keep the vendor's case and contain a dot: the whole name is an event, not `event.action`.
const PAYMENT_UPDATED: EventName = event!(licensing, "PaymentMethod.updated");

fn main() {
    assert_eq!(PAYMENT_UPDATED.as_str(), "PaymentMethod.updated");
    let body = br#"{"event":"User.deleted","data":{},"triggeredAt":"2024-01-01T00:00:00Z"}"#;
    let parsed = generated::licensing::parse("User.deleted", body).unwrap();
    assert_eq!(parsed.event_name(), event!(licensing, "User.deleted"));
    assert_ne!(parsed.event_name(), event!(licensing, "user.updated"));
}
