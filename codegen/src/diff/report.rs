//! Sorting, text and JSON rendering of a set of changes.

use std::fmt;

use serde::Serialize;

use super::{Change, Verdict};

/// All changes between two schema sets, in a stable order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Sorted by event, action (event-wide first), path, verdict, message.
    pub changes: Vec<Change>,
}

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

impl Report {
    pub fn new(mut changes: Vec<Change>) -> Self {
        sort(&mut changes);
        Report { changes }
    }

    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for c in &self.changes {
            match c.verdict {
                Verdict::Breaking => s.breaking += 1,
                Verdict::Additive => s.additive += 1,
                Verdict::DocsOnly => s.docs_only += 1,
            }
        }
        s
    }

    pub fn is_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.verdict == Verdict::Breaking)
    }

    /// One change per line, a blank line between events, then the summary.
    pub fn to_text(&self) -> String {
        self.to_string()
    }

    /// `{"changes": [...], "summary": {...}}`, pretty-printed.
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Out<'a> {
            changes: &'a [Change],
            summary: Summary,
        }
        let out = Out {
            changes: &self.changes,
            summary: self.summary(),
        };
        // Plain strings, enums and integers only: serializing cannot fail.
        serde_json::to_string_pretty(&out).expect("report serializes")
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut previous: Option<&str> = None;
        for c in &self.changes {
            if previous.is_some_and(|p| p != c.event) {
                writeln!(f)?;
            }
            previous = Some(&c.event);
            writeln!(f, "{c}")?;
        }
        if previous.is_some() {
            writeln!(f)?;
        }
        writeln!(f, "{}", self.summary())
    }
}

pub(crate) fn sort(changes: &mut [Change]) {
    changes.sort_by(|a, b| key(a).cmp(&key(b)));
}

fn key(c: &Change) -> (&str, Option<&str>, &str, Verdict, &str) {
    (
        &c.event,
        c.action.as_deref(),
        &c.path,
        c.verdict,
        &c.message,
    )
}
