//! `caseload weights`: the default urgency weights, printed as a starting `weights.toml`.

use crate::domain::weights::DEFAULT_WEIGHTS_TOML;
use anyhow::Result;

/// Prints the default weights file to standard output.
pub(super) fn run() -> Result<()> {
    print!("{DEFAULT_WEIGHTS_TOML}");
    Ok(())
}
