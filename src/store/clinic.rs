//! The clinic's own settings, shared by everyone on the file: `staff` (a login and the lawyer's
//! name as written in cases: `lawyer:me`, the name beside the login in history) and saved
//! `views`. Each change is one transaction with an audit row under detainee id 0 (the clinic,
//! not a person), so who changed a shared view is on record like any other change.

use super::audit::audit;
use super::{Store, StoreError};
use crate::domain::columns::columns_text;
use crate::domain::model::AuditAction;
use crate::domain::views::View;
use rusqlite::{OptionalExtension, params};

/// The audit trail's detainee id for the clinic's own settings.
pub const CLINIC: i64 = 0;

impl Store {
    /// Maps `login` to `name` (replacing an earlier name), audited.
    pub fn add_staff(&mut self, login: &str, name: &str) -> Result<(), StoreError> {
        let (login, name) = (login.trim(), name.trim());
        if login.is_empty() || name.is_empty() {
            return Err(self.setting("a staff entry needs a login and a name"));
        }
        let old = self.staff_name(login)?;
        let tx = self.begin()?;
        let fail = |e| self.sqlite(e);
        tx.execute(
            "INSERT INTO staff (login, name) VALUES (?1, ?2)
             ON CONFLICT (login) DO UPDATE SET name = excluded.name",
            params![login, name],
        )
        .map_err(fail)?;
        setting_audit(
            &tx,
            &self.actor,
            &format!("staff {login}"),
            old.as_deref(),
            Some(name),
        )
        .map_err(fail)?;
        tx.commit().map_err(fail)
    }

    /// Every staff entry, `(login, name)`, by login.
    pub fn staff(&self) -> Result<Vec<(String, String)>, StoreError> {
        if !self.has_table("staff")? {
            return Ok(Vec::new());
        }
        let mut stmt = self
            .conn
            .prepare_cached("SELECT login, name FROM staff ORDER BY login")
            .map_err(|e| self.sqlite(e))?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .and_then(|rows| rows.collect())
            .map_err(|e| self.sqlite(e))
    }

    /// The lawyer's name `login` is mapped to.
    pub fn staff_name(&self, login: &str) -> Result<Option<String>, StoreError> {
        if !self.has_table("staff")? {
            return Ok(None);
        }
        self.conn
            .query_row(
                "SELECT name FROM staff WHERE login = ?1",
                [login.trim()],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.sqlite(e))
    }

    /// Saves `view` for everyone (replacing one of the same name, case aside), audited.
    pub fn save_view(&mut self, view: &View) -> Result<(), StoreError> {
        let old = self
            .views()?
            .into_iter()
            .find(|v| same(&v.name, &view.name));
        let tx = self.begin()?;
        let fail = |e| self.sqlite(e);
        let columns = view.columns.as_deref().map(columns_text);
        tx.execute(
            "INSERT INTO views (name, filter, sort, reverse, columns) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (name) DO UPDATE SET name = excluded.name, filter = excluded.filter,
                 sort = excluded.sort, reverse = excluded.reverse, columns = excluded.columns",
            params![
                view.name,
                view.filter,
                view.sort.key.code(),
                view.sort.reverse,
                columns
            ],
        )
        .map_err(fail)?;
        let (field, old) = (format!("view {}", view.name), old.as_ref().map(describe));
        setting_audit(
            &tx,
            &self.actor,
            &field,
            old.as_deref(),
            Some(&describe(view)),
        )
        .map_err(fail)?;
        tx.commit().map_err(fail)
    }

    /// Deletes the saved view `name` (case aside), audited; false when there was none.
    pub fn delete_view(&mut self, name: &str) -> Result<bool, StoreError> {
        let Some(old) = self.views()?.into_iter().find(|v| same(&v.name, name)) else {
            return Ok(false);
        };
        let tx = self.begin()?;
        let fail = |e| self.sqlite(e);
        tx.execute("DELETE FROM views WHERE name = ?1", [&old.name])
            .map_err(fail)?;
        let field = format!("view {}", old.name);
        setting_audit(&tx, &self.actor, &field, Some(&describe(&old)), None).map_err(fail)?;
        tx.commit().map_err(fail)?;
        Ok(true)
    }

    /// The saved views, then each shipped one ([`crate::domain::views::shipped`]) whose name
    /// is not saved: what `view list` and the TUI's `v` offer.
    pub fn all_views(&self) -> Result<Vec<View>, StoreError> {
        let mut views = self.views()?;
        let shipped: Vec<View> = crate::domain::views::shipped()
            .into_iter()
            .filter(|s| crate::domain::views::find(&views, &s.name).is_err())
            .collect();
        views.extend(shipped);
        Ok(views)
    }

    /// Every saved view, by name; each checked as it is read (a view written by hand into the
    /// file that does not parse is reported with its name).
    pub fn views(&self) -> Result<Vec<View>, StoreError> {
        if !self.has_table("views")? {
            return Ok(Vec::new());
        }
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT name, filter, sort, reverse, columns FROM views ORDER BY name COLLATE NOCASE",
            )
            .map_err(|e| self.sqlite(e))?;
        let rows: Vec<(String, String, String, bool, Option<String>)> = stmt
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .and_then(|rows| rows.collect())
            .map_err(|e| self.sqlite(e))?;
        rows.iter()
            .map(|(name, filter, sort, reverse, columns)| {
                View::new(name, filter, Some(sort), *reverse, columns.as_deref())
                    .map_err(|e| self.setting(&format!("saved {e}")))
            })
            .collect()
    }

    /// Whether the file has `table` (a read-only file may predate schema 6).
    fn has_table(&self, table: &str) -> Result<bool, StoreError> {
        self.conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
                [table],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n > 0)
            .map_err(|e| self.sqlite(e))
    }

    fn setting(&self, reason: &str) -> StoreError {
        StoreError::Setting {
            path: self.path.clone(),
            reason: reason.to_string(),
        }
    }
}

/// One audit row for a change to the clinic's settings (detainee id [`CLINIC`]).
fn setting_audit(
    tx: &rusqlite::Connection,
    actor: &str,
    field: &str,
    old: Option<&str>,
    new: Option<&str>,
) -> rusqlite::Result<()> {
    audit(tx, actor, AuditAction::Edit, CLINIC, Some(field), old, new)
}

fn same(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// A view as the audit trail records it: the options it stands for.
fn describe(v: &View) -> String {
    let mut text = format!("--filter \"{}\" --sort {}", v.filter, v.sort.key);
    if v.sort.reverse {
        text.push_str(" --reverse");
    }
    if let Some(c) = &v.columns {
        text.push_str(&format!(" --columns {}", columns_text(c)));
    }
    text
}
