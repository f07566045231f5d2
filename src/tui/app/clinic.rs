//! What the clinic shares that the app holds for the session: the lawyer this login is mapped
//! to (`lawyer:me`) and the saved views `v` offers.

use super::App;
use crate::domain::views::View;
use std::sync::Arc;

impl App {
    /// The lawyer this login is mapped to (the clinic's staff table), for `lawyer:me`.
    pub fn set_me(&mut self, lawyer: Option<String>) {
        let judged = Arc::make_mut(&mut self.judged);
        judged.me = lawyer;
    }

    /// The views `v` offers (read from the file at start).
    pub fn set_views(&mut self, views: Vec<View>) {
        self.caseload.set_views(views);
    }

    /// The store saved `view` for everyone on this file.
    pub fn view_saved(&mut self, view: View) {
        self.message = Some(format!(
            "View '{}' saved for everyone on this file (v lists it).",
            crate::domain::text::sanitize(&view.name)
        ));
        self.caseload.view_saved(view);
    }

    /// Opens on a filter (`caseload --mine`: `lawyer:me`), as if typed on the filter line.
    pub fn start_filtered(&mut self, filter: &str) {
        let view = View {
            name: String::new(),
            filter: filter.to_string(),
            sort: Default::default(),
            columns: None,
        };
        self.list.use_view(&view);
    }
}
