//! The monthly trend's events, read through the store's public reads: every record (archived
//! people too: they were added and released like anyone) and each person's audit trail. One
//! history query per person: fine for a clinic's hundreds or thousands of people; a single
//! audit scan in the store (`src/store/trend.rs`) is the next step for a national caseload.

use crate::domain::filter::{Context, Filter, Subject};
use crate::domain::trend::{self, Trend};
use crate::domain::triage::{Facts, score};
use crate::domain::weights::Weights;
use crate::store::Store;
use anyhow::Result;
use chrono::NaiveDate;

/// The trend of the people `filter` keeps (its terms and its search words), as of `today`.
pub(super) fn load(
    store: &Store,
    today: NaiveDate,
    weights: &Weights,
    filter: (&Filter, Option<&str>),
) -> Result<Trend> {
    let (filter, _) = filter;
    let cx = Context {
        today,
        weights,
        me: None,
    };
    let mut records = store.load_all()?;
    records.extend(store.load_archived()?);
    let mut events = Vec::new();
    for record in &records {
        if !filter.is_empty() || !filter.search.is_empty() {
            let facts = Facts::of(record, today);
            let urgency = score(record, today, weights);
            let subject = Subject::of_record(record, &facts, urgency.total, urgency.band, today);
            let d = &record.detainee;
            let c = &record.case;
            let words = [
                Some(d.name.as_str()),
                d.father_name.as_deref(),
                c.fir_number.as_deref(),
                d.prison.as_deref(),
                c.police_station.as_deref(),
            ];
            let found =
                crate::domain::search::matches_any(words.into_iter().flatten(), &filter.search);
            if !found || !filter.matches(&subject, &cx) {
                continue;
            }
        }
        let history = store.history(record.detainee.id)?;
        events.extend(crate::domain::trend_events::events_of(
            record, &history, today,
        ));
    }
    Ok(trend::monthly(&events, today))
}

/// The trend as a table safe to publish (see [`trend::Trend::anonymised`]).
pub(super) fn anonymised(
    trend: &Trend,
    threshold: crate::domain::disclosure::Threshold,
) -> Result<crate::domain::disclosure::Table> {
    Ok(trend.anonymised(threshold)?)
}
