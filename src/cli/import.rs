//! `caseload import` and `caseload generate`: the two bulk writes. A CSV is read and validated
//! whole before the write lock is taken (a dry run writes nothing); `generate` writes a
//! synthetic caseload. Both tune the allocator for a bulk insert and say how many people were
//! already present.

use super::{Settings, likely, say};
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

/// How `caseload import` runs: check only, and what to do with likely duplicates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::Args)]
pub struct ImportMode {
    /// Check the file and report what would be added (and the likely duplicates), without
    /// writing
    #[arg(long)]
    pub dry_run: bool,
    /// Leave out the rows that may be someone already in the caseload or an earlier row
    #[arg(long)]
    pub skip_likely_duplicates: bool,
}

/// `caseload import`: see [`import_file`].
pub(super) fn run(
    context: &Settings,
    file: &Path,
    mode: ImportMode,
    today: NaiveDate,
) -> Result<()> {
    keep_heap_for_bulk_writes();
    import_file(context, file, mode, today)
}

/// Imports a CSV: every error reported, nothing written unless the whole file is valid. Rows
/// that may be people already in the caseload are listed as warnings, line by line, and
/// imported all the same unless `--skip-likely-duplicates`.
fn import_file(context: &Settings, file: &Path, mode: ImportMode, today: NaiveDate) -> Result<()> {
    // The whole file is parsed and validated before the write lock is taken, so others' saves
    // wait only for the insert (not the parsing), and a bad file never takes the lock at all.
    // The insert is still one transaction: all rows or none.
    let rows = import::read_csv_lines_as_of(file, today)?;
    let weights = context.weights()?;
    for (_, record) in &rows {
        warn_law(file, record, today, &weights);
    }
    let path = config::database_path(context.db.as_deref())?;
    let mut store = match (mode.dry_run, path.exists()) {
        (true, false) => None,
        (true, true) => Some(Store::open(&path, OpenMode::MustExist)?),
        (false, _) => Some(context.open(OpenMode::CreateIfMissing)?),
    };
    let checked = check_rows(store.as_ref(), file, rows, mode, today)?;
    let Some(store) = store.as_mut().filter(|_| !mode.dry_run) else {
        say::out(format_args!(
            "{}: {} valid rows: would import {} people{}{}; nothing written (dry run)",
            file.display(),
            checked.valid,
            checked.to_add.len(),
            already(checked.present),
            skipped(checked.skipped, mode)
        ));
        return Ok(());
    };
    let outcome = store.insert_all(checked.to_add)?;
    say::out(format_args!(
        "{}: imported {} people into {}{}{}",
        file.display(),
        outcome.added,
        store.path().display(),
        already(outcome.already_present),
        skipped(checked.skipped, mode)
    ));
    Ok(())
}

/// The rows of a valid file sorted out: what to insert, how many are already stored, and how
/// many likely duplicates were left out.
struct Checked {
    valid: usize,
    to_add: Vec<Record>,
    present: usize,
    skipped: usize,
}

/// Warns, line by line, about rows that may be people already stored or earlier rows, and
/// leaves them out under `--skip-likely-duplicates`. Rows already stored (the same person on
/// the same case) are left for the insert to skip, as before.
fn check_rows(
    store: Option<&Store>,
    file: &Path,
    rows: Vec<(u64, Record)>,
    mode: ImportMode,
    today: NaiveDate,
) -> Result<Checked> {
    let valid = rows.len();
    let (mut fresh, mut present_rows) = match store {
        Some(store) => {
            let mut fresh = Vec::with_capacity(rows.len());
            let mut present = Vec::new();
            for (line, record) in rows {
                match store.count_present(std::slice::from_ref(&record))? {
                    0 => fresh.push((line, record)),
                    _ => present.push(record),
                }
            }
            (fresh, present)
        }
        None => (rows, Vec::new()),
    };
    let warnings = likely::for_import(store, &fresh, today)?;
    let mut skip = vec![false; fresh.len()];
    for warning in &warnings {
        let action = if mode.skip_likely_duplicates {
            skip[warning.row] = true;
            "not imported (--skip-likely-duplicates)"
        } else {
            "imported as a new person"
        };
        for text in &warning.matches {
            say::err(format_args!("{}:{}: {text}", file.display(), warning.line));
        }
        say::err(format_args!(
            "{}:{}: {action}",
            file.display(),
            warning.line
        ));
    }
    let skipped = skip.iter().filter(|&&s| s).count();
    let mut at = 0;
    fresh.retain(|_| {
        at += 1;
        !skip[at - 1]
    });
    let present = present_rows.len();
    // The stored rows go to the insert too, which counts them as already present.
    let mut to_add: Vec<Record> = fresh.into_iter().map(|(_, r)| r).collect();
    if !mode.dry_run {
        to_add.append(&mut present_rows);
    }
    Ok(Checked {
        valid,
        to_add,
        present,
        skipped,
    })
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

fn skipped(count: usize, mode: ImportMode) -> String {
    match (count, mode.skip_likely_duplicates) {
        (0, _) | (_, false) => String::new(),
        (n, true) => format!(" ({n} likely duplicates left out)"),
    }
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
