-- Issue 4: the retailer's scanning rules, and cart lines sold by a
-- variable-measure label (price or weight printed in the barcode).

-- The JSON of the hub's `ScanRules` (`{}`: the defaults), from the retailer record.
ALTER TABLE retailer ADD COLUMN scan_rules_json TEXT NOT NULL DEFAULT '{}';

-- A line from a price label carries the price to pay; one from a weight
-- label the weight (the product's store price is then per kilogram). Such a
-- line is one label: its quantity stays 1.
ALTER TABLE draft_cart_lines ADD COLUMN label_price_minor INTEGER;
ALTER TABLE draft_cart_lines ADD COLUMN label_grams INTEGER CHECK (label_grams > 0);
