//! Real deliveries through generated crates, against serde_json on the same
//! bytes, in one process: typed `parse`; `serde_json::Value`;
//! `serde_json::de::IgnoredAny` (the floor for a parse that reads every
//! byte); the `extra` access path (parse, then walk the payload and read
//! every undocumented key through `extra`, see `read_extra` in `lib.rs`);
//! and the payload type's `Deserialize` from `serde_json::from_slice`
//! without `parse`. Also the bytes each asks of the allocator per delivery
//! (a counting `#[global_allocator]` around `System`), and `parse_body`
//! against `parse(name, body)` on a module whose provider names the event in
//! the body: with the body's keys in the vendor's order, and with the
//! name's key moved last (the most `parse_body` holds before it knows the
//! event).
//!
//! The deliveries are the later ones `UNSEEN_WEBHOOK_EXAMPLES` points at
//! (`@octokit/webhooks-examples`), each crate timed on those it types. The
//! crates: the checked-in `generated` (from `docs-input/`) and, with
//! `../shared`, a module the build script generates from the GitHub docs
//! corpus (fpt only), plus one from the 2025 page of
//! `../shared/vendors/azure-devops` with that page's example deliveries as
//! the bodies for `parse_body`.
//!
//! `UNSEEN_WEBHOOK_EXAMPLES=... cargo bench -p deliveries-bench`; the run
//! takes under a minute once built. `DELIVERIES_BENCH_ROUNDS` sets the
//! rounds (31): each round times one pass of every path over the set, in
//! rotating order, and the report gives medians. serde_json is as a user's
//! crate has it (without `preserve_order`, unless a workspace-wide build
//! turns it on), so run it with `-p`. `DELIVERIES_BENCH_ONLY=<text>` times
//! only the paths whose `crate: path` label contains the text, for a
//! profiler (`perf record`) to see one path alone.
//!
//! A SIMD reader was tried here and left out: sonic-rs 0.5 (baseline
//! x86-64 build) drove the generated `Deserialize` impls at 0.86x of
//! `serde_json::from_slice` into the same types, but against `parse` (one
//! UTF-8 check, then serde_json from text) that was 0.90x on the checked-in
//! crate and 1.20x on the corpus one; its own `Value` took 0.13x of
//! serde_json's, but is not the `serde_json::Value` that `Unknown` and
//! `extra` hold; its `IgnoredAny` took 1.3-1.5x. Not enough for a second
//! JSON reader in the runtime.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::time::Instant;

#[cfg(shared_vendors)]
use deliveries_bench::body_named;
use deliveries_bench::{checked_in_access, Typed};
#[cfg(shared_corpus)]
use deliveries_bench::{corpus, corpus_access};
use serde::de::IgnoredAny;
use serde_json::Value;

/// Counts what is asked of the allocator while `COUNTING` is on (a relaxed
/// load otherwise, so the timed passes barely notice it).
struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static BYTES: AtomicU64 = AtomicU64::new(0);
static CALLS: AtomicU64 = AtomicU64::new(0);

fn count(size: usize) {
    if COUNTING.load(Relaxed) {
        BYTES.fetch_add(size as u64, Relaxed);
        CALLS.fetch_add(1, Relaxed);
    }
}

// SAFETY: every call goes to `System` unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    // A growth counts as a new block of the new size: what it may copy into.
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// One delivery: the event name its header gives, and the body.
struct Delivery {
    name: String,
    body: Vec<u8>,
    /// The payload type's `Deserialize`, picked by a first parse.
    serde_typed: Option<Typed>,
}

impl Delivery {
    fn new(name: String, body: Vec<u8>) -> Delivery {
        Delivery {
            name,
            body,
            serde_typed: None,
        }
    }
}

/// Every example of every `index.json` under `UNSEEN_WEBHOOK_EXAMPLES`,
/// compact, as `codegen/tests/common/mod.rs` reads them.
fn unseen() -> Option<Vec<Delivery>> {
    let dir = std::env::var_os("UNSEEN_WEBHOOK_EXAMPLES").filter(|v| !v.is_empty())?;
    let mut files = Vec::new();
    let mut dirs = vec![PathBuf::from(dir)];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
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
        let index: Value = serde_json::from_slice(&std::fs::read(&file).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for entry in index.as_array().expect("a list of events") {
            let name = entry["name"].as_str().expect("an event name");
            for example in entry["examples"].as_array().into_iter().flatten() {
                out.push(Delivery::new(
                    name.to_owned(),
                    serde_json::to_vec(example).unwrap(),
                ));
            }
        }
    }
    Some(out)
}

