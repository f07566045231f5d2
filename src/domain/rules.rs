//! The checklist rules file (`assets/checklist.toml` and a clinic's `checklist.toml`): each rule
//! names its kind, text and basis, the laws, stages, offence dates and persons it applies to,
//! and conditions; a clinic's item with a shipped `id` changes only what it gives or switches the
//! rule off. Applying the rules to a person is `checklist`'s job.

use super::checklist::ItemKind;
use super::law::{OffenceClass, Version};
use super::model::{Law, Stage, Weakness};
use chrono::NaiveDate;
use serde::Deserialize;
use std::str::FromStr;

/// The rules shipped with the program; a test keeps every condition in it known.
pub const DEFAULT_RULES_TOML: &str = include_str!("../../assets/checklist.toml");

/// One rule of the rules file, as written. Every field but `id` is optional so that a clinic's
/// item with a shipped id changes only what it names (`disabled = true` switches it off).
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RuleSpec {
    id: Option<String>,
    kind: Option<ItemKind>,
    text: Option<String>,
    basis: Option<String>,
    when: Option<Vec<String>>,
    /// Only under these laws.
    laws: Option<Vec<Law>>,
    /// Only at these stages.
    stages: Option<Vec<Stage>>,
    /// Only for offences (FIR date, else arrest date) on or after / before these dates.
    offence_from: Option<NaiveDate>,
    offence_before: Option<NaiveDate>,
    /// Only for these persons (any of them): conditions such as woman, man, transgender,
    /// juvenile, under_sixteen, pregnant, sick.
    persons: Option<Vec<String>>,
    health: Option<bool>,
    private_text: Option<String>,
    disabled: Option<bool>,
}

impl RuleSpec {
    fn overlay(&mut self, other: RuleSpec) {
        macro_rules! take {
            ($($field:ident),*) => { $(if other.$field.is_some() { self.$field = other.$field; })* };
        }
        take!(
            kind,
            text,
            basis,
            when,
            laws,
            stages,
            offence_from,
            offence_before,
            persons,
            health,
            private_text,
            disabled
        );
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    #[serde(default)]
    item: Vec<RuleSpec>,
}

/// A fact about a person that a rule can test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fact {
    Woman,
    Pregnant,
    Juvenile,
    UnderSixteen,
    JuvenileClaimed,
    ChildrenInPrison,
    Sick,
    OpioidDependence,
    StatutoryBailDue,
    StatutoryBailNear,
    StatutoryBailBlocked,
    LowQuantity,
    NoLawyer,
    BailNeverSought,
    BailRejected,
    FirstOffence,
    CapitalCharge,
    TrialPending,
    Transgender,
    Man,
    /// JJSA s.6 class of the offence (None: not determined).
    Offence(Option<OffenceClass>),
    SlabNotEncoded,
    AppealDeadline,
    Law(Law),
    Stage(Stage),
    Version(Version),
    Weakness(Weakness),
}

impl FromStr for Fact {
    type Err = String;
    fn from_str(s: &str) -> Result<Fact, String> {
        if let Some((prefix, code)) = s.split_once(':') {
            return match prefix {
                "law" => code.parse().map(Fact::Law),
                "stage" => code.parse().map(Fact::Stage),
                "version" => version_code(code).map(Fact::Version),
                "offence" => match code {
                    "minor" => Ok(Fact::Offence(Some(OffenceClass::Minor))),
                    "major" => Ok(Fact::Offence(Some(OffenceClass::Major))),
                    "heinous" => Ok(Fact::Offence(Some(OffenceClass::Heinous))),
                    "unknown" => Ok(Fact::Offence(None)),
                    _ => Err(format!(
                        "unknown offence class '{code}' (minor, major, heinous, unknown)"
                    )),
                },
                "weakness" => code.parse().map(Fact::Weakness),
                _ => Err(format!("unknown condition '{s}'")),
            };
        }
        Ok(match s {
            "woman" => Fact::Woman,
            "pregnant" => Fact::Pregnant,
            "juvenile" => Fact::Juvenile,
            "under_sixteen" => Fact::UnderSixteen,
            "juvenile_claimed" => Fact::JuvenileClaimed,
            "children_in_prison" => Fact::ChildrenInPrison,
            "sick" => Fact::Sick,
            "opioid_dependence" => Fact::OpioidDependence,
            "statutory_bail_due" => Fact::StatutoryBailDue,
            "statutory_bail_near" => Fact::StatutoryBailNear,
            "statutory_bail_blocked" => Fact::StatutoryBailBlocked,
            "low_quantity" => Fact::LowQuantity,
            "no_lawyer" => Fact::NoLawyer,
            "bail_never_sought" => Fact::BailNeverSought,
            "bail_rejected" => Fact::BailRejected,
            "first_offence" => Fact::FirstOffence,
            "capital_charge" => Fact::CapitalCharge,
            "trial_pending" => Fact::TrialPending,
            "transgender" => Fact::Transgender,
            "man" => Fact::Man,
            "slab_not_encoded" => Fact::SlabNotEncoded,
            "appeal_deadline" => Fact::AppealDeadline,
            _ => return Err(format!("unknown condition '{s}'")),
        })
    }
}

