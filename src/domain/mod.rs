//! The pure core: what a record is, who is urgent and why. Knows nothing of terminals, databases
//! or files; `today` is always a parameter.

pub mod demo;
pub mod model;
pub mod triage;
pub mod weights;
