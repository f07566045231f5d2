//! Tests of `domain::weights`.

use super::*;

#[test]
fn shipped_defaults_file_matches_built_in_defaults() {
    let parsed = Weights::from_toml(DEFAULT_WEIGHTS_TOML).expect("defaults parse");
    assert_eq!(parsed, Weights::default());
}

#[test]
fn a_clinic_file_from_before_the_slabs_is_told_where_the_quantity_went() {
    let old = "[thresholds]\njuvenile_age = 18\nlow_quantity_grams = 100.0\n";
    let error = Weights::from_toml(old)
        .expect_err("a retired key is refused")
        .to_string();
    assert!(
        error.starts_with("line 3: `low_quantity_grams` is no longer used"),
        "{error}"
    );
    assert!(error.contains("[[slab]]"), "{error}");
}

#[test]
fn signal_constants_follow_the_signal_list() {
    let all = [
        sig::PREGNANT,
        sig::JUVENILE,
        sig::UNDER_SIXTEEN,
        sig::JUVENILE_CLAIMED,
        sig::WOMAN,
        sig::CHILDREN_IN_PRISON,
        sig::SICK_OR_INFIRM,
        sig::OPIOID_DEPENDENCE,
        sig::TIME_IN_CUSTODY,
        sig::STATUTORY_BAIL_DUE,
        sig::STATUTORY_BAIL_NEAR,
        sig::LOW_QUANTITY,
        sig::NO_LAWYER,
        sig::BAIL_NEVER_SOUGHT,
        sig::HEARING_SOON,
        sig::NO_HEARING_SCHEDULED,
        sig::FIRST_OFFENCE,
        sig::APPEAL_DEADLINE_NEAR,
        sig::FLOOR_HIGH,
    ];
    for (i, s) in all.iter().enumerate() {
        assert_eq!((s.index, s.name), (i, SIGNALS[i]));
    }
    assert_eq!(all.len(), SIGNALS.len());
    let w = Weights::default();
    assert_eq!(w.signal_at(sig::WOMAN), w.signal("woman"));
    let code = Weakness::ProsecutionDelay;
    assert_eq!(w.signal_at(Sig::weakness(code)), w.signal(code.code()));
}

#[test]
fn partial_file_keeps_other_defaults() {
    let w = Weights::from_toml("[points]\npregnant = 50\n").expect("parses");
    assert_eq!(w.points.pregnant, 50);
    assert_eq!(w.points.juvenile, 45);
}

#[test]
fn a_clinic_replaces_switches_off_or_adds_slabs_and_signals_by_name() {
    let w = Weights::from_toml(
        "[[slab]]\nid = \"cnsa_old_9a\"\nversions = [\"cnsa1997_original\"]\n\
         max_grams = 50.0\nmax_years = 2.0\nlabel = \"Clinic 9(a)\"\n\n\
         [[slab]]\nid = \"cnsa_old_9b\"\ndisabled = true\n\n\
         [signals.woman]\ndisabled = true\n",
    )
    .expect("parses");
    let old_9a = w.slab.iter().find(|s| s.id == "cnsa_old_9a").expect("kept");
    assert_eq!(
        (old_9a.max_grams, old_9a.label.as_str()),
        (Some(50.0), "Clinic 9(a)")
    );
    assert!(!w.slab.iter().any(|s| s.id == "cnsa_old_9b"));
    assert_eq!(w.signal("woman").disabled, Some(true));
    // Only the field given changed: the shipped basis stays.
    assert!(
        w.signal("woman")
            .basis
            .as_deref()
            .is_some_and(|b| b.contains("first proviso"))
    );
    let err = Weights::from_toml("[signals.womann]\ndisabled = true\n").expect_err("typo");
    assert!(
        err.to_string().contains("[signals.womann]: no such signal"),
        "{err}"
    );
}

#[test]
fn unknown_key_is_an_error_naming_it() {
    let err = Weights::from_toml("[points]\npregnent = 50\n").expect_err("typo");
    assert!(err.to_string().contains("pregnent"), "{err}");
    assert!(!err.to_string().contains('\n'), "{err}");
}
