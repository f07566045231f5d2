//! Issue 10 point 6: one ranking order everywhere. People with equal scores are ordered by the
//! earlier statutory-bail date, then the longer custody, then the lower id, in `list`, the day
//! sheet (`checklist --date`), the TUI list and the domain's own ranking.

use assert_cmd::Command;
use caseload::domain::checklist::{Privacy, Rules};
use caseload::domain::daysheet::{DayFilter, day_sheet};
use caseload::domain::triage::rank;
use caseload::domain::weights::Weights;
use chrono::NaiveDate;
use std::path::Path;

const TODAY: &str = "2026-12-01";
const DAY: &str = "2026-12-03";

/// Everyone scores 60: custody and womanhood weigh nothing here, every adult's statutory bail is
/// due (+30, +15 for the hearing, lifted to the "high" floor of 60), the juvenile has 45 + 15.
/// Ids follow the file order, which is neither the expected order nor the custody order.
const CSV: &str = "name,gender,age,arrest_date,next_hearing,stage,bail_status,lawyer,court
Zeeshan Ahmed,male,17,2026-08-23,2026-12-03,trial,pending,Sana Malik,ASJ Court 3
Wafa Bibi,female,30,2026-03-01,2026-12-03,trial,pending,Sana Malik,ASJ Court 3
Mehmood Khan,male,30,2025-11-20,2026-12-03,trial,pending,Sana Malik,ASJ Court 3
Yasir Ali,male,30,2025-11-01,2026-12-03,trial,pending,Sana Malik,ASJ Court 3
Umar Farooq,male,30,2025-09-01,2026-12-03,trial,pending,Sana Malik,ASJ Court 3
Kashif Iqbal,male,30,2025-11-01,2026-12-03,trial,pending,Sana Malik,ASJ Court 3
";

const WEIGHTS: &str = "[points]\ncustody_per_year = 0\nwoman = 0\n";

/// Umar and Wafa share the earliest statutory-bail date (2026-09-02: one year for him, six
/// months for her): he has been held longer. Yasir and Kashif share 2026-11-02: Yasir has the
/// lower id. Mehmood's falls due later; Zeeshan has no open clock.
const EXPECTED: [&str; 6] = [
    "Umar Farooq",
    "Wafa Bibi",
    "Yasir Ali",
    "Kashif Iqbal",
    "Mehmood Khan",
    "Zeeshan Ahmed",
];

fn caseload(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("caseload").expect("binary");
    cmd.current_dir(dir)
        .env_remove("CASELOAD_DB")
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .args(["--today", TODAY, "--db", "clinic.db", "--weights", "w.toml"]);
    cmd
}

fn run(dir: &Path, args: &[&str]) -> String {
    let output = caseload(dir).args(args).output().expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf8")
}

