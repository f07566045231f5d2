//! Plain mode (issue 17 §5) driven through the built binary's standard input and output, on a
//! generated caseload: each answer is checked against what the command-line tools say about
//! the same file (`list --format json`, `explain`, `history`, `show`), and no output ever
//! carries an escape byte.

mod common;

use common::{caseload, generated, list_json, run_ok};
use serde_json::Value;
use std::path::Path;

/// `caseload --plain` reading `input`; checks it ends well and prints no escape byte.
fn plain(dir: &Path, db: &Path, input: &str) -> String {
    let output = caseload(dir, db)
        .arg("--plain")
        .env("TERM", "xterm-256color")
        .write_stdin(input)
        .output()
        .expect("runs");
    clean(&output)
}

/// The output's text, once its status and the absence of escape bytes are checked.
fn clean(output: &std::process::Output) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!output.stdout.contains(&0x1b), "escape byte on stdout");
    assert!(!output.stderr.contains(&0x1b), "escape byte on stderr");
    String::from_utf8(output.stdout.clone()).expect("utf8")
}

/// The lines that answer the `nth` command (0: the first), between its echo and the next
/// prompt.
fn answer(text: &str, nth: usize) -> Vec<&str> {
    let mut parts = text.split("caseload> ").skip(nth + 1);
    let part = parts.next().expect("that many prompts");
    part.lines().skip(1).collect()
}

/// The numbered lines of an answer: `(number, name)`.
fn numbered(lines: &[&str]) -> Vec<(usize, String)> {
    lines
        .iter()
        .filter_map(|l| {
            let (number, rest) = l.split_once(". ")?;
            let number = number.parse().ok()?;
            Some((number, rest.split(", band ").next()?.to_string()))
        })
        .collect()
}

fn rank_and_name(row: &Value) -> (usize, String) {
    let rank = row["rank"].as_u64().expect("rank") as usize;
    (rank, row["name"].as_str().expect("name").to_string())
}

#[test]
fn list_and_next_show_the_ranking_a_page_at_a_time_and_eof_ends() {
    let (dir, db) = generated("70");
    let text = plain(dir.path(), &db, "list\nnext\nnext\nnext\nprev\n");
    let ranking: Vec<(usize, String)> = list_json(dir.path(), &db, &[])
        .iter()
        .map(rank_and_name)
        .collect();
    assert!(ranking.len() > 40, "the demo keeps most people in custody");
    assert!(text.starts_with("caseload: "), "{text}");
    assert!(text.contains(&format!("Plain mode: {} in custody.", ranking.len())));
    let first = answer(&text, 0);
    assert_eq!(first[0], format!("{} in custody", ranking.len()));
    assert_eq!(numbered(&first), ranking[..20]);
    assert_eq!(
        first.last().copied(),
        Some(format!("people 1 to 20 of {}, type next for more", ranking.len()).as_str())
    );
    assert_eq!(numbered(&answer(&text, 1)), ranking[20..40]);
    let line = first[1];
    assert!(
        line.contains(", band ") && line.contains(" days in custody, "),
        "{line}"
    );
    // Past the end, one line says so; `prev` goes back a page.
    let third = numbered(&answer(&text, 2));
    assert_eq!(third, ranking[40..ranking.len().min(60)]);
    if ranking.len() <= 60 {
        assert_eq!(
            answer(&text, 3),
            ["end of the list: no more people (type list for the first page)"]
        );
        assert_eq!(numbered(&answer(&text, 4)), ranking[20..40]);
    } else {
        assert_eq!(numbered(&answer(&text, 4)), third);
    }
    // End of input: the prompt's line is ended and the session is over.
    assert!(text.ends_with("caseload> \n"), "{text:?}");
}

#[test]
fn open_prints_the_explanation_as_caseload_explain_does() {
    let (dir, db) = generated("40");
    let rows = list_json(dir.path(), &db, &[]);
    let id = rows[2]["id"].as_i64().expect("id").to_string();
    let explain = run_ok(caseload(dir.path(), &db).args(["explain", &id]));
    let text = plain(dir.path(), &db, "open 3\n");
    let lines = answer(&text, 0);
    assert_eq!(lines[0], format!("Rank 3 of {}.", rows.len()));
    let expected: Vec<&str> = explain.lines().collect();
    assert_eq!(lines[1..=expected.len()], expected[..]);
    assert!(
        lines.iter().any(|l| l.starts_with("Next hearing: ")),
        "{lines:?}"
    );
}

