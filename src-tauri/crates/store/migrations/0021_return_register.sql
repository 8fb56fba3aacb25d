-- Cash refunds reach the drawer: a return names the register (device id)
-- that took it and paid any cash refund from its drawer. The column
-- travels in the return's record (`register_id`), so the hub's replica of
-- a return taken here keeps it when it replaces the local row. A drawer
-- session's expected cash subtracts the cash parts of this register's
-- returns made while it was open, read by (register_id, returned_at).
ALTER TABLE order_returns ADD COLUMN register_id TEXT;
-- Returns taken here before this column: this device's.
UPDATE order_returns SET register_id = (SELECT device_id FROM device WHERE singleton = 1) WHERE origin = 'local';
CREATE INDEX order_returns_by_register ON order_returns(register_id, returned_at);
