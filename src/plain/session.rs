//! What a plain-mode session holds (the ranked roster, the filter, search and sort, the page)
//! and what each [`Command`] does with it. Every answer is a list of lines for the loop to
//! print; a failure is an error whose one line the loop prints before the next prompt.
//! Reading and writing go through the same functions as the command line: the roster and
//! `domain::selection::select` as `caseload list --filter`, `cli::edit::record_hearing` as
//! `caseload hearing` (a new version and its audit row), `cli::checklist` as `caseload checklist`.

use super::commands::Command;
use super::lines::{self, PAGE};
use crate::cli::checklist::{self, ChecklistFormat};
use crate::domain::edit::HearingEntry;
use crate::domain::filter::{Context, Filter};
use crate::domain::roster::Roster;
use crate::domain::selection::select;
use crate::domain::sort::Sort;
use crate::domain::triage::{Ranked, score};
use crate::domain::weights::Weights;
use crate::store::Store;
use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;
use std::path::Path;

/// The line `hearing` answers on a file this user may only read.
pub const READ_ONLY: &str = "this database is read-only for you, so hearings cannot be recorded \
here; nothing changed (ask the file's owner for write access)";

/// One plain-mode session on one store.
pub struct Session {
    store: Store,
    today: NaiveDate,
    weights: Weights,
    /// The lawyer this login is (`lawyer:me`).
    me: Option<String>,
    private: bool,
    roster: Roster,
    /// Everyone in custody, most urgent first, now: a person's rank is their place here + 1.
    ranked: Vec<Ranked>,
    /// The file's `data_version` when the roster was read: another program's save moves it.
    seen: i64,
    filter_text: Option<String>,
    filter: Filter,
    search: Option<String>,
    sort: Sort,
    /// The list as last numbered: `(number, id)` in its order, the number being the urgency
    /// rank when it was numbered. Commands name people by these numbers, so they stay put
    /// until the next `list`, `filter`, `search` or `sort`: a number read off the screen a
    /// minute ago still names the same person after a hearing has moved others up or down.
    numbers: Vec<(usize, i64)>,
    /// Which page of `numbers` the list is on.
    page: usize,
}

impl Session {
    /// Reads and ranks everyone in custody on `store`.
    pub fn open(
        store: Store,
        today: NaiveDate,
        weights: Weights,
        private: bool,
    ) -> Result<Session> {
        let me = store.staff_name(store.actor())?;
        let mut session = Session {
            store,
            today,
            weights,
            me,
            private,
            roster: Roster::default(),
            ranked: Vec::new(),
            seen: 0,
            filter_text: None,
            filter: Filter::default(),
            search: None,
            sort: Sort::default(),
            numbers: Vec::new(),
            page: 0,
        };
        session.load()?;
        // Numbered from the start, so `open 3` works before any `list`.
        session.renumber()?;
        Ok(session)
    }

    /// The first line of the session.
    pub fn greeting(&self, title: &str) -> String {
        let read_only = if self.store.is_read_only() {
            " Read-only: hearings cannot be recorded."
        } else {
            ""
        };
        format!(
            "{title}. Plain mode: {} in custody.{read_only} Type list to see them, help for every command, quit to end.",
            self.ranked.len()
        )
    }

    /// The lines that answer `command` (quitting is the loop's).
    pub fn act(&mut self, command: Command) -> Result<Vec<String>> {
        match command {
            Command::Nothing | Command::Quit => Ok(Vec::new()),
            Command::Help => Ok(super::commands::help()),
            Command::List => {
                if self.store.data_version()? != self.seen {
                    self.load()?;
                }
                self.renumber()
            }
            Command::Next => self.turn(true),
            Command::Prev => self.turn(false),
            Command::Open(line) => self.open_line(line),
            Command::Search(words) => {
                self.search = words;
                self.renumber()
            }
            Command::Filter(expr) => {
                let parsed = crate::cli::list::parse_filter(expr.as_deref())?;
                self.filter = parsed.unwrap_or_default();
                self.filter_text = expr;
                self.renumber()
            }
            Command::Sort(key) => {
                let (key, reverse) = key.map_or((None, false), |(k, r)| (Some(k), r));
                self.sort = crate::cli::list::parse_sort(key.as_deref(), reverse)?;
                self.renumber()
            }
            Command::Hearing { line, entry } => self.hearing(line, &entry),
            Command::Checklist { line, out } => self.checklist(line, out.as_deref()),
        }
    }

