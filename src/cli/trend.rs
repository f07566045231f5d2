//! The monthly trend of the people a filter keeps: the events of everyone's history (one scan
//! of the file, `store/trend.rs`), counted by month in `domain::trend`.

use crate::domain::filter::{Context, Filter, Subject};
use crate::domain::trend::{self, Trend};
use crate::domain::triage::{Facts, score};
use crate::domain::weights::Weights;
use crate::store::Store;
use anyhow::Result;
use chrono::NaiveDate;
use std::collections::HashSet;

/// The trend of the people `filter` keeps (its terms and its search words), as of `today`.
/// The events come from one scan of the file ([`Store::trend_histories`]); a filter is tested
/// on every record, archived and released people too (a trend counts people leaving custody).
pub(super) fn load(
    store: &Store,
    today: NaiveDate,
    weights: &Weights,
    filter: (&Filter, Option<&str>),
) -> Result<Trend> {
    let (filter, _) = filter;
    let kept = if filter.is_empty() && filter.search.is_empty() {
        None
    } else {
        Some(kept_ids(store, today, weights, filter)?)
    };
    let mut events = Vec::new();
    for history in store.trend_histories(today)? {
        if kept
            .as_ref()
            .is_some_and(|ids| !ids.contains(&history.detainee_id))
        {
            continue;
        }
        events.extend(crate::domain::trend_events::events_of_history(
            &history, today,
        ));
    }
    Ok(trend::monthly(&events, today))
}

/// The ids of everyone (in custody or not, archived too) the filter keeps.
fn kept_ids(
    store: &Store,
    today: NaiveDate,
    weights: &Weights,
    filter: &Filter,
) -> Result<HashSet<i64>> {
    let cx = Context {
        today,
        weights,
        me: None,
    };
    let mut records = store.load_all()?;
    records.extend(store.load_archived()?);
    let mut kept = HashSet::new();
    for record in &records {
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
        let found = crate::domain::search::matches_any(words.into_iter().flatten(), &filter.search);
        if found && filter.matches(&subject, &cx) {
            kept.insert(d.id);
        }
    }
    Ok(kept)
}

/// The trend as a table safe to publish (see [`trend::Trend::anonymised`]).
pub(super) fn anonymised(
    trend: &Trend,
    threshold: crate::domain::disclosure::Threshold,
) -> Result<crate::domain::disclosure::Table> {
    Ok(trend.anonymised(threshold)?)
}
