//! How checking time grows with plan size: a realistic plan and the shapes that made rules
//! quadratic, each at 1×, 10× and 100×, with the ratio of each step to the one before —
//! about 10 when the work is linear, 100 when it is quadratic.
//!
//! `cargo bench --bench scaling` (add a shape's name to run only that one). The time is the
//! whole of `plan check` on one file in memory: parse, resolve, every rule, as time on a CPU
//! (see [`Clock`]); the slowest rule is named beside it. Results: docs/performance.md ("Scaling with plan size").

use std::fmt::Write as _;
use std::time::{Duration, Instant};

#[allow(dead_code)]
#[path = "../examples/gen.rs"]
mod gen;

/// A shape: its name, what one unit of it is, and the plan of `n` units.
struct Shape {
    name: &'static str,
    unit: &'static str,
    base: usize,
    make: fn(usize) -> String,
}

const SHAPES: &[Shape] = &[
    Shape {
        name: "realistic",
        unit: "measures",
        base: 60,
        make: realistic,
    },
    Shape {
        name: "metrics",
        unit: "metrics",
        base: 400,
        make: many_metrics,
    },
    Shape {
        name: "targets_one_metric",
        unit: "measures",
        base: 50,
        make: targets_on_one_metric,
    },
    Shape {
        name: "part_of_chain",
        unit: "metrics",
        base: 100,
        make: part_of_chain,
    },
    Shape {
        name: "owners",
        unit: "owners",
        base: 100,
        make: many_owners,
    },
    Shape {
        name: "after",
        unit: "measures",
        base: 100,
        make: many_after,
    },
    Shape {
        name: "per_year",
        unit: "targets",
        base: 100,
        make: many_per_year,
    },
];

const HEADER: &str = "plan \"规模测试\" {\n  issued 2025-01-15\n  period 2025\n  issuer 发改局\n}\n\nowners {\n  发改局 \"发展和改革局\"\n}\n\n";

/// The benchmark corpus's plan (examples/gen.rs) with `n` measures, its registry inlined.
fn realistic(n: usize) -> String {
    let mut rng = gen::Rng(0x5eed_2025);
    let plan = gen::plan(&mut rng, 0, n).replace("use \"registry.plan\"\n", "");
    format!("{}\n{plan}", gen::registry())
}

/// `n` metrics, each declared and given a target; every tenth is part of the one before.
fn many_metrics(n: usize) -> String {
    let mut s = String::from(HEADER);
    for i in 0..n {
        let part = if i % 10 == 9 {
            format!(" part of 指标{}", i - 1)
        } else {
            String::new()
        };
        let _ = writeln!(s, "metric 指标{i} in 万吨{part}");
    }
    s.push_str("\nmeasure 全部 \"全部指标\" {\n  owner 发改局\n");
    for i in 0..n {
        let _ = writeln!(s, "  target 指标{i} >= {} 万吨", 10 * (n - i));
    }
    s.push_str("}\n");
    s
}

/// `n` measures that all set targets on one metric and on its one part, spread over the
/// months of the year: levels, growth, ranges, with baselines — what U305, T501, T502,
/// T503 and D206 compare.
fn targets_on_one_metric(n: usize) -> String {
    let mut s = String::from(HEADER);
    s.push_str("metric 总量 in 亿元\nmetric 分项 in 亿元 part of 总量\n\n");
    for i in 0..n {
        let month = 1 + i % 12;
        let _ = writeln!(
            s,
            "measure 措施{i} \"第{i}项\" {{\n  owner 发改局\n  baseline 总量 = {} 亿元 at 2024-{month:02}\n  target 总量 <= {} 亿元 by 2025-{month:02}\n  target 总量 growth = 5 % by 2025-{month:02}\n  target 分项 >= {} 亿元 by 2025-{month:02}\n  target 总量 100..{} 亿元 by 2025-{month:02}\n}}\n",
            100 + i,
            10_000 + i,
            i % 50,
            20_000 + i
        );
    }
    s
}

/// `n` metrics, each part of the one before, each with a target.
fn part_of_chain(n: usize) -> String {
    let mut s = String::from(HEADER);
    s.push_str("metric 层0 in 万吨\n");
    for i in 1..n {
        let _ = writeln!(s, "metric 层{i} in 万吨 part of 层{}", i - 1);
    }
    s.push_str("\nmeasure 链 \"逐级分解\" {\n  owner 发改局\n");
    for i in 0..n {
        let _ = writeln!(s, "  target 层{i} <= {} 万吨", 10 * (n - i));
    }
    s.push_str("}\n");
    s
}

