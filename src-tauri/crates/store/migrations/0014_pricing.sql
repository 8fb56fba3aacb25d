-- Issue 6: what the register prices with, from the hub's records.

-- The store's tax policy as the JSON of the hub's `TaxPolicy` (`{}`:
-- prices include tax at 0 %), from the store record.
ALTER TABLE stores ADD COLUMN tax_policy_json TEXT NOT NULL DEFAULT '{}';

-- The retailer's loyalty programme as the JSON of the hub's
-- `LoyaltyProgramme` (`{}`: earns and redeems nothing), from the retailer
-- record.
ALTER TABLE retailer ADD COLUMN loyalty_json TEXT NOT NULL DEFAULT '{}';
