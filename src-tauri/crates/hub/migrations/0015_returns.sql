-- Issue 8: the returns ledger, across channels and stores. One row per
-- return (the whole `OrderReturn` record as JSON, as pushed) and one per
-- return line, so an order line's returned total is one indexed sum. The
-- retailer's return policy rides on the retailer record.
ALTER TABLE retailer ADD COLUMN returns_json TEXT NOT NULL DEFAULT '{}';

CREATE TABLE order_returns (
    id           TEXT PRIMARY KEY,
    order_id     TEXT,
    store_id     TEXT NOT NULL,
    customer_id  TEXT,
    returned_at  TEXT NOT NULL,
    record_json  TEXT NOT NULL
) STRICT;
CREATE INDEX order_returns_by_order ON order_returns(order_id) WHERE order_id IS NOT NULL;
CREATE INDEX order_returns_by_store ON order_returns(store_id, id);

CREATE TABLE order_return_lines (
    return_id      TEXT NOT NULL REFERENCES order_returns(id),
    position       INTEGER NOT NULL,
    order_id       TEXT,
    order_line_no  INTEGER,
    product_id     TEXT NOT NULL,
    quantity       INTEGER NOT NULL,
    PRIMARY KEY (return_id, position)
) STRICT;
CREATE INDEX order_return_lines_by_line ON order_return_lines(order_id, order_line_no) WHERE order_id IS NOT NULL;
