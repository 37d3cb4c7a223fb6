//! The generated crate's tests: every documented example as a payload file
//! and a `#[test]` that parses it, round-trips it and validates it against
//! the checked-in JSON Schema.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{quote, ToTokens};
use serde_json::Value;

use super::output::OutputFile;
use super::plan::examples::{example_files, schema_stems};
use super::plan::{CratePlan, ProviderPlan};
use super::settings::CrateSettings;
use super::tokens::ident;
use crate::ir::{Example, ObjectId, Type, TypeSpace};
use crate::names::{snake, Namer};

/// Payload files and the source of `tests/examples.rs`.
pub(crate) fn suite(
    plan: &CratePlan<'_>,
    settings: &CrateSettings,
    crate_ident: &Ident,
) -> (Vec<OutputFile>, TokenStream) {
    let mut files = Vec::new();
    let mut modules = Vec::new();
    for p in &plan.providers {
        let krate = if plan.single() {
            quote!(::#crate_ident)
        } else {
            let module = &p.module;
            quote!(::#crate_ident::#module)
        };
        let tests = provider_tests(p, settings, &krate, &mut files);
        modules.push(if plan.single() {
            tests
        } else {
            let module = &p.module;
            quote! {
                mod #module {
                    use super::*;
                    #tests
                }
            }
        });
    }
    let tokens = quote! {
        //! Every documented example parses into its typed variant, serializes
        //! back to the same JSON, and is accepted by the checked-in schema.

        use std::path::Path;

        use serde_json::Value;

        /// Panics with every complaint of the schema at `schema` (relative to
        /// the crate root) about `json`.
        fn assert_schema_accepts(schema: &str, json: &Value) {
            let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(schema);
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|err| panic!("{}: {err}", path.display()));
            let schema: Value = serde_json::from_str(&text)
                .unwrap_or_else(|err| panic!("{}: {err}", path.display()));
            let validator = jsonschema::validator_for(&schema)
                .unwrap_or_else(|err| panic!("{}: {err}", path.display()));
            let errors: Vec<String> = validator
                .iter_errors(json)
                .map(|err| format!("  at {}: {err}", err.instance_path))
                .collect();
            assert!(
                errors.is_empty(),
                "{} rejects the example:\n{}",
                path.display(),
                errors.join("\n")
            );
        }

        /// The first place `actual` differs from `expected`, jq-style.
        fn first_difference(expected: &Value, actual: &Value, at: &str) -> Option<String> {
            match (expected, actual) {
                (Value::Object(e), Value::Object(a)) => {
                    for (key, e) in e {
                        let here = format!("{at}.{key}");
                        match a.get(key) {
                            Some(a) => {
                                if let Some(diff) = first_difference(e, a, &here) {
                                    return Some(diff);
                                }
                            }
                            None => return Some(format!("{here}: missing")),
                        }
                    }
                    a.keys()
                        .find(|key| !e.contains_key(*key))
                        .map(|key| format!("{at}.{key}: not in the input"))
                }
                (Value::Array(e), Value::Array(a)) if e.len() == a.len() => e
                    .iter()
                    .zip(a)
                    .enumerate()
                    .find_map(|(i, (e, a))| first_difference(e, a, &format!("{at}[{i}]"))),
                _ if expected == actual => None,
                _ => Some(format!("{at}: expected {expected}, got {actual}")),
            }
        }

        #(#modules)*
    };
    (files, tokens)
}