#[test]
fn search_and_filter_narrow_the_list_as_the_command_line_does() {
    let (dir, db) = generated("80");
    let wanted = list_json(dir.path(), &db, &["--filter", "band:critical,high"]);
    let text = plain(dir.path(), &db, "filter band:critical,high\nfilter\n");
    let lines = answer(&text, 0);
    assert!(
        lines[0].ends_with("in custody, filter band:critical,high"),
        "{lines:?}"
    );
    let expected: Vec<(usize, String)> = wanted.iter().take(20).map(rank_and_name).collect();
    assert_eq!(numbered(&lines), expected);
    assert!(!expected.is_empty());
    // `filter` alone clears it: everyone again.
    let everyone = list_json(dir.path(), &db, &[]);
    assert_eq!(
        answer(&text, 1)[0],
        format!("{} in custody", everyone.len())
    );

    let name = everyone[5]["name"].as_str().expect("name");
    let surname = name.split_whitespace().last().expect("a word");
    let found = list_json(dir.path(), &db, &["--search", surname]);
    let text = plain(dir.path(), &db, &format!("search {surname}\n"));
    let lines = answer(&text, 0);
    let expected: Vec<(usize, String)> = found.iter().take(20).map(rank_and_name).collect();
    assert_eq!(numbered(&lines), expected, "search {surname}");
}

#[test]
fn a_bad_filter_term_prints_the_command_lines_line_and_the_session_goes_on() {
    let (dir, db) = generated("20");
    let cli = caseload(dir.path(), &db)
        .args(["list", "--filter", "cuort:multan"])
        .output()
        .expect("runs");
    assert!(!cli.status.success());
    let cli_line = String::from_utf8(cli.stderr).expect("utf8");
    let cli_line = cli_line.trim().trim_start_matches("caseload: ");
    let text = plain(dir.path(), &db, "filter cuort:multan\nlist\n");
    assert_eq!(answer(&text, 0), [cli_line]);
    assert!(cli_line.contains("did you mean court?"), "{cli_line}");
    assert!(
        answer(&text, 1)[0].ends_with(" in custody"),
        "the filter was not kept"
    );
}

#[test]
fn hearing_records_a_new_version_in_the_history_and_prints_two_lines() {
    let (dir, db) = generated("30");
    let rows = list_json(dir.path(), &db, &[]);
    let id = rows[0]["id"].as_i64().expect("id").to_string();
    let name = rows[0]["name"].as_str().expect("name");
    let history = |dir: &Path| run_ok(caseload(dir, &db).args(["history", &id]));
    let before = history(dir.path());
    let text = plain(
        dir.path(),
        &db,
        "list\nhearing 1 adjourned 2026-12-20 no witness\n",
    );
    let lines = answer(&text, 1);
    assert_eq!(lines.len(), 2, "{lines:?}");
    let show = run_ok(caseload(dir.path(), &db).args(["show", &id, "--format", "json"]));
    let show: Value = serde_json::from_str(&show).expect("json");
    let version = show["version"].as_i64().expect("version");
    // The person's new line is their line as the command line now ranks them, under the
    // number they had on the list (the numbers stay until the list is numbered again).
    let now = list_json(dir.path(), &db, &[]);
    let row = now
        .iter()
        .find(|r| r["id"].as_i64().map(|i| i.to_string()) == Some(id.clone()))
        .expect("still in custody");
    let mut confirm = format!(
        "recorded adjourned for {name} (person {id}, version {version}), next hearing 2026-12-20"
    );
    if row["rank"] != 1 {
        confirm.push_str(&format!(
            ". Now rank {} of {} (type list to number the list again)",
            row["rank"],
            now.len()
        ));
    }
    assert_eq!(lines[0], confirm);
    let expected = format!(
        "1. {name}, band {}, score {}, {} days in custody, next hearing {}",
        row["band"].as_str().expect("band"),
        row["score"],
        row["days_in_custody"],
        row["next_hearing"].as_str().expect("a hearing")
    );
    assert_eq!(lines[1], expected);
    let after = history(dir.path());
    let added: Vec<&str> = after.lines().skip(before.lines().count()).collect();
    assert!(!added.is_empty(), "{after}");
    assert!(added.iter().all(|l| l.contains(" hearing ")), "{after}");
    assert!(
        added.iter().any(|l| l.contains("adjourned: no witness")),
        "{after}"
    );
}

