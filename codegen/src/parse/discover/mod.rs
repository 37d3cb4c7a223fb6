//! Events found from the example deliveries themselves, for docs whose
//! sections do not name them.
//!
//! A vendor's webhook page is, at heart, a set of example deliveries with
//! prose around them. When no section names an event, the body field that
//! does is found from the deliveries and the page ([`field`]): a string
//! field at the top or one level down, or in each element of an array of
//! events, whose values the page lists (a table column, a definition, a
//! sentence; [`lists`]) or that differ from delivery to delivery under a
//! key such as `type` or `eventType`. The deliveries are grouped by its
//! value, and each group is an event named exactly as the delivery
//! carries it. An event the page lists but shows no delivery of is an
//! event too, typed with the envelope the deliveries share ([`envelope`]).
//! A code block that does not carry the field is no delivery (a template
//! with `{{ … }}` placeholders, a legacy body, an API request): a note
//! says why it was left out.
//!
//! Where sections do name the events and their examples carry the name in
//! one body field, the same lists add the events they name that no
//! section shows. And an example delivery request whose event header names
//! an event no section documents is that event's evidence.
//!
//! Everything here reads the page's document blocks and the examples the
//! reader kept, never a markup, so every markup a reader lowers works.

mod candidates;
mod data_files;
mod envelope;
mod field;
mod lists;
mod spellings;

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use crate::diag::{Diagnostics, Span};
use crate::parse::doc::Document;
use crate::parse::{EventSection, ExampleBlock, FieldRow, ParsedPage};
use candidates::{Candidate, Found as How};
pub use field::NameField;
use lists::{FieldDoc, NameList};

/// What discovery found, kept on the page whose events it added.
#[derive(Debug, Clone, Default)]
pub struct Found {
    /// Where the deliveries carry the event's name.
    pub name_field: Option<NameField>,
    /// `(event, other spelling)`: names a delivery of the event may carry
    /// instead of its own (another payload format of the page).
    pub spellings: Vec<(String, String)>,
    /// Whole batch deliveries as the docs show them (the events of each are
    /// also their events' examples).
    pub batch_examples: Vec<ExampleBlock>,
}

/// The reader's note for an example outside any section; discovery says
/// more about each one it reads.
const LOOSE_NOTE: &str = "JSON example outside any event section";

/// A data file beside the pages: where it is, and its text.
pub(crate) struct DataFile<'a> {
    pub span: Span,
    pub text: &'a str,
}

/// Finds events from the deliveries of `pages` (see the module docs);
/// `data` are the data files beside them, which may be a catalog.
pub(crate) fn discover(pages: &mut [ParsedPage], data: &[DataFile<'_>], diags: &mut Diagnostics) {
    let lists = |pages: &[ParsedPage]| -> Vec<NameList> {
        pages
            .iter()
            .enumerate()
            .flat_map(|(i, p)| lists::name_lists(&p.document, i))
            .collect()
    };
    not_events(pages);
    if pages.iter().all(|p| p.sections.is_empty()) {
        let field_docs: Vec<Vec<FieldDoc>> = pages
            .iter()
            .flat_map(|p| lists::field_lists(&p.document))
            .collect();
        from_deliveries(pages, &lists(pages), &field_docs, data, diags);
    } else if let Some(path) = sections_name_path(pages) {
        let lists = lists(pages);
        beside_sections(pages, &path, &lists, diags);
    }
    from_requests(pages, diags);
    not_payloads(pages, diags);
}

/// The reader's warning for a JSON-marked block that holds no JSON value.
const NOT_JSON: &str = "code block marked `json";

/// Blocks marked JSON that plainly hold something else a page may well
/// show there: a shell session (`curl …`, `$ …`), one member of an object
/// (`"target": […]`) for the reader to add to a body, or a chat message as
/// the user sees it, which the prose before it calls a message. The page
/// is fine as published: a note, not the reader's warning.
fn not_payloads(pages: &[ParsedPage], diags: &mut Diagnostics) {
    let mut found: Vec<(Span, &str)> = Vec::new();
    for page in pages {
        candidates::walk(page, |code, _, before| {
            let first = code.text.trim_start().lines().next().unwrap_or("").trim();
            let command = first.split_whitespace().next().unwrap_or("");
            let what = if matches!(command, "curl" | "wget" | "http" | "$") {
                "a shell session"
            } else if member_fragment(first) {
                "one member of an object, not a whole JSON value"
            } else if says_message(before) {
                "a message as it is shown (the page says so), not a body"
            } else {
                return;
            };
            found.push((code.text_span.clone(), what));
        });
    }
    let spans: HashSet<Span> = found.iter().map(|(s, _)| s.clone()).collect();
    let dropped = diags.withdraw(&spans, NOT_JSON);
    for (span, what) in found {
        if dropped.contains(&span) {
            diags.note(
                span,
                format!("code block marked as JSON holds {what}; not a delivery, skipped"),
            );
        }
    }
}

/// Whether the prose before a block says it shows a message as a person
/// receives it ("the message you receive will be like").
fn says_message(before: &str) -> bool {
    let lower = before.to_lowercase();
    lower
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w == "message" || w == "messages")
}

