//! Hearing checklists as data (DOMAIN.md §5): who, the case, why now, and the documents,
//! arguments and requests that the rules file says apply. Each rule names the laws, offence
//! dates, stages and persons it applies to and its basis, and has an id a clinic's file can
//! switch off or reword. Rendering lives in `render/`.

use super::law::{self, OffenceClass, SlabFinding, Version};
use super::model::{BailStatus, Gender, Health, Hearing, Record};
use super::text::HEALTH_SIGNALS;
use super::triage::{self, Band, Urgency, format_grams};
use super::weights::Weights;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use super::rules::{DEFAULT_RULES_TOML, Rules, RulesError};
use super::rules::{Fact, Rule};

/// What a checklist item is for; the page lists them in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    /// How the law is being applied to this person (contradictions, unconfirmed rules): read
    /// first. Made from the score's notices, not from the rules file.
    Notice,
    Document,
    Argument,
    Request,
}

/// One line of a checklist, with the law or reasoning behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    pub kind: ItemKind,
    pub text: String,
    pub basis: String,
}

/// A labelled fact for the "who" and "case" sections.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub label: &'static str,
    pub value: String,
}

/// One line of "why now": an urgency reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WhyNow {
    pub text: String,
    pub points: i64,
}

/// Everything a lawyer takes to one hearing for one person. Data, not text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Checklist {
    pub id: i64,
    pub name: String,
    pub hearing: Option<Hearing>,
    pub who: Vec<Entry>,
    pub case: Vec<Entry>,
    pub total: i64,
    pub band: Band,
    pub why_now: Vec<WhyNow>,
    pub items: Vec<Item>,
    pub health_included: bool,
}

impl Checklist {
    /// Items of one kind, in rule order.
    pub fn items_of(&self, kind: ItemKind) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(move |i| i.kind == kind)
    }

    /// The first argument: what the cover sheet names as the main line of attack.
    pub fn main_argument(&self) -> Option<&Item> {
        self.items_of(ItemKind::Argument).next()
    }
}

/// Options that change what a checklist may reveal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Privacy {
    /// Show HIV, TB, hepatitis C, mental health and other health details.
    pub include_health: bool,
}

/// Builds the checklist for `record` at `hearing` (or with no hearing scheduled).
pub fn checklist(
    record: &Record,
    hearing: Option<&Hearing>,
    urgency: &Urgency,
    today: NaiveDate,
    weights: &Weights,
    rules: &Rules,
    privacy: Privacy,
) -> Checklist {
    let facts = Facts::of(record, urgency, today, weights);
    let withheld = !privacy.include_health;
    let mut items: Vec<Item> = urgency
        .notices
        .iter()
        .map(|n| Item {
            kind: ItemKind::Notice,
            text: n.text.clone(),
            basis: urgency.law.clone(),
        })
        .collect();
    for rule in &rules.rules {
        if !facts.applies(rule, record) {
            continue;
        }
        // A health rule without a private wording is left out entirely when details are withheld.
        let text = match (rule.health && withheld, &rule.private_text) {
            (false, _) => &rule.text,
            (true, Some(private)) => private,
            (true, None) => continue,
        };
        let item = Item {
            kind: rule.kind,
            text: facts.fill(text, record),
            basis: facts.fill(&rule.basis, record),
        };
        // Two rules can share a private wording ("Medical care in custody"): say it once.
        if !items
            .iter()
            .any(|i| i.kind == item.kind && i.text == item.text)
        {
            items.push(item);
        }
    }
    items.sort_by_key(|i| i.kind);

    let why_now = urgency
        .reasons
        .iter()
        .map(|r| WhyNow {
            // Age alone (60+) is not a health detail; a named condition is.
            text: if HEALTH_SIGNALS.contains(&r.signal)
                && !privacy.include_health
                && !record.detainee.health.is_empty()
            {
                "Health grounds (details withheld; export with health details to see them)"
                    .to_string()
            } else {
                r.text.clone()
            },
            points: r.points,
        })
        .collect();

    Checklist {
        id: record.detainee.id,
        name: record.detainee.name.clone(),
        hearing: hearing.cloned(),
        who: who(record, privacy),
        case: case_facts(record, urgency, today),
        total: urgency.total,
        band: urgency.band,
        why_now,
        items,
        health_included: privacy.include_health,
    }
}

