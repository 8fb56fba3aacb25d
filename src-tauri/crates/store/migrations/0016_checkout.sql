-- Issue 6: the checkout. The cart being built keeps its manual discounts,
-- approved price overrides and the tenders taken so far (working state, as
-- the cart is); a sale records who took it, its discounts, tax and change,
-- its card tenders' last four digits and auth code (never a card number),
-- and the loyalty points it moved, counted on top of the hub's balance
-- until the hub has the sale.
ALTER TABLE draft_cart_lines ADD COLUMN price_override_minor INTEGER;
ALTER TABLE draft_cart_lines ADD COLUMN discount_json TEXT;

CREATE TABLE draft_checkout (
    singleton           INTEGER PRIMARY KEY CHECK (singleton = 1),
    order_discount_json TEXT
) STRICT;

CREATE TABLE draft_tenders (
    id           TEXT PRIMARY KEY,
    position     INTEGER NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('cash','card','store_credit','loyalty')),
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    reference    TEXT,
    last4        TEXT,
    auth_code    TEXT,
    points       INTEGER
) STRICT;

ALTER TABLE sales ADD COLUMN staff_id TEXT;
ALTER TABLE sales ADD COLUMN discount_minor INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sales ADD COLUMN tax_minor INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sales ADD COLUMN change_minor INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sales ADD COLUMN event_id TEXT;
ALTER TABLE sales ADD COLUMN prices_include_tax INTEGER NOT NULL DEFAULT 1;
ALTER TABLE sale_lines ADD COLUMN discount_minor INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sale_lines ADD COLUMN tax_minor INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tenders ADD COLUMN last4 TEXT;
ALTER TABLE tenders ADD COLUMN auth_code TEXT;

CREATE TABLE loyalty_movements (
    sale_id      TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL,
    earned       INTEGER NOT NULL CHECK (earned >= 0),
    redeemed     INTEGER NOT NULL CHECK (redeemed >= 0),
    event_id     TEXT NOT NULL
) STRICT;
CREATE INDEX loyalty_movements_by_account ON loyalty_movements(account_id);
