//! Which actions a field's description ties it to.
//!
//! Docs that have one field table per event still give actions fields of
//! their own, in prose: "The changes to the label if the action was
//! `edited`", "For `assigned` and `unassigned`, the person added". A
//! sentence ties a field to the actions it names (in backticks or quotes)
//! when it speaks of the action ("if the action is") or names them after
//! "for" ("only present for `a` and `b`"). A sentence about values ("will
//! be `null` for the `deleted` action") or absence ("left out when the
//! action is") ties nothing: it does not say the field comes with those
//! actions.

/// The actions, of `actions`, that `description` ties its field to, in the
/// order of `actions`.
pub(super) fn linked_actions<'a>(description: &str, actions: &'a [String]) -> Vec<&'a str> {
    let mut linked = vec![false; actions.len()];
    for sentence in crate::parse::fields::sentences(description) {
        let lower = sentence.to_lowercase();
        let speaks_of_action = lower.contains("action");
        let for_named = ["for `", "for \"", "for “"]
            .iter()
            .any(|w| lower.contains(w));
        let denies = [
            "not ", "null", "never", "except", "absent", "omitted", "without", "left out",
            "excluded", "missing",
        ]
        .iter()
        .any(|w| lower.contains(w));
        if !(speaks_of_action || for_named) || denies {
            continue;
        }
        for name in quoted(sentence) {
            if let Some(i) = actions.iter().position(|a| a == name) {
                linked[i] = true;
            }
        }
    }
    actions
        .iter()
        .zip(linked)
        .filter_map(|(a, on)| on.then_some(a.as_str()))
        .collect()
}

/// Text between backticks or double quotes (straight or curly).
fn quoted(sentence: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut open: Option<(char, usize)> = None;
    for (i, c) in sentence.char_indices() {
        match open {
            None if matches!(c, '`' | '"' | '“') => open = Some((c, i + c.len_utf8())),
            Some((start, from)) if c == closing(start) => {
                out.push(sentence[from..i].trim());
                open = None;
            }
            _ => {}
        }
    }
    out
}

fn closing(open: char) -> char {
    match open {
        '“' => '”',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actions(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn links_the_actions_a_sentence_names() {
        let all = actions(&[
            "created",
            "edited",
            "deleted",
            "moved",
            "assigned",
            "unassigned",
        ]);
        let cases = [
            ("The changes to the label if the action was `edited`.", vec!["edited"]),
            ("For `assigned` and `unassigned`, the person added.", vec!["assigned", "unassigned"]),
            ("For `edited` issues, what the edit changed.", vec!["edited"]),
            ("The id of the column it follows if the action was \"moved\". Will be `null` if it is first.", vec!["moved"]),
            ("Present when the action is `created`, `edited`, or `deleted`.", vec!["created", "edited", "deleted"]),
            ("The time it was created. Will be `null` for the `deleted` action.", vec![]),
            ("The membership. Not present when the action is `created`.", vec![]),
            ("The membership. Left out when the action is `created`.", vec![]),
            ("Only present for `created`, `deleted` and `edited`: the repository.", vec!["created", "edited", "deleted"]),
            ("The `edited` field of the comment.", vec![]),
            ("The user if the action was `archived`.", vec![]),
        ];
        for (text, want) in cases {
            assert_eq!(linked_actions(text, &all), want, "{text}");
        }
    }
}