fn fact(label: &'static str, value: impl Into<String>) -> Entry {
    Entry {
        label,
        value: value.into(),
    }
}

fn yes_no(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "yes",
        Some(false) => "no",
        None => "not recorded",
    }
}

fn who(record: &Record, privacy: Privacy) -> Vec<Entry> {
    let d = &record.detainee;
    let mut who = vec![fact("Name", d.name.clone())];
    if let Some(father) = &d.father_name {
        who.push(fact("Father/husband", father.clone()));
    }
    if let Some(gender) = d.gender {
        who.push(fact("Gender", gender.code()));
    }
    if let Some(age) = record.age_at_arrest() {
        who.push(fact("Age at arrest", age.to_string()));
    }
    if d.juvenile_claimed == Some(true) {
        who.push(fact("Age claim", "says under 18; not verified"));
    }
    if d.pregnant == Some(true) {
        let due = d
            .due_date
            .map(|due| format!("yes, due {due}"))
            .unwrap_or_else(|| "yes".to_string());
        who.push(fact("Pregnant", due));
    }
    if let Some(children) = d.children_in_prison.filter(|&n| n > 0) {
        let ages: Vec<String> = d.children_ages.iter().map(u32::to_string).collect();
        let value = if ages.is_empty() {
            children.to_string()
        } else {
            format!("{children} (ages {})", ages.join(", "))
        };
        who.push(fact("Children in prison", value));
    }
    if !d.health.is_empty() {
        let value = if privacy.include_health {
            d.health
                .iter()
                .map(|h: &Health| h.label())
                .collect::<Vec<_>>()
                .join(", ")
        } else {
            "withheld (export with health details to include)".to_string()
        };
        who.push(fact("Health", value));
    }
    who.push(fact(
        "Prison",
        d.prison.clone().unwrap_or_else(|| "not recorded".into()),
    ));
    if let Some(number) = &d.prisoner_number {
        who.push(fact("Prisoner no.", number.clone()));
    }
    who
}

fn case_facts(record: &Record, urgency: &Urgency, today: NaiveDate) -> Vec<Entry> {
    let c = &record.case;
    let mut facts = vec![fact("Law", urgency.law.clone())];
    let optional = [
        ("Section", &c.section),
        ("FIR", &c.fir_number),
        ("Police station", &c.police_station),
        ("District", &c.district),
        ("Court", &c.court),
        ("Lawyer", &c.lawyer),
    ];
    for (label, value) in optional {
        if let Some(value) = value {
            facts.push(fact(label, value.clone()));
        }
    }
    if let Some(date) = c.fir_date {
        facts.push(fact("FIR date", date.to_string()));
    }
    let recovered = match (c.substance, c.quantity_grams) {
        (Some(s), Some(g)) => Some(format!("{}, {} g", s.label(), format_grams(g))),
        (Some(s), None) => Some(s.label().to_string()),
        (None, Some(g)) => Some(format!("{} g", format_grams(g))),
        (None, None) => None,
    };
    if let Some(recovered) = recovered {
        facts.push(fact("Recovered", recovered));
    }
    facts.push(fact("Arrested", c.arrest_date.to_string()));
    facts.push(fact(
        "Days in custody",
        record.days_in_custody(today).to_string(),
    ));
    facts.push(fact("Stage", c.stage.label()));
    facts.push(fact(
        "Bail",
        c.bail_status.map_or("not recorded", |b| b.label()),
    ));
    facts.push(fact("Capital charge", yes_no(c.capital_charge)));
    facts.push(fact("Previous conviction", yes_no(c.previous_conviction)));
    if c.previous_conviction_death_life.is_some() {
        facts.push(fact(
            "Previous conviction (death/life)",
            yes_no(c.previous_conviction_death_life),
        ));
    }
    if let Some(date) = c.judgment_date {
        facts.push(fact("Judgment", date.to_string()));
    }
    if let Some(years) = c.sentence_years {
        facts.push(fact("Sentence", format!("{years} years")));
    }
    facts.push(fact("Delay by defence", yes_no(c.delay_by_defence)));
    let past: Vec<String> = record
        .hearings
        .iter()
        .filter(|h| h.date < today)
        .map(|h| {
            format!(
                "{}: {}",
                h.date,
                h.outcome.as_deref().unwrap_or("no outcome recorded")
            )
        })
        .collect();
    if !past.is_empty() {
        facts.push(fact("Past hearings", past.join("; ")));
    }
    facts
}

