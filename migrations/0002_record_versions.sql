-- Schema version 1 -> 2: a version number on each detainee (so a save over someone else's change
-- can be refused), and an index for listing hearings by date.

ALTER TABLE detainees ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE INDEX hearings_by_date ON hearings(date);

PRAGMA user_version = 2;
