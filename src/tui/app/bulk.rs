//! Where a change to many people lands in the app: the caseload takes every new record and
//! the change goes on the undo stack as one step; the marks clear; the footer says how many
//! were changed and names anyone left alone, and why.

use super::App;
use crate::tui::bulk::ManyLanded;
use crate::tui::undo::ManyRequest;

/// At most this many ids are named in the footer; the rest are counted.
const NAMED: usize = 5;

impl App {
    /// The runner carried out `request`: `landed` is what it did.
    pub fn many_landed(&mut self, request: &ManyRequest, landed: ManyLanded) {
        let keep = self.selected_id();
        let changed = landed.items.len();
        let verb = match request {
            ManyRequest::Apply { edit, .. } => edit.describe(),
            ManyRequest::Undo(_) => "undone".to_string(),
            ManyRequest::Redo(_) => "redone".to_string(),
        };
        let mut message = if landed.none_saved {
            "Nobody was changed (all or none)".to_string()
        } else {
            let people = if changed == 1 { "person" } else { "people" };
            format!("{changed} {people}: {verb}")
        };
        if !landed.changed_meanwhile.is_empty() {
            message.push_str(&format!(
                "; changed by someone else meanwhile, left as they are: {}",
                named(landed.changed_meanwhile.iter().copied())
            ));
        }
        if let Some((_, why)) = landed.refused.first() {
            message.push_str(&format!(
                "; could not be changed: {} ({why})",
                named(landed.refused.iter().map(|(id, _)| *id))
            ));
        }
        if changed > 0 && matches!(request, ManyRequest::Apply { .. }) {
            message.push_str(" (u undoes them all)");
        }
        self.caseload
            .many_landed(request, landed.items, landed.records);
        if matches!(request, ManyRequest::Apply { .. }) && changed > 0 {
            self.list.clear_marks();
        }
        self.after_change(keep);
        self.close_edit();
        self.message = Some(format!("{message}."));
    }
}

/// `#12 #40 #41 and 3 more`.
fn named(ids: impl ExactSizeIterator<Item = i64>) -> String {
    let total = ids.len();
    let mut text: Vec<String> = ids.take(NAMED).map(|id| format!("#{id}")).collect();
    if total > NAMED {
        text.push(format!("and {} more", total - NAMED));
    }
    text.join(" ")
}