/// The facts about one person that rules test and texts quote.
struct Facts {
    juvenile: bool,
    under_sixteen: bool,
    sick: bool,
    statutory_due: bool,
    statutory_near: bool,
    statutory_blocked: bool,
    low_quantity: bool,
    bail_never_sought: bool,
    age: Option<u32>,
    days: i64,
    statutory_date: Option<NaiveDate>,
    blocked_by: Option<&'static str>,
    version: Version,
    offence_date: NaiveDate,
    offence: Option<OffenceClass>,
    /// The offence class rests on an unconfirmed slab.
    offence_unconfirmed: bool,
    slab_not_encoded: bool,
    low_slab: Option<String>,
    appeal_deadline: Option<NaiveDate>,
    appeal_note: &'static str,
}

impl Facts {
    fn of(record: &Record, urgency: &Urgency, today: NaiveDate, weights: &Weights) -> Facts {
        let t = &weights.thresholds;
        let tf = triage::Facts::of(record, today);
        let age = record.age_at_arrest();
        let days = record.days_in_custody(today);
        let sb = urgency.statutory_bail;
        let until = sb.map(|s| (s.due - today).num_days());
        let open = sb.is_some_and(|s| s.blocked_by.is_none());
        let applicable = tf.applicable(weights);
        let c = &record.case;
        let finding = law::slab_of(
            applicable.version,
            c.substance,
            c.quantity_grams,
            &weights.slab,
        );
        let (offence, offence_unconfirmed) = law::offence_class(finding, tf.capital(weights));
        let low = law::lowest_slab(
            applicable.version,
            c.substance,
            c.quantity_grams,
            &weights.slab,
        );
        Facts {
            juvenile: age.is_some_and(|a| a < t.juvenile_age),
            under_sixteen: age.is_some_and(|a| a < t.under_sixteen_age),
            sick: record.detainee.health.iter().any(|h| h.is_sickness())
                || record.age_on(today).is_some_and(|a| a >= t.elderly_age),
            statutory_due: open && until.is_some_and(|u| u <= 0),
            statutory_near: open && until.is_some_and(|u| u > 0 && u <= t.statutory_bail_near_days),
            statutory_blocked: sb.is_some_and(|s| s.blocked_by.is_some()),
            low_quantity: low.is_some(),
            bail_never_sought: record.case.bail_status == Some(BailStatus::NotApplied)
                && days > t.bail_never_sought_days,
            age,
            days,
            statutory_date: sb.map(|s| s.due),
            blocked_by: sb.and_then(|s| s.blocked_by),
            version: applicable.version,
            offence_date: applicable.offence_date,
            offence,
            offence_unconfirmed,
            slab_not_encoded: matches!(finding, SlabFinding::NotEncoded),
            low_slab: low.map(triage::slab_basis),
            appeal_deadline: tf.appeal_deadline(weights),
            appeal_note: triage::unconfirmed_appeal(weights),
        }
    }

    /// Whether `rule` applies: its laws, stages, offence dates, persons and conditions.
    fn applies(&self, rule: &Rule, record: &Record) -> bool {
        let c = &record.case;
        rule.laws.as_ref().is_none_or(|l| l.contains(&c.law))
            && rule.stages.as_ref().is_none_or(|s| s.contains(&c.stage))
            && rule.offence_from.is_none_or(|d| self.offence_date >= d)
            && rule.offence_before.is_none_or(|d| self.offence_date < d)
            && (rule.persons.is_empty()
                || rule
                    .persons
                    .iter()
                    .any(|p| self.holds(p.fact, record) != p.negated))
            && rule
                .when
                .iter()
                .all(|w| self.holds(w.fact, record) != w.negated)
    }

