//! Synthetic demo caseload: realistic, deterministic records for demos, screenshots, tests and
//! benchmarks. The same `(seed, today)` always gives the same people, and record `i` does not
//! depend on how many are asked for. Every person is invented; names are common Pakistani names
//! combined at random. Pure: no IO, no clock.

use super::model::{
    BailStatus, Case, Detainee, Finding, Gender, Health, Hearing, Law, Record, Stage, Substance,
    Weakness,
};
use chrono::{Datelike, Days, NaiveDate};
use fastrand::Rng;
use tables::*;

mod tables;

/// A good size for a demo caseload: what one clinic might carry.
pub const DEFAULT_COUNT: usize = 400;

/// The synthetic caseload: an iterator of `count` records, deterministic for its arguments.
#[derive(Debug, Clone)]
pub struct Demo {
    seed: u64,
    today: NaiveDate,
    next: usize,
    count: usize,
}

/// Generates `count` invented records as of `today`. The same arguments always give the same
/// records, and the first `n` records are the same whatever `count` is.
pub fn generate(count: usize, seed: u64, today: NaiveDate) -> Demo {
    Demo {
        seed,
        today,
        next: 0,
        count,
    }
}

impl Iterator for Demo {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        if self.next >= self.count {
            return None;
        }
        let record = record(self.seed, self.today, self.next);
        self.next += 1;
        Some(record)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.count - self.next;
        (left, Some(left))
    }
}

impl ExactSizeIterator for Demo {}

/// One invented person. Each record gets its own generator so records are independent.
fn record(seed: u64, today: NaiveDate, index: usize) -> Record {
    let mut rng = Rng::with_seed(mix(seed, index as u64));
    let rng = &mut rng;
    let gender = draw_gender(rng);
    let site = pick_site(rng);
    let station = pick(rng, site.stations);
    let days_ago = draw_days_in_custody(rng);
    let arrest_date = days_before(today, days_ago);
    let mut case = Case::new(arrest_date);
    let detainee = detainee(rng, gender, site, station.province, today, days_ago);
    fill_case(rng, &mut case, (site, station), days_ago, index);
    let hearings = hearings(rng, &case, today, days_ago);
    let bail_refused = hearings
        .iter()
        .any(|h| h.outcome.as_deref() == Some(BAIL_DISMISSED));
    if bail_refused && case.bail_status == Some(BailStatus::NotApplied) {
        case.bail_status = Some(BailStatus::Rejected);
    }
    let findings = findings(rng, &case, &hearings);
    Record {
        detainee,
        case,
        hearings,
        findings,
    }
}

/// SplitMix64 of the seed and index, so neighbouring records get unrelated generators.
fn mix(seed: u64, index: u64) -> u64 {
    let mut z = seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    &items[rng.usize(..items.len())]
}

fn pick_str(rng: &mut Rng, items: &[&'static str]) -> &'static str {
    items[rng.usize(..items.len())]
}

/// True with probability `p`.
fn chance(rng: &mut Rng, p: f64) -> bool {
    rng.f64() < p
}

fn days_before(today: NaiveDate, days: u64) -> NaiveDate {
    today.checked_sub_days(Days::new(days)).unwrap_or(today)
}

fn days_after(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_add_days(Days::new(days)).unwrap_or(date)
}

fn draw_gender(rng: &mut Rng) -> Gender {
    match rng.u32(0..1000) {
        0..910 => Gender::Male,
        910..990 => Gender::Female,
        _ => Gender::Transgender,
    }
}

fn pick_site(rng: &mut Rng) -> &'static Site {
    let total: u32 = SITES.iter().map(|s| s.weight).sum();
    let mut roll = rng.u32(0..total);
    for site in SITES {
        if roll < site.weight {
            return site;
        }
        roll -= site.weight;
    }
    &SITES[0]
}

/// Days from arrest to today: from a few days to about 2.5 years, most under a year.
fn draw_days_in_custody(rng: &mut Rng) -> u64 {
    3 + (rng.f64().powf(1.8) * 900.0) as u64
}

fn surnames(province: Province) -> &'static [&'static str] {
    match province {
        Province::Sindh => SINDH_SURNAMES,
        Province::Punjab | Province::Islamabad => PUNJAB_SURNAMES,
        Province::Kp => KP_SURNAMES,
        Province::Balochistan => BALOCHISTAN_SURNAMES,
    }
}

