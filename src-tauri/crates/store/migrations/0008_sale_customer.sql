-- Issue 5: a sale made for a customer, possibly from their online cart, and
-- the co-purchase reads behind recommendations.

-- Who the register's cart is for, and which online cart it was built from
-- (one row at most; gone when the sale completes or the cart is cleared).
CREATE TABLE draft_cart_context (
    singleton      INTEGER PRIMARY KEY CHECK (singleton = 1),
    customer_id    TEXT NOT NULL,
    online_cart_id TEXT
) STRICT;

-- The online cart a sale was made from: the hub marks it converted.
ALTER TABLE sales ADD COLUMN online_cart_id TEXT;

-- "Bought together": the orders that contain a product.
CREATE INDEX order_lines_by_product ON order_lines(product_id, order_id);

-- A customer's sales made here, for their history until the hub confirms.
CREATE INDEX sales_by_customer ON sales(customer_id) WHERE customer_id IS NOT NULL;
