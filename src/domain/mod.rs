//! The pure core: what a record is, who is urgent and why. Knows nothing of terminals, databases
//! or files; `today` is always a parameter.

pub mod checklist;
pub mod daysheet;
pub mod demo;
pub mod edit;
pub mod limits;
pub mod model;
pub mod render;
pub mod roster;
pub mod search;
pub mod text;
pub mod triage;
pub mod weights;
