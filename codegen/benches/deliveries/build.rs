//! Generates what the bench parses with besides the checked-in crate, as a
//! user's build script would: a module from the GitHub docs corpus (fpt) and
//! one from a vendor page that names the event in the body (the 2025 era of
//! `../shared/vendors/azure-devops`), with that page's example deliveries.
//! Without `../shared` the bench runs on the checked-in crate alone.
//!
//! For each module it also writes the `Event` variants and their payload
//! types, and which fields of each struct hold other structs (read from the
//! generated source), so the bench can name each payload's type and walk it
//! to every `extra`, without listing events or types by hand.

use std::path::{Path, PathBuf};

fn main() {
    println!("cargo::rustc-check-cfg=cfg(shared_corpus, shared_vendors)");
    println!("cargo::rerun-if-changed=build.rs");
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap());
    let root = manifest.join("../../..");
    let shared = root.join("../shared");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap());

    module_list(
        "generated::github",
        &root.join("generated/src/github"),
        &out.join("checked_in_variants.rs"),
    );

    let corpus = shared.join("corpus/github-docs-2021-08");
    if corpus.is_dir() {
        println!("cargo::rustc-cfg=shared_corpus");
        let written = codegen::Builder::new()
            .docs(&corpus)
            .version("fpt")
            .module_path("corpus")
            .emit_warnings(false)
            .write_to(out.join("corpus"))
            .unwrap_or_else(|e| panic!("{e}"));
        module_list(
            "crate::corpus",
            &written.path,
            &out.join("corpus_variants.rs"),
        );
    } else {
        println!("cargo::rerun-if-changed={}", shared.display());
    }

    let page = shared.join("vendors/azure-devops/docs-2025/events.md");
    if page.is_file() {
        println!("cargo::rustc-cfg=shared_vendors");
        let builder = codegen::Builder::new()
            .docs(&page)
            .module_path("body_named")
            .emit_warnings(false);
        builder
            .write_to(out.join("body_named"))
            .unwrap_or_else(|e| panic!("{e}"));
        // The page's example deliveries, compact, as one JSON array.
        let generated = builder.generate().unwrap_or_else(|f| panic!("{f}"));
        let bodies: Vec<&serde_json::Value> = generated
            .docs
            .providers
            .iter()
            .flat_map(|p| &p.events)
            .flat_map(|e| &e.examples)
            .map(|x| &x.value)
            .collect();
        std::fs::write(
            out.join("body_named_deliveries.json"),
            serde_json::to_vec(&bodies).unwrap(),
        )
        .unwrap();
    }
}

/// `module!(path; events Variant: Type, ...; structs Name { field, ... } ...)`
/// for the generated source at `sources` (a file, or a module directory):
/// the boxed variants of its `pub enum Event`, and for every struct the
/// fields whose type names another struct (through `Option`, `Vec`, `Box`),
/// so the bench can walk a parsed payload to every `extra`. `path` is the
/// module as the bench names it.
fn module_list(path: &str, sources: &Path, out: &Path) {
    println!("cargo::rerun-if-changed={}", sources.display());
    let mut files = vec![sources.to_path_buf()];
    if sources.is_dir() {
        files = walkdir(sources);
    }
    let text: String = files
        .iter()
        .flat_map(|f| {
            let text =
                std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            text.lines()
                .map(str::trim)
                .filter(|l| !l.starts_with("//") && !l.starts_with("#["))
                .map(|l| format!("{l} "))
                .collect::<Vec<_>>()
        })
        .collect();
    let items = |keyword: &str| -> Vec<(String, String)> {
        text.match_indices(keyword)
            .filter_map(|(at, _)| {
                let rest = &text[at + keyword.len()..];
                let (name, body) = rest.split_once('{')?;
                let name = name.trim();
                if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
                    return None;
                }
                Some((name.to_owned(), body.split_once('}')?.0.to_owned()))
            })
            .collect()
    };
    let structs = items("pub struct ");
    let names: std::collections::BTreeSet<&str> = structs.iter().map(|(n, _)| n.as_str()).collect();
    let (_, event) = items("pub enum ")
        .into_iter()
        .find(|(n, _)| n == "Event")
        .unwrap_or_else(|| panic!("{}: no `pub enum Event`", sources.display()));
    let compact = |s: &str| s.split_whitespace().collect::<String>();
    let events: Vec<String> = top_level(&compact(&event))
        .into_iter()
        .filter_map(|v| {
            // A variant prettyplease wrapped keeps a comma: `(Box<T>,)`.
            let v = v.strip_suffix(">)").or_else(|| v.strip_suffix(">,)"))?;
            let (variant, ty) = v.split_once("(::std::boxed::Box<")?;
            Some(format!("{variant}: {ty}"))
        })
        .collect();
    assert!(
        !events.is_empty(),
        "{}: no boxed variants in `Event`",
        sources.display()
    );
    let structs: Vec<String> = structs
        .iter()
        .map(|(name, body)| {
            let fields: Vec<String> = top_level(body)
                .into_iter()
                .filter_map(|f| {
                    let (field, ty) = f.trim().strip_prefix("pub ")?.split_once(':')?;
                    local_idents(&compact(ty))
                        .iter()
                        .any(|i| names.contains(i))
                        .then(|| field.trim().to_owned())
                })
                .collect();
            format!("{name} {{ {} }}", fields.join(", "))
        })
        .collect();
    std::fs::write(
        out,
        format!(
            "module!({path}; events {}; structs {});\n",
            events.join(", "),
            structs.join(" ")
        ),
    )
    .unwrap();
}

/// The parts of `s` between commas outside `<>` and `()`.
fn top_level(s: &str) -> Vec<String> {
    let (mut depth, mut part, mut out) = (0i32, String::new(), Vec::new());
    for c in s.chars() {
        match c {
            '<' | '(' => depth += 1,
            '>' | ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(std::mem::take(&mut part));
                continue;
            }
            _ => {}
        }
        part.push(c);
    }
    out.push(part);
    out.retain(|p| !p.trim().is_empty());
    out
}

/// Identifiers of a type not reached through a `::` path (the module's own).
fn local_idents(ty: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in ty.char_indices().chain([(ty.len(), ' ')]) {
        if c.is_alphanumeric() || c == '_' {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            if !ty[..s].ends_with("::") {
                out.push(&ty[s..i]);
            }
        }
    }
    out
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walkdir(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}
