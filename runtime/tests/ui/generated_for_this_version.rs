// What generated code for this runtime says.
webhook_runtime::generated_for!("0.1.0");

fn main() {}
