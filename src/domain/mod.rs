//! The pure core: what a record is, who is urgent and why. Knows nothing of terminals, databases
//! or files; `today` is always a parameter.

pub mod checklist;
pub mod codes;
pub mod daysheet;
pub mod demo;
pub mod disclosure;
pub mod edit;
pub mod law;
pub mod limits;
pub mod model;
pub mod ranking;
pub mod render;
pub mod roster;
pub mod rules;
pub mod search;
pub mod stats;
pub mod text;
pub mod trend;
pub mod triage;
pub mod validate;
pub mod weights;
