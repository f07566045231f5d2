//! The pure core: what a record is, who is urgent and why. Knows nothing of terminals, databases
//! or files; `today` is always a parameter.

pub mod checklist;
pub mod codes;
pub mod daysheet;
pub mod demo;
pub mod disclosure;
pub mod duplicates;
pub mod edit;
pub mod filter;
pub mod ics;
pub mod law;
pub mod limits;
pub mod model;
pub mod month;
pub mod name_match;
pub mod names;
pub mod parallel;
pub mod ranking;
pub mod records_csv;
pub mod render;
pub mod roster;
pub mod rules;
pub mod search;
pub mod sort;
pub mod stats;
pub mod stats_report;
pub mod text;
pub mod theme;
pub mod trend;
pub mod trend_events;
pub mod triage;
pub mod validate;
pub mod weights;
