//! The product a page's prose keeps naming: a proper noun, told from a
//! common word by its capital letter in mid-sentence, where a common word
//! has none.

use std::collections::{BTreeMap, BTreeSet};

use super::GENERIC_WORDS;
use crate::names;
use crate::parse::doc::{BlockKind, Document};

/// Words of prose capitalized for reasons other than naming a product.
const PROSE_WORDS: &[&str] = &[
    "body",
    "click",
    "example",
    "go",
    "header",
    "important",
    "json",
    "key",
    "note",
    "request",
    "requests",
    "response",
    "responses",
    "see",
    "select",
    "tip",
    "url",
    "warning",
];

/// Lowercase words that may join the words of a name ("Bank of Example").
const JOINERS: &[&str] = &["of", "the"];

/// The longest name taken for one, in words.
const MAX_WORDS: usize = 3;

/// How often the product must be named before it names the vendor.
const MIN_MENTIONS: usize = 3;

/// One stretch of capitalized words and whether a sentence opens with it.
struct Run {
    words: Vec<String>,
    opens_sentence: bool,
}

/// The proper noun the page's prose names most often, snake_cased
/// (`Acme Cloud` → `acme_cloud`): one the prose writes capitalized in
/// mid-sentence at least once and never in lowercase, named at least
/// [`MIN_MENTIONS`] times over the prose and headings, and more often than
/// any other. A tie names nothing: a page about two products is not
/// either's.
pub(super) fn product(docs: &[&Document]) -> Option<String> {
    let mut prose: Vec<&str> = Vec::new();
    let mut headings: Vec<&str> = Vec::new();
    for block in docs.iter().flat_map(|d| &d.blocks) {
        match &block.kind {
            BlockKind::Paragraph { text } => prose.push(text),
            BlockKind::List { items } => prose.extend(items.iter().map(String::as_str)),
            BlockKind::DefinitionList { items } => {
                prose.extend(items.iter().map(|d| d.definition.as_str()));
            }
            BlockKind::Heading { text, .. } => headings.push(text),
            BlockKind::Table { .. } | BlockKind::Code(_) => {}
        }
    }
    headings.extend(docs.iter().filter_map(|d| d.title.as_deref()));

    let common = Common {
        words: prose
            .iter()
            .flat_map(|t| words(t))
            .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
            .collect(),
        prose: prose.join("\n"),
    };
    let prose_runs: Vec<Run> = prose.iter().flat_map(|t| runs(t)).collect();
    // Names the prose gives in mid-sentence, where only a proper noun is
    // capitalized.
    let proper: BTreeSet<String> = prose_runs
        .iter()
        .filter(|r| !r.opens_sentence)
        .filter_map(|r| name(&r.words, &common))
        .collect();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let heading_runs = headings.iter().flat_map(|t| runs(t));
    for run in prose_runs.into_iter().chain(heading_runs) {
        let named = name(&run.words, &common).filter(|n| proper.contains(n));
        // A sentence's first word is capitalized whatever it is ("Then
        // Acme sends ...").
        let named = named.or_else(|| {
            let rest = run.words.get(1..).filter(|_| run.opens_sentence)?;
            name(rest, &common).filter(|n| proper.contains(n))
        });
        if let Some(n) = named {
            *counts.entry(n).or_default() += 1;
        }
    }
    let mut ranked: Vec<(usize, String)> = counts.into_iter().map(|(n, c)| (c, n)).collect();
    ranked.sort_by_key(|r| std::cmp::Reverse(r.0));
    match ranked.as_slice() {
        [(c, n), rest @ ..] if *c >= MIN_MENTIONS && rest.first().is_none_or(|r| r.0 < *c) => {
            Some(n.clone())
        }
        _ => None,
    }
}

/// What the page writes in lowercase: its common words and phrases.
struct Common {
    words: BTreeSet<String>,
    prose: String,
}

/// The name a run of capitalized words gives: without the generic words at
/// its ends, of at most [`MAX_WORDS`] words, and not one the page also
/// writes in lowercase (a word capitalized as a label, "Settings").
fn name(words: &[String], common: &Common) -> Option<String> {
    // A word joined to the name ("Bank of the Docs") is part of it.
    let joined = |i: usize| {
        let joiner = |j: Option<&String>| j.is_some_and(|w| JOINERS.contains(&w.as_str()));
        joiner(i.checked_sub(1).and_then(|j| words.get(j))) || joiner(words.get(i + 1))
    };
    let keep = |(i, w): &(usize, &String)| !generic(w) || joined(*i);
    let start = words.iter().enumerate().position(|p| keep(&p))?;
    let end = words.iter().enumerate().rposition(|p| keep(&p))? + 1;
    let kept: Vec<String> = words[start..end].iter().map(|w| w.to_lowercase()).collect();
    let phrase = kept.join(" ");
    let written_lowercase = match kept.as_slice() {
        [one] => common.words.contains(one),
        _ => common.prose.contains(&phrase),
    };
    if kept.len() > MAX_WORDS || written_lowercase {
        return None;
    }
    Some(names::snake(&kept.join("_")))
}

