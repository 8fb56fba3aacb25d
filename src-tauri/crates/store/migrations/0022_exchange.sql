-- Issue 8: exchanges. A sale may be paid in part with the value of items
-- returned in the same transaction (tender kind 'exchange', its reference
-- the return); SQLite cannot widen a CHECK, so `tenders` is rebuilt.
-- `draft_exchange` holds the return an exchange in progress will record
-- with the new sale (working state, like the draft cart; one at a time).
CREATE TABLE tenders_new (
    id           TEXT PRIMARY KEY,
    sale_id      TEXT NOT NULL REFERENCES sales(id),
    kind         TEXT NOT NULL CHECK (kind IN ('cash','card','store_credit','loyalty','exchange')),
    amount_minor INTEGER NOT NULL,
    reference    TEXT,
    last4        TEXT,
    auth_code    TEXT
) STRICT;
INSERT INTO tenders_new(id, sale_id, kind, amount_minor, reference, last4, auth_code)
    SELECT id, sale_id, kind, amount_minor, reference, last4, auth_code FROM tenders;
DROP TABLE tenders;
ALTER TABLE tenders_new RENAME TO tenders;

CREATE TABLE draft_exchange (
    singleton     INTEGER PRIMARY KEY CHECK (singleton = 1),
    exchange_json TEXT NOT NULL
) STRICT;
