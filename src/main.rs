//! Thin entry point: parse the command line, run it, turn an error into one line and an exit code.

use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli =
        caseload::cli::Cli::try_parse().unwrap_or_else(|e| caseload::cli::say::parse_failed(e));
    match caseload::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            // One line, "file: what failed: why", each cause once. It quotes values and paths
            // from CSV files and other users: sanitised like the rest. The terminal may be gone
            // (an SSH drop): a failed write is no reason to panic.
            let message =
                caseload::domain::text::sanitize_lines(&caseload::cli::error_line(&error));
            let _ = writeln!(std::io::stderr(), "caseload: {message}");
            ExitCode::from(caseload::cli::exit_status(&error))
        }
    }
}

/// `caseload list | head` closes the pipe early; that is not an error worth reporting.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
