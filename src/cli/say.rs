//! The one way the command line prints messages and confirmations: every line through the
//! sanitiser ([`crate::domain::text::sanitize_lines`]), because they quote names, values and
//! paths that came from a CSV file or another user, and an escape sequence in them would
//! otherwise reach the terminal (retitle it, clear it, write the clipboard).

use std::fmt::Display;

/// Prints one message line to standard output, sanitised.
pub fn out(text: impl Display) {
    println!("{}", crate::domain::text::sanitize_lines(&text.to_string()));
}

/// Prints one message line to standard error, sanitised.
pub fn err(text: impl Display) {
    eprintln!("{}", crate::domain::text::sanitize_lines(&text.to_string()));
}

/// Reports a command line clap could not parse, and exits as clap would. Clap quotes the bad
/// value raw, and on a colour terminal passes its escape sequences through; here it is
/// printed plain and sanitised. Help and version text are the program's own.
pub fn parse_failed(error: clap::Error) -> ! {
    use clap::error::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        error.exit();
    }
    let text = error.render().to_string();
    eprint!("{}", crate::domain::text::sanitize_lines(&text));
    std::process::exit(error.exit_code());
}
