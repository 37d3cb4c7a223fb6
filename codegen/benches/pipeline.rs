//! The whole pipeline over the real corpus, every product version in one
//! iteration: the "under a second" budget of a full corpus run.
//!
//! `cargo bench -p codegen --bench pipeline` (skips with a notice when
//! `../shared` is absent).

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};

// As in the `codegen` binary.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const VERSIONS: &[&str] = &["fpt", "ghes-2.22", "ghes-3.0", "ghes-3.1", "ghae"];

fn corpus_all_versions(c: &mut Criterion) {
    let corpus =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/github-docs-2021-08");
    if !corpus.exists() {
        eprintln!("skipped: {} is absent", corpus.display());
        return;
    }
    let mut group = c.benchmark_group("corpus");
    group.sample_size(20);
    group.bench_function("all_versions", |b| {
        b.iter(|| {
            for v in VERSIONS {
                let g = codegen::Builder::new()
                    .docs(&corpus)
                    .version(*v)
                    .generate()
                    .expect("corpus generates");
                std::hint::black_box(g.schemas.len() + g.crate_files.len());
            }
        })
    });
    group.bench_function("fpt", |b| {
        b.iter(|| {
            codegen::Builder::new()
                .docs(&corpus)
                .version("fpt")
                .generate()
                .expect("corpus generates")
        })
    });
    group.finish();
}

criterion_group!(benches, corpus_all_versions);
criterion_main!(benches);
