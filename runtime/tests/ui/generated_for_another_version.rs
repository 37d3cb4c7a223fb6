// What code generated for a later runtime says.
webhook_runtime::generated_for!("0.2.0");

fn main() {}
