-- Schema 5 -> 6 (issue 14 §2, §3): the clinic's own settings, shared by everyone on the file.
-- `staff` maps a login to the lawyer's name as written in cases (`lawyer:me`, the name beside
-- the login in history); `views` holds saved views (a name, a filter, a sort, the columns).
-- Changes to either are audited with detainee_id 0: the clinic, not a person.
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

PRAGMA user_version = 6;
