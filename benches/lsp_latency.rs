//! Edit-to-diagnostics latency of the language server on a generated 1,000-measure plan:
//! apply one incremental edit to the open document, re-parse, re-resolve, run every check
//! and convert the findings to LSP diagnostics — all `plan lsp` does between a
//! `didChange` and its `publishDiagnostics` (docs/performance.md, "Editor latency").
//!
//! `cargo bench --bench lsp_latency`

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use plan::i18n::Lang;
use plan::lsp::{diagnostics, Document, Encoding};
use plan::model::Loader;
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent, Uri};

/// A plan of `sections` × 10 measures, each with an owner, a deadline, two targets and
/// (after the first) a dependency; Chinese names throughout.
pub fn generated(sections: usize) -> String {
    let mut s = String::from(
        "plan \"生成的计划\" {\n  issued 2025-01-10\n  period 2025\n  issuer 局0\n}\n\nowners {\n",
    );
    for o in 0..20 {
        s.push_str(&format!("  局{o} \"某市第{o}局\" aka \"第{o}局\"\n"));
    }
    s.push_str("}\n\n");
    for m in 0..50 {
        s.push_str(&format!("metric 指标{m} \"第{m}项指标\" in 亿元\n"));
    }
    for sec in 0..sections {
        s.push_str(&format!(
            "\nsection 节{sec} \"第{sec}节\" {{\n  owner 局{}\n",
            sec % 20
        ));
        for i in 0..10 {
            let id = sec * 10 + i;
            s.push_str(&format!("  measure 措施{id} \"第{id}项措施\" {{\n"));
            s.push_str(&format!("    owner 局{}, 局{}\n", id % 20, (id + 1) % 20));
            // Each measure comes after the one before it, so none may be due earlier (D203),
            // and its targets' `by` dates fall before it (D205).
            s.push_str("    deadline 2025-12\n");
            if id > 0 {
                s.push_str(&format!("    after 措施{}\n", id - 1));
            }
            s.push_str(&format!(
                "    target 指标{} >= {} 亿元\n",
                id % 50,
                100 + id
            ));
            s.push_str(&format!(
                "    target 新增指标{id} >= 5 家 by 2025-06 # 注释\n"
            ));
            s.push_str("  }\n");
        }
        s.push_str("}\n");
    }
    s
}

fn edit_to_diagnostics(c: &mut Criterion) {
    let text = generated(100);
    let measures = text.matches("  measure ").count();
    assert_eq!(measures, 1000);
    let loader = Loader::new();
    let path = std::env::temp_dir().join("plan-bench").join("生成.plan");
    let Some(uri) = Uri::from_file_path(&path) else {
        panic!("no URI for {}", path.display());
    };
    let doc = Document::open(&loader, uri.clone(), 1, text.clone(), Encoding::Utf16, None);
    let found = diagnostics(&doc, Lang::En);
    assert!(
        found.is_empty(),
        "the generated plan checks clean, not {:?}",
        found
            .iter()
            .map(|d| (&d.code, &d.message))
            .take(3)
            .collect::<Vec<_>>()
    );
    // Type one digit into a target in the middle of the file (`>= 600` → `>= 6000`).
    let middle = text.find(">= 600 亿元").map(|i| i + 6).unwrap_or(0);
    let at = doc.position(middle);
    let edit = TextDocumentContentChangeEvent {
        range: Some(Range::new(at, Position::new(at.line, at.character))),
        range_length: None,
        text: "0".to_string(),
    };
    let mut group = c.benchmark_group("lsp");
    group.sample_size(30);
    group.bench_function("edit_to_diagnostics_1000_measures", |b| {
        b.iter(|| {
            let text = doc.apply_changes(std::slice::from_ref(&edit));
            let next = Document::open(&loader, uri.clone(), 2, text, Encoding::Utf16, Some(&doc));
            black_box(diagnostics(&next, Lang::En))
        })
    });
    group.bench_function("format_1000_measures", |b| {
        b.iter(|| black_box(plan::format::format(&text)))
    });
    group.finish();
}

criterion_group!(benches, edit_to_diagnostics);
criterion_main!(benches);
