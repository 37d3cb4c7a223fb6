//! What a page lists, read from its blocks whatever the markup: lists of
//! names (a table column, the code spans one sentence lists, a bullet list
//! of code spans) and lists of fields (`` `key`: description `` bullets).
//! Which of them name events is decided later, against the deliveries.

use crate::diag::Span;
use crate::parse::doc::{BlockKind, Document};
use crate::parse::fields::{code_at_start, code_runs, ident_like, plain};

/// Names the docs list together.
#[derive(Debug, Clone)]
pub(crate) struct NameList {
    pub names: Vec<String>,
    /// Per name, what the docs say of it where they list it (a table row's
    /// description cell), if anything.
    pub descriptions: Vec<String>,
    pub page: usize,
    pub span: Span,
    /// The words that introduce it, lowercased: a column's header and the
    /// heading above, or the sentence itself.
    pub label: String,
    /// A table column's header, lowercased; empty for other lists.
    pub header: String,
}

impl NameList {
    /// Whether the label says these are events' names or types.
    pub fn says_events(&self) -> bool {
        let words: Vec<&str> = self
            .label
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        words.iter().any(|w| w.starts_with("event"))
    }

    /// Whether a table column's header says it holds events' names:
    /// `Event Name`, `Webhook Event Type`, or `Value` under "Event types".
    pub fn labels_events(&self) -> bool {
        self.header.contains("event")
            || matches!(
                self.header.as_str(),
                "value" | "name" | "type" | "id" | "key"
            ) && self.says_events()
    }
}

/// A field a page describes in a list: `` `eventType`: type of event ``.
#[derive(Debug, Clone)]
pub(crate) struct FieldDoc {
    pub key: String,
    pub description: String,
    pub span: Span,
}

/// The name a table cell holds: its code span when that is all of it, or
/// the cell when it is one identifier.
fn cell_name(cell: &str) -> Option<String> {
    let t = cell.trim();
    if let Some(code) = code_at_start(t) {
        return (code.len() + 2 == t.len()).then(|| code.to_string());
    }
    ident_like(t).then(|| t.to_string())
}

/// Every list of names on a page.
pub(crate) fn name_lists(doc: &Document, page: usize) -> Vec<NameList> {
    let mut out = Vec::new();
    let mut before = String::new();
    // The nearest heading above, lowercased.
    let mut heading = String::new();
    for block in &doc.blocks {
        match &block.kind {
            BlockKind::Heading { text, .. } => {
                before.clear();
                heading = text.to_lowercase();
            }
            BlockKind::Table { header, rows } => {
                let width = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
                for col in 0..width {
                    let cells = rows
                        .iter()
                        .filter(|r| r.cells.get(col).is_some_and(|c| !c.trim().is_empty()))
                        .count();
                    let names: Vec<(String, String)> = rows
                        .iter()
                        .filter_map(|r| {
                            let name = cell_name(r.cells.get(col)?)?;
                            Some((name, row_description(header, &r.cells, col)))
                        })
                        .collect();
                    // Most of the column: a column of names, not prose
                    // that happens to hold one.
                    if names.len() < 2 || names.len() * 5 < cells * 4 {
                        continue;
                    }
                    let head = header.get(col).map_or("", String::as_str).to_lowercase();
                    let label = format!("{head} / {heading} / {}", before.to_lowercase());
                    let (names, descriptions) = names.into_iter().unzip();
                    out.push(NameList {
                        names,
                        descriptions,
                        page,
                        span: block.span.clone(),
                        label,
                        header: head,
                    });
                }
            }
            BlockKind::List { items } => {
                let names: Vec<String> = items
                    .iter()
                    .filter_map(|item| code_at_start(item.trim()).map(str::to_string))
                    .collect();
                if names.len() >= 2 && names.len() * 5 >= items.len() * 4 {
                    out.push(NameList {
                        descriptions: vec![String::new(); names.len()],
                        names,
                        page,
                        span: block.span.clone(),
                        label: format!("{heading} / {}", before.to_lowercase()),
                        header: String::new(),
                    });
                }
                for item in items {
                    out.extend(runs(item, page, &block.span));
                }
            }
            BlockKind::Paragraph { text } => {
                out.extend(runs(text, page, &block.span));
                before.clone_from(text);
            }
            BlockKind::DefinitionList { items } => {
                for d in items {
                    out.extend(runs(
                        &format!("{}: {}", d.term, d.definition),
                        page,
                        &d.span,
                    ));
                }
            }
            BlockKind::Code(_) => {}
        }
    }
    out
}

/// What a table row says of the name in column `col`: the cell under a
/// description header, else the first other cell of words.
fn row_description(header: &[String], cells: &[String], col: usize) -> String {
    let described = header
        .iter()
        .position(|h| h.to_lowercase().contains("descr"))
        .filter(|&d| d != col);
    let pick = described.or_else(|| {
        (0..cells.len()).find(|&c| {
            c != col && cells[c].split_whitespace().count() >= 2 && !cells[c].contains('`')
        })
    });
    pick.and_then(|c| cells.get(c))
        .map(|c| plain(c))
        .unwrap_or_default()
}

fn runs(text: &str, page: usize, span: &Span) -> Vec<NameList> {
    code_runs(text)
        .into_iter()
        .map(|names| NameList {
            descriptions: vec![String::new(); names.len()],
            names,
            page,
            span: span.clone(),
            label: text.to_lowercase(),
            header: String::new(),
        })
        .collect()
}

