//! What the command-line tests of issue 14 share: the built binary on a demo caseload in a
//! temporary directory, and reading its JSON list.
#![allow(dead_code)]

#[path = "../support/mod.rs"]
mod support;

use assert_cmd::Command;
use chrono::NaiveDate;
use serde_json::Value;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

pub const TODAY: &str = "2026-12-01";

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).expect("date")
}

/// `caseload --today TODAY --db DB` that sees only `dir` ([`support::caseload_on`]).
pub fn caseload(dir: &Path, db: &Path) -> Command {
    let mut cmd = support::caseload_on(dir, TODAY);
    cmd.args(["--db", db.to_str().expect("utf8")]);
    cmd
}

/// A demo caseload of `rows` people in a fresh directory.
pub fn generated(rows: &str) -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("clinic.db");
    caseload(dir.path(), &db)
        .args(["generate", "--rows", rows, "--seed", "7"])
        .assert()
        .success();
    (dir, db)
}

pub fn run_ok(cmd: &mut Command) -> String {
    let output = cmd.output().expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf8")
}

pub fn list_json(dir: &Path, db: &Path, args: &[&str]) -> Vec<Value> {
    let text = run_ok(
        caseload(dir, db)
            .args(["list", "--format", "json"])
            .args(args),
    );
    serde_json::from_str::<Vec<Value>>(&text).expect("json")
}

pub fn ids_of(rows: &[Value]) -> Vec<i64> {
    rows.iter().map(|r| r["id"].as_i64().expect("id")).collect()
}

pub fn contains(text: Option<&str>, needle: &str) -> bool {
    text.is_some_and(|t| t.to_lowercase().contains(needle))
}
