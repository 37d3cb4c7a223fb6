//! Sorting, grouping, and the text and JSON renderings of a set of changes.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use super::{markdown, Api, Bump, Change, Options, Perspective, Verdict, Wire};

/// All changes between two schema sets, in a stable order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Sorted by event, action (event-wide first), path, verdict, message.
    /// In the receiver view a change inside a shared type is listed once,
    /// under the first event that showed it, with every such event in
    /// [`Within::events`](super::Within::events).
    pub changes: Vec<Change>,
    pub options: Options,
}

/// The validator's counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub breaking: usize,
    pub additive: usize,
    pub docs_only: usize,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} breaking, {} additive, {} docs-only",
            self.breaking, self.additive, self.docs_only
        )
    }
}

/// The receiver's counts; a change both API- and wire-breaking counts in
/// both.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ReceiverSummary {
    pub api_breaking: usize,
    pub wire_breaking: usize,
    pub minor: usize,
    pub patch: usize,
}

impl ReceiverSummary {
    pub(crate) fn of<'c>(changes: impl IntoIterator<Item = &'c Change>) -> Self {
        let mut s = ReceiverSummary::default();
        for c in changes {
            s.api_breaking += usize::from(c.api == Api::Breaking);
            s.wire_breaking += usize::from(c.wire == Wire::Breaking);
            match c.bump(Perspective::Receiver) {
                Bump::Major => {}
                Bump::Minor => s.minor += 1,
                Bump::Patch => s.patch += 1,
            }
        }
        s
    }
}

impl fmt::Display for ReceiverSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} API-breaking, {} wire-breaking, {} minor, {} patch",
            self.api_breaking, self.wire_breaking, self.minor, self.patch
        )
    }
}

impl Report {
    pub fn new(mut changes: Vec<Change>, options: Options) -> Self {
        match options.perspective {
            // Renames and type names are the generated API's, not the schema's.
            Perspective::Validator => changes.retain(|c| c.verdict.is_some()),
            Perspective::Receiver => {
                changes.retain(|c| !c.validator_only);
                changes = merge_places(merge_shared(changes));
            }
        }
        sort(&mut changes);
        Report { changes, options }
    }

    pub fn perspective(&self) -> Perspective {
        self.options.perspective
    }

    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for c in &self.changes {
            match c.verdict {
                Some(Verdict::Breaking) => s.breaking += 1,
                Some(Verdict::Additive) => s.additive += 1,
                Some(Verdict::DocsOnly) => s.docs_only += 1,
                None => {}
            }
        }
        s
    }

    pub fn receiver_summary(&self) -> ReceiverSummary {
        ReceiverSummary::of(&self.changes)
    }

    /// The version bump the generated crate (or, seen by a validator, the
    /// schema set) needs: major when anything breaks, minor when something
    /// was added, else patch.
    pub fn bump(&self) -> Bump {
        let p = self.perspective();
        self.changes
            .iter()
            .map(|c| c.bump(p))
            .min()
            .unwrap_or(Bump::Patch)
    }

    pub fn is_breaking(&self) -> bool {
        self.bump() == Bump::Major
    }

    /// Changes grouped as the receiver view shows them: by event (event-wide
    /// and root fields), then by shared type; each group sorted.
    pub fn groups(&self) -> Vec<(String, Vec<&Change>)> {
        let mut groups: BTreeMap<(bool, String), Vec<&Change>> = BTreeMap::new();
        for c in &self.changes {
            let key = match (&c.within, self.perspective()) {
                (Some(w), Perspective::Receiver) => (
                    true,
                    format!("{}{}", super::provider_prefix(&c.event), w.ty),
                ),
                _ => (false, c.event.clone()),
            };
            groups.entry(key).or_default().push(c);
        }
        groups.into_iter().map(|((_, k), v)| (k, v)).collect()
    }

    /// One change per line, a blank line between groups, then the summary,
    /// which ends with the bump.
    pub fn to_text(&self) -> String {
        self.to_string()
    }

    /// `{"perspective", "bump", "summary", "receiver", "changes": [...]}`,
    /// pretty-printed; each change carries both views' verdicts.
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Line<'a> {
            bump: Bump,
            #[serde(flatten)]
            change: &'a Change,
        }
        #[derive(Serialize)]
        struct Out<'a> {
            perspective: Perspective,
            bump: Bump,
            summary: Summary,
            receiver: ReceiverSummary,
            changes: Vec<Line<'a>>,
        }
        let p = self.perspective();
        let out = Out {
            perspective: p,
            bump: self.bump(),
            summary: self.summary(),
            receiver: self.receiver_summary(),
            changes: self
                .changes
                .iter()
                .map(|change| Line {
                    bump: change.bump(p),
                    change,
                })
                .collect(),
        };
        // Plain strings, enums and integers only: serializing cannot fail.
        serde_json::to_string_pretty(&out).expect("report serializes")
    }

    /// A pull-request comment: the bump on top, a table with a row per
    /// event and shared type, and each group's lines folded away.
    pub fn to_markdown(&self) -> String {
        markdown::render(self)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let groups = self.groups();
        for (_, changes) in &groups {
            for c in changes {
                match self.perspective() {
                    Perspective::Validator => writeln!(f, "{c}")?,
                    Perspective::Receiver => writeln!(f, "{}", receiver_line(c))?,
                }
            }
            writeln!(f)?;
        }
        match self.perspective() {
            Perspective::Validator => writeln!(f, "{}; bump: {}", self.summary(), self.bump()),
            Perspective::Receiver => {
                writeln!(f, "{}; bump: {}", self.receiver_summary(), self.bump())
            }
        }
    }
}

