//! `caseload`: a legal-aid clinic's caseload of people held under narcotics law, ranked by urgency.
//!
//! Module map (data flows one way):
//! - [`domain`]: pure rules: records, triage, weights, search, demo data. No IO.
//! - [`store`]: the SQLite file: open safely, migrate, load, insert.
//!
//! Import rules: `domain` imports nothing else of this crate; `store` imports only `domain`.

pub mod domain;
pub mod import;
pub mod store;
