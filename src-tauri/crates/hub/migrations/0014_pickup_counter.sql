-- Issue 7: the pickup counter. A store's pickup policy (hold window,
-- reminder) rides on the store record; a pickup keeps its lines as picked
-- and handed over, when the customer was notified and reminded, when it was
-- handed over, and when the hold-window sweep reminds it (`remind_at`).
-- Refunds the hub owes customers (from pushed events `{event_id}/r{n}`, or
-- its own: expiry, cancel) and the conflicts it raised for a store (each
-- also a `store_conflict` record in that store's feed scope).
ALTER TABLE stores ADD COLUMN pickup_policy_json TEXT NOT NULL DEFAULT '{}';

ALTER TABLE pickups ADD COLUMN lines_json TEXT NOT NULL DEFAULT '[]';
ALTER TABLE pickups ADD COLUMN notified_at TEXT;
ALTER TABLE pickups ADD COLUMN reminded_at TEXT;
ALTER TABLE pickups ADD COLUMN remind_at TEXT;
ALTER TABLE pickups ADD COLUMN handed_over_at TEXT;
CREATE INDEX pickups_ready_by_expiry ON pickups(expires_at) WHERE status = 'ready';

CREATE TABLE refunds (
    id           TEXT PRIMARY KEY,
    order_id     TEXT,
    store_id     TEXT,
    method       TEXT NOT NULL CHECK (method IN ('original_payment','cash','card','store_credit')),
    reason       TEXT NOT NULL,
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    currency     TEXT NOT NULL,
    reference    TEXT,
    created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX refunds_by_order ON refunds(order_id, created_at) WHERE order_id IS NOT NULL;

CREATE TABLE store_conflicts (
    id             TEXT PRIMARY KEY,
    store_id       TEXT NOT NULL,
    event_id       TEXT NOT NULL,
    raised_at      TEXT NOT NULL,
    conflict_json  TEXT NOT NULL
) STRICT;
CREATE INDEX store_conflicts_by_store ON store_conflicts(store_id, raised_at);
