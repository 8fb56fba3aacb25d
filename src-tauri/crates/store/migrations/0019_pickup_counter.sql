-- The pickup counter: what the hub keeps of a pickup (its picked lines and
-- when the customer was notified, reminded and served), the counter's own
-- steps journalled here until the hub's record replaces them, and the pick
-- in progress (a draft, never an event).
ALTER TABLE pickups ADD COLUMN lines_json TEXT NOT NULL DEFAULT '[]';
ALTER TABLE pickups ADD COLUMN notified_at TEXT;
ALTER TABLE pickups ADD COLUMN reminded_at TEXT;
ALTER TABLE pickups ADD COLUMN handed_over_at TEXT;

-- One row per step taken at this counter; payload_json is the event's.
CREATE TABLE pickup_steps (
    event_id     TEXT PRIMARY KEY,
    pickup_id    TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('picking','ready','picked_up')),
    kind         TEXT NOT NULL,
    payload_json TEXT NOT NULL,
    taken_at     TEXT NOT NULL
) STRICT;
CREATE INDEX pickup_steps_by_pickup ON pickup_steps(pickup_id, taken_at);

-- The pick in progress of an order's lines (scanned units, short picks).
CREATE TABLE pick_drafts (
    pickup_id            TEXT NOT NULL,
    line_no              INTEGER NOT NULL,
    picked               INTEGER NOT NULL DEFAULT 0 CHECK (picked >= 0),
    unavailable          INTEGER NOT NULL DEFAULT 0 CHECK (unavailable >= 0),
    short_reason         TEXT CHECK (short_reason IN ('missing','damaged')),
    substitute_product_id TEXT,
    substitute_quantity  INTEGER NOT NULL DEFAULT 0 CHECK (substitute_quantity >= 0),
    consent_note         TEXT,
    PRIMARY KEY (pickup_id, line_no)
) STRICT, WITHOUT ROWID;
