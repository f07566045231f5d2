//! CI smoke run of the benchmark harness at 10k people: every measurement still runs, and the
//! byte budgets (which do not depend on machine speed) hold. Timing targets are checked only by
//! the full run (`cargo bench --bench perf`, see BENCHMARKS.md).

#[path = "../benches/perf/harness.rs"]
mod harness;

#[test]
fn harness_runs_at_10k_and_byte_budgets_hold() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = harness::Config {
        sizes: vec![10_000],
        runs: 1,
        dir: dir.path().to_path_buf(),
        bin: env!("CARGO_BIN_EXE_caseload").into(),
        today: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"),
        import_max: 2_000,
    };
    let figures = harness::run(&config);
    let get = |measure: &str| {
        figures
            .iter()
            .find(|f| f.measure.starts_with(measure))
            .unwrap_or_else(|| panic!("no figure {measure}"))
    };
    // No cell changed: only the synchronized-output markers and cursor state.
    assert!(get("redraw with nothing changed, bytes, 80x24").p95 <= 64.0);
    assert!(get("selection move bytes, 80x24").p95 <= 600.0);
    // One-row scroll: the terminal scrolls the list itself (`tui::scroll`); ~330 B measured.
    // At 200x50 the selected person's detail beside the list is repainted too (~3.4-3.9 KB;
    // ~4.3-4.9 KB since the page carries the law's version and its notices under the reasons).
    assert!(get("scroll one row bytes, 80x24").p95 <= 400.0);
    assert!(get("scroll one row bytes, 200x50").p95 <= 5_500.0);
    assert!(get("cold `list --limit 20`").median > 0.0);
}
