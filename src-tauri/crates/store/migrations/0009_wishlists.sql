-- Issue 5: customers' web shop wishlists, shown on the profile.
CREATE TABLE wishlist_items (
    customer_id  TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    product_id   TEXT NOT NULL,
    added_at     TEXT NOT NULL,
    PRIMARY KEY (customer_id, product_id)
) STRICT, WITHOUT ROWID;
