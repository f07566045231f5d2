-- Schema 6 -> 7 (issue 16 §3): what the duplicate review remembers. `not_same` holds the pairs
-- the clinic said are two people (never suggested again), smaller id first; `merges` holds each
-- merge (who survived, who was archived as "merged into #N", which hearings and findings moved
-- from which case) so that history follows the survivor and a merge can be undone exactly.
-- Both are audited in `audit` too: these tables are what the program reads back.
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
