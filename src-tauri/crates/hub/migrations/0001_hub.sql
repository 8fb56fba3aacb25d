-- The hub's database: the retailer's data (the source every device replica
-- copies), the devices, the events applied, and the change feed.

-- Settings the hub keeps about itself (e.g. what it was seeded with).
CREATE TABLE hub_meta (
    key          TEXT PRIMARY KEY,
    value        TEXT NOT NULL
) STRICT;

-- Counters for human-readable numbers (order numbers).
CREATE TABLE sequences (
    name         TEXT PRIMARY KEY,
    next         INTEGER NOT NULL
) STRICT;

CREATE TABLE retailer (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    currency     TEXT NOT NULL
) STRICT;

CREATE TABLE stores (
    id           TEXT PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    city         TEXT NOT NULL,
    currency     TEXT NOT NULL,
    timezone     TEXT NOT NULL
) STRICT;

-- list_price is the web shop's price; it is not part of the replica.
CREATE TABLE products (
    id           TEXT PRIMARY KEY,
    sku          TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    brand        TEXT NOT NULL,
    category     TEXT NOT NULL,
    active       INTEGER NOT NULL,
    list_price_minor INTEGER NOT NULL,
    currency     TEXT NOT NULL
) STRICT;

CREATE TABLE barcodes (
    gtin14       TEXT PRIMARY KEY,
    product_id   TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX barcodes_by_product ON barcodes(product_id, gtin14);

CREATE TABLE prices (
    product_id   TEXT NOT NULL,
    store_id     TEXT NOT NULL,
    amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
    currency     TEXT NOT NULL,
    PRIMARY KEY (product_id, store_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX prices_by_store ON prices(store_id, product_id);

CREATE TABLE promotions (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    rule_json    TEXT NOT NULL,
    store_id     TEXT,
    starts_at    TEXT NOT NULL,
    ends_at      TEXT NOT NULL
) STRICT;

-- The stock ledger: 'count' is absolute, every other kind a signed delta.
-- On-hand = the last count + the deltas that occurred after it.
CREATE TABLE stock_movements (
    id           TEXT PRIMARY KEY,
    store_id     TEXT NOT NULL,
    product_id   TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('count','receipt','sale','return','reservation','release','adjustment','transfer')),
    quantity     INTEGER NOT NULL,
    occurred_at  TEXT NOT NULL,
    source_id    TEXT
) STRICT;
CREATE INDEX stock_by_product ON stock_movements(store_id, product_id, occurred_at);
CREATE INDEX stock_by_store ON stock_movements(store_id, id);

CREATE TABLE customers (
    id            TEXT PRIMARY KEY,
    first_name    TEXT NOT NULL,
    last_name     TEXT NOT NULL,
    email         TEXT,
    phone         TEXT,
    phone_digits  TEXT,
    created_at    TEXT NOT NULL,
    consent_email INTEGER NOT NULL,
    consent_sms   INTEGER NOT NULL,
    sizes_json    TEXT NOT NULL,
    preferences_json TEXT NOT NULL
) STRICT;

CREATE TABLE loyalty_accounts (
    id           TEXT PRIMARY KEY,
    customer_id  TEXT NOT NULL,
    number       TEXT NOT NULL UNIQUE,
    tier         TEXT NOT NULL,
    points       INTEGER NOT NULL
) STRICT;
CREATE INDEX loyalty_by_customer ON loyalty_accounts(customer_id);

CREATE TABLE online_carts (
    id           TEXT PRIMARY KEY,
    customer_id  TEXT NOT NULL,
    channel      TEXT NOT NULL CHECK (channel IN ('web','app')),
    status       TEXT NOT NULL CHECK (status IN ('active','converted','abandoned')),
    updated_at   TEXT NOT NULL
) STRICT;
CREATE INDEX online_carts_by_customer ON online_carts(customer_id);

CREATE TABLE online_cart_lines (
    cart_id      TEXT NOT NULL,
    line_no      INTEGER NOT NULL,
    product_id   TEXT NOT NULL,
    quantity     INTEGER NOT NULL CHECK (quantity > 0),
    unit_price_minor INTEGER NOT NULL,
    PRIMARY KEY (cart_id, line_no)
) STRICT, WITHOUT ROWID;

CREATE TABLE orders (
    id           TEXT PRIMARY KEY,
    number       TEXT NOT NULL UNIQUE,
    customer_id  TEXT,
    channel      TEXT NOT NULL CHECK (channel IN ('web','app','store')),
    store_id     TEXT,
    fulfilment   TEXT NOT NULL CHECK (fulfilment IN ('carry_out','ship','pickup')),
    status       TEXT NOT NULL,
    placed_at    TEXT NOT NULL,
    total_minor  INTEGER NOT NULL,
    currency     TEXT NOT NULL
) STRICT;
CREATE INDEX orders_by_customer ON orders(customer_id, placed_at);

CREATE TABLE order_lines (
    order_id     TEXT NOT NULL,
    line_no      INTEGER NOT NULL,
    product_id   TEXT NOT NULL,
    quantity     INTEGER NOT NULL CHECK (quantity > 0),
    unit_price_minor INTEGER NOT NULL,
    line_total_minor INTEGER NOT NULL,
    PRIMARY KEY (order_id, line_no)
) STRICT, WITHOUT ROWID;

CREATE TABLE pickups (
    id           TEXT PRIMARY KEY,
    order_id     TEXT NOT NULL UNIQUE,
    store_id     TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('new','picking','ready','picked_up','cancelled','expired')),
    ready_at     TEXT,
    expires_at   TEXT
) STRICT;
CREATE INDEX pickups_by_store ON pickups(store_id, id);

-- Enrolled devices. Only the SHA-256 of a token is kept.
CREATE TABLE devices (
    id           TEXT PRIMARY KEY,
    store_id     TEXT NOT NULL,
    name         TEXT NOT NULL,
    token_sha256 TEXT NOT NULL UNIQUE,
    enrolled_at  TEXT NOT NULL,
    revoked_at   TEXT
) STRICT;

-- Every event applied, by its id: the idempotency record. Its conflicts are
-- kept so a replayed event gets the same answer.
CREATE TABLE applied_events (
    event_id     TEXT PRIMARY KEY,
    device_id    TEXT NOT NULL,
    kind         TEXT NOT NULL,
    occurred_at  TEXT NOT NULL,
    applied_at   TEXT NOT NULL,
    conflicts_json TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- The change feed. scope is '*' for rows every store replicates, or a
-- store id; customer_id names the customer whose data the change carries,
-- so erasing a customer also erases their past changes. op_json is a
-- protocol ChangeOp.
CREATE TABLE changes (
    position     INTEGER PRIMARY KEY AUTOINCREMENT,
    scope        TEXT NOT NULL,
    customer_id  TEXT,
    op_json      TEXT NOT NULL
) STRICT;
CREATE INDEX changes_by_scope ON changes(scope, position);
CREATE INDEX changes_by_customer ON changes(customer_id) WHERE customer_id IS NOT NULL;
