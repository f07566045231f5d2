//! The lean read behind `caseload list` and `caseload stats`: everyone's triage facts joined
//! once, each person's id, and only the place texts asked for, interned per column. No names.

use super::{CasesPart, NO_CASE, PeoplePart, Places, facts};
use crate::domain::filter::{self, Subjects};
use crate::domain::roster::PlaceIds;
use crate::domain::stats;
use crate::domain::triage::{Band, Facts, Ranked};

/// What the list needs to rank a big caseload: every person's triage [`Facts`] and detainee id,
/// whether they match the search query the load was made for, and the place texts the load
/// was asked for (a filter's `court:X`, a `--by prison`). No names are kept.
#[derive(Debug, Default)]
pub struct RankingFacts {
    ids: Vec<i64>,
    /// `None` for someone with no case (nothing to rank).
    facts: Vec<Option<Facts>>,
    /// Per person, whether the query matched (empty without a query: everyone).
    matches: Vec<bool>,
    /// Per person, each place as read (columns not read are empty: not recorded).
    prison: Places,
    police_station: Places,
    court: Places,
    hearing_court: Places,
    lawyer: Places,
    district: Places,
}

impl RankingFacts {
    /// Each person with their latest case (`latest`, per person, an index into the cases).
    pub(super) fn join(people: PeoplePart, cases: CasesPart, latest: &[u32]) -> RankingFacts {
        let case = |index: usize| latest.get(index).copied().filter(|&c| c != NO_CASE);
        let facts = people
            .people
            .iter()
            .enumerate()
            .map(|(index, person)| {
                let case = cases.cases.get(case(index)? as usize)?;
                Some(facts(person, case))
            })
            .collect();
        let matches = if people.matches.is_empty() && cases.matches.is_empty() {
            Vec::new()
        } else {
            (0..people.ids.len())
                .map(|index| {
                    people.matches.get(index).is_none_or(|&m| m)
                        || case(index)
                            .and_then(|c| cases.matches.get(c as usize))
                            .is_some_and(|&m| m)
                })
                .collect()
        };
        let by_case = |places: Places| places.by_person(latest);
        RankingFacts {
            ids: people.ids,
            facts,
            matches,
            prison: people.prisons,
            police_station: by_case(cases.stations),
            court: by_case(cases.courts),
            hearing_court: by_case(cases.hearing_courts),
            lawyer: by_case(cases.lawyers),
            district: by_case(cases.districts),
        }
    }

    /// How many detainees were read (some may have no case and so no facts).
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The `index`th person's detainee id.
    pub fn id(&self, index: usize) -> Option<i64> {
        self.ids.get(index).copied()
    }

    /// The `index`th person's facts and id, as [`triage::rank_by`](crate::domain::triage::rank_by)
    /// takes them; `None` for someone with no case.
    pub fn get(&self, index: usize) -> Option<(&Facts, i64)> {
        Some((self.facts.get(index)?.as_ref()?, *self.ids.get(index)?))
    }

    /// Whether the `index`th person matches the query of the load (everyone without a query).
    pub fn matches(&self, index: usize) -> bool {
        self.matches.get(index).is_none_or(|&m| m)
    }

    fn place_ids(&self, index: usize) -> PlaceIds {
        PlaceIds {
            prison: self.prison.id(index),
            police_station: self.police_station.id(index),
            court: self.court.id(index),
            hearing_court: self.hearing_court.id(index),
            lawyer: self.lawyer.id(index),
            district: self.district.id(index),
        }
    }

    /// The `index`th person, in `band`, as the statistics count them (the court is that of
    /// the next hearing when it names its own, as on the Hearings screen).
    pub fn stats_subject(&self, index: usize, band: Band) -> Option<stats::Subject<'_>> {
        let (facts, _) = self.get(index)?;
        let i = index;
        Some(stats::Subject {
            facts,
            band,
            prison: self.prison.get(i),
            court: self.hearing_court.get(i).or(self.court.get(i)),
            lawyer: self.lawyer.get(i),
            police_station: self.police_station.get(i),
            district: self.district.get(i),
        })
    }
}

impl Subjects for RankingFacts {
    fn test_subject(
        &self,
        r: &Ranked,
        test: &mut dyn FnMut(&filter::Subject, PlaceIds) -> bool,
    ) -> bool {
        let Some((facts, _)) = self.get(r.index) else {
            return false;
        };
        let i = r.index;
        let subject = filter::Subject {
            facts,
            total: r.total,
            band: r.band,
            court: self.court.get(i),
            hearing_court: self.hearing_court.get(i),
            prison: self.prison.get(i),
            lawyer: self.lawyer.get(i),
            police_station: self.police_station.get(i),
            district: self.district.get(i),
        };
        test(&subject, self.place_ids(i))
    }
}
