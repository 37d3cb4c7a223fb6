//! The report as a pull-request comment: the bump on top, a summary table
//! with a row per event (and per shared type), each group's lines in a
//! collapsed `<details>`.

use std::fmt::Write;

use super::report::{receiver_line, ReceiverSummary, Report};
use super::{Bump, Change, Perspective, Verdict};

/// Lines shown per group; the rest are counted (the JSON has them all). A
/// comment has a size limit, and a reviewer reads the first lines anyway.
const LINES_PER_GROUP: usize = 40;

pub(crate) fn render(report: &Report) -> String {
    let mut out = String::new();
    let bump = report.bump();
    let why = match (bump, report.perspective()) {
        (Bump::Major, Perspective::Receiver) => {
            "code built on the generated crate may no longer compile, or no longer parse what the vendor sends"
        }
        (Bump::Minor, Perspective::Receiver) => "additions only: existing code keeps compiling and parsing",
        (Bump::Patch, Perspective::Receiver) => "wording only: the generated API and what it parses are unchanged",
        (Bump::Major, Perspective::Validator) => "the schemas accept fewer payloads",
        (Bump::Minor, Perspective::Validator) => "the schemas accept more payloads",
        (Bump::Patch, Perspective::Validator) => "wording only",
    };
    let _ = writeln!(out, "### Webhook schema diff: **{bump}**\n");
    let _ = writeln!(out, "{why}.\n");
    if report.changes.is_empty() {
        let _ = writeln!(out, "No changes.");
        return out;
    }
    let groups = report.groups();
    match report.perspective() {
        Perspective::Receiver => {
            let _ = writeln!(
                out,
                "{}; seen from the receiver (`codegen diff`, exit code {}).\n",
                report.receiver_summary(),
                bump.exit_code()
            );
            let _ = writeln!(out, "| | bump | API-breaking | wire-breaking | minor | patch |");
            let _ = writeln!(out, "| --- | --- | ---: | ---: | ---: | ---: |");
            for (name, changes) in &groups {
                let s = ReceiverSummary::of(changes.iter().copied());
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} | {} |",
                    group_title(name, changes),
                    group_bump(changes, Perspective::Receiver),
                    s.api_breaking,
                    s.wire_breaking,
                    s.minor,
                    s.patch
                );
            }
        }
        Perspective::Validator => {
            let _ = writeln!(
                out,
                "{}; seen from a validator of the schemas (`codegen diff --perspective validator`, exit code {}).\n",
                report.summary(),
                bump.exit_code()
            );
            let _ = writeln!(out, "| event | breaking | additive | docs-only |");
            let _ = writeln!(out, "| --- | ---: | ---: | ---: |");
            for (name, changes) in &groups {
                let count = |v| changes.iter().filter(|c| c.verdict == Some(v)).count();
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} |",
                    cell(&format!("`{name}`")),
                    count(Verdict::Breaking),
                    count(Verdict::Additive),
                    count(Verdict::DocsOnly)
                );
            }
        }
    }
    let _ = writeln!(out);
    for (name, changes) in &groups {
        let bump = group_bump(changes, report.perspective());
        let _ = writeln!(
            out,
            "<details><summary>{} ({bump}, {} change{})</summary>\n",
            html(&group_summary(name, changes)),
            changes.len(),
            if changes.len() == 1 { "" } else { "s" }
        );
        let _ = writeln!(out, "```text");
        for c in changes.iter().take(LINES_PER_GROUP) {
            let line = match report.perspective() {
                Perspective::Receiver => receiver_line(c),
                Perspective::Validator => c.to_string(),
            };
            let _ = writeln!(out, "{}", line.replace("```", "'''"));
        }
        if changes.len() > LINES_PER_GROUP {
            let _ = writeln!(
                out,
                "... and {} more (`--format json` lists them all)",
                changes.len() - LINES_PER_GROUP
            );
        }
        let _ = writeln!(out, "```\n\n</details>\n");
    }
    out
}

fn group_bump(changes: &[&Change], p: Perspective) -> Bump {
    changes
        .iter()
        .map(|c| c.bump(p))
        .min()
        .unwrap_or(Bump::Patch)
}

fn is_type_group(changes: &[&Change]) -> bool {
    changes.first().is_some_and(|c| c.within.is_some())
}

fn group_title(name: &str, changes: &[&Change]) -> String {
    if is_type_group(changes) {
        cell(&format!("type `{name}`"))
    } else {
        cell(&format!("`{name}`"))
    }
}

fn group_summary(name: &str, changes: &[&Change]) -> String {
    if !is_type_group(changes) {
        return name.to_string();
    }
    let mut events: Vec<&str> = changes
        .iter()
        .filter_map(|c| c.within.as_ref())
        .flat_map(|w| w.events.iter().map(String::as_str))
        .collect();
    events.sort_unstable();
    events.dedup();
    format!(
        "type {name}, used by {} event{}",
        events.len(),
        if events.len() == 1 { "" } else { "s" }
    )
}

/// A table cell: pipes would end it.
fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}

fn html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
