-- Issue 5: customer profiles edited offline. Edits and notes made here are
-- journalled with their outbox event; the hub merges them field by field by
-- hybrid logical clock (HLC, text `{wall_ms:013}-{counter:05}-{node}`, which
-- sorts as it orders) and sends the merged customer and the notes back.
-- What a person sees is the replica with this device's pending edits and
-- notes laid over it, until the hub's version covers them.

-- The 0002 journal tables were never written; they are replaced.
DROP TABLE customer_notes;
DROP TABLE profile_edits;

-- Notes: the hub's (origin 'hub', written by sync) and this device's own not
-- yet confirmed (origin 'local', carried by outbox event event_id). The
-- hub's copy of a local note has the same id and takes its place.
CREATE TABLE customer_notes (
    id           TEXT PRIMARY KEY,
    customer_id  TEXT NOT NULL,
    text         TEXT NOT NULL,
    author       TEXT NOT NULL,
    written_at   TEXT NOT NULL,
    hlc          TEXT NOT NULL,
    origin       TEXT NOT NULL CHECK (origin IN ('hub','local')),
    event_id     TEXT
) STRICT;
CREATE INDEX customer_notes_by_customer ON customer_notes(customer_id, hlc);

-- Profile edits made here (journal): one row per field of an edit event.
-- seen_withdrawal: for a consent given, the newest withdrawal seen here.
CREATE TABLE profile_edits (
    event_id     TEXT NOT NULL,
    customer_id  TEXT NOT NULL,
    field        TEXT NOT NULL,
    value_json   TEXT NOT NULL,
    hlc          TEXT NOT NULL,
    seen_withdrawal TEXT,
    edited_at    TEXT NOT NULL,
    PRIMARY KEY (event_id, field)
) STRICT, WITHOUT ROWID;
CREATE INDEX profile_edits_by_customer ON profile_edits(customer_id, field, hlc);

-- The hub's clocks of each edited field (replica, with the customer):
-- newest_hlc is the newest edit the hub merged into the field; a pending
-- edit clocked at or before it is settled. withdrawn: consents only.
CREATE TABLE customer_field_clocks (
    customer_id  TEXT NOT NULL,
    field        TEXT NOT NULL,
    newest_hlc   TEXT NOT NULL,
    withdrawn    TEXT,
    PRIMARY KEY (customer_id, field)
) STRICT, WITHOUT ROWID;

-- This device's hybrid logical clock: its last reading, so it never goes
-- back across restarts.
CREATE TABLE device_hlc (
    singleton    INTEGER PRIMARY KEY CHECK (singleton = 1),
    last         TEXT NOT NULL
) STRICT;
