-- Issue 6: carts parked at a register, kept for every register of the store
-- until one resumes them. A parked cart not resumed is a record of its
-- store's scope (snapshot section parked_carts, upserted in the feed); the
-- first resume the hub receives marks it resumed and sends a delete of it,
-- and a later resume is refused naming that register and time.
CREATE TABLE parked_carts (
    id                TEXT PRIMARY KEY,
    event_id          TEXT NOT NULL UNIQUE,
    store_id          TEXT NOT NULL,
    device_id         TEXT NOT NULL,
    -- The register's name when it parked the cart.
    device_name       TEXT NOT NULL,
    label             TEXT,
    customer_id       TEXT,
    online_cart_id    TEXT,
    parked_by         TEXT NOT NULL,
    parked_at         TEXT NOT NULL,
    resumed_at        TEXT,
    resumed_by        TEXT,
    resumed_device_id TEXT,
    resumed_device_name TEXT,
    resume_event_id   TEXT UNIQUE,
    CHECK ((resumed_at IS NULL) = (resume_event_id IS NULL))
) STRICT;
CREATE INDEX parked_carts_open ON parked_carts(store_id, id) WHERE resumed_at IS NULL;
CREATE INDEX parked_carts_by_customer ON parked_carts(customer_id) WHERE customer_id IS NOT NULL;

CREATE TABLE parked_cart_lines (
    parked_cart_id    TEXT NOT NULL REFERENCES parked_carts(id),
    line_no           INTEGER NOT NULL,
    product_id        TEXT NOT NULL,
    gtin14            TEXT,
    quantity          INTEGER NOT NULL CHECK (quantity > 0),
    label_price_minor INTEGER CHECK (label_price_minor >= 0),
    label_grams       INTEGER CHECK (label_grams > 0),
    PRIMARY KEY (parked_cart_id, line_no)
) STRICT, WITHOUT ROWID;
