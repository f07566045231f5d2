//! `cargo bench --bench filters [-- SIZES...]`: issue 14's command-line figures for
//! BENCHMARKS.md. Times the real release binary cold (a new process per run, page cache warm):
//! `list` with and without `--filter "court:multan band:critical"` (the example; the demo
//! data has no Multan court, so also a Lahore filter that keeps people), both cut to 20 rows and
//! in full as CSV, and at 100k and below `export` of everyone and a bulk `update --dry-run`.
//! Environment: BENCH_DIR (default /tmp/caseload-bench), BENCH_RUNS (default 5),
//! BENCH_TODAY (default 2026-12-01).

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

const MULTAN: &str = "court:multan band:critical";
const LAHORE: &str = "court:lahore band:critical";

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .filter_map(|a| a.replace(['_', ','], "").parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![100_000, 1_000_000]
    } else {
        sizes
    };
    let env = |name: &str, default: &str| std::env::var(name).unwrap_or_else(|_| default.into());
    let runs: usize = env("BENCH_RUNS", "5").parse().unwrap_or(5);
    let dir = PathBuf::from(env("BENCH_DIR", "/tmp/caseload-bench"));
    let today = env("BENCH_TODAY", "2026-12-01");
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_caseload"));
    std::fs::create_dir_all(&dir).unwrap();
    println!("| people | command | median (ms) | p95 (ms) | rows out |");
    println!("| --- | --- | --- | --- | --- |");
    for size in sizes {
        let db = database(&bin, &dir, size, &today);
        let db = db.to_str().unwrap();
        let base = ["--db", db, "--today", &today];
        let out = dir.join("filters-export.csv");
        let out = out.to_str().unwrap();
        let mut cases: Vec<(String, Vec<&str>)> = vec![
            ("list --limit 20".into(), vec!["list", "--limit", "20"]),
            (
                format!("list --filter \"{MULTAN}\" --limit 20"),
                vec!["list", "--filter", MULTAN, "--limit", "20"],
            ),
            (
                format!("list --filter \"{LAHORE}\" --limit 20"),
                vec!["list", "--filter", LAHORE, "--limit", "20"],
            ),
            (
                "list --format csv (everyone)".into(),
                vec!["list", "--format", "csv"],
            ),
            (
                format!("list --filter \"{MULTAN}\" --format csv"),
                vec!["list", "--filter", MULTAN, "--format", "csv"],
            ),
            (
                format!("list --filter \"{LAHORE}\" --format csv"),
                vec!["list", "--filter", LAHORE, "--format", "csv"],
            ),
            (
                "list --sort days --limit 20".into(),
                vec!["list", "--sort", "days", "--limit", "20"],
            ),
        ];
        if size <= 100_000 {
            cases.push((
                "export --format csv (everyone, with health)".into(),
                vec![
                    "export",
                    "--format",
                    "csv",
                    "--include-health",
                    "--force",
                    "--out",
                    out,
                ],
            ));
            cases.push((
                format!("update --filter \"{LAHORE}\" lawyer=X --dry-run"),
                vec!["update", "--filter", LAHORE, "lawyer=X", "--dry-run"],
            ));
        }
        for (label, args) in cases {
            let all: Vec<&str> = base.iter().copied().chain(args).collect();
            let (median, p95, lines) = time(&bin, &all, runs);
            println!("| {size} | `{label}` | {median:.0} | {p95:.0} | {lines} |");
        }
        if size <= 100_000 {
            bulk_update(&bin, &dir, Path::new(db), &today, size);
        }
    }
}

/// One real bulk update on a copy of the caseload (a second run would change nobody): the
/// people of one court with no lawyer get one, each saved with its version check and audit.
fn bulk_update(bin: &Path, dir: &Path, db: &Path, today: &str, size: usize) {
    let copy = dir.join(format!("filters-{size}-bulk.db"));
    std::fs::copy(db, &copy).unwrap();
    let filter = "court:lahore -has:lawyer";
    let started = Instant::now();
    let output = Command::new(bin)
        .args(["--db", copy.to_str().unwrap(), "--today", today])
        .args(["update", "--filter", filter, "lawyer=Bench Lawyer"])
        .output()
        .unwrap();
    let ms = started.elapsed().as_secs_f64() * 1e3;
    assert!(output.status.success());
    let said = String::from_utf8_lossy(&output.stdout);
    println!(
        "| {size} | `update --filter \"{filter}\" lawyer=…` (one run: {}) | {ms:.0} | {ms:.0} | 1 |",
        said.trim()
    );
    let _ = std::fs::remove_file(&copy);
}

/// A generated caseload of `size` people, reused when it is already there.
fn database(bin: &Path, dir: &Path, size: usize, today: &str) -> PathBuf {
    let db = dir.join(format!("filters-{size}.db"));
    if !db.exists() {
        let status = Command::new(bin)
            .args(["--db", db.to_str().unwrap(), "--today", today, "generate"])
            .args(["--rows", &size.to_string(), "--seed", "7"])
            .status()
            .unwrap();
        assert!(status.success(), "generate {size}");
    }
    db
}

/// Median and p95 wall time of `runs` cold runs, and the lines the last one printed.
fn time(bin: &Path, args: &[&str], runs: usize) -> (f64, f64, usize) {
    let mut samples = Vec::new();
    let mut lines = 0;
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        let output = Command::new(bin)
            .args(args)
            .stderr(Stdio::null())
            .output()
            .unwrap();
        samples.push(started.elapsed().as_secs_f64() * 1e3);
        assert!(output.status.success(), "{args:?}");
        lines = output.stdout.iter().filter(|&&b| b == b'\n').count();
    }
    samples.sort_by(f64::total_cmp);
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.95), lines)
}
