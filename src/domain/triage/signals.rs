//! The signals (DOMAIN.md §4) and where they go: every rule that adds points, in order, into a
//! [`Sink`] that either keeps each reason's sentence and basis or only adds the points.

use super::super::law::Version;
use super::super::model::{BailStatus, Gender, Health, Law, Stage};
use super::super::weights::{Sig, Weights, sig};
use super::{
    Facts, Reason, StatutoryBail, format_grams, law, slab_basis, statutory_bail_of,
    unconfirmed_appeal,
};
use chrono::NaiveDate;

/// What every signal needs to know about where it stands: the weights, and the law, stage and
/// offence date that decide whether a signal applies.
pub(super) struct Ctx<'w> {
    weights: &'w Weights,
    law: Law,
    stage: Stage,
    offence: NaiveDate,
}

/// Where the signals go: the explained score keeps each reason's sentence and basis; the fast
/// total only adds points and never formats a string. Both skip a signal the weights file
/// switches off or scopes away from this law, stage or offence date.
pub(super) trait Sink {
    fn add_with(
        &mut self,
        cx: &Ctx,
        signal: Sig,
        points: i64,
        text: impl FnOnce() -> String,
        basis: impl FnOnce(&str) -> String,
    );

    fn add(&mut self, cx: &Ctx, signal: Sig, points: i64, text: impl FnOnce() -> String) {
        self.add_with(cx, signal, points, text, str::to_string);
    }
}

impl Sink for Vec<Reason> {
    fn add_with(
        &mut self,
        cx: &Ctx,
        signal: Sig,
        points: i64,
        text: impl FnOnce() -> String,
        basis: impl FnOnce(&str) -> String,
    ) {
        let rule = cx.weights.signal_at(signal);
        if points != 0 && rule.applies(cx.law, cx.stage, cx.offence) {
            self.push(Reason {
                signal: signal.name,
                points,
                text: text(),
                basis: basis(rule.basis_for(cx.law)),
            });
        }
    }
}

/// The fast path: the sum, and whether a signal that sets a band floor scored.
pub(super) struct Tally<'w> {
    pub(super) total: i64,
    pub(super) floored: bool,
    pub(super) floor_signals: &'w [String],
}

impl Sink for Tally<'_> {
    fn add_with(
        &mut self,
        cx: &Ctx,
        signal: Sig,
        points: i64,
        _: impl FnOnce() -> String,
        _: impl FnOnce(&str) -> String,
    ) {
        if points != 0
            && cx
                .weights
                .signal_at(signal)
                .applies(cx.law, cx.stage, cx.offence)
        {
            self.total += points;
            self.floored = self.floored || self.floor_signals.iter().any(|s| s == signal.name);
        }
    }
}

/// Every signal of DOMAIN.md §4, in order, into `sink`. The one place the rules live.
pub(super) fn signals(
    f: &Facts,
    today: NaiveDate,
    weights: &Weights,
    sink: &mut impl Sink,
) -> Option<StatutoryBail> {
    let applicable = f.applicable(weights);
    let cx = &Ctx {
        weights,
        law: f.law,
        stage: f.stage,
        offence: applicable.offence_date,
    };
    person(f, today, cx, sink);
    let statutory_bail = custody(f, today, cx, sink);
    case(f, today, cx, applicable.version, sink);
    hearing(f, today, cx, sink);
    statutory_bail
}