#[test]
fn a_read_only_file_refuses_a_hearing_in_one_line_and_is_not_changed() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, db) = generated("20");
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let bytes = std::fs::read(&db).expect("read");
    let text = plain(dir.path(), &db, "hearing 1 adjourned 2026-12-20\n");
    assert!(
        text.contains("Read-only: hearings cannot be recorded."),
        "{text}"
    );
    let lines = answer(&text, 0);
    assert_eq!(lines.len(), 1);
    assert!(
        lines[0].starts_with("this database is read-only for you"),
        "{lines:?}"
    );
    assert_eq!(std::fs::read(&db).expect("read"), bytes);
}

#[test]
fn an_unknown_word_is_one_line_naming_the_nearest_and_help_lists_every_word() {
    let (dir, db) = generated("10");
    let text = plain(dir.path(), &db, "lsit\nxyz\nhelp\nquit\nlist\n");
    assert_eq!(
        answer(&text, 0),
        ["unknown command 'lsit' — did you mean list? type help"]
    );
    assert_eq!(answer(&text, 1), ["unknown command 'xyz' — type help"]);
    let help = answer(&text, 2);
    for word in [
        "list", "next", "prev", "open", "search", "filter", "sort", "hearing", "help", "quit",
    ] {
        assert!(help.iter().any(|l| l.starts_with(word)), "{word}: {help:?}");
    }
    // `quit` ended it: the `list` after it was never read.
    assert!(text.ends_with("caseload> quit\n"), "{text:?}");
}

#[test]
fn a_dumb_terminal_chooses_plain_mode_for_the_default_start_and_the_demo() {
    let (dir, db) = generated("10");
    let output = caseload(dir.path(), &db)
        .env("TERM", "dumb")
        .write_stdin("list\n")
        .output()
        .expect("runs");
    let text = clean(&output);
    assert!(text.contains("Plain mode: "), "{text}");
    assert!(
        answer(&text, 0).iter().any(|l| l.starts_with("1. ")),
        "{text}"
    );
    let output = caseload(dir.path(), &db)
        .env("TERM", "dumb")
        .args(["demo", "--rows", "25"])
        .write_stdin("next\n")
        .output()
        .expect("runs");
    let text = clean(&output);
    assert!(
        text.starts_with("caseload demo (25 synthetic people). Plain mode: "),
        "{text}"
    );
    assert_eq!(numbered(&answer(&text, 0)).first().map(|l| l.0), Some(21));
}

#[test]
fn a_name_with_escape_sequences_reaches_no_line_raw() {
    let (dir, db) = generated("5");
    run_ok(caseload(dir.path(), &db).args([
        "add",
        "name=Ali \u{1b}]0;pwned\u{7}\u{1b}[2J Khan",
        "arrest_date=2020-01-01",
        "--force",
    ]));
    let text = plain(
        dir.path(),
        &db,
        "search khan\nopen 1\nsort name reverse\nsort nmae\n",
    );
    assert!(text.contains("Ali "), "{text}");
    assert!(
        answer(&text, 3)[0].starts_with("--sort: unknown sort key 'nmae'"),
        "{text}"
    );
}

#[test]
fn numbers_name_the_same_people_until_the_list_is_numbered_again() {
    let (dir, db) = generated("30");
    let rows = list_json(dir.path(), &db, &[]);
    let first = rows[0]["name"].as_str().expect("name");
    let second = rows[1]["name"].as_str().expect("name");
    let text = plain(
        dir.path(),
        &db,
        "list\nhearing 1 released\nopen 1\nnext\nlist\nopen 1\n",
    );
    let released = answer(&text, 1);
    assert!(
        released[0].starts_with(&format!("recorded released for {first} ")),
        "{released:?}"
    );
    assert!(
        released[0].ends_with(". Out of custody now, so off the ranked list"),
        "{released:?}"
    );
    assert_eq!(released[1], format!("1. {first}, out of custody now"));
    // Still 1 until `list`: the same person, not the one who moved up.
    let opened = answer(&text, 2);
    assert_eq!(opened[0], "Out of custody now, so off the ranked list.");
    assert!(opened[1].contains(first), "{opened:?}");
    let listed = answer(&text, 4);
    assert_eq!(numbered(&listed)[0], (1, second.to_string()));
    assert!(answer(&text, 5)[1].contains(second));
}

