//! Schema diff: classifies what a docs change does, either to receivers
//! whose code is built on the generated crate (the default) or to
//! validators of the schemas.
//!
//! Each event file is compared action by action and field by field, through
//! `$ref`s. Every difference gets three verdicts: the validator's
//! [`Verdict`] (does the schema accept fewer payloads?), and the receiver's
//! [`Wire`] (do types generated from the old docs still read every payload
//! the new docs allow?) and [`Api`] (does code written against the old crate
//! still compile?). The receiver's verdicts are worked out from the schema
//! facts the Rust back-end turns into types ([`receiver`]); a type or event
//! that keeps its shape under a new name is reported as renamed
//! (`renames`). [`Report::bump`] says what the change means for the
//! generated crate's version.

mod dirs;
mod markdown;
pub mod receiver;
mod renames;
mod report;
mod shape;
mod walk;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

pub use receiver::Model;
pub use report::{Report, Summary};

/// Whose question the diff answers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Perspective {
    /// Code that reads payloads through the generated crate: wire and API
    /// verdicts, renames recognised, changes inside a shared type reported
    /// once for the type.
    #[default]
    Receiver,
    /// Code that validates payloads against the schemas: does the new schema
    /// accept fewer payloads? One line per event and path.
    Validator,
}

impl std::str::FromStr for Perspective {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "receiver" => Ok(Perspective::Receiver),
            "validator" => Ok(Perspective::Validator),
            _ => Err(format!("unknown perspective `{s}` (receiver, validator)")),
        }
    }
}

/// The validator's verdict: what the change does to the set of payloads
/// the schema accepts.
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

/// Whether the types generated from the old docs still read every payload
/// the new docs allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Wire {
    Breaking,
    Safe,
}

/// What the change does to the generated Rust API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Api {
    /// Code written against the old crate may no longer compile.
    Breaking,
    /// New items only.
    Addition,
    /// The generated API is the same (wording, or a schema fact the crate
    /// does not model).
    Unchanged,
}

/// The version bump a set of changes calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Bump {
    Major,
    Minor,
    Patch,
}

impl Bump {
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::Major => "major",
            Bump::Minor => "minor",
            Bump::Patch => "patch",
        }
    }

    /// The `codegen diff` exit status: 0 for patch, 3 for major (as for a
    /// breaking change before there were bumps), 4 for minor.
    pub fn exit_code(self) -> u8 {
        match self {
            Bump::Major => 3,
            Bump::Minor => 4,
            Bump::Patch => 0,
        }
    }
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A change inside a shared object type (a `$defs` entry): the receiver
/// view reports it once for the type instead of once per event using it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Within {
    /// The Rust name of the type (in the new docs when it was renamed).
    #[serde(rename = "type")]
    pub ty: String,
    /// jq-style path from the type, `.` for the type itself.
    pub path: String,
    /// Every event whose schema showed the change, sorted; filled in by the
    /// receiver report.
    pub events: Vec<String>,
}

/// One difference between the old and new schema of an event.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Change {
    /// The validator's verdict; `None` for what only the generated API sees
    /// (a type renamed, a field now holding a differently named type).
    pub verdict: Option<Verdict>,
    pub wire: Wire,
    pub api: Api,
    /// `provider/event`, or just `event` for a directory without providers.
    /// For a change inside a shared type, the first event it was seen in.
    pub event: String,
    /// `None` when the change applies to every action of the event.
    pub action: Option<String>,
    /// jq-style path into the payload, `.` for the event itself.
    pub path: String,
    pub message: String,
    /// The Rust item and how it changes, e.g. `Issue::number: i64 -> Option<i64>`.
    pub rust: Option<String>,
    pub within: Option<Within>,
    /// A field of an object whose Rust type changed as a whole (a `Value`
    /// now a struct, one struct now another): the receiver sees the type
    /// change, and each type's own changes where it is compared with
    /// itself, so only the validator view lists the field.
    #[serde(skip)]
    pub validator_only: bool,
}

impl Change {
    /// The bump this change alone calls for, seen from `perspective`.
    pub fn bump(&self, perspective: Perspective) -> Bump {
        match perspective {
            Perspective::Validator => match self.verdict {
                Some(Verdict::Breaking) => Bump::Major,
                Some(Verdict::Additive) => Bump::Minor,
                Some(Verdict::DocsOnly) | None => Bump::Patch,
            },
            Perspective::Receiver => match (self.api, self.wire) {
                (Api::Breaking, _) | (_, Wire::Breaking) => Bump::Major,
                (Api::Addition, Wire::Safe) => Bump::Minor,
                (Api::Unchanged, Wire::Safe) => Bump::Patch,
            },
        }
    }