#[test]
fn list_day_sheet_tui_and_ranking_agree_on_ties() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("people.csv"), CSV).expect("csv");
    std::fs::write(dir.path().join("w.toml"), WEIGHTS).expect("weights");
    run(dir.path(), &["import", "people.csv"]);

    let list = run(dir.path(), &["list", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(list.as_bytes());
    let name_at = reader
        .headers()
        .expect("header")
        .iter()
        .position(|h| h == "name")
        .expect("name column");
    let listed: Vec<String> = reader
        .records()
        .map(|r| r.expect("row")[name_at].to_string())
        .collect();
    assert_eq!(listed, EXPECTED, "list");

    let sheet = run(dir.path(), &["checklist", "--date", DAY, "--format", "md"]);
    let covered: Vec<String> = sheet
        .lines()
        .filter(|l| l.starts_with("| ") && l[2..].starts_with(|c: char| c.is_ascii_digit()))
        .map(|l| l.split('|').nth(3).expect("name cell").trim().to_string())
        .collect();
    assert_eq!(covered, EXPECTED, "checklist --date");

    let store = caseload::store::Store::open(
        &dir.path().join("clinic.db"),
        caseload::store::OpenMode::MustExist,
    )
    .expect("open");
    let records = store.load_all().expect("load");
    let weights = Weights::from_toml(WEIGHTS).expect("weights");
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    let app = caseload::tui::app::App::new(records.clone(), today, weights.clone(), "t".into());
    let shown: Vec<String> = (0..app.visible_len())
        .filter_map(|row| {
            app.row(row)
                .map(|(_, _, person, _)| person.names.name.to_string())
        })
        .collect();
    assert_eq!(shown, EXPECTED, "TUI list");

    let ranked: Vec<&str> = rank(&records, today, &weights)
        .iter()
        .map(|r| records[r.index].detainee.name.as_str())
        .collect();
    assert_eq!(ranked, EXPECTED, "domain ranking");

    let day = NaiveDate::from_ymd_opt(2026, 12, 3).expect("date");
    let export = day_sheet(
        &records,
        day,
        &DayFilter::default(),
        today,
        &weights,
        &Rules::defaults(),
        Privacy::default(),
        String::new(),
    );
    let names: Vec<&str> = export.checklists.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, EXPECTED, "day sheet");
    assert!(export.checklists.iter().all(|c| c.total == 60));
}

#[test]
fn explain_shows_the_law_and_a_blocked_clock_in_text_and_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("people.csv"),
        "name,gender,arrest_date,fir_date,previous_conviction,previous_conviction_death_life\n\
         Imran Ali,male,2025-10-27,2025-10-26,yes,yes\n",
    )
    .expect("csv");
    std::fs::write(dir.path().join("w.toml"), "").expect("weights");
    run(dir.path(), &["import", "people.csv"]);
    let text = run(dir.path(), &["explain", "1"]);
    assert!(
        text.contains("Law: CNSA 1997 as amended 2022 and 2023 — offence 2025-10-26"),
        "{text}"
    );
    assert!(
        text.contains("would be due 2026-10-28, but a previous conviction"),
        "{text}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&run(dir.path(), &["explain", "1", "--format", "json"]))
            .expect("json");
    assert_eq!(json["statutory_bail"]["due"], "2026-10-28");
    assert!(
        json["statutory_bail"]["blocked_by"]
            .as_str()
            .is_some_and(|b| b.contains("death or life")),
        "{json}"
    );
    assert!(
        json["notices"]
            .as_array()
            .is_some_and(|n| n.iter().any(|n| n["id"] == "statutory_bail_blocked")),
        "{json}"
    );
}

#[test]
fn import_and_add_warn_about_records_the_law_reads_oddly_and_refuse_impossible_dates() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("w.toml"), "").expect("weights");
    std::fs::write(
        dir.path().join("people.csv"),
        "name,gender,arrest_date,capital_charge,law\n\
         Imran Ali,male,2025-10-27,yes,cnsa1997\n\
         Ghulam Mustafa,male,2024-06-01,no,sindh2024\n",
    )
    .expect("csv");
    let output = caseload(dir.path())
        .args(["import", "people.csv"])
        .output()
        .expect("runs");
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("warning: Imran Ali: A capital charge is recorded on a CNSA offence after the 2023 amendment"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "warning: Ghulam Mustafa: The offence (2024-06-01) predates the Sindh CNSA 2024"
        ),
        "{stderr}"
    );

    let output = caseload(dir.path())
        .args(["add", "name=Ayesha", "arrest_date=9999-12-31"])
        .output()
        .expect("runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("field `arrest_date`: 9999-12-31 is after today (2026-12-01)"),
        "{stderr}"
    );
    std::fs::write(
        dir.path().join("bad.csv"),
        "name,arrest_date\nAyesha,0000-01-01\n",
    )
    .expect("csv");
    let output = caseload(dir.path())
        .args(["import", "bad.csv"])
        .output()
        .expect("runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("bad.csv:2: column `arrest_date`: 0000-01-01 is more than 50 years ago"),
        "{stderr}"
    );
}
