//! Live heap bytes at each stage of `plan check` on one file, and the peak between stages:
//! `cargo run --release --example mem_stages -- FILE.plan [--whole-tree] [--per-rule]`
//! (`--per-rule`: each check's own peak above the model, run one after the other).
//! Counts what the program asked of the allocator (mimalloc, as the `plan` binary), not RSS.

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::Arc;

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let now = LIVE.fetch_add(l.size(), Relaxed) + l.size();
        PEAK.fetch_max(now, Relaxed);
        unsafe { mimalloc::MiMalloc.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Relaxed);
        unsafe { mimalloc::MiMalloc.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        let now = LIVE.fetch_add(n, Relaxed) + n;
        PEAK.fetch_max(now, Relaxed);
        LIVE.fetch_sub(l.size(), Relaxed);
        unsafe { mimalloc::MiMalloc.realloc(p, l, n) }
    }
}

#[global_allocator]
static A: Counting = Counting;

fn stage(name: &str) {
    let mb = |b: usize| b as f64 / 1e6;
    println!(
        "{name:<28} live {:8.1} MB   peak since last {:8.1} MB",
        mb(LIVE.load(Relaxed)),
        mb(PEAK.load(Relaxed))
    );
    PEAK.store(LIVE.load(Relaxed), Relaxed);
}

fn main() {
    let path = std::path::PathBuf::from(std::env::args().nth(1).expect("a .plan file"));
    let source = plan::source::Source::load(&path).expect("readable");
    stage("source");
    let loader = plan::model::Loader::new();
    let model = if std::env::args().nth(2).as_deref() == Some("--whole-tree") {
        let file = plan::syntax::parse(&source.text).expect("parses");
        stage("tree");
        plan::model::build_lean(&loader, Arc::clone(&source), file)
    } else {
        plan::model::build_staged(&loader, Arc::clone(&source)).expect("parses")
    };
    stage("model (tree freed)");
    if std::env::args().any(|a| a == "--per-rule") {
        for rule in plan::rules::RULES {
            let mut out = Vec::new();
            (rule.check)(&model, &mut out);
            drop(out);
            stage(&format!("  {:?}", rule.code));
        }
    }
    let findings = plan::rules::check(&model);
    stage("rules");
    println!("{} findings", findings.len());
    let m = &model;
    println!(
        "nodes {} × {} B, targets {} × {} B, observations {} × {} B, unit_refs {} × {} B, owner_refs {} × {} B",
        m.nodes.len(),
        std::mem::size_of::<plan::model::NodeInfo>(),
        m.targets.len(),
        std::mem::size_of::<plan::model::TargetInfo>(),
        m.observations.len(),
        std::mem::size_of::<plan::model::Observation>(),
        m.unit_refs.len(),
        std::mem::size_of::<plan::model::UnitRef>(),
        m.owner_refs.len(),
        std::mem::size_of::<plan::model::OwnerRef>(),
    );
}