    /// (Re)reads the roster and ranks it (the list is numbered afresh by the caller).
    fn load(&mut self) -> Result<()> {
        self.seen = self.store.data_version()?;
        self.roster = self.store.load_roster(self.today)?;
        self.ranked = self.roster.rank(self.today, &self.weights);
        Ok(())
    }

    /// Numbers the list afresh (the filter, search and sort on the current ranking) and shows
    /// its first page.
    fn renumber(&mut self) -> Result<Vec<String>> {
        let cx = Context {
            today: self.today,
            weights: &self.weights,
            me: self.me.as_deref(),
        };
        let searches: Vec<&str> = self.search.as_deref().into_iter().collect();
        let (filter, sort) = (&self.filter, self.sort);
        let positions = select(&self.roster, &self.ranked, filter, &searches, sort, &cx);
        self.numbers = positions
            .into_iter()
            .filter_map(|p| Some((p + 1, self.roster.entry(self.ranked.get(p)?.index)?.id)))
            .collect();
        self.page = 0;
        Ok(self.page_lines())
    }

    /// Where person `id` stands now: their place in the ranking (`None`: out of custody).
    fn now(&self, id: i64) -> Option<(usize, usize)> {
        let index = self.roster.index_of(id)?;
        let position = self.ranked.iter().position(|r| r.index == index)?;
        Some((index, position))
    }

    /// Person `id`'s line under `number`: what is true of them now.
    fn line(&self, number: usize, id: i64) -> String {
        let now = self.now(id).and_then(|(index, position)| {
            Some((self.roster.person(index)?, &self.ranked[position]))
        });
        match now {
            Some((person, ranked)) => {
                lines::person(number, &person, ranked, self.today, self.private)
            }
            None => {
                let name = self.roster.index_of(id).and_then(|i| self.roster.person(i));
                let name = name.map_or("someone".to_string(), |p| {
                    lines::name(p.names.name, self.private)
                });
                format!("{number}. {name}, out of custody now")
            }
        }
    }