/// Who the person is: pregnancy, age, gender, children with her, health.
fn person(f: &Facts, today: NaiveDate, cx: &Ctx, sink: &mut impl Sink) {
    let (p, t) = (&cx.weights.points, &cx.weights.thresholds);
    pregnancy(f, today, cx, sink);

    let age = f.age_at_arrest();
    let juvenile = age.is_some_and(|a| a < t.juvenile_age);
    if let Some(age) = age.filter(|_| juvenile) {
        sink.add(cx, sig::JUVENILE, p.juvenile, || {
            format!("Juvenile: {age} at arrest, must be held apart from adults")
        });
        if age < t.under_sixteen_age {
            sink.add(cx, sig::UNDER_SIXTEEN, p.under_sixteen, || {
                format!("Under {}: bail is the rule", t.under_sixteen_age)
            });
        }
    }
    if f.juvenile_claimed == Some(true) && !juvenile {
        sink.add(cx, sig::JUVENILE_CLAIMED, p.juvenile_claimed, || {
            "Says under 18, age not verified: age determination needed".to_string()
        });
    }

    let woman = f.treated_as_woman();
    if woman {
        sink.add(cx, sig::WOMAN, p.woman, || {
            "Woman: bail is the rule, refusal the exception".to_string()
        });
    }
    // Children live in prison with their mother: recorded for a man, it is a mistake to fix
    // (the notices say so), not a ground.
    if let Some(children) = f
        .children_in_prison
        .filter(|&n| n > 0 && (woman || f.gender != Some(Gender::Male)))
    {
        let points = (p.children_in_prison
            + p.children_in_prison_each_more * (children as i64 - 1))
            .min(p.children_in_prison_max);
        let noun = if children == 1 { "child" } else { "children" };
        sink.add(cx, sig::CHILDREN_IN_PRISON, points, || {
            format!("{children} {noun} living with her in prison")
        });
    }

    let sick = f.health.iter().any(|h| h.is_sickness());
    let elderly = f.age_on(today).filter(|&a| a >= t.elderly_age);
    if sick || elderly.is_some() {
        sink.add(cx, sig::SICK_OR_INFIRM, p.sick_or_infirm, || {
            let mut what = f
                .health
                .iter()
                .filter(|h| h.is_sickness())
                .map(|h| h.label())
                .collect::<Vec<_>>()
                .join(", ");
            if let Some(age) = elderly {
                if !what.is_empty() {
                    what.push_str(", ");
                }
                what.push_str(&format!("aged {age}"));
            }
            format!("Sick or infirm: {what}")
        });
    }
    if f.health.contains(&Health::OpioidDependence) {
        sink.add(cx, sig::OPIOID_DEPENDENCE, p.opioid_dependence, || {
            "Opioid dependence: withdrawal in custody, needs substitution therapy".to_string()
        });
    }
}

/// Pregnancy, more points late in it.
fn pregnancy(f: &Facts, today: NaiveDate, cx: &Ctx, sink: &mut impl Sink) {
    let (p, t) = (&cx.weights.points, &cx.weights.thresholds);
    if f.pregnant == Some(true) {
        match f.due_date {
            // A due date that has passed is a stale record, not a late pregnancy: no points
            // until it is updated (the notices ask for that).
            Some(due) if due < today => {}
            Some(due) => {
                let weeks_to_due = (due - today).num_days().div_euclid(7);
                let weeks = 40 - weeks_to_due;
                let late = if weeks >= t.pregnant_late_weeks {
                    p.pregnant_late
                } else {
                    0
                };
                sink.add(cx, sig::PREGNANT, p.pregnant + late, || {
                    format!("Pregnant, {weeks} weeks (due {due})")
                });
            }
            None => sink.add(cx, sig::PREGNANT, p.pregnant, || {
                "Pregnant (due date not recorded)".to_string()
            }),
        }
    }
}

