//! Where each documented example's payload file is, and the schema file of
//! each event: the example suite writes the payloads, the validation module
//! and the `schemars` tests embed them, so all read these names.

use super::ProviderPlan;
use crate::ir::{Event, Example};
use crate::names::Namer;

/// One documented example and where its payload file is.
pub(crate) struct ExampleFile<'a> {
    pub event: usize,
    pub example: &'a Example,
    /// `payloads/<provider>/<stem>.json`, relative to the crate root.
    pub path: String,
    /// Event and action (and a number), for test names.
    pub title: String,
}

/// The payload files of a provider and their test titles: the example
/// suite writes and includes these, and `examples()` names the same ones.
pub(crate) fn example_files<'a>(p: &ProviderPlan<'a>) -> Vec<ExampleFile<'a>> {
    let provider = p.provider;
    let dir = file_component(&provider.name);
    let mut stems = Namer::new();
    let mut out = Vec::new();
    let schema_stems = schema_stems(&provider.events);
    for (index, (event, schema_stem)) in provider.events.iter().zip(&schema_stems).enumerate() {
        for (example, n) in numbered(event) {
            let mut stem = schema_stem.clone();
            let mut title = event.name.clone();
            if let Some(action) = &example.action {
                stem = format!("{stem}.{}", file_component(action));
                title = format!("{title} {action}");
            }
            if let Some(n) = n {
                stem = format!("{stem}.{n}");
                title = format!("{title} {n}");
            }
            let stem = stems.claim(&stem);
            out.push(ExampleFile {
                event: index,
                example,
                path: format!("payloads/{dir}/{stem}.json"),
                title,
            });
        }
    }
    out
}

/// File stems of a provider's schemas, per event, exactly as the schema
/// back-end names them (`<provider>/<stem>.schema.json`).
pub(crate) fn schema_stems(events: &[Event]) -> Vec<String> {
    let mut names = Namer::new();
    events
        .iter()
        .map(|e| names.claim(&crate::schema::file_stem(&e.name)))
        .collect()
}

/// Examples of an event with a number when several share event and action.
fn numbered(event: &Event) -> Vec<(&Example, Option<usize>)> {
    let mut seen = std::collections::BTreeMap::new();
    event
        .examples
        .iter()
        .map(|ex| {
            let same = event
                .examples
                .iter()
                .filter(|other| other.action == ex.action)
                .count();
            let n = seen.entry(&ex.action).or_insert(0);
            *n += 1;
            (ex, (same > 1).then_some(*n))
        })
        .collect()
}

/// A path component that is safe on every file system.
fn file_component(name: &str) -> String {
    let out: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if out.is_empty() {
        "_".to_string()
    } else {
        out
    }
}
