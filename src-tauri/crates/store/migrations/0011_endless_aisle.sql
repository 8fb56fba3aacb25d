-- Issue 5: endless aisle. An order taken at the counter for delivery or for
-- pickup at another store is journalled here with its outbox event
-- (endless_aisle_ordered). The hub places it as a web order with the same
-- id; until that order arrives in the replica, this row is what shows it.
CREATE TABLE endless_aisle_orders (
    id              TEXT PRIMARY KEY,
    event_id        TEXT NOT NULL UNIQUE,
    store_id        TEXT NOT NULL,
    customer_id     TEXT NOT NULL,
    product_id      TEXT NOT NULL,
    quantity        INTEGER NOT NULL CHECK (quantity > 0),
    fulfilment      TEXT NOT NULL CHECK (fulfilment IN ('ship','pickup')),
    pickup_store_id TEXT,
    -- The delivery address typed at the counter (JSON); NULL for a pickup.
    ship_to_json    TEXT,
    ordered_at      TEXT NOT NULL,
    CHECK ((fulfilment = 'pickup') = (pickup_store_id IS NOT NULL)),
    CHECK ((fulfilment = 'ship') = (ship_to_json IS NOT NULL))
) STRICT;
CREATE INDEX endless_aisle_by_customer ON endless_aisle_orders(customer_id, ordered_at);
