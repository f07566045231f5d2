//! `caseload import` and `caseload generate`: the two bulk writes. A CSV is read and validated
//! whole before the write lock is taken (a dry run writes nothing); `generate` writes a
//! synthetic caseload. Both tune the allocator for a bulk insert and say how many people were
//! already present.

use super::{Settings, say};
use crate::config;
use crate::domain::demo;
use crate::domain::model::Record;
use crate::domain::weights::Weights;
use crate::import;
use crate::store::{OpenMode, Store};
use anyhow::Result;
use chrono::NaiveDate;
use std::path::Path;

/// `caseload generate`: writes `rows` synthetic people (deterministic for `seed`) into --db.
pub(super) fn generate(context: &Settings, rows: usize, seed: u64, today: NaiveDate) -> Result<()> {
    keep_heap_for_bulk_writes();
    let mut store = context.open(OpenMode::CreateIfMissing)?;
    let started = std::time::Instant::now();
    let outcome = store.insert_all(demo::generate(rows, seed, today))?;
    let seconds = started.elapsed().as_secs_f64();
    say::err(format_args!(
        "generated {} people into {} in {seconds:.2} s ({:.0} people/s){}",
        outcome.added,
        store.path().display(),
        outcome.added as f64 / seconds.max(1e-9),
        already(outcome.already_present),
    ));
    Ok(())
}

/// `caseload import`: see [`import_file`].
pub(super) fn run(context: &Settings, file: &Path, dry_run: bool, today: NaiveDate) -> Result<()> {
    keep_heap_for_bulk_writes();
    import_file(context, file, dry_run, today)
}

/// Imports a CSV: every error reported, nothing written unless the whole file is valid.
fn import_file(context: &Settings, file: &Path, dry_run: bool, today: NaiveDate) -> Result<()> {
    if dry_run {
        return dry_run_import(context, file, today);
    }
    // The whole file is parsed and validated before the write lock is taken, so others' saves
    // wait only for the insert (not the parsing), and a bad file never takes the lock at all.
    // The insert is still one transaction: all rows or none.
    let records = import::read_csv_as_of(file, today)?;
    let weights = context.weights()?;
    for record in &records {
        warn_law(file, record, today, &weights);
    }
    let mut store = context.open(OpenMode::CreateIfMissing)?;
    let outcome = store.insert_all(records)?;
    say::out(format_args!(
        "{}: imported {} people into {}{}",
        file.display(),
        outcome.added,
        store.path().display(),
        already(outcome.already_present)
    ));
    Ok(())
}

/// Prints the law warnings of one imported record (a capital charge after the 2023 amendment, a
/// Sindh 2024 case before the Act…) on standard error, naming the person: they are imported.
fn warn_law(file: &Path, record: &Record, today: NaiveDate, weights: &Weights) {
    for warning in crate::domain::validate::law_warnings(record, today, weights) {
        eprintln!(
            "{}: warning: {}: {}",
            file.display(),
            crate::domain::text::sanitize(&record.detainee.name),
            warning
        );
    }
}

/// Validates the whole file and says how many people an import would add; writes nothing.
fn dry_run_import(context: &Settings, file: &Path, today: NaiveDate) -> Result<()> {
    let records: Vec<Record> = import::read_csv_as_of(file, today)?;
    let weights = context.weights()?;
    for record in &records {
        warn_law(file, record, today, &weights);
    }
    let path = config::database_path(context.db.as_deref())?;
    let present = if path.exists() {
        Store::open(&path, OpenMode::MustExist)?.count_present(&records)?
    } else {
        0
    };
    say::out(format_args!(
        "{}: {} valid rows: would import {} people{}; nothing written (dry run)",
        file.display(),
        records.len(),
        records.len() - present,
        already(present)
    ));
    Ok(())
}

/// Bulk inserts make SQLite's page cache allocate and free pages by the million; glibc then
/// returns memory to the OS and asks for it again with `brk` each time. Keeping freed memory
/// (no trim, 64 MB top pad) halved a 1M-person generate. Process-wide, so only for bulk commands.
fn keep_heap_for_bulk_writes() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets allocator tunables; called before any threads are started.
    unsafe {
        libc::mallopt(libc::M_TRIM_THRESHOLD, i32::MAX);
        libc::mallopt(libc::M_TOP_PAD, 64 << 20);
    }
}

fn already(count: usize) -> String {
    match count {
        0 => String::new(),
        n => format!(" ({n} already present, left as they were)"),
    }
}
