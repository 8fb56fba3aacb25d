-- The device's own QR signing key (Ed25519): it signs the codes the device
-- prints (receipts, a customer's loyalty card). Only its public half went to
-- the hub at enrolment, which published it under `qr_key_id`. The secret is
-- dropped when the device is revoked.
ALTER TABLE hub_link ADD COLUMN qr_key_id INTEGER CHECK (qr_key_id BETWEEN 1 AND 65535);
ALTER TABLE hub_link ADD COLUMN qr_secret BLOB CHECK (qr_secret IS NULL OR length(qr_secret) = 32);
