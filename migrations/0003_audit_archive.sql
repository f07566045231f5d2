-- Schema version 2 -> 3: editing from the keyboard, safely with several users on one file.
-- An audit trail that cannot be altered, and "delete" as a restorable archive.

ALTER TABLE detainees ADD COLUMN archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1));
CREATE INDEX detainees_archived ON detainees(id) WHERE archived = 1;

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

PRAGMA user_version = 3;
