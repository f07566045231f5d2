//! `caseload staff add LOGIN NAME` and `caseload staff list`: which login is which lawyer, as
//! the name is written in cases. `lawyer:me` in a filter reads it, and `history` shows the
//! name beside the login.

use super::{Settings, say};
use crate::domain::text::sanitize;
use crate::store::OpenMode;
use anyhow::Result;
use std::io::Write;

/// `caseload staff add LOGIN NAME`.
/// `caseload staff add|list`.
pub(super) fn run(context: &Settings, action: super::StaffAction) -> Result<()> {
    match action {
        super::StaffAction::Add { login, name } => add(context, &login, &name),
        super::StaffAction::List => super::to_stdout(|out| list(context, out)),
    }
}

pub(super) fn add(context: &Settings, login: &str, name: &str) -> Result<()> {
    let mut store = context.open(OpenMode::MustExist)?;
    store.add_staff(login, name)?;
    say::out(format_args!("{} is {}", login.trim(), name.trim()));
    Ok(())
}

/// `caseload staff list`: `LOGIN  NAME`, one a line.
pub(super) fn list(context: &Settings, out: &mut impl Write) -> Result<()> {
    let store = context.open(OpenMode::MustExist)?;
    for (login, name) in store.staff()? {
        writeln!(out, "{:<16} {}", sanitize(&login), sanitize(&name))?;
    }
    Ok(())
}
