//! Who the statistics count: everyone in custody, ranked as the list ranks them, narrowed by
//! `--filter EXPR` (the filter language of issue 14: its terms, and its free words as the
//! list's fuzzy search). Shared by `caseload stats` and `caseload report`, so both always
//! count the same people.

use crate::domain::filter::{Context, Filter, Keeper, filter_roster};
use crate::domain::roster::{PlaceSet, Roster};
use crate::domain::stats::{self, Field, Source, Subject};
use crate::domain::triage::{Band, bands_kept};
use crate::domain::weights::Weights;
use crate::store::{RankingFacts, Store};
use anyhow::{Result, anyhow};
use chrono::NaiveDate;

/// The people read and, per person in the order read, their band where the filter keeps them.
/// Counts need no ranking order, so nobody is sorted.
pub(super) struct Population {
    people: People,
    kept: Vec<Option<Band>>,
}

/// Where the people came from: the store's lean read of facts and only the places counted or
/// filtered on (a million people in about the time `list` takes), or, when the filter has
/// search words, the roster with its names.
enum People {
    Roster(Box<Roster>),
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
            let kept = bands_kept(
                read.len(),
                |i| read.get(i),
                || Keeper::new(&read, filter, &cx),
                today,
                weights,
            );
            return Ok(Population {
                people: People::Facts(Box::new(read)),
                kept,
            });
        }
        let roster = store.load_roster(today)?;
        let ranked = roster.rank(today, weights);
        let mut positions = filter_roster(&roster, &ranked, filter, &cx);
        let hits = crate::domain::search::filter(&roster, &ranked, &filter.search);
        let mut found: Vec<usize> = hits.iter().map(|h| h.position).collect();
        found.sort_unstable();
        positions.retain(|p| found.binary_search(p).is_ok());
        let mut kept = vec![None; roster.len()];
        for r in positions.iter().filter_map(|&p| ranked.get(p)) {
            kept[r.index] = Some(r.band);
        }
        Ok(Population {
            people: People::Roster(Box::new(roster)),
            kept,
        })
    }

    /// The kept people as the statistics read them, in the order they were read.
    pub(super) fn subjects(&self) -> Vec<Subject<'_>> {
        (0..self.kept.len())
            .filter_map(|i| self.subject(i))
            .collect()
    }

    /// The detainee ids of the kept people (for the audit row of a report).
    pub(super) fn ids(&self) -> Vec<i64> {
        let kept = (0..self.kept.len()).filter(|&i| self.kept[i].is_some());
        match &self.people {
            People::Roster(roster) => kept.filter_map(|i| roster.entry(i).map(|e| e.id)).collect(),
            People::Facts(facts) => kept.filter_map(|i| facts.id(i)).collect(),
        }
    }
}

impl Source for Population {
    fn slots(&self) -> usize {
        self.kept.len()
    }

    fn subject(&self, index: usize) -> Option<Subject<'_>> {
        let band = (*self.kept.get(index)?)?;
        match &self.people {
            People::Roster(roster) => stats::roster_subject(roster, index, band),
            People::Facts(facts) => facts.stats_subject(index, band),
        }
    }
}