/// `n` owners with full names and aliases, each the lead of one measure.
fn many_owners(n: usize) -> String {
    let mut s =
        String::from("plan \"规模测试\" {\n  issued 2025-01-15\n  period 2025\n}\n\nowners {\n");
    for i in 0..n {
        let _ = writeln!(s, "  单位{i} \"第{i}责任单位\" aka \"{i}号单位\"");
    }
    s.push_str("}\n\n");
    for i in 0..n {
        let _ = writeln!(
            s,
            "measure 措施{i} \"第{i}项\" {{\n  owner 单位{i}, \"{}号单位\"\n}}\n",
            (i + 1) % n
        );
    }
    s
}

/// `n` measures with deadlines, each `after` the one before and one far back; every 50th
/// pair is a cycle (D204), so the cycle search runs many times.
fn many_after(n: usize) -> String {
    let mut s = String::from(HEADER);
    for i in 0..n {
        let month = 1 + (i * 12 / n.max(1)).min(11);
        let mut after = Vec::new();
        if i > 0 {
            after.push(format!("措施{}", i - 1));
        }
        if i > 1 {
            after.push(format!("措施{}", i / 2));
        }
        if i % 50 == 10 {
            after.push(format!("措施{}", i + 1));
        }
        let after = if after.is_empty() {
            String::new()
        } else {
            format!("  after {}\n", after.join(", "))
        };
        let _ = writeln!(
            s,
            "measure 措施{i} \"第{i}项\" {{\n  owner 发改局\n  deadline 2025-{month:02}\n{after}}}\n"
        );
    }
    s
}

/// `n` repeated targets (`per month`, `per quarter`), some of them already past at issue.
fn many_per_year(n: usize) -> String {
    let mut s = String::from(
        "plan \"规模测试\" {\n  issued 2023-06-15\n  period 2021..2025\n  issuer 发改局\n}\n\nowners {\n  发改局 \"发展和改革局\"\n}\n\n",
    );
    for i in 0..n {
        let every = if i % 2 == 0 { "month" } else { "quarter" };
        let _ = writeln!(
            s,
            "measure 措施{i} \"第{i}项\" {{\n  owner 发改局\n  target 新增{i} >= {} 个 per {every}\n}}\n",
            1 + i
        );
    }
    s
}

/// A clock of this thread's time on a CPU: on a machine shared with other jobs, wall time
/// counts the time the thread waited for a core, which makes a 20 ms check look 7 times
/// longer than a 1 ms one that fits in a time slice. Linux gives it in
/// /proc/thread-self/schedstat (nanoseconds); elsewhere, wall time.
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

/// The best of `runs` times `reps` checks of `text` (per check: the CPU clock ticks too
/// coarsely for one small check), and the slowest rule in the last one.
fn measure(text: &str, runs: usize, reps: u32) -> (Duration, &'static str, Duration, usize) {
    let mut best = Duration::MAX;
    let mut findings = 0;
    for _ in 0..runs {
        let start = Clock::start();
        for _ in 0..reps {
            let checked = plan::check_text("bench.plan", text);
            findings = checked.diagnostics.len();
            assert!(
                checked.model.is_some(),
                "a scaling shape must parse: {:?}",
                checked.diagnostics.first().map(|d| d.code)
            );
        }
        best = best.min(start.elapsed() / reps);
    }
    let checked = plan::check_text("bench.plan", text);
    let mut slowest = ("-", Duration::ZERO);
    if let Some(model) = &checked.model {
        for rule in plan::rules::RULES {
            let start = Clock::start();
            let mut out = Vec::new();
            (rule.check)(model, &mut out);
            let took = start.elapsed();
            if took > slowest.1 {
                slowest = (rule.code.as_str(), took);
            }
        }
    }
    (best, slowest.0, slowest.1, findings)
}

fn main() {
    // `cargo bench` passes `--bench`; any other argument picks shapes by name.
    let only: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    println!(
        "{:<20} {:>6} {:>8} {:>9} {:>9} {:>10} {:>7} {:>14}",
        "shape", "scale", "n", "KB", "findings", "check ms", "×prev", "slowest rule"
    );
    for shape in SHAPES {
        if !only.is_empty() && !only.iter().any(|o| o == shape.name) {
            continue;
        }
        let mut previous: Option<Duration> = None;
        for scale in [1, 10, 100] {
            let n = shape.base * scale;
            let text = (shape.make)(n);
            let reps = if scale == 100 { 1 } else { 200 / scale as u32 };
            let (took, rule, rule_took, findings) = measure(&text, 3, reps);
            let ratio = previous.map_or_else(
                || "-".to_string(),
                |p| format!("{:.1}", took.as_secs_f64() / p.as_secs_f64()),
            );
            println!(
                "{:<20} {:>5}× {:>8} {:>9} {:>9} {:>10.2} {:>7} {:>6} {:.2} ms  ({} {})",
                shape.name,
                scale,
                n,
                text.len() / 1024,
                findings,
                took.as_secs_f64() * 1e3,
                ratio,
                rule,
                rule_took.as_secs_f64() * 1e3,
                n,
                shape.unit
            );
            previous = Some(took);
        }
    }
}
