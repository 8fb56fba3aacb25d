-- Issue 6: staff who sign in here (replica: from the hub, the PIN only as
-- its Argon2id hash), the sign-in attempts that drive the lockout (device
-- state: survives a restart, never sent), and the audit log of approvals
-- (journal: each row with its outbox event).
CREATE TABLE staff (
    id           TEXT PRIMARY KEY,
    store_id     TEXT NOT NULL,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL,
    pin_hash     TEXT NOT NULL,
    active       INTEGER NOT NULL
) STRICT;
CREATE INDEX staff_by_store ON staff(store_id, name);

CREATE TABLE sign_in_attempts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    staff_id     TEXT NOT NULL,
    at           TEXT NOT NULL,
    ok           INTEGER NOT NULL CHECK (ok IN (0, 1))
) STRICT;
CREATE INDEX sign_in_attempts_by_staff ON sign_in_attempts(staff_id, id);

CREATE TABLE approvals (
    id           TEXT PRIMARY KEY,
    action       TEXT NOT NULL,
    asked_by     TEXT NOT NULL,
    approved_by  TEXT NOT NULL CHECK (approved_by <> asked_by),
    approved_at  TEXT NOT NULL,
    detail       TEXT NOT NULL
) STRICT;
