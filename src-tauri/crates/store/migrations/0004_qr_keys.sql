-- The public keys the hub signs Shopfloor QR payloads with, replicated from
-- the hub (`qr_key` records): the register verifies scanned payloads
-- offline against every key of its retailer that is not retired.
CREATE TABLE qr_keys (
    key_id       INTEGER PRIMARY KEY,
    retailer_id  TEXT NOT NULL,
    public_key   BLOB NOT NULL,
    retired      INTEGER NOT NULL CHECK (retired IN (0, 1))
) STRICT;
