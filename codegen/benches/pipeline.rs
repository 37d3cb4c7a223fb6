//! The whole pipeline (docs → schemas and crate) against typify turning the
//! schemas that run wrote into Rust: the cost of reading docs, inferring
//! types and printing a lossless crate, next to a known generator's cost for
//! the types alone. Over `docs-input/`, and over the corpus (fpt) when
//! `../shared` is beside the checkout.
//!
//! `cargo bench -p codegen --bench pipeline`; the ratios are printed last.

mod ratios;

use std::path::{Path, PathBuf};

use criterion::Criterion;
use ratios::Ratios;

// As in the `codegen` binary.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn inputs() -> Vec<(&'static str, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut out = vec![("docs-input", root.join("docs-input"))];
    let corpus = root.join("../shared/corpus/github-docs-2021-08");
    if corpus.is_dir() {
        out.push(("corpus", corpus));
    } else {
        eprintln!("notice: {} is absent; docs-input only", corpus.display());
    }
    out
}

/// typify over each schema, printed as a build script would write it.
fn typify(schemas: &[(String, String)]) -> usize {
    let settings = typify::TypeSpaceSettings::default();
    let mut bytes = 0;
    for (path, text) in schemas {
        let root: schemars::schema::RootSchema =
            serde_json::from_str(text).unwrap_or_else(|e| panic!("{path}: {e}"));
        let mut space = typify::TypeSpace::new(&settings);
        space
            .add_root_schema(root)
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        let file: syn::File = syn::parse2(space.to_stream()).expect("typify's tokens parse");
        bytes += prettyplease::unparse(&file).len();
    }
    bytes
}

fn bench(c: &mut Criterion, ratios: &Ratios) {
    for (label, docs) in inputs() {
        let builder = codegen::Builder::new().docs(&docs).version("fpt");
        let schemas = builder.generate().expect("the docs generate").schemas;
        let mut group = c.benchmark_group(label);
        group.sample_size(20);
        let pipeline = format!("{label}/pipeline");
        group.bench_function("pipeline", |b| {
            ratios.iter(b, &pipeline, || {
                builder.generate().expect("the docs generate")
            })
        });
        let reference = format!("{label}/typify");
        group.bench_function("typify", |b| {
            ratios.iter(b, &reference, || typify(&schemas))
        });
        group.finish();
        ratios.compare(
            &format!("{label}: pipeline / typify ({} schemas)", schemas.len()),
            &pipeline,
            &reference,
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
