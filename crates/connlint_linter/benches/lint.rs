//! Micro benchmarks of the scan's stages on the fixture connectors, in bytes per second:
//! parse, model, walk, secrets engine, each rule family and the whole `lint()`.
//!
//! `cargo bench -p connlint_linter`. The whole-process comparison with other scanners
//! is `benches/compare.py`.

use std::hint::black_box;
use std::path::Path;

use connlint_linter::secrets::SecretsEngine;
use connlint_linter::syntax::{new_parser, parse, Connector, References, SourceFile};
use connlint_linter::{lint, RuleSelector, Settings};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn corpus() -> Vec<SourceFile> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/connectors");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rb"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| SourceFile::new(p.to_string_lossy(), std::fs::read_to_string(&p).unwrap()))
        .collect()
}

fn stages(c: &mut Criterion) {
    let files = corpus();
    let bytes: usize = files.iter().map(|f| f.text().len()).sum();
    let mut group = c.benchmark_group("stages");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);

    let mut parser = new_parser();
    group.bench_function("parse", |b| {
        b.iter(|| {
            for f in &files {
                black_box(parse(&mut parser, f.text()));
            }
        })
    });
    let trees: Vec<_> = files
        .iter()
        .map(|f| parse(&mut parser, f.text()).unwrap())
        .collect();
    group.bench_function("model", |b| {
        b.iter(|| {
            for (f, t) in files.iter().zip(&trees) {
                black_box(Connector::find(t, f.text()).map(|c| c.hash.entries.len()));
            }
        })
    });
    group.bench_function("walk+references", |b| {
        b.iter(|| {
            for (f, t) in files.iter().zip(&trees) {
                black_box(References::collect(t, f.text()).all.len());
            }
        })
    });
    let engine = SecretsEngine::builtin();
    group.bench_function("secrets-engine", |b| {
        b.iter(|| {
            for f in &files {
                black_box(engine.candidates(f.text()).len());
            }
        })
    });
    for (name, selector) in [
        (
            "rules/security",
            RuleSelector::Category(connlint_linter::diagnostics::Category::Security),
        ),
        (
            "rules/correctness",
            RuleSelector::Category(connlint_linter::diagnostics::Category::Correctness),
        ),
        (
            "rules/documentation",
            RuleSelector::Category(connlint_linter::diagnostics::Category::Documentation),
        ),
        (
            "rules/style",
            RuleSelector::Category(connlint_linter::diagnostics::Category::Style),
        ),
    ] {
        let settings = Settings::new(&[selector], &[], &[]).unwrap();
        group.bench_function(name, |b| {
            b.iter(|| {
                for f in &files {
                    black_box(lint(f, &settings).len());
                }
            })
        });
    }
    let all = Settings::default();
    group.bench_function("lint/all-rules", |b| {
        b.iter(|| {
            for f in &files {
                black_box(lint(f, &all).len());
            }
        })
    });
    group.finish();
}

/// Pathological shapes at growing sizes: constant throughput across sizes shows that
/// time grows linearly, so no per-file time limit is needed.
fn pathological(c: &mut Criterion) {
    let settings = Settings::default();
    type Shape = (&'static str, fn(usize) -> String);
    let shapes: [Shape; 3] = [
        ("deep-nesting", |n| {
            format!(
                "{{ title: 'A', x: {}1{} }}\n",
                "{ a: [".repeat(n),
                "] }".repeat(n)
            )
        }),
        ("long-line", |n| {
            format!("{{ title: 'A', x: '{}' }}\n", "ab".repeat(n * 8))
        }),
        ("heredoc", |n| {
            format!(
                "{{ title: 'A', x: <<~T\n{}T\n}}\n",
                "a line of text\n".repeat(n)
            )
        }),
    ];
    for (name, make) in shapes {
        let mut group = c.benchmark_group(format!("pathological/{name}"));
        group.sample_size(10);
        for n in [1_000, 2_000, 4_000, 8_000] {
            let text = make(n);
            group.throughput(Throughput::Bytes(text.len() as u64));
            let source = SourceFile::new("p.rb", text);
            group.bench_function(n.to_string(), |b| {
                b.iter(|| black_box(lint(&source, &settings).len()))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, stages, pathological);
criterion_main!(benches);
