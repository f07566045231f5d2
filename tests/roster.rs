//! The compact roster ranks and searches exactly like the full records it stands in for.

use caseload::domain::demo;
use caseload::domain::search;
use caseload::domain::triage::{
    Band, Facts, Ranked, bands_kept, rank, rank_by_parallel, rank_kept, score, total,
};
use caseload::domain::weights::Weights;
use caseload::store::Store;
use chrono::NaiveDate;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).expect("valid")
}

#[test]
fn roster_ranks_and_searches_like_the_records() {
    let mut store = Store::open_in_memory().expect("store");
    store
        .insert_all(demo::generate(3000, 7, today()))
        .expect("insert");
    let weights = Weights::default();
    let records = store.load_all().expect("records");
    let roster = store.load_roster(today()).expect("roster");
    assert_eq!(roster.len(), records.len());

    for (i, record) in records.iter().enumerate() {
        let entry = roster.entry(i).expect("entry");
        assert_eq!(entry.id, record.detainee.id);
        assert_eq!(
            entry.facts,
            Facts::of(record, today()),
            "{}",
            record.detainee.id
        );
        let names = roster.names(i).expect("names");
        assert_eq!(names.name, record.detainee.name);
        assert_eq!(names.father_name, record.detainee.father_name.as_deref());
        assert_eq!(names.fir_number, record.case.fir_number.as_deref());
        assert_eq!(names.prison, record.detainee.prison.as_deref());
        assert_eq!(names.police_station, record.case.police_station.as_deref());
        let (court, lawyer) = roster.docket(i).expect("docket");
        let next_court = record
            .next_hearing(today())
            .and_then(|h| h.court.as_deref())
            .or(record.case.court.as_deref());
        assert_eq!(roster.place(court), next_court);
        assert_eq!(roster.place(lawyer), record.case.lawyer.as_deref());
        let urgency = score(record, today(), &weights);
        assert_eq!(
            total(&entry.facts, today(), &weights),
            (urgency.total, urgency.band)
        );
    }

    let by_records = rank(&records, today(), &weights);
    let by_roster = roster.rank(today(), &weights);
    assert_eq!(by_records, by_roster);

    for query in ["muhamad asl", "m", "bibi", "FIR", "karachi", "zzzq", "اسلم"] {
        assert_eq!(
            search::filter(&roster, &by_roster, query),
            search::filter(&records, &by_records, query),
            "{query}"
        );
    }
}

/// Edits, adds and archivals applied one at a time leave the roster and its ranking exactly as
/// a fresh load and a full ranking would.
#[test]
fn one_change_at_a_time_ranks_like_a_fresh_load() {
    let weights = Weights::default();
    let mut store = Store::open_in_memory().expect("store");
    store
        .insert_all(demo::generate(600, 11, today()))
        .expect("insert");
    let mut roster = store.load_roster(today()).expect("roster");
    let mut ranked = roster.rank(today(), &weights);
    let records = store.load_all().expect("records");
    let mut rng = fastrand::Rng::with_seed(5);
    for step in 0..200 {
        let mut record = records[rng.usize(..records.len())].clone();
        match step % 4 {
            0 => record.case.arrest_date = today() - chrono::Days::new(rng.u64(0..2000)),
            1 => record.detainee.pregnant = Some(rng.bool()),
            2 => {
                record.case.bail_status = Some(caseload::domain::model::BailStatus::Granted);
            }
            _ => {
                let index = roster.remove(record.detainee.id);
                if let Some(index) = index {
                    roster.rerank_one(&mut ranked, index, today(), &weights);
                }
                assert!(roster.index_of(record.detainee.id).is_none());
                continue;
            }
        }
        let index = roster.put(&record, today());
        assert_eq!(roster.index_of(record.detainee.id), Some(index));
        roster.rerank_one(&mut ranked, index, today(), &weights);
        assert_eq!(ranked, roster.rank(today(), &weights), "step {step}");
    }
    // Someone new (a higher id) and someone committed out of order are both found again.
    let mut new = records[0].clone();
    new.detainee.id = 10_000;
    let at = roster.put(&new, today());
    let mut late = records[1].clone();
    late.detainee.id = 9_000;
    let late_at = roster.put(&late, today());
    assert_eq!(roster.index_of(10_000), Some(at));
    assert_eq!(roster.index_of(9_000), Some(late_at));
    assert_eq!(
        roster.person(at).expect("present").names.name,
        new.detainee.name
    );
}

