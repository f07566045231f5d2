//! Which screen is showing, as a bare tag: what the keymap selects its table by. Knows nothing
//! of the app, so `keymap` can import it without importing `app`.

/// Which screen is showing; also selects the keymap table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// The ranked list of people in custody.
    List,
    /// The list, with the search query being typed.
    Search,
    /// The list, with the filter line being typed.
    Filter,
    /// One person's full record and score breakdown.
    Detail,
    /// Coming hearings by date, filterable by court and lawyer.
    Hearings,
    /// Choosing the format of an export.
    Export,
    /// Every key and what it does.
    Help,
    /// The add/edit form.
    Form,
    /// Record a hearing's outcome and the next date.
    Hearing,
    /// A yes/no question.
    Confirm,
    /// Someone else saved the same person first: both versions, field by field.
    Conflict,
    /// People out of custody and archived people.
    Released,
    /// A month of hearings, one square a day.
    Calendar,
    /// The caseload's numbers: headline, bands, prisons, courts, trend, frequencies.
    Stats,
    /// Choosing what to do to the marked people.
    Bulk,
    /// Picking a saved view.
    Views,
    /// Pairs of records that may be one person, side by side.
    Duplicates,
}
