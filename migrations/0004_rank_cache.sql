-- Schema 4: remember who was most urgent when the list was last ranked, so the next start can
-- show those rows at once while everyone is loaded and ranked behind them. Derived data, not a
-- record: rewritten when the top of the ranking changes, never audited, safe to delete.
CREATE TABLE rank_cache (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    as_of  TEXT NOT NULL,     -- the day ranked for (YYYY-MM-DD)
    people INTEGER NOT NULL,  -- how many were in custody then
    top    BLOB NOT NULL      -- detainee ids, most urgent first, 8 bytes each (little-endian)
);

PRAGMA user_version = 4;
