//! The report as a pull-request comment: the bump on top, a summary table
//! with a row per event (and per shared type), each group's lines in a
//! collapsed `<details>`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use super::report::{receiver_line, ReceiverSummary, Report};
use super::{Api, Bump, Change, Perspective, Verdict};

/// Lines shown per group; the rest are counted (the JSON has them all). A
/// comment has a size limit, and a reviewer reads the first lines anyway.
const LINES_PER_GROUP: usize = 40;
/// Breaking changes listed on top.
const HIGHLIGHTS: usize = 12;
/// Rows of a summary table shown open.
const TABLE_ROWS: usize = 15;
/// Events named per highlighted change.
const EVENTS_NAMED: usize = 6;

pub(crate) fn render(report: &Report) -> String {
    let mut out = String::new();
    let bump = report.bump();
    let why = match (bump, report.perspective()) {
        (Bump::Major, Perspective::Receiver) => {
            "Code built on the generated crate may no longer compile, or no longer parse what the vendor sends"
        }
        (Bump::Minor, Perspective::Receiver) => "Additions only: existing code keeps compiling and parsing",
        (Bump::Patch, Perspective::Receiver) => "Wording only: the generated API and what it parses are unchanged",
        (Bump::Major, Perspective::Validator) => "The schemas accept fewer payloads",
        (Bump::Minor, Perspective::Validator) => "The schemas accept more payloads",
        (Bump::Patch, Perspective::Validator) => "Wording only",
    };
    let _ = writeln!(out, "### Webhook schema diff: **{bump}**\n");
    let _ = writeln!(out, "{why}.\n");
    if report.changes.is_empty() {
        let _ = writeln!(out, "No changes.");
        return out;
    }
    let groups = report.groups();
    let _ = match report.perspective() {
        Perspective::Receiver => writeln!(
            out,
            "{}; seen from code built on the generated crate (`codegen diff`, exit code {}).\n",
            report.receiver_summary(),
            bump.exit_code()
        ),
        Perspective::Validator => writeln!(
            out,
            "{}; seen from a validator of the schemas (`codegen diff --perspective validator`, \
             exit code {}).\n",
            report.summary(),
            bump.exit_code()
        ),
    };
    if report.perspective() == Perspective::Receiver && bump == Bump::Major {
        let _ = writeln!(out, "**What breaks** (run-time failures and events gone first, then the most widespread):\n");
        let lines = highlights(report);
        for line in lines.iter().take(HIGHLIGHTS) {
            let _ = writeln!(out, "- {line}");
        }
        if lines.len() > HIGHLIGHTS {
            let _ = writeln!(out, "- ... and {} more below", lines.len() - HIGHLIGHTS);
        }
        let _ = writeln!(out);
        let added = |c: &&Change| {
            c.api == Api::Breaking
                && ["event added", "action added"]
                    .iter()
                    .any(|m| c.message.contains(m))
                || c.message.contains("enum value") && c.message.contains(" added")
        };
        if !report.options.model.non_exhaustive_enums && report.changes.iter().any(|c| added(&c)) {
            let _ = writeln!(
                out,
                "New events, actions and enum values count as API-breaking because `EventName`, \
                 the action enums and the value enums are not `#[non_exhaustive]`: a `match` \
                 naming every variant stops compiling.\n"
            );
        }
    }
    let mut t = String::new();
    match report.perspective() {
        Perspective::Receiver => {
            let _ = writeln!(
                t,
                "| | bump | API-breaking | wire-breaking | minor | patch |"
            );
            let _ = writeln!(t, "| --- | --- | ---: | ---: | ---: | ---: |");
            for (name, changes) in &groups {
                let s = ReceiverSummary::of(changes.iter().copied());
                let _ = writeln!(
                    t,
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
            let _ = writeln!(t, "| event | breaking | additive | docs-only |");
            let _ = writeln!(t, "| --- | ---: | ---: | ---: |");
            for (name, changes) in &groups {
                let count = |v| changes.iter().filter(|c| c.verdict == Some(v)).count();
                let _ = writeln!(
                    t,
                    "| {} | {} | {} | {} |",
                    cell(&format!("`{name}`")),
                    count(Verdict::Breaking),
                    count(Verdict::Additive),
                    count(Verdict::DocsOnly)
                );
            }
        }
    }
    if groups.len() > TABLE_ROWS {
        // A long table hides what follows it; the lines above say what matters.
        let _ = writeln!(
            out,
            "<details><summary>Summary table: {} events and types</summary>\n",
            groups.len()
        );
        let _ = writeln!(out, "{t}\n</details>\n");
    } else {
        let _ = writeln!(out, "{t}");
    }
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

/// The breaking changes, one line per distinct change with the events (or
/// the shared type) it touches: wire breaks, then events gone, then the
/// most widespread first.
fn highlights(report: &Report) -> Vec<String> {
    let mut seen: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for c in &report.changes {
        if c.bump(Perspective::Receiver) != Bump::Major {
            continue;
        }
        let label = c.receiver_label();
        let (what, wheres) = match &c.within {
            Some(w) => {
                let at = if w.path == "." {
                    format!("type `{}`", w.ty)
                } else {
                    format!("`{}{}`", w.ty, w.path)
                };
                let events = w.events.iter().map(|e| short(e).to_string()).collect();
                (format!("{label}: {at} {}", c.message), events)
            }
            None => {
                let at = if c.path == "." {
                    String::new()
                } else {
                    format!("`{}` ", c.path)
                };
                let mut event = short(&c.event).to_string();
                if let Some(a) = &c.action {
                    event = format!("{event}.{a}");
                }
                // Renames read best side by side, as one line.
                let from = c
                    .message
                    .strip_prefix("event renamed from `")
                    .and_then(|m| m.split('`').next());
                match from {
                    Some(from) => (
                        format!("{label}: event renamed"),
                        BTreeSet::from([format!("{from} -> {event}")]),
                    ),
                    None => (
                        format!("{label}: {at}{}", c.message),
                        BTreeSet::from([event]),
                    ),
                }
            }
        };
        seen.entry(what).or_default().extend(wheres);
    }
    let mut lines: Vec<(u8, usize, String)> = seen
        .into_iter()
        .map(|(what, wheres)| {
            // What fails at run time first, then events that are gone.
            let rank = if what.starts_with("api+wire") || what.starts_with("wire") {
                0
            } else if what.contains(": event removed") || what.contains(": event renamed") {
                1
            } else {
                2
            };
            let n = wheres.len();
            let mut names: Vec<String> = wheres.into_iter().take(EVENTS_NAMED).collect();
            if n > EVENTS_NAMED {
                names.push("...".into());
            }
            let list = names.join(", ");
            let line = if n == 1 {
                format!("{} ({})", cell(&what), html(&list))
            } else if what.ends_with(": event renamed") {
                format!("{} ({n}: {})", cell(&what), html(&list))
            } else {
                format!("{} ({n} events: {})", cell(&what), html(&list))
            };
            (rank, n, line)
        })
        .collect();
    lines.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then(b.1.cmp(&a.1))
            .then_with(|| a.2.cmp(&b.2))
    });
    lines.into_iter().map(|(_, _, l)| l).collect()
}

/// `issues` for `github/issues`.
fn short(event: &str) -> &str {
    event.rsplit('/').next().unwrap_or(event)
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
