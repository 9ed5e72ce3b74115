//! The importer measured against the gold: each seed document of /work/shared/seeds (copied
//! under tests/import/seeds) is imported, and its drafted targets, deadlines and owners are
//! matched against those of the hand-encoded plans/*.plan, compiled here. Prints recall and
//! precision per document and overall (`cargo test --test import_score -- --nocapture`;
//! `IMPORT_SCORE_MISSES=1` lists every miss), and holds them above the floors below.
//!
//! A drafted target matches a gold target when kind, comparator, value and unit (compared
//! in base units) are the same and the metric names share at least half of the shorter
//! name's characters (the gold's names are a person's short forms: 新培育规上工业企业 for
//! 全年新培育规模以上工业企业).

use std::collections::HashSet;
use std::path::Path;

use plan::import::{self, emit};
use serde_json::Value;

struct Seed {
    doc: &'static str,
    gold: &'static str,
}

const SEEDS: &[Seed] = &[
    Seed {
        doc: "seeds/000_zunyi-2024-q1.txt",
        gold: "plans/zunyi-2024-q1.plan",
    },
    Seed {
        doc: "seeds/001_zunyi-investment-2021-2023.txt",
        gold: "plans/zunyi-investment-2021-2023.plan",
    },
    Seed {
        doc: "seeds/002_hanzhong-2020.txt",
        gold: "plans/hanzhong-2020.plan",
    },
    Seed {
        doc: "seeds/003_anju-2025.txt",
        gold: "plans/anju-2025.plan",
    },
    Seed {
        doc: "seeds/004_kaifeng-2024-h2.txt",
        gold: "plans/kaifeng-2024-h2.plan",
    },
];

/// More real documents (tests/import/real/, README there: where each comes from; added in
/// the second session, and the importer was then fixed on them), each with a hand-written
/// `.plan` of what the draft should say.
const REAL: &[Seed] = &[
    Seed {
        doc: "real/chengdu-2022-tasks.txt",
        gold: "tests/import/real/chengdu-2022-tasks.plan",
    },
    Seed {
        doc: "real/chengdu-2019-tasks.txt",
        gold: "tests/import/real/chengdu-2019-tasks.plan",
    },
    Seed {
        doc: "real/pinghu-2024-tasks.txt",
        gold: "tests/import/real/pinghu-2024-tasks.plan",
    },
];

/// Real documents added in the third session, with their `.plan` written before the
/// importer was run on them: their first scores were a held-out estimate (docs/import.md
/// gives them before and after that session's changes).
const HELD_OUT: &[Seed] = &[
    Seed {
        doc: "real/pingyang-2025-plan.txt",
        gold: "tests/import/real/pingyang-2025-plan.plan",
    },
    Seed {
        doc: "real/cangnan-2023-policies.txt",
        gold: "tests/import/real/cangnan-2023-policies.plan",
    },
    Seed {
        doc: "real/chengdu-2024-community.txt",
        gold: "tests/import/real/chengdu-2024-community.plan",
    },
];

#[derive(Debug, Clone)]
struct T {
    metric: String,
    kind: String,
    cmp: String,
    value: f64,
    value_max: Option<f64>,
    base_unit: String,
    deadline: Option<String>,
    measure: String,
    line: u64,
}

fn num(v: &Value) -> Option<f64> {
    v.as_f64()
}

fn targets(compiled: &Value) -> Vec<T> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for m in compiled["measures"].as_array().into_iter().flatten() {
        for t in m["targets"].as_array().into_iter().flatten() {
            let line = t["line"].as_u64().unwrap_or(0);
            let metric = t["metric"].as_str().unwrap_or("").to_owned();
            // A `per year` target is one target of the document.
            if !seen.insert((line, metric.clone())) {
                continue;
            }
            out.push(T {
                metric,
                kind: t["kind"].as_str().unwrap_or("").to_owned(),
                cmp: t["cmp"].as_str().unwrap_or("").to_owned(),
                value: num(&t["base_value"])
                    .or(num(&t["value"]))
                    .unwrap_or(f64::NAN),
                value_max: num(&t["base_value_max"]).or(num(&t["value_max"])),
                base_unit: t["base_unit"]
                    .as_str()
                    .unwrap_or(t["unit"].as_str().unwrap_or(""))
                    .to_owned(),
                deadline: t["deadline"].as_str().map(str::to_owned),
                measure: m["title"].as_str().unwrap_or("").to_owned(),
                line,
            });
        }
    }
    out
}

