-- caseload: the canonical schema of a caseload database (schema version 7).
--
-- Applied as a whole to a new file. Older files are brought here by the scripts in migrations/,
-- one per version; a test checks that both roads end in the same schema.
-- Dates are ISO text (YYYY-MM-DD); yes/no fields are 0/1 and NULL when not recorded.

CREATE TABLE detainees (
    id                 INTEGER PRIMARY KEY,
    name               TEXT NOT NULL CHECK (length(trim(name)) > 0),
    father_name        TEXT,          -- father's or husband's name as in the FIR
    gender             TEXT CHECK (gender IN ('male', 'female', 'transgender')),
    date_of_birth      TEXT,
    age_at_arrest      INTEGER CHECK (age_at_arrest BETWEEN 0 AND 130),
    juvenile_claimed   INTEGER CHECK (juvenile_claimed IN (0, 1)),
    pregnant           INTEGER CHECK (pregnant IN (0, 1)),
    due_date           TEXT,
    children_in_prison INTEGER CHECK (children_in_prison >= 0),
    health             TEXT NOT NULL DEFAULT '',  -- ';'-separated codes; sensitive
    prison             TEXT,
    prisoner_number    TEXT,
    notes              TEXT,
    natural_key        TEXT UNIQUE,   -- name|father|FIR|police station|arrest date: makes imports idempotent
    version            INTEGER NOT NULL DEFAULT 1, -- bumped by every change to the person, case, hearings or findings (since schema 2)
    archived           INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)), -- "deleted": hidden, restorable (since schema 3)
    cnic               TEXT,          -- 13 digits, no dashes (since schema 5)
    children_ages      TEXT           -- ';'-separated whole years (since schema 5)
);
CREATE INDEX detainees_archived ON detainees(id) WHERE archived = 1;

CREATE TABLE cases (
    id                  INTEGER PRIMARY KEY,
    detainee_id         INTEGER NOT NULL REFERENCES detainees(id) ON DELETE CASCADE,
    law                 TEXT NOT NULL DEFAULT 'cnsa1997'
                        CHECK (law IN ('cnsa1997', 'sindh2024', 'kp2019', 'punjab2025')),
    section             TEXT,
    fir_number          TEXT,
    fir_date            TEXT,
    police_station      TEXT,
    district            TEXT,
    arrest_date         TEXT NOT NULL,
    substance           TEXT CHECK (substance IN ('charas', 'heroin', 'opium', 'ice', 'cocaine',
                                                  'poppy_straw', 'other')),
    quantity_grams      REAL CHECK (quantity_grams >= 0),
    stage               TEXT NOT NULL DEFAULT 'investigation'
                        CHECK (stage IN ('investigation', 'trial', 'judgment_reserved', 'convicted',
                                         'acquitted', 'released')),
    bail_status         TEXT CHECK (bail_status IN ('not_applied', 'pending', 'rejected', 'granted')),
    capital_charge      INTEGER CHECK (capital_charge IN (0, 1)),
    previous_conviction INTEGER CHECK (previous_conviction IN (0, 1)),
    delay_by_defence    INTEGER CHECK (delay_by_defence IN (0, 1)),
    first_offence       INTEGER CHECK (first_offence IN (0, 1)),
    court               TEXT,
    lawyer              TEXT,
    -- since schema 5: the s.497 fourth-proviso exception, and a convicted person's judgment
    previous_conviction_death_life INTEGER CHECK (previous_conviction_death_life IN (0, 1)),
    judgment_date       TEXT,
    sentence_years      REAL CHECK (sentence_years >= 0)
);
CREATE INDEX cases_by_detainee ON cases(detainee_id);

CREATE TABLE hearings (
    id      INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    date    TEXT NOT NULL,
    court   TEXT,
    purpose TEXT,
    outcome TEXT
);
CREATE INDEX hearings_by_case ON hearings(case_id);
CREATE INDEX hearings_by_date ON hearings(date);

