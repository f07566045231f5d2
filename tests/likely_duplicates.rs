//! The check before saving (issue 16 §3): `caseload add` lists who a new person may already be
//! and saves only with `--force`; `caseload import` warns line by line about rows that may be
//! stored people or earlier rows, imports them all the same (all or nothing), leaves them out
//! with `--skip-likely-duplicates`, and shows the same warnings in a dry run.

mod support;

use support::{caseload, count, fails, ok, write};

const HEADER: &str = "name,father_name,gender,age,prison,arrest_date";

/// A database holding Muhammad Aslam s/o Ghulam Rasool (#1) and Kashif Memon (#2).
fn clinic() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = format!(
        "{HEADER}\nMuhammad Aslam,Ghulam Rasool,m,34,Adiala,2026-03-01\n\
         Kashif Memon,Arif Memon,m,40,Camp Jail,2026-04-01\n"
    );
    let file = write(dir.path(), "first.csv", &text);
    ok(caseload(dir.path()).arg("import").arg(&file));
    dir
}

const ASLAM: &str = "may be #1 Muhammad Aslam s/o Ghulam Rasool, 34, Adiala (same name key and \
                     father's name; ages 34 and 35)";

#[test]
fn add_names_the_likely_match_and_saves_only_with_force() {
    let dir = clinic();
    let args = [
        "add",
        "name=Mohd Aslam",
        "father_name=Gulam Rasul",
        "age=35",
        "arrest_date=2026-11-20",
    ];
    let err = fails(caseload(dir.path()).args(args));
    assert!(err.contains(&format!("warning: {ASLAM}")), "{err}");
    assert!(err.contains("nothing saved"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(count(dir.path()), 2, "nothing saved without --force");

    let (out, err) = ok(caseload(dir.path()).args(args).arg("--force"));
    assert!(err.contains(ASLAM), "{err}");
    assert!(out.starts_with("added Mohd Aslam as id 3"), "{out}");
    assert_eq!(count(dir.path()), 3);
}

#[test]
fn add_of_someone_new_saves_without_a_warning() {
    let dir = clinic();
    let cases: &[&[&str]] = &[
        &["name=Mahmud Aslam", "father_name=Ghulam Rasool", "age=34"],
        &["name=Muhammad Aslam", "father_name=Noor Muhammad", "age=34"],
        &["name=Bilal Ahmed", "age=22"],
    ];
    for (n, fields) in cases.iter().enumerate() {
        let (out, err) = ok(caseload(dir.path())
            .arg("add")
            .args(*fields)
            .arg("arrest_date=2026-11-20"));
        assert!(!err.contains("may be"), "{fields:?}: {err}");
        assert!(out.contains(&format!("as id {}", n + 3)), "{out}");
    }
}

/// A CNIC is checked too: a stored person found by it alone, under a spelling of the name that
/// no name key meets (the check once read the roster, which holds no CNIC).
#[test]
fn add_finds_the_same_cnic_under_a_name_spelt_beyond_recognition() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "name,age,cnic,prison,arrest_date
                Muhammad Aslam,34,35202-1234567-1,Adiala,2026-03-01
";
    let file = write(dir.path(), "first.csv", text);
    ok(caseload(dir.path()).arg("import").arg(&file));
    let err = fails(caseload(dir.path()).args([
        "add",
        "name=Aslum Niazi",
        "age=34",
        "cnic=3520212345671",
        "arrest_date=2026-11-20",
    ]));
    assert!(err.contains("may be #1 Muhammad Aslam"), "{err}");
    assert!(err.contains("same CNIC"), "{err}");
    assert_eq!(count(dir.path()), 1, "nothing saved without --force");
}

/// A prison visit's file: line 2 may be #1, line 3 is new, line 4 may be line 3.
const VISIT: &str = "name,father_name,gender,age,prison,arrest_date\n\
    Mohd. Aslam,Gulam Rasul,m,35,Adiala,2026-11-02\n\
    Zahid Butt,Akbar Butt,m,30,Adiala,2026-11-03\n\
    Zahid Butt,Akbar Butt,m,31,Adiala,2026-10-28\n\
    Noor Jehan,Bashir Ahmad,f,28,Women Jail,2026-11-04\n";

#[test]
fn import_warns_line_by_line_and_still_imports_every_row() {
    let dir = clinic();
    let file = write(dir.path(), "visit.csv", VISIT);
    let (out, err) = ok(caseload(dir.path()).arg("import").arg(&file));
    let path = file.display().to_string();
    assert!(err.contains(&format!("{path}:2: {ASLAM}")), "{err}");
    assert!(
        err.contains(&format!(
            "{path}:4: may be line 3 of this file, Zahid Butt s/o Akbar Butt, 30, Adiala \
             (same name key and father's name; ages 30 and 31)"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("{path}:2: imported as a new person")),
        "{err}"
    );
    assert!(
        !err.contains(&format!("{path}:3:")),
        "line 3 is nobody known yet: {err}"
    );
    assert!(!err.contains(&format!("{path}:5:")), "{err}");
    assert!(out.contains("imported 4 people"), "{out}");
    assert_eq!(count(dir.path()), 6);

    // The same file again: everyone is already there, nothing changes, nothing to warn about.
    let (out, err) = ok(caseload(dir.path()).arg("import").arg(&file));
    assert!(out.contains("imported 0 people"), "{out}");
    assert!(!err.contains("may be"), "{err}");
    assert_eq!(count(dir.path()), 6);
}

#[test]
fn a_dry_run_shows_the_warnings_and_writes_nothing() {
    let dir = clinic();
    let file = write(dir.path(), "visit.csv", VISIT);
    let (out, err) = ok(caseload(dir.path())
        .arg("import")
        .arg(&file)
        .arg("--dry-run"));
    let path = file.display().to_string();
    assert!(err.contains(&format!("{path}:2: {ASLAM}")), "{err}");
    assert!(
        err.contains(&format!("{path}:4: may be line 3 of this file")),
        "{err}"
    );
    assert!(out.contains("would import 4 people"), "{out}");
    assert!(out.contains("nothing written (dry run)"), "{out}");
    assert_eq!(count(dir.path()), 2);

    let (out, _) = ok(caseload(dir.path())
        .arg("import")
        .arg(&file)
        .args(["--dry-run", "--skip-likely-duplicates"]));
    assert!(out.contains("would import 2 people"), "{out}");
    assert!(out.contains("2 likely duplicates left out"), "{out}");
    assert_eq!(count(dir.path()), 2);
}

#[test]
fn skip_likely_duplicates_leaves_those_rows_out_and_imports_the_rest() {
    let dir = clinic();
    let file = write(dir.path(), "visit.csv", VISIT);
    let (out, err) = ok(caseload(dir.path())
        .arg("import")
        .arg(&file)
        .arg("--skip-likely-duplicates"));
    let path = file.display().to_string();
    assert!(
        err.contains(&format!(
            "{path}:2: not imported (--skip-likely-duplicates)"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{path}:4: not imported (--skip-likely-duplicates)"
        )),
        "{err}"
    );
    assert!(out.contains("imported 2 people"), "{out}");
    assert!(out.contains("(2 likely duplicates left out)"), "{out}");
    let names = support::ids_by_name(dir.path());
    assert!(names.contains_key("Zahid Butt") && names.contains_key("Noor Jehan"));
    assert!(!names.contains_key("Mohd. Aslam"), "{names:?}");
    assert_eq!(count(dir.path()), 4);
}

#[test]
fn a_bad_file_imports_nothing_and_gives_no_duplicate_warnings() {
    let dir = clinic();
    let text = format!("{VISIT}Bad Date,,m,30,Adiala,31/02/2026\n");
    let file = write(dir.path(), "visit.csv", &text);
    let err = fails(caseload(dir.path()).arg("import").arg(&file));
    assert!(err.contains(":6:"), "names the bad line: {err}");
    assert!(!err.contains("may be"), "{err}");
    assert_eq!(count(dir.path()), 2);
}