/// A timed thing: what it does to the `i`th delivery of the set.
struct Path<'a> {
    label: &'static str,
    run: Box<dyn Fn(&Delivery) -> bool + 'a>,
}

fn path<'a>(label: &'static str, run: impl Fn(&Delivery) -> bool + 'a) -> Path<'a> {
    Path {
        label,
        run: Box::new(run),
    }
}

/// What a path cost per delivery.
struct Measured {
    label: &'static str,
    /// Median seconds per delivery.
    secs: f64,
    bytes_allocated: f64,
    allocations: f64,
}

/// Times every path over `set`, interleaved: each round runs one pass of
/// each, starting one further along each round, so load that comes and goes
/// falls on all of them alike. Short sets repeat within a pass.
fn measure(label: &str, set: &[Delivery], paths: &[Path<'_>], rounds: usize) -> Vec<Measured> {
    let only = std::env::var("DELIVERIES_BENCH_ONLY").unwrap_or_default();
    let chosen: Vec<&Path<'_>> = paths
        .iter()
        .filter(|p| format!("{label}: {}", p.label).contains(&only))
        .collect();
    let paths = chosen;
    if paths.is_empty() {
        return Vec::new();
    }
    let pass = |p: &Path<'_>, reps: usize| {
        let start = Instant::now();
        for _ in 0..reps {
            for d in set {
                assert!(
                    black_box((p.run)(black_box(d))),
                    "{} failed on {}",
                    p.label,
                    d.name
                );
            }
        }
        start.elapsed().as_secs_f64()
    };
    // Warm up, and size a pass to at least 5 ms.
    let slowest = paths.iter().map(|p| pass(p, 1)).fold(0.0, f64::max);
    let reps = ((0.005 / slowest).ceil() as usize).max(1);
    let mut times = vec![Vec::with_capacity(rounds); paths.len()];
    for round in 0..rounds {
        for k in 0..paths.len() {
            let i = (k + round) % paths.len();
            times[i].push(pass(paths[i], reps) / (reps * set.len()) as f64);
        }
    }
    paths
        .into_iter()
        .zip(times)
        .map(|(p, mut t)| {
            t.sort_by(f64::total_cmp);
            let (bytes, calls) = allocated(|| {
                pass(p, 1);
            });
            Measured {
                label: p.label,
                secs: t[t.len() / 2],
                bytes_allocated: bytes as f64 / set.len() as f64,
                allocations: calls as f64 / set.len() as f64,
            }
        })
        .collect()
}

/// Bytes and calls asked of the allocator while `f` runs.
fn allocated(f: impl FnOnce()) -> (u64, u64) {
    BYTES.store(0, Relaxed);
    CALLS.store(0, Relaxed);
    COUNTING.store(true, Relaxed);
    f();
    COUNTING.store(false, Relaxed);
    (BYTES.load(Relaxed), CALLS.load(Relaxed))
}

/// The paths every JSON reader is compared on.
fn readers<'a>() -> Vec<Path<'a>> {
    vec![
        path("Value", |d| {
            serde_json::from_slice::<Value>(&d.body).is_ok()
        }),
        path("IgnoredAny", |d| {
            serde_json::from_slice::<IgnoredAny>(&d.body).is_ok()
        }),
    ]
}

/// A crate's report: its label, how its deliveries fared, and the paths.
struct Report {
    label: String,
    tally: String,
    /// Mean body size of the set, for MB/s.
    body_bytes: f64,
    measured: Vec<Measured>,
}

impl Report {
    fn get(&self, label: &str) -> Option<&Measured> {
        self.measured.iter().find(|m| m.label == label)
    }

    /// `a / b` of the medians, when both ran.
    fn ratio(&self, a: &str, b: &str) -> Option<f64> {
        Some(self.get(a)?.secs / self.get(b)?.secs)
    }
}

