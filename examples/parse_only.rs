//! Parse-only throughput, to compare pest versions on the same files:
//! `cargo run --release --example parse_only -- DIR [ROUNDS]`.
//! Reads every `*.plan` below DIR once, then parses them all ROUNDS times (default 5) and
//! prints the best round's MB/s.

use std::path::{Path, PathBuf};
use std::time::Instant;

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|x| x == "plan") {
            out.push(path);
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().expect("a folder of .plan files"));
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let mut files = Vec::new();
    collect(&dir, &mut files);
    let texts: Vec<String> = files
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut best = f64::MAX;
    for _ in 0..rounds {
        let start = Instant::now();
        let mut ok = 0;
        for text in &texts {
            ok += usize::from(plan::syntax::parse(text).is_ok());
        }
        best = best.min(start.elapsed().as_secs_f64());
        assert!(ok > 0, "nothing parsed");
    }
    let mb = bytes as f64 / 1e6;
    println!(
        "{} files, {mb:.1} MB, best of {rounds}: {best:.3} s, {:.1} MB/s",
        texts.len(),
        mb / best
    );
}