    fn holds(&self, fact: Fact, record: &Record) -> bool {
        let d = &record.detainee;
        let c = &record.case;
        match fact {
            Fact::Woman => record.is_woman(),
            Fact::Man => d.gender == Some(Gender::Male) && !record.is_woman(),
            Fact::Transgender => d.gender == Some(Gender::Transgender),
            Fact::Pregnant => d.pregnant == Some(true),
            Fact::Juvenile => self.juvenile,
            Fact::UnderSixteen => self.under_sixteen,
            Fact::JuvenileClaimed => d.juvenile_claimed == Some(true) && !self.juvenile,
            // As triage scores it: children stay with their mother, never with a man.
            Fact::ChildrenInPrison => {
                d.children_in_prison.is_some_and(|n| n > 0)
                    && (record.is_woman() || d.gender != Some(Gender::Male))
            }
            Fact::Sick => self.sick,
            Fact::OpioidDependence => d.health.contains(&Health::OpioidDependence),
            Fact::StatutoryBailDue => self.statutory_due,
            Fact::StatutoryBailNear => self.statutory_near,
            Fact::StatutoryBailBlocked => self.statutory_blocked,
            Fact::LowQuantity => self.low_quantity,
            Fact::NoLawyer => c.lawyer.as_deref().is_none_or(|l| l.trim().is_empty()),
            Fact::BailNeverSought => self.bail_never_sought,
            Fact::BailRejected => c.bail_status == Some(BailStatus::Rejected),
            Fact::FirstOffence => c.first_offence == Some(true),
            Fact::CapitalCharge => c.capital_charge == Some(true),
            Fact::TrialPending => c.stage.trial_pending(),
            Fact::Offence(class) => self.offence == class,
            Fact::SlabNotEncoded => self.slab_not_encoded,
            Fact::AppealDeadline => self.appeal_deadline.is_some(),
            Fact::Law(law) => c.law == law,
            Fact::Stage(stage) => c.stage == stage,
            Fact::Version(version) => self.version == version,
            Fact::Weakness(code) => record.findings.iter().any(|f| f.code == code),
        }
    }

    /// Fills the placeholders of a rule's text.
    fn fill(&self, text: &str, record: &Record) -> String {
        let c = &record.case;
        let unknown = || "not recorded".to_string();
        text.replace("{arrest_date}", &c.arrest_date.to_string())
            .replace("{days_in_custody}", &self.days.to_string())
            .replace(
                "{statutory_bail_date}",
                &self.statutory_date.map_or_else(unknown, |d| d.to_string()),
            )
            .replace(
                "{quantity}",
                &c.quantity_grams
                    .map_or_else(unknown, |g| format!("{} g", format_grams(g))),
            )
            .replace("{age}", &self.age.map_or_else(unknown, |a| a.to_string()))
            .replace(
                "{blocked_by}",
                self.blocked_by.unwrap_or("no exception is recorded"),
            )
            .replace(
                "{offence_class}",
                &match (self.offence, self.offence_unconfirmed) {
                    (Some(class), false) => class.code().to_string(),
                    (Some(class), true) => format!("{} (slab unconfirmed)", class.code()),
                    (None, _) => "not determined".to_string(),
                },
            )
            .replace(
                "{slab}",
                self.low_slab.as_deref().unwrap_or("not determined"),
            )
            .replace(
                "{appeal_deadline}",
                &self.appeal_deadline.map_or_else(
                    || "not known (record the judgment date)".to_string(),
                    |d| d.to_string(),
                ),
            )
            .replace("{appeal_note}", self.appeal_note)
            .replace("{version}", self.version.label())
            .replace("{offence_date}", &self.offence_date.to_string())
            .replace("{law}", c.law.label())
            .replace("{section}", c.section.as_deref().unwrap_or("not recorded"))
    }
}
