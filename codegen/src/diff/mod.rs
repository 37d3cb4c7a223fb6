//! Schema diff: classifies what a docs change does to consumers of the
//! generated schemas, so a release can be flagged as breaking before it ships.
//!
//! Each event file is compared action by action and field by field, through
//! `$ref`s, and every difference gets a [`Verdict`]: anything that makes the
//! schema accept fewer payloads (removals, new requirements, narrower types)
//! is breaking, anything that only accepts more is additive, and wording
//! changes are docs-only.

mod dirs;
mod report;
mod shape;
mod walk;

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

pub use report::{Report, Summary};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Breaking,
    Additive,
    DocsOnly,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Breaking => "breaking",
            Verdict::Additive => "additive",
            Verdict::DocsOnly => "docs-only",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One difference between the old and new schema of an event.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Change {
    pub verdict: Verdict,
    /// `provider/event`, or just `event` for a directory without providers.
    pub event: String,
    /// `None` when the change applies to every action of the event.
    pub action: Option<String>,
    /// jq-style path into the payload, `.` for the event itself.
    pub path: String,
    pub message: String,
}

impl fmt::Display for Change {
    /// `verdict  event[.action]  path  message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}  {}", self.verdict, self.event)?;
        if let Some(action) = &self.action {
            write!(f, ".{action}")?;
        }
        write!(f, "  {}  {}", self.path, self.message)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("invalid JSON in {}: {source}", path.display())]
    Json {
        path: PathBuf,
        source: serde_json::Error,
    },
}

/// Compares every event schema under `old` with its counterpart under `new`.
pub fn diff_dirs(old: &Path, new: &Path) -> Result<Report, DiffError> {
    let old = dirs::load(old)?;
    let new = dirs::load(new)?;
    let mut changes = Vec::new();
    let events: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for event in events {
        let whole = |verdict, message: &str| Change {
            verdict,
            event: event.clone(),
            action: None,
            path: ".".to_string(),
            message: message.to_string(),
        };
        match (old.get(event), new.get(event)) {
            (Some(o), Some(n)) => changes.extend(walk::diff_event(event, o, n)),
            (Some(_), None) => changes.push(whole(Verdict::Breaking, "event removed")),
            (None, Some(_)) => changes.push(whole(Verdict::Additive, "event added")),
            (None, None) => {}
        }
    }
    Ok(Report::new(changes))
}

/// Compares the old and new schema of one event, sorted like [`Report`].
pub fn diff_schemas(event: &str, old: &Value, new: &Value) -> Vec<Change> {
    let mut changes = walk::diff_event(event, old, new);
    report::sort(&mut changes);
    changes
}
