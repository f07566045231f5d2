//! `caseload report` end to end (issue 15 §5): the HTML and PDF documents are written
//! owner-only, recorded in the audit trail, and read back: the HTML parsed (tl) for its
//! sections, SVG bars and embedded font; the PDF's text extracted (pdf-extract) for the
//! headline, the tables and the trend. The anonymised report holds no count under 5.

use assert_cmd::Command;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

mod support;

use support::TODAY;

fn caseload(dir: &Path) -> Command {
    support::caseload_on(dir, TODAY)
}

fn demo(rows: &str) -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("clinic.db");
    caseload(dir.path())
        .args([
            "--db",
            db.to_str().expect("utf8"),
            "generate",
            "--rows",
            rows,
            "--seed",
            "5",
        ])
        .assert()
        .success();
    (dir, db)
}

fn report(dir: &Path, db: &Path, out: &Path, args: &[&str]) {
    caseload(dir)
        .args(["--db", db.to_str().expect("utf8"), "report", "--out"])
        .arg(out)
        .args(args)
        .assert()
        .success();
    let mode = std::fs::metadata(out)
        .expect("written")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600, "owner-only");
}

fn in_custody(dir: &Path, db: &Path) -> u64 {
    let out = caseload(dir)
        .args([
            "--db",
            db.to_str().expect("utf8"),
            "stats",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    v["in_custody"].as_u64().expect("count")
}

fn exports_in_audit(dir: &Path, db: &Path, id: &str) -> String {
    let out = caseload(dir)
        .args(["--db", db.to_str().expect("utf8"), "history", id])
        .output()
        .expect("runs");
    String::from_utf8(out.stdout).expect("utf8")
}

#[test]
fn html_report_has_every_part_as_real_graphics() {
    let (dir, db) = demo("250");
    let out = dir.path().join("report.html");
    report(dir.path(), &db, &out, &["--format", "html"]);
    let text = std::fs::read_to_string(&out).expect("read");
    let dom = tl::parse(&text, tl::ParserOptions::default()).expect("html parses");
    let parser = dom.parser();
    let headings: Vec<String> = dom
        .query_selector("h2")
        .expect("selector")
        .filter_map(|h| h.get(parser))
        .map(|h| h.inner_text(parser).to_string())
        .collect();
    for wanted in [
        "Headline",
        "Time in custody (calendar months from arrest)",
        "By prison",
        "By court (of the next hearing)",
        "Trend, last 12 months",
    ] {
        assert!(
            headings.iter().any(|h| h == wanted),
            "{wanted} in {headings:?}"
        );
    }
    assert!(
        text.contains("<td>Central Jail Karachi</td>"),
        "the by-prison table names the prisons"
    );
    let bars = dom.query_selector("rect.bar").expect("selector").count();
    assert!(bars >= 1, "custody bands drawn as SVG rectangles");
    assert!(text.contains("@font-face") && text.contains("data:font/ttf;base64,"));
    assert!(!text.contains("src=\"http"), "nothing from the network");
    let total = in_custody(dir.path(), &db).to_string();
    let first_dd = dom
        .query_selector("dd")
        .expect("selector")
        .next()
        .and_then(|h| h.get(parser))
        .map(|h| h.inner_text(parser).to_string());
    assert_eq!(
        first_dd,
        Some(total),
        "the headline's first number is the stats count"
    );
    assert!(exports_in_audit(dir.path(), &db, "1").contains("HTML statistics report"));
}

#[test]
fn pdf_report_reads_back_and_is_audited() {
    let (dir, db) = demo("250");
    let out = dir.path().join("report.pdf");
    report(dir.path(), &db, &out, &["--format", "pdf"]);
    let bytes = std::fs::read(&out).expect("read");
    assert!(bytes.starts_with(b"%PDF"));
    assert!(
        bytes.windows(9).any(|w| w == b"/FontFile"),
        "the font is embedded"
    );
    let text = pdf_extract::extract_text_from_mem(&bytes).expect("text extracts");
    for wanted in [
        "Caseload statistics",
        "People in custody",
        "Time in custody",
        "By prison",
        "By court",
        "Trend, last 12 months",
        "page 1 of",
        "Central Jail",
    ] {
        assert!(text.contains(wanted), "{wanted} in the PDF text:\n{text}");
    }
    assert!(text.contains(&in_custody(dir.path(), &db).to_string()));
    assert!(exports_in_audit(dir.path(), &db, "1").contains("PDF statistics report"));
}

#[test]
fn anonymised_report_has_no_small_count_and_no_exact_date() {
    let (dir, db) = demo("250");
    let out = dir.path().join("anon.html");
    report(dir.path(), &db, &out, &["--format", "html", "--anonymised"]);
    let text = std::fs::read_to_string(&out).expect("read");
    let dom = tl::parse(&text, tl::ParserOptions::default()).expect("html parses");
    let parser = dom.parser();
    let mut numbers = 0;
    for cell in dom.query_selector("td, dd").expect("selector") {
        let Some(node) = cell.get(parser) else {
            continue;
        };
        let value = node.inner_text(parser).to_string();
        if let Ok(n) = value.trim().parse::<u64>() {
            numbers += 1;
            assert!(n >= 5, "a published count {n} under 5");
        }
    }
    assert!(numbers > 0);
    assert!(text.contains("&lt;5"), "small counts shown as <5");
    assert!(!text.contains(TODAY), "the month only, never the day");
    assert!(text.contains("2026-12"));
    let pdf_out = dir.path().join("anon.pdf");
    report(
        dir.path(),
        &db,
        &pdf_out,
        &["--format", "pdf", "--anonymised"],
    );
    let pdf_text =
        pdf_extract::extract_text_from_mem(&std::fs::read(&pdf_out).expect("read")).expect("text");
    assert!(pdf_text.contains("Anonymised"), "{pdf_text}");
}

#[test]
fn report_refuses_bad_input_and_existing_files() {
    let (dir, db) = demo("20");
    let out = dir.path().join("r.html");
    std::fs::write(&out, "keep me").expect("write");
    let cases: [(&[&str], &str); 3] = [
        (&["--format", "html"], "already exists; pass --force"),
        (
            &["--format", "html", "--filter", "cort:x", "--force"],
            "--filter: unknown field",
        ),
        (
            &[
                "--format",
                "pdf",
                "--anonymised",
                "--threshold",
                "1",
                "--force",
            ],
            "below the minimum of 3",
        ),
    ];
    for (args, message) in cases {
        let output = caseload(dir.path())
            .args(["--db", db.to_str().expect("utf8"), "report", "--out"])
            .arg(&out)
            .args(args)
            .output()
            .expect("runs");
        assert!(!output.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&output.stderr);
        assert!(err.contains(message), "{args:?}: {err}");
        assert_eq!(std::fs::read_to_string(&out).expect("read"), "keep me");
    }
}
