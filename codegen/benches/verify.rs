//! Delivery verification (`generated::github::verifier(secret).verify(headers, body)`)
//! against a bare `Hmac<Sha256>` over the same bytes, checked against the same
//! signature: the difference is what header lookup, hex decoding and scheme
//! selection cost on top of the MAC itself.
//!
//! `cargo bench -p codegen --bench verify`; the ratios are printed last.

mod ratios;

use criterion::{BenchmarkId, Criterion, Throughput};
use generated::delivery::{self, Algorithm};
use hmac::{KeyInit, Mac};
use ratios::Ratios;

const SECRET: &str = "bench secret";

fn body(len: usize) -> Vec<u8> {
    // JSON-looking bytes; HMAC cost does not depend on content.
    let mut out = b"{\"action\":\"opened\",\"pad\":\"".to_vec();
    out.extend((0..len.saturating_sub(out.len() + 2)).map(|i| b'a' + (i % 26) as u8));
    out.extend_from_slice(b"\"}");
    out
}

fn bench(c: &mut Criterion, ratios: &Ratios) {
    let scheme = generated::github::SCHEMES
        .iter()
        .find(|s| s.algorithm() == Algorithm::Sha256)
        .expect("a SHA-256 scheme");
    let verifier = generated::github::verifier(SECRET);
    let mut group = c.benchmark_group("verify");
    for (label, len) in [("1KB", 1 << 10), ("64KB", 64 << 10), ("1MB", 1 << 20)] {
        let body = body(len);
        let headers = delivery::sign(scheme, SECRET, &body, 0, "bench").expect("signing works");
        assert!(verifier.verify(&headers, &body).is_ok());
        let expected =
            hex::decode(delivery::sign_hex(Algorithm::Sha256, SECRET, &body).unwrap()).unwrap();
        group.throughput(Throughput::Bytes(body.len() as u64));
        let [ours, raw] = ["generated", "raw_hmac"].map(|f| format!("{f}/{label}"));
        group.bench_with_input(BenchmarkId::new("generated", label), &body, |b, body| {
            ratios.iter(b, &ours, || verifier.verify(&headers, body).is_ok())
        });
        group.bench_with_input(BenchmarkId::new("raw_hmac", label), &body, |b, body| {
            ratios.iter(b, &raw, || {
                let mut mac =
                    <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(SECRET.as_bytes())
                        .unwrap();
                mac.update(body);
                mac.verify_slice(&expected).is_ok()
            })
        });
        ratios.compare(&format!("{label}: verify / raw HMAC"), &ours, &raw);
    }
    group.finish();
}

fn main() {
    let ratios = Ratios::default();
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c, &ratios);
    c.final_summary();
    ratios.print();
}
