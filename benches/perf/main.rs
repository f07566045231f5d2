//! `cargo bench --bench perf [-- SIZES...]`: the full benchmark run of BENCHMARKS.md.
//! Environment: BENCH_DIR (databases, default /tmp/caseload-bench), BENCH_RUNS (default 5),
//! BENCH_IMPORT_MAX (largest import size, default 100000), BENCH_TODAY (default 2026-12-01).

mod harness;

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .filter_map(|a| a.replace(['_', ','], "").parse().ok())
        .collect();
    let env = |name: &str, default: &str| std::env::var(name).unwrap_or_else(|_| default.into());
    let config = harness::Config {
        sizes: if sizes.is_empty() {
            vec![10_000, 100_000, 1_000_000]
        } else {
            sizes
        },
        runs: env("BENCH_RUNS", "5").parse().unwrap_or(5),
        dir: env("BENCH_DIR", "/tmp/caseload-bench").into(),
        bin: env!("CARGO_BIN_EXE_caseload").into(),
        today: env("BENCH_TODAY", "2026-12-01").parse().unwrap_or_default(),
        import_max: env("BENCH_IMPORT_MAX", "100000").parse().unwrap_or(100_000),
    };
    let figures = harness::run(&config);
    println!("{}", harness::TABLE_HEAD);
    for figure in &figures {
        println!("{}", harness::row(figure));
    }
}