fn full_name(first: &str, last: &str) -> String {
    let mut name = String::with_capacity(first.len() + last.len() + 1);
    name.push_str(first);
    name.push(' ');
    name.push_str(last);
    name
}

/// The person's name and their father's (or husband's) name, sharing a family name.
fn names(rng: &mut Rng, gender: Gender, province: Province) -> (String, String) {
    if chance(rng, 0.02) && gender != Gender::Transgender {
        let own = match gender {
            Gender::Female => pick(rng, URDU_FEMALE_NAMES),
            _ => pick(rng, URDU_MALE_NAMES),
        };
        return (own.to_string(), pick(rng, URDU_FATHER_NAMES).to_string());
    }
    let family = *pick(rng, surnames(province));
    let father = full_name(pick_str(rng, MALE_NAMES), family);
    let name = match gender {
        Gender::Male => full_name(pick_str(rng, MALE_NAMES), family),
        Gender::Female if chance(rng, 0.4) => full_name(pick_str(rng, FEMALE_NAMES), "Bibi"),
        Gender::Female => full_name(pick_str(rng, FEMALE_NAMES), family),
        Gender::Transgender if chance(rng, 0.5) => pick(rng, TRANSGENDER_NAMES).to_string(),
        Gender::Transgender => full_name(pick_str(rng, TRANSGENDER_NAMES), family),
    };
    (name, father)
}

/// Age at arrest: about 5% juveniles (some under 16), mostly 19–45, a few 60 and over.
fn draw_age(rng: &mut Rng) -> u32 {
    match rng.u32(0..100) {
        0..5 => *pick(rng, &[13, 14, 15, 15, 16, 16, 16, 17, 17, 17]),
        5..9 => rng.u32(18..=19),
        9..83 => rng.u32(19..=45),
        83..97 => rng.u32(46..=59),
        _ => rng.u32(60..=72),
    }
}

fn detainee(
    rng: &mut Rng,
    gender: Gender,
    site: &Site,
    province: Province,
    today: NaiveDate,
    days_ago: u64,
) -> Detainee {
    let (name, father_name) = names(rng, gender, province);
    let arrest_date = days_before(today, days_ago);
    let age = draw_age(rng);
    let mut d = Detainee {
        name,
        father_name: Some(father_name),
        gender: Some(gender),
        ..Detainee::default()
    };
    set_age(rng, &mut d, age, arrest_date);
    let (prison, code) = if gender == Gender::Female && province == Province::Sindh {
        WOMENS_JAIL_KARACHI
    } else {
        (site.prison, site.code)
    };
    d.prison = Some(prison.to_string());
    d.prisoner_number = Some(format!(
        "{code}/{}/{:05}",
        arrest_date.year(),
        rng.u32(1..100_000)
    ));
    if gender == Gender::Female {
        set_motherhood(rng, &mut d, age, today, days_ago);
    }
    d.health = draw_health(rng, gender, age);
    if chance(rng, 0.08) {
        d.notes = Some(pick(rng, NOTES).to_string());
    }
    d
}

/// Records age as a clinic would know it: a date of birth for some, an age from the FIR for
/// others, and for a few young adults an unverified claim to have been under 18.
fn set_age(rng: &mut Rng, d: &mut Detainee, age: u32, arrest_date: NaiveDate) {
    let claims_juvenile = (18..=20).contains(&age) && chance(rng, 0.3);
    if claims_juvenile {
        d.juvenile_claimed = Some(true);
        d.age_at_arrest = chance(rng, 0.5).then_some(age);
        return;
    }
    if chance(rng, 0.35) {
        let days = u64::from(age) * 365 + u64::from(age / 4) + rng.u64(1..365);
        d.date_of_birth = Some(days_before(arrest_date, days));
    } else {
        d.age_at_arrest = Some(age);
    }
    if chance(rng, 0.3) {
        d.juvenile_claimed = Some(false);
    }
}

