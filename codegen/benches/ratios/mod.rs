//! Ratios between benchmarks of one run. Absolute times move with the
//! machine and its load; the ratio to a reference timed in the same run, on
//! the same machine, moves much less, so the ratios are the figures to
//! compare between machines and over time.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::time::Instant;

use criterion::Bencher;

/// Seconds per iteration of each sample, by benchmark name.
#[derive(Default)]
pub struct Ratios {
    samples: RefCell<BTreeMap<String, Vec<f64>>>,
    lines: RefCell<Vec<(String, String, String)>>,
}

impl Ratios {
    /// `b.iter(routine)`, keeping each sample's time per iteration under `name`.
    pub fn iter<O>(&self, b: &mut Bencher<'_>, name: &str, mut routine: impl FnMut() -> O) {
        b.iter_custom(|iters| {
            let start = Instant::now();
            for _ in 0..iters {
                std::hint::black_box(routine());
            }
            let took = start.elapsed();
            self.samples
                .borrow_mut()
                .entry(name.to_owned())
                .or_default()
                .push(took.as_secs_f64() / iters.max(1) as f64);
            took
        })
    }

    /// Median seconds per iteration of `name`, if it ran (a filter on the
    /// command line may leave it out).
    pub fn median(&self, name: &str) -> Option<f64> {
        let samples = self.samples.borrow();
        let mut xs = samples.get(name)?.clone();
        xs.sort_by(f64::total_cmp);
        xs.get(xs.len() / 2).copied()
    }

    /// A line `label: name / reference` for [`Ratios::print`].
    pub fn compare(&self, label: &str, name: &str, reference: &str) {
        self.lines
            .borrow_mut()
            .push((label.to_owned(), name.to_owned(), reference.to_owned()));
    }

    /// One line per comparison whose two sides both ran: the ratio of
    /// their medians, then the medians themselves (this machine's times).
    pub fn print(&self) {
        let lines = self.lines.borrow();
        let width = lines.iter().map(|(l, ..)| l.len()).max().unwrap_or(0);
        println!("\nratios (median time per iteration, this run):");
        for (label, name, reference) in lines.iter() {
            if let (Some(a), Some(b)) = (self.median(name), self.median(reference)) {
                println!(
                    "  {label:<width$}  {:>7.2}x  ({} / {}: {} / {})",
                    a / b,
                    name,
                    reference,
                    time(a),
                    time(b)
                );
            }
        }
    }
}

/// Seconds in the unit that suits them.
pub fn time(seconds: f64) -> String {
    if seconds >= 1.0 {
        format!("{seconds:.2} s")
    } else if seconds >= 1e-3 {
        format!("{:.2} ms", seconds * 1e3)
    } else {
        format!("{:.2} µs", seconds * 1e6)
    }
}
