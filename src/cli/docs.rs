//! `caseload completions bash|zsh|fish` and `caseload man [COMMAND]`: shell completions and
//! manual pages generated from the same clap definitions as `--help` (`clap_complete`,
//! `clap_mangen`), so the three never drift.

use super::Cli;
use anyhow::{Result, bail};
use clap::CommandFactory;
use std::io::Write;

/// The shells completions are made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

/// Writes the completion script for `shell` (install it where the shell looks: see README).
pub fn completions(shell: Shell, out: &mut impl Write) -> Result<()> {
    let generator = match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
    };
    let mut command = Cli::command();
    clap_complete::generate(generator, &mut command, "caseload", out);
    Ok(())
}

/// Writes the manual page (roff) of `caseload`, or of one subcommand as `caseload-NAME(1)`.
pub fn man(subcommand: Option<&str>, out: &mut impl Write) -> Result<()> {
    let mut command = Cli::command();
    // Built, so that subcommands carry the version (`propagate_version`) into their pages.
    command.build();
    let page = match subcommand {
        None => command,
        Some(name) => {
            let Some(sub) = command.find_subcommand(name) else {
                let names: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
                bail!(
                    "no command '{name}' (commands: {})",
                    crate::domain::text::sanitize(&names.join(", "))
                );
            };
            // A subcommand page is named like git's: caseload-list(1).
            let full = format!("caseload-{}", sub.get_name());
            sub.clone().name(full.clone()).bin_name(full)
        }
    };
    clap_mangen::Man::new(page).render(out)?;
    Ok(())
}
