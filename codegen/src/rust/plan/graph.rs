//! The type graph of one provider: which events reach which types (for cargo
//! feature gates) and which fields need a `Box` (to break type cycles).

use std::collections::BTreeSet;

use crate::ir::{EnumId, ObjectId, Provider, Type, TypeSpace};

/// When a type is compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Gate {
    Always,
    /// When any of these events (indices into `Provider::events`) is enabled.
    Events(Vec<usize>),
}

/// Objects and enums a field type names in Rust. `Union` and `Any` become
/// `serde_json::Value`, so what they contain is not referenced.
fn named(ty: &Type, objects: &mut Vec<ObjectId>, enums: &mut Vec<EnumId>) {
    match ty {
        Type::Object(id) => objects.push(*id),
        Type::Enum(id) => enums.push(*id),
        Type::Array(item) => named(item, objects, enums),
        Type::String { .. }
        | Type::Integer
        | Type::Number
        | Type::Boolean
        | Type::Timestamp { .. }
        | Type::Union(_)
        | Type::Any => {}
    }
}

/// Marks everything reachable from `roots` with `label`.
fn mark(
    space: &TypeSpace,
    roots: &[ObjectId],
    enum_roots: &[EnumId],
    label: Label,
    objects: &mut [BTreeSet<Label>],
    enums: &mut [BTreeSet<Label>],
) {
    for id in enum_roots {
        enums[id.0].insert(label);
    }
    let mut stack: Vec<ObjectId> = roots.to_vec();
    while let Some(id) = stack.pop() {
        if !objects[id.0].insert(label) {
            continue;
        }
        let (mut next, mut named_enums) = (Vec::new(), Vec::new());
        for field in &space.object(id).fields {
            named(&field.ty, &mut next, &mut named_enums);
        }
        for e in named_enums {
            enums[e.0].insert(label);
        }
        stack.extend(next);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Label {
    Event(usize),
    /// Reached from a type no event reaches, which is compiled always.
    Always,
}

/// Gates of every object and enum of `provider`, indexed like its `TypeSpace`.
pub(crate) fn gates(provider: &Provider) -> (Vec<Gate>, Vec<Gate>) {
    let space = &provider.types;
    let mut objects = vec![BTreeSet::new(); space.objects.len()];
    let mut enums = vec![BTreeSet::new(); space.enums.len()];
    for (i, event) in provider.events.iter().enumerate() {
        let action: Vec<EnumId> = event.action_enum.into_iter().collect();
        mark(
            space,
            &[event.payload],
            &action,
            Label::Event(i),
            &mut objects,
            &mut enums,
        );
    }
    // Nothing gates an orphan, so nothing may gate what it mentions either.
    let orphans: Vec<ObjectId> = (0..objects.len())
        .filter(|&i| objects[i].is_empty())
        .map(ObjectId)
        .collect();
    mark(
        space,
        &orphans,
        &[],
        Label::Always,
        &mut objects,
        &mut enums,
    );
    let all = provider.events.len();
    let gate = |labels: &BTreeSet<Label>| {
        if labels.is_empty() || labels.contains(&Label::Always) || labels.len() == all {
            Gate::Always
        } else {
            Gate::Events(
                labels
                    .iter()
                    .filter_map(|l| match l {
                        Label::Event(i) => Some(*i),
                        Label::Always => None,
                    })
                    .collect(),
            )
        }
    };
    (
        objects.iter().map(gate).collect(),
        enums.iter().map(gate).collect(),
    )
}

/// For every object, which of its fields are boxed.
///
/// Only a field typed directly as an object can make a type infinitely
/// large (`Vec` already allocates), so such a field is boxed exactly when
/// its target reaches back to the containing object through direct object
/// fields, i.e. when both sit on one cycle.
pub(crate) fn boxed_fields(space: &TypeSpace) -> Vec<Vec<bool>> {
    let direct: Vec<Vec<usize>> = space
        .objects
        .iter()
        .map(|o| {
            o.fields
                .iter()
                .filter_map(|f| match f.ty {
                    Type::Object(id) => Some(id.0),
                    _ => None,
                })
                .collect()
        })
        .collect();
    let reaches = |from: usize, to: usize| {
        let mut seen = vec![false; direct.len()];
        let mut stack = vec![from];
        while let Some(at) = stack.pop() {
            if at == to {
                return true;
            }
            if !std::mem::replace(&mut seen[at], true) {
                stack.extend(&direct[at]);
            }
        }
        false
    };
    space
        .objects
        .iter()
        .enumerate()
        .map(|(owner, o)| {
            o.fields
                .iter()
                .map(|f| match f.ty {
                    Type::Object(target) => reaches(target.0, owner),
                    _ => false,
                })
                .collect()
        })
        .collect()
}
