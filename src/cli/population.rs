//! Who the statistics count: everyone in custody, ranked as the list ranks them, narrowed by
//! `--filter EXPR` (the filter language of issue 14: its terms, and its free words as the
//! list's fuzzy search). Shared by `caseload stats` and `caseload report`, so both always
//! count the same people.

use crate::domain::filter::{Context, Filter, filter_ranked, filter_roster};
use crate::domain::ranking::by_stored_order;
use crate::domain::roster::{PlaceSet, Roster};
use crate::domain::stats::{Field, Subject};
use crate::domain::triage::{Ranked, rank_by_parallel};
use crate::domain::weights::Weights;
use crate::store::{RankingFacts, Store};
use anyhow::{Result, anyhow};
use chrono::NaiveDate;

/// The ranked people and the positions in `ranked` that the filter keeps.
pub(super) struct Population {
    people: People,
    ranked: Vec<Ranked>,
    kept: Vec<usize>,
}

/// Where the people came from: the store's lean read of facts and only the places counted or
/// filtered on (a million people in about the time `list` takes), or, when the filter has
/// search words, the roster with its names.
enum People {
    Roster(Roster),
    Facts(Box<RankingFacts>),
}

/// The place texts a count `--by field` reads.
fn places_of(field: Field) -> PlaceSet {
    let mut set = PlaceSet::NONE;
    match field {
        Field::Prison => set.prison = true,
        Field::Court => set.court = true,
        Field::Lawyer => set.lawyer = true,
        Field::PoliceStation => set.police_station = true,
        Field::District => set.district = true,
        Field::Law | Field::Gender | Field::Substance | Field::Band | Field::Stage => {}
    }
    set
}

/// A parsed `--filter`, or one line naming the term that is wrong.
pub(super) fn parse_filter(expr: Option<&str>) -> Result<Filter> {
    Filter::parse(expr.unwrap_or("")).map_err(|e| anyhow!("--filter: {e}"))
}

/// Counts meant to leave the clinic may be narrowed by field terms (`law:sindh2024`), not by
/// search words: those are usually a person's name, and the filter is printed with the counts.
pub(super) fn refuse_search_words(filter: &Filter) -> Result<()> {
    if filter.search.is_empty() {
        return Ok(());
    }
    anyhow::bail!(
        "--filter: '{}' are search words (often a name) and cannot narrow anonymised counts; \
         use field terms such as law:sindh2024 or prison:X",
        filter.search
    )
}

impl Population {
    /// Reads the people of `store` and keeps the ones `filter` keeps, with the places that
    /// `filter` and `fields` read.
    pub(super) fn load(
        store: &Store,
        today: NaiveDate,
        weights: &Weights,
        filter: &Filter,
        fields: &[Field],
    ) -> Result<Population> {
        let cx = Context {
            today,
            weights,
            me: None,
        };
        if filter.search.is_empty() {
            let places = fields
                .iter()
                .fold(filter.places_read(), |set, &f| set.and(places_of(f)));
            let read = store.load_facts_and_places(today, places)?;
            let ranked = rank_by_parallel(read.len(), |i| read.get(i), today, weights);
            let kept = filter_ranked(&read, &ranked, filter, &cx);
            return Ok(Population {
                people: People::Facts(Box::new(read)),
                ranked,
                kept,
            });
        }
        let roster = store.load_roster(today)?;
        let ranked = roster.rank(today, weights);
        let mut kept = filter_roster(&roster, &ranked, filter, &cx);
        let hits = crate::domain::search::filter(&roster, &ranked, &filter.search);
        let mut found: Vec<usize> = hits.iter().map(|h| h.position).collect();
        found.sort_unstable();
        kept.retain(|p| found.binary_search(p).is_ok());
        Ok(Population {
            people: People::Roster(roster),
            ranked,
            kept,
        })
    }

    /// The kept people as the statistics read them, in the order they were read (counts do
    /// not depend on the order, and a ranked order jumps about memory).
    pub(super) fn subjects(&self) -> Vec<Subject<'_>> {
        let by_index = by_stored_order(&self.ranked, self.kept.iter().copied());
        let kept = by_index.into_iter().flatten();
        match &self.people {
            People::Roster(roster) => {
                crate::domain::stats::subjects_of_roster(roster, &kept.collect::<Vec<_>>())
            }
            People::Facts(facts) => kept.filter_map(|r| facts.stats_subject(&r)).collect(),
        }
    }

    /// The detainee ids of the kept people (for the audit row of a report).
    pub(super) fn ids(&self) -> Vec<i64> {
        let index = |p: usize| self.ranked[p].index;
        match &self.people {
            People::Roster(roster) => self
                .kept
                .iter()
                .filter_map(|&p| roster.entry(index(p)).map(|e| e.id))
                .collect(),
            People::Facts(facts) => self
                .kept
                .iter()
                .filter_map(|&p| facts.id(index(p)))
                .collect(),
        }
    }
}