/// A day sheet reads exactly the people heard that day.
#[test]
fn a_court_day_reads_everyone_heard_that_day() {
    let mut store = Store::open_in_memory().expect("store");
    store
        .insert_all(demo::generate(800, 3, today()))
        .expect("insert");
    let records = store.load_all().expect("records");
    let day = records
        .iter()
        .filter_map(|r| r.next_hearing(today()))
        .map(|h| h.date)
        .min()
        .expect("someone has a hearing");
    let mut heard: Vec<i64> = store
        .load_hearing_day(day)
        .expect("day")
        .iter()
        .map(|r| r.detainee.id)
        .collect();
    let mut expected: Vec<i64> = records
        .iter()
        .filter(|r| r.hearings.iter().any(|h| h.date == day))
        .map(|r| r.detainee.id)
        .collect();
    heard.sort_unstable();
    expected.sort_unstable();
    assert_eq!(heard, expected);
}

/// A file with a few archived people, a few people with a second, later case and someone with
/// no case at all: the shapes the in-memory join must get right.
fn file_store(dir: &std::path::Path, people: usize) -> Store {
    use caseload::domain::model::AuditAction;
    let mut store = Store::open(
        &dir.join("c.db"),
        caseload::store::OpenMode::CreateIfMissing,
    )
    .expect("store");
    store
        .insert_all(demo::generate(people, 11, today()))
        .expect("insert");
    for id in [3, 50, 51] {
        store
            .set_archived(id, 1, true, AuditAction::Delete)
            .expect("archive");
    }
    // A later case for some people: the latest one counts.
    store
        .connection()
        .execute_batch(
            "INSERT INTO cases (detainee_id, law, fir_number, police_station, arrest_date, stage,
                                bail_status, lawyer)
             SELECT detainee_id, 'sindh2024', 'FIR 9/2026', 'PS Later', '2026-11-01', 'trial',
                    'not_applied', NULL
             FROM cases WHERE detainee_id % 97 = 0;
             INSERT INTO hearings (case_id, date) SELECT max(id), '2026-12-02' FROM cases;
             INSERT INTO findings (case_id, code) SELECT max(id), 'other' FROM cases;
             INSERT INTO detainees (name) VALUES ('Nobody Without A Case');",
        )
        .expect("second cases");
    store
}

fn same_roster(a: &caseload::domain::roster::Roster, b: &caseload::domain::roster::Roster) {
    assert_eq!(a.len(), b.len());
    for i in 0..a.len() {
        assert_eq!(a.entry(i), b.entry(i), "{i}");
        let (x, y) = (a.names(i).expect("a"), b.names(i).expect("b"));
        assert_eq!(
            (
                x.name,
                x.father_name,
                x.fir_number,
                x.prison,
                x.police_station
            ),
            (
                y.name,
                y.father_name,
                y.fir_number,
                y.prison,
                y.police_station
            ),
            "{i}"
        );
    }
}

