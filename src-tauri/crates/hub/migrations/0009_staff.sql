-- Issue 6: staff who sign in at a store's devices (the PIN only as its
-- Argon2id hash), and the audit log of managers' approvals at the counter.
CREATE TABLE staff (
    id           TEXT PRIMARY KEY,
    store_id     TEXT NOT NULL REFERENCES stores(id),
    name         TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('associate','cashier','pickup','manager')),
    pin_hash     TEXT NOT NULL,
    active       INTEGER NOT NULL CHECK (active IN (0, 1)),
    updated_at   TEXT NOT NULL
) STRICT;
CREATE INDEX staff_by_store ON staff(store_id, id);

CREATE TABLE approvals (
    id           TEXT PRIMARY KEY,
    event_id     TEXT NOT NULL UNIQUE,
    store_id     TEXT NOT NULL,
    device_id    TEXT NOT NULL,
    action       TEXT NOT NULL,
    asked_by     TEXT NOT NULL,
    approved_by  TEXT NOT NULL CHECK (approved_by <> asked_by),
    approved_at  TEXT NOT NULL,
    detail       TEXT NOT NULL
) STRICT;
CREATE INDEX approvals_by_store ON approvals(store_id, approved_at);
