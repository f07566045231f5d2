//! `caseload completions bash|zsh|fish` and `caseload man` (issue 17 §7): generated from the
//! clap definitions, so each mentions every subcommand `--help` lists, and a command's own page
//! lists its options.

mod support;

use caseload::cli::Cli;
use clap::CommandFactory;
use support::{caseload, fails, ok};

fn subcommands() -> Vec<String> {
    Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect()
}

#[test]
fn completions_for_each_shell_mention_every_subcommand() {
    let dir = tempfile::tempdir().expect("tempdir");
    let names = subcommands();
    assert!(names.len() > 15, "{names:?}");
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef caseload"),
        ("fish", "complete -c caseload"),
    ] {
        let (out, _) = ok(caseload(dir.path()).args(["completions", shell]));
        assert!(out.contains(marker), "{shell}: {out}");
        for name in &names {
            assert!(
                out.contains(name.as_str()),
                "{shell} completions lack {name}"
            );
        }
        // Options of a subcommand complete too.
        assert!(out.contains("skip-likely-duplicates"), "{shell}");
    }
    let err = fails(caseload(dir.path()).args(["completions", "powershell"]));
    assert!(err.contains("bash") && err.contains("fish"), "{err}");
}

#[test]
fn the_man_page_mentions_every_subcommand_and_each_has_its_own_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (page, _) = ok(caseload(dir.path()).arg("man"));
    assert!(
        page.starts_with(".ie") || page.contains(".TH caseload"),
        "{page}"
    );
    for name in subcommands() {
        // roff escapes hyphens in names.
        let roff = name.replace('-', "\\-");
        assert!(page.contains(&roff), "the man page lacks {name}");
    }
    let (calendar, _) = ok(caseload(dir.path()).args(["man", "calendar"]));
    assert!(calendar.contains(".TH caseload-calendar 1"), "{calendar}");
    for option in ["include\\-names", "\\-\\-filter", "\\-\\-days"] {
        assert!(calendar.contains(option), "{option}: {calendar}");
    }
    let err = fails(caseload(dir.path()).args(["man", "nosuch"]));
    assert!(err.contains("no command 'nosuch'"), "{err}");
}
