-- Issue 8: the returns ledger on the device. `order_returns` holds every
-- return this device knows: its own (origin 'local', journalled with its
-- `return_recorded` outbox event `event_id`) and the hub's replica (origin
-- 'hub', the `order_return` record, from any store), which replaces the
-- local row of the same id. The returnable quantity of an order line is
-- bought minus the sum of its return lines here. The unused `returns` /
-- `return_lines` tables of 0002 are replaced.
DROP TABLE return_lines;
DROP TABLE returns;

CREATE TABLE order_returns (
    id            TEXT PRIMARY KEY,
    order_id      TEXT,
    store_id      TEXT NOT NULL,
    staff_id      TEXT NOT NULL,
    customer_id   TEXT,
    returned_at   TEXT NOT NULL,
    currency      TEXT NOT NULL,
    refund_minor  INTEGER NOT NULL,
    provisional   INTEGER NOT NULL CHECK (provisional IN (0, 1)),
    approval_id   TEXT,
    id_note       TEXT,
    exchange_sale_id TEXT,
    origin        TEXT NOT NULL CHECK (origin IN ('hub','local')),
    event_id      TEXT,
    record_json   TEXT NOT NULL,
    CHECK ((origin = 'local') = (event_id IS NOT NULL))
) STRICT;
CREATE INDEX order_returns_by_order ON order_returns(order_id);

CREATE TABLE order_return_lines (
    return_id     TEXT NOT NULL REFERENCES order_returns(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    order_line_no INTEGER,
    product_id    TEXT NOT NULL,
    quantity      INTEGER NOT NULL CHECK (quantity >= 0),
    reason        TEXT NOT NULL,
    disposition   TEXT NOT NULL,
    refund_minor  INTEGER NOT NULL,
    PRIMARY KEY (return_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE order_return_refunds (
    return_id     TEXT NOT NULL REFERENCES order_returns(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    method        TEXT NOT NULL,
    amount_minor  INTEGER NOT NULL,
    reference     TEXT,
    PRIMARY KEY (return_id, position)
) STRICT, WITHOUT ROWID;

-- Conflicts the hub raised for this store (the `store_conflict` record),
-- shown in the conflicts inbox unless the device's own push answer already
-- reported the same (event_id, kind).
CREATE TABLE store_conflicts (
    id            TEXT PRIMARY KEY,
    store_id      TEXT NOT NULL,
    event_id      TEXT NOT NULL,
    kind          TEXT NOT NULL,
    message       TEXT NOT NULL,
    detail_json   TEXT NOT NULL,
    raised_at     TEXT NOT NULL
) STRICT;

-- The retailer's return policy (the JSON of the hub's `ReturnPolicy`),
-- applied offline; NULL until the hub sends one (the default policy).
ALTER TABLE retailer ADD COLUMN return_policy_json TEXT;