#[test]
fn checklist_writes_an_owner_only_file_without_health_and_is_audited() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, db) = generated("20");
    let rows = list_json(dir.path(), &db, &[]);
    let id = rows[0]["id"].as_i64().expect("id").to_string();
    let file = dir.path().join("one.txt");
    let input = format!("checklist 1 --out {}\n", file.display());
    let output = caseload(dir.path(), &db)
        .arg("--plain")
        .write_stdin(input)
        .output()
        .expect("runs");
    clean(&output);
    let text = std::fs::read_to_string(&file).expect("written");
    assert!(text.starts_with("HEARING CHECKLIST: "), "{text}");
    assert!(text.contains("health details\nwithheld") || text.contains("health details withheld"));
    let mode = std::fs::metadata(&file).expect("meta").permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let history = run_ok(caseload(dir.path(), &db).args(["history", &id]));
    assert!(
        history.lines().last().expect("a line").contains("export"),
        "{history}"
    );
}

#[test]
fn the_privacy_screen_hides_health_and_shortens_names_as_the_tui_does() {
    let (dir, db) = generated("80");
    let sick = list_json(dir.path(), &db, &["--filter", "is:sick"]);
    let row = sick
        .iter()
        .find(|r| r["name"].as_str().is_some_and(|n| n.contains(' ')))
        .expect("someone sick with a surname");
    let (rank, name) = rank_and_name(row);
    let input = format!("filter is:sick\nopen {rank}\n");
    let open = |private: bool| {
        let mut cmd = caseload(dir.path(), &db);
        cmd.args(["--plain", "tui"]);
        if private {
            cmd.arg("--private");
        }
        clean(&cmd.write_stdin(input.clone()).output().expect("runs"))
    };
    let shown = open(false);
    let page = answer(&shown, 1);
    assert!(
        page.iter()
            .any(|l| l.starts_with("Health: ") && !l.contains("hidden")),
        "{page:?}"
    );
    assert!(page.iter().any(|l| l.contains(&name)), "{page:?}");
    let hidden = open(true);
    let page = answer(&hidden, 1);
    assert!(
        page.contains(&"Health: hidden (privacy screen)"),
        "{page:?}"
    );
    assert!(!hidden.contains("Sick or infirm"), "{hidden}");
    assert!(
        !hidden.contains(&name),
        "the full name is shortened: {hidden}"
    );
    let short = caseload::domain::text::short_name(&name);
    assert!(
        numbered(&answer(&hidden, 0)).contains(&(rank, short)),
        "{hidden}"
    );
}

#[test]
fn mine_starts_on_lawyer_me_as_the_tui_does() {
    let (dir, db) = generated("60");
    let lawyer = list_json(dir.path(), &db, &["--columns", "name,lawyer"])
        .iter()
        .find_map(|r| r["lawyer"].as_str().map(str::to_string))
        .expect("someone has a lawyer");
    let me = caseload::store::login_name();
    run_ok(caseload(dir.path(), &db).args(["staff", "add", &me, &lawyer]));
    let wanted = list_json(dir.path(), &db, &["--filter", "lawyer:me"]);
    let output = caseload(dir.path(), &db)
        .args(["--plain", "--mine"])
        .write_stdin("list\n")
        .output()
        .expect("runs");
    let text = clean(&output);
    let lines = answer(&text, 0);
    assert!(
        lines[0].ends_with(" in custody, filter lawyer:me"),
        "{lines:?}"
    );
    let expected: Vec<(usize, String)> = wanted.iter().take(20).map(rank_and_name).collect();
    assert_eq!(numbered(&lines), expected);
}
