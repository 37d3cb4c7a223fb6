use generated::event;

fn main() {
    let _ = event!(gitlab, "push");
}
