//! Helpers for end-to-end tests of the built binary in a temporary directory: a `caseload`
//! command that sees only that directory, a generated demo database, a CSV written there, and
//! output that must (or must not) succeed.

#![allow(dead_code)] // each test file uses its own share of these

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

pub const TODAY: &str = "2026-12-01";

/// `caseload --today DATE` that sees only `dir`: home, config and data inside it, and none of
/// the caller's `CASELOAD_*` settings. No `--db`: the test names the file.
pub fn caseload_on(dir: &Path, today: &str) -> Command {
    let mut cmd = Command::cargo_bin("caseload").expect("binary");
    cmd.current_dir(dir)
        .env_remove("CASELOAD_DB")
        .env_remove("CASELOAD_THRESHOLD")
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .args(["--today", today]);
    cmd
}

/// `caseload --today TODAY --db DIR/clinic.db`, with home, config and data inside `dir`.
pub fn caseload(dir: &Path) -> Command {
    let mut cmd = caseload_on(dir, TODAY);
    cmd.arg("--db").arg(dir.join("clinic.db"));
    cmd
}

/// A temporary directory whose clinic.db holds `rows` demo people (seed 7).
pub fn generated(rows: usize) -> TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    caseload(dir.path())
        .args(["generate", "--rows", &rows.to_string(), "--seed", "7"])
        .assert()
        .success();
    dir
}

/// Writes `text` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write file");
    path
}

/// Runs `cmd`, which must succeed; returns (stdout, stderr).
pub fn ok(cmd: &mut Command) -> (String, String) {
    let output = cmd.output().expect("runs");
    let (out, err) = texts(&output);
    assert!(output.status.success(), "failed: {err}");
    (out, err)
}

/// Runs `cmd`, which must fail; returns stderr.
pub fn fails(cmd: &mut Command) -> String {
    let output = cmd.output().expect("runs");
    let (out, err) = texts(&output);
    assert!(!output.status.success(), "succeeded: {out}{err}");
    err
}

fn texts(output: &std::process::Output) -> (String, String) {
    (
        String::from_utf8(output.stdout.clone()).expect("utf8 stdout"),
        String::from_utf8(output.stderr.clone()).expect("utf8 stderr"),
    )
}

/// How many people the database holds (archived or not), through `list --format json`.
pub fn count(dir: &Path) -> usize {
    let (out, _) = ok(caseload(dir).args(["list", "--format", "json"]));
    let rows: serde_json::Value = serde_json::from_str(&out).expect("json");
    rows.as_array().expect("array").len()
}

/// Name → id of everyone in custody, through `list --format json`.
pub fn ids_by_name(dir: &Path) -> std::collections::HashMap<String, i64> {
    let (out, _) = ok(caseload(dir).args(["list", "--format", "json"]));
    let rows: serde_json::Value = serde_json::from_str(&out).expect("json");
    rows.as_array()
        .expect("array")
        .iter()
        .map(|r| {
            let name = r["name"].as_str().expect("name").to_string();
            (name, r["id"].as_i64().expect("id"))
        })
        .collect()
}
