-- Issue 6: the cash drawer. A register (this device) opens its drawer with
-- a float, records cash put in and taken out with a reason, and closes it
-- with the cash counted against the cash expected. Each row is journalled
-- with its outbox event (drawer_opened, drawer_cash_moved, drawer_closed).

CREATE TABLE drawer_sessions (
    id             TEXT PRIMARY KEY,
    -- The register: this device's id.
    register_id    TEXT NOT NULL,
    opened_at      TEXT NOT NULL,
    opened_by      TEXT NOT NULL,
    float_minor    INTEGER NOT NULL CHECK (float_minor >= 0),
    currency       TEXT NOT NULL,
    closed_at      TEXT,
    closed_by      TEXT,
    counted_minor  INTEGER CHECK (counted_minor >= 0),
    -- What the drawer should have held at the close, as shown then.
    expected_minor INTEGER,
    CHECK ((closed_at IS NULL) = (closed_by IS NULL)),
    CHECK ((closed_at IS NULL) = (counted_minor IS NULL)),
    CHECK ((closed_at IS NULL) = (expected_minor IS NULL))
) STRICT;
-- One open session per register, at most.
CREATE UNIQUE INDEX drawer_sessions_one_open ON drawer_sessions(register_id) WHERE closed_at IS NULL;
CREATE INDEX drawer_sessions_by_opened ON drawer_sessions(register_id, opened_at);

CREATE TABLE drawer_movements (
    id             TEXT PRIMARY KEY,
    session_id     TEXT NOT NULL REFERENCES drawer_sessions(id),
    kind           TEXT NOT NULL CHECK (kind IN ('in','out')),
    amount_minor   INTEGER NOT NULL CHECK (amount_minor > 0),
    reason         TEXT NOT NULL,
    moved_at       TEXT NOT NULL,
    moved_by       TEXT NOT NULL
) STRICT;
CREATE INDEX drawer_movements_by_session ON drawer_movements(session_id, moved_at);

-- A drawer session's sales are those completed while it was open.
CREATE INDEX sales_by_completed_at ON sales(completed_at);