    /// The receiver's label: `api+wire`, `api`, `wire`, `minor` or `patch`.
    pub fn receiver_label(&self) -> &'static str {
        match (self.api, self.wire) {
            (Api::Breaking, Wire::Breaking) => "api+wire",
            (Api::Breaking, Wire::Safe) => "api",
            (_, Wire::Breaking) => "wire",
            (Api::Addition, Wire::Safe) => "minor",
            (Api::Unchanged, Wire::Safe) => "patch",
        }
    }

    /// Where the change is, as the receiver view shows it: `Type .path` for a
    /// change inside a shared type, else `event[.action]  path`.
    pub fn receiver_place(&self) -> String {
        match &self.within {
            Some(w) => format!("{}{}  {}", provider_prefix(&self.event), w.ty, w.path),
            None => self.event_place(),
        }
    }

    fn event_place(&self) -> String {
        match &self.action {
            Some(action) => format!("{}.{action}  {}", self.event, self.path),
            None => format!("{}  {}", self.event, self.path),
        }
    }
}

/// `github::` for `github/issues`, nothing for a directory without providers.
fn provider_prefix(event: &str) -> String {
    event
        .rsplit_once('/')
        .map(|(p, _)| format!("{p}::"))
        .unwrap_or_default()
}

impl fmt::Display for Change {
    /// `verdict  event[.action]  path  message`, the validator's line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verdict = self.verdict.map_or("receiver-only", Verdict::as_str);
        write!(f, "{verdict}  {}  {}", self.event_place(), self.message)
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

/// Settings of a diff.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    pub perspective: Perspective,
    /// What the receiver's types do with values and variants; the default
    /// describes the crate this project generates.
    pub model: Model,
}

/// Compares every event schema under `old` with its counterpart under
/// `new`, from the receiver's side.
pub fn diff_dirs(old: &Path, new: &Path) -> Result<Report, DiffError> {
    diff_dirs_with(old, new, Options::default())
}

/// [`diff_dirs`] with settings.
pub fn diff_dirs_with(old: &Path, new: &Path, options: Options) -> Result<Report, DiffError> {
    let old = dirs::load(old)?;
    let new = dirs::load(new)?;
    Ok(diff_sets(&old, &new, options))
}

/// Compares two sets of event schemas keyed by `provider/event`.
pub fn diff_sets(
    old: &BTreeMap<String, Value>,
    new: &BTreeMap<String, Value>,
    options: Options,
) -> Report {
    let receiver = options.perspective == Perspective::Receiver;
    // A renamed provider's events are compared under its new name.
    let renamed_provider = receiver.then(|| renames::provider(old, new)).flatten();
    let moved: BTreeMap<String, Value>;
    let old = match &renamed_provider {
        Some((from, to)) => {
            moved = old
                .iter()
                .map(|(k, v)| match k.strip_prefix(&format!("{from}/")) {
                    Some(event) => (format!("{to}/{event}"), v.clone()),
                    None => (k.clone(), v.clone()),
                })
                .collect();
            &moved
        }
        None => old,
    };
    let event_renames = if receiver {
        renames::events(old, new)
    } else {
        BTreeMap::new()
    };
    let type_renames = if receiver {
        renames::types(old, new, &event_renames)
    } else {
        renames::TypeRenames::default()
    };
    let ctx = walk::Context {
        model: options.model,
        renames: &type_renames,
    };
    let mut changes: Vec<Change> = renamed_provider
        .iter()
        .map(|(from, to)| renames::provider_change(from, to))
        .collect();
    let events: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    let renamed_to: std::collections::BTreeSet<&String> = event_renames.values().collect();
    for event in events {
        let whole = |verdict, api, message: String, rust: Option<String>| Change {
            verdict: Some(verdict),
            wire: Wire::Safe,
            api,
            event: event.clone(),
            action: None,
            path: ".".to_string(),
            message,
            rust,
            within: None,
            validator_only: false,
        };
        let variant = |schema: &Value| receiver::event_variant(event, schema);
        match (old.get(event), new.get(event)) {
            (Some(o), Some(n)) => changes.extend(walk::diff_event(event, o, n, &ctx, false)),
            (Some(o), None) => match event_renames.get(event) {
                Some(to) => {
                    let n = &new[to];
                    changes.push(renames::event_change(event, to, o, n));
                    changes.extend(walk::diff_event(to, o, n, &ctx, true));
                }
                None => changes.push(whole(
                    Verdict::Breaking,
                    Api::Breaking,
                    "event removed".into(),
                    Some(format!("Event::{} removed", variant(o))),
                )),
            },
            (None, Some(_)) if renamed_to.contains(event) => {}
            (None, Some(n)) => changes.push(whole(
                Verdict::Additive,
                options.model.variant_added(),
                "event added".into(),
                Some(format!("Event::{} added", variant(n))),
            )),
            (None, None) => {}
        }
    }
    changes.extend(type_renames.changes(new));
    Report::new(changes, options)
}

/// Compares the old and new schema of one event, sorted like [`Report`].
pub fn diff_schemas(event: &str, old: &Value, new: &Value) -> Vec<Change> {
    let renames = renames::TypeRenames::default();
    let ctx = walk::Context {
        model: Model::default(),
        renames: &renames,
    };
    let mut changes = walk::diff_event(event, old, new, &ctx, false);
    report::sort(&mut changes);
    changes
}