/// `"key": …` at the start of a block: a member, not a value.
fn member_fragment(first_line: &str) -> bool {
    let Some(rest) = first_line.strip_prefix('"') else {
        return false;
    };
    rest.split_once('"')
        .is_some_and(|(key, after)| !key.is_empty() && after.trim_start().starts_with(':'))
}

/// Sections a heading makes that are no event: a heading that names what
/// happened (every example under "Create" has `"action": "create"`; such
/// headings repeat under each object, "Issue" > "Create", "Comment" >
/// "Create"), or one over templates alone (a "Slack" tab whose only
/// example is a message with `{{ … }}` placeholders, and no field table).
/// Their examples go back to being examples outside any section, for the
/// events to be found from them (and their `action` read as actions).
fn not_events(pages: &mut [ParsedPage]) {
    let squash = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    for page in pages.iter_mut() {
        let (actions, events): (Vec<EventSection>, Vec<EventSection>) =
            std::mem::take(&mut page.sections)
                .into_iter()
                .partition(|s| {
                    let action_named = |e: &ExampleBlock| {
                        e.value
                            .get("action")
                            .and_then(Value::as_str)
                            .is_some_and(|a| squash(a) == squash(&s.name))
                    };
                    let template = |e: &ExampleBlock| candidates::is_template(&e.value);
                    !s.examples.is_empty()
                        && (s.examples.iter().all(action_named)
                            || s.rows.is_empty() && s.examples.iter().all(template))
                });
        page.sections = events;
        let examples: Vec<ExampleBlock> = actions.into_iter().flat_map(|s| s.examples).collect();
        let spans: Vec<Span> = examples.iter().map(|e| e.span.clone()).collect();
        let contexts = candidates::contexts_of(page, &spans);
        for (example, (headings, before)) in examples.into_iter().zip(contexts) {
            page.loose_examples.push(crate::parse::LooseExample {
                example,
                lang: "json".to_string(),
                headings,
                before,
            });
        }
    }
}

/// The body path at which the sections' examples carry their events'
/// names, when most events with examples agree on one.
fn sections_name_path(pages: &[ParsedPage]) -> Option<Vec<String>> {
    let events: Vec<(&str, Vec<&Value>)> = pages
        .iter()
        .flat_map(|p| &p.sections)
        .map(|s| {
            (
                s.name.as_str(),
                s.examples.iter().map(|e| &e.value).collect(),
            )
        })
        .collect();
    crate::parse::event_names::shared_name_paths(&events)
        .into_iter()
        .next()
}

/// A delivery read from a candidate: the event it is of, and its example.
struct Delivery {
    name: String,
    example: ExampleBlock,
    /// The candidate's index.
    from: usize,
}

/// What a candidate is, against the name field.
enum Read {
    /// A delivery, or a batch (its events, and the whole).
    Deliveries(Vec<(String, ExampleBlock)>, Option<ExampleBlock>),
    /// Not a delivery, and why.
    Skip(String),
}

