-- Issue 5: endless aisle. An order a store takes at the counter for delivery
-- or pickup elsewhere is a web order (orders, order_lines, pickups as the
-- web shop makes them); this table credits the store and device that took
-- it and keeps where to ship it. One row per order; erased with the
-- customer's orders.
CREATE TABLE endless_aisle_orders (
    order_id     TEXT PRIMARY KEY,
    event_id     TEXT NOT NULL UNIQUE,
    store_id     TEXT NOT NULL,
    device_id    TEXT NOT NULL,
    -- The delivery address (JSON of protocol ShipTo); NULL for a pickup.
    ship_to_json TEXT,
    ordered_at   TEXT NOT NULL
) STRICT;
CREATE INDEX endless_aisle_by_store ON endless_aisle_orders(store_id, ordered_at);
