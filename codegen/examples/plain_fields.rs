//! Lists the plain fields (required and never `null`) the generator decides
//! for a docs tree or page, one `type.field` a line, then the counts: what a
//! change to the presence rules (`build/presence.rs`) is measured with.
//! Given a directory of later deliveries (`index.json` files as
//! `UNSEEN_WEBHOOK_EXAMPLES` holds them), it also says which of those of a
//! documented event lack a plain field or send it as `null`.
//!
//! `cargo run -p codegen --example plain_fields -- <docs> [<deliveries>]`

use codegen::ir::{Provider, Type};
use serde_json::Value;

fn main() {
    let mut args = std::env::args().skip(1);
    let docs = args.next().unwrap_or_else(|| "docs-input".to_string());
    let deliveries = args.next();
    let generated = codegen::Builder::new()
        .docs(&docs)
        .generate()
        .unwrap_or_else(|f| {
            eprintln!("{f}");
            std::process::exit(1)
        });
    eprintln!("{}", generated.summary());
    let (mut plain, mut fields) = (0, 0);
    for provider in &generated.docs.providers {
        for object in &provider.types.objects {
            for field in &object.fields {
                fields += 1;
                if field.is_plain() {
                    plain += 1;
                    println!("{}.{}", object.def_name, field.name);
                }
            }
        }
    }
    println!("plain {plain} of {fields} fields");
    let Some(dir) = deliveries else { return };
    let provider = &generated.docs.providers[0];
    let (mut whole, mut documented) = (0, 0);
    for (event, body) in read_deliveries(std::path::Path::new(&dir)) {
        let Some(e) = provider.events.iter().find(|e| e.name == event) else {
            continue;
        };
        documented += 1;
        let mut missing = Vec::new();
        check(provider, &Type::Object(e.payload), &body, "", &mut missing);
        if missing.is_empty() {
            whole += 1;
        } else {
            println!("missing in {event}: {}", missing.join(", "));
        }
    }
    println!("{whole} of {documented} deliveries of documented events carry every plain field");
}

/// Paths below `value` where a plain field of `ty` is absent or `null`.
fn check(p: &Provider, ty: &Type, value: &Value, at: &str, missing: &mut Vec<String>) {
    match (ty, value) {
        (Type::Object(id), Value::Object(map)) => {
            for f in &p.types.object(*id).fields {
                let path = format!("{at}.{}", f.name);
                match map.get(&f.name) {
                    None | Some(Value::Null) if f.is_plain() => missing.push(path),
                    Some(v) => check(p, &f.ty, v, &path, missing),
                    None => {}
                }
            }
        }
        (Type::Array(item), Value::Array(items)) => {
            for v in items {
                check(p, item, v, &format!("{at}[]"), missing);
            }
        }
        (Type::Union(types), _) => {
            for t in types {
                check(p, t, value, at, missing);
            }
        }
        _ => {}
    }
}

/// Every delivery under `dir`: (event, body) from each `index.json`.
fn read_deliveries(dir: &std::path::Path) -> Vec<(String, Value)> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for entry in std::fs::read_dir(&d).expect("a readable directory") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.file_name().is_some_and(|n| n == "index.json") {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let index: Value =
            serde_json::from_slice(&std::fs::read(&file).expect("readable")).expect("JSON");
        for entry in index.as_array().into_iter().flatten() {
            let event = entry["name"].as_str().unwrap_or_default().to_string();
            for example in entry["examples"].as_array().into_iter().flatten() {
                out.push((event.clone(), example.clone()));
            }
        }
    }
    out
}