/// Parses every delivery with `parse`; times those it types, on every path.
fn header_named<E>(
    label: &str,
    deliveries: &[Delivery],
    rounds: usize,
    parse: fn(&str, &[u8]) -> Result<E, webhook_runtime::ParseError>,
    is_unknown: fn(&E) -> bool,
    extra_keys: fn(&E) -> usize,
    serde_typed: fn(&E) -> Option<Typed>,
) -> Report {
    let (mut unknown, mut rejected, mut keys) = (0, 0, 0);
    // Deliveries `parse` types that the payload type's own `Deserialize`
    // does not take (none so far): left out, with the first error, so that
    // every path reads the same bytes.
    let mut refused: Vec<String> = Vec::new();
    let mut set = Vec::new();
    for d in deliveries {
        match parse(&d.name, &d.body) {
            Err(_) => rejected += 1,
            Ok(e) if is_unknown(&e) => unknown += 1,
            Ok(e) => {
                let typed = serde_typed(&e);
                match typed.map_or_else(|| Err("no payload type".to_owned()), |f| f(&d.body)) {
                    Err(err) => refused.push(format!("{}: {err}", d.name)),
                    Ok(()) => {
                        keys += extra_keys(&e);
                        set.push(Delivery {
                            name: d.name.clone(),
                            body: d.body.clone(),
                            serde_typed: typed,
                        });
                    }
                }
            }
        }
    }
    if let Some(first) = refused.first() {
        println!(
            "{label}: {} typed deliveries left out, refused by the payload type's Deserialize (first: {first})",
            refused.len()
        );
    }
    let bytes: usize = set.iter().map(|d| d.body.len()).sum();
    let tally = format!(
        "{label}: typed {} ({:.1} MB, {:.1} KB each, {:.1} undocumented keys read each), unknown {unknown}, rejected {rejected}",
        set.len(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e3 / set.len() as f64,
        keys as f64 / set.len() as f64,
    );
    let mut paths = vec![
        path("typed parse", move |d| parse(&d.name, &d.body).is_ok()),
        path("extra access", move |d| {
            parse(&d.name, &d.body).is_ok_and(|e| black_box(extra_keys(&e)) < usize::MAX)
        }),
        path("typed, bare serde_json", |d| {
            d.serde_typed.is_some_and(|f| f(&d.body).is_ok())
        }),
    ];
    paths.extend(readers());
    Report {
        label: label.to_owned(),
        tally,
        body_bytes: bytes as f64 / set.len() as f64,
        measured: measure(label, &set, &paths, rounds),
    }
}

fn main() {
    // `cargo bench` passes `--bench`; there is nothing to filter.
    let rounds: usize = std::env::var("DELIVERIES_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(31)
        .max(1);
    let mut reports = Vec::new();
    match unseen() {
        None => eprintln!("notice: UNSEEN_WEBHOOK_EXAMPLES is not set; no header-named deliveries"),
        Some(deliveries) => {
            let bytes: usize = deliveries.iter().map(|d| d.body.len()).sum();
            println!(
                "{} deliveries from UNSEEN_WEBHOOK_EXAMPLES, {:.1} MB; {rounds} rounds",
                deliveries.len(),
                bytes as f64 / 1e6
            );
            reports.push(header_named(
                "generated/ (checked in)",
                &deliveries,
                rounds,
                generated::github::parse,
                generated::github::Event::is_unknown,
                checked_in_access::extra_keys,
                checked_in_access::serde_typed,
            ));
            #[cfg(shared_corpus)]
            reports.push(header_named(
                "corpus (fpt)",
                &deliveries,
                rounds,
                corpus::parse,
                corpus::Event::is_unknown,
                corpus_access::extra_keys,
                corpus_access::serde_typed,
            ));
            #[cfg(not(shared_corpus))]
            eprintln!("notice: ../shared/corpus is absent; the checked-in crate only");
        }
    }
    #[cfg(shared_vendors)]
    reports.extend(body_named_reports(rounds));
    #[cfg(not(shared_vendors))]
    eprintln!("notice: ../shared/vendors is absent; no body-named deliveries");
    print(&reports);
}

/// `parse_body` against `parse(name, body)` with the name read beforehand,
/// on the vendor page's example deliveries: their keys in the page's order,
/// then the same bodies with the name's key moved last (what `parse_body`
/// must hold before it knows the event is then the whole body).
#[cfg(shared_vendors)]
fn body_named_reports(rounds: usize) -> [Report; 2] {
    use serde_json::value::RawValue;
    // Each body's text as the page gives it: its keys in the vendor's
    // order, which decides how much `parse_body` holds before the name.
    let bodies: Vec<&RawValue> = serde_json::from_slice(include_bytes!(concat!(
        env!("OUT_DIR"),
        "/body_named_deliveries.json"
    )))
    .unwrap();
    let mut page_order = Vec::new();
    let mut name_last = Vec::new();
    let (mut typed, mut unknown) = (0, 0);
    for body in bodies {
        let entries: Entries<'_> = serde_json::from_str(body.get()).unwrap();
        let (key, name) = ["eventType", "eventId"]
            .iter()
            .find_map(|k| {
                let (_, raw) = entries.0.iter().find(|(key, _)| key == k)?;
                Some((*k, serde_json::from_str::<String>(raw.get()).ok()?))
            })
            .unwrap_or_default();
        let d = Delivery::new(name.clone(), body.get().as_bytes().to_vec());
        let event = body_named::parse_body(&d.body).expect("the page's own example parses");
        assert_eq!(event.name(), name);
        if event.is_unknown() {
            unknown += 1;
        } else {
            typed += 1;
        }
        page_order.push(d);
        let mut last: Vec<_> = entries.0.iter().filter(|(k, _)| k != key).collect();
        last.extend(entries.0.iter().filter(|(k, _)| k == key));
        let text = last
            .iter()
            .map(|(k, raw)| format!("{}:{}", serde_json::to_string(k).unwrap(), raw.get()))
            .collect::<Vec<_>>()
            .join(",");
        name_last.push(Delivery::new(name, format!("{{{text}}}").into_bytes()));
    }
    let tally = |set: &[Delivery], what: &str| {
        let bytes: usize = set.iter().map(|d| d.body.len()).sum();
        format!(
            "body-named (vendor page, 2025), {what}: {} example deliveries ({:.1} KB each), typed {typed}, unknown {unknown}",
            set.len(),
            bytes as f64 / 1e3 / set.len() as f64
        )
    };
    let report = |label: &'static str, set: Vec<Delivery>, what: &str| {
        let mut paths = vec![
            path("parse_body", |d| body_named::parse_body(&d.body).is_ok()),
            path("typed parse", |d| {
                body_named::parse(&d.name, &d.body).is_ok()
            }),
        ];
        paths.extend(readers());
        let bytes: usize = set.iter().map(|d| d.body.len()).sum();
        Report {
            label: label.to_owned(),
            tally: tally(&set, what),
            body_bytes: bytes as f64 / set.len() as f64,
            measured: measure(label, &set, &paths, rounds),
        }
    };
    [
        report(
            "body-named (vendor page)",
            page_order,
            "keys in the page's order",
        ),
        report(
            "body-named, name last",
            name_last,
            "the name's key moved last",
        ),
    ]
}

/// An object's entries in the order written (the bench's `Value` sorts
/// its keys).
#[cfg(shared_vendors)]
struct Entries<'a>(Vec<(String, &'a serde_json::value::RawValue)>);