fn similar(a: &str, b: &str) -> bool {
    let ca: HashSet<char> = a.chars().filter(|c| c.is_alphanumeric()).collect();
    let cb: HashSet<char> = b.chars().filter(|c| c.is_alphanumeric()).collect();
    let shorter = ca.len().min(cb.len()).max(1);
    ca.intersection(&cb).count() * 2 >= shorter
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn same_target(d: &T, g: &T) -> bool {
    d.kind == g.kind
        && d.cmp == g.cmp
        && close(d.value, g.value)
        && d.value_max
            .zip(g.value_max)
            .is_none_or(|(a, b)| close(a, b))
        && d.value_max.is_some() == g.value_max.is_some()
        && d.base_unit == g.base_unit
        && similar(&d.metric, &g.metric)
}

fn gold_compiled(name: &str) -> Value {
    let loader = plan::model::Loader::new();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
    let checked = plan::check_file(&loader, &path).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    let model = checked
        .model
        .unwrap_or_else(|| panic!("{name} does not parse"));
    serde_json::to_value(plan::emit::compiled::compile(&model)).unwrap_or(Value::Null)
}

fn drafted_compiled(doc: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/import")
        .join(doc);
    let imported = import::import_file(&path).unwrap_or_else(|e| panic!("{doc}: {e:?}"));
    let text = import::plan_text(&imported, emit::EN, doc)
        .unwrap_or_else(|| panic!("{doc}: draft does not parse"));
    import::json::compiled_with_sources(&imported.document, &imported.draft, &text)
        .unwrap_or_else(|| panic!("{doc}: draft does not compile"))
}

/// Titles as keys: letters and digits only (（一） and (一) are one heading).
fn title_key(t: &str) -> String {
    t.chars().filter(|c| c.is_alphanumeric()).collect()
}

fn same_title(a: &str, b: &str) -> bool {
    let (a, b) = (title_key(a), title_key(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    a.starts_with(&b) || b.starts_with(&a) || common >= 8
}

/// Every name an owner of the gold goes by.
fn gold_owner_names(compiled: &Value) -> Vec<(String, HashSet<String>)> {
    compiled["owners"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|o| {
            let mut names = HashSet::new();
            names.insert(o["id"].as_str().unwrap_or("").to_owned());
            if let Some(n) = o["name"].as_str() {
                names.insert(n.to_owned());
            }
            for a in o["aliases"].as_array().into_iter().flatten() {
                names.insert(a.as_str().unwrap_or("").to_owned());
            }
            (o["id"].as_str().unwrap_or("").to_owned(), names)
        })
        .collect()
}

#[derive(Default, Debug, Clone, Copy)]
struct Score {
    gold_targets: usize,
    drafted_targets: usize,
    matched: usize,
    deadlines_right: usize,
    gold_owned: usize,
    owners_right: usize,
    gold_milestones: usize,
    milestones_right: usize,
}

fn score(seed: &Seed, show: bool) -> Score {
    let gold = gold_compiled(seed.gold);
    let drafted = drafted_compiled(seed.doc);
    let gt = targets(&gold);
    let dt = targets(&drafted);
    let mut s = Score {
        gold_targets: gt.len(),
        drafted_targets: dt.len(),
        ..Score::default()
    };
    let mut used = vec![false; dt.len()];
    for g in &gt {
        let hit = dt
            .iter()
            .enumerate()
            .find(|(i, d)| !used.get(*i).copied().unwrap_or(true) && same_target(d, g));
        match hit {
            Some((i, d)) => {
                if let Some(u) = used.get_mut(i) {
                    *u = true;
                }
                s.matched += 1;
                if d.deadline == g.deadline {
                    s.deadlines_right += 1;
                } else if show {
                    println!(
                        "  deadline {}: gold {:?}, drafted {:?}",
                        g.metric, g.deadline, d.deadline
                    );
                }
            }
            None if show => println!(
                "  missed  {} {} {} {} {:?} {} (gold line {}, {})",
                g.metric, g.kind, g.cmp, g.value, g.value_max, g.base_unit, g.line, g.measure
            ),
            None => {}
        }
    }
    if show {
        for (d, u) in dt.iter().zip(&used) {
            if !u {
                println!(
                    "  extra   {} {} {} {} {:?} {} ({})",
                    d.metric, d.kind, d.cmp, d.value, d.value_max, d.base_unit, d.measure
                );
            }
        }
    }
    // Milestones: a drafted milestone with the gold's date in a measure of the same title.
    let drafted_measures: Vec<&Value> = drafted["measures"]
        .as_array()
        .into_iter()
        .flatten()
        .collect();
    for gm in gold["measures"].as_array().into_iter().flatten() {
        let title = gm["title"].as_str().unwrap_or("");
        for ms in gm["milestones"].as_array().into_iter().flatten() {
            s.gold_milestones += 1;
            let date = ms["deadline"].as_str();
            let hit = drafted_measures.iter().any(|dm| {
                same_title(dm["title"].as_str().unwrap_or(""), title)
                    && dm["milestones"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .any(|x| x["deadline"].as_str() == date)
            });
            if hit {
                s.milestones_right += 1;
            } else if show {
                println!("  milestone missed {:?} by {date:?} ({title})", ms["title"]);
            }
        }
    }
    // Owners: each gold measure with owners, against the drafted measure of its title.
    let names = gold_owner_names(&gold);
    let name_of = |drafted_id: &str| -> Option<String> {
        names
            .iter()
            .find(|(_, ns)| ns.contains(drafted_id))
            .map(|(id, _)| id.clone())
    };
    for gm in gold["measures"].as_array().into_iter().flatten() {
        let gold_owners: Vec<String> = gm["owners"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|o| o.as_str().map(str::to_owned))
            .collect();
        if gold_owners.is_empty() {
            continue;
        }
        s.gold_owned += 1;
        let title = gm["title"].as_str().unwrap_or("");
        let Some(dm) = drafted_measures
            .iter()
            .find(|dm| same_title(dm["title"].as_str().unwrap_or(""), title))
        else {
            if show {
                println!("  owners: no drafted measure for {title}");
            }
            continue;
        };
        let drafted_owners: Vec<Option<String>> = dm["owners"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|o| name_of(o.as_str().unwrap_or("")))
            .collect();
        let set_d: HashSet<Option<String>> = drafted_owners.iter().cloned().collect();
        let set_g: HashSet<Option<String>> = gold_owners.iter().cloned().map(Some).collect();
        let lead_right = drafted_owners.first().cloned().flatten().as_deref()
            == gold_owners.first().map(String::as_str);
        if set_d == set_g && lead_right {
            s.owners_right += 1;
        } else if show {
            println!(
                "  owners of {title}: gold {gold_owners:?}, drafted {:?}",
                dm["owners"]
            );
        }
    }
    s
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        100.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

/// Score each document of `set`, print a row per document and the overall figures, and
/// return the overall score.
fn score_all(set: &[Seed]) -> Score {
    let show = std::env::var_os("IMPORT_SCORE_MISSES").is_some();
    let mut total = Score::default();
    println!(
        "{:<38} {:>7} {:>7} {:>7} {:>9} {:>9} {:>9}",
        "document", "gold", "recall", "prec.", "deadlines", "mileston.", "owners"
    );
    for seed in set {
        if show {
            println!("{}:", seed.doc);
        }
        let s = score(seed, show);
        println!(
            "{:<38} {:>7} {:>6.1}% {:>6.1}% {:>8.1}% {:>8.1}% {:>8.1}%",
            seed.doc,
            s.gold_targets,
            pct(s.matched, s.gold_targets),
            pct(s.matched, s.drafted_targets),
            pct(s.deadlines_right, s.matched),
            pct(s.milestones_right, s.gold_milestones),
            pct(s.owners_right, s.gold_owned),
        );
        total.gold_targets += s.gold_targets;
        total.drafted_targets += s.drafted_targets;
        total.matched += s.matched;
        total.deadlines_right += s.deadlines_right;
        total.gold_owned += s.gold_owned;
        total.owners_right += s.owners_right;
        total.gold_milestones += s.gold_milestones;
        total.milestones_right += s.milestones_right;
    }
    println!(
        "{:<38} {:>7} {:>6.1}% {:>6.1}% {:>8.1}% {:>8.1}% {:>8.1}%",
        "overall",
        total.gold_targets,
        pct(total.matched, total.gold_targets),
        pct(total.matched, total.drafted_targets),
        pct(total.deadlines_right, total.matched),
        pct(total.milestones_right, total.gold_milestones),
        pct(total.owners_right, total.gold_owned)
    );
    total
}

/// Holds the overall figures of a set above its floors.
fn hold(total: &Score, floors: [f64; 4]) {
    let [f_recall, f_precision, f_deadlines, f_owners] = floors;
    let recall = pct(total.matched, total.gold_targets);
    let precision = pct(total.matched, total.drafted_targets);
    let deadlines = pct(total.deadlines_right, total.matched);
    let owners = pct(total.owners_right, total.gold_owned);
    assert!(recall >= f_recall, "recall {recall:.1}% < {f_recall}%");
    assert!(
        precision >= f_precision,
        "precision {precision:.1}% < {f_precision}%"
    );
    assert!(
        deadlines >= f_deadlines,
        "deadlines {deadlines:.1}% < {f_deadlines}%"
    );
    assert!(owners >= f_owners, "owners {owners:.1}% < {f_owners}%");
}

#[test]
fn import_recall_and_precision_on_the_seeds() {
    // Floors: the figures reached (docs/import.md); a change that loses ground fails here.
    hold(
        &score_all(SEEDS),
        [FLOOR_RECALL, FLOOR_PRECISION, FLOOR_DEADLINES, FLOOR_OWNERS],
    );
}

#[test]
fn import_recall_and_precision_on_more_real_documents() {
    hold(&score_all(REAL), REAL_FLOORS);
}

#[test]
fn import_recall_and_precision_on_documents_added_after_the_importer() {
    hold(&score_all(HELD_OUT), HELD_OUT_FLOORS);
}

/// Recall, precision, deadlines, owners on the documents of `HELD_OUT`.
const HELD_OUT_FLOORS: [f64; 4] = [100.0, 100.0, 100.0, 100.0];

const FLOOR_RECALL: f64 = 90.0;
const FLOOR_PRECISION: f64 = 96.0;
const FLOOR_DEADLINES: f64 = 99.0;
const FLOOR_OWNERS: f64 = 97.0;

/// Recall, precision, deadlines, owners on the more real documents.
const REAL_FLOORS: [f64; 4] = [100.0, 100.0, 100.0, 100.0];