#[test]
fn parallel_load_gives_the_serial_roster_and_the_records_ranking() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = file_store(dir.path(), 2000);
    let weights = Weights::default();
    let records = store.load_all().expect("records");
    // Two connections (a file) against the full records.
    let roster = store.load_roster(today()).expect("roster");
    assert_eq!(roster.len(), records.len());
    for (i, record) in records.iter().enumerate() {
        let entry = roster.entry(i).expect("entry");
        assert_eq!(entry.id, record.detainee.id);
        assert_eq!(entry.facts, Facts::of(record, today()), "{}", entry.id);
        assert_eq!(
            roster.names(i).expect("names").fir_number,
            record.case.fir_number.as_deref()
        );
    }
    let by_records = rank(&records, today(), &weights);
    assert_eq!(roster.rank(today(), &weights), by_records);

    // One connection (in memory, the same rows) gives the same roster.
    let memory = Store::open_in_memory().expect("memory");
    let path = dir.path().join("c.db");
    memory
        .connection()
        .execute_batch(&format!(
            "ATTACH '{}' AS f;
             INSERT INTO main.detainees SELECT * FROM f.detainees;
             INSERT INTO main.cases SELECT * FROM f.cases;
             INSERT INTO main.hearings SELECT * FROM f.hearings;
             INSERT INTO main.findings SELECT * FROM f.findings;
             DETACH f;",
            path.display()
        ))
        .expect("copy");
    same_roster(
        &roster,
        &memory.load_roster(today()).expect("memory roster"),
    );
}

#[test]
fn ranking_facts_rank_and_match_like_filter() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = file_store(dir.path(), 2000);
    let weights = Weights::default();
    let records = store.load_all().expect("records");
    let by_records = rank(&records, today(), &weights);
    for query in [
        None,
        Some("muhamad asl"),
        Some("m"),
        Some("PS Later"),
        Some("zzzq"),
    ] {
        let facts = store
            .load_ranking_facts(today(), query)
            .expect("ranking facts");
        // Everyone read, the person without a case too (who has no facts to rank).
        assert_eq!(facts.len(), records.len() + 1);
        let ranked = rank_by_parallel(facts.len(), |i| facts.get(i), today(), &weights);
        assert_eq!(ranked, by_records);
        let hits = search::filter(&records, &by_records, query.unwrap_or(""));
        let matched: Vec<usize> = (0..by_records.len())
            .filter(|&p| facts.matches(by_records[p].index))
            .collect();
        let positions: Vec<usize> = hits.iter().map(|h| h.position).collect();
        assert_eq!(matched, positions, "{query:?}");
    }
}

#[test]
fn parallel_rank_falls_back_when_ids_do_not_rise() {
    let weights = Weights::default();
    let mut records = demo::generate(1500, 5, today()).collect::<Vec<_>>();
    for (i, r) in records.iter_mut().enumerate() {
        r.detainee.id = ((i * 7919) % 1500) as i64;
    }
    let facts: Vec<Facts> = records.iter().map(|r| Facts::of(r, today())).collect();
    let parallel = rank_by_parallel(
        records.len(),
        |i| {
            records[i]
                .in_custody()
                .then(|| (&facts[i], records[i].detainee.id))
        },
        today(),
        &weights,
    );
    assert_eq!(parallel, rank(&records, today(), &weights));
}

/// Ranking only the people a filter keeps gives each the position ranking everyone gives
/// them, by either way of counting (few kept: counted; many: sorted), on two threads, and
/// when ids do not rise; the bands kept for counting are the same people.
#[test]
fn ranking_only_the_kept_gives_their_ranks_among_everyone() {
    let weights = Weights::default();
    let mut records = demo::generate(30_000, 11, today()).collect::<Vec<_>>();
    type Keep = fn(&Ranked) -> bool;
    let keeps: [(&str, Keep); 6] = [
        ("nobody", |_| false),
        ("one in 997", |r| r.index % 997 == 0),
        ("critical, one in 50", |r| {
            r.band == Band::Critical && r.index % 50 == 0
        }),
        ("one in 3", |r| r.index % 3 == 0),
        ("not low", |r| r.band != Band::Low),
        ("everyone", |_| true),
    ];
    for shuffled in [false, true] {
        if shuffled {
            for (i, r) in records.iter_mut().enumerate() {
                r.detainee.id = ((i * 7919) % 30_000) as i64;
            }
        }
        let facts: Vec<Facts> = records.iter().map(|r| Facts::of(r, today())).collect();
        let get = |i: usize| Some((&facts[i], records[i].detainee.id));
        let everyone = rank(&records, today(), &weights);
        for (what, keep) in keeps {
            let want: Vec<(usize, Ranked)> = everyone
                .iter()
                .copied()
                .enumerate()
                .filter(|(_, r)| keep(r))
                .collect();
            let got = rank_kept(records.len(), get, || keep, today(), &weights);
            assert_eq!(got.in_custody, everyone.len(), "{what}");
            assert_eq!(got.kept, want, "{what}, ids shuffled: {shuffled}");
            let bands = bands_kept(records.len(), get, || keep, today(), &weights);
            let mut by_index = vec![None; records.len()];
            for (_, r) in &want {
                by_index[r.index] = Some(r.band);
            }
            assert_eq!(bands, by_index, "{what}, ids shuffled: {shuffled}");
        }
        assert!(everyone.len() > 20_000, "two threads are used");
    }
}