/// Lists of fields a page describes: bullets (or definitions) that each
/// start with one code span naming a key, then what it is.
pub(crate) fn field_lists(doc: &Document) -> Vec<Vec<FieldDoc>> {
    let mut out = Vec::new();
    for block in &doc.blocks {
        let entries: Vec<(String, Span)> = match &block.kind {
            BlockKind::List { items } => items
                .iter()
                .map(|i| (i.clone(), block.span.clone()))
                .collect(),
            BlockKind::DefinitionList { items } => items
                .iter()
                .map(|d| (format!("{}: {}", d.term, d.definition), d.span.clone()))
                .collect(),
            _ => continue,
        };
        let fields: Vec<FieldDoc> = entries
            .iter()
            .filter_map(|(text, span)| field_doc(text, span))
            .collect();
        if fields.len() >= 2 && fields.len() * 2 >= entries.len() {
            out.push(fields);
        }
    }
    out
}

/// `` `key`: description ``, `` `key` - description ``, `` `key` (string): … ``.
fn field_doc(text: &str, span: &Span) -> Option<FieldDoc> {
    let t = text.trim();
    let key = code_at_start(t)?;
    let rest = t[key.len() + 2..].trim_start();
    let rest = match rest.strip_prefix('(') {
        Some(r) => r.split_once(')').map_or(r, |(_, after)| after).trim_start(),
        None => rest,
    };
    let description = rest
        .strip_prefix(':')
        .or_else(|| rest.strip_prefix(" -"))
        .or_else(|| rest.strip_prefix('-'))
        .or_else(|| rest.strip_prefix('–'))
        .or_else(|| rest.strip_prefix('—'))?
        .trim();
    let valid = key
        .chars()
        .all(|c| c.is_alphanumeric() || "_-.".contains(c));
    (valid && !description.is_empty()).then(|| FieldDoc {
        key: key.to_string(),
        description: plain(description),
        span: span.clone(),
    })
}

/// The code spans of a page's prose (paragraphs, list items, definitions).
pub(crate) fn code_spans(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    let mut take = |text: &str| {
        for (at, _) in text.match_indices('`') {
            if let Some(code) = code_at_start(&text[at..]) {
                out.push(code.to_string());
            }
        }
    };
    for block in &doc.blocks {
        match &block.kind {
            BlockKind::Paragraph { text } => take(text),
            BlockKind::List { items } => items.iter().for_each(|i| take(i)),
            BlockKind::DefinitionList { items } => items.iter().for_each(|d| take(&d.definition)),
            _ => {}
        }
    }
    out
}

/// Whether a field's description says it holds the event's name or type:
/// "type of event", "the event type", "name of the event that fired".
pub(crate) fn names_the_event(description: &str) -> bool {
    let lower = description.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
        .collect();
    let at = |i: usize| words.get(i).copied().unwrap_or("");
    (0..words.len()).any(|i| {
        let (a, b, c) = (at(i), at(i + 1), at(i + 2));
        matches!(a, "type" | "name" | "kind") && b == "of" && (c == "event" || at(i + 3) == "event")
            || a == "event" && matches!(b, "type" | "name" | "that" | "which")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::doc::{Block, Definition, Row};

    fn block(kind: BlockKind) -> Block {
        Block {
            kind,
            span: Span::default(),
        }
    }

    fn doc(blocks: Vec<BlockKind>) -> Document {
        Document {
            blocks: blocks.into_iter().map(block).collect(),
            ..Default::default()
        }
    }

    fn row(cells: &[&str]) -> Row {
        Row {
            cells: cells.iter().map(|c| c.to_string()).collect(),
            span: Span::default(),
        }
    }

    #[test]
    fn a_column_of_names_is_a_list_with_its_descriptions() {
        let d = doc(vec![
            BlockKind::Heading {
                level: 2,
                text: "Kinds of event".into(),
                anchor: None,
            },
            BlockKind::Table {
                header: vec!["What".into(), "Event name".into()],
                rows: vec![
                    row(&["A build starts", "`build.started`"]),
                    row(&["A build ends", "`build.ended`"]),
                ],
            },
        ]);
        let lists = name_lists(&d, 0);
        assert_eq!(lists.len(), 1);
        assert_eq!(lists[0].names, ["build.started", "build.ended"]);
        assert_eq!(lists[0].descriptions, ["A build starts", "A build ends"]);
        assert!(lists[0].says_events());
    }

    #[test]
    fn prose_and_definitions_list_names_too() {
        let d = doc(vec![
            BlockKind::Paragraph {
                text: "The `kind` field is `a.b`, `a.c` or `a.d`.".into(),
            },
            BlockKind::DefinitionList {
                items: vec![Definition {
                    term: "`{{ kind }}`".into(),
                    definition: "One of `x:y`, `x:z`.".into(),
                    span: Span::default(),
                }],
            },
        ]);
        let names: Vec<Vec<String>> = name_lists(&d, 0).into_iter().map(|l| l.names).collect();
        assert_eq!(names, [vec!["a.b", "a.c", "a.d"], vec!["x:y", "x:z"]]);
    }

    #[test]
    fn field_bullets() {
        let d = doc(vec![BlockKind::List {
            items: vec![
                "`kind`: type of event (see the enum)".into(),
                "`objectId` - id of the object".into(),
                "`when` (string): time".into(),
            ],
        }]);
        let lists = field_lists(&d);
        let keys: Vec<&str> = lists[0].iter().map(|f| f.key.as_str()).collect();
        assert_eq!(keys, ["kind", "objectId", "when"]);
        assert!(names_the_event(&lists[0][0].description));
        assert!(!names_the_event(&lists[0][1].description));
        assert!(names_the_event("The event type."));
        assert!(names_the_event("Name of the event that fired"));
        assert!(!names_the_event("Time the event happened"));
    }
}