fn from_deliveries(
    pages: &mut [ParsedPage],
    lists: &[NameList],
    field_docs: &[Vec<FieldDoc>],
    data: &[DataFile<'_>],
    diags: &mut Diagnostics,
) {
    let all = candidates::gather(pages);
    let usable: Vec<&Candidate> = all.iter().filter(|c| !c.is_template()).collect();
    let docs: Vec<&Document> = pages.iter().map(|p| &p.document).collect();
    let (field, named_by) = match field::choose(&usable, lists, &docs) {
        Some(f) => (f, None),
        None => match documented_field(field_docs) {
            Some((f, doc)) => (f, Some(doc)),
            None => return,
        },
    };
    // Keys batch elements have: an event object shown alone has them too.
    let element_keys: Vec<&str> = match &field.batch {
        Some(batch) => all
            .iter()
            .filter_map(|c| field::array_at(c.value(), batch))
            .flatten()
            .filter_map(Value::as_object)
            .flat_map(|m| m.keys().map(String::as_str))
            .collect(),
        None => Vec::new(),
    };
    let mut deliveries: Vec<Delivery> = Vec::new();
    let mut batch_examples: Vec<ExampleBlock> = Vec::new();
    let loose: HashSet<Span> = all
        .iter()
        .filter(|c| c.loose)
        .map(|c| c.example.span.clone())
        .collect();
    diags.withdraw(&loose, LOOSE_NOTE);
    let mut seen: HashSet<(String, String)> = HashSet::new();
    for (i, c) in all.iter().enumerate() {
        match read(c, &field, &element_keys) {
            Read::Deliveries(found, whole) => {
                let mut new = false;
                for (name, example) in found {
                    if seen.insert((name.clone(), example.value.to_string())) {
                        new = true;
                        deliveries.push(Delivery {
                            name,
                            example,
                            from: i,
                        });
                    }
                }
                if let Some(whole) = whole {
                    if seen.insert((String::new(), whole.value.to_string())) {
                        batch_examples.push(whole);
                    }
                }
                if new && c.found != How::Block {
                    diags.note(
                        c.example.span.clone(),
                        format!(
                            "a delivery inside this block ({}); read as an example of `{}`",
                            how_quoted(c.found),
                            deliveries.last().map_or("", |d| d.name.as_str())
                        ),
                    );
                }
            }
            Read::Skip(why) if c.found == How::Block && c.loose => {
                diags.note(
                    c.example.span.clone(),
                    format!("{why}; not a delivery, skipped"),
                );
            }
            Read::Skip(_) => {}
        }
    }
    // Names the page lists; a list that names a delivered event names events.
    let delivered: HashSet<&str> = deliveries.iter().map(|d| d.name.as_str()).collect();
    let listing: Vec<&NameList> = match &named_by {
        Some(_) => lists.iter().filter(|l| l.labels_events()).collect(),
        None => lists
            .iter()
            .filter(|l| names_events(l, &delivered))
            .collect(),
    };
    let listed_names: HashSet<&str> = listing
        .iter()
        .flat_map(|l| l.names.iter().map(String::as_str))
        .collect();
    let listed = |n: &str| listed_names.contains(n);
    let shown: Vec<spellings::Shown<'_>> = deliveries
        .iter()
        .filter(|_| field.batch.is_none())
        .map(|d| {
            let c = &all[d.from];
            spellings::Shown {
                name: &d.name,
                value: &d.example.value,
                under: format!("{}/{}", c.page, c.headings.join("/")),
            }
        })
        .collect();
    let pairs = spellings::pair(&shown, &listed);
    let spelling_of = |n: &str| pairs.iter().find(|(_, s)| s == n).map(|(p, _)| p.clone());

    // Events in the order the page lists them, then the ones only shown.
    let mut names: Vec<(String, String, Span)> = Vec::new();
    let mut named: HashSet<String> = HashSet::new();
    for l in &listing {
        for (n, d) in l.names.iter().zip(&l.descriptions) {
            if spelling_of(n).is_none() && named.insert(n.clone()) {
                names.push((n.clone(), d.clone(), l.span.clone()));
            }
        }
    }
    for (name, description) in catalog_names(pages, data, &delivered, diags) {
        if spelling_of(&name).is_none() && named.insert(name.clone()) {
            names.push((name, description, pages[0].span.clone()));
        }
    }
    // Each delivery's example goes to the event it is of.
    let mut examples_of: HashMap<String, Vec<ExampleBlock>> = HashMap::new();
    for d in &deliveries {
        let name = spelling_of(&d.name).unwrap_or_else(|| d.name.clone());
        if named.insert(name.clone()) {
            names.push((name.clone(), String::new(), d.example.span.clone()));
        }
        examples_of.entry(name).or_default().push(d.example.clone());
    }
    if names.is_empty() {
        return;
    }
    let home = listing
        .first()
        .map(|l| l.page)
        .or_else(|| deliveries.first().map(|d| all[d.from].page))
        .unwrap_or(0);

    // The envelope: what the deliveries of the first format share, and the
    // field lists that describe the deliveries.
    let name_key = field.path.first().cloned().unwrap_or_default();
    let docs: Vec<FieldDoc> = field_docs
        .iter()
        .filter(|list| {
            list.iter().any(|d| d.key == name_key)
                || named_by
                    .as_ref()
                    .is_some_and(|n| list.iter().any(|d| d.key == n.key))
        })
        .flatten()
        .fold(Vec::new(), |mut acc: Vec<FieldDoc>, d| {
            if !acc.iter().any(|a| a.key == d.key) {
                acc.push(d.clone());
            }
            acc
        });
    let primaries: Vec<&Value> = deliveries
        .iter()
        .filter(|d| spelling_of(&d.name).is_none())
        .map(|d| &d.example.value)
        .collect();
    let span = pages[home].span.clone();
    let envelope = envelope::rows(&primaries, &docs, &span);
    let documented = envelope::rows(&[], &docs, &span);

    for (name, description, span) in names {
        let examples = examples_of.remove(&name).unwrap_or_default();
        let rows: Vec<FieldRow> = if examples.is_empty() {
            envelope.clone()
        } else {
            documented.clone()
        };
        pages[home].sections.push(EventSection {
            name,
            span,
            description,
            availability: Vec::new(),
            rows,
            examples,
        });
    }
    pages[home].found_instead.clear();
    pages[home].found = Found {
        name_field: Some(field),
        spellings: pairs,
        batch_examples,
    };
}

/// Names a catalog kept as data gives: a list of it that holds a delivered
/// event's name names events, and where the pages name a tag its entries
/// carry ("the types tagged `hook-eligible`"), those entries only.
fn catalog_names(
    pages: &[ParsedPage],
    data: &[DataFile<'_>],
    delivered: &HashSet<&str>,
    diags: &mut Diagnostics,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if data.is_empty() {
        return out;
    }
    let mentioned: HashSet<String> = pages
        .iter()
        .flat_map(|p| lists::code_spans(&p.document))
        .collect();
    for file in data {
        for list in data_files::catalogs(&file.span.file, file.text) {
            if !list.iter().any(|e| delivered.contains(e.name.as_str())) {
                continue;
            }
            let tags: std::collections::BTreeSet<&str> = list
                .iter()
                .flat_map(|e| e.tags.iter().map(String::as_str))
                .filter(|t| mentioned.contains(*t))
                .collect();
            let kept: Vec<&data_files::Entry> = list
                .iter()
                .filter(|e| tags.is_empty() || e.tags.iter().any(|t| tags.contains(t.as_str())))
                .collect();
            let which = if tags.is_empty() {
                String::new()
            } else {
                let shown: Vec<String> = tags.iter().map(|t| format!("`{t}`")).collect();
                format!(
                    " (those tagged {}, a tag the pages name)",
                    shown.join(" or ")
                )
            };
            diags.note(
                file.span.clone(),
                format!(
                    "a catalog beside the pages lists a delivered event: {} of its {} entries are events{which}",
                    kept.len(),
                    list.len()
                ),
            );
            out.extend(
                kept.into_iter()
                    .map(|e| (e.name.clone(), e.description.clone())),
            );
        }
    }
    out
}

/// What a code block holds besides a delivery, in a note.
fn how_quoted(how: How) -> &'static str {
    match how {
        How::Quoted => "a JSON string holding it",
        How::InText => "JSON written in a line of text",
        How::Console => "a value followed by other text",
        How::Block => "a JSON value",
    }
}

/// A field a list describes as the event's name or type (`` `eventType`:
/// type of event ``): with no delivery shown, where the name travels.
fn documented_field(field_docs: &[Vec<FieldDoc>]) -> Option<(NameField, FieldDoc)> {
    let doc = field_docs
        .iter()
        .flatten()
        .find(|d| lists::names_the_event(&d.description))?;
    let field = NameField {
        path: doc.key.split('.').map(str::to_string).collect(),
        batch: None,
    };
    Some((field, doc.clone()))
}

/// Whether a list names events: it holds a delivered event's name, and
/// its names look like names (most of them cased as the delivered ones).
fn names_events(list: &NameList, delivered: &HashSet<&str>) -> bool {
    let case = |n: &str| {
        (
            n.chars().any(|c| c.is_ascii_lowercase()),
            n.chars().any(|c| c.is_ascii_uppercase()),
        )
    };
    let cases: HashSet<(bool, bool)> = delivered.iter().map(|n| case(n)).collect();
    let alike = list
        .names
        .iter()
        .filter(|n| cases.contains(&case(n)))
        .count();
    list.names.iter().any(|n| delivered.contains(&n.as_str()))
        && list.names.iter().all(|n| field::name_shaped(n))
        && alike * 5 >= list.names.len() * 4
}

/// A candidate against the name field: its deliveries, or why it is none.
fn read(c: &Candidate, field: &NameField, element_keys: &[&str]) -> Read {
    let field_name = field.shown();
    if c.is_template() {
        return Read::Skip(
            "holds `{{ … }}` placeholders: a template to fill in, not a body that was sent"
                .to_string(),
        );
    }
    let name_at = |v: &Value| {
        field::string_at(v, &field.path)
            .filter(|n| field::name_shaped(n))
            .map(str::to_string)
    };
    let Some(batch) = &field.batch else {
        return match name_at(c.value()) {
            Some(name) => Read::Deliveries(vec![(name, c.example.clone())], None),
            None => Read::Skip(no_field(c, &field_name)),
        };
    };
    if let Some(items) = field::array_at(c.value(), batch) {
        let events: Vec<(String, ExampleBlock)> = items
            .iter()
            .filter_map(|item| {
                let name = name_at(item)?;
                let raw = serde_json::to_string_pretty(item).ok()?;
                Some((
                    name,
                    ExampleBlock {
                        raw,
                        value: item.clone(),
                        span: c.example.span.clone(),
                        comments: Vec::new(),
                    },
                ))
            })
            .collect();
        if !events.is_empty() {
            return Read::Deliveries(events, Some(c.example.clone()));
        }
    }
    // An event of the batch shown alone, without the envelope.
    let keys: Vec<&str> = c
        .value()
        .as_object()
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let shared = keys.iter().filter(|k| element_keys.contains(k)).count();
    match name_at(c.value()) {
        Some(name) if shared * 2 >= keys.len().max(1) => {
            Read::Deliveries(vec![(name, c.example.clone())], None)
        }
        _ => Read::Skip(no_field(c, &field_name)),
    }
}

/// Why a JSON example without the name field is no delivery, in the
/// words of the page around it where they say more.
fn no_field(c: &Candidate, field: &str) -> String {
    let context = format!("{} {}", c.headings.join(" "), c.before).to_lowercase();
    let says = |words: &[&str]| words.iter().any(|w| context.contains(w));
    let kind = if says(&["legacy", "deprecated", "old format", "migrat"]) {
        " (the page calls it legacy)"
    } else if says(&["request", "response", "api", "curl", "endpoint"]) {
        " (an API request or response, by the words around it)"
    } else {
        ""
    };
    format!("has no `{field}` field, which names the event in the page's other deliveries{kind}")
}

/// Beside sections whose examples carry the name at `path`: a list that
/// names a section's event names events, each one without a section typed
/// with the envelope the examples share; and an example outside any
/// section that carries a name the docs give (a section's or a list's) is
/// a delivery of that event. One carrying a name nobody gives, under a
/// heading that does not name it, is left alone (an error body, a sample
/// of something else).
fn beside_sections(
    pages: &mut [ParsedPage],
    path: &[String],
    lists: &[NameList],
    diags: &mut Diagnostics,
) {
    let Some(home) = pages.iter().position(|p| !p.sections.is_empty()) else {
        return;
    };
    let known: HashSet<String> = pages
        .iter()
        .flat_map(|p| p.sections.iter().map(|s| s.name.clone()))
        .collect();
    let field = NameField {
        path: path.to_vec(),
        batch: None,
    };
    let named: HashSet<&str> = known.iter().map(String::as_str).collect();
    let mut added: Vec<(String, String, Span)> = Vec::new();
    let mut listed: HashSet<String> = HashSet::new();
    for l in lists.iter().filter(|l| names_events(l, &named)) {
        for (n, d) in l.names.iter().zip(&l.descriptions) {
            if !known.contains(n) && listed.insert(n.clone()) {
                added.push((n.clone(), d.clone(), l.span.clone()));
            }
        }
    }
    // Loose examples that carry a name the docs give.
    let mut loose: Vec<(String, ExampleBlock)> = Vec::new();
    for page in pages.iter() {
        for l in &page.loose_examples {
            let Some(name) = field::string_at(&l.example.value, path)
                .filter(|n| known.contains(*n) || listed.contains(*n))
            else {
                continue;
            };
            diags.withdraw(&HashSet::from([l.example.span.clone()]), LOOSE_NOTE);
            diags.note(
                l.example.span.clone(),
                format!(
                    "example outside any event section carries `{name}` in `{}`; read as a delivery of it",
                    field.shown()
                ),
            );
            loose.push((name.to_string(), l.example.clone()));
        }
    }
    // The envelope the sections' examples share, for the listed events.
    let shown: Vec<Value> = pages
        .iter()
        .flat_map(|p| &p.sections)
        .flat_map(|s| s.examples.iter().map(|e| e.value.clone()))
        .filter(|v| field::string_at(v, path).is_some())
        .collect();
    let span = pages[home].span.clone();
    let shown: Vec<&Value> = shown.iter().collect();
    let rows = envelope::rows(&shown, &[], &span);
    for (name, description, span) in added {
        let examples: Vec<ExampleBlock> = loose
            .iter()
            .filter(|(n, _)| *n == name)
            .map(|(_, e)| e.clone())
            .collect();
        if examples.is_empty() {
            diags.note(
                span.clone(),
                format!("event `{name}` is listed beside events the sections document, with no section or example of its own; typed with the envelope their examples share"),
            );
        }
        pages[home].sections.push(EventSection {
            name,
            span,
            description,
            availability: Vec::new(),
            rows: if examples.is_empty() {
                rows.clone()
            } else {
                Vec::new()
            },
            examples,
        });
    }
    for (name, example) in loose.into_iter().filter(|(n, _)| known.contains(n)) {
        let section = pages
            .iter_mut()
            .flat_map(|p| p.sections.iter_mut())
            .find(|s| s.name == name);
        if let Some(s) = section {
            if !s.examples.iter().any(|e| e.value == example.value) {
                s.examples.push(example);
            }
        }
    }
}

/// An example delivery request whose event header names an event no
/// section documents: that event, with the request's body as its example
/// (attached where examples are gathered).
fn from_requests(pages: &mut [ParsedPage], diags: &mut Diagnostics) {
    let mut known: Vec<String> = pages
        .iter()
        .flat_map(|p| p.sections.iter().map(|s| s.name.clone()))
        .collect();
    for page in pages.iter_mut() {
        let mut added = false;
        for d in &page.deliveries {
            let Some((header, name)) = d
                .headers
                .iter()
                .find(|(n, v)| crate::parse::delivery::names_event(n) && !v.trim().is_empty())
            else {
                continue;
            };
            if known.contains(name) || d.body.is_none() {
                continue;
            }
            known.push(name.clone());
            diags.note(
                d.span.clone(),
                format!("example delivery request names event `{name}` in its `{header}` header, and no section documents it: the request is that event's evidence"),
            );
            page.sections.push(EventSection {
                name: name.clone(),
                span: d.span.clone(),
                description: String::new(),
                availability: Vec::new(),
                rows: Vec::new(),
                examples: Vec::new(),
            });
            added = true;
        }
        if added {
            page.found_instead.clear();
        }
    }
}