#[cfg(shared_vendors)]
impl<'de> serde::Deserialize<'de> for Entries<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Entries<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Entries<'de>, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        deserializer.deserialize_map(Visit)
    }
}

fn print(reports: &[Report]) {
    println!();
    for r in reports {
        println!("{}", r.tally);
    }
    println!("\nmedian µs per delivery (MB/s), bytes and allocations asked of the allocator per delivery:\n");
    println!("| crate | path | µs | MB/s | bytes | allocs |");
    println!("| --- | --- | ---: | ---: | ---: | ---: |");
    for r in reports {
        for m in &r.measured {
            // Every path of a report reads the same set.
            let mb_s = r.body_bytes / m.secs / 1e6;
            println!(
                "| {} | {} | {:.1} | {mb_s:.0} | {:.0} | {:.0} |",
                r.label,
                m.label,
                m.secs * 1e6,
                m.bytes_allocated,
                m.allocations
            );
        }
    }
    println!("\nratios (this run, medians):\n");
    for r in reports {
        for (a, b) in [
            ("typed parse", "Value"),
            ("typed parse", "IgnoredAny"),
            ("extra access", "typed parse"),
            ("typed parse", "typed, bare serde_json"),
            ("parse_body", "typed parse"),
            ("parse_body", "Value"),
        ] {
            if let Some(x) = r.ratio(a, b) {
                println!("  {:<26} {a} / {b}: {x:.2}x", r.label);
            }
        }
        if let (Some(t), Some(v)) = (r.get("typed parse"), r.get("Value")) {
            println!(
                "  {:<26} bytes allocated, typed parse / Value: {:.2}x",
                r.label,
                t.bytes_allocated / v.bytes_allocated
            );
        }
    }
}