/// One condition of a rule: a fact, or its negation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Condition {
    pub(crate) fact: Fact,
    pub(crate) negated: bool,
}

fn version_code(code: &str) -> Result<Version, String> {
    use Version::*;
    [
        Cnsa1997Original,
        Cnsa1997_2022,
        Cnsa1997_2023,
        Sindh2024,
        Kp2019,
        Punjab2025,
    ]
    .into_iter()
    .find(|v| v.code() == code)
    .ok_or_else(|| format!("unknown law version '{code}'"))
}

/// A parsed rule, ready to apply.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub(crate) id: Option<String>,
    pub(crate) kind: ItemKind,
    pub(crate) text: String,
    pub(crate) basis: String,
    pub(crate) when: Vec<Condition>,
    pub(crate) laws: Option<Vec<Law>>,
    pub(crate) stages: Option<Vec<Stage>>,
    pub(crate) offence_from: Option<NaiveDate>,
    pub(crate) offence_before: Option<NaiveDate>,
    /// Any of these must hold (empty: anyone).
    pub(crate) persons: Vec<Condition>,
    pub(crate) health: bool,
    pub(crate) private_text: Option<String>,
}

/// The rules in force: the shipped defaults, changed, switched off or extended by the clinic's.
#[derive(Debug, Clone, PartialEq)]
pub struct Rules {
    pub(crate) rules: Vec<Rule>,
    /// The specs as written, so a later file can overlay them by id.
    specs: Vec<RuleSpec>,
}

/// A rules file that could not be used; the message names the item and the problem.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct RulesError(String);

impl Rules {
    /// Parses a rules file.
    pub fn from_toml(text: &str) -> Result<Rules, RulesError> {
        let file: RulesFile = toml::from_str(text).map_err(|e| {
            RulesError(
                e.to_string()
                    .lines()
                    .next()
                    .unwrap_or("invalid rules")
                    .into(),
            )
        })?;
        Rules::build(file.item, false)
    }

    /// Parses the specs into rules. An item with an id may be partial (it changes a shipped
    /// item of that id) until `complete` is asked for, after the files are merged.
    fn build(specs: Vec<RuleSpec>, complete: bool) -> Result<Rules, RulesError> {
        let mut rules = Vec::new();
        for (index, spec) in specs.iter().enumerate() {
            let partial = spec.kind.is_none() || spec.text.is_none() || spec.basis.is_none();
            if spec.disabled == Some(true) || (partial && spec.id.is_some() && !complete) {
                continue;
            }
            let name = match &spec.id {
                Some(id) => format!("item `{id}`"),
                None => format!("item {}", index + 1),
            };
            let missing = |field: &str| RulesError(format!("{name}: `{field}` is missing"));
            let conditions = |list: &Option<Vec<String>>| {
                list.iter()
                    .flatten()
                    .map(|c| parse_condition(c))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| RulesError(format!("{name}: {e}")))
            };
            rules.push(Rule {
                id: spec.id.clone(),
                kind: spec.kind.ok_or_else(|| missing("kind"))?,
                text: spec.text.clone().ok_or_else(|| missing("text"))?,
                basis: spec.basis.clone().ok_or_else(|| missing("basis"))?,
                when: conditions(&spec.when)?,
                laws: spec.laws.clone(),
                stages: spec.stages.clone(),
                offence_from: spec.offence_from,
                offence_before: spec.offence_before,
                persons: conditions(&spec.persons)?,
                health: spec.health.unwrap_or(false),
                private_text: spec.private_text.clone(),
            });
        }
        Ok(Rules { rules, specs })
    }

    /// The shipped defaults.
    pub fn defaults() -> Rules {
        // The shipped file is checked by a test; an error here is a build defect.
        Rules::from_toml(DEFAULT_RULES_TOML).unwrap_or_else(|_| Rules {
            rules: Vec::new(),
            specs: Vec::new(),
        })
    }

    /// These rules changed by `more`: an item with the id of one of these replaces the fields
    /// it gives (`disabled = true` switches it off); any other item is added after them and
    /// must be complete.
    pub fn extended(self, more: Rules) -> Result<Rules, RulesError> {
        let mut specs = self.specs;
        for spec in more.specs {
            let same = spec
                .id
                .as_ref()
                .and_then(|id| specs.iter_mut().find(|s| s.id.as_ref() == Some(id)));
            match same {
                Some(shipped) => shipped.overlay(spec),
                None => specs.push(spec),
            }
        }
        Rules::build(specs, true)
    }

    /// Whether a rule with this id is in force (for tests and `caseload rules`).
    pub fn has(&self, id: &str) -> bool {
        self.rules.iter().any(|r| r.id.as_deref() == Some(id))
    }
}

fn parse_condition(text: &str) -> Result<Condition, String> {
    let text = text.trim();
    match text.strip_prefix("not ") {
        Some(rest) => Ok(Condition {
            fact: rest.trim().parse()?,
            negated: true,
        }),
        None => Ok(Condition {
            fact: text.parse()?,
            negated: false,
        }),
    }
}
