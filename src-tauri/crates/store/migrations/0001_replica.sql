-- The replica: what the hub says. Written only by sync (and the seeding of a
-- demo device), never by a person's action at the counter.

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

CREATE TABLE products (
    id           TEXT PRIMARY KEY,
    sku          TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    brand        TEXT NOT NULL,
    category     TEXT NOT NULL,
    active       INTEGER NOT NULL DEFAULT 1,
    -- name, brand and category folded for search (see domain::search_text)
    search_text  TEXT NOT NULL
) STRICT;

-- Every barcode of a product, keyed by its GTIN-14 form.
CREATE TABLE barcodes (
    gtin14       TEXT PRIMARY KEY,
    product_id   TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE
) STRICT;
CREATE INDEX barcodes_product ON barcodes(product_id);

-- Product names searchable as you type (diacritics folded).
CREATE VIRTUAL TABLE products_fts USING fts5(
    search_text,
    content = 'products', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
CREATE TRIGGER products_fts_insert AFTER INSERT ON products BEGIN
    INSERT INTO products_fts(rowid, search_text) VALUES (new.rowid, new.search_text);
END;
CREATE TRIGGER products_fts_delete AFTER DELETE ON products BEGIN
    INSERT INTO products_fts(products_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
END;
CREATE TRIGGER products_fts_update AFTER UPDATE ON products BEGIN
    INSERT INTO products_fts(products_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
    INSERT INTO products_fts(rowid, search_text) VALUES (new.rowid, new.search_text);
END;

-- The selling price of a product at a store, in minor units.
CREATE TABLE prices (
    product_id   TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    store_id     TEXT NOT NULL REFERENCES stores(id),
    amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
    currency     TEXT NOT NULL,
    PRIMARY KEY (product_id, store_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE promotions (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    rule_json    TEXT NOT NULL,
    store_id     TEXT REFERENCES stores(id),
    starts_at    TEXT NOT NULL,
    ends_at      TEXT NOT NULL
) STRICT;

-- Stock is a ledger. kind 'count' records an absolute quantity; every other
-- kind is a signed delta. On-hand = the last count + the deltas after it.
-- origin 'hub' rows come from the replica; 'local' rows are this device's own
-- not-yet-confirmed movements (the overlay).
CREATE TABLE stock_movements (
    id           TEXT PRIMARY KEY,
    store_id     TEXT NOT NULL REFERENCES stores(id),
    product_id   TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('count','receipt','sale','return','reservation','release','adjustment','transfer')),
    quantity     INTEGER NOT NULL,
    occurred_at  TEXT NOT NULL,
    origin       TEXT NOT NULL CHECK (origin IN ('hub','local')),
    source_id    TEXT
) STRICT;
CREATE INDEX stock_movements_by_product ON stock_movements(store_id, product_id, occurred_at);

CREATE TABLE customers (
    id            TEXT PRIMARY KEY,
    first_name    TEXT NOT NULL,
    last_name     TEXT NOT NULL,
    email         TEXT,
    phone         TEXT,
    phone_digits  TEXT,
    created_at    TEXT NOT NULL,
    consent_email INTEGER NOT NULL DEFAULT 0,
    consent_sms   INTEGER NOT NULL DEFAULT 0,
    sizes_json    TEXT NOT NULL DEFAULT '{}',
    preferences_json TEXT NOT NULL DEFAULT '{}',
    -- full name and email folded for search; phone_digits is searched as is
    search_text   TEXT NOT NULL
) STRICT;

CREATE VIRTUAL TABLE customers_fts USING fts5(
    search_text, phone_digits,
    content = 'customers', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3 4'
);
CREATE TRIGGER customers_fts_insert AFTER INSERT ON customers BEGIN
    INSERT INTO customers_fts(rowid, search_text, phone_digits) VALUES (new.rowid, new.search_text, new.phone_digits);
END;
CREATE TRIGGER customers_fts_delete AFTER DELETE ON customers BEGIN
    INSERT INTO customers_fts(customers_fts, rowid, search_text, phone_digits) VALUES ('delete', old.rowid, old.search_text, old.phone_digits);
END;
CREATE TRIGGER customers_fts_update AFTER UPDATE ON customers BEGIN
    INSERT INTO customers_fts(customers_fts, rowid, search_text, phone_digits) VALUES ('delete', old.rowid, old.search_text, old.phone_digits);
    INSERT INTO customers_fts(rowid, search_text, phone_digits) VALUES (new.rowid, new.search_text, new.phone_digits);
END;

CREATE TABLE loyalty_accounts (
    id           TEXT PRIMARY KEY,
    customer_id  TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    number       TEXT NOT NULL UNIQUE,
    tier         TEXT NOT NULL,
    points       INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX loyalty_by_customer ON loyalty_accounts(customer_id);

-- Carts of the online channels (web, app) as the hub last saw them.
CREATE TABLE online_carts (
    id           TEXT PRIMARY KEY,
    customer_id  TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    channel      TEXT NOT NULL CHECK (channel IN ('web','app')),
    status       TEXT NOT NULL CHECK (status IN ('active','converted','abandoned')),
    updated_at   TEXT NOT NULL
) STRICT;
CREATE INDEX online_carts_by_customer ON online_carts(customer_id);

CREATE TABLE online_cart_lines (
    cart_id      TEXT NOT NULL REFERENCES online_carts(id) ON DELETE CASCADE,
    line_no      INTEGER NOT NULL,
    product_id   TEXT NOT NULL,
    quantity     INTEGER NOT NULL CHECK (quantity > 0),
    unit_price_minor INTEGER NOT NULL,
    PRIMARY KEY (cart_id, line_no)
) STRICT, WITHOUT ROWID;

-- Orders from every channel: web, app and each store.
CREATE TABLE orders (
    id           TEXT PRIMARY KEY,
    number       TEXT NOT NULL UNIQUE,
    customer_id  TEXT REFERENCES customers(id) ON DELETE CASCADE,
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
    order_id     TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    line_no      INTEGER NOT NULL,
    product_id   TEXT NOT NULL,
    quantity     INTEGER NOT NULL CHECK (quantity > 0),
    unit_price_minor INTEGER NOT NULL,
    line_total_minor INTEGER NOT NULL,
    PRIMARY KEY (order_id, line_no)
) STRICT, WITHOUT ROWID;

-- Orders to be picked up at a store (BOPIS).
CREATE TABLE pickups (
    id           TEXT PRIMARY KEY,
    order_id     TEXT NOT NULL UNIQUE REFERENCES orders(id) ON DELETE CASCADE,
    store_id     TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('new','picking','ready','picked_up','cancelled','expired')),
    ready_at     TEXT,
    expires_at   TEXT
) STRICT;
CREATE INDEX pickups_by_store ON pickups(store_id, status);