/// Pregnancy (only where conception before arrest is possible) and children held with her.
fn set_motherhood(rng: &mut Rng, d: &mut Detainee, age: u32, today: NaiveDate, days_ago: u64) {
    let can_be_pregnant = (18..=42).contains(&age) && days_ago < 250;
    if can_be_pregnant && chance(rng, 0.2) {
        d.pregnant = Some(true);
        let latest = 280 - days_ago;
        d.due_date = Some(days_after(today, rng.u64(7..=latest)));
    } else {
        d.pregnant = Some(false);
    }
    if (18..=50).contains(&age) && chance(rng, 0.25) {
        d.children_in_prison = Some(*pick(rng, &[1, 1, 1, 2, 2, 3]));
    }
}

fn draw_health(rng: &mut Rng, gender: Gender, age: u32) -> Vec<Health> {
    let mut health = Vec::new();
    let opioids = chance(rng, 0.15);
    let hiv_rate = match (opioids, gender) {
        (true, _) => 0.15,
        (false, Gender::Transgender) => 0.10,
        (false, _) => 0.02,
    };
    let elderly = if age >= 60 { 0.15 } else { 0.0 };
    let rates = [
        (Health::Hiv, hiv_rate),
        (Health::Tb, 0.03),
        (Health::HepatitisC, if opioids { 0.25 } else { 0.05 }),
        (Health::OpioidDependence, if opioids { 1.0 } else { 0.0 }),
        (Health::Disability, 0.01 + elderly / 3.0),
        (Health::MentalIllness, 0.02),
        (Health::SeriousIllness, 0.02 + elderly),
    ];
    for (condition, rate) in rates {
        if chance(rng, rate) {
            health.push(condition);
        }
    }
    health
}

/// The law by where and when the offence was (DOMAIN.md §2); the arrest date stands in for it.
fn law_for(province: Province, arrest_date: NaiveDate) -> Law {
    let from = |y, m| NaiveDate::from_ymd_opt(y, m, 1).is_some_and(|d| arrest_date >= d);
    match province {
        Province::Sindh if from(2024, 10) => Law::Sindh2024,
        Province::Punjab if from(2025, 1) => Law::Punjab2025,
        Province::Kp => Law::Kp2019,
        _ => Law::Cnsa1997,
    }
}

fn draw_substance(rng: &mut Rng) -> Substance {
    match rng.u32(0..100) {
        0..48 => Substance::Charas,
        48..78 => Substance::Heroin,
        78..87 => Substance::Ice,
        87..93 => Substance::Opium,
        93..95 => Substance::PoppyStraw,
        95..96 => Substance::Cocaine,
        _ => Substance::Other,
    }
}

/// Grams recovered: half under 100 g, some over a kilogram, a few very large.
fn draw_quantity(rng: &mut Rng, substance: Substance) -> f64 {
    let grams = match rng.u32(0..100) {
        0..50 => rng.u32(2..100),
        50..80 => rng.u32(100..1000),
        80..97 => rng.u32(100..1000) * 10,
        _ => rng.u32(10..60) * 1000,
    };
    let grams = if substance == Substance::PoppyStraw {
        grams * 10
    } else {
        grams
    };
    f64::from(grams)
}

/// The old CNSA s.9 slab letter for a quantity (demo text only; the rules live in the weights).
fn section_for(grams: f64) -> &'static str {
    if grams <= 100.0 {
        "9(a)"
    } else if grams <= 1000.0 {
        "9(b)"
    } else {
        "9(c)"
    }
}

