-- Issue 5: carts an associate handed to a customer's phone, and the
-- associates credited when such a cart is checked out online.

-- A web cart made from a store cart by a `cart_handed_off` event.
CREATE TABLE cart_handoffs (
    cart_id       TEXT PRIMARY KEY,
    associate_id  TEXT NOT NULL,
    device_id     TEXT NOT NULL,
    store_id      TEXT NOT NULL,
    handed_off_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- An online order checked out from a handed-off cart: the associate's credit.
-- It names no customer, so an erasure leaves the associate's record.
CREATE TABLE associate_credits (
    order_id      TEXT PRIMARY KEY,
    cart_id       TEXT NOT NULL,
    associate_id  TEXT NOT NULL,
    store_id      TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX associate_credits_by_associate ON associate_credits(associate_id);
