//! A deterministic generator of large, realistic plan repositories, for benchmarks:
//! `cargo run --release --example gen -- OUT_DIR SCALE [MEASURES]`.
//!
//! SCALE 1 is 40 plans of 60 measures each (2,400 measures, about 2 MB) plus a shared
//! registry; SCALE n is n times as many plans; MEASURES sets the measures per plan (the
//! `plan status` figure in docs/status.md is for one plan of 1,000). Every construct appears: header, owners
//! with aliases, `use` of the shared registry, declared units, metrics with `part of`,
//! nested sections and sub-measures, targets of every kind (level, growth, change),
//! `per year`, `cumulative`, baselines, actuals and notes. The same arguments always give
//! the same bytes, and every plan checks clean.

use std::fmt::Write as _;
use std::path::Path;

/// A small LCG: deterministic across platforms and Rust versions.
pub struct Rng(pub u64);

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
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const OWNERS: &[(&str, &str)] = &[
    ("发改局", "发展和改革局"),
    ("经信局", "经济和信息化局"),
    ("农业农村局", "农业农村局"),
    ("住建局", "住房和城乡建设局"),
    ("交通局", "交通运输局"),
    ("商务局", "商务局"),
    ("文旅局", "文化广播电视和旅游局"),
    ("教体局", "教育和体育局"),
    ("卫健局", "卫生健康局"),
    ("生态环境局", "生态环境局"),
    ("自然资源局", "自然资源和规划局"),
    ("财政局", "财政局"),
];
const REGIONS: &[&str] = &[
    "安居区",
    "船山区",
    "射洪市",
    "蓬溪县",
    "大英县",
    "汇川区",
    "红花岗区",
    "播州区",
];
const VERBS: &[&str] = &[
    "加快", "推进", "深化", "提升", "实施", "强化", "培育", "完善",
];
const THINGS: &[&str] = &[
    "新型工业化",
    "农业现代化",
    "城乡融合发展",
    "营商环境",
    "数字经济",
    "生态环境保护",
    "公共服务",
    "基础设施建设",
    "文旅融合",
    "对外开放",
    "科技创新",
    "民生保障",
];
const SECTIONS: &[&str] = &[
    "(一)扩大有效投资",
    "(二)建设现代化产业体系",
    "(三)全面推进乡村振兴",
    "(四)推进新型城镇化",
    "(五)深化改革开放",
    "(六)增进民生福祉",
];

/// (metric, unit, low, high) of level targets.
const LEVELS: &[(&str, &str, u32, u32)] = &[
    ("规上工业总产值", "亿元", 200, 900),
    ("粮食总产量", "万吨", 20, 80),
    ("生猪出栏", "万头", 40, 120),
    ("新增配套企业", "家", 10, 60),
    ("高标准农田", "万亩", 5, 30),
    ("新建道路", "公里", 10, 200),
    ("全社会用电量", "亿千瓦时", 20, 90),
    ("接待游客", "万人次", 300, 2000),
];

/// One plan of the corpus (benches/scaling.rs also uses it, through `#[path]`).
pub fn plan(rng: &mut Rng, index: usize, measures: usize) -> String {
    let region = rng.pick(REGIONS);
    let year = 2024 + index % 3;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# {region}{year}年国民经济和社会发展计划(生成的基准样例 {index})"
    );
    let _ = writeln!(s, "use \"registry.plan\"\n");
    let _ = writeln!(
        s,
        "plan \"{region}{year}—{}年国民经济和社会发展计划\" {{",
        year + 2
    );
    let _ = writeln!(
        s,
        "  issued {year}-01-15\n  period {year}..{}\n  issuer 发改局",
        year + 2
    );
    let _ = writeln!(s, "  region \"四川省遂宁市{region}\"\n  status approved");
    let _ = writeln!(s, "  ref \"{region}府发〔{year}〕{}号\"", 1 + index % 40);
    let _ = writeln!(
        s,
        "  note \"受区人民政府委托,提请区人大常委会审议。\"\n}}\n"
    );
    let _ = writeln!(s, "metric 规上工业总产值 \"规模以上工业总产值\" in 亿元");
    let _ = writeln!(
        s,
        "metric 锂电产值 \"锂电及新材料产业产值\" in 亿元 part of 规上工业总产值"
    );
    let _ = writeln!(s, "metric 城镇化率 \"常住人口城镇化率\" in %");
    let _ = writeln!(s, "metric 集装箱吞吐量 in 万标准箱\n");
    let mut m = 0;
    let mut section = 0;
    while m < measures {
        let (title, id) = (
            SECTIONS[section % SECTIONS.len()],
            format!("章{index}_{section}"),
        );
        let owner = OWNERS[rng.below(OWNERS.len())].0;
        let _ = writeln!(
            s,
            "section {id} \"{title}\" {{\n  owner {owner}\n  deadline {}-12",
            year + 2
        );
        for sub in 0..2 {
            let _ = writeln!(
                s,
                "  section {id}_{sub} \"{}{}\" {{",
                rng.pick(VERBS),
                rng.pick(THINGS)
            );
            for _ in 0..5 {
                if m >= measures {
                    break;
                }
                measure(&mut s, rng, &format!("措施{index}_{m}"), year, "    ");
                m += 1;
            }
            let _ = writeln!(s, "  }}");
        }
        let _ = writeln!(s, "}}\n");
        section += 1;
    }
    s
}