/// How long they have been held, and the statutory-bail date that follows from it.
fn custody(f: &Facts, today: NaiveDate, cx: &Ctx, sink: &mut impl Sink) -> Option<StatutoryBail> {
    let p = &cx.weights.points;
    let t = &cx.weights.thresholds;
    let days = f.days_in_custody(today);
    let capped_days = days.min(365 * p.custody_max_years);
    let custody_points = (p.custody_per_year as f64 * capped_days as f64 / 365.0).round() as i64;
    sink.add(cx, sig::TIME_IN_CUSTODY, custody_points, || {
        format!("In custody {days} days, since arrest on {}", f.arrest_date)
    });

    let statutory_bail = statutory_bail_of(f, cx.weights);
    if let Some(sb) = statutory_bail.filter(|sb| sb.blocked_by.is_none()) {
        let until = (sb.due - today).num_days();
        let sindh = if f.law == Law::Sindh2024 {
            "; Sindh 2024 s.35 bars trial-court bail: High Court writ"
        } else {
            ""
        };
        if until <= 0 {
            sink.add(cx, sig::STATUTORY_BAIL_DUE, p.statutory_bail_due, || {
                format!(
                    "Statutory bail due since {}, {} days ago{sindh}",
                    sb.due, -until
                )
            });
        } else if until <= t.statutory_bail_near_days {
            sink.add(cx, sig::STATUTORY_BAIL_NEAR, p.statutory_bail_near, || {
                format!(
                    "Statutory bail falls due on {}, in {until} days{sindh}",
                    sb.due
                )
            });
        }
    }

    statutory_bail
}

/// The case itself: weaknesses, a low quantity, no lawyer, bail never sought.
fn case(f: &Facts, today: NaiveDate, cx: &Ctx, version: Version, sink: &mut impl Sink) {
    let (weights, p, t) = (cx.weights, &cx.weights.points, &cx.weights.thresholds);
    let days = f.days_in_custody(today);
    for &code in f.findings.iter() {
        sink.add(
            cx,
            Sig::weakness(code),
            cx.weights.weakness.for_code(code),
            || format!("Weak case: {}", code.label()),
        );
    }

    if let Some(slab) = law::lowest_slab(version, f.substance, f.quantity_grams, &weights.slab) {
        let grams = f.quantity_grams.unwrap_or_default();
        sink.add_with(
            cx,
            sig::LOW_QUANTITY,
            p.low_quantity,
            || format!("Low quantity: {} g", format_grams(grams)),
            |_| slab_basis(slab),
        );
    }
    if !f.has_lawyer {
        sink.add(cx, sig::NO_LAWYER, p.no_lawyer, || {
            "No lawyer assigned".to_string()
        });
    }
    if f.bail_status == Some(BailStatus::NotApplied) && days > t.bail_never_sought_days {
        sink.add(cx, sig::BAIL_NEVER_SOUGHT, p.bail_never_sought, || {
            format!("No bail application after {days} days in custody")
        });
    }
}

/// What is coming: the next hearing, a first offence to plead, an appeal deadline.
fn hearing(f: &Facts, today: NaiveDate, cx: &Ctx, sink: &mut impl Sink) {
    let (weights, p, t) = (cx.weights, &cx.weights.points, &cx.weights.thresholds);
    match f.next_hearing {
        Some(date) => {
            let until = (date - today).num_days();
            let points = if until <= t.hearing_very_soon_days {
                p.hearing_very_soon
            } else if until <= t.hearing_soon_days {
                p.hearing_soon
            } else {
                0
            };
            sink.add(cx, sig::HEARING_SOON, points, || {
                let when = match until {
                    0 => "today".to_string(),
                    1 => "tomorrow".to_string(),
                    n => format!("in {n} days"),
                };
                format!("Hearing {when} ({date}): prepare now")
            });
        }
        None if f.in_custody() => sink.add(
            cx,
            sig::NO_HEARING_SCHEDULED,
            p.no_hearing_scheduled,
            || "No future hearing date recorded".to_string(),
        ),
        None => {}
    }
    if f.first_offence == Some(true) {
        sink.add(cx, sig::FIRST_OFFENCE, p.first_offence, || {
            "First offence".to_string()
        });
    }
    if let Some(deadline) = f.appeal_deadline(weights) {
        let until = (deadline - today).num_days();
        if (0..=weights.law.appeal_near_days).contains(&until) {
            sink.add(
                cx,
                sig::APPEAL_DEADLINE_NEAR,
                p.appeal_deadline_near,
                || {
                    format!(
                        "Appeal deadline {deadline}, in {until} days{}",
                        unconfirmed_appeal(weights)
                    )
                },
            );
        }
    }
}