/// A word that says what a page is about, not whose it is; a compound
/// spelled as one word is judged by its last part (`CloudEvents` names a
/// kind of event).
fn generic(word: &str) -> bool {
    let lower = word.to_lowercase();
    let last = word
        .char_indices()
        .rfind(|&(i, c)| i > 0 && c.is_uppercase())
        .map_or(lower.clone(), |(i, _)| word[i..].to_lowercase());
    [lower, last]
        .iter()
        .any(|w| GENERIC_WORDS.contains(&w.as_str()) || PROSE_WORDS.contains(&w.as_str()))
}

/// The words of a text, code spans and addresses left out, without the
/// punctuation around them.
fn words(text: &str) -> Vec<String> {
    tokens(text)
        .into_iter()
        .filter_map(|t| match t {
            Token::Word { word, .. } => Some(word),
            Token::Break => None,
        })
        .collect()
}

enum Token {
    Word {
        word: String,
        /// Whether a sentence ends after it.
        ends_sentence: bool,
        /// Whether punctuation after it parts it from the next word.
        parted: bool,
    },
    Break,
}

fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    // Code spans (`x`) are names of keys and values, not of products.
    for (i, piece) in text.split('`').enumerate() {
        if i % 2 == 1 {
            out.push(Token::Break);
            continue;
        }
        for raw in piece.split_whitespace() {
            if raw.contains("://") || raw.contains('/') || raw.contains('@') {
                out.push(Token::Break);
                continue;
            }
            let lead = raw.trim_start_matches(|c: char| !c.is_alphanumeric());
            if lead.len() != raw.len() && !raw.starts_with('*') && !raw.starts_with('_') {
                out.push(Token::Break);
            }
            let word = lead.trim_end_matches(|c: char| !c.is_alphanumeric());
            let tail = &lead[word.len()..];
            let word = word
                .strip_suffix("'s")
                .or_else(|| word.strip_suffix("’s"))
                .unwrap_or(word);
            if word.is_empty() || !word.chars().all(char::is_alphanumeric) {
                out.push(Token::Break);
                continue;
            }
            let tail = tail.trim_end_matches(['*', '_', '"', '\'', ')', ']']);
            out.push(Token::Word {
                word: word.to_string(),
                ends_sentence: tail.ends_with(['.', '!', '?', ':']),
                parted: !tail.is_empty(),
            });
        }
    }
    out
}

/// Stretches of capitalized words (with [`JOINERS`] between them), as
/// they stand in a text.
fn runs(text: &str) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    let mut current: Option<Run> = None;
    let mut sentence_start = true;
    let flush = |current: &mut Option<Run>, out: &mut Vec<Run>| {
        if let Some(mut run) = current.take() {
            while run
                .words
                .last()
                .is_some_and(|w| JOINERS.contains(&w.as_str()))
            {
                run.words.pop();
            }
            out.push(run);
        }
    };
    for token in tokens(text) {
        let Token::Word {
            word,
            ends_sentence,
            parted,
        } = token
        else {
            flush(&mut current, &mut out);
            continue;
        };
        let capital = word.chars().next().is_some_and(char::is_uppercase)
            && word.chars().any(char::is_lowercase);
        if capital {
            match &mut current {
                Some(run) => run.words.push(word),
                None => {
                    current = Some(Run {
                        words: vec![word],
                        opens_sentence: sentence_start,
                    })
                }
            }
        } else if JOINERS.contains(&word.as_str()) && current.is_some() && !parted {
            current.as_mut().expect("checked").words.push(word);
        } else {
            flush(&mut current, &mut out);
        }
        if parted {
            flush(&mut current, &mut out);
        }
        sentence_start = ends_sentence;
    }
    flush(&mut current, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_of(text: &str) -> Vec<(Vec<String>, bool)> {
        runs(text)
            .into_iter()
            .map(|r| (r.words, r.opens_sentence))
            .collect()
    }

    #[test]
    fn runs_stop_at_punctuation_and_code() {
        let got =
            names_of("Then Acme Cloud sends it, Beta too: see `Gamma Delta` and Keep the Notes.");
        let words: Vec<Vec<&str>> = got
            .iter()
            .map(|(w, _)| w.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(
            words,
            [
                vec!["Then", "Acme", "Cloud"],
                vec!["Beta"],
                vec!["Keep", "the", "Notes"]
            ]
        );
        assert!(got[0].1, "opens the sentence");
        assert!(!got[1].1);
    }
}
