//! Prints the table of each plan in plans/ for plans/README.md: measures, targets, owners,
//! deadlines and findings by code, all counted from the resolved model — so the README's
//! numbers can be regenerated rather than kept by hand:
//!
//! ```sh
//! cargo run --example plans_table
//! ```

use std::collections::BTreeMap;
use std::path::PathBuf;

use plan::syntax::ast::NodeKind;

fn main() {
    let mut files: Vec<PathBuf> = std::fs::read_dir("plans")
        .expect("run from the repository root")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "plan"))
        .collect();
    files.sort();
    let loader = plan::model::Loader::new();
    println!("| plan | sections | measures | targets | owners | owned measures | deadlines written | milestones | findings |");
    println!("|---|---|---|---|---|---|---|---|---|");
    for path in files {
        let Ok(checked) = plan::check_file(&loader, &path) else {
            continue;
        };
        let Some(model) = checked.model.as_ref() else {
            println!("| {} | does not parse |", path.display());
            continue;
        };
        let sections = model
            .nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Section)
            .count();
        let measures = model.measures().count();
        let owned = model
            .measures()
            .filter(|(_, n)| n.owners_from.is_some())
            .count();
        let deadlines = model.nodes.iter().filter(|n| n.deadline.is_some()).count()
            + model.targets.iter().filter(|t| t.by.is_some()).count();
        let mut by_code: BTreeMap<&str, usize> = BTreeMap::new();
        for d in &checked.diagnostics {
            *by_code.entry(d.code.as_str()).or_default() += 1;
        }
        let findings = if by_code.is_empty() {
            "none".to_string()
        } else {
            by_code
                .iter()
                .map(|(c, n)| format!("{c} ×{n}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        println!(
            "| `{}` | {sections} | {measures} | {} | {} | {owned} | {deadlines} | {} | {findings} |",
            path.display(),
            model.targets.len(),
            model.owners.len(),
            model.milestones.len(),
        );
    }
}