CREATE TABLE findings (
    id      INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    code    TEXT NOT NULL CHECK (code IN ('sample_late', 'no_lab_report', 'lab_report_defective',
                                          'custody_chain_gap', 'packets_not_sampled',
                                          'quantity_disputed', 'near_slab_boundary',
                                          'prosecution_delay', 'no_independent_witness', 'other')),
    note    TEXT
);
CREATE INDEX findings_by_case ON findings(case_id);

-- Every change, who made it and when (since schema 3). Rows can be added, never changed.
CREATE TABLE audit (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,     -- UTC, YYYY-MM-DDTHH:MM:SSZ
    actor       TEXT NOT NULL,     -- the login name of whoever made the change
    action      TEXT NOT NULL CHECK (action IN ('add', 'edit', 'delete', 'restore', 'import',
                                                'hearing', 'undo', 'redo', 'export')),
    detainee_id INTEGER NOT NULL,
    field       TEXT,              -- a DOMAIN.md §6 field name, `hearing`, or NULL for the whole record
    old_value   TEXT,
    new_value   TEXT
);
CREATE INDEX audit_by_detainee ON audit(detainee_id, id);

-- History is never lost: the program (or anyone using this file through SQLite) may add audit
-- rows, never change or remove them.
CREATE TRIGGER audit_rows_cannot_change BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit trail cannot be changed');
END;
CREATE TRIGGER audit_rows_cannot_be_deleted BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit trail cannot be deleted');
END;

-- Who was most urgent when the list was last ranked (since schema 4): the next start shows
-- these rows at once while everyone is loaded and ranked behind them. Derived data, not a
-- record: rewritten when the top of the ranking changes, never audited, safe to delete.
CREATE TABLE rank_cache (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    as_of  TEXT NOT NULL,     -- the day ranked for (YYYY-MM-DD)
    people INTEGER NOT NULL,  -- how many were in custody then
    top    BLOB NOT NULL      -- detainee ids, most urgent first, 8 bytes each (little-endian)
);

-- The clinic's own settings (since schema 6): who is which lawyer, and saved views. Changes
-- are audited with detainee_id 0 (the clinic, not a person).
CREATE TABLE staff (
    login TEXT PRIMARY KEY,
    name  TEXT NOT NULL CHECK (trim(name) != '')
);
CREATE TABLE views (
    name     TEXT PRIMARY KEY COLLATE NOCASE,
    filter   TEXT NOT NULL,
    sort     TEXT NOT NULL DEFAULT 'score',
    reverse  INTEGER NOT NULL DEFAULT 0 CHECK (reverse IN (0, 1)),
    columns  TEXT              -- NULL: the list's usual columns
);

-- What the duplicate review remembers (since schema 7): pairs said to be two people, smaller id
-- first (never suggested again), and each merge: what moved, so history follows the survivor
-- and the merge can be undone exactly.
CREATE TABLE not_same (
    id_a  INTEGER NOT NULL,   -- the smaller detainee id
    id_b  INTEGER NOT NULL,
    at    TEXT NOT NULL,      -- UTC, YYYY-MM-DDTHH:MM:SSZ
    actor TEXT NOT NULL,
    PRIMARY KEY (id_a, id_b)
) WITHOUT ROWID;
CREATE TABLE merges (
    id       INTEGER PRIMARY KEY,
    survivor INTEGER NOT NULL,    -- the detainee kept
    merged   INTEGER NOT NULL,    -- the detainee archived as "merged into #survivor"
    at       TEXT NOT NULL,
    actor    TEXT NOT NULL,
    hearings TEXT NOT NULL,       -- the hearings moved, "row:case;…" (their cases before)
    findings TEXT NOT NULL,       -- the findings moved, likewise
    undone   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX merges_by_survivor ON merges(survivor);

PRAGMA user_version = 7;
