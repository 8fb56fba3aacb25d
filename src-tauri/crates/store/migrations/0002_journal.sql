-- The journal: what happened on this device. Every journal row is written in
-- the same transaction as the outbox event that carries it to the hub.

-- Which store this device serves; one row.
CREATE TABLE device (
    singleton    INTEGER PRIMARY KEY CHECK (singleton = 1),
    device_id    TEXT NOT NULL,
    store_id     TEXT NOT NULL REFERENCES stores(id)
) STRICT;

CREATE TABLE sales (
    id           TEXT PRIMARY KEY,
    store_id     TEXT NOT NULL,
    customer_id  TEXT,
    completed_at TEXT NOT NULL,
    total_minor  INTEGER NOT NULL,
    currency     TEXT NOT NULL
) STRICT;

CREATE TABLE sale_lines (
    sale_id      TEXT NOT NULL REFERENCES sales(id),
    line_no      INTEGER NOT NULL,
    product_id   TEXT NOT NULL,
    gtin14       TEXT,
    name         TEXT NOT NULL,
    quantity     INTEGER NOT NULL,
    unit_price_minor INTEGER NOT NULL,
    line_total_minor INTEGER NOT NULL,
    PRIMARY KEY (sale_id, line_no)
) STRICT, WITHOUT ROWID;

-- Card tenders keep the terminal's reference only, never a card number.
CREATE TABLE tenders (
    id           TEXT PRIMARY KEY,
    sale_id      TEXT NOT NULL REFERENCES sales(id),
    kind         TEXT NOT NULL CHECK (kind IN ('cash','card','store_credit','loyalty')),
    amount_minor INTEGER NOT NULL,
    reference    TEXT
) STRICT;

CREATE TABLE returns (
    id           TEXT PRIMARY KEY,
    store_id     TEXT NOT NULL,
    order_id     TEXT,
    sale_id      TEXT,
    returned_at  TEXT NOT NULL,
    refund_minor INTEGER NOT NULL,
    currency     TEXT NOT NULL
) STRICT;

CREATE TABLE return_lines (
    return_id    TEXT NOT NULL REFERENCES returns(id),
    line_no      INTEGER NOT NULL,
    product_id   TEXT NOT NULL,
    quantity     INTEGER NOT NULL CHECK (quantity > 0),
    reason       TEXT NOT NULL,
    disposition  TEXT NOT NULL,
    PRIMARY KEY (return_id, line_no)
) STRICT, WITHOUT ROWID;

CREATE TABLE customer_notes (
    id           TEXT PRIMARY KEY,
    customer_id  TEXT NOT NULL,
    author       TEXT NOT NULL,
    body         TEXT NOT NULL,
    created_at   TEXT NOT NULL
) STRICT;

CREATE TABLE profile_edits (
    id           TEXT PRIMARY KEY,
    customer_id  TEXT NOT NULL,
    field        TEXT NOT NULL,
    value_json   TEXT NOT NULL,
    hlc          TEXT NOT NULL,
    edited_at    TEXT NOT NULL
) STRICT;

-- Events waiting for (or confirmed by) the hub, in the order they happened.
CREATE TABLE outbox (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id     TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL,
    payload_json TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','applied','duplicate','rejected')),
    answered_at  TEXT,
    answer       TEXT
) STRICT;
CREATE INDEX outbox_pending ON outbox(state, seq);

-- How far this device has read each change feed of the hub.
CREATE TABLE sync_cursors (
    scope        TEXT PRIMARY KEY,
    cursor       TEXT NOT NULL,
    updated_at   TEXT NOT NULL
) STRICT;

-- The register's cart being built: working state, kept so a crash or a
-- restart loses nothing; it becomes a sale (journal) when completed.
CREATE TABLE draft_cart_lines (
    id           TEXT PRIMARY KEY,
    position     INTEGER NOT NULL,
    product_id   TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    gtin14       TEXT,
    quantity     INTEGER NOT NULL CHECK (quantity > 0),
    added_at     TEXT NOT NULL
) STRICT;
