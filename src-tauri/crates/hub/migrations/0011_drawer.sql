-- Issue 6: the cash drawer and the Z report. Each register (an enrolled
-- device) pushes its drawer sessions and the cash moved in and out of them
-- (drawer_opened, drawer_cash_moved, drawer_closed); each store sale keeps
-- the register that made it and its tenders (from sale_completed), so a
-- store's Z reports per register and business day are computed from what
-- arrived. Nothing here names a customer, so erasure leaves it.

CREATE TABLE drawer_sessions (
    id             TEXT PRIMARY KEY,
    store_id       TEXT NOT NULL,
    register_id    TEXT NOT NULL,
    opened_at      TEXT NOT NULL,
    opened_by      TEXT NOT NULL,
    float_minor    INTEGER NOT NULL CHECK (float_minor >= 0),
    currency       TEXT NOT NULL,
    closed_at      TEXT,
    closed_by      TEXT,
    counted_minor  INTEGER CHECK (counted_minor >= 0),
    -- What the register said the drawer should hold at the close.
    expected_minor INTEGER,
    CHECK ((closed_at IS NULL) = (closed_by IS NULL)),
    CHECK ((closed_at IS NULL) = (counted_minor IS NULL)),
    CHECK ((closed_at IS NULL) = (expected_minor IS NULL))
) STRICT;
CREATE INDEX drawer_sessions_by_store ON drawer_sessions(store_id, opened_at);

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

-- The register that made each store sale (the device that pushed it).
CREATE TABLE register_sales (
    sale_id        TEXT PRIMARY KEY,
    store_id       TEXT NOT NULL,
    register_id    TEXT NOT NULL,
    completed_at   TEXT NOT NULL
) STRICT;
CREATE INDEX register_sales_by_store ON register_sales(store_id, completed_at);

CREATE TABLE register_sale_tenders (
    sale_id        TEXT NOT NULL REFERENCES register_sales(sale_id),
    tender_no      INTEGER NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('cash','card','store_credit','loyalty')),
    amount_minor   INTEGER NOT NULL,
    PRIMARY KEY (sale_id, tender_no)
) STRICT, WITHOUT ROWID;
