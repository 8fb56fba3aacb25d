-- Devices sign the codes they print (receipts, loyalty cards of customers
-- enrolled in store) with a key of their own: the device makes it and sends
-- only its public half at enrolment; the hub publishes it like its own keys
-- and retires it when the device is revoked. A device key has a device_id
-- and no secret here; a hub key has a secret and no device_id.
CREATE TABLE qr_keys_new (
    key_id       INTEGER PRIMARY KEY CHECK (key_id BETWEEN 1 AND 65535),
    public_key   BLOB NOT NULL CHECK (length(public_key) = 32),
    secret_key   BLOB CHECK (secret_key IS NULL OR length(secret_key) = 32),
    device_id    TEXT,
    created_at   TEXT NOT NULL,
    retired_at   TEXT,
    CHECK ((device_id IS NULL) = (secret_key IS NOT NULL))
) STRICT;
INSERT INTO qr_keys_new(key_id, public_key, secret_key, created_at, retired_at)
    SELECT key_id, public_key, secret_key, created_at, retired_at FROM qr_keys;
DROP TABLE qr_keys;
ALTER TABLE qr_keys_new RENAME TO qr_keys;
CREATE INDEX qr_keys_by_device ON qr_keys(device_id) WHERE device_id IS NOT NULL;
