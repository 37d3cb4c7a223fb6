//! Rust back-end: the typed crate.
//!
//! [`generate_crate`] prints the whole crate from the IR: `Cargo.toml`, one
//! module per provider (types, `Event`, `parse`, the vendor's signature and
//! header configuration), the example payloads and tests that check them.
//! What does not depend on the docs (the visitor the types parse through,
//! signature checks, validation) is the hand-written `webhook-runtime`
//! crate, which the generated code names by absolute path. It never invents
//! identifiers beyond a few fixed ones, settled in [`plan`].
//!
//! The files import one way, and `tests/backend_imports.rs` fails on a
//! cycle: [`plan`] decides from the IR (names, features, gates, boxing,
//! example files) and knows no printer; each printer (`event`, `types`,
//! `serde_impls`, `by_action`, `macros`, `validate`, `schemars_impls`,
//! `delivery`, `test_suite`, `cargo`) reads the plan and returns tokens or
//! text; [`module`] alone calls the printers and puts files together, and
//! [`single_file`] reshapes its provider modules into the one file a build
//! script includes. `tokens`, `output`, `settings` and `action_expr` are
//! helpers that import no printer.

mod action_expr;
mod by_action;
mod cargo;
mod delivery;
mod event;
mod macros;
mod module;
mod output;
mod plan;
mod schemars_impls;
mod serde_impls;
mod settings;
mod single_file;
mod test_suite;
mod tokens;
mod types;
mod validate;

#[cfg(test)]
mod tests;

pub use module::{generate_crate, single_module};
pub use output::{BackendError, OutputFile, PREAMBLE};
pub use settings::{CrateSettings, RuntimeDependency, RUNTIME_VERSION};
pub use single_file::{parse_module_path, DATA_DIR};
