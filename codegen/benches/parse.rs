//! Typed `parse` against `serde_json::from_slice::<Value>` on the same bytes:
//! the documented examples as they are (the types cover them), and the same
//! examples with a third of every object's keys unknown to the types (drift).
//!
//! `cargo bench -p codegen --bench parse`; the ratios are printed last.

mod ratios;

use std::path::Path;

use criterion::{Criterion, Throughput};
use ratios::Ratios;
use serde_json::{Map, Value};

fn payloads() -> Vec<(String, Vec<u8>)> {
    // GitHub's examples: the bench calls `generated::github::parse`.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/payloads/github");
    let mut out = Vec::new();
    {
        for f in std::fs::read_dir(dir).expect("generated/payloads/github exists") {
            let path = f.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let event = name.split('.').next().unwrap().to_string();
            let value: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            // Compact, as deliveries arrive.
            out.push((event, serde_json::to_vec(&value).unwrap()));
        }
    }
    out.sort();
    out
}

/// Adds one unknown key per two known ones to every object, so a third of
/// the fields are unknown. Unknown values are scalars like their neighbours'
/// (an unknown copy of a whole subtree would make most bytes unknown).
fn drift(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for child in map.values_mut() {
                drift(child);
            }
            let extra: Map<String, Value> = map
                .iter()
                .step_by(2)
                .map(|(k, v)| {
                    let scalar = match v {
                        Value::Object(_) | Value::Array(_) => Value::String(format!("{k} value")),
                        other => other.clone(),
                    };
                    (format!("{k}_added_later"), scalar)
                })
                .collect();
            map.extend(extra);
        }
        Value::Array(items) => items.iter_mut().for_each(drift),
        _ => {}
    }
}

fn bench(c: &mut Criterion, ratios: &Ratios) {
    let covered = payloads();
    let drifted: Vec<(String, Vec<u8>)> = covered
        .iter()
        .map(|(e, b)| {
            let mut v: Value = serde_json::from_slice(b).unwrap();
            drift(&mut v);
            (e.clone(), serde_json::to_vec(&v).unwrap())
        })
        .collect();
    for (name, set) in [("covered", &covered), ("drift", &drifted)] {
        for (e, b) in set.iter() {
            let event = generated::github::parse(e, b).unwrap_or_else(|err| panic!("{e}: {err}"));
            assert!(!event.is_unknown(), "{e} parsed as unknown");
        }
        let bytes: usize = set.iter().map(|(_, b)| b.len()).sum();
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Bytes(bytes as u64));
        let [typed, value, utf8_once] = [
            "typed_parse",
            "serde_json_value",
            "serde_json_value_utf8_once",
        ]
        .map(|f| format!("{name}/{f}"));
        group.bench_function("typed_parse", |b| {
            ratios.iter(b, &typed, || {
                for (e, body) in set.iter() {
                    std::hint::black_box(generated::github::parse(e, body).unwrap());
                }
            })
        });
        group.bench_function("serde_json_value", |b| {
            ratios.iter(b, &value, || {
                for (_, body) in set.iter() {
                    std::hint::black_box(serde_json::from_slice::<Value>(body).unwrap());
                }
            })
        });
        // What typed `parse` does with bytes: one UTF-8 check, then text.
        group.bench_function("serde_json_value_utf8_once", |b| {
            ratios.iter(b, &utf8_once, || {
                for (_, body) in set.iter() {
                    let text = std::str::from_utf8(body).unwrap();
                    std::hint::black_box(serde_json::from_str::<Value>(text).unwrap());
                }
            })
        });
        group.finish();
        ratios.compare(&format!("{name}: typed parse / Value"), &typed, &value);
        ratios.compare(
            &format!("{name}: typed parse / Value from checked text"),
            &typed,
            &utf8_once,
        );
    }
}

fn main() {
    let ratios = Ratios::default();
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c, &ratios);
    c.final_summary();
    ratios.print();
}