/// `label  place  message  rust`, the receiver's line.
pub(crate) fn receiver_line(c: &Change) -> String {
    let mut line = format!(
        "{}  {}  {}",
        c.receiver_label(),
        c.receiver_place(),
        c.message
    );
    if let Some(rust) = &c.rust {
        line.push_str("  ");
        line.push_str(rust);
    }
    if let Some(w) = &c.within {
        if w.events.len() > 1 {
            line.push_str(&format!("  ({} events)", w.events.len()));
        }
    }
    line
}

/// A shared type's change shows up in every event that uses the type; the
/// receiver sees one type, so it is one change, listing those events.
fn merge_shared(changes: Vec<Change>) -> Vec<Change> {
    let mut out: Vec<Change> = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    for mut c in changes {
        let Some(w) = &c.within else {
            out.push(c);
            continue;
        };
        let key = serde_json::to_string(&(
            &w.ty, &w.path, &c.action, &c.message, c.verdict, c.api, c.wire, &c.rust,
        ))
        .unwrap_or_default();
        match index.get(&key) {
            Some(&i) => {
                let first = &mut out[i];
                if c.event < first.event {
                    std::mem::swap(&mut first.event, &mut c.event);
                    std::mem::swap(&mut first.path, &mut c.path);
                }
                if let Some(w) = &mut first.within {
                    w.events.push(c.event);
                }
            }
            None => {
                let event = c.event.clone();
                if let Some(w) = &mut c.within {
                    w.events.push(event);
                }
                index.insert(key, out.len());
                out.push(c);
            }
        }
    }
    for c in &mut out {
        if let Some(w) = &mut c.within {
            w.events.sort();
            w.events.dedup();
        }
    }
    out
}

/// Lines about one place (a field that became required and changed type)
/// are one line for a receiver, who sees one field change.
fn merge_places(changes: Vec<Change>) -> Vec<Change> {
    let mut out: Vec<Change> = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    for c in changes {
        let place = serde_json::to_string(&(
            &c.event,
            &c.action,
            &c.path,
            c.within.as_ref().map(|w| (&w.ty, &w.path, &w.events)),
        ))
        .unwrap_or_default();
        let Some(&i) = index.get(&place) else {
            index.insert(place, out.len());
            out.push(c);
            continue;
        };
        let first = &mut out[i];
        first.message = format!("{}; {}", first.message, c.message);
        first.api = first.api.min(c.api);
        first.wire = first.wire.min(c.wire);
        first.verdict = match (first.verdict, c.verdict) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        first.rust = match (first.rust.take(), c.rust) {
            (Some(a), Some(b)) if a != b => Some(format!("{a}, {b}")),
            (a, b) => a.or(b),
        };
    }
    out
}

pub(crate) fn sort(changes: &mut [Change]) {
    changes.sort_by(|a, b| key(a).cmp(&key(b)));
}

type Key<'c> = (&'c str, Option<&'c str>, &'c str, Option<Verdict>, &'c str);

fn key(c: &Change) -> Key<'_> {
    (
        &c.event,
        c.action.as_deref(),
        &c.path,
        c.verdict,
        &c.message,
    )
}
