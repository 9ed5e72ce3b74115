//! The second benchmark corpus (issue 15): short, dense lines —
//! `cargo run --release --example gen_dense -- OUT_DIR SCALE [--one-file]`.
//!
//! Where `examples/gen.rs` writes long lines with titles and notes (53 bytes a line), this
//! shape writes what a statistics annex looks like: about 37 bytes a line, nearly every line
//! a number and a date, 24 metrics shared by every measure (so each metric has hundreds of
//! targets and baselines to compare), owners on every measure. SCALE 1 is 40 plans of
//! 100 measures (about 1.5 MB) and a shared registry of owners and metrics; SCALE n is n
//! times as many plans. With `--one-file`, the same measures go into one file
//! (`OUT_DIR/plans/big.plan`, the registry written at its top): one large plan, parsed on
//! one core. The same arguments always give the same bytes, and the corpus checks clean.

use std::fmt::Write as _;
use std::path::Path;

/// A small LCG: deterministic across platforms and Rust versions.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const OWNERS: &[&str] = &[
    "发改局",
    "经信局",
    "农业局",
    "住建局",
    "交通局",
    "商务局",
    "文旅局",
    "教体局",
    "卫健局",
    "环境局",
    "资规局",
    "财政局",
];

/// The 24 shared metrics: (id, unit, baseline at 2024, whether targets cap it (`<=`)).
/// A metric is either raised (`>=`, above its baseline: no T503) or capped (`<=`), never
/// both, so targets of one metric in different measures never contradict (T501).
const METRICS: &[(&str, &str, u32, bool)] = &[
    ("工业产值", "亿元", 420, false),
    ("固定投资", "亿元", 180, false),
    ("税收收入", "亿元", 36, false),
    ("社零总额", "亿元", 150, false),
    ("出口总额", "亿元", 48, false),
    ("进口总额", "亿元", 22, false),
    ("粮食产量", "万吨", 41, false),
    ("生猪出栏", "万头", 86, false),
    ("高标农田", "万亩", 12, false),
    ("新建道路", "公里", 140, false),
    ("全社用电", "亿千瓦时", 52, false),
    ("接待游客", "万人次", 960, false),
    ("新增就业", "人", 4200, false),
    ("规上企业", "家", 310, false),
    ("发明专利", "件", 520, false),
    ("医疗床位", "张", 2600, false),
    ("新增学位", "个", 5400, false),
    ("城市绿地", "公顷", 75, false),
    ("城镇化率", "%", 52, false),
    ("研发占比", "%", 2, false),
    ("能耗总量", "万吨", 96, true),
    ("用水总量", "万吨", 310, true),
    ("碳排放量", "万吨", 28, true),
    ("失业率", "%", 5, true),
];

/// Owners and metrics, shared by every plan of the corpus.
fn registry(s: &mut String) {
    s.push_str("owners {\n");
    for id in OWNERS {
        let _ = writeln!(s, "  {id} \"区{id}\"");
    }
    s.push_str("}\n");
    for (id, unit, _, _) in METRICS {
        let _ = writeln!(s, "metric {id} in {unit}");
    }
}

fn header(s: &mut String, index: usize) {
    let _ = writeln!(
        s,
        "plan \"计划{index}\" {{\n  issued 2025-02-10\n  period 2025..2027\n}}"
    );
}

/// One measure: owners, a deadline, targets of four kinds, a baseline and an actual.
fn measure(s: &mut String, rng: &mut Rng, id: usize) {
    let _ = writeln!(s, "measure 措施{id} {{");
    // Every measure names its owners (O101 otherwise): one or two of the twelve.
    {
        let a = OWNERS[rng.below(OWNERS.len())];
        let b = OWNERS[rng.below(OWNERS.len())];
        if a == b {
            let _ = writeln!(s, "  owner {a}");
        } else {
            let _ = writeln!(s, "  owner {a}, {b}");
        }
    }
    let _ = writeln!(s, "  deadline 2027-12-31");
    // Five metrics, each at most once in a measure (offsets 0, 7, 14, 21, 4 of 24): no ramp
    // to go backwards (D206). Two levels, two growths and an observed pair: most lines a
    // number, a unit and a date, so lines average about 37 bytes, as in the corpus.
    let first = rng.below(METRICS.len());
    for k in 0..5 {
        let (metric, unit, base, cap) = METRICS[(first + k * 7) % METRICS.len()];
        let tenths = rng.below(10);
        let by = match rng.below(4) {
            0 => "2025-06".to_string(),
            1 => format!("2025-Q{}", 1 + rng.below(4)),
            2 => format!("2026-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28)),
            _ => "2027-H1".to_string(),
        };
        match (k % 3, cap) {
            (0, false) => {
                let value = base as usize + 1 + rng.below(base as usize / 2 + 5);
                let _ = writeln!(
                    s,
                    "  target firm {metric} >= {value}.{tenths} {unit} by {by}"
                );
            }
            (0, true) => {
                let value = base as usize + rng.below(base as usize / 2 + 5);
                let _ = writeln!(
                    s,
                    "  target firm {metric} <= {value}.{tenths} {unit} by {by}"
                );
            }
            (1, _) if unit == "%" => {
                let _ = writeln!(s, "  target {metric} change >= 0.{tenths} 个百分点 by {by}");
            }
            (1, _) => {
                let _ = writeln!(
                    s,
                    "  target {metric} growth >= {}.{tenths} % by {by}",
                    1 + rng.below(9)
                );
            }
            _ => {
                let _ = writeln!(s, "  baseline {metric} = {base} {unit} at 2024-12-31");
                let _ = writeln!(
                    s,
                    "  actual {metric} = {}.{tenths} {unit} at 2025-{:02}-{:02}",
                    base as usize + rng.below(5),
                    1 + rng.below(12),
                    1 + rng.below(28)
                );
            }
        }
    }
    s.push_str("}\n");
}

/// `count` measures in sections of ten.
fn measures(s: &mut String, rng: &mut Rng, from: usize, count: usize) {
    for i in 0..count {
        if i % 10 == 0 {
            let _ = writeln!(s, "section 章{} {{", (from + i) / 10);
        }
        measure(s, rng, from + i);
        if i % 10 == 9 || i + 1 == count {
            s.push_str("}\n");
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(out), Some(scale)) = (
        args.get(1),
        args.get(2).and_then(|s| s.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: gen_dense OUT_DIR SCALE [--one-file]");
        std::process::exit(2);
    };
    let one_file = args.get(3).is_some_and(|a| a == "--one-file");
    let plans = Path::new(out).join("plans");
    if let Err(e) = std::fs::create_dir_all(&plans) {
        eprintln!("gen_dense: {}: {e}", plans.display());
        std::process::exit(2);
    }
    const PER_PLAN: usize = 100;
    let mut rng = Rng(0xd3_25e);
    let mut files = Vec::new();
    if one_file {
        let mut s = String::new();
        header(&mut s, 0);
        registry(&mut s);
        measures(&mut s, &mut rng, 0, 40 * scale * PER_PLAN);
        files.push((plans.join("big.plan"), s));
    } else {
        let mut s = String::new();
        registry(&mut s);
        files.push((plans.join("registry.plan"), s));
        for i in 0..40 * scale {
            let mut s = String::from("use \"registry.plan\"\n");
            header(&mut s, i);
            measures(&mut s, &mut rng, i * PER_PLAN, PER_PLAN);
            files.push((plans.join(format!("plan-{i:05}.plan")), s));
        }
    }
    for (path, text) in files {
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("gen_dense: {}: {e}", path.display());
            std::process::exit(2);
        }
    }
}
