-- Issue 5: what customers keep on their web shop wishlist; every store's
-- associates see it on the profile.
CREATE TABLE wishlist_items (
    customer_id  TEXT NOT NULL,
    product_id   TEXT NOT NULL,
    added_at     TEXT NOT NULL,
    PRIMARY KEY (customer_id, product_id)
) STRICT, WITHOUT ROWID;
