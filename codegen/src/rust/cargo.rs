//! `Cargo.toml` of the generated crate.

use std::fmt::Write as _;

use super::output::PREAMBLE;
use super::plan::features::CRATE_FEATURES;
use super::plan::CratePlan;
use super::settings::{CrateSettings, RuntimeDependency, RUNTIME_VERSION};

pub(crate) fn manifest(plan: &CratePlan<'_>, settings: &CrateSettings) -> String {
    let mut out = String::new();
    let features: Vec<&str> = plan
        .providers
        .iter()
        .flat_map(|p| p.features.iter().map(String::as_str))
        .collect();
    // `writeln!` into a `String` cannot fail.
    let _ = writeln!(out, "# {PREAMBLE}");
    let _ = writeln!(out, "[package]");
    let _ = writeln!(out, "name = {}", toml_str(&settings.crate_name));
    let _ = writeln!(out, "version = {}", toml_str(&settings.version));
    let _ = writeln!(out, "edition = \"2021\"");
    let _ = writeln!(out, "publish = false");
    out.push('\n');
    // Descriptions copied from vendor docs may hold code blocks that are
    // not Rust.
    let _ = writeln!(out, "[lib]\ndoctest = false\n");
    let _ = writeln!(out, "[dependencies]");
    let _ = writeln!(out, "serde = \"1\"");
    // The runtime turns on serde_json's `float_roundtrip`, which lossless
    // write-back needs.
    let _ = writeln!(out, "serde_json = \"1\"");
    let _ = writeln!(out, "{}", runtime_dependency(&settings.runtime));
    out.push_str(DEPENDENCIES);
    out.push('\n');
    let _ = writeln!(out, "[dev-dependencies]");
    let _ = writeln!(
        out,
        "jsonschema = {{ version = \"0.26\", default-features = false }}"
    );
    let _ = writeln!(out, "{DEV_DEPENDENCIES}");
    let _ = writeln!(out, "[features]");
    let defaults: Vec<String> = ["delivery", "undocumented"]
        .iter()
        .chain(&features)
        .map(|f| toml_str(f))
        .collect();
    let _ = writeln!(out, "default = [{}]", defaults.join(", "));
    for (feature, enables) in CRATE_FEATURES {
        let enables: Vec<String> = enables.iter().map(|f| format!("\"{f}\"")).collect();
        let _ = writeln!(out, "{feature} = [{}]", enables.join(", "));
    }
    for feature in &features {
        let _ = writeln!(out, "{} = []", toml_key(feature));
    }
    out.push('\n');
    out.push_str(LINTS);
    if plan.receiver().is_some() {
        out.push_str("\n[[example]]\nname = \"receiver\"\nrequired-features = [\"axum\"]\n");
    }
    if settings.standalone {
        let _ = writeln!(out, "\n[workspace]");
    }
    out
}

/// The lints of this project's workspace, spelled out: the crate is built in
/// its users' workspaces, where `workspace = true` would inherit theirs or
/// fail, and the generated code is kept clean under these
/// (`tests/lints.rs` holds them equal to the workspace's `[workspace.lints]`).
const LINTS: &str = "\
[lints.rust]
unsafe_code = \"forbid\"
rust_2018_idioms = { level = \"warn\", priority = -1 }

[lints.clippy]
all = { level = \"warn\", priority = -1 }
";

/// `[dependencies]` lines of the crate's optional features.
const DEPENDENCIES: &str =
    "schemars = { version = \"1\", default-features = false, features = [\"std\"], optional = true }\n";

/// `[dev-dependencies]` lines of the `receiver` example.
const DEV_DEPENDENCIES: &str = "\
axum = { version = \"0.8\", default-features = false, features = [\"http1\", \"tokio\"] }
tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\", \"net\"] }
";

/// The `webhook-runtime` line. Its features are turned on by the crate's
/// features of the same names (`delivery = ["webhook-runtime/delivery"]`).
fn runtime_dependency(runtime: &RuntimeDependency) -> String {
    let version = toml_str(RUNTIME_VERSION);
    match runtime {
        RuntimeDependency::Path(path) => format!(
            "webhook-runtime = {{ version = {version}, path = {} }}",
            toml_str(path)
        ),
        RuntimeDependency::Registry => format!("webhook-runtime = {version}"),
    }
}

fn toml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Feature names are bare keys already; quoting covers anything else.
fn toml_key(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        s.to_string()
    } else {
        toml_str(s)
    }
}