fn fill_case(
    rng: &mut Rng,
    case: &mut Case,
    (site, station): (&Site, &Station),
    days_in_custody: u64,
    index: usize,
) {
    let fir_lag = if chance(rng, 0.85) {
        0
    } else {
        rng.u64(1..=20)
    };
    let fir_date = days_before(case.arrest_date, fir_lag);
    case.law = law_for(station.province, case.arrest_date);
    let substance = draw_substance(rng);
    let grams = draw_quantity(rng, substance);
    case.substance = Some(substance);
    case.quantity_grams = Some(grams);
    case.section = Some(section_for(grams).to_string());
    // The index makes every FIR number distinct, so natural keys never collide.
    let fir_serial = index * 3 + 1 + rng.usize(0..3);
    case.fir_number = Some(format!("{fir_serial}/{}", fir_date.year()));
    case.fir_date = Some(fir_date);
    case.police_station = Some(station.name.to_string());
    case.district = Some(station.district.to_string());
    case.court = Some(pick(rng, station.courts).to_string());
    if !chance(rng, 0.3) {
        case.lawyer = Some(pick(rng, site.lawyers).to_string());
    }
    set_stage_and_bail(rng, case, days_in_custody);
    set_history(rng, case, grams);
}

/// Stage from how long the case has run; bail status consistent with it.
fn set_stage_and_bail(rng: &mut Rng, case: &mut Case, days_in_custody: u64) {
    let long_running = days_in_custody > 200;
    // The police report (challan) often takes months, so investigation outlasts the 14 days.
    let investigating = days_in_custody < 60 || (days_in_custody < 200 && chance(rng, 0.4));
    let (stage, bail) = match rng.u32(0..100) {
        0..4 => (Stage::Released, Some(BailStatus::Granted)),
        4..7 => (Stage::Acquitted, Some(BailStatus::Rejected)),
        7..12 if long_running => (Stage::Convicted, Some(BailStatus::Rejected)),
        12..15 if long_running => (Stage::JudgmentReserved, draw_bail(rng)),
        _ if investigating => (Stage::Investigation, draw_bail(rng)),
        _ => (Stage::Trial, draw_bail(rng)),
    };
    case.stage = stage;
    case.bail_status = bail;
}

fn draw_bail(rng: &mut Rng) -> Option<BailStatus> {
    match rng.u32(0..100) {
        0..30 => Some(BailStatus::NotApplied),
        30..60 => Some(BailStatus::Pending),
        60..92 => Some(BailStatus::Rejected),
        _ => None,
    }
}

/// Charges and record: capital charges and previous convictions are rare.
fn set_history(rng: &mut Rng, case: &mut Case, grams: f64) {
    case.capital_charge = if grams > 1000.0 && chance(rng, 0.05) {
        Some(true)
    } else if chance(rng, 0.8) {
        Some(false)
    } else {
        None
    };
    let previous = chance(rng, 0.03);
    case.previous_conviction = if previous {
        Some(true)
    } else {
        chance(rng, 0.6).then_some(false)
    };
    // Only a conviction for an offence punishable with death or life blocks statutory bail
    // (fourth proviso): say so for the previous convictions of large quantities, without a
    // further draw, so the rest of the demo stays as it was.
    case.previous_conviction_death_life = previous.then_some(grams > 1000.0);
    case.first_offence = match (previous, rng.u32(0..100)) {
        (true, _) => Some(false),
        (false, 0..65) => Some(true),
        (false, 65..75) => Some(false),
        _ => None,
    };
    case.delay_by_defence = if chance(rng, 0.02) {
        Some(true)
    } else {
        chance(rng, 0.5).then_some(false)
    };
}

/// Past hearings spread between arrest and today, and for most people in custody a next date
/// within 45 days.
fn hearings(rng: &mut Rng, case: &Case, today: NaiveDate, days_ago: u64) -> Vec<Hearing> {
    let possible = (days_ago / 30).min(5) as usize;
    let past = if possible == 0 {
        0
    } else {
        rng.usize(0..=possible)
    };
    let mut hearings = Vec::with_capacity(past + 1);
    let step = days_ago / (past as u64 + 1);
    for i in 0..past {
        let (purpose, outcome) = if case.delay_by_defence == Some(true) && i == past - 1 {
            DEFENCE_ADJOURNMENT
        } else {
            *pick(rng, PAST_HEARINGS)
        };
        let offset = step * (i as u64 + 1) + rng.u64(0..step.clamp(1, 7));
        hearings.push(Hearing {
            id: 0,
            date: days_after(case.arrest_date, offset.min(days_ago - 1)),
            court: case.court.clone(),
            purpose: Some(purpose.to_string()),
            outcome: Some(outcome.to_string()),
        });
    }
    let awaits_court = case.stage.trial_pending() && case.bail_status != Some(BailStatus::Granted);
    if awaits_court && chance(rng, 0.88) {
        let purpose = match case.stage {
            Stage::Investigation => "remand",
            Stage::JudgmentReserved => "judgment",
            _ => "evidence",
        };
        hearings.push(Hearing {
            id: 0,
            date: days_after(today, rng.u64(0..=45)),
            court: case.court.clone(),
            purpose: Some(purpose.to_string()),
            outcome: None,
        });
    }
    hearings
}