    /// The current page: on the first page a summary line first, then one line per person and
    /// the line that says where the list ends.
    fn page_lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.page == 0 {
            let sort = (self.sort != Sort::default()).then(|| {
                let reverse = if self.sort.reverse { " reversed" } else { "" };
                format!("{}{reverse}", self.sort.key)
            });
            out.push(lines::summary(
                self.numbers.len(),
                self.ranked.len(),
                &[
                    ("filter", self.filter_text.as_deref()),
                    ("search", self.search.as_deref()),
                    ("sort", sort.as_deref()),
                ],
            ));
        }
        let first = self.page * PAGE;
        let page = self.numbers.iter().skip(first).take(PAGE);
        out.extend(page.map(|&(number, id)| self.line(number, id)));
        let count = self.numbers.len().saturating_sub(first).min(PAGE);
        out.push(lines::page_end(first, count, self.numbers.len()));
        out
    }

    /// `next` / `prev`.
    fn turn(&mut self, forward: bool) -> Result<Vec<String>> {
        let last = self.numbers.len().saturating_sub(1) / PAGE;
        match (forward, self.page) {
            (true, page) if page >= last => Ok(vec![
                "end of the list: no more people (type list for the first page)".to_string(),
            ]),
            (false, 0) => Ok(vec!["this is the first page".to_string()]),
            (true, page) => {
                self.page = page + 1;
                Ok(self.page_lines())
            }
            (false, page) => {
                self.page = page - 1;
                Ok(self.page_lines())
            }
        }
    }

    /// The id of the person numbered `line` in the list as last numbered.
    fn person_at(&self, line: usize) -> Result<i64> {
        if let Some(&(_, id)) = self.numbers.iter().find(|(number, _)| *number == line) {
            return Ok(id);
        }
        if line > self.ranked.len() {
            bail!(
                "there is no {line} in the list: {} people are in custody",
                self.ranked.len()
            );
        }
        bail!(
            "{line} is not in this list (the filter or search leaves them out, or the list was numbered again): type list to see the numbers"
        )
    }

    /// Where the person numbered `line` stands now, said in words: `Rank 3 of 184`, or how it
    /// changed since the list was numbered.
    fn standing(&self, line: usize, id: i64) -> String {
        let of = self.ranked.len();
        match self.now(id) {
            Some((_, position)) if position + 1 == line => format!("Rank {line} of {of}"),
            Some((_, position)) => format!(
                "Now rank {} of {of} (type list to number the list again)",
                position + 1
            ),
            None => "Out of custody now, so off the ranked list".to_string(),
        }
    }

    /// `open N`.
    fn open_line(&self, line: usize) -> Result<Vec<String>> {
        let id = self.person_at(line)?;
        let record = self.store.get(id)?.ok_or_else(|| {
            anyhow!("{line} is no longer on file (archived meanwhile): type list")
        })?;
        let urgency = score(&record, self.today, &self.weights);
        let heading = format!("{}.", self.standing(line, id));
        lines::open(heading, &record, urgency, self.today, self.private)
    }

    /// `hearing N OUTCOME [DATE] [NOTE]`: records it, then one confirmation line (saying where
    /// the person now stands, if that moved) and the person's new line under their number.
    fn hearing(&mut self, line: usize, entry: &HearingEntry) -> Result<Vec<String>> {
        if self.store.is_read_only() {
            return Ok(vec![READ_ONLY.to_string()]);
        }
        let id = self.person_at(line)?;
        let saved = crate::cli::edit::record_hearing(&mut self.store, id, entry, None, self.today)?;
        // The ranking follows at once; the numbers stay as listed (see `numbers`).
        let index = self.roster.put(&saved.record, self.today);
        self.roster
            .rerank_one(&mut self.ranked, index, self.today, &self.weights);
        let name = lines::name(&saved.record.detainee.name, self.private);
        let next = entry
            .next
            .map_or_else(String::new, |d| format!(", next hearing {d}"));
        let mut confirm = format!(
            "recorded {} for {name} (person {id}, version {}){next}",
            entry.outcome.label(),
            saved.version
        );
        let standing = self.standing(line, id);
        if !standing.starts_with("Rank ") {
            confirm.push_str(&format!(". {standing}"));
        }
        Ok(vec![confirm, self.line(line, id)])
    }

    /// `checklist N [--out FILE]`: as `caseload checklist --id ID --format txt [--out FILE]`,
    /// health details left out, recorded in the audit trail.
    fn checklist(&mut self, line: usize, out: Option<&Path>) -> Result<Vec<String>> {
        let id = self.person_at(line)?;
        let rules = crate::config::load_rules(None)?;
        let record = self
            .store
            .get(id)?
            .ok_or_else(|| anyhow!("{line} is no longer on file"))?;
        let request = checklist::Request {
            subject: checklist::Subject::Person(id),
            format: ChecklistFormat::Txt,
            out,
            privacy: crate::domain::checklist::Privacy {
                include_health: false,
            },
            force: false,
        };
        let exported = checklist::run(&[record], self.today, &self.weights, &rules, &request)?;
        if self.store.is_read_only() {
            // As `caseload checklist` says it: the export went ahead, its record could not.
            return Ok(vec![format!(
                "{} is read-only for you, so this export is not in its audit trail",
                self.store.path().display()
            )]);
        }
        self.store
            .record_export(&exported.ids, &exported.what, &exported.to)?;
        Ok(Vec::new())
    }
}