/// `search::filter` as it was first written: every field through skim's matcher, in ranked
/// order, one thread, and the name and father's name on their name keys (issue 16). The
/// faster search must give exactly these hits.
fn reference_filter(
    records: &[caseload::domain::model::Record],
    ranked: &[caseload::domain::triage::Ranked],
    query: &str,
) -> Vec<search::Hit> {
    use fuzzy_matcher::FuzzyMatcher;
    let matcher = fuzzy_matcher::skim::SkimMatcherV2::default().ignore_case();
    let query = query.trim();
    let table = caseload::domain::names::NameTable::builtin();
    let named = caseload::domain::name_match::NameQuery::new(table, query);
    ranked
        .iter()
        .enumerate()
        .filter_map(|(position, r)| {
            let record = &records[r.index];
            let (d, c) = (&record.detainee, &record.case);
            if query.is_empty() {
                return Some(search::Hit {
                    position,
                    score: 0,
                    name_positions: Default::default(),
                    kind: None,
                });
            }
            let father = d.father_name.as_deref().map(|f| table.key(f));
            let keyed = named.classify(&table.key(&d.name), father.as_ref());
            let named = matcher.fuzzy_indices(&d.name, query);
            let others = [&d.father_name, &c.fir_number, &d.prison, &c.police_station];
            let best = others
                .into_iter()
                .flatten()
                .filter_map(|f| matcher.fuzzy_match(f, query))
                .chain(named.as_ref().map(|(s, _)| *s))
                .max();
            if best.is_none() && keyed.is_none() {
                return None;
            }
            let by_name = keyed
                .as_ref()
                .filter(|k| k.field == caseload::domain::name_match::Field::Name);
            let positions = by_name.map(|k| k.positions.clone());
            Some(search::Hit {
                position,
                score: best.unwrap_or(0),
                name_positions: positions
                    .or(named.map(|(_, p)| p))
                    .unwrap_or_default()
                    .into(),
                kind: keyed.map(|k| k.kind),
            })
        })
        .collect()
}

#[test]
fn parallel_search_and_narrowing_give_the_reference_hits() {
    let weights = Weights::default();
    // Enough people in custody for the search to split across threads.
    let records: Vec<_> = demo::generate(40_000, 3, today()).collect();
    let ranked = rank(&records, today(), &weights);
    assert!(ranked.len() > 20_000, "{}", ranked.len());
    let typed = "muhamad asl";
    let mut previous = (Vec::new(), String::new());
    for end in 1..=typed.len() {
        let query = &typed[..end];
        let expected = reference_filter(&records, &ranked, query);
        assert_eq!(
            search::filter(&records, &ranked, query),
            expected,
            "{query}"
        );
        let narrowed = search::narrow(&records, &ranked, &previous.0, &previous.1, query);
        assert_eq!(narrowed, expected, "narrowed {query}");
        previous = (narrowed, query.to_string());
    }
    for query in [
        "  bibi ",
        "PS",
        "Central Jail",
        "zzzq",
        "اسلم",
        "1/2026",
        "",
    ] {
        let expected = reference_filter(&records, &ranked, query);
        assert_eq!(
            search::filter(&records, &ranked, query),
            expected,
            "{query}"
        );
    }
}

