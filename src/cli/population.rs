//! Who the statistics count: everyone in custody, ranked as the list ranks them, narrowed by
//! `--filter EXPR` (the filter language of issue 14: its terms, and its free words as the
//! list's fuzzy search). Shared by `caseload stats` and `caseload report`, so both always
//! count the same people.

use crate::domain::filter::{Context, Filter, filter_roster};
use crate::domain::roster::Roster;
use crate::domain::stats::{Field, Subject};
use crate::domain::triage::{Facts, Ranked, rank_by_parallel};
use crate::domain::weights::Weights;
use crate::store::Store;
use anyhow::{Result, anyhow};
use chrono::NaiveDate;

/// The ranked people and the positions in `ranked` that the filter keeps.
pub(super) struct Population {
    people: People,
    ranked: Vec<Ranked>,
    kept: Vec<usize>,
}

/// Where the people came from: the roster (with place names), or only their triage facts (the
/// list's own read, for numbers that need no names: a million people in the time `list` takes).
enum People {
    Roster(Roster),
    Facts(Vec<Option<(Facts, i64)>>),
}

/// Fields read from the facts alone.
fn from_facts(field: Field) -> bool {
    matches!(
        field,
        Field::Law | Field::Gender | Field::Substance | Field::Band | Field::Stage
    )
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
    /// Reads the roster of `store` and keeps the people `filter` keeps. The fast roster read
    /// does not carry the district; when the output groups by it or the filter names it, the
    /// people are read as full records instead (slower, but then `district` is right).
    pub(super) fn load(
        store: &Store,
        today: NaiveDate,
        weights: &Weights,
        filter: (&Filter, Option<&str>),
        fields: &[Field],
    ) -> Result<Population> {
        let (filter, expr) = filter;
        if filter.is_empty() && filter.search.is_empty() && fields.iter().all(|&f| from_facts(f)) {
            let read = store.load_ranking_facts(today, None)?;
            let facts: Vec<Option<(Facts, i64)>> = (0..read.len()).map(|i| read.get(i)).collect();
            drop(read);
            let ranked = rank_by_parallel(
                facts.len(),
                |i| facts[i].as_ref().map(|(f, id)| (f, *id)),
                today,
                weights,
            );
            let kept = (0..ranked.len()).collect();
            return Ok(Population {
                people: People::Facts(facts),
                ranked,
                kept,
            });
        }
        let needs_district = fields.contains(&Field::District)
            || expr.is_some_and(|e| e.to_lowercase().contains("district"));
        let roster = if needs_district {
            Roster::from_records(&store.load_all()?, today)
        } else {
            store.load_roster(today)?
        };
        let ranked = roster.rank(today, weights);
        let cx = Context {
            today,
            weights,
            me: None,
        };
        let mut kept = filter_roster(&roster, &ranked, filter, &cx);
        if !filter.search.is_empty() {
            let hits = crate::domain::search::filter(&roster, &ranked, &filter.search);
            let mut found: Vec<usize> = hits.iter().map(|h| h.position).collect();
            found.sort_unstable();
            kept.retain(|p| found.binary_search(p).is_ok());
        }
        Ok(Population {
            people: People::Roster(roster),
            ranked,
            kept,
        })
    }

    /// The kept people as the statistics read them.
    pub(super) fn subjects(&self) -> Vec<Subject<'_>> {
        let kept = self.kept.iter().map(|&p| self.ranked[p]);
        match &self.people {
            People::Roster(roster) => {
                crate::domain::stats::subjects_of_roster(roster, &kept.collect::<Vec<_>>())
            }
            People::Facts(facts) => kept
                .filter_map(|r| {
                    let (facts, _) = facts.get(r.index)?.as_ref()?;
                    Some(Subject {
                        facts,
                        band: r.band,
                        prison: None,
                        court: None,
                        lawyer: None,
                        police_station: None,
                        district: None,
                    })
                })
                .collect(),
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
                .filter_map(|&p| facts.get(index(p))?.as_ref().map(|(_, id)| *id))
                .collect(),
        }
    }
}
