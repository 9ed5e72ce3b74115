//! How long `plan status` takes on a large plan, and how it grows: a generated plan of 100,
//! 1,000 and 10,000 measures (examples/gen.rs: owners, targets of every kind, `per year`
//! repetitions, actuals), each with the ratio of its time to the one before — about 10
//! when the work is linear.
//!
//! `cargo bench --bench status` (or `--profile dev` to reuse the test build). What is timed
//! is what `plan status` does once the plan is read: resolve it and run the checks (the
//! status is refused without a model), collect the actuals, compute every status, and
//! print the table and the JSON — as time on a CPU (see [`Clock`]). Results: docs/status.md
//! ("How fast").

use std::time::{Duration, Instant};

#[allow(dead_code)]
#[path = "../examples/gen.rs"]
mod gen;

/// A clock of this thread's time on a CPU (/proc/thread-self/schedstat), so that waiting
/// for a core on a shared machine does not count; elsewhere, wall time.
struct Clock(Instant, Option<u64>);

impl Clock {
    fn start() -> Clock {
        Clock(Instant::now(), on_cpu())
    }

    fn elapsed(&self) -> Duration {
        match (self.1, on_cpu()) {
            (Some(a), Some(b)) => Duration::from_nanos(b.saturating_sub(a)),
            _ => self.0.elapsed(),
        }
    }
}

fn on_cpu() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

/// A plan of `n` measures with its registry inlined.
fn plan_of(n: usize) -> String {
    let mut rng = gen::Rng(0x5eed_2025);
    let plan = gen::plan(&mut rng, 0, n).replace("use \"registry.plan\"\n", "");
    format!("{}\n{plan}", gen::registry())
}

/// One run: check, then the status as table and JSON. The times of each part, and what
/// was counted.
fn once(text: &str, as_of: chrono::NaiveDate) -> ([Duration; 3], usize, usize) {
    let clock = Clock::start();
    let checked = plan::check_text("bench.plan", text);
    let check = clock.elapsed();
    let Some(model) = checked.model.as_ref() else {
        panic!("the generated plan must parse");
    };
    let clock = Clock::start();
    let actuals = plan::status::Actuals::of(model);
    let report = plan::status::compute(model, &actuals, as_of);
    let compute = clock.elapsed();
    let clock = Clock::start();
    let table = plan::status::table::render(&report, plan::i18n::Lang::Zh);
    let json = plan::status::json::to_json(&plan::status::json::document(
        as_of,
        vec![plan::status::json::plan(&report)],
    ));
    let print = clock.elapsed();
    let stretches = report.measures.iter().map(|m| m.targets.len()).sum();
    assert!(!table.is_empty() && !json.is_empty());
    ([check, compute, print], model.observations.len(), stretches)
}

fn main() {
    let as_of = chrono::NaiveDate::from_ymd_opt(2025, 7, 1).unwrap_or_default();
    println!(
        "{:>8} {:>7} {:>9} {:>11} {:>9} {:>11} {:>9} {:>9} {:>7}",
        "measures",
        "KB",
        "stretches",
        "observ.",
        "check ms",
        "compute ms",
        "print ms",
        "total ms",
        "×prev"
    );
    let mut previous: Option<Duration> = None;
    for n in [100, 1_000, 10_000] {
        let text = plan_of(n);
        // The best of three runs: the least disturbed by other work on the machine.
        let mut best: Option<([Duration; 3], usize, usize)> = None;
        for _ in 0..3 {
            let run = once(&text, as_of);
            let total: Duration = run.0.iter().sum();
            if best.as_ref().is_none_or(|b| total < b.0.iter().sum()) {
                best = Some(run);
            }
        }
        let Some(([check, compute, print], observations, stretches)) = best else {
            continue;
        };
        let total = check + compute + print;
        let ratio = previous.map_or_else(
            || "-".to_string(),
            |p| format!("{:.1}", total.as_secs_f64() / p.as_secs_f64()),
        );
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        println!(
            "{:>8} {:>7} {:>9} {:>11} {:>9.1} {:>11.1} {:>9.1} {:>9.1} {:>7}",
            n,
            text.len() / 1024,
            stretches,
            observations,
            ms(check),
            ms(compute),
            ms(print),
            ms(total),
            ratio
        );
        previous = Some(total);
    }
}
