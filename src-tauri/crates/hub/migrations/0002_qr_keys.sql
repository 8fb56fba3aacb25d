-- The keys the hub signs Shopfloor QR payloads with (Ed25519). The newest
-- key that is not retired signs; every key that is not retired verifies on
-- devices, which learn the public keys through the feed (`qr_key` records).
CREATE TABLE qr_keys (
    key_id       INTEGER PRIMARY KEY CHECK (key_id BETWEEN 1 AND 65535),
    public_key   BLOB NOT NULL CHECK (length(public_key) = 32),
    secret_key   BLOB NOT NULL CHECK (length(secret_key) = 32),
    created_at   TEXT NOT NULL,
    retired_at   TEXT
) STRICT;