#[test]
fn codes_keep_recorded_order_past_the_inline_seven() {
    use caseload::domain::model::Weakness;
    use caseload::domain::triage::Codes;
    let many: Vec<Weakness> = Weakness::ALL
        .iter()
        .rev()
        .chain(Weakness::ALL)
        .copied()
        .collect();
    let codes: Codes<Weakness> = many.iter().copied().collect();
    assert_eq!(codes.iter().copied().collect::<Vec<_>>(), many);
    assert_eq!(codes.len(), many.len());
    let few: Codes<Weakness> = many[..3].into();
    assert_eq!(few.iter().copied().collect::<Vec<_>>(), many[..3]);
    assert!(few.contains(&many[2]) && !few.contains(&many[5]));
    assert!(Codes::<Weakness>::new().is_empty());
}

/// The lean read of facts and only the places a filter names keeps the same people as the full
/// roster, and counts the same statistics, for every text field and presence term (the fast
/// `list --filter` and `stats` paths against the roster the TUI filters).
#[test]
fn facts_and_places_filter_and_count_like_the_roster() {
    use caseload::domain::filter::{Context, Filter, filter_ranked, filter_roster};
    use caseload::domain::roster::PlaceSet;
    use caseload::domain::stats::{self, Field};
    let dir = tempfile::tempdir().expect("tempdir");
    let store = file_store(dir.path(), 2000);
    let weights = Weights::default();
    let cx = Context {
        today: today(),
        weights: &weights,
        me: Some("hira chaudhry"),
    };
    let roster = store.load_roster(today()).expect("roster");
    let by_roster = roster.rank(today(), &weights);
    let mut kept_someone = 0;
    let ids = |ranked: &[caseload::domain::triage::Ranked],
               positions: Vec<usize>,
               id: &dyn Fn(usize) -> i64| {
        positions
            .into_iter()
            .map(|p| id(ranked[p].index))
            .collect::<Vec<i64>>()
    };
    for expr in [
        "court:lahore",
        "court:karachi band:critical,high",
        "court=\"special court cns lahore-i\"",
        "prison:central -has:lawyer",
        "lawyer:me",
        "lawyer:a days>365",
        "ps:later",
        "district:lahore is:overdue,near",
        "has:court -has:hearing",
        "has:prison,ps",
        "-court:lahore score>=60",
        "band:critical",
    ] {
        let filter = Filter::parse(expr).expect("parses");
        let facts = store
            .load_facts_and_places(today(), filter.places_read())
            .expect("facts and places");
        let ranked = rank_by_parallel(facts.len(), |i| facts.get(i), today(), &weights);
        assert_eq!(ranked, by_roster, "{expr}");
        let lean = ids(
            &ranked,
            filter_ranked(&facts, &ranked, &filter, &cx),
            &|i| facts.id(i).expect("id"),
        );
        let full = ids(
            &by_roster,
            filter_roster(&roster, &by_roster, &filter, &cx),
            &|i| roster.entry(i).expect("entry").id,
        );
        assert_eq!(lean, full, "{expr}");
        kept_someone += usize::from(!full.is_empty() && full.len() < by_roster.len());
    }
    // Not a vacuous comparison: most filters keep some people and leave others out.
    assert!(
        kept_someone >= 11,
        "only {kept_someone} filters narrowed the list"
    );
    let every_place = PlaceSet {
        prison: true,
        police_station: true,
        court: true,
        lawyer: true,
        district: true,
    };
    let facts = store
        .load_facts_and_places(today(), every_place)
        .expect("facts and places");
    let ranked = rank_by_parallel(facts.len(), |i| facts.get(i), today(), &weights);
    let lean: Vec<_> = ranked
        .iter()
        .filter_map(|r| facts.stats_subject(r.index, r.band))
        .collect();
    let full = stats::subjects_of_roster(&roster, &by_roster);
    assert_eq!(
        stats::headline(&lean, today(), &weights),
        stats::headline(&full, today(), &weights)
    );
    for field in Field::ALL {
        assert_eq!(
            stats::group_by(&lean, field, today(), &weights),
            stats::group_by(&full, field, today(), &weights),
            "{field:?}"
        );
    }
}
