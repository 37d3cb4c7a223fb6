//! Only tests: `tests/ui.rs` compiles `tests/ui/*.rs` against `generated`.