fn measure(s: &mut String, rng: &mut Rng, id: &str, year: usize, pad: &str) {
    let (verb, thing) = (rng.pick(VERBS), rng.pick(THINGS));
    let _ = writeln!(
        s,
        "{pad}measure {id} \"{verb}{thing},着力推动高质量发展\" {{"
    );
    if rng.below(3) == 0 {
        let a = OWNERS[rng.below(OWNERS.len())].0;
        let b = OWNERS[rng.below(OWNERS.len())].0;
        if a == b {
            let _ = writeln!(s, "{pad}  owner {a}");
        } else {
            let _ = writeln!(s, "{pad}  owner {a}, {b}");
        }
    }
    let (metric, unit, low, high) = LEVELS[rng.below(LEVELS.len())];
    // Each measure speaks of its own quantity, as in real plans: one metric with targets
    // in several measures would be reported as contradictory (T501) or below its baseline
    // (T503), and the corpus is meant to be a plan office's clean repository.
    let metric = format!("{metric}{id}");
    let base = low as usize + rng.below((high - low) as usize);
    let _ = writeln!(
        s,
        "{pad}  baseline {metric} = {base}.{} {unit} at {}",
        rng.below(10),
        year - 1
    );
    let _ = writeln!(
        s,
        "{pad}  target {metric} >= {} {unit} by {year}",
        base + 1 + rng.below(20)
    );
    let _ = writeln!(
        s,
        "{pad}  target {metric} growth >= {} % by {}",
        3 + rng.below(8),
        year + 1
    );
    match rng.below(4) {
        0 => {
            let _ = writeln!(
                s,
                "{pad}  target 城镇化率 change >= {}.{} 个百分点 by {year}-Q4",
                rng.below(3),
                1 + rng.below(9)
            );
        }
        1 => {
            let _ = writeln!(
                s,
                "{pad}  target 新增就业 >= {} 人 per year",
                500 + rng.below(3000)
            );
        }
        2 => {
            let _ = writeln!(
                s,
                "{pad}  target 集装箱吞吐量 >= {} 万标准箱 cumulative",
                5 + rng.below(20)
            );
        }
        _ => {
            let _ = writeln!(
                s,
                "{pad}  target 锂电产值{id} ~ {} 亿元 by {year}-H2",
                50 + rng.below(100)
            );
        }
    }
    let _ = writeln!(
        s,
        "{pad}  actual {metric} = {}.{} {unit} at {year}-06",
        base,
        rng.below(10)
    );
    let _ = writeln!(
        s,
        "{pad}  note \"{thing}工作纳入年度目标考核,按季度通报进展。\""
    );
    if rng.below(4) == 0 {
        let _ = writeln!(
            s,
            "{pad}  measure {id}_子 \"{}配套项目\" {{",
            rng.pick(THINGS)
        );
        let _ = writeln!(s, "{pad}    deadline {year}-06-30");
        let _ = writeln!(
            s,
            "{pad}    target 技改投资 change >= {} 亿元",
            1 + rng.below(9)
        );
        let _ = writeln!(s, "{pad}  }}");
    }
    let _ = writeln!(s, "{pad}}}");
}

/// The shared registry every plan `use`s.
pub fn registry() -> String {
    let mut s = String::from("# 共用的责任单位登记表\nowners {\n");
    for (id, name) in OWNERS {
        let _ = writeln!(s, "  {id} \"遂宁市{name}\" aka \"区{id}\"");
    }
    s.push_str("}\nunit 标准箱 : 集装箱\n");
    s
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(out), Some(scale)) = (
        args.get(1),
        args.get(2).and_then(|s| s.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: gen OUT_DIR SCALE");
        std::process::exit(2);
    };
    let per_plan = args
        .get(3)
        .and_then(|s| s.parse::<usize>().ok())
        .unwrap_or(60);
    let out = Path::new(out);
    let plans = out.join("plans");
    if let Err(e) = std::fs::create_dir_all(&plans) {
        eprintln!("gen: {}: {e}", plans.display());
        std::process::exit(2);
    }
    let mut rng = Rng(0x5eed_2025);
    let mut files = vec![(plans.join("registry.plan"), registry())];
    for i in 0..40 * scale {
        files.push((
            plans.join(format!("plan-{i:05}.plan")),
            plan(&mut rng, i, per_plan),
        ));
    }
    for (path, text) in files {
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("gen: {}: {e}", path.display());
            std::process::exit(2);
        }
    }
}
