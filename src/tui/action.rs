//! Everything a key can ask the app to do. Each variant's doc comment is its help text: the
//! `actions!` macro keeps the doc, the keymap name and the footer label side by side, so the help
//! screen, the footer and `assets/keymap.toml` cannot drift apart.

/// Declares the bindable actions with their keymap name, short footer label and doc line.
macro_rules! actions {
    ($( $(#[doc = $doc:literal])+ $variant:ident = $name:literal $short:literal, )+) => {
        /// Something a key asks the app to do.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Action {
            $( $(#[doc = $doc])+ $variant, )+
            /// Type a character into the search query or a form field.
            Insert(char),
        }

        impl Action {
            /// Every action a key can be bound to in `keymap.toml`, in help order.
            pub const BINDABLE: &'static [Action] = &[$(Action::$variant),+];

            /// The name used in `keymap.toml` (`move_down`).
            pub fn name(self) -> &'static str {
                match self {
                    $(Action::$variant => $name,)+
                    Action::Insert(_) => "insert",
                }
            }

            /// A one- or two-word label for the footer.
            pub fn short(self) -> &'static str {
                match self {
                    $(Action::$variant => $short,)+
                    Action::Insert(_) => "type",
                }
            }

            /// The help text: the variant's doc comment.
            pub fn doc(self) -> &'static str {
                match self {
                    $(Action::$variant => concat!($($doc),+).trim(),)+
                    Action::Insert(_) => "Type a character into the search query or a form field.",
                }
            }

            /// The bindable action with this keymap name.
            pub fn from_name(name: &str) -> Option<Action> {
                match name {
                    $($name => Some(Action::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

actions! {
    /// Move to the next person down the list (less urgent), or scroll down.
    MoveDown = "move_down" "down",
    /// Move to the previous person up the list (more urgent), or scroll up.
    MoveUp = "move_up" "up",
    /// Move or scroll down by one screen.
    PageDown = "page_down" "page",
    /// Move or scroll up by one screen.
    PageUp = "page_up" "page up",
    /// Go to the most urgent person, or the top of the page.
    First = "first" "first",
    /// Go to the least urgent person, or the bottom of the page.
    Last = "last" "last",
    /// Open the selected person's full record and score breakdown.
    Open = "open" "open",
    /// Go back; in the list, clear marks, search, then filter.
    Back = "back" "back",
    /// Search by name, father's name, FIR number, prison or police station.
    Search = "search" "search",
    /// Keep the search or filter and return to moving in the list.
    SearchAccept = "search_accept" "keep",
    /// Clear the search (or undo the filter line's edit) and return to the list.
    SearchCancel = "search_cancel" "clear",
    /// Delete the last character of the search or filter line.
    SearchBackspace = "search_backspace" "delete",
    /// Show coming hearings, today first, the most urgent person first within a day.
    Hearings = "hearings" "hearings",
    /// Show only the next court's hearings (after the last court: every court).
    CycleCourt = "cycle_court" "court",
    /// Show only the next lawyer's hearings (after the last lawyer: everyone's).
    CycleLawyer = "cycle_lawyer" "lawyer",
    /// Export a checklist: the selected person's, or on the Hearings screen that day's sheet.
    Export = "export" "export",
    /// Copy the plain-text checklist to your own clipboard (OSC 52; works over SSH where the terminal allows it).
    Copy = "copy" "copy",
    /// Export as Markdown.
    ExportMarkdown = "export_markdown" "markdown",
    /// Export as plain text (80 columns).
    ExportText = "export_text" "text",
    /// Export as HTML, ready to print (one person per page).
    ExportHtml = "export_html" "html",
    /// Export as PDF.
    ExportPdf = "export_pdf" "pdf",
    /// Include or withhold health details (HIV, TB, hepatitis C, mental health) in the export.
    ToggleHealth = "toggle_health" "health",
    /// Privacy screen: mask health details and shorten names (courtroom, shared lab).
    TogglePrivate = "toggle_private" "private",
    /// Add a new person: a form over every field.
    Add = "add" "add",
    /// Edit the selected person: every field of their record and case.
    Edit = "edit" "edit",
    /// Record what happened at the selected person's hearing, and the next date.
    RecordHearing = "hearing" "hearing",
    /// Archive (delete) the selected person, after asking; the record and its history are kept.
    Archive = "archive" "archive",
    /// Show people out of custody and archived people, or go back to the custody list.
    ToggleReleased = "released" "released",
    /// Restore the selected archived person to the lists.
    Restore = "restore" "restore",
    /// Undo the last change made in this session (the undo is itself recorded in the history).
    Undo = "undo" "undo",
    /// Redo the change last undone.
    Redo = "redo" "redo",
    /// Narrow the list with a filter line (court:lahore band:critical -has:lawyer days>365 …; see README).
    Filter = "filter" "filter",
    /// Sort by the next key: score, days in custody, next hearing, name, prison (the rank column keeps the urgency rank).
    CycleSort = "sort" "sort",
    /// Turn the sort order round.
    ReverseSort = "reverse_sort" "reverse",
    /// Show the statistics screen: headline numbers, bands, prisons, courts and the monthly trend of the people the list shows.
    Stats = "stats" "numbers",
    /// On the statistics screen, count people by a field you choose (prison, court, lawyer, …): value, count, percent and a bar, most first.
    Frequency = "frequency" "frequency",
    /// Pick a saved view (the clinic's, then the shipped ones): its filter and sort go on the list.
    Views = "views" "views",
    /// Save the list's filter and sort as a view everyone on this file sees.
    SaveView = "save_view" "save view",
    /// Mark or unmark the selected person (a mark in the first column), for acting on many at once.
    Mark = "mark" "mark",
    /// Mark everyone the list shows (after its filter and search); again: unmark them.
    MarkAll = "mark_all" "mark all",
    /// Act on the marked people: assign a lawyer, set the next hearing, record an outcome, export, archive.
    Bulk = "marked" "act on marked",
    /// Answer yes, and change nobody if anyone cannot be changed (someone else changed them meanwhile).
    AllOrNone = "all_or_none" "all or none",
    /// Show the month calendar: how many hearings each day and the most urgent band among them.
    Calendar = "calendar" "calendar",
    /// In the calendar, go to the day before.
    PrevDay = "prev_day" "day back",
    /// In the calendar, go to the day after.
    NextDay = "next_day" "day",
    /// In the calendar, go to the same day of the month before.
    PrevMonth = "prev_month" "month back",
    /// In the calendar, go to the same day of the month after.
    NextMonth = "next_month" "month",
    /// Review likely duplicates: pairs of records that may be one person, side by side.
    Duplicates = "duplicates" "duplicates",
    /// In the duplicate review, go to the next pair.
    NextPair = "next_pair" "next pair",
    /// In the duplicate review, go to the previous pair.
    PrevPair = "prev_pair" "prev pair",
    /// In the duplicate review, keep the left (upper) record's value of this field.
    KeepLeft = "keep_left" "left",
    /// In the duplicate review, keep the right (lower) record's value of this field.
    KeepRight = "keep_right" "right",
    /// Merge the pair into the left (older) record with the values chosen; u undoes it.
    Merge = "merge" "merge",
    /// The pair are two different people: remembered, never suggested again.
    NotSame = "not_same" "not same",
    /// Go to the next field; the field left is checked and any problem shown beside it.
    NextField = "next_field" "next",
    /// Go to the previous field; the field left is checked.
    PrevField = "prev_field" "prev",
    /// Choose the next value of a list field; in health or weaknesses, move to the next option (space ticks it).
    ChoiceNext = "choice_next" "choose",
    /// Choose the previous value of a list field, or move to the previous option.
    ChoicePrev = "choice_prev" "choose back",
    /// Delete the last character of the field.
    DeleteChar = "delete_char" "delete",
    /// Clear the field.
    ClearField = "clear_field" "clear",
    /// Save, if every field is valid (otherwise the cursor goes to the first problem).
    Save = "save" "save",
    /// Close the form without saving (asks first when something was typed).
    Cancel = "cancel" "cancel",
    /// Answer yes.
    Yes = "yes" "yes",
    /// Answer no.
    No = "no" "no",
    /// Save your changes on top of theirs: fields you changed take your value, the rest keep theirs.
    Reapply = "reapply" "re-apply",
    /// Drop your changes and show the record as it is now.
    Reload = "reload" "reload",
    /// Show every key and what it does.
    Help = "help" "help",
    /// Quit caseload.
    Quit = "quit" "quit",
    /// Suspend caseload to the shell (`fg` brings it back); an open form stays as it is.
    Suspend = "suspend" "suspend",
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bindable_action_has_a_name_and_a_doc_line() {
        for &action in Action::BINDABLE {
            assert_eq!(Action::from_name(action.name()), Some(action));
            assert!(action.doc().ends_with('.'), "{action:?}: {}", action.doc());
            assert!(!action.doc().contains('\n'), "{action:?}");
        }
        assert_eq!(Action::Quit.doc(), "Quit caseload.");
    }
}
