//! What the caller decides about the generated crate: its name, version and
//! where it finds `webhook-runtime`.

/// The version of `webhook-runtime` the generated code is written for: the
/// generated manifest asks for it, and the code checks it while compiling
/// (`webhook_runtime::generated_for!`).
pub const RUNTIME_VERSION: &str = "0.1.0";

/// Where the generated crate's manifest finds `webhook-runtime`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeDependency {
    /// A local checkout: `path` (relative to the generated crate's root, or
    /// absolute), with the version too, so the crate could be published.
    Path(String),
    /// The registry, by version alone.
    Registry,
}

impl RuntimeDependency {
    /// The `webhook-runtime` of the workspace `codegen` was built in, by
    /// absolute path: what a crate written with `--out` outside the
    /// workspace uses.
    pub fn this_workspace() -> Self {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let runtime = dir.parent().unwrap_or(dir).join("runtime");
        RuntimeDependency::Path(runtime.display().to_string())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateSettings {
    pub crate_name: String,
    pub version: String,
    /// Adds an empty `[workspace]`, for a crate built outside any workspace.
    pub standalone: bool,
    /// Where the checked-in schemas are, relative to the crate root; the
    /// generated tests validate the examples against them.
    pub schema_dir: String,
    /// How the manifest names `webhook-runtime`.
    pub runtime: RuntimeDependency,
}

impl Default for CrateSettings {
    fn default() -> Self {
        CrateSettings {
            crate_name: "generated".to_string(),
            version: "0.1.0".to_string(),
            standalone: false,
            schema_dir: "../schemas".to_string(),
            // The checked-in crate sits beside the runtime.
            runtime: RuntimeDependency::Path("../runtime".to_string()),
        }
    }
}
