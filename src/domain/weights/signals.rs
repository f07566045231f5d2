//! The score signals by name and by index: [`SIGNALS`] is what the weights file and `caseload
//! explain` call them, [`Sig`] and [`sig`] are how the rules look one up without a string.

use super::super::model::Weakness;

/// Every score signal's name, as in `caseload explain` and `[signals.NAME]`.
pub const SIGNALS: &[&str] = &[
    "pregnant",
    "juvenile",
    "under_sixteen",
    "juvenile_claimed",
    "woman",
    "children_in_prison",
    "sick_or_infirm",
    "opioid_dependence",
    "time_in_custody",
    "statutory_bail_due",
    "statutory_bail_near",
    "low_quantity",
    "no_lawyer",
    "bail_never_sought",
    "hearing_soon",
    "no_hearing_scheduled",
    "first_offence",
    "appeal_deadline_near",
    "floor_high",
];

pub(super) fn is_signal(name: &str) -> bool {
    SIGNALS.contains(&name) || name.parse::<Weakness>().is_ok()
}

/// A score signal: its name and its place in [`Weights`]' compiled table, so that ranking a
/// million people looks a signal's rule up by index, never by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sig {
    pub name: &'static str,
    pub index: usize,
}

impl Sig {
    /// A weakness finding's signal (named by its code), after the named signals.
    pub fn weakness(code: Weakness) -> Sig {
        Sig {
            name: code.code(),
            index: SIGNALS.len() + code as usize,
        }
    }
}

/// The named signals, in the order of [`SIGNALS`] (a test keeps the two equal).
pub mod sig {
    use super::Sig;
    pub const PREGNANT: Sig = Sig {
        name: "pregnant",
        index: 0,
    };
    pub const JUVENILE: Sig = Sig {
        name: "juvenile",
        index: 1,
    };
    pub const UNDER_SIXTEEN: Sig = Sig {
        name: "under_sixteen",
        index: 2,
    };
    pub const JUVENILE_CLAIMED: Sig = Sig {
        name: "juvenile_claimed",
        index: 3,
    };
    pub const WOMAN: Sig = Sig {
        name: "woman",
        index: 4,
    };
    pub const CHILDREN_IN_PRISON: Sig = Sig {
        name: "children_in_prison",
        index: 5,
    };
    pub const SICK_OR_INFIRM: Sig = Sig {
        name: "sick_or_infirm",
        index: 6,
    };
    pub const OPIOID_DEPENDENCE: Sig = Sig {
        name: "opioid_dependence",
        index: 7,
    };
    pub const TIME_IN_CUSTODY: Sig = Sig {
        name: "time_in_custody",
        index: 8,
    };
    pub const STATUTORY_BAIL_DUE: Sig = Sig {
        name: "statutory_bail_due",
        index: 9,
    };
    pub const STATUTORY_BAIL_NEAR: Sig = Sig {
        name: "statutory_bail_near",
        index: 10,
    };
    pub const LOW_QUANTITY: Sig = Sig {
        name: "low_quantity",
        index: 11,
    };
    pub const NO_LAWYER: Sig = Sig {
        name: "no_lawyer",
        index: 12,
    };
    pub const BAIL_NEVER_SOUGHT: Sig = Sig {
        name: "bail_never_sought",
        index: 13,
    };
    pub const HEARING_SOON: Sig = Sig {
        name: "hearing_soon",
        index: 14,
    };
    pub const NO_HEARING_SCHEDULED: Sig = Sig {
        name: "no_hearing_scheduled",
        index: 15,
    };
    pub const FIRST_OFFENCE: Sig = Sig {
        name: "first_offence",
        index: 16,
    };
    pub const APPEAL_DEADLINE_NEAR: Sig = Sig {
        name: "appeal_deadline_near",
        index: 17,
    };
    pub const FLOOR_HIGH: Sig = Sig {
        name: "floor_high",
        index: 18,
    };
}
