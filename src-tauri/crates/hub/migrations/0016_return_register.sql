-- Cash refunds reach the Z report: a return names the register (the
-- device that pushed it, which paid any cash refund from its drawer). The
-- hub sets it from the pushing device, and it rides in `record_json` to
-- every replica. A register's Z report reads the cash parts of its
-- returns by (register_id, returned_at).
ALTER TABLE order_returns ADD COLUMN register_id TEXT;
CREATE INDEX order_returns_by_register ON order_returns(register_id, returned_at) WHERE register_id IS NOT NULL;