/// 0–3 distinct weaknesses, some suggested by the quantity and the hearing history.
fn findings(rng: &mut Rng, case: &Case, hearings: &[Hearing]) -> Vec<Finding> {
    let mut codes: Vec<Weakness> = Vec::new();
    let grams = case.quantity_grams.unwrap_or(0.0);
    let near_slab = (100.0..=130.0).contains(&grams) || (1000.0..=1200.0).contains(&grams);
    if near_slab && chance(rng, 0.6) {
        codes.push(Weakness::NearSlabBoundary);
    }
    let witness_absent = hearings
        .iter()
        .any(|h| h.outcome.as_deref() == Some("adjourned: prosecution witness absent"));
    if witness_absent && chance(rng, 0.5) {
        codes.push(Weakness::ProsecutionDelay);
    }
    let wanted = match rng.u32(0..10) {
        0..4 => 0,
        4..7 => 1,
        7..9 => 2,
        _ => 3,
    };
    let total: u32 = WEAKNESSES.iter().map(|(_, w)| w).sum();
    while codes.len() < wanted {
        let mut roll = rng.u32(0..total);
        let mut chosen = Weakness::Other;
        for &(code, weight) in WEAKNESSES {
            if roll < weight {
                chosen = code;
                break;
            }
            roll -= weight;
        }
        if !codes.contains(&chosen) {
            codes.push(chosen);
        }
    }
    codes
        .into_iter()
        .map(|code| Finding {
            code,
            note: note_for(rng, code),
        })
        .collect()
}

fn note_for(rng: &mut Rng, code: Weakness) -> Option<String> {
    let note = match code {
        Weakness::SampleLate => format!("sample reached the lab after {} days", rng.u32(4..=12)),
        Weakness::Other => "recovery witnesses differ on the place of arrest".to_string(),
        _ => return None,
    };
    Some(note)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 6, 15).expect("valid date")
    }

    #[test]
    fn same_seed_gives_the_same_records_and_prefixes_agree() {
        let a: Vec<Record> = generate(200, 7, today()).collect();
        let b: Vec<Record> = generate(200, 7, today()).collect();
        assert_eq!(a, b);
        let prefix: Vec<Record> = generate(50, 7, today()).collect();
        assert_eq!(prefix[..], a[..50]);
    }

    #[test]
    fn different_seeds_give_different_records() {
        let a: Vec<Record> = generate(50, 1, today()).collect();
        let b: Vec<Record> = generate(50, 2, today()).collect();
        assert_ne!(a, b);
    }

    #[test]
    fn reports_its_exact_length() {
        let demo = generate(17, 1, today());
        assert_eq!(demo.len(), 17);
        assert_eq!(demo.count(), 17);
    }

    #[test]
    fn law_follows_province_and_date() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("valid date");
        assert_eq!(law_for(Province::Sindh, day(2024, 9, 30)), Law::Cnsa1997);
        assert_eq!(law_for(Province::Sindh, day(2024, 10, 1)), Law::Sindh2024);
        assert_eq!(law_for(Province::Punjab, day(2024, 12, 31)), Law::Cnsa1997);
        assert_eq!(law_for(Province::Punjab, day(2025, 1, 1)), Law::Punjab2025);
        assert_eq!(law_for(Province::Kp, day(2023, 1, 1)), Law::Kp2019);
        assert_eq!(law_for(Province::Islamabad, day(2025, 3, 1)), Law::Cnsa1997);
        assert_eq!(
            law_for(Province::Balochistan, day(2025, 3, 1)),
            Law::Cnsa1997
        );
    }
}
