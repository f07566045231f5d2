-- Schema 5: the facts the law by date, stage and person needs (DOMAIN.md §6): a previous
-- conviction for an offence punishable with death or life (the s.497 fourth proviso; any
-- previous conviction alone does not block statutory bail), the judgment date and sentence of a
-- convicted person (the appeal deadline runs from the judgment), the CNIC and the ages of the
-- children living with her in prison.
ALTER TABLE detainees ADD COLUMN cnic TEXT;           -- 13 digits, no dashes
ALTER TABLE detainees ADD COLUMN children_ages TEXT;  -- ';'-separated whole years
ALTER TABLE cases ADD COLUMN previous_conviction_death_life INTEGER
    CHECK (previous_conviction_death_life IN (0, 1));
ALTER TABLE cases ADD COLUMN judgment_date TEXT;
ALTER TABLE cases ADD COLUMN sentence_years REAL CHECK (sentence_years >= 0);

PRAGMA user_version = 5;
