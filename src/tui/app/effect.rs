//! What the app asks of the event loop ([`Effect`]: data, never IO), why it asked for a
//! record, and what the last draw found room for.

use crate::domain::edit::Change;
use crate::domain::render::Format;
use crate::tui::undo::{ManyRequest, Sent};

/// What an export or copy is of (the library's one subject).
pub use crate::export::Subject;

/// Why the app asked for a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Show its history on the detail page.
    History,
    /// Open the edit form on it.
    Edit,
    /// Open the hearing form on it.
    Hearing,
    /// Ask whether to archive it.
    Archive,
    /// Restore it.
    Restore,
}

/// Something only the event loop can do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Restore the terminal and leave.
    Quit,
    /// Restore the terminal, stop the process (job control) and redraw on continue.
    Suspend,
    /// Write a checklist file and report its path.
    Export {
        subject: Subject,
        format: Format,
        include_health: bool,
    },
    /// Put the plain-text checklist on the user's clipboard (OSC 52), health withheld.
    Copy(Subject),
    /// Read person `id` (with version and history) and hand it to [`App::loaded`](super::App::loaded).
    Load { id: i64, purpose: Purpose },
    /// Run a search (on a worker, so typing never waits) and hand the hits to
    /// [`App::search_done`](super::App::search_done).
    Search(crate::tui::searcher::SearchRequest),
    /// Count the statistics screen's numbers and read the trend (on a worker with its own
    /// connection) and hand them to [`App::stats_done`](super::App::stats_done).
    Stats(crate::tui::stats::StatsRequest),
    /// Carry out a change; hand the result to [`App::apply_saved`](super::App::apply_saved), [`App::show_conflict`](super::App::show_conflict) or
    /// [`App::show_error`](super::App::show_error).
    Save(Box<Change>),
    /// Remove the kept draft file (the user restored or discarded it).
    DiscardDraft,
    /// Change many people in one transaction (the marked ones, or an undo of that); hand the
    /// result to [`App::many_landed`](super::App::many_landed).
    Many(Box<ManyRequest>),
    /// Save a view in the file for everyone; hand it to [`App::view_saved`](super::App::view_saved).
    SaveView(Box<crate::domain::views::View>),
    /// Look for who a new person may already be before saving them, and hand the matches to
    /// [`App::likely_checked`](super::App::likely_checked) (no match: it saves).
    CheckLikely(Box<crate::domain::model::Record>),
    /// Find the pairs that may be one person (with both records and versions) and hand them
    /// to [`App::duplicates_found`](super::App::duplicates_found).
    FindDuplicates,
    /// Remember that people `a` and `b` are two people; then
    /// [`App::not_same_marked`](super::App::not_same_marked).
    MarkNotSame { a: i64, b: i64 },
}

impl From<Sent> for Effect {
    fn from(sent: Sent) -> Effect {
        match sent {
            Sent::One(change) => Effect::Save(change),
            Sent::Many(request) => Effect::Many(Box::new(request)),
        }
    }
}

/// What the last draw found room for, and where it drew what a tap can reach; the loop hands it
/// back so paging, scroll limits and taps match the screen. The defaults fit an 80x24 terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewport {
    /// Rows of people the list shows.
    pub list_rows: usize,
    /// Lines of text the detail or help body shows.
    pub page_rows: usize,
    /// Lines the detail or help text has in all.
    pub page_lines: usize,
    /// The list shows the selected person's page beside it (a wide terminal).
    pub side_pane: bool,
    /// The rows of a list drawn (the list, hearings, released), for a tap on one.
    pub rows: Option<Rows>,
    /// The footer's keys and the header's back marker, for a tap on one.
    pub taps: Vec<Tap>,
}

impl Default for Viewport {
    fn default() -> Viewport {
        Viewport {
            list_rows: 21,
            page_rows: 22,
            page_lines: 0,
            side_pane: false,
            rows: None,
            taps: Vec::new(),
        }
    }
}

/// Where a list's rows were drawn: `count` rows of `per` lines each from line `top`, in cells
/// `left..right`, the selected one `selected` rows down (if it is among them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rows {
    pub top: u16,
    pub count: u16,
    pub per: u16,
    pub left: u16,
    pub right: u16,
    pub selected: Option<u16>,
}

/// Something drawn that runs `action` when tapped: cells `x..end` of line `y`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tap {
    pub y: u16,
    pub x: u16,
    pub end: u16,
    pub action: crate::tui::action::Action,
}
