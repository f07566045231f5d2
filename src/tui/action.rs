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
            /// Type a character into the search query.
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
                    Action::Insert(_) => "Type a character into the search query.",
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
    /// Go back; in the list, clear the search filter.
    Back = "back" "back",
    /// Search by name, father's name, FIR number, prison or police station.
    Search = "search" "search",
    /// Keep the search filter and return to moving in the list.
    SearchAccept = "search_accept" "keep",
    /// Clear the search and return to the full list.
    SearchCancel = "search_cancel" "clear",
    /// Delete the last character of the search query.
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
    /// Show every key and what it does.
    Help = "help" "help",
    /// Quit caseload.
    Quit = "quit" "quit",
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
