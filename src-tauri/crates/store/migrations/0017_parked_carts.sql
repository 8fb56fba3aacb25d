-- Issue 6: parked carts. A cashier parks the cart being built (a customer
-- forgot their wallet), serves the next customer, and resumes it later,
-- here or at another register of the store.
--
-- Rows: this device's own parked carts (origin 'local', carried to the hub
-- by their cart_parked outbox event park_event_id) and the store's parked
-- carts the hub sent (origin 'hub'). The hub's copy of an own cart has the
-- same id and takes its place, keeping what happened here (the resume).
-- A resume here sets resumed_at with its parked_cart_resumed outbox event
-- (resume_event_id); a resume at another register arrives as the hub's
-- delete of the row.
CREATE TABLE parked_carts (
    id              TEXT PRIMARY KEY,
    store_id        TEXT NOT NULL,
    -- A short text to find it by, often the customer's name.
    label           TEXT,
    customer_id     TEXT,
    online_cart_id  TEXT,
    parked_by       TEXT NOT NULL,
    parked_at       TEXT NOT NULL,
    -- The register it was parked at, and its name (the hub's; NULL until
    -- the hub's copy of an own cart arrives).
    device_id       TEXT NOT NULL,
    device_name     TEXT,
    origin          TEXT NOT NULL CHECK (origin IN ('hub','local')),
    park_event_id   TEXT UNIQUE,
    resumed_at      TEXT,
    resumed_by      TEXT,
    resume_event_id TEXT UNIQUE,
    CHECK ((resumed_at IS NULL) = (resume_event_id IS NULL))
) STRICT;
CREATE INDEX parked_carts_open ON parked_carts(store_id, parked_at) WHERE resumed_at IS NULL;
CREATE INDEX parked_carts_by_customer ON parked_carts(customer_id) WHERE customer_id IS NOT NULL;

-- What was scanned, not what it cost: prices are read again at resume. No
-- foreign key to products: a product the catalogue dropped is left out at
-- resume, with a note.
CREATE TABLE parked_cart_lines (
    parked_cart_id    TEXT NOT NULL REFERENCES parked_carts(id) ON DELETE CASCADE,
    line_no           INTEGER NOT NULL,
    product_id        TEXT NOT NULL,
    gtin14            TEXT,
    quantity          INTEGER NOT NULL CHECK (quantity > 0),
    label_price_minor INTEGER CHECK (label_price_minor >= 0),
    label_grams       INTEGER CHECK (label_grams > 0),
    PRIMARY KEY (parked_cart_id, line_no)
) STRICT, WITHOUT ROWID;
