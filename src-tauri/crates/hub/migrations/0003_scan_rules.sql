-- Issue 4: the retailer's scanning rules, and pickup codes.
-- The retailer's scanning rules (variable-measure label layouts and SKU
-- prefixes) as the JSON of `shopfloor_protocol::ScanRules`; `{}` means the
-- defaults. Sent to devices with the retailer record.
ALTER TABLE retailer ADD COLUMN scan_rules TEXT NOT NULL DEFAULT '{}';

-- A pickup's verification code (what the customer reads out if the QR
-- will not scan), made the first time its pickup QR is issued.
ALTER TABLE pickups ADD COLUMN code TEXT;
