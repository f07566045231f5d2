//! Who the statistics count: everyone in custody, ranked as the list ranks them, narrowed by
//! `--filter EXPR` (the filter language of issue 14: its terms, and its free words as the
//! list's fuzzy search). Shared by `caseload stats` and `caseload report`, so both always
//! count the same people.

use crate::domain::filter::{Context, Filter, filter_roster};
use crate::domain::roster::Roster;
use crate::domain::stats::{Field, Subject};
use crate::domain::triage::Ranked;
use crate::domain::weights::Weights;
use crate::store::Store;
use anyhow::{Result, anyhow};
use chrono::NaiveDate;

/// The ranked roster and the positions in `ranked` that the filter keeps.
pub(super) struct Population {
    roster: Roster,
    ranked: Vec<Ranked>,
    kept: Vec<usize>,
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
            roster,
            ranked,
            kept,
        })
    }

    /// The kept people as the statistics read them.
    pub(super) fn subjects(&self) -> Vec<Subject<'_>> {
        let kept: Vec<Ranked> = self.kept.iter().map(|&p| self.ranked[p]).collect();
        crate::domain::stats::subjects_of_roster(&self.roster, &kept)
    }

    /// The detainee ids of the kept people (for the audit row of a report).
    pub(super) fn ids(&self) -> Vec<i64> {
        self.kept
            .iter()
            .filter_map(|&p| self.roster.entry(self.ranked[p].index).map(|e| e.id))
            .collect()
    }
}