fn provider_tests(
    p: &ProviderPlan<'_>,
    settings: &CrateSettings,
    krate: &TokenStream,
    files: &mut Vec<OutputFile>,
) -> TokenStream {
    let provider = p.provider;
    let event_enum = &p.event_enum;
    let mut fns = Namer::new();
    fns.reserve(&[
        "check",
        "assert_schema_accepts",
        "first_difference",
        "unknown_event_keeps_payload",
        "unknown_body_name_keeps_payload",
        "wrong_type_reports_path",
        "null_array_item_is_an_error",
    ]);
    let mut tests = Vec::new();
    let schema_stems = schema_stems(&provider.events);
    // The payload files `examples()` names too, so both read the same ones.
    for file in example_files(p) {
        let (index, example) = (file.event, file.example);
        let (event, feature) = (&provider.events[index], &p.features[index]);
        let schema = format!(
            "{}/{}/{}.schema.json",
            settings.schema_dir.trim_end_matches('/'),
            provider.name,
            schema_stems[index],
        );
        files.push(OutputFile {
            path: file.path.clone(),
            contents: payload_bytes(example),
        });
        let include = format!("../{}", file.path);
        let name = ident(&fns.claim(&snake(&file.title)));
        let wire = &event.name;
        let action = match action_in(&example.value, &event.action_path) {
            Some(action) => quote!(Some(#action)),
            None => quote!(None),
        };
        let view = view_check(p, krate, index, example.action.as_deref());
        // An example that names its event in the body is read by that name
        // too (a batch's examples are its events: the batch test reads them).
        let body_names = body_name(&provider.name_in_body, &example.value);
        let by_body = (provider.batch.is_none()
            && body_names.is_some_and(|n| n == wire || event.spellings.iter().any(|s| s == n)))
        .then(|| {
            quote! {
                let by_body = #krate::parse_body(include_bytes!(#include))
                    .unwrap_or_else(|err| panic!("{err}"));
                assert_eq!(by_body, event);
            }
        });
        tests.push(quote! {
            #[test]
            fn #name() {
                let event = check(
                    #wire,
                    include_bytes!(#include),
                    #schema,
                    cfg!(feature = #feature),
                );
                if cfg!(feature = #feature) {
                    assert_eq!(event.action(), #action);
                }
                #by_body
                #view
            }
        });
    }

    let mut unknown = String::from("not-a-documented-event");
    while provider.events.iter().any(|e| e.name == unknown) {
        unknown.push_str("-really");
    }
    let batch_tests = batch_tests(p, krate, &unknown);
    let unknown_by_body = provider.name_in_body.first().filter(|_| provider.batch.is_none()).map(|path| {
        let mut named = Value::String(unknown.clone());
        for key in path.iter().rev() {
            let mut object = serde_json::Map::new();
            object.insert(key.clone(), named);
            named = Value::Object(object);
        }
        if let Value::Object(object) = &mut named {
            object.insert("n".to_string(), Value::from(-1));
        }
        let named = raw_byte_string(&named.to_string());
        quote! {
            #[test]
            fn unknown_body_name_keeps_payload() {
                let event = #krate::parse_body(#named).expect("any JSON parses");
                assert!(event.is_unknown());
                assert_eq!(event.name(), #unknown);
                assert_eq!(serde_json::to_value(&event).unwrap(), serde_json::from_slice::<Value>(#named).unwrap());
                let nameless = #krate::parse_body(br#"[1,{"a":null}]"#).expect("any JSON parses");
                assert!(nameless.is_unknown());
                assert_eq!(nameless.name(), "");
                assert!(#krate::parse_body(b"{\"n\": ").is_err());
            }
        }
    });

    let wrong_type = wrong_type_case(p).map(|(event, body, path)| {
        let feature = &p.features[event];
        let wire = &provider.events[event].name;
        let body = raw_byte_string(&body);
        let prefix = format!("{wire}: {path}: ");
        quote! {
            /// A value of another type than the docs say is drift: kept in
            /// its place and named; `parse_strict` makes it the error.
            #[cfg(feature = #feature)]
            #[test]
            fn wrong_type_is_drift_and_strict_reports_path() {
                let event = #krate::parse(#wire, #body).unwrap_or_else(|err| panic!("{err}"));
                assert_eq!(event.drift().mismatched, [#path]);
                let sent: Value = serde_json::from_slice(#body).unwrap();
                assert_eq!(serde_json::to_value(&event).unwrap(), sent);
                let err = #krate::parse_strict(#wire, #body).expect_err("strict: a wrongly typed field must not parse");
                assert_eq!(err.path(), #path);
                assert!(err.to_string().starts_with(#prefix), "{err}");
            }
        }
    });

    let null_item = null_item_case(p).map(|(event, body, path)| {
        let feature = &p.features[event];
        let wire = &provider.events[event].name;
        let body = raw_byte_string(&body);
        // Not parsed as the docs say, the array is kept whole at its key.
        let array = path.rsplit_once('[').map_or(path.as_str(), |(array, _)| array);
        quote! {
            /// Arrays are `Vec<T>`, not `Vec<Option<T>>`: a `null` item
            /// makes the array drift, kept whole; strictly, a type error
            /// at its index.
            #[cfg(feature = #feature)]
            #[test]
            fn null_array_item_is_drift_and_strict_reports_index() {
                let event = #krate::parse(#wire, #body).unwrap_or_else(|err| panic!("{err}"));
                assert_eq!(event.drift().mismatched, [#array]);
                let sent: Value = serde_json::from_slice(#body).unwrap();
                assert_eq!(serde_json::to_value(&event).unwrap(), sent);
                let err = #krate::parse_strict(#wire, #body).expect_err("strict: a null item must not parse");
                assert_eq!(err.path(), #path);
            }
        }
    });

    quote! {
        fn check(event: &str, body: &[u8], schema: &str, typed: bool) -> #krate::#event_enum {
            let parsed = #krate::parse(event, body).unwrap_or_else(|err| panic!("{err}"));
            assert_eq!(parsed.name(), event);
            assert_ne!(parsed.is_unknown(), typed, "{event}: typed exactly when its feature is on");
            let json: Value = serde_json::from_slice(body).expect("the example is JSON");
            let back = serde_json::to_value(&parsed).expect("an event serializes");
            if let Some(diff) = first_difference(&json, &back, "") {
                panic!("{event}: the round trip changed {diff}");
            }
            assert_schema_accepts(schema, &json);
            parsed
        }

        #[test]
        fn unknown_event_keeps_payload() {
            let body = br#"{"action":"poked","list":[1,null,"x",{"deep":[2.5]}],"n":-1}"#;
            let event = #krate::parse(#unknown, body).expect("any JSON parses");
            assert!(event.is_unknown());
            assert_eq!(event.name(), #unknown);
            assert_eq!(event.action(), Some("poked"));
            let json: Value = serde_json::from_slice(body).unwrap();
            let back = serde_json::to_value(&event).unwrap();
            assert_eq!(back, json);
            assert!(#krate::parse(#unknown, b"{\"action\": ").is_err());
        }

        #unknown_by_body

        #batch_tests

        #wrong_type

        #null_item

        #(#tests)*
    }
}

/// For an example of a documented action of an event with a per-action
/// view: the view must give that action's variant, its fields present.
fn view_check(
    p: &ProviderPlan<'_>,
    krate: &TokenStream,
    event: usize,
    action: Option<&str>,
) -> TokenStream {
    let e = &p.provider.events[event];
    let (Some(view), Some(enum_id), Some(action)) = (&p.by_action[event], e.action_enum, action)
    else {
        return TokenStream::new();
    };
    if !e.actions.iter().any(|a| a.name == action) {
        return TokenStream::new();
    }
    let feature = &p.features[event];
    let (event_enum, variant) = (&p.event_enum, ident(&e.variant));
    let other = &p.other[enum_id.0];
    let message = format!("by_action() gave no variant for the documented action `{action}`");
    quote! {
        #[cfg(feature = #feature)]
        {
            let #krate::#event_enum::#variant(payload) = &event else {
                panic!("not typed");
            };
            assert!(
                !matches!(payload.by_action(), #krate::#view::#other(_)),
                #message,
            );
        }
    }
}

/// `br#"..."#`, readable where `b"..."` would escape every quote.
fn raw_byte_string(text: &str) -> TokenStream {
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    if !text.is_ascii() {
        return Literal::byte_string(text.as_bytes()).into_token_stream();
    }
    match format!("br{hashes}\"{text}\"{hashes}").parse() {
        Ok(tokens) => tokens,
        Err(_) => Literal::byte_string(text.as_bytes()).into_token_stream(),
    }
}

/// The docs' own text when it is JSON, so tests see what readers see.
fn payload_bytes(example: &Example) -> Vec<u8> {
    if serde_json::from_str::<Value>(&example.raw).is_ok() {
        example.raw.clone().into_bytes()
    } else {
        let mut text = serde_json::to_string_pretty(&example.value).unwrap_or_default();
        text.push('\n');
        text.into_bytes()
    }
}

/// For a provider whose deliveries are batches: every documented batch
/// through `parse_body`, each event typed where its feature is on and the
/// whole serializing back to the body; and a batch of an unknown event.
fn batch_tests(p: &ProviderPlan<'_>, krate: &TokenStream, unknown: &str) -> TokenStream {
    let provider = p.provider;
    let (Some(batch), Some(path)) = (&provider.batch, provider.name_in_body.first()) else {
        return TokenStream::new();
    };
    let mut named = Value::String(unknown.to_string());
    for key in path.iter().rev() {
        let mut object = serde_json::Map::new();
        object.insert(key.clone(), named);
        named = Value::Object(object);
    }
    let mut body = Value::Array(vec![named]);
    for key in batch.path.iter().rev() {
        let mut object = serde_json::Map::new();
        object.insert(key.clone(), body);
        body = Value::Object(object);
    }
    let unknown_body = raw_byte_string(&body.to_string());
    let examples = batch.examples.iter().map(|example| {
        let text = match serde_json::from_str::<Value>(&example.raw) {
            Ok(_) => example.raw.clone(),
            Err(_) => example.value.to_string(),
        };
        let body = raw_byte_string(&text);
        quote! {
            {
                let body: &[u8] = #body;
                let batch = #krate::parse_body(body).unwrap_or_else(|err| panic!("{err}"));
                assert!(!batch.events.is_empty(), "a documented batch holds events");
                for event in &batch.events {
                    let name = event.name();
                    assert_eq!(
                        event.is_unknown(),
                        !#krate::event_names().contains(&name) || !typed(name),
                        "{name}"
                    );
                }
                let json: Value = serde_json::from_slice(body).unwrap();
                let back = serde_json::to_value(&batch).unwrap();
                if let Some(diff) = first_difference(&json, &back, "") {
                    panic!("the batch's round trip changed {diff}");
                }
            }
        }
    });
    let features: Vec<&str> = p.features.iter().map(String::as_str).collect();
    let names: Vec<Vec<&str>> = provider
        .events
        .iter()
        .map(|e| {
            std::iter::once(e.name.as_str())
                .chain(e.spellings.iter().map(String::as_str))
                .collect()
        })
        .collect();
    quote! {
        /// Whether the event named `name` is typed in this build.
        fn typed(name: &str) -> bool {
            #(
                if [#(#names),*].contains(&name) {
                    return cfg!(feature = #features);
                }
            )*
            false
        }

        #[test]
        fn documented_batches_come_back_typed() {
            #(#examples)*
        }

        #[test]
        fn unknown_event_in_a_batch_keeps_payload() {
            let body: &[u8] = #unknown_body;
            let batch = #krate::parse_body(body).expect("any JSON parses");
            assert_eq!(batch.events.len(), 1);
            assert!(batch.events[0].is_unknown());
            assert_eq!(batch.events[0].name(), #unknown);
            assert_eq!(serde_json::to_value(&batch).unwrap(), serde_json::from_slice::<Value>(body).unwrap());
            assert!(#krate::parse_body(b"{\"n\": ").is_err());
        }
    }
}

/// The name `parse_body` reads in `value`: at the first of `paths` that
/// holds a string.
fn body_name<'v>(paths: &[Vec<String>], value: &'v Value) -> Option<&'v str> {
    paths
        .iter()
        .find_map(|path| path.iter().try_fold(value, |v, k| v.get(k))?.as_str())
}

/// What `Event::action` should return for a typed example.
fn action_in<'a>(value: &'a Value, path: &[String]) -> Option<&'a str> {
    if path.is_empty() {
        return None;
    }
    path.iter()
        .try_fold(value, |v, key| v.get(key))
        .and_then(Value::as_str)
}

enum Segment {
    Key(String),
    Index(usize),
}

/// Same format as the generated `ParseError::path`.
fn path_string(segments: &[Segment]) -> String {
    let mut out = String::new();
    for segment in segments {
        match segment {
            Segment::Key(key) if is_plain_key(key) => {
                out.push('.');
                out.push_str(key);
            }
            Segment::Key(key) => {
                out.push('[');
                out.push_str(&serde_json::to_string(key).unwrap_or_default());
                out.push(']');
            }
            Segment::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    if out.is_empty() {
        out.push('.');
    }
    out
}

fn is_plain_key(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A minimal body whose one field has the wrong JSON type:
/// `(event index, body, expected path)`. Prefers a nested field (down to
/// three objects deep), which shows the path is more than the top key.
fn wrong_type_case(p: &ProviderPlan<'_>) -> Option<(usize, String, String)> {
    let space = &p.provider.types;
    let mut best: Option<(usize, Vec<Segment>, Value)> = None;
    for (i, event) in p.provider.events.iter().enumerate() {
        if let Some((path, wrong)) = deepest_scalar(space, event.payload, 3) {
            if best.as_ref().is_none_or(|(_, b, _)| b.len() < path.len()) {
                best = Some((i, path, wrong));
            }
        }
    }
    let (event, path, wrong) = best?;
    let body = path
        .iter()
        .rev()
        .fold(wrong, |inner, segment| match segment {
            Segment::Key(key) => Value::Object([(key.clone(), inner)].into_iter().collect()),
            Segment::Index(_) => Value::Array(vec![inner]),
        });
    Some((event, body.to_string(), path_string(&path)))
}

/// The longest path (first one wins ties) from `object` to a scalar field,
/// through at most `budget` objects, with a wrong-typed value for it.
fn deepest_scalar(
    space: &TypeSpace,
    object: ObjectId,
    budget: usize,
) -> Option<(Vec<Segment>, Value)> {
    let mut best: Option<(Vec<Segment>, Value)> = None;
    for field in &space.object(object).fields {
        let mut prefix = vec![Segment::Key(field.name.clone())];
        let mut ty = &field.ty;
        if let Type::Array(item) = ty {
            prefix.push(Segment::Index(0));
            ty = item;
        }
        let found = match ty {
            Type::Object(id) if budget > 1 => deepest_scalar(space, *id, budget - 1),
            ty => wrong_value(ty).map(|wrong| (Vec::new(), wrong)),
        };
        if let Some((rest, wrong)) = found {
            prefix.extend(rest);
            if best.as_ref().is_none_or(|(b, _)| b.len() < prefix.len()) {
                best = Some((prefix, wrong));
            }
        }
    }
    best
}

/// A minimal body with `null` as the first item of the shallowest array
/// of objects or scalars: `(event index, body, expected path)`.
fn null_item_case(p: &ProviderPlan<'_>) -> Option<(usize, String, String)> {
    let space = &p.provider.types;
    let mut best: Option<(usize, Vec<Segment>)> = None;
    for (i, event) in p.provider.events.iter().enumerate() {
        for budget in 1..=3 {
            if let Some(path) = array_path(space, event.payload, budget) {
                if best.as_ref().is_none_or(|(_, b)| path.len() < b.len()) {
                    best = Some((i, path));
                }
                break;
            }
        }
    }
    let (event, path) = best?;
    let body = path
        .iter()
        .rev()
        .fold(Value::Null, |inner, segment| match segment {
            Segment::Key(key) => Value::Object([(key.clone(), inner)].into_iter().collect()),
            Segment::Index(_) => Value::Array(vec![inner]),
        });
    Some((event, body.to_string(), path_string(&path)))
}

/// A path to the first item of an array field (not of `Value`s, which take
/// `null`), through at most `budget` objects.
fn array_path(space: &TypeSpace, object: ObjectId, budget: usize) -> Option<Vec<Segment>> {
    let fields = &space.object(object).fields;
    for field in fields {
        if let Type::Array(item) = &field.ty {
            if !matches!(**item, Type::Union(_) | Type::Any) {
                return Some(vec![Segment::Key(field.name.clone()), Segment::Index(0)]);
            }
        }
    }
    if budget <= 1 {
        return None;
    }
    fields.iter().find_map(|field| match &field.ty {
        Type::Object(id) => array_path(space, *id, budget - 1).map(|rest| {
            let mut path = vec![Segment::Key(field.name.clone())];
            path.extend(rest);
            path
        }),
        _ => None,
    })
}

/// A value of the wrong JSON type for a scalar of type `ty`.
fn wrong_value(ty: &Type) -> Option<Value> {
    match ty {
        Type::String { .. } | Type::Enum(_) => Some(Value::from(12345)),
        Type::Integer | Type::Number | Type::Boolean => Some(Value::from("not this type")),
        _ => None,
    }
}
