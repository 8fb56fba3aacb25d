-- Issue 5: customer profiles are edited at stores (offline too) and at the
-- web shop, and merged here field by field by a hybrid logical clock (HLC,
-- text form `{wall_ms:013}-{counter:05}-{node}`, which sorts as it orders).
-- Notes are append-only. Erasing a customer deletes both.

-- The clocks of each edited field (a field never edited has no row: any
-- edit beats its value).
--   value_hlc:  the edit whose value the field holds (NULL: from before edits)
--   newest_hlc: the newest edit merged, taken or not
--   grant_saw:  consents, a grant in force: the newest withdrawal its editor had seen
--   withdrawn:  consents: the newest withdrawal merged
CREATE TABLE customer_field_clocks (
    customer_id  TEXT NOT NULL,
    field        TEXT NOT NULL CHECK (field IN ('email','phone','consent_email','consent_sms','sizes','preferences')),
    value_hlc    TEXT,
    newest_hlc   TEXT NOT NULL,
    grant_saw    TEXT,
    withdrawn    TEXT,
    PRIMARY KEY (customer_id, field)
) STRICT, WITHOUT ROWID;

CREATE TABLE customer_notes (
    id           TEXT PRIMARY KEY,
    customer_id  TEXT NOT NULL,
    text         TEXT NOT NULL,
    author       TEXT NOT NULL,
    written_at   TEXT NOT NULL,
    hlc          TEXT NOT NULL
) STRICT;
CREATE INDEX customer_notes_by_customer ON customer_notes(customer_id, hlc);
